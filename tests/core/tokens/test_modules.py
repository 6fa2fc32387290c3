"""PKCS#11 module discovery and loading (real SoftHSM2 and a real non-library file)."""

from __future__ import annotations

import os
from pathlib import Path

from kyso.core.tokens.modules import (
    KNOWN_MODULES,
    ModuleRegistry,
    candidate_module_paths,
    module_paths_from_env,
    quirks_for,
)
from kyso.core.tokens.softhsm import find_softhsm_module


def test_builtin_table_puts_vgca_tokens_first() -> None:
    assert KNOWN_MODULES[0].vendor.startswith("Bit4id")
    assert KNOWN_MODULES[1].vendor.startswith("SafeNet")
    vendors = [m.vendor for m in KNOWN_MODULES]
    for expected in (
        "Viettel",
        "VNPT",
        "Bkav",
        "FPT",
        "Nacencomm",
        "ePass2003",
        "Gemalto",
        "OpenSC",
    ):
        assert any(expected in v for v in vendors), expected
    bit4id = KNOWN_MODULES[0]
    assert any(p.endswith("bit4xpki.dll") for p in bit4id.paths("win32"))
    assert "/usr/lib/bit4id/libbit4xpki.so" in bit4id.paths("linux")
    assert "/Library/bit4id/pkcs11/libbit4xpki.dylib" in bit4id.paths("darwin")
    assert any(p.endswith("eTPKCS11.dll") for p in KNOWN_MODULES[1].paths("win32"))


def test_env_paths_split_on_os_pathsep() -> None:
    raw = os.pathsep.join(["/a/one.so", "", "/b/two.so"])
    assert module_paths_from_env({"KYSO_PKCS11_MODULES": raw}) == ["/a/one.so", "/b/two.so"]
    assert module_paths_from_env({}) == []


def test_candidates_skip_missing_and_duplicates(tmp_path: Path) -> None:
    a = tmp_path / "a.so"
    a.write_bytes(b"x")
    link = tmp_path / "link.so"
    link.symlink_to(a)
    env = {"KYSO_PKCS11_MODULES": os.pathsep.join([str(a), str(tmp_path / "missing.so")])}
    got = candidate_module_paths(
        settings_paths=[str(link), str(tmp_path / "nope.so")], use_builtin=False, environ=env
    )
    assert got == [str(a)]


def test_not_a_library_is_reported_and_others_keep_working(tmp_path: Path, softhsm_module) -> None:
    junk = tmp_path / "libjunk-pkcs11.so"
    junk.write_bytes(b"this is not a shared library")
    softhsm = find_softhsm_module()
    assert softhsm
    modules = ModuleRegistry.instance().load([str(junk), str(tmp_path / "absent.so"), softhsm])
    assert len(modules) == 2  # the absent path is skipped quietly
    bad, good = modules
    assert not bad.loaded and bad.error is not None
    assert str(junk) in bad.error.vi and str(junk) in bad.error.en
    assert bad.to_json()["error"]
    assert good is softhsm_module and good.loaded


def test_each_module_loaded_once_on_its_own_thread(softhsm_module) -> None:
    softhsm = find_softhsm_module()
    assert softhsm
    again = ModuleRegistry.instance().load([softhsm])[0]
    assert again is softhsm_module
    import threading

    name = softhsm_module.run(lambda: threading.current_thread().name)
    assert name.startswith("pkcs11-")
    assert name != threading.current_thread().name


def test_quirks_table() -> None:
    assert quirks_for("/usr/lib/softhsm/libsofthsm2.so").reinit_to_see_new_tokens
    assert quirks_for(r"C:\Windows\System32\eps2003csp11.dll").wrong_pin_may_be_general_error
    assert not quirks_for("/usr/lib/libbit4xpki.so").reinit_to_see_new_tokens
