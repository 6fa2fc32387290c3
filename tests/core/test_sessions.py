"""Login through a PIN prompter: wrong PIN, final try, locked, cancel — on real SoftHSM2."""

from __future__ import annotations

import logging

import pytest

from kyso.core.errors import PinCancelled, PinError
from kyso.core.sessions import login
from kyso.core.tokens import TokenKey, list_tokens

from .test_tokens import Pin


def _key(module, tok) -> TokenKey:
    list_tokens(module)  # let the module see a token created after it was loaded
    return TokenKey(module.path, tok.serial)


def test_right_pin_logs_in_and_session_works(tokens, softhsm_module) -> None:
    tok = tokens.empty()
    prompter = Pin(tok.pin)
    with login(softhsm_module, _key(softhsm_module, tok), prompter) as session:
        assert len(session.run(lambda raw: raw.generate_random(64))) == 8
    assert prompter.asked == 1
    assert prompter.requests[0].pin_state.locked is False
    assert softhsm_module.sessions_in_use == 0


def test_wrong_pin_is_reported_once_never_retried(tokens, softhsm_module, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    tok = tokens.empty()
    secret = "987650"
    prompter = Pin(secret)
    with pytest.raises(PinError) as info:
        login(softhsm_module, _key(softhsm_module, tok), prompter)
    assert prompter.asked == 1  # never retried on its own
    assert info.value.code == "pin_incorrect"
    assert "Mã PIN không đúng" in info.value.vi
    # SoftHSM2 sets CKF_USER_PIN_COUNT_LOW after a failure; the message says so.
    assert "3 lần" in info.value.vi
    # The PIN never reaches an exception message, its chain, or a log.
    assert secret not in str(info.value) and info.value.__cause__ is None
    assert secret not in caplog.text


def test_final_try_is_shown_before_asking(tokens, softhsm_module, softhsm_store) -> None:
    tok = tokens.empty()
    softhsm_store.set_user_pin_flags(tok.serial, count_low=True, final_try=True)
    prompter = Pin("000000")
    with pytest.raises(PinError) as info:
        login(softhsm_module, _key(softhsm_module, tok), prompter)
    assert prompter.requests[0].pin_state.final_try
    assert "1 lần" in prompter.requests[0].pin_state.describe("vi")
    assert info.value.code in ("pin_incorrect", "pin_locked")


def test_locked_token_is_refused_without_asking(tokens, softhsm_module, softhsm_store) -> None:
    tok = tokens.empty()
    softhsm_store.set_user_pin_flags(tok.serial, locked=True)
    prompter = Pin(tok.pin)
    snap = next(s for s in list_tokens(softhsm_module) if s.info.serial == tok.serial)
    assert snap.info.pin.locked and snap.to_json()["pin"]["locked"] is True
    with pytest.raises(PinError) as info:
        login(softhsm_module, _key(softhsm_module, tok), prompter)
    assert info.value.code == "pin_locked"
    assert prompter.asked == 0


def test_cancel(tokens, softhsm_module) -> None:
    tok = tokens.empty()
    with pytest.raises(PinCancelled):
        login(softhsm_module, _key(softhsm_module, tok), Pin(None))
    assert softhsm_module.sessions_in_use == 0


def test_second_login_on_the_same_token_shares_the_login(tokens, softhsm_module) -> None:
    tok = tokens.empty()
    key = _key(softhsm_module, tok)
    with login(softhsm_module, key, Pin(tok.pin)) as first:
        with login(softhsm_module, key, Pin(tok.pin)) as second:
            assert len(second.run(lambda raw: raw.generate_random(64))) == 8
        assert len(first.run(lambda raw: raw.generate_random(64))) == 8
    assert softhsm_module.sessions_in_use == 0
