"""The tray icon that says the signing bridge is listening, with its menu: "Mở Kyso" shows
the window (hidden in a background start), "Thoát" ends Kyso and the bridge.

At login the desktop's tray may come up after Kyso: the icon is shown as soon as a tray is
available (checked again for a few minutes), never before — without a tray Qt only warns.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from kyso.core.bridge.policy import PORT

log = logging.getLogger(__name__)

TRAY_RETRY_MS = 5000
TRAY_RETRIES = 36
"""How long a start at login waits for the desktop's tray: 36 × 5 s."""


def bring_to_front(window: QWidget) -> None:
    """Show the window (hidden, minimised or behind others) and give it the focus."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()


def quit_app() -> None:
    """End Kyso: the event loop returns and ``kyso-desktop``'s main saves the window's state
    and stops the bridge (no close event, which a background Kyso would turn into "hide")."""
    QApplication.exit(0)


class TrayMenu(QMenu):
    """The menu, retranslated when the language changes (then :attr:`retranslated`)."""

    retranslated = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("bridgeTrayMenu")
        self.act_open = self.addAction("")
        self.act_open.setObjectName("trayOpen")
        self.act_open.triggered.connect(lambda: bring_to_front(window))
        self.addSeparator()
        self.act_quit = self.addAction("")
        self.act_quit.setObjectName("trayQuit")
        self.act_quit.triggered.connect(lambda: quit_app())  # looked up when clicked
        self.retranslate()

    def retranslate(self) -> None:
        self.act_open.setText(self.tr("Open Kyso"))
        self.act_quit.setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)


class BridgeTray(QObject):
    """The icon; a click on it shows the window, its menu offers the same and "Quit"."""

    def __init__(self, window: Any, port: int = PORT) -> None:
        super().__init__(window)
        self.window = window
        self.port = port
        """Where the bridge listens, said in the tooltip (8987 unless moved for tests: the
        tooltip said 8987 whatever the port was)."""
        self.menu = TrayMenu(window)
        self.icon = QSystemTrayIcon(QIcon.fromTheme("kyso", window.windowIcon()), self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.retranslate()
        self.menu.retranslated.connect(self.retranslate)
        self._tries = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TRAY_RETRY_MS)
        self._timer.timeout.connect(self._show_when_available)
        self._show_when_available()
        if not self.icon.isVisible():
            self._timer.start()

    def retranslate(self) -> None:
        self.icon.setToolTip(self.tr(
            "Kyso is listening for signing requests from web pages (127.0.0.1:%1)")
            .replace("%1", str(self.port)))

    def _show_when_available(self) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()
            self._timer.stop()
            return
        self._tries += 1
        if self._tries > TRAY_RETRIES:
            log.info("no system tray: the signing bridge listens without an icon")
            self._timer.stop()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            bring_to_front(self.window)

    def hide(self) -> None:
        self._timer.stop()
        self.icon.hide()
