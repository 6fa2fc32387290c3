"""The "Sign" page: choose a certificate, a profile and a place, then sign PDFs in a batch.

Everything slow runs off the GUI thread: the policy (trust and two-tier checks when no
cached verdict exists), the login (the PIN dialog is :class:`GuiPinPrompter`'s, shown on the
GUI thread while the worker waits) and the batch (progress, a result per file, cancel
between files). The page mirrors ``kyso sign`` (:mod:`kyso.cli.sign`): same certificate
candidates, same policy inputs, same emergency record and audit entry.

What the page needs from the main window comes through :class:`SigningContext`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from kyso.core.signing.appearance import Profile
from kyso.core.signing.batch import BatchReport
from kyso.core.signing.pades import SIGNED_SUFFIX, Level, SignResult
from kyso.ui import workers
from kyso.ui.sign.appearance import SignAppearanceMixin
from kyso.ui.sign.certificates import SignCertificatesMixin
from kyso.ui.sign.context import SigningContext
from kyso.ui.sign.emergency import EmergencyDialog
from kyso.ui.sign.files import SignFilesMixin
from kyso.ui.sign.memory import MEMORY_FILE, SignMemory
from kyso.ui.sign.models import LEVELS, PROFILES, Candidate
from kyso.ui.sign.placement import PlacementView
from kyso.ui.sign.run import SignRunMixin
from kyso.ui.sign.thumbnails import PageThumbnails
from kyso.ui.widgets.elided_label import ElidedLabel
from kyso.ui.widgets.pdf_page import AppearanceImage
from kyso.ui.widgets.scroll_area import scrollable


class _Bridge(QObject):
    """Per-file results from the worker thread to the GUI thread."""

    file_done = Signal(int, object)


class SignPage(
    SignCertificatesMixin, SignAppearanceMixin, SignFilesMixin, SignRunMixin, QWidget
):
    """Choose certificate, profile, level, image, place; sign a list of PDFs.

    This module builds the page and holds its texts and state; the mixins hold the rest,
    one concern each: the certificate list, the appearance (profile, image, place), the
    files and their preview, and the signing run."""

    finished = Signal(object)
    """The :class:`BatchReport` (or None when signing did not start)."""
    appearance_rendered = Signal()
    """The preview's appearance image was redrawn."""

    COL_FILE, COL_STATUS, COL_OUTPUT = 0, 1, 2

    def __init__(
        self, context: SigningContext, language: str = "vi", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signPage")
        self.context = context
        self.language = "en" if language == "en" else "vi"
        self.files: list[Path] = []
        self.results: dict[int, SignResult] = {}
        self.report: BatchReport | None = None
        self.worker: workers.ProgressWorker | None = None
        self.emergency_dialog: EmergencyDialog | None = None
        self.message_box: QMessageBox | None = None
        self.remote_prompter: Any = None
        """The remote signing prompter of the last remote run (its waiting dialog)."""
        self.fallback_box: QMessageBox | None = None
        self.password_dialog: QInputDialog | None = None
        """The PDF password question, while it is open (tests answer it)."""
        self.repair_box: QMessageBox | None = None
        """The notice that damaged files will be repaired first, while it is open."""
        """The question "sign at B-B instead?" while it is open (the TSA is unreachable)."""
        self.file_dialog: QFileDialog | None = None
        self.now: Callable[[], dt.datetime] | None = None
        """Policy clock (None: now); tests move it."""
        self._candidates: list[Candidate] = []
        self._memory: SignMemory | None = None
        self._image_path: Path | None = None
        self._busy = False
        self._listing = 0
        """Folders being listed by workers (the Sign button waits for them)."""
        self._preview_path: Path | None = None
        self._preview_signatures: list = []
        """Visible signatures already in the previewed file (:class:`SignatureWidget`)."""
        self._seal_only = False
        """The seal alone over the leader's signature (set by :meth:`snap_seal`)."""
        self._appearance_image = AppearanceImage(self)
        self._appearance_serial = 0
        self._preview_buffer: QBuffer | None = None
        self._bridge = _Bridge(self)
        self._bridge.file_done.connect(self._file_done)
        self.setAcceptDrops(True)

        # certificates
        self.cert_group = QGroupBox()
        self.cert_tree = QTreeWidget()
        self.cert_tree.setObjectName("certificateList")
        self.cert_tree.setColumnCount(4)
        self.cert_tree.setRootIsDecorated(False)
        self.cert_tree.setUniformRowHeights(True)
        self.cert_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cert_tree.currentItemChanged.connect(self._certificate_changed)
        # the name gets the room; at least five certificates are seen without scrolling
        header = self.cert_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # the token's label matters least (usually one token): it gives way first
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("KYSO DEMO"))
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.cert_tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.cert_tree.setMinimumHeight(self.fontMetrics().height() * 11)  # header, 5 rows, bar
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_certificates)
        cert_layout = QVBoxLayout(self.cert_group)
        cert_layout.addWidget(self.cert_tree)
        cert_layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)

        # options
        self.options_group = QGroupBox()
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profileCombo")
        for p in PROFILES:
            self.profile_combo.addItem("", p.value)
        self.profile_combo.currentIndexChanged.connect(self._profile_changed)
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("levelCombo")
        for lv in LEVELS:
            self.level_combo.addItem(lv.value, lv.value)
        self.level_combo.setCurrentIndex(LEVELS.index(Level.B_T))
        self.image_label = ElidedLabel()  # one line; the whole text in its tooltip
        self.image_button = QPushButton()
        self.image_button.clicked.connect(self.choose_image)
        image_row = QHBoxLayout()
        image_row.addWidget(self.image_label, 1)
        image_row.addWidget(self.image_button)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("numberSymbol")
        self.organization_edit = QLineEdit()
        self.organization_edit.setObjectName("organization")
        form = QFormLayout(self.options_group)
        self.profile_caption = QLabel()
        self.level_caption = QLabel()
        self.image_caption = QLabel()
        self.number_caption = QLabel()
        self.organization_caption = QLabel()
        form.addRow(self.profile_caption, self.profile_combo)
        form.addRow(self.level_caption, self.level_combo)
        form.addRow(self.image_caption, image_row)
        form.addRow(self.number_caption, self.number_edit)
        form.addRow(self.organization_caption, self.organization_edit)

        # output
        self.output_group = QGroupBox()
        self.beside_radio = QRadioButton()
        self.beside_radio.setChecked(True)
        self.folder_radio = QRadioButton()
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("outputFolder")
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_output_folder)
        out_layout = QVBoxLayout(self.output_group)
        out_layout.addWidget(self.beside_radio)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_radio)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        out_layout.addLayout(folder_row)

        # files
        self.files_group = QGroupBox()
        self.file_tree = QTreeWidget()
        self.file_tree.setObjectName("fileList")
        self.file_tree.setColumnCount(3)
        self.file_tree.setRootIsDecorated(False)
        self.file_tree.setUniformRowHeights(True)
        self.file_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.file_tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_tree.setMinimumHeight(self.fontMetrics().height() * 7)
        # The file's name and the signed file's share the width; the result a fixed one (an
        # error is elided there, whole in its tooltip): by default the name got 100 pixels
        # ("công v…ND.pdf") beside an empty, stretched last column.
        file_header = self.file_tree.header()
        file_header.setStretchLastSection(False)
        file_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        file_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        file_header.resizeSection(1, self.fontMetrics().horizontalAdvance("M") * 10)
        file_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_files_button = QPushButton()
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton()
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_files)
        file_buttons = QHBoxLayout()
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            file_buttons.addWidget(b)
        file_buttons.addStretch(1)
        file_buttons.addWidget(self.clear_button)
        files_layout = QVBoxLayout(self.files_group)
        files_layout.addLayout(file_buttons)
        files_layout.addWidget(self.file_tree, 1)

        # preview
        self.preview_group = QGroupBox()
        self._pdf_doc = QPdfDocument(self)
        self.preview = PlacementView()
        self.preview.setObjectName("placementView")
        self.preview.setDocument(self._pdf_doc)
        self.preview.placed.connect(self._placed)
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setRange(1, 1)
        self.page_spin.valueChanged.connect(self._page_changed)
        self.page_caption = QLabel()
        self.place_label = QLabel()
        self.place_label.setWordWrap(True)
        self.default_place_button = QPushButton()
        self.default_place_button.clicked.connect(self.reset_placement)
        self.snap_button = QPushButton()
        self.snap_button.setObjectName("snapSeal")
        self.snap_button.setCheckable(True)
        self.snap_button.clicked.connect(self.snap_seal)
        self.fit_width_button = QToolButton()
        self.fit_width_button.clicked.connect(self.preview.fit_width)
        self.fit_page_button = QToolButton()
        self.fit_page_button.clicked.connect(self.preview.fit_page)
        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setText("−")
        self.zoom_out_button.clicked.connect(self.preview.zoom_out)
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setText("+")
        self.zoom_in_button.clicked.connect(self.preview.zoom_in)
        page_row = QHBoxLayout()
        page_row.addWidget(self.page_caption)
        page_row.addWidget(self.page_spin)
        page_row.addStretch(1)
        for b in (
            self.fit_width_button, self.fit_page_button, self.zoom_out_button, self.zoom_in_button
        ):
            page_row.addWidget(b)
        place_row = QHBoxLayout()
        place_row.addWidget(self.place_label, 1)
        place_row.addWidget(self.snap_button)
        place_row.addWidget(self.default_place_button)
        self.place_label.setWordWrap(False)
        self.place_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        preview_layout = QVBoxLayout(self.preview_group)
        preview_layout.addLayout(page_row)
        preview_layout.addLayout(place_row)
        self.thumbnails = PageThumbnails()
        self.thumbnails.page_chosen.connect(lambda page: self.page_spin.setValue(page + 1))
        self.thumbnails.setVisible(False)
        pages_row = QHBoxLayout()
        pages_row.addWidget(self.thumbnails)
        pages_row.addWidget(self.preview, 1)
        preview_layout.addLayout(pages_row, 1)
        self._appearance_timer = QTimer(self)
        self._appearance_timer.setSingleShot(True)
        self._appearance_timer.setInterval(80)
        self._appearance_timer.timeout.connect(self._render_appearance)
        self.number_edit.textChanged.connect(self.appearance_changed)
        self.organization_edit.textChanged.connect(self.appearance_changed)
        self.preview.rendered.connect(self._page_rendered)

        # action row
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("signButton")
        self.sign_button.clicked.connect(lambda: self.start_signing())
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status_label = ElidedLabel()
        self.status_label.setObjectName("signStatus")
        # The action bar sits outside the scroll area, so "Sign" and the outcome are on
        # screen at every window size (issue 16: it was below the fold at 1100×680).
        self.action_bar = QWidget()
        self.action_bar.setObjectName("signActionBar")
        self.action_bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        action = QHBoxLayout(self.action_bar)
        action.setContentsMargins(0, 4, 0, 0)
        self.sign_button.setDefault(True)
        self.sign_button.setMinimumWidth(140)
        action.addWidget(self.sign_button)
        action.addWidget(self.cancel_button)
        action.addWidget(self.progress, 1)
        action.addWidget(self.status_label, 3)
        self.status_label.setWordWrap(False)
        self.status_label.setMinimumWidth(80)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.cert_group, 2)
        left_layout.addWidget(self.options_group)
        left_layout.addWidget(self.output_group)
        left_layout.addWidget(self.files_group, 3)
        self.settings_area = scrollable(left)
        self.settings_area.setObjectName("signSettings")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("signSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.settings_area)
        self.splitter.addWidget(self.preview_group)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.action_bar)

        self.retranslate()
        self._profile_changed()
        self.refresh_certificates()

    # -- texts ---------------------------------------------------------------------------
    def profile_label(self, profile: Profile) -> str:
        return {
            Profile.APPROVAL: self.tr("Approval (Phê duyệt)"),
            Profile.ISSUANCE: self.tr("Issuance (Phát hành)"),
            Profile.APPENDIX: self.tr("Appendix (Phụ lục)"),
            Profile.COPY: self.tr("Copy (Bản sao)"),
            Profile.INVISIBLE: self.tr("Invisible (Không hiển thị)"),
        }[profile]

    def trust_label(self, status: str | None) -> str:
        return {
            "ok": self.tr("Trusted"),
            "warning": self.tr("Trusted, with warnings"),
            "failed": self.tr("Not trusted"),
        }.get(status or "", self.tr("Not checked yet"))

    def reform_label(self, status: str | None) -> str:
        return {
            "current": self.tr("New model"),
            "needs_change": self.tr("Needs a change of information"),
            "unit_abolished": self.tr("Unit abolished"),
            "unknown": self.tr("Unknown"),
        }.get(status or "", self.tr("Not checked yet"))

    def status_text(self, result: SignResult | None, stopped: str | None = None) -> str:
        if result is None or result.status == "pending":
            return self.tr("Waiting")
        if result.status == "signed" and result.repaired is not None:
            return self.tr("Signed (the repaired copy %1)").replace("%1", result.repaired.name)
        if result.status == "signed":
            return self.tr("Signed")
        if result.status == "already_signed":  # a rerun found this output from before
            return self.tr("Signed before")
        if result.status == "failed" and result.error is not None:
            return self.tr("Failed: %1").replace("%1", result.error.message(self.language))
        if result.status == "interrupted":
            return self.tr("Not signed: the token was removed")
        if stopped == "token_removed":
            return self.tr("Not signed: the token was removed (left to sign)")
        if stopped == "audit_failed":
            return self.tr("Not signed: the audit log could not be written (left to sign)")
        if stopped == "refused":  # a remote request refused: nothing more was asked
            return self.tr("Not signed: the signing request was refused (left to sign)")
        if stopped == "tsa_failed":  # no more approvals asked while the TSA is down
            return self.tr("Not signed: the timestamp server failed (left to sign)")
        if stopped == "cancelled" or result.status == "not_started":
            return self.tr("Not signed: cancelled")
        return result.status

    def retranslate(self) -> None:
        self.cert_group.setTitle(self.tr("Signing certificate"))
        self.cert_tree.setHeaderLabels(
            [self.tr("Certificate"), self.tr("Token / account"), self.tr("Trust"),
             self.tr("Two-tier model")]
        )
        # the token/account column: its header whole (it gives way first when narrow)
        metrics = self.fontMetrics()
        self.cert_tree.header().resizeSection(1, max(
            metrics.horizontalAdvance("KYSO DEMO"),
            metrics.horizontalAdvance(self.tr("Token / account")) + 24,
        ))
        self.refresh_button.setText(self.tr("Refresh"))
        self.options_group.setTitle(self.tr("Signature"))
        self.profile_caption.setText(self.tr("Profile:"))
        self.level_caption.setText(self.tr("Level:"))
        self.number_caption.setText(self.tr("Number and symbol:"))
        self.organization_caption.setText(self.tr("Organization:"))
        self.number_edit.setPlaceholderText(self.tr("e.g. 123/QĐ-UBND"))
        for i, p in enumerate(PROFILES):
            self.profile_combo.setItemText(i, self.profile_label(p))
        self.output_group.setTitle(self.tr("Signed files"))
        self.beside_radio.setText(
            self.tr("Beside each input, as <name>%1").replace("%1", SIGNED_SUFFIX)
        )
        self.folder_radio.setText(self.tr("In this folder:"))
        self.folder_button.setText(self.tr("Choose…"))
        self.files_group.setTitle(self.tr("PDF files (drop files or folders here)"))
        self.file_tree.setHeaderLabels([self.tr("File"), self.tr("Result"), self.tr("Signed file")])
        self.add_files_button.setText(self.tr("Add files…"))
        self.add_folder_button.setText(self.tr("Add a folder…"))
        self.remove_button.setText(self.tr("Remove"))
        self.clear_button.setText(self.tr("Clear"))
        self.preview_group.setTitle(self.tr("Place of the signature (click or drag on the page)"))
        self.page_caption.setText(self.tr("Page:"))
        self.fit_width_button.setText(self.tr("Fit width"))
        self.fit_page_button.setText(self.tr("Fit page"))
        self.zoom_in_button.setToolTip(self.tr("Zoom in"))
        self.zoom_out_button.setToolTip(self.tr("Zoom out"))
        self.snap_button.setText(self.tr("Seal over the leader's signature"))
        self.snap_button.setToolTip(
            self.tr(
                "Place the seal over the left third of the last approval signature on this "
                "page (Decree 30/2020, Appendix I)"
            )
        )
        self.preview.setToolTip(
            self.tr(
                "Click to place the signature, drag to draw its box; drag the box to move it, "
                "its corners to resize it; arrow keys nudge it (Shift: 10 points)"
            )
        )
        self.default_place_button.setText(self.tr("Default place"))
        self.sign_button.setText(self.tr("Sign"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._update_image_row()
        self._update_place_label()
        self._fill_certificates()
        for i in range(self.file_tree.topLevelItemCount()):
            self._show_row(i)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, code: str) -> None:
        self.language = "en" if code == "en" else "vi"
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_certificates()

    # -- state helpers -------------------------------------------------------------------
    @property
    def memory(self) -> SignMemory:
        if self._memory is None or self._memory.path is None:
            paths = self.context.paths()
            self._memory = SignMemory(Path(paths.data_dir) / MEMORY_FILE if paths else None)
        return self._memory

    def profile(self) -> Profile:
        return PROFILES[max(self.profile_combo.currentIndex(), 0)]

    def set_profile(self, profile: Profile) -> None:
        self.profile_combo.setCurrentIndex(PROFILES.index(profile))

    def level(self) -> Level:
        return LEVELS[max(self.level_combo.currentIndex(), 0)]

    def set_level(self, level: Level) -> None:
        self.level_combo.setCurrentIndex(LEVELS.index(level))

    def current_candidate(self) -> Candidate | None:
        item = self.cert_tree.currentItem()
        if item is None:
            return None
        index = self.cert_tree.indexOfTopLevelItem(item)
        return self._candidates[index] if 0 <= index < len(self._candidates) else None

    def candidates(self) -> list[Candidate]:
        return list(self._candidates)

    def select_certificate(self, predicate: Callable[[Candidate], bool]) -> bool:
        for i, c in enumerate(self._candidates):
            if predicate(c):
                self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(i))
                return True
        return False

    def _image_kind(self) -> str | None:
        p = self.profile()
        return "images" if p is Profile.APPROVAL else "seals" if p is Profile.ISSUANCE else None

    # -- busy state and messages ---------------------------------------------------------
    def is_busy(self) -> bool:
        return self._busy

    def _update_buttons(self) -> None:
        ready = (
            bool(self.files)
            and self.current_candidate() is not None
            and not self._busy
            and not self._listing
        )
        self.sign_button.setEnabled(ready)
        self.cancel_button.setEnabled(self._busy and self.worker is not None)
        for w in (
            self.add_files_button,
            self.add_folder_button,
            self.remove_button,
            self.clear_button,
            self.cert_tree,
            self.profile_combo,
            self.level_combo,
        ):
            w.setEnabled(not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        box = QMessageBox(
            QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information,
            self.tr("Sign"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("signMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "message_box", None))
        self.message_box = box
        box.open()

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.cancel.set()
        self._appearance_timer.stop()
        self._pdf_doc.close()
        self._appearance_image.close()
