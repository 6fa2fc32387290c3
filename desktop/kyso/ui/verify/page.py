"""The verify page: open signed PDFs (files, folders, drag and drop), see each signature's
conclusion, its details and where it sits on the page, and export a report (PDF, JSON).

Verification runs off the GUI thread (:class:`kyso.ui.verify.job.VerifyJob`: a Python
thread iterating :func:`kyso.core.verify.validation.verify_many`, which spreads many files
over worker processes); results stream in by signals as they finish, with a progress bar
and a cancel button. Widgets are only touched on the GUI thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kyso.core.errors import KysoError
from kyso.core.verify.report import (
    ERROR,
    FAILED,
    PASSED,
    STATUS_INDETERMINATE,
    DocumentResult,
    SignatureResult,
)
from kyso.ui.save_asker import SaveAsker
from kyso.ui.verify.job import VerifyJob
from kyso.ui.verify.preview import MarkedPdfView
from kyso.ui.verify.report import VerifyReportMixin

log = logging.getLogger(__name__)


ROLE_DOC = Qt.ItemDataRole.UserRole + 1
ROLE_SIG = Qt.ItemDataRole.UserRole + 2


class VerifyPage(VerifyReportMixin, QWidget):
    """Documents and their signatures, details, preview, export."""

    results_changed = Signal()
    finished = Signal(bool)
    failed = Signal(object)
    """A KysoError: checking or exporting stopped on an error (also shown on the page)."""
    exported = Signal(str)
    """The file an export wrote."""

    def __init__(
        self,
        checker: Any = None,
        *,
        language: str = "vi",
        workers: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.checker = checker
        self.language = language
        self.workers = workers
        self.results: list[DocumentResult] = []
        self.job: VerifyJob | None = None
        self._jobs: set[VerifyJob] = set()
        """Every job whose thread may still run (cancelled ones too), for shutdown."""
        self._job_error: KysoError | None = None
        self.save_asker: SaveAsker | None = None
        self._exporting = False
        self._pdf_doc = QPdfDocument(self)
        self._pdf_path: str | None = None
        """The document shown in the preview, or about to be loaded."""
        self._pdf_pending = False
        self._pdf_box: tuple[int, Any] = (0, None)
        self.setAcceptDrops(True)

        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_folder)
        self.offline_box = QCheckBox()
        self.export_pdf_button = QPushButton()
        self.export_pdf_button.clicked.connect(self.choose_export_pdf)
        self.export_json_button = QPushButton()
        self.export_json_button.clicked.connect(self.choose_export_json)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        top = QHBoxLayout()
        for w in (self.open_button, self.folder_button):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.export_pdf_button, self.export_json_button, self.clear_button):
            top.addWidget(w)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        prog = QHBoxLayout()
        prog.addWidget(self.offline_box)
        prog.addWidget(self.hint, 1)
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.cancel_button)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._on_current)
        # names get the room; the conclusion column is as wide as its words
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        self.preview = MarkedPdfView()
        self.preview.setDocument(self._pdf_doc)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.details)
        right.addWidget(self.preview)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(prog)
        layout.addWidget(split, 1)
        self.retranslate()
        self._update_buttons()

    # -- texts ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open PDF files…"))
        self.folder_button.setText(self.tr("Open a folder…"))
        self.offline_box.setText(self.tr("Offline (no revocation look-ups)"))
        self.export_pdf_button.setText(self.tr("Export report (PDF)…"))
        self.export_json_button.setText(self.tr("Export JSON…"))
        self.clear_button.setText(self.tr("Clear"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.tree.setHeaderLabels([self.tr("Document / signature"), self.tr("Conclusion")])
        if not self.results and self.job is None:
            self.hint.setText(
                self.tr("Drop signed PDF files or folders here, or open them with the buttons.")
            )
        for i in range(self.tree.topLevelItemCount()):
            self._label_doc(self.tree.topLevelItem(i))
        self._on_current(self.tree.currentItem(), None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, code: str) -> None:
        self.language = "en" if code == "en" else "vi"
        self.retranslate()

    def set_checker(self, checker: Any) -> None:
        self.checker = checker

    def conclusion_label(self, status: str) -> str:
        return {
            PASSED: self.tr("Valid"),
            STATUS_INDETERMINATE: self.tr("Indeterminate"),
            FAILED: self.tr("Invalid"),
            ERROR: self.tr("Could not be checked"),
        }[status]

    def status_icon(self, status: str) -> QIcon:
        pixmap = {
            PASSED: QStyle.StandardPixmap.SP_DialogApplyButton,
            STATUS_INDETERMINATE: QStyle.StandardPixmap.SP_MessageBoxWarning,
            FAILED: QStyle.StandardPixmap.SP_MessageBoxCritical,
            ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
        }[status]
        return self.style().standardIcon(pixmap)

    # -- opening -------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open signed PDF files"), "", self.tr("PDF files (*.pdf)")
        )
        if files:
            self.open_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of PDF files"))
        if folder:
            self.open_paths([folder])

    def open_paths(self, paths: Iterable[str | Path]) -> None:
        """Verify these files and folders (all PDFs inside); results stream into the list."""
        paths = [str(p) for p in paths]
        if not paths:
            return
        if self.job is not None:
            self.cancel()
        job = VerifyJob(
            paths,
            checker=self.checker,
            online=not self.offline_box.isChecked(),
            workers=self.workers,
            parent=self,
        )
        job.result_ready.connect(self._add_result)
        job.progress.connect(self._on_progress)
        job.failed.connect(self._on_failed)
        job.done.connect(self._on_done)
        self.job = job
        self._jobs.add(job)
        self._job_error = None
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.hint.setText(self.tr("Checking signatures…"))
        self._update_buttons()
        job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.hint.setText(self.tr("Cancelling…"))

    def is_busy(self) -> bool:
        return self.job is not None

    def clear(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None  # what it still sends is dropped
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
            self.hint.setText(
                self.tr("Drop signed PDF files or folders here, or open them with the buttons.")
            )
        self.results.clear()
        self.tree.clear()
        self.details.clear()
        self._show_pdf(None, None)
        self._update_buttons()
        self.results_changed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if p and (os.path.isdir(p) or p.lower().endswith(".pdf"))]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)
        else:
            event.ignore()

    # -- results -------------------------------------------------------------------------
    def _on_progress(self, job: VerifyJob, done: int, total: int) -> None:
        if job is not self.job:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.hint.setText(
            self.tr("Checked %1 of %2 files").replace("%1", str(done)).replace("%2", str(total))
        )

    def _on_failed(self, job: VerifyJob, err: KysoError) -> None:
        if job is not self.job:
            return
        self._job_error = err
        self.failed.emit(err)

    def _release(self, job: VerifyJob) -> None:
        """Delete a finished job once its thread has returned from its last emit (deleting a
        sender while another thread is inside its signal emission is undefined)."""
        if job.is_running():
            QTimer.singleShot(20, self, lambda: self._release(job))
            return
        self._jobs.discard(job)
        job.deleteLater()

    def _on_done(self, job: VerifyJob, complete: bool) -> None:
        self._release(job)
        if job is not self.job:
            return
        self.job = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        if self._job_error is not None:
            self.hint.setText(self._job_error.message(self.language))
            self._update_buttons()
            self.finished.emit(False)
            return
        counts = {s: sum(1 for r in self.results if r.status == s) for s in (PASSED, FAILED)}
        if complete:
            text = self.tr("%1 documents checked: %2 valid, %3 with an invalid signature")
        else:
            text = self.tr("Cancelled after %1 documents: %2 valid, %3 with an invalid signature")
        self.hint.setText(
            text.replace("%1", str(len(self.results)))
            .replace("%2", str(counts[PASSED]))
            .replace("%3", str(counts[FAILED]))
        )
        self._update_buttons()
        self.finished.emit(complete)

    def _add_result(self, job: VerifyJob, result: DocumentResult) -> None:
        if job is not self.job:
            return
        self.results.append(result)
        item = QTreeWidgetItem()
        item.setData(0, ROLE_DOC, len(self.results) - 1)
        self.tree.addTopLevelItem(item)
        for index, _sig in enumerate(result.signatures):
            child = QTreeWidgetItem()
            child.setData(0, ROLE_DOC, len(self.results) - 1)
            child.setData(0, ROLE_SIG, index)
            item.addChild(child)
        self._label_doc(item)
        item.setExpanded(True)
        if self.tree.currentItem() is None:
            self.tree.setCurrentItem(item.child(0) if item.childCount() else item)
        self._update_buttons()
        self.results_changed.emit()

    def _label_doc(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        result = self.results[int(item.data(0, ROLE_DOC))]
        item.setText(0, Path(result.file).name)
        item.setToolTip(0, result.file)
        item.setText(1, self.conclusion_label(result.status))
        item.setIcon(1, self.status_icon(result.status))
        for i in range(item.childCount()):
            child = item.child(i)
            sig = result.signatures[int(child.data(0, ROLE_SIG))]
            who = sig.signer_name or sig.field
            child.setText(0, f"{who} — {sig.field}")
            child.setText(1, sig.conclusion_text(self.language))
            child.setIcon(1, self.status_icon(sig.status))
            child.setToolTip(1, sig.reasons[0].message(self.language) if sig.reasons else "")

    def selected(self) -> tuple[DocumentResult | None, SignatureResult | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        result = self.results[int(item.data(0, ROLE_DOC))]
        sig_index = item.data(0, ROLE_SIG)
        sig = result.signatures[int(sig_index)] if sig_index is not None else None
        return result, sig

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        result, sig = self.selected()
        if result is None:
            return
        self.details.setHtml(self.details_html(result, sig))
        if result.status == ERROR:
            self._show_pdf(None, None)
            return
        sig = sig or (result.signatures[0] if result.signatures else None)
        appearance = sig.appearance if sig is not None else None
        self._show_pdf(result.file, appearance)

    def _show_pdf(self, path: str | None, appearance: Any) -> None:
        """Show ``path`` in the preview with the signature's box. Loading a PDF parses the
        file, so it is deferred out of the selection handler, and a document already shown
        (or about to be) is never loaded again."""
        if path is None:
            self._pdf_pending = False
            self._pdf_path = None
            self._pdf_box = (0, None)
            if self._pdf_doc.status() != QPdfDocument.Status.Null:
                self._pdf_doc.close()
            self.preview.set_source(None)
            self.preview.show_box(0, None)
            return
        self._pdf_box = (appearance.page, appearance.box) if appearance is not None else (0, None)
        if path == self._pdf_path:
            if not self._pdf_pending:
                self.preview.show_box(*self._pdf_box)
            return
        self._pdf_path = path
        self._pdf_pending = True
        if self._pdf_doc.status() != QPdfDocument.Status.Null:
            self._pdf_doc.close()
        self.preview.show_box(0, None)
        QTimer.singleShot(0, self, self._load_pending_pdf)

    def _load_pending_pdf(self) -> None:
        if not self._pdf_pending or self._pdf_path is None:
            return  # cleared, or already loaded by an earlier timer
        self._pdf_pending = False
        self.preview.set_source(Path(self._pdf_path))  # drawn with its signatures
        self._pdf_doc.load(self._pdf_path)
        self.preview.show_box(*self._pdf_box)

    def _update_buttons(self) -> None:
        has = bool(self.results) and not self._exporting
        self.export_pdf_button.setEnabled(has)
        self.export_json_button.setEnabled(has)
        self.clear_button.setEnabled(bool(self.results) or self.job is not None)

    def shutdown(self) -> None:
        self.job = None
        for job in list(self._jobs):
            job.cancel()
        for job in list(self._jobs):
            job.wait(10)
        self._jobs.clear()


def url_list(paths: Iterable[str | Path]) -> list[QUrl]:
    """File URLs for drag-and-drop (used by tests and by the main window)."""
    return [QUrl.fromLocalFile(str(Path(p).resolve())) for p in paths]
