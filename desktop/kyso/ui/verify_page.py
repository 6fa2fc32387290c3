"""The verify page: open signed PDFs (files, folders, drag and drop), see each signature's
conclusion, its details and where it sits on the page, and export a report (PDF, JSON).

Verification runs off the GUI thread (:class:`VerifyJob`: a Python thread iterating
:func:`kyso.core.verify.validation.verify_many`, which spreads many files over worker processes);
results stream in by signals as they finish, with a progress bar and a cancel button.
Widgets are only touched on the GUI thread.
"""

from __future__ import annotations

import html
import json
import logging
import os
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QMarginsF,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
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
    vn_display,
)
from kyso.ui import workers as background
from kyso.ui.save_asker import SaveAsker

log = logging.getLogger(__name__)

ROLE_DOC = Qt.ItemDataRole.UserRole + 1
ROLE_SIG = Qt.ItemDataRole.UserRole + 2


class VerifyJob(QObject):
    """Verifies files on a background thread; results arrive by signals, in order of
    completion. ``cancel()`` stops it soon (files not started are dropped)."""

    result_ready = Signal(object, object)
    """(job, DocumentResult)"""
    progress = Signal(object, int, int)
    """(job, done, total)"""
    failed = Signal(object, object)
    """(job, KysoError): the job stopped on an error (``done`` follows, not complete)."""
    done = Signal(object, bool)
    """(job, complete): complete is False when cancelled or failed."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        checker: Any = None,
        online: bool = True,
        workers: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = list(paths)
        self.checker = checker
        self.online = online
        self.workers = workers
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kyso-verify", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        failed = False
        try:
            from kyso.core.verify.validation import verify_many

            checker = self.checker
            if checker is None:
                from kyso.core.checkup.certificate import make_checker
                from kyso.core.settings import load_settings

                loaded = load_settings()
                checker = make_checker(loaded.values, loaded.paths)
            for result in verify_many(
                self.paths,
                workers=self.workers,
                checker=checker,
                online=self.online,
                cancel=self._cancel,
                progress=lambda d, t: self.progress.emit(self, d, t),
            ):
                self.result_ready.emit(self, result)
        except KysoError as exc:
            log.warning("verification stopped: %s", exc)
            failed = True
            self.failed.emit(self, exc)
        except Exception as exc:  # never let a worker thread die silently
            log.error("verification failed: %s", "".join(traceback.format_exception(exc)))
            failed = True
            self.failed.emit(self, unexpected_error(exc))
        self.done.emit(self, not failed and not self._cancel.is_set())


def unexpected_error(exc: BaseException) -> KysoError:
    """An error Kyso did not foresee, in words a user can act on (the details go to the log)."""
    return KysoError(
        f"Lỗi không mong đợi khi kiểm tra chữ ký: {type(exc).__name__}. Hãy thử lại; nếu vẫn "
        "lỗi, gửi tệp nhật ký cho bộ phận CNTT.",
        f"Unexpected error while checking signatures: {type(exc).__name__}. Try again; if it "
        "persists, send the log file to IT.",
        code="unexpected",
    )


def write_report_pdf(report_html: str, title: str, path: Path, overwrite: bool) -> Path:
    """Render ``report_html`` to an A4 PDF at ``path`` (temporary file, then renamed into
    place). Runs on any thread: the document and the writer belong to the caller's thread."""
    from kyso.core.inventory.report_files import write_atomically  # loads openpyxl: only to export

    def write(tmp: Path) -> None:
        doc = QTextDocument()
        doc.setHtml(report_html)
        writer = QPdfWriter(str(tmp))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setTitle(title)
        writer.setCreator("Kyso")
        doc.print_(writer)
        del writer  # finishes the file

    return write_atomically(Path(path), write, overwrite=overwrite)


def write_report_json(data: Any, path: Path, overwrite: bool) -> Path:
    """Write ``data`` as UTF-8 JSON at ``path`` (temporary file, then renamed into place)."""
    from kyso.core.inventory.report_files import write_atomically

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return write_atomically(
        Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"), overwrite=overwrite
    )


class MarkedPdfView(QPdfView):
    """A QPdfView (single page, fit in view) that outlines one box on the current page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.SinglePage)
        self.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._mark: tuple[int, QRectF] | None = None

    def show_box(self, page: int, box: tuple[float, float, float, float] | None) -> None:
        """Jump to ``page`` (0-based) and outline ``box`` (PDF points, lower-left origin)."""
        nav = self.pageNavigator()
        nav.jump(page, QPointF(0, 0), 0)
        if box is None:
            self._mark = None
        else:
            x1, y1, x2, y2 = box
            self._mark = (page, QRectF(x1, y1, x2 - x1, y2 - y1))
        self.viewport().update()

    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    @property
    def marked(self) -> tuple[int, QRectF] | None:
        return self._mark

    def mark_rect(self) -> QRectF | None:
        """The outlined box in viewport pixels (None when nothing is marked or shown)."""
        doc = self.document()
        if self._mark is None or doc is None or doc.pageCount() == 0:
            return None
        page, box = self._mark
        if page != self.current_page():
            return None
        size = doc.pagePointSize(page)
        if size.width() <= 0 or size.height() <= 0:
            return None
        m = self.documentMargins()
        vw = self.viewport().width() - m.left() - m.right()
        vh = self.viewport().height() - m.top() - m.bottom()
        scale = min(vw / size.width(), vh / size.height())
        pw = size.width() * scale
        left = m.left() + (vw - pw) / 2 - self.horizontalScrollBar().value()
        top = m.top() - self.verticalScrollBar().value()
        return QRectF(
            left + box.x() * scale,
            top + (size.height() - box.y() - box.height()) * scale,
            box.width() * scale,
            box.height() * scale,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect = self.mark_rect()
        if rect is None:
            return
        painter = QPainter(self.viewport())
        pen = QPen(QColor(220, 30, 30))
        pen.setWidth(3)
        painter.setPen(pen)
        painter.setBrush(QColor(220, 30, 30, 40))
        painter.drawRect(rect)
        painter.end()


class VerifyPage(QWidget):
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
        for w in (self.open_button, self.folder_button, self.offline_box):
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
        prog.addWidget(self.hint, 1)
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.cancel_button)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._on_current)
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
        self._pdf_doc.load(self._pdf_path)
        self.preview.show_box(*self._pdf_box)

    # -- details and report --------------------------------------------------------------
    def details_html(self, result: DocumentResult, sig: SignatureResult | None) -> str:
        e = html.escape
        lang = self.language
        parts = [f"<h3>{e(Path(result.file).name)}</h3>"]
        parts.append(
            f"<p><b>{e(self.conclusion_label(result.status))}</b> — {e(result.summary(lang))}</p>"
        )
        if result.error is not None:
            return "".join(parts)
        sigs = [sig] if sig is not None else result.signatures
        for s in sigs:
            parts.append(self._signature_html(s))
        return "".join(parts)

    def _signature_html(self, s: SignatureResult) -> str:
        e = html.escape
        lang = self.language
        yes, no = self.tr("yes"), self.tr("no")
        coverage = {
            "entire_file": self.tr("the whole file"),
            "entire_revision": self.tr("the whole signed revision (updated later)"),
            "partial": self.tr("only part of the document"),
        }[s.coverage]
        mods = {
            "none": self.tr("none"),
            "allowed": self.tr("allowed changes (signatures, form filling, validation data)"),
            "not_allowed": self.tr("changes that are NOT allowed"),
        }[s.modifications]
        revocation = {
            "good": self.tr("not revoked"),
            "revoked": self.tr("REVOKED"),
            "unknown": self.tr("not known"),
        }[s.revocation.status]
        source = {
            "embedded": self.tr("data embedded in the document"),
            "cached": self.tr("cached data"),
            "online": self.tr("online look-up"),
            None: "—",
        }[s.revocation.source]
        reform = {
            "current": self.tr("on the new model"),
            "needs_change": self.tr("needs a change of information"),
            "unit_abolished": self.tr("district-level unit abolished"),
            "unknown": self.tr("not determined"),
        }.get((s.reform or {}).get("status") or "", "—")
        rows = [
            (
                self.tr("Conclusion"),
                f"{s.conclusion_text(lang)}"
                + (
                    f" ({s.conclusion} / {s.sub_indication})"
                    if s.sub_indication
                    else f" ({s.conclusion})"
                ),
            ),
            (self.tr("Signer"), s.signer_name or "—"),
            (self.tr("Organization"), s.signer_organization or "—"),
            (self.tr("Certificate SHA-256"), s.signer_sha256 or "—"),
            (self.tr("Two-tier model"), reform),
            (self.tr("Signing time (claimed)"), vn_display(s.signing_time)),
            (self.tr("Timestamp"), vn_display(s.timestamp_time) if s.timestamp_time else "—"),
            (self.tr("Intact"), yes if s.intact else no),
            (self.tr("Signature covers"), coverage),
            (self.tr("Changes after signing"), mods),
            (self.tr("Trusted at signing time"), yes if s.trusted_at_signing else no),
            (self.tr("Trusted now"), yes if s.trusted_now else no),
            (self.tr("Revocation"), f"{revocation} ({source})"),
            (self.tr("PAdES level"), s.level or "—"),
        ]
        if s.appearance is not None:
            x1, y1, x2, y2 = s.appearance.box
            rows.append(
                (
                    self.tr("Visible signature"),
                    self.tr("page %1").replace("%1", str(s.appearance.page + 1))
                    + f" ({x1:.0f}, {y1:.0f}) – ({x2:.0f}, {y2:.0f})",
                )
            )
        table = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(str(v))}</td></tr>" for k, v in rows)
        reasons = "".join(f"<li>{e(r.message(lang))}</li>" for r in s.reasons)
        chain = " → ".join(e(c) for c in s.chain) or "—"
        # tr() outside the f-strings: lupdate does not look inside them.
        heading = self.tr("Signature “%1”").replace("%1", s.field)
        chain_label = self.tr("Chain")
        return (
            f"<h4>{e(heading)}</h4>"
            f"<table cellspacing='2'>{table}</table>"
            f"<ul>{reasons}</ul>"
            f"<p><small>{e(chain_label)}: {chain}</small></p>"
        )

    def report_html(self) -> str:
        e = html.escape
        parts = [
            '<html><body style=\'font-family: "Liberation Serif", "Times New Roman", serif\'>',
            "<h2>" + e(self.tr("Signature verification report")) + "</h2>",
        ]
        for result in self.results:
            parts.append(self.details_html(result, None))
            parts.append("<hr/>")
        parts.append("</body></html>")
        return "".join(parts)

    def _report_json(self) -> list[dict[str, Any]]:
        return [r.to_json(self.language, details=True) for r in self.results]

    def export_pdf(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write a printable report of every result (A4 PDF) on the calling thread; the
        buttons use :meth:`start_export_pdf`, which writes in a worker."""
        return write_report_pdf(
            self.report_html(), self.tr("Signature verification report"), Path(path), overwrite
        )

    def export_json(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the results as JSON on the calling thread (see :meth:`start_export_json`)."""
        return write_report_json(self._report_json(), Path(path), overwrite)

    def start_export_pdf(self, path: str | Path, overwrite: bool = False) -> None:
        """Write the PDF report in a worker; :attr:`exported` or :attr:`failed` follows.
        ``overwrite`` only when the user said to replace an existing file."""
        self._start_export(
            write_report_pdf,
            self.report_html(),
            self.tr("Signature verification report"),
            Path(path),
            overwrite,
        )

    def start_export_json(self, path: str | Path, overwrite: bool = False) -> None:
        self._start_export(write_report_json, self._report_json(), Path(path), overwrite)

    def _start_export(self, fn: Callable[..., Path], *args: Any) -> None:
        self._exporting = True
        self._update_buttons()
        self.hint.setText(self.tr("Writing the report…"))
        background.start(fn, *args, on_done=self._export_done, on_error=self._export_failed)

    def _export_done(self, path: Path) -> None:
        self._exporting = False
        self._update_buttons()
        self.hint.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.exported.emit(str(path))

    def _export_failed(self, err: KysoError) -> None:
        self._exporting = False
        self._update_buttons()
        self.hint.setText(err.message(self.language))
        self.failed.emit(err)

    def choose_export_pdf(self) -> None:
        self._choose_export(
            self.tr("Export report (PDF)"), "PDF (*.pdf)", "pdf", self.start_export_pdf
        )

    def choose_export_json(self) -> None:
        self._choose_export(
            self.tr("Export JSON"), "JSON (*.json)", "json", self.start_export_json
        )

    def _choose_export(
        self, title: str, name_filter: str, suffix: str, write: Callable[[Path, bool], None]
    ) -> None:
        asker = SaveAsker(self, title, [(name_filter, suffix)], f"kyso-verify.{suffix}")
        asker.chosen.connect(write)
        self.save_asker = asker
        asker.open()

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
