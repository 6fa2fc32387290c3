"""``kyso-desktop --background``: Kyso at login, hidden, with only the tray icon and the
signing bridge listening.

It runs only when IT enabled the bridge on this machine — the ``[bridge]`` table, judged by
:func:`~kyso.core.bridge.config.it_enabled`, the same test ``kyso bridge setup --if-enabled``
makes. Then the user's own local certificates are made at the first such start (by the
runner, :mod:`kyso.ui.bridge.runner`). Otherwise it exits 0 with a log line, so the login
entry can be installed on every machine and wakes up when IT turns the bridge on.
A bridge that cannot listen (port 8987 taken, by VGCA Sign Service say) ends the background
Kyso too: it has nothing else to do.

While it runs, closing the window (opened from the tray or by a later start) hides it: the
bridge keeps listening until the tray's "Thoát" or the end of the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from kyso.core.bridge.config import it_enabled
from kyso.core.settings import machine_settings_file

log = logging.getLogger(__name__)

NOT_ENABLED, NO_CERTIFICATES = "not_enabled", "no_certificates"


def refusal(data_dir: Path, machine_file: Path | None = None) -> str | None:
    """Why a background start should not run (``not_enabled``), or None. The certificates
    are no reason: where IT enabled the bridge, the start makes this user's own (a failure
    to make them ends the start as ``no_certificates``, see :func:`end_unless_listening`)."""
    machine_file = machine_file or machine_settings_file()
    if not it_enabled(machine_file):
        log.info("background start: the signing bridge is not enabled by IT ([bridge] in %s); "
                 "exiting", machine_file)
        return NOT_ENABLED
    return None


class StayInBackground(QObject):
    """Closing the window hides it and keeps Kyso (and the bridge) running. The end of the
    session still closes it: a window refusing to close would cancel the logout."""

    def __init__(self, window: Any, app: QApplication) -> None:
        super().__init__(window)
        self.window = window
        self.quitting = False
        app.setQuitOnLastWindowClosed(False)  # a consent window closing must not end Kyso
        app.commitDataRequest.connect(self.session_ends, Qt.ConnectionType.DirectConnection)
        window.installEventFilter(self)

    def session_ends(self, *_: Any) -> None:
        self.quitting = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and not self.quitting:
            self.window.save_state()
            self.window.hide()
            event.ignore()
            return True
        return False


def end_unless_listening(window: Any, exit_app: Callable[[int], None]) -> None:
    """Once the window's start-up is done: a bridge that is not listening ends Kyso (1)."""

    def check() -> None:
        runner = getattr(window, "web_bridge", None)
        if runner is None or runner.server is None:
            log.warning("background start: the signing bridge is not listening (%s); exiting",
                        getattr(runner, "status", "not started"))
            exit_app(1)
        else:
            log.info("background start: the signing bridge is listening on 127.0.0.1:%s",
                     runner.server.port)

    window.ready.connect(check)
