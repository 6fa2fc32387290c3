"""Watching the modules for tokens coming and going, by polling.

C_WaitForSlotEvent is unreliable across vendors, so the watcher polls C_GetSlotList and
C_GetTokenInfo (no session, no login) every ``interval`` seconds. For a token that appears,
its certificates are read once in a short read-only session. For a token that disappears,
any session still open on it is dropped and the event says so, so the face can tell the user.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.sessions import TRACKER
from kyso.core.tokens.slots import TokenKey, TokenSnapshot, scan_tokens, snapshot_token

log = logging.getLogger(__name__)


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

    ``on_event`` is called on the watcher's thread; a GUI must hand it over to its own thread.
    """

    def __init__(
        self,
        modules: list[Pkcs11Module],
        on_event: Callable[[TokenEvent], None],
        *,
        interval_s: float = 0.5,
    ) -> None:
        self.modules = [m for m in modules if m.loaded]
        self.on_event = on_event
        self.interval_s = interval_s
        self.current: dict[TokenKey, TokenSnapshot] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Polls are serialised by _poll_lock (held while the module threads work); _state
        # guards only `current` and is held for a copy, so the GUI never waits on a token.
        self._poll_lock = threading.Lock()
        self._state = threading.Lock()

    # -- one poll ----------------------------------------------------------------------
    def poll_once(self) -> list[TokenEvent]:
        events: list[TokenEvent] = []
        with self._poll_lock:
            for module in self.modules:
                try:
                    events.extend(module.run(self._poll_module, module))
                except Exception as exc:  # a module that fails one poll must not stop the rest
                    log.warning("polling %s: %r", module.path, exc)
        for event in events:
            try:
                self.on_event(event)
            except Exception:
                log.exception("token event handler failed")
        return events

    def _poll_module(self, module: Pkcs11Module) -> list[TokenEvent]:
        """Runs on the module's thread."""
        module.reinitialize_if_idle()
        present = {info.key: info for info in scan_tokens(module)}
        events: list[TokenEvent] = []
        with self._state:
            known = dict(self.current)
        for key, snap in known.items():
            if key.module_path != module.path:
                continue
            if key not in present:
                with self._state:
                    self.current.pop(key, None)
                had_session = TRACKER.token_removed(key)  # drops them: "user told" by the event
                events.append(TokenEvent("removed", snap, had_session=had_session))
            elif present[key].flags != snap.info.flags or present[key].label != snap.info.label:
                snap.info = present[key]
                events.append(TokenEvent("changed", snap))
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

    # -- the thread --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kyso-token-watcher", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._stop.wait(self.interval_s)

    def stop(self, *, wait: bool = True) -> None:
        """Stop polling. ``wait=False`` (the GUI thread) does not join: a poll may be waiting
        on a busy token, and the daemon thread ends by itself after it."""
        self._stop.set()
        if self._thread is not None and wait:
            self._thread.join(timeout=10)
        self._thread = None
