"""Shared fixtures: an isolated Kyso home, one SoftHSM2 store per test session, a test PKI.

A PKCS#11 library is initialized once per process, so the whole test session shares one
SoftHSM2 store (activated before the module is first loaded). Tests create their own tokens
in it with unique labels and delete them afterwards. Tests that need SoftHSM2 fail (never
skip) when it is missing.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kyso.core.demo.token import DemoCertificates, demo_certificates, put_on_token
from kyso.core.tokens.modules import ModuleRegistry, Pkcs11Module
from kyso.core.tokens.softhsm import SoftHSMStore, find_softhsm_module, find_softhsm_util
from tests.support.memory_keyring import memory_keyring  # noqa: F401 - shared fixture
from tests.support.trust_fixtures import trust_world, world  # noqa: F401 - shared fixtures

REPO = Path(__file__).resolve().parents[1]
USER_PIN = "123456"
SO_PIN = "12345678"


@pytest.fixture(scope="session", autouse=True)
def _collect_cycles_on_the_main_thread():
    """As the app does (kyso.ui.gc_thread): no automatic cycle collection, which would run in
    whatever thread allocates — a bridge or signing worker — and finalise Qt or PDFium objects
    there (a segmentation fault seen in CI). Cycles are collected after each test instead."""
    import gc

    gc.disable()
    yield
    gc.enable()


_tests_run = itertools.count(1)


@pytest.fixture(autouse=True)
def _collect_after_each_test():
    """The young generations after every test (cheap), everything every 100 tests."""
    import gc

    yield
    gc.collect(2 if next(_tests_run) % 100 == 0 else 1)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own per-user folders and a machine file that turns off the
    built-in module table (so a developer's real tokens never leak into a test)."""
    home = tmp_path_factory.mktemp("kyso-home")
    machine = home / "machine.toml"
    machine.write_text("[settings]\nuse_builtin_modules = false\n", encoding="utf-8")
    monkeypatch.setenv("KYSO_HOME", str(home))
    monkeypatch.setenv("KYSO_MACHINE_CONFIG", str(machine))
    monkeypatch.delenv("KYSO_PKCS11_MODULES", raising=False)
    return home


@pytest.fixture(scope="session")
def softhsm_store(tmp_path_factory: pytest.TempPathFactory) -> SoftHSMStore:
    if not find_softhsm_module() or not find_softhsm_util():
        pytest.fail(
            "SoftHSM2 is required for the PKCS#11 tests: apt-get install softhsm2 "
            "(./test.sh installs it)."
        )
    store = SoftHSMStore(tmp_path_factory.mktemp("softhsm")).ensure()
    store.activate()
    return store


@pytest.fixture(scope="session")
def softhsm_module(softhsm_store: SoftHSMStore) -> Pkcs11Module:
    path = find_softhsm_module()
    assert path
    module = ModuleRegistry.instance().load([path])[0]
    assert module.loaded, module.error
    return module


@pytest.fixture(scope="session")
def test_pki() -> DemoCertificates:
    """The demo certificate set, marked TEST."""
    return demo_certificates(marker="TEST")


_labels = itertools.count(1)


@dataclass
class MadeToken:
    label: str
    serial: str
    pin: str = USER_PIN


class TokenFactory:
    """Creates SoftHSM2 tokens for one test and deletes them afterwards."""

    def __init__(self, store: SoftHSMStore, staging: SoftHSMStore) -> None:
        self.store = store
        self.staging = staging
        self.made: list[MadeToken] = []

    def label(self, stem: str = "T") -> str:
        return f"{stem}-{next(_labels)}-{uuid.uuid4().hex[:6]}"

    def demo(self, certs: DemoCertificates, stem: str = "PKI") -> MadeToken:
        label = self.label(stem)
        serial = put_on_token(self.staging, label, certs, user_pin=USER_PIN, so_pin=SO_PIN)
        return self._plug_in(label, serial)

    def _plug_in(self, label: str, serial: str) -> MadeToken:
        """Tokens are built in a staging store and appear in the watched one in one rename."""
        self.staging.move_token_to(serial, self.store)
        tok = MadeToken(label, serial)
        self.made.append(tok)
        return tok

    def empty(self, stem: str = "EMPTY") -> MadeToken:
        label = self.label(stem)
        self.staging.init_token(label, so_pin=SO_PIN, user_pin=USER_PIN)
        serial = self.staging.provision(label, user_pin=USER_PIN)
        return self._plug_in(label, serial)

    def custom(self, stem: str = "C", **objects: object) -> MadeToken:
        label = self.label(stem)
        self.staging.init_token(label, so_pin=SO_PIN, user_pin=USER_PIN)
        serial = self.staging.provision(label, user_pin=USER_PIN, **objects)  # type: ignore[arg-type]
        return self._plug_in(label, serial)

    def delete(self, tok: MadeToken) -> None:
        self.store.delete_token(tok.label)
        self.made = [t for t in self.made if t.label != tok.label]

    def cleanup(self) -> None:
        for tok in list(self.made):
            try:
                self.delete(tok)
            except subprocess.CalledProcessError:
                pass


@pytest.fixture
def tokens(
    softhsm_store: SoftHSMStore, softhsm_module: Pkcs11Module, tmp_path: Path
) -> Iterator[TokenFactory]:
    factory = TokenFactory(softhsm_store, SoftHSMStore(tmp_path / "staging").ensure())
    yield factory
    factory.cleanup()


def kyso_cli_env(store: SoftHSMStore, home: Path) -> dict[str, str]:
    """Environment for running ``kyso`` in a child process against the test SoftHSM2 store."""
    env = store.env()
    module = find_softhsm_module()
    assert module
    env["KYSO_PKCS11_MODULES"] = module
    env["KYSO_HOME"] = str(home)
    env["KYSO_MACHINE_CONFIG"] = str(home / "machine.toml")
    env["PYTHONPATH"] = str(REPO / "desktop") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def kyso_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kyso.cli", *args]
