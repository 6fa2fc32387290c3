"""Asking for a PIN: a dialog on the GUI thread, a prompter the worker thread blocks on."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kyso.core.tokens.pin_store import PinStore
from kyso.core.tokens.sessions import PinRequest


class PinDialog(QDialog):
    """Shows the token, the PIN state (tries left), and a masked PIN field."""

    def __init__(self, request: PinRequest, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.setWindowTitle(self.tr("Enter PIN"))
        # Never hidden behind other windows (a complaint about today's tools).
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setModal(True)
        layout = QVBoxLayout(self)
        token = request.token
        purpose = request.purpose_en if language == "en" else request.purpose_vi
        title = QLabel(f"<b>{purpose}</b>")
        layout.addWidget(title)
        demo = " [DEMO]" if token.is_demo else ""
        layout.addWidget(
            QLabel(
                self.tr("Token: %1 (serial %2)")
                .replace("%1", token.label + demo)
                .replace("%2", token.serial)
            )
        )
        self.state_label = QLabel(request.pin_state.describe(language))
        self.state_label.setObjectName("pinState")
        self.state_label.setWordWrap(True)
        if request.pin_state.final_try or request.pin_state.count_low:
            self.state_label.setStyleSheet("color: #b00020; font-weight: bold;")
        layout.addWidget(self.state_label)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(self.tr("PIN"))
        layout.addWidget(self.pin_edit)
        self.remember = QCheckBox(self.tr("Remember this token's PIN in the system keyring"))
        self.remember.setObjectName("rememberPin")
        self.remember.setToolTip(
            self.tr("Allowed by IT on this machine. Kyso then logs in without asking.")
        )
        self.remember.setVisible(request.can_remember)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def take_pin(self) -> str:
        """The PIN, cleared from the field at once."""
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        return pin


class _PendingAnswer:
    """One PIN request's answer, handed from the GUI thread to the waiting worker."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self._pin: str | None = None

    def answer(self, pin: str | None) -> None:
        self._pin = pin
        self.done.set()

    def take(self) -> str | None:
        pin, self._pin = self._pin, None
        return pin


class GuiPinPrompter(QObject):
    """A :class:`kyso.core.tokens.sessions.PinPrompter` for worker threads.

    ``ask_pin`` is called on a worker thread; it asks the GUI thread to show the dialog
    (queued signal) and waits for the answer.
    """

    _ask = Signal(object, object)
    pinpad = Signal(bool, object)
    shared_login = Signal(object)
    """The token was already logged in by Kyso: no PIN asked (PinRequest)."""

    def __init__(self, parent: QWidget, language: str) -> None:
        super().__init__(parent)  # lives as long as its window (dialogs call back into it)
        self.pin_store: PinStore | None = None
        """The OS keyring where IT allows it (read by :func:`kyso.core.tokens.sessions.login`)."""
        self.parent_widget = parent
        self.language = language
        # One PIN dialog at a time: a second login waits for the first to be answered, and
        # each request carries its own answer, so a PIN can never reach the wrong token.
        self._one_at_a_time = threading.Lock()
        self._closed = threading.Event()
        self._ask.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.last_dialog: PinDialog | None = None

    def ask_pin(self, request: PinRequest) -> str | None:
        with self._one_at_a_time:
            if self._closed.is_set():
                return None
            pending = _PendingAnswer()
            self._ask.emit(request, pending)
            while not pending.done.wait(0.2):
                if self._closed.is_set():  # the window is closing: answer "cancelled"
                    return None
            return pending.take()

    def shutdown(self) -> None:
        """Release any worker waiting for a PIN (as cancelled); ask no more."""
        self._closed.set()

    @Slot(object, object)
    def _show(self, request: PinRequest, pending: _PendingAnswer) -> None:
        if self._closed.is_set():
            pending.answer(None)
            return
        dialog = PinDialog(request, self.language, self.parent_widget)
        self.last_dialog = dialog
        dialog.finished.connect(lambda result: self._finish(dialog, result, pending))
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()

    def _finish(self, dialog: PinDialog, result: int, pending: _PendingAnswer) -> None:
        accepted = result == QDialog.DialogCode.Accepted
        dialog.request.remember = (
            accepted and dialog.request.can_remember and dialog.remember.isChecked()
        )
        pending.answer(dialog.take_pin() if accepted else None)
        self.last_dialog = None
        dialog.deleteLater()

    def pinpad_started(self, request: PinRequest) -> None:
        self.pinpad.emit(True, request)

    def pinpad_finished(self) -> None:
        self.pinpad.emit(False, None)

    def already_logged_in(self, request: PinRequest) -> None:
        """Called by core's login (worker thread) when the token's login is shared: nothing
        was checked and no PIN was asked; the window says so ("đã đăng nhập")."""
        self.shared_login.emit(request)
