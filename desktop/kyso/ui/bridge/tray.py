"""The tray icon that says the signing bridge is listening, with its menu: "Mở Kyso" shows
the window (hidden in a background start), "Thoát" ends Kyso and the bridge.

At login the desktop's tray may come up after Kyso: the icon is shown as soon as a tray is
available (checked again for a few minutes), never before — without a tray Qt only warns.

While a web page's signing call is under way, the tooltip says what it is doing ("Đang tải
lên 3/10 cho https://…") and the menu has a "Hủy: …" entry for it, which cancels that call
(:meth:`kyso.core.bridge.server.BridgeServer.cancel`): its download or upload is cut and the
page is answered "cancelled".
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QIcon
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
    """The icon; a click on it shows the window, its menu offers the same and "Quit", and
    a "Cancel" entry per signing call under way."""

    cancel_requested = Signal(int)
    """The user cancelled the signing call with this number."""
    _reported = Signal(object)

    def __init__(self, window: Any, port: int = PORT) -> None:
        super().__init__(window)
        self.window = window
        self.port = port
        """Where the bridge listens, said in the tooltip (8987 unless moved for tests: the
        tooltip said 8987 whatever the port was)."""
        self.transfers: dict[int, Any] = {}
        """The calls under way (:class:`~kyso.core.bridge.server.Transfer`) by number."""
        self._cancel_actions: dict[int, QAction] = {}
        self._reported.connect(self.show_transfer, Qt.ConnectionType.QueuedConnection)
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
        lines = [self.tr(
            "Kyso is listening for signing requests from web pages (127.0.0.1:%1)")
            .replace("%1", str(self.port))]
        for number, transfer in self.transfers.items():
            text = self.transfer_text(transfer)
            lines.append(text)
            self._cancel_actions[number].setText(self.tr("Cancel: %1").replace("%1", text))
        self.icon.setToolTip("\n".join(lines))

    def report(self, transfer: Any) -> None:
        """:attr:`BridgeServer.on_progress`: called on the bridge's threads."""
        self._reported.emit(transfer)

    def transfer_text(self, transfer: Any) -> str:
        """What a call is doing, in the user's language."""
        numbers = {"%1": str(min(transfer.done + 1, transfer.total)), "%2": str(transfer.total),
                   "%3": transfer.origin}
        if transfer.stage == "download":
            text = self.tr("Downloading %1/%2 for %3…")
        elif transfer.stage == "upload":
            text = self.tr("Uploading %1/%2 to %3…")
        elif transfer.stage == "waiting":
            text = self.tr("Waiting for the signing window: %3")
        else:
            text = self.tr("Signing for %3…")
        for key, value in numbers.items():
            text = text.replace(key, value)
        return text

    @Slot(object)
    def show_transfer(self, transfer: Any) -> None:
        """A call's new step (GUI thread): the tooltip and its "Cancel" entry follow it."""
        number = transfer.call
        if transfer.stage == "done":
            self.transfers.pop(number, None)
            action = self._cancel_actions.pop(number, None)
            if action is not None:
                self.menu.removeAction(action)
                action.deleteLater()
        else:
            self.transfers[number] = transfer
            if number not in self._cancel_actions:
                action = QAction(self.menu)
                action.setObjectName(f"trayCancel{number}")
                action.triggered.connect(lambda _=False, n=number: self.cancel_requested.emit(n))
                self.menu.insertAction(self.menu.act_open, action)
                self._cancel_actions[number] = action
        self.retranslate()

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
