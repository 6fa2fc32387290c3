"""Login through a PIN prompter: wrong PIN, final try, locked, cancel — on real SoftHSM2."""

from __future__ import annotations

import logging

import pytest

from kyso.core.errors import PinCancelled, PinError
from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import TokenKey, list_tokens

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


class RememberingPin(Pin):
    """A prompter whose user ticks "remember" when it is offered."""

    def ask_pin(self, request):
        request.remember = request.can_remember
        return super().ask_pin(request)


def test_pin_kept_in_keyring_only_when_it_is_allowed(tokens, softhsm_module, memory_keyring) -> None:
    from kyso.core.tokens.pin_store import PinStore

    tok = tokens.empty()
    key = _key(softhsm_module, tok)
    # IT has not allowed it: "remember" is not offered, nothing is stored.
    prompter = RememberingPin(tok.pin)
    with login(softhsm_module, key, prompter, pin_store=PinStore(False)):
        pass
    assert prompter.requests[0].can_remember is False and memory_keyring.store == {}
    # Allowed and ticked: stored, and the next login does not ask.
    store = PinStore(True)
    with login(softhsm_module, key, prompter, pin_store=store):
        pass
    assert list(memory_keyring.store.values()) == [tok.pin]
    silent = Pin(None)
    with login(softhsm_module, key, silent, pin_store=store) as session:
        assert len(session.run(lambda raw: raw.generate_random(64))) == 8
    assert silent.asked == 0


def test_a_wrong_stored_pin_is_deleted_never_retried(tokens, softhsm_module, memory_keyring) -> None:
    from kyso.core.tokens.pin_store import PinStore, account

    tok = tokens.empty()
    key = _key(softhsm_module, tok)
    memory_keyring.store[("Kyso", account(key))] = "000000"
    prompter = Pin(tok.pin)
    with pytest.raises(PinError) as info:
        login(softhsm_module, key, prompter, pin_store=PinStore(True))
    assert prompter.asked == 0  # no automatic retry with the prompter either
    assert "kho khóa" in info.value.vi and "000000" not in str(info.value)
    assert memory_keyring.store == {}
    with login(softhsm_module, key, prompter, pin_store=PinStore(True)):
        pass
    assert prompter.asked == 1


def test_stored_pin_not_used_once_the_token_counts_wrong_tries(
    tokens, softhsm_module, softhsm_store, memory_keyring
) -> None:
    from kyso.core.tokens.pin_store import PinStore, account

    tok = tokens.empty()
    softhsm_store.set_user_pin_flags(tok.serial, count_low=True)
    key = _key(softhsm_module, tok)
    memory_keyring.store[("Kyso", account(key))] = tok.pin
    prompter = Pin(tok.pin)
    with login(softhsm_module, key, prompter, pin_store=PinStore(True)):
        pass
    assert prompter.asked == 1  # asked, with the warning shown, instead of trying silently
    assert prompter.requests[0].pin_state.count_low
