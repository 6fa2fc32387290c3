"""Hot-plug for real: tokens created and deleted while the watcher runs."""

from __future__ import annotations

import threading
import time

import pytest

from kyso.core.errors import TokenRemovedError
from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import TokenKey
from kyso.core.tokens.watching import TokenEvent, TokenWatcher

from .test_tokens import Pin


class Recorder:
    def __init__(self) -> None:
        self.events: list[TokenEvent] = []
        self.cond = threading.Condition()

    def __call__(self, event: TokenEvent) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, kind: str, label: str, timeout: float) -> TokenEvent:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for e in self.events:
                    if e.kind == kind and e.snapshot.info.label == label:
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {kind} event for {label} within {timeout}s")
                self.cond.wait(left)


@pytest.fixture
def watcher(softhsm_module):
    rec = Recorder()
    w = TokenWatcher([softhsm_module], rec, interval_s=0.1)
    w.start()
    yield w, rec
    w.stop()


def test_tokens_appear_and_disappear_within_a_second(watcher, tokens, test_pki) -> None:
    w, rec = watcher
    t0 = time.monotonic()
    tok = tokens.demo(test_pki)  # created by softhsm2-util + a child process
    created = time.monotonic()
    added = rec.wait_for("added", tok.label, timeout=1.0)
    assert time.monotonic() - created < 1.0, created - t0
    assert len(added.snapshot.user_certificates()) == len(test_pki.leaves()) == 6
    tokens.delete(tok)
    deleted = time.monotonic()
    removed = rec.wait_for("removed", tok.label, timeout=1.0)
    assert time.monotonic() - deleted < 1.0
    assert removed.had_session is False


def test_watcher_does_not_hold_sessions(watcher, softhsm_module, tokens) -> None:
    w, rec = watcher
    tok = tokens.empty()
    rec.wait_for("added", tok.label, timeout=2.0)
    time.sleep(0.3)
    assert softhsm_module.sessions_in_use == 0


def test_token_pulled_with_open_session(watcher, softhsm_module, tokens) -> None:
    w, rec = watcher
    tok = tokens.empty()
    rec.wait_for("added", tok.label, timeout=2.0)
    session = login(softhsm_module, TokenKey(softhsm_module.path, tok.serial), Pin(tok.pin))
    assert softhsm_module.sessions_in_use == 1
    tokens.delete(tok)
    removed = rec.wait_for("removed", tok.label, timeout=1.5)
    assert removed.had_session is True  # the face tells the user
    assert session.removed
    with pytest.raises(TokenRemovedError) as info:
        session.run(lambda raw: raw.generate_random(64))
    assert "rút ra" in info.value.vi
    session.close()
    assert softhsm_module.sessions_in_use == 0


def test_snapshots_do_not_wait_for_a_busy_module(watcher, softhsm_module, tokens) -> None:
    """The GUI reads snapshots while the module thread is busy (e.g. a PIN-pad login)."""
    w, rec = watcher
    tok = tokens.empty()
    rec.wait_for("added", tok.label, timeout=2.0)
    busy = softhsm_module.call(time.sleep, 1.5)
    time.sleep(0.3)  # let a poll queue up behind the busy module thread
    t0 = time.monotonic()
    snaps = w.snapshots()
    assert time.monotonic() - t0 < 0.2
    assert any(s.info.serial == tok.serial for s in snaps)
    busy.result()


def test_session_is_counted_before_a_queued_poll_can_reinitialize(softhsm_module, tokens) -> None:
    tok = tokens.empty()
    key = TokenKey(softhsm_module.path, tok.serial)
    from kyso.core.tokens.slots import list_tokens

    list_tokens(softhsm_module)
    session = login(softhsm_module, key, Pin(tok.pin))
    try:
        # the count was raised on the module thread, inside the login call itself
        assert softhsm_module.sessions_in_use == 1
        assert softhsm_module.run(softhsm_module.reinitialize_if_idle) is False
        assert len(session.run(lambda raw: raw.generate_random(64))) == 8
    finally:
        session.close()
