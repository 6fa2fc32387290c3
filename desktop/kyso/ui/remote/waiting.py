"""The remote signing prompter for the GUI (:class:`kyso.core.remote.provider.RemotePrompter`).

Called on a worker thread; every window is shown on the GUI thread (queued signals) and the
worker waits for the answer. While a request waits on the phone, :class:`WaitingDialog`
shows the documents sent, a countdown to the service's deadline, and Cancel — which sets the
batch's cancel event, so polling stops at once and nothing is signed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)


class WaitingDialog(QDialog):
    def __init__(self, documents: Sequence[str], deadline_s: float,
                 cancel: threading.Event | None, parent: QWidget | None = None,
                 part: tuple[int, int] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve on your phone"))
        # wide enough for the message on three lines and a document name on one
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.cancel_event = cancel
        self.deadline = time.monotonic() + deadline_s
        self.total = max(1.0, deadline_s)
        layout = QVBoxLayout(self)
        names = list(documents)
        shown = "\n".join(f"• {n}" for n in names[:8]) + ("\n…" if len(names) > 8 else "")
        self.message = QLabel(
            self.tr("The signing request for %1 document(s) was sent to your phone. Open the "
                    "signing app and approve it.").replace("%1", str(len(names))))
        self.message.setWordWrap(True)
        # A batch split into rounds (key.batch_limit) asks one approval per round: say which
        # one this is, as the phone does ("phần k/n"), so the holder expects the next ones.
        self.part = QLabel()
        self.part.setObjectName("part")
        self.part.setWordWrap(True)
        if part is not None:
            k, n = part
            text = self.tr("Part %1/%2").replace("%1", str(k)).replace("%2", str(n))
            if k < n:
                text += " — " + self.tr("after you approve it, the phone will ask for the "
                                        "next part.")
            self.part.setText(text)
            self.part.setStyleSheet("font-weight: bold")
            self.setWindowTitle(self.windowTitle() + " — " + self.tr("part %1/%2")
                                .replace("%1", str(k)).replace("%2", str(n)))
        self.part.setVisible(part is not None)
        layout.addWidget(self.part)
        layout.addWidget(self.message)
        self.documents = QLabel(shown)
        self.documents.setObjectName("documents")
        layout.addWidget(self.documents)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        layout.addWidget(self.countdown)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)  # the time left is said above; "99%" said nothing
        layout.addWidget(self.bar)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel signing"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.start(250)
        self._tick()

    def _tick(self) -> None:
        left = max(0.0, self.deadline - time.monotonic())
        self.countdown.setText(self.tr("Time left: %1 s").replace("%1", f"{left:.0f}"))
        self.bar.setValue(int(1000 * left / self.total))

    def reject(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()  # the worker stops polling; nothing is signed
        self.timer.stop()
        super().reject()

    def close_quietly(self) -> None:
        self.timer.stop()
        self.done(QDialog.DialogCode.Accepted)


class GuiRemotePrompter(QObject):
    _ask = Signal(str, str, object)
    _wait = Signal(object, float)
    _done = Signal()

    def __init__(self, parent: QWidget, cancel: threading.Event | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.cancel = cancel
        self.waiting: WaitingDialog | None = None
        self.last_input: QInputDialog | None = None
        self._ask.connect(self._show_ask, Qt.ConnectionType.QueuedConnection)
        self._wait.connect(self._show_wait, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._close_wait, Qt.ConnectionType.QueuedConnection)

    # -- worker thread -----------------------------------------------------------------------
    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        box: dict[str, str | None] = {}
        done = threading.Event()
        self._ask.emit(kind, prompt_vi, (box, done))
        while not done.wait(0.2):
            if self.cancel is not None and self.cancel.is_set():
                return None
        return box.get("value")

    def waiting_for_approval(self, documents: Sequence[str], deadline_s: float, *,
                             part: tuple[int, int] | None = None) -> None:
        self._wait.emit((list(documents), part), float(deadline_s))

    def approval_finished(self) -> None:
        self._done.emit()

    # -- GUI thread ------------------------------------------------------------------------
    @Slot(str, str, object)
    def _show_ask(self, kind: str, prompt: str, answer: object) -> None:
        box, done = answer  # type: ignore[misc]
        dialog = QInputDialog(self.parent_widget)
        dialog.setWindowTitle(self.tr("Remote signing"))
        dialog.setLabelText(prompt)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        self.last_input = dialog

        def finished(result: int) -> None:
            box["value"] = dialog.textValue() if result == QDialog.DialogCode.Accepted else None
            done.set()
            self.last_input = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    @Slot(object, float)
    def _show_wait(self, request: tuple[list[str], tuple[int, int] | None],
                   deadline_s: float) -> None:
        documents, part = request
        self.waiting = WaitingDialog(documents, deadline_s, self.cancel, self.parent_widget,
                                     part=part)
        self.waiting.open()

    @Slot()
    def _close_wait(self) -> None:
        if self.waiting is not None:
            self.waiting.close_quietly()
            self.waiting.deleteLater()
            self.waiting = None
