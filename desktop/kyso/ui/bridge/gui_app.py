"""The core bridge's :class:`~kyso.core.bridge.server.BridgeApp`, answered by windows.

The bridge calls from its own worker thread; each question is handed to the GUI thread by a
queued signal and the worker waits for the answer (or gives up after ``answer_timeout``: an
unanswered window counts as "no"). Signing itself runs back on the worker thread through
``sign_files`` — the same core signing call the Sign page makes — so the GUI never blocks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kyso.core.bridge.server import SignJob, SignOutcome
from kyso.core.errors import KysoError
from kyso.ui.bridge.consent import Assessment, CertificateChoice, ConsentAnswer, ConsentDialog

SignFiles = Callable[[SignJob, ConsentAnswer], list[Path]]
"""Signs the job's documents as the user consented (certificate, placement, item 4's reason;
PIN through the GUI prompter); returns the signed files or raises :class:`KysoError`. Runs on
the bridge's worker thread."""
Assess = Callable[[SignJob, CertificateChoice], Assessment]
"""The policy's word on a certificate for the job before consent (item 4 applies?); runs in
a worker thread while the window is open."""


class _Pending:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.dialog: QDialog | None = None
        """The window asking (GUI thread); closed when the bridge stops waiting."""

    def answer(self, value: Any) -> None:
        self.value = value
        self.done.set()


class GuiBridgeApp(QObject):
    _ask_origin = Signal(str, object)
    _ask_consent = Signal(object, object, object)
    _expired = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        certificates: Callable[[], list[CertificateChoice]],
        sign_files: SignFiles,
        *,
        verify: Callable[[Path], dict[str, Any]] | None = None,
        assess: Assess | None = None,
        answer_timeout: float = 300.0,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.certificates = certificates
        self.sign_files = sign_files
        self._verify = verify
        self.assess = assess
        self.answer_timeout = answer_timeout
        self.last_dialog: QDialog | None = None
        self._ask_origin.connect(self._show_origin, Qt.ConnectionType.QueuedConnection)
        self._ask_consent.connect(self._show_consent, Qt.ConnectionType.QueuedConnection)
        self._expired.connect(self._close_expired, Qt.ConnectionType.QueuedConnection)

    # -- called on the bridge's thread -----------------------------------------------------
    def _wait(self, pending: _Pending, cancelled: threading.Event | None = None) -> Any:
        """The window's answer; None when it is not given within ``answer_timeout`` or
        ``cancelled`` is set first (the page went away, Kyso quits): the window closes."""
        end = time.monotonic() + self.answer_timeout
        while True:
            left = end - time.monotonic()
            step = left if cancelled is None else min(left, 0.2)
            if pending.done.wait(max(step, 0.0)):
                return pending.value
            if left <= 0 or (cancelled is not None and cancelled.is_set()):
                # the page has its "no" answer: the window must not stay open looking live
                self._expired.emit(pending)
                return None

    def ask_origin(self, origin: str) -> bool | None:
        pending = _Pending()
        self._ask_origin.emit(origin, pending)
        return self._wait(pending)

    def sign(self, job: SignJob) -> SignOutcome:
        pending = _Pending()
        self._ask_consent.emit(job, self.certificates(), pending)
        answer = self._wait(pending, job.cancelled)
        if answer is None:
            return SignOutcome(None)
        try:
            return SignOutcome(self.sign_files(job, answer))
        except KysoError as exc:
            if exc.code in ("sign_cancelled", "pin_cancelled"):
                return SignOutcome(None)
            return SignOutcome(None, exc)

    def verify(self, document: Path) -> dict[str, Any]:
        if self._verify is None:  # never an empty success
            raise KysoError(
                "Kyso này không kiểm tra được chữ ký qua cầu nối.",
                "This Kyso cannot verify signatures through the bridge.",
                code="bridge_verify_unavailable",
            )
        return self._verify(document)

    def certificate_info(self, origin: str) -> dict[str, Any] | None:
        choices = self.certificates()
        if not choices:
            return None
        return {"Subject": choices[0].label}

    # -- on the GUI thread -----------------------------------------------------------------
    @Slot(object)
    def _close_expired(self, pending: _Pending) -> None:
        dialog = pending.dialog
        pending.dialog = None
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()

    @Slot(str, object)
    def _show_origin(self, origin: str, pending: _Pending) -> None:
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("A web page asks to use Kyso"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # the origin is the page's words
        box.setText(self.tr("Allow %1 to use Kyso for signing?").replace("%1", origin))
        box.setInformativeText(self.tr(
            "Kyso will still show every document and ask before each signature."))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.last_dialog = box
        pending.dialog = box
        box.finished.connect(lambda result: pending.answer(
            result == QMessageBox.StandardButton.Yes))
        box.open()

    @Slot(object, object, object)
    def _show_consent(self, job: SignJob, choices: list[CertificateChoice],
                      pending: _Pending) -> None:
        assess = self.assess
        dialog = ConsentDialog(
            job.origin, job.profile, job.documents, job.names, choices,
            doc_number=job.doc_number,
            assess=(lambda choice: assess(job, choice)) if assess is not None else None,
            parent=self.parent_widget,
            language=getattr(self.parent_widget, "language", "vi"),
        )
        self.last_dialog = dialog
        pending.dialog = dialog

        def finished(result: int) -> None:
            pending.answer(dialog.answer() if result == QDialog.DialogCode.Accepted else None)
            self.last_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()
