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


# -- robust threads and watcher (issue 20 item 5), with modules built by gcc --------------


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    from kyso.core.tokens.modules import ModuleRegistry

    from .fake_modules import build_module

    built = build_module(tmp_path_factory.mktemp("fake-watch"), name="libfakewatch.so")
    module = ModuleRegistry.instance().load([str(built.path)])[0]
    assert module.loaded, module.error
    yield built, module
    built.release()
    built.removed_file.unlink(missing_ok=True)


def test_a_busy_module_does_not_stall_hot_plug_of_another(fake, softhsm_module, tokens) -> None:
    built, busy = fake
    rec = Recorder()
    w = TokenWatcher([busy, softhsm_module], rec, interval_s=0.1, unresponsive_after_s=0.5)
    w.start()
    try:
        rec.wait_for("added", built.label, timeout=2.0)
        built.hang()  # its driver now blocks in C_GetSlotList, like a PIN-pad login
        time.sleep(0.3)  # let a poll of the busy module get stuck
        tok = tokens.empty()
        created = time.monotonic()
        rec.wait_for("added", tok.label, timeout=1.0)
        assert time.monotonic() - created < 1.0
        tokens.delete(tok)
        rec.wait_for("removed", tok.label, timeout=1.0)
        deadline = time.monotonic() + 5
        while not busy.unresponsive and time.monotonic() < deadline:
            time.sleep(0.05)
        assert busy.unresponsive and w.unresponsive_modules() == [busy]
        assert busy.to_json()["responsive"] is False
    finally:
        built.release()
    deadline = time.monotonic() + 5
    while busy.unresponsive and time.monotonic() < deadline:
        time.sleep(0.05)
    w.stop()
    assert not busy.unresponsive  # answered again
    assert not any(e.kind == "removed" and e.snapshot.info.serial == built.serial for e in rec.events)


def test_a_long_call_is_busy_not_unresponsive(fake) -> None:
    built, module = fake
    w = TokenWatcher([module], Recorder(), interval_s=0.05, unresponsive_after_s=0.2)
    with module.long_call():  # e.g. the PIN being typed on the reader's keypad
        built.hang()
        try:
            for _ in range(10):
                w.poll_once(wait_s=0.05)
            assert not module.unresponsive
        finally:
            built.release()
    w.poll_once()
    assert not module.unresponsive


def test_one_failed_token_info_is_not_a_pull(fake) -> None:
    built, module = fake
    rec = Recorder()
    w = TokenWatcher([module], rec)
    assert [e.kind for e in w.poll_once()] == ["added"]
    built.fail_token_info_file.touch()  # the next C_GetTokenInfo fails, once
    assert w.poll_once() == []
    assert not built.fail_token_info_file.exists()  # it did fail that poll
    assert w.poll_once() == []
    assert [s.info.serial for s in w.snapshots()] == [built.serial]
    built.removed_file.touch()  # now the slot says it is empty: believed at once
    try:
        assert [e.kind for e in w.poll_once()] == ["removed"]
    finally:
        built.removed_file.unlink()
    assert [e.kind for e in w.poll_once()] == ["added"]


def test_a_batch_survives_one_failed_token_info(fake) -> None:
    from kyso.core.tokens.sessions import token_info

    from .fake_modules import FAKE_PIN

    built, module = fake
    session = login(module, TokenKey(module.path, built.serial), Pin(FAKE_PIN))
    try:
        built.fail_token_info_file.touch()
        # the batch's check before each file (DocumentSigner.check_present) …
        assert token_info(module, built.serial).serial == built.serial
        assert not built.fail_token_info_file.exists()
        # … and an error from the token while C_GetTokenInfo fails once: not a pull
        built.fail_token_info_file.touch()

        def fails(raw):
            raise RuntimeError("a passing error")

        with pytest.raises(RuntimeError):
            session.run(fails)
        assert not session.removed
        assert len(session.run(lambda raw: raw.generate_random(64))) == 8
    finally:
        built.fail_token_info_file.unlink(missing_ok=True)
        session.close()


def test_module_threads_are_told_apart_by_identity_not_name(tmp_path) -> None:
    from kyso.core.tokens.modules import ModuleRegistry

    from .fake_modules import build_module

    a_built = build_module(tmp_path / "a", name="libsame.so")
    b_built = build_module(tmp_path / "b", name="libsame.so")
    a, b = ModuleRegistry.instance().load([str(a_built.path), str(b_built.path)])
    assert a is not b and a.loaded and b.loaded
    a_name, a_ident = a.run(lambda: (threading.current_thread().name, threading.get_ident()))
    b_name, b_ident = b.run(lambda: (threading.current_thread().name, threading.get_ident()))
    assert a_name == b_name and a_ident != b_ident  # same file stem, two threads
    assert b.run(a.on_module_thread) is False
    # Called from b's thread, a's work still runs on a's thread.
    assert b.run(lambda: a.run(threading.get_ident)) == a_ident
