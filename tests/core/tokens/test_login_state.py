"""One login state per token (issue 20 item 2), on SoftHSM2 and on a gcc-built module.

A second login while the token is logged in asks and checks nothing and says so; a wrong
PIN is never accepted or stored; closing the session that logged in does not log out a
batch still running on the token; a failed C_Login closes its session.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kyso.core.errors import PinError
from kyso.core.signing.batch import sign_batch
from kyso.core.signing.pades import SignOptions
from kyso.core.tokens.modules import ModuleRegistry
from kyso.core.tokens.pin_store import PinStore
from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import TokenKey, list_tokens
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

from .fake_modules import FAKE_PIN, build_module
from .test_tokens import Pin

__all__ = ["sign_world", "sign_world_base"]


class RememberingPin(Pin):
    """The user ticks "remember" whenever it is offered, and is told about shared logins."""

    def __init__(self, pin: str | None) -> None:
        super().__init__(pin)
        self.told_logged_in = 0

    def ask_pin(self, request):
        request.remember = request.can_remember
        return super().ask_pin(request)

    def already_logged_in(self, request) -> None:
        self.told_logged_in += 1


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [make_pdf(folder / f"văn bản {i:02d}.pdf", text=f"Văn bản {i}") for i in range(n)]


def _valid(world, path: Path) -> bool:
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with path.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[-1]
        st = validate_pdf_signature(
            sig, ValidationContext(trust_roots=[ax509.Certificate.load(world.root_der)])
        )
        return bool(st.intact and st.valid)


def _private_keys(session) -> int:
    from pkcs11 import Attribute, ObjectClass

    return session.run(
        lambda raw: len(list(raw.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})))
    )


def test_second_login_with_a_wrong_pin_during_a_batch(sign_world, tmp_path, memory_keyring):
    world = sign_world  # world.session: the batch's login, with the right PIN
    key = TokenKey(world.module.path, world.serial)
    files = _files(tmp_path / "in", 3)
    second: list = []
    intruder = RememberingPin("000000")  # a wrong PIN, with "remember" ticked

    def progress(p) -> None:
        if p.result is not None and p.index == 0:
            # mid-batch, the GUI's "log in to check keys" with a wrong PIN
            with login(world.module, key, intruder, pin_store=PinStore(True)) as s:
                second.append((s.shared_login, s.login_note(), _private_keys(s)))

    report = sign_batch(
        world.signer(), files, SignOptions(out_dir=tmp_path / "out"), progress=progress
    )
    assert [r.status for r in report.results] == ["signed"] * 3
    assert all(_valid(world, r.output) for r in report.signed)
    shared, note, keys = second[0]
    assert shared and "đã đăng nhập" in note[0] and "already logged in" in note[1]
    assert keys > 0  # it shares the real login: keys are visible
    assert intruder.asked == 0 and intruder.told_logged_in == 1  # nothing asked or checked
    assert memory_keyring.store == {}  # the wrong PIN never reaches the keyring
    # The batch's login is still in place after the second user closed its session.
    assert _private_keys(world.session) > 0


def test_a_batch_outlives_the_session_that_logged_in(sign_world, tmp_path):
    world = sign_world
    first = world.session  # e.g. the GUI's key check: it did the C_Login
    batch_session = world.login(pin="not-asked")  # joins; this PIN is never used
    assert batch_session.shared_login
    files = _files(tmp_path / "in", 3)

    def progress(p) -> None:
        if p.result is not None and p.index == 0:
            first.close()  # the session that logged in goes away mid-batch

    try:
        report = sign_batch(
            world.signer(session=batch_session),
            files,
            SignOptions(out_dir=tmp_path / "out"),
            progress=progress,
        )
        assert [r.status for r in report.results] == ["signed"] * 3, [
            r.error for r in report.results
        ]
        assert all(_valid(world, r.output) for r in report.signed)
    finally:
        batch_session.close()
    # The last user is gone: the token is logged out, so a wrong PIN is checked and refused.
    with pytest.raises(PinError):
        login(world.module, TokenKey(world.module.path, world.serial), Pin("000000"))


def test_last_user_logs_out_and_a_wrong_pin_is_then_refused(tokens, softhsm_module) -> None:
    tok = tokens.empty()
    list_tokens(softhsm_module)
    key = TokenKey(softhsm_module.path, tok.serial)
    a = login(softhsm_module, key, Pin(tok.pin))
    b = login(softhsm_module, key, Pin("never-used"))
    assert b.shared_login and not a.shared_login
    a.close()
    assert len(b.run(lambda raw: raw.generate_random(64))) == 8
    b.close()
    assert softhsm_module.sessions_in_use == 0
    with pytest.raises(PinError) as info:  # logged out: this PIN is checked, and it is wrong
        login(softhsm_module, key, Pin("000000"))
    assert info.value.code == "pin_incorrect"


def test_a_pin_typed_while_another_login_happened_is_dropped(
    tokens, softhsm_module, memory_keyring
) -> None:
    tok = tokens.empty()
    list_tokens(softhsm_module)
    key = TokenKey(softhsm_module.path, tok.serial)
    other: list = []

    class SlowTypist(RememberingPin):
        def ask_pin(self, request):
            # While this user types, a batch logs in with the right PIN.
            other.append(login(softhsm_module, key, Pin(tok.pin)))
            return super().ask_pin(request)

    typist = SlowTypist("000000")
    session = login(softhsm_module, key, typist, pin_store=PinStore(True))
    try:
        assert typist.asked == 1 and session.shared_login and typist.told_logged_in == 1
        assert memory_keyring.store == {}  # unchecked, so never stored
    finally:
        session.close()
        other[0].close()


def test_pin_stored_only_after_c_login_accepted_it(tokens, softhsm_module, memory_keyring):
    tok = tokens.empty()
    list_tokens(softhsm_module)
    key = TokenKey(softhsm_module.path, tok.serial)
    with pytest.raises(PinError):
        login(softhsm_module, key, RememberingPin("000000"), pin_store=PinStore(True))
    assert memory_keyring.store == {}
    with login(softhsm_module, key, RememberingPin(tok.pin), pin_store=PinStore(True)):
        pass
    assert list(memory_keyring.store.values()) == [tok.pin]


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    built = build_module(tmp_path_factory.mktemp("fake-login"), name="libfakelogin.so")
    module = ModuleRegistry.instance().load([str(built.path)])[0]
    assert module.loaded, module.error
    return built, module


def test_a_failed_login_closes_its_session(fake) -> None:
    built, module = fake
    key = TokenKey(module.path, built.serial)
    with pytest.raises(PinError):
        login(module, key, Pin("999999"))
    assert built.open_sessions() == 0 and not built.logged_in()
    assert module.sessions_in_use == 0


def test_logged_in_until_the_last_user_leaves(fake) -> None:
    built, module = fake
    key = TokenKey(module.path, built.serial)
    a = login(module, key, Pin(FAKE_PIN))
    b = login(module, key, Pin("999999"))
    assert b.shared_login and built.logged_in()
    assert built.open_sessions() == 3  # the login's own session + one per user
    a.close()
    assert built.logged_in() and built.open_sessions() == 2
    assert len(b.run(lambda raw: raw.generate_random(64))) == 8  # needs the login here
    b.close()
    assert not built.logged_in() and built.open_sessions() == 0


def test_close_and_drop_at_once_release_once(fake) -> None:
    built, module = fake
    key = TokenKey(module.path, built.serial)
    for _ in range(20):
        s = login(module, key, Pin(FAKE_PIN))
        barrier = threading.Barrier(2)

        def drop(s=s, barrier=barrier) -> None:
            barrier.wait()
            s.drop()

        t = threading.Thread(target=drop)
        t.start()
        barrier.wait()
        s.close()
        t.join()
        assert module.sessions_in_use == 0 and built.open_sessions() == 0
