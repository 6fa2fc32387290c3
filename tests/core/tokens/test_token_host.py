"""The token host (kyso.core.tokens.token_host): login and signing in a child process.

The PIN reaches the child over its pipe only (never its argv or environment); a wrong PIN
is the same PinError as in-process; the key pairing and the
signature come from the child; and a child that dies is a DriverCrashedError naming the
module, after which the host answers nothing more (no retry into a broken driver).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from kyso.core.errors import PinError
from kyso.core.keys.base import Purpose
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.sessions import HostedSession, login
from kyso.core.tokens.slots import list_tokens
from kyso.core.tokens.token_host import DriverCrashedError, TokenHost
from tests.support.signing_fixtures import sign_world_base

from .test_tokens import Pin

__all__ = ["sign_world_base"]


def _snapshot(module, serial):
    return next(s for s in list_tokens(module) if s.info.serial == serial)


def _proc_text(pid: int, name: str) -> bytes:
    return Path(f"/proc/{pid}/{name}").read_bytes()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_pin_goes_over_the_pipe_only(tokens, softhsm_module, sign_world_base) -> None:
    tok = tokens.demo(sign_world_base.certs)
    snap = _snapshot(softhsm_module, tok.serial)
    host = TokenHost(softhsm_module.path)
    try:
        session = login(softhsm_module, snap.key, Pin(tok.pin), host=host)
        assert isinstance(session, HostedSession)
        pid = host._proc.pid
        assert tok.pin.encode() not in _proc_text(pid, "cmdline")
        assert tok.pin.encode() not in _proc_text(pid, "environ")
        # the login is the child's: this process has none to share
        assert softhsm_module.logins.get(tok.serial) is None
    finally:
        host.close()
    assert host._proc.poll() is not None  # closed with the key


def test_a_wrong_pin_in_the_host_is_the_usual_error(tokens, softhsm_module, sign_world_base):
    tok = tokens.demo(sign_world_base.certs)
    snap = _snapshot(softhsm_module, tok.serial)
    host = TokenHost(softhsm_module.path)
    try:
        with pytest.raises(PinError) as caught:
            login(softhsm_module, snap.key, Pin("000000"), host=host)
        assert caught.value.code == "pin_incorrect"
    finally:
        host.close()


def test_a_key_signs_in_the_host_and_the_signature_verifies(
    tokens, softhsm_module, sign_world_base
) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

    tok = tokens.demo(sign_world_base.certs)
    snap = _snapshot(softhsm_module, tok.serial)
    entry = snap.user_certificates()[0]
    digest = bytes(range(32))
    with Pkcs11Key.for_entry(softhsm_module, snap, entry, Pin(tok.pin)) as key:
        key.authorize(1, Purpose("Thử", "Test"))
        assert isinstance(key.session, HostedSession)
        assert key.pairing is not None and key.pairing.how == "public_key"
        [algorithm] = [a for a in key.algorithms() if a.digest == "sha256"][:1]
        [signature] = key.sign_digests([digest], algorithm).result()
        host = key.session.host
    key.certificate.public_key().verify(
        signature, digest, padding.PKCS1v15(), Prehashed(hashes.SHA256())
    )
    assert host._proc.poll() is not None


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL")
def test_a_dead_host_is_a_driver_error_and_stays_dead(tokens, softhsm_module, sign_world_base):
    tok = tokens.demo(sign_world_base.certs)
    snap = _snapshot(softhsm_module, tok.serial)
    entry = snap.user_certificates()[0]
    key = Pkcs11Key.for_entry(softhsm_module, snap, entry, Pin(tok.pin))
    try:
        key.authorize(1, Purpose("Thử", "Test"))
        host = key.session.host
        os.kill(host._proc.pid, signal.SIGKILL)  # what a segfaulting driver does to it
        algorithm = key.algorithms()[0]
        with pytest.raises(DriverCrashedError) as caught:
            key.sign_digests([bytes(32)], algorithm).result()
        assert caught.value.code == "driver_crashed"
        assert softhsm_module.path in caught.value.vi and "SIGKILL" in caught.value.en
        assert caught.value.vi.startswith("Trình điều khiển (driver) của token")
        with pytest.raises(DriverCrashedError):  # no second try into the same driver
            key.sign_digests([bytes(32)], algorithm).result()
    finally:
        key.close()
