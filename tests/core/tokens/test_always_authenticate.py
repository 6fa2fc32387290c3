"""Keys with CKA_ALWAYS_AUTHENTICATE (issue 20 item 3), on SoftHSM2, which enforces them: the
PIN is asked again for every signature (a context-specific login between C_SignInit and
C_Sign), a wrong one stops without retrying, a cancelled one signs nothing; every output is
validated by pyHanko and pdfsig."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyso.core.keys.base import SigningCancelled
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.softhsm import KeyObject
from tests.conftest import USER_PIN
from tests.core.tokens.test_key_pairing import KEY_ID, _assert_valid, _build, _cert_obj, _clerk
from tests.support.signing_fixtures import make_pdf, sign_world_base

__all__ = ["sign_world_base"]


class CountingPin:
    """Answers the login and each re-authentication from a list, counting the requests."""

    def __init__(self, answers: list[str | None]) -> None:
        self.answers = list(answers)
        self.purposes: list[str] = []

    def ask_pin(self, request):
        self.purposes.append(request.purpose_vi)
        return self.answers.pop(0) if self.answers else None

    def pinpad_started(self, request) -> None:
        pass

    def pinpad_finished(self) -> None:
        pass


@pytest.fixture(scope="module")
def clerk(sign_world_base):
    return _clerk(sign_world_base.certs.pki)


@pytest.fixture
def built(tokens, softhsm_module, sign_world_base, clerk):
    return _build(
        tokens, softhsm_module, sign_world_base,
        keys=[KeyObject(clerk.key_pkcs8_der(), KEY_ID, "aa", always_authenticate=True)],
        certs=[_cert_obj(clerk, "cúc")],
    )


def _sign(built, prompter, files: list[Path]):
    pki = built.world.certs.pki
    key = Pkcs11Key.for_entry(built.module, built.snapshot(), built.entry("cúc"), prompter)
    with key:
        return sign_with_key(key, SignRequest(
            files, SignOptions(level=Level.B_B),
            chain_pool=[pki.sub_ca.cert, pki.root.cert], trust_roots=[pki.root.cert]))


def test_pin_asked_again_for_every_signature(built, clerk, sign_world_base, tmp_path):
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in ("một", "hai")]
    prompter = CountingPin([USER_PIN, USER_PIN, USER_PIN])
    report = _sign(built, prompter, files)
    assert [r.status for r in report.results] == ["signed", "signed"], report.to_json()
    assert len(prompter.purposes) == 3  # the login, then one per signature
    assert all("từng chữ ký" in p for p in prompter.purposes[1:])
    for r in report.results:
        _assert_valid(sign_world_base, r.output, clerk.cert)


def test_wrong_reauthentication_pin_stops_and_is_not_retried(built, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    prompter = CountingPin([USER_PIN, "000000"])
    report = _sign(built, prompter, [src])
    assert report.results[0].status == "failed"
    assert "không đúng" in report.results[0].error.vi
    assert len(prompter.purposes) == 2  # never asked again by itself
    assert not (tmp_path / "a.signed.pdf").exists()


def test_cancel_at_the_reauthentication_signs_nothing(built, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    report = _sign(built, CountingPin([USER_PIN, None]), [src])
    assert report.stopped == "cancelled" or isinstance(report.results[0].error, SigningCancelled)
    assert not (tmp_path / "a.signed.pdf").exists()
    assert not list(tmp_path.glob(".*.part"))
