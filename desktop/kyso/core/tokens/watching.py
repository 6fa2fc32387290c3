"""Watching the modules for tokens coming and going, by polling.

C_WaitForSlotEvent is unreliable across vendors, so the watcher polls C_GetSlotList and
C_GetTokenInfo (no session, no login) every ``interval`` seconds, each module on its own
thread and none waiting for another. For a token that appears, its certificates are read
once in a short read-only session. For a token that disappears (its slot empty, or missing
from two polls in a row), any session still open on it is dropped and the event says so, so
the face can tell the user.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.sessions import TRACKER
from kyso.core.tokens.slots import TokenKey, TokenSnapshot, scan_slots, snapshot_token

log = logging.getLogger(__name__)

MISSES_FOR_REMOVAL = 2
"""Polls in a row a token must be missing from a slot that still reports a token (its
C_GetTokenInfo failing) before it is reported removed. A slot that says it is empty, or
holds another token, is believed at once."""


@dataclass
class TokenEvent:
    kind: str
    """"added", "removed" or "changed" (PIN state or label changed)."""
    snapshot: TokenSnapshot
    had_session: bool = False
    """For "removed": a session was open on the token and has been dropped."""

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"event": self.kind, "token": self.snapshot.to_json()}
        if self.kind == "removed":
            data["had_session"] = self.had_session
        return data


class TokenWatcher:
    """Polls the modules on a background thread and reports :class:`TokenEvent`s.

    ``on_event`` is called on the watcher's thread (or the thread calling
    :meth:`poll_once`); a GUI must hand it over to its own thread.

    Each module is polled on its own thread without the watcher waiting for it: a module
    busy with a PIN typed on a reader's keypad (or stuck in its driver) delays only its own
    tokens' events, never another module's hot-plug. A poll still running from last time is
    not queued again. A module whose poll has run longer than ``unresponsive_after_s``
    (outside a call known to be long) is marked :attr:`Pkcs11Module.unresponsive`.
    """

    def __init__(
        self,
        modules: list[Pkcs11Module],
        on_event: Callable[[TokenEvent], None],
        *,
        interval_s: float = 0.5,
        unresponsive_after_s: float = 10.0,
    ) -> None:
        self.modules = [m for m in modules if m.loaded]
        self.on_event = on_event
        self.interval_s = interval_s
        self.unresponsive_after_s = unresponsive_after_s
        self.current: dict[TokenKey, TokenSnapshot] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # _state guards `current`, the miss counts, the pending polls and the finished
        # events; it is held only for bookkeeping, never while a module works, so neither
        # the GUI nor another module's poll ever waits on a busy token.
        self._state = threading.Lock()
        self._misses: dict[TokenKey, int] = {}
        self._pending: dict[int, concurrent.futures.Future[list[TokenEvent]]] = {}
        self._pending_since: dict[int, float] = {}
        self._finished: list[TokenEvent] = []

    # -- one poll ----------------------------------------------------------------------
    def poll_once(self, wait_s: float | None = None) -> list[TokenEvent]:
        """Poll every module; report the events of the polls that finish within ``wait_s``
        (None: wait for all). A module still busy keeps its poll and reports it later."""
        futures = [self._submit(m) for m in self.modules]
        if futures:
            concurrent.futures.wait(futures, timeout=wait_s)
        self._check_responsive()
        with self._state:
            events, self._finished = self._finished, []
        for event in events:
            try:
                self.on_event(event)
            except Exception:
                log.exception("token event handler failed")
        return events

    def _submit(self, module: Pkcs11Module) -> concurrent.futures.Future[list[TokenEvent]]:
        with self._state:
            pending = self._pending.get(id(module))
            if pending is not None and not pending.done():
                return pending
            future = module.call(self._poll_module, module)
            self._pending[id(module)] = future
            self._pending_since[id(module)] = time.monotonic()
        future.add_done_callback(lambda f, m=module: self._poll_done(m, f))
        return future

    def _poll_done(self, module: Pkcs11Module, future: concurrent.futures.Future[Any]) -> None:
        try:
            events = future.result()
        except Exception as exc:  # a module that fails one poll must not stop the rest
            log.warning("polling %s: %r", module.path, exc)
            events = []
        else:
            module.unresponsive = False
        with self._state:
            self._finished.extend(events)

    def _check_responsive(self) -> None:
        now = time.monotonic()
        with self._state:
            pending = [
                (m, now - self._pending_since.get(id(m), now))
                for m in self.modules
                if (f := self._pending.get(id(m))) is not None and not f.done()
            ]
        for module, waited in pending:
            if waited > self.unresponsive_after_s and not module.in_long_call:
                if not module.unresponsive:
                    log.warning("module %s: no answer for %.0f s", module.path, waited)
                module.unresponsive = True

    def _poll_module(self, module: Pkcs11Module) -> list[TokenEvent]:
        """Runs on the module's thread."""
        module.reinitialize_if_idle()
        scan = scan_slots(module)
        present = {info.key: info for info in scan.tokens}
        events: list[TokenEvent] = []
        with self._state:
            known = {k: v for k, v in self.current.items() if k.module_path == module.path}
        for key, snap in known.items():
            if key in present:
                with self._state:
                    self._misses.pop(key, None)
                if present[key].flags != snap.info.flags or present[key].label != snap.info.label:
                    snap.info = present[key]
                    events.append(TokenEvent("changed", snap))
                continue
            # Not seen. Gone for sure when its slot says it is empty or holds another token;
            # a slot that still has a token that could not be read this time gets one more poll.
            with self._state:
                misses = self._misses.get(key, 0) + 1
                self._misses[key] = misses
            if scan.still_there(snap.info) and misses < MISSES_FOR_REMOVAL:
                continue
            with self._state:
                self.current.pop(key, None)
                self._misses.pop(key, None)
            had_session = TRACKER.token_removed(key)  # drops them: "user told" by the event
            events.append(TokenEvent("removed", snap, had_session=had_session))
        for key, info in present.items():
            if key not in known:
                snap = snapshot_token(module, info)
                with self._state:
                    self.current[key] = snap
                events.append(TokenEvent("added", snap))
        return events

    def update(self, snap: TokenSnapshot) -> None:
        """Replace a token's snapshot with a fresher reading (e.g. after a login shows which
        keys exist). Ignored if the token has gone meanwhile."""
        with self._state:
            if snap.key in self.current:
                self.current[snap.key] = snap

    def snapshots(self) -> list[TokenSnapshot]:
        with self._state:
            return list(self.current.values())

    def unresponsive_modules(self) -> list[Pkcs11Module]:
        return [m for m in self.modules if m.unresponsive]

    # -- the thread --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kyso-token-watcher", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.poll_once(wait_s=self.interval_s)
            self._stop.wait(self.interval_s)

    def stop(self, *, wait: bool = True) -> None:
        """Stop polling. ``wait=False`` (the GUI thread) does not join. The watcher thread
        never waits on a module for longer than one interval, so joining is quick."""
        self._stop.set()
        if self._thread is not None and wait:
            self._thread.join(timeout=10)
        self._thread = None
