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
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kyso.core.errors import KysoError
from kyso.core.inventory.store import default_inventory_path
from kyso.core.signing import appearance as ap
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.audit import default_audit_path
from kyso.core.signing.batch import BatchProgress, BatchReport, sign_options, sign_with_login
from kyso.core.signing.choice import (
    decide,
    default_organization,
    inventory_organizations,
    signing_candidates,
    token_ca_certificates,
    token_organizations,
)
from kyso.core.signing.pades import SIGNED_SUFFIX, Level, SignOptions, SignResult
from kyso.core.signing.policy import (
    RULE_ITEM4_EN,
    RULE_ITEM4_VI,
    PolicyDecision,
)
from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.sessions import PinPrompter
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot
from kyso.ui import workers

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
MEMORY_FILE = "signing-ui.json"
"""Remembered images (per certificate) and placements (per profile), in the data folder."""

PROFILES: tuple[Profile, ...] = (
    Profile.APPROVAL,
    Profile.ISSUANCE,
    Profile.APPENDIX,
    Profile.COPY,
    Profile.INVISIBLE,
)
LEVELS: tuple[Level, ...] = (Level.B_B, Level.B_T, Level.B_LT, Level.B_LTA)


# -- what the page needs from the window ------------------------------------------------


@dataclass
class SigningContext:
    """The main window's state the sign page reads (all callables: read when needed)."""

    snapshots: Callable[[], list[TokenSnapshot]]
    """Tokens inserted now (the watcher's snapshots)."""
    module_for: Callable[[str], Pkcs11Module | None]
    """The loaded module for a module path."""
    checks: Callable[[], dict[str, Any]]
    """Cached :class:`kyso.core.checkup.certificate.CertificateCheck` by certificate SHA-256."""
    settings: Callable[[], Any]
    """:class:`kyso.core.settings.LoadedSettings` (None while the environment loads)."""
    prompter: PinPrompter
    """:class:`kyso.ui.pin_dialog.GuiPinPrompter` (``last_dialog`` for tests)."""
    checker: Callable[[], Any] = lambda: None
    """The :class:`kyso.core.trust.checker.TrustChecker`, for certificates not checked yet."""
    anchors_pool: Callable[[], Sequence[x509.Certificate]] | None = None
    """Certificates that may complete a chain (IT's roots and intermediates); by default
    the checker's anchors."""

    def paths(self) -> Any:
        loaded = self.settings()
        return loaded.paths if loaded is not None else None

    def pool(self) -> list[x509.Certificate]:
        if self.anchors_pool is not None:
            return list(self.anchors_pool())
        checker = self.checker()
        anchors = getattr(checker, "anchors", None)
        return list(anchors.all_certificates) if anchors is not None else []

    @classmethod
    def for_window(cls, window: Any) -> SigningContext:
        """Over :class:`kyso.ui.main_window.MainWindow` (its watcher, model, checker, env)."""

        def snapshots() -> list[TokenSnapshot]:
            return window.watcher.snapshots() if window.watcher is not None else []

        def module_for(path: str) -> Pkcs11Module | None:
            env = window.env
            return env.module_for(path) if env is not None else None

        return cls(
            snapshots=snapshots,
            module_for=module_for,
            checks=lambda: window.model.checks,
            settings=lambda: window.env.settings if window.env is not None else None,
            prompter=window.prompter,
            checker=lambda: window.checker,
        )


# -- remembered choices -----------------------------------------------------------------


class SignMemory:
    """A small JSON file beside the user's data: images per certificate fingerprint and
    the last placement per profile. (Not settings.json: these are the user's own files.)"""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data: dict[str, Any] = {"images": {}, "seals": {}, "placements": {}}
        if path is not None and path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    for key in self.data:
                        if isinstance(loaded.get(key), dict):
                            self.data[key] = loaded[key]
            except (OSError, ValueError) as exc:
                log.warning("ignoring %s: %s", path, exc)

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not save %s: %s", self.path, exc)

    def image(self, kind: str, sha256: str) -> Path | None:
        value = self.data[kind].get(sha256)
        return Path(value) if value else None

    def set_image(self, kind: str, sha256: str, path: Path) -> None:
        self.data[kind][sha256] = str(path)
        self.save()

    def placement(self, profile: Profile) -> tuple[int, Box] | None:
        value = self.data["placements"].get(profile.value)
        try:
            page, box = int(value["page"]), tuple(float(v) for v in value["box"])
        except (TypeError, KeyError, ValueError):
            return None
        return (page, box) if len(box) == 4 else None  # type: ignore[return-value]

    def set_placement(self, profile: Profile, page: int, box: Box | None) -> None:
        if box is None:
            self.data["placements"].pop(profile.value, None)
        else:
            self.data["placements"][profile.value] = {"page": page, "box": list(box)}
        self.save()


# -- the candidates ---------------------------------------------------------------------


@dataclass
class Candidate:
    """A signing-capable user certificate on an inserted token."""

    snapshot: TokenSnapshot
    entry: CertificateEntry

    @property
    def sha256(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.sha256

    @property
    def name(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.common_name or self.entry.details.subject


def candidates(snaps: Iterable[TokenSnapshot]) -> list[Candidate]:
    """User certificates (never CA ones) with a readable body, signing usage and a key that
    may be there."""
    return [Candidate(s, e) for s, e in signing_candidates(snaps, signing_usage_only=True)]


@dataclass
class SignJob:
    """Everything the worker needs, gathered on the GUI thread."""

    candidate: Candidate
    module: Pkcs11Module
    files: list[Path]
    options: SignOptions
    pool: list[x509.Certificate]
    roots: list[x509.Certificate]
    decision: PolicyDecision
    audit_path: Path | None
    prompter: PinPrompter
    purpose: str = ""
    """What the PIN dialog says the login is for (already translated)."""


def policy_for(
    candidate: Candidate,
    profile: Profile,
    snaps: list[TokenSnapshot],
    check: Any,
    checker: Any,
    *,
    emergency_reason: str | None,
    allow_outdated_org_cert: bool,
    now: dt.datetime | None = None,
    inventory_path: Path | None = None,
) -> tuple[PolicyDecision, str, str]:
    """The policy decision as ``kyso sign`` takes it; also (holder kind, organization).

    Uses the cached check when there is one, else checks now (call off the GUI thread).
    """
    from kyso.core.reform.check import check_subject

    cert = x509.load_der_x509_certificate(candidate.entry.der)
    token_cas = token_ca_certificates(candidate.snapshot)
    trust: dict[str, Any] | None = None
    if check is not None and getattr(check, "trust", None) is not None:
        trust = check.trust.to_json()
        reform = check.reform.to_json()
    else:
        if checker is not None:
            trust = checker.check(cert, extra_certs=token_cas).to_json()
        reform = check_subject(cert.subject).to_json()
    return decide(
        candidate.snapshot,
        candidate.entry,
        profile.value,
        trust=trust,
        reform=reform,
        organizations=token_organizations(snaps) + inventory_organizations(inventory_path),
        emergency_reason=emergency_reason,
        allow_outdated_org_cert=allow_outdated_org_cert,
        now=now,
    )


def run_batch(
    job: SignJob,
    report: Callable[[int, int, str], None],
    cancel: threading.Event,
    file_done: Callable[[int, SignResult], None],
) -> BatchReport:
    """Worker thread: :func:`kyso.core.signing.batch.sign_with_login` (one login, the whole batch,
    the emergency audit trail, the session closed at the end), reporting to the page."""

    def progress(p: BatchProgress) -> None:
        done = p.index if p.result is None else p.index + 1
        report(done, p.total, p.path.name)

    return sign_with_login(
        job.module,
        job.candidate.snapshot,
        job.candidate.entry,
        job.files,
        job.options,
        prompter=job.prompter,
        decision=job.decision,
        audit_path=job.audit_path,
        chain_pool=job.pool,
        trust_roots=job.roots,
        progress=progress,
        cancel=cancel,
        on_file=file_done,
        purpose_vi=job.purpose or None,
        purpose_en=job.purpose or None,
    )


def list_pdfs(paths: Sequence[str | Path]) -> list[Path]:
    """Worker thread: the PDFs named, and the PDFs directly inside the folders named (in
    name order; already signed outputs inside folders are skipped). Unreadable folders add
    nothing."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.append(path)
            continue
        try:
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
        except OSError as exc:
            log.warning("folder %s not listed: %s", path, exc)
            continue
        out.extend(f for f in found if not f.name.lower().endswith(SIGNED_SUFFIX))
    return out


def read_preview(path: Path) -> tuple[Path, bytes]:
    """Worker thread: the bytes of the PDF to preview (the GUI thread never reads files)."""
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise KysoError(
            f"Không đọc được {path}: {exc.strerror or exc}.",
            f"Could not read {path}: {exc.strerror or exc}.",
            code="preview_unreadable",
        ) from None


# -- the preview where the box is placed -------------------------------------------------


class PlacementView(QPdfView):
    """One page of the PDF, fit in view; click or drag to place the signature box.

    The page's place in the viewport is computed the way QPdfView lays it out in
    ``FitInView`` mode (``QSize.scaled`` into the viewport less the side margins and the
    page spacing, centred horizontally, ``documentMargins().top()`` from the top), so a
    point in the viewport maps to PDF points exactly (origin lower left).
    """

    placed = Signal(int, object)
    """(0-based page, (x1, y1, x2, y2) in PDF points)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.SinglePage)
        self.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.box: Box | None = None
        self.box_page = 0
        self.default_size: tuple[float, float] = (180.0, 80.0)
        """Width and height (points) of the box a plain click places."""
        self._drag_from: QPointF | None = None
        self._drag_to: QPointF | None = None

    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        self.pageNavigator().jump(page, QPointF(0, 0), 0)
        self.viewport().update()

    def page_size(self) -> tuple[float, float] | None:
        doc = self.document()
        if doc is None or doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
            return None
        size = doc.pagePointSize(self.current_page())
        if size.width() <= 0 or size.height() <= 0:
            return None
        return size.width(), size.height()

    def page_rect(self) -> QRectF | None:
        """Where the current page is drawn, in viewport pixels."""
        pts = self.page_size()
        if pts is None:
            return None
        screen = self.screen() or QGuiApplication.primaryScreen()
        resolution = screen.logicalDotsPerInch() / 72.0 if screen is not None else 96.0 / 72.0
        m = self.documentMargins()
        vp = self.viewport().rect()
        avail = QSize(vp.width() - m.left() - m.right(), vp.height() - self.pageSpacing())
        natural = QSize(round(pts[0] * resolution), round(pts[1] * resolution))
        size = natural.scaled(avail, Qt.AspectRatioMode.KeepAspectRatio)
        total_width = size.width() + m.left() + m.right()
        x = (max(total_width, vp.width()) - size.width()) // 2
        y = m.top()
        return QRectF(
            x - self.horizontalScrollBar().value(),
            y - self.verticalScrollBar().value(),
            size.width(),
            size.height(),
        )

    def to_pdf(self, point: QPointF) -> QPointF | None:
        """A viewport point in PDF points (clamped to the page)."""
        rect, pts = self.page_rect(), self.page_size()
        if rect is None or pts is None:
            return None
        sx, sy = rect.width() / pts[0], rect.height() / pts[1]
        x = min(max((point.x() - rect.left()) / sx, 0.0), pts[0])
        y = min(max(pts[1] - (point.y() - rect.top()) / sy, 0.0), pts[1])
        return QPointF(x, y)

    def to_view(self, box: Box) -> QRectF | None:
        rect, pts = self.page_rect(), self.page_size()
        if rect is None or pts is None:
            return None
        sx, sy = rect.width() / pts[0], rect.height() / pts[1]
        x1, y1, x2, y2 = box
        return QRectF(
            rect.left() + x1 * sx, rect.top() + (pts[1] - y2) * sy, (x2 - x1) * sx, (y2 - y1) * sy
        )

    def set_box(self, page: int, box: Box | None) -> None:
        self.box_page, self.box = page, box
        self.viewport().update()

    # -- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.page_rect() is not None:
            self._drag_from = self._drag_to = event.position()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_to = event.position()
            self.viewport().update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        start, end = self._drag_from, event.position()
        self._drag_from = self._drag_to = None
        event.accept()
        a, b = self.to_pdf(start), self.to_pdf(end)
        pts = self.page_size()
        if a is None or b is None or pts is None:
            return
        if abs(end.x() - start.x()) < 6 and abs(end.y() - start.y()) < 6:
            # a click: a box of the profile's size centred on the point, kept on the page
            w, h = min(self.default_size[0], pts[0]), min(self.default_size[1], pts[1])
            x1 = min(max(a.x() - w / 2, 0.0), pts[0] - w)
            y1 = min(max(a.y() - h / 2, 0.0), pts[1] - h)
            box = (x1, y1, x1 + w, y1 + h)
        else:
            box = (min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y()))
        box = tuple(round(v, 1) for v in box)  # type: ignore[assignment]
        self.set_box(self.current_page(), box)
        self.placed.emit(self.current_page(), box)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect: QRectF | None = None
        if self._drag_from is not None and self._drag_to is not None:
            rect = QRectF(self._drag_from, self._drag_to).normalized()
        elif self.box is not None and self.box_page == self.current_page():
            rect = self.to_view(self.box)
        if rect is None:
            return
        painter = QPainter(self.viewport())
        pen = QPen(QColor(30, 80, 220))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.setBrush(QColor(30, 80, 220, 40))
        painter.drawRect(rect)
        painter.end()


# -- dialogs ----------------------------------------------------------------------------


class EmergencyDialog(QDialog):
    """Item 4's emergency fallback: quote the rule, ask for a short reason (required)."""

    def __init__(self, language: str, organization: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyDialog")
        self.setWindowTitle(self.tr("Emergency signature (item 4, letter 393/BCY-CTSBMTT)"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This personal certificate is not on the two-tier model yet. Its organization "
                "“%1” already has a certificate on the new model, so it may sign only in an "
                "emergency, under this rule:"
            ).replace("%1", organization)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.rule_label = QLabel(RULE_ITEM4_VI)
        self.rule_label.setObjectName("ruleText")
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule_label.setStyleSheet("font-style: italic;")
        layout.addWidget(self.rule_label)
        if language == "en":
            english = QLabel(RULE_ITEM4_EN)
            english.setWordWrap(True)
            layout.addWidget(english)
        note = QLabel(
            self.tr(
                "The reason is written into the signature and into Kyso's audit log. Give "
                "a short reason for the urgency:"
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("emergencyReason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. urgent flood-prevention order"))
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign in an emergency"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._changed)

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def _changed(self) -> None:
        self.ok_button.setEnabled(len(self.reason()) >= 5)

    def accept(self) -> None:
        if len(self.reason()) < 5:
            return
        super().accept()


class _Bridge(QObject):
    """Per-file results from the worker thread to the GUI thread."""

    file_done = Signal(int, object)


# -- the page ---------------------------------------------------------------------------


class SignPage(QWidget):
    """Choose certificate, profile, level, image, place; sign a list of PDFs."""

    finished = Signal(object)
    """The :class:`BatchReport` (or None when signing did not start)."""

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
        self.image_label = QLabel()
        self.image_label.setWordWrap(True)
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
        page_row = QHBoxLayout()
        page_row.addWidget(self.page_caption)
        page_row.addWidget(self.page_spin)
        page_row.addWidget(self.place_label, 1)
        page_row.addWidget(self.default_place_button)
        preview_layout = QVBoxLayout(self.preview_group)
        preview_layout.addLayout(page_row)
        preview_layout.addWidget(self.preview, 1)

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
        self.status_label = QLabel()
        self.status_label.setObjectName("signStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        action = QHBoxLayout()
        action.addWidget(self.sign_button)
        action.addWidget(self.cancel_button)
        action.addWidget(self.progress, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.cert_group, 2)
        left_layout.addWidget(self.options_group)
        left_layout.addWidget(self.output_group)
        left_layout.addWidget(self.files_group, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview_group)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(action)
        layout.addWidget(self.status_label)

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
        if result.status == "signed":
            return self.tr("Signed")
        if result.status == "failed" and result.error is not None:
            return self.tr("Failed: %1").replace("%1", result.error.message(self.language))
        if result.status == "interrupted":
            return self.tr("Not signed: the token was removed")
        if stopped == "token_removed":
            return self.tr("Not signed: the token was removed (left to sign)")
        if stopped == "audit_failed":
            return self.tr("Not signed: the audit log could not be written (left to sign)")
        if stopped == "cancelled" or result.status == "not_started":
            return self.tr("Not signed: cancelled")
        return result.status

    def retranslate(self) -> None:
        self.cert_group.setTitle(self.tr("Signing certificate"))
        self.cert_tree.setHeaderLabels(
            [self.tr("Certificate"), self.tr("Token"), self.tr("Trust"), self.tr("Two-tier model")]
        )
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

    # -- certificates --------------------------------------------------------------------
    @Slot()
    def refresh_certificates(self) -> None:
        """Re-read the inserted tokens' certificates and the cached checks (cheap)."""
        current = self.current_candidate()
        keep = current.sha256 if current else None
        keep_token = current.snapshot.info.serial if current else None
        try:
            self._candidates = candidates(self.context.snapshots())
        except Exception as exc:  # the watcher is gone (shutting down)
            log.debug("snapshots: %r", exc)
            self._candidates = []
        self._fill_certificates()
        for i, c in enumerate(self._candidates):
            if c.sha256 == keep and c.snapshot.info.serial == keep_token:
                self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(i))
                break
        else:
            if len(self._candidates) == 1:
                self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(0))
        self._update_buttons()

    def tokens_changed(self) -> None:
        """The window calls this when a token comes or goes or checks arrive."""
        self.refresh_certificates()

    def _fill_certificates(self) -> None:
        blocked = self.cert_tree.blockSignals(True)
        current = self.cert_tree.currentItem()
        current_index = self.cert_tree.indexOfTopLevelItem(current) if current else -1
        self.cert_tree.clear()
        try:
            checks = self.context.checks() or {}
        except Exception:
            checks = {}
        for c in self._candidates:
            check = checks.get(c.sha256)
            trust = check.trust.status if check is not None and check.trust is not None else None
            reform = check.reform.status if check is not None else None
            item = QTreeWidgetItem(
                [
                    c.name,
                    c.snapshot.info.label,
                    self.trust_label(trust),
                    self.reform_label(reform),
                ]
            )
            assert c.entry.details is not None
            item.setToolTip(0, c.entry.details.subject)
            item.setIcon(2, self._trust_icon(trust))
            item.setIcon(3, self._reform_icon(reform))
            if check is not None and check.trust is not None:
                reasons = "\n".join(r.message(self.language) for r in check.trust.reasons)
                item.setToolTip(2, reasons)
            self.cert_tree.addTopLevelItem(item)
        if 0 <= current_index < self.cert_tree.topLevelItemCount():
            self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(current_index))
        self.cert_tree.blockSignals(blocked)
        for col in range(4):
            self.cert_tree.resizeColumnToContents(col)

    def _trust_icon(self, status: str | None) -> QIcon:
        pix = {
            "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
            "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
        }.get(status or "", QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return self.style().standardIcon(pix)

    def _reform_icon(self, status: str | None) -> QIcon:
        pix = {
            "current": QStyle.StandardPixmap.SP_DialogApplyButton,
            "needs_change": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "unit_abolished": QStyle.StandardPixmap.SP_MessageBoxWarning,
        }.get(status or "", QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return self.style().standardIcon(pix)

    def _certificate_changed(self, *_: object) -> None:
        c = self.current_candidate()
        if c is not None and not self.organization_edit.isModified():
            try:
                check = (self.context.checks() or {}).get(c.sha256)
            except Exception:
                check = None
            is_org = check is not None and check.reform.holder.kind == "organization"
            self.organization_edit.setText(c.name if is_org else "")
        self._load_image()
        self._update_buttons()

    # -- profile, image, placement -------------------------------------------------------
    def _profile_changed(self, *_: object) -> None:
        p = self.profile()
        self.number_edit.setEnabled(p in (Profile.ISSUANCE, Profile.APPENDIX))
        self.organization_edit.setEnabled(p in (Profile.ISSUANCE, Profile.COPY))
        self.image_button.setEnabled(p in (Profile.APPROVAL, Profile.ISSUANCE))
        self.preview.setEnabled(p.value != "invisible")
        self.preview.default_size = (260.0, 110.0) if p is Profile.ISSUANCE else (180.0, 80.0)
        if p in (Profile.APPENDIX, Profile.COPY):
            self.preview.default_size = (200.0, 40.0)
        placement = self.memory.placement(p) if p is not Profile.INVISIBLE else None
        if placement is not None:
            page, box = placement
            self.preview.set_box(page, box)
            if page < self._pdf_doc.pageCount():
                self.page_spin.setValue(page + 1)
        else:
            self.preview.set_box(0, None)
        self._load_image()
        self._update_place_label()

    def _load_image(self) -> None:
        kind, c = self._image_kind(), self.current_candidate()
        self._image_path = None
        if kind and c is not None:
            path = self.memory.image(kind, c.sha256)
            if path is not None and path.is_file():
                self._image_path = path
        self._update_image_row()

    def _update_image_row(self) -> None:
        p = self.profile() if self.profile_combo.count() else Profile.INVISIBLE
        if p is Profile.ISSUANCE:
            self.image_caption.setText(self.tr("Seal image:"))
            self.image_button.setText(self.tr("Choose the seal (PNG)…"))
        else:
            self.image_caption.setText(self.tr("Signature image:"))
            self.image_button.setText(self.tr("Choose the signature (PNG)…"))
        if p not in (Profile.APPROVAL, Profile.ISSUANCE):
            self.image_label.setText(self.tr("Not used by this profile"))
        elif self._image_path is None:
            self.image_label.setText(
                self.tr("None chosen (the signer's name is shown instead)")
                if p is Profile.APPROVAL
                else self.tr("None chosen (text only)")
            )
        else:
            self.image_label.setText(self._image_path.name)
            self.image_label.setToolTip(str(self._image_path))

    @Slot()
    def choose_image(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a transparent PNG"))
        dialog.setNameFilter(self.tr("PNG images (*.png)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda path: self.set_image(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def set_image(self, path: Path) -> bool:
        """Use ``path`` as this certificate's signature (approval) or seal (issuance) image,
        and remember it for the certificate."""
        kind, c = self._image_kind(), self.current_candidate()
        if kind is None:
            return False
        try:
            ap.check_png(Path(path).read_bytes())
        except KysoError as exc:
            self.show_message(exc.message(self.language), error=True)
            return False
        except OSError as exc:
            self.show_message(f"{path}: {exc.strerror or exc}", error=True)
            return False
        self._image_path = Path(path)
        if c is not None:
            self.memory.set_image(kind, c.sha256, Path(path))
        self._update_image_row()
        return True

    def _placed(self, page: int, box: Box) -> None:
        self.memory.set_placement(self.profile(), page, box)
        self._update_place_label()

    def set_placement(self, page: int, box: Box | None) -> None:
        """Place the box (0-based page, PDF points) as a click on the preview would."""
        self.preview.set_box(page, box)
        self.memory.set_placement(self.profile(), page, box)
        self._update_place_label()

    def placement(self) -> tuple[int, Box | None]:
        return self.preview.box_page, self.preview.box

    @Slot()
    def reset_placement(self) -> None:
        self.set_placement(0, None)

    def _page_changed(self, value: int) -> None:
        if self._pdf_doc.pageCount():
            self.preview.go_to_page(value - 1)

    def _update_place_label(self) -> None:
        page, box = self.placement()
        p = self.profile() if self.profile_combo.count() else Profile.INVISIBLE
        if p is Profile.INVISIBLE:
            self.place_label.setText(self.tr("Invisible signature: no place on the page"))
        elif box is None:
            self.place_label.setText(self.tr("The profile's default place"))
        else:
            self.place_label.setText(
                self.tr("Page %1, box %2 (points)")
                .replace("%1", str(page + 1))
                .replace("%2", ", ".join(f"{v:.0f}" for v in box))
            )

    # -- files ---------------------------------------------------------------------------
    @Slot()
    def choose_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Add PDF files to sign"))
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.filesSelected.connect(self.add_paths)
        self.file_dialog = dialog
        dialog.open()

    @Slot()
    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Add a folder of PDF files"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda path: self.add_paths([path]))
        self.file_dialog = dialog
        dialog.open()

    @Slot()
    def choose_output_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Folder for the signed files"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.set_output_folder)
        self.file_dialog = dialog
        dialog.open()

    def set_output_folder(self, folder: str | Path | None) -> None:
        if folder:
            self.folder_edit.setText(str(folder))
            self.folder_radio.setChecked(True)
        else:
            self.beside_radio.setChecked(True)

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        """Add PDF files, and the PDFs directly inside folders (already signed outputs and
        duplicates are skipped). Folders are listed by a worker, never on the GUI thread;
        files named ``*.pdf`` are added at once."""
        if self._busy:
            return
        paths = list(paths)
        if not paths:
            return
        if all(str(p).lower().endswith(".pdf") for p in paths):
            self._add_found([Path(p) for p in paths])
            return
        self._listing += 1
        self.status_label.setText(self.tr("Looking for PDF files in the folder…"))
        self._update_buttons()
        workers.start(list_pdfs, paths, on_done=self._listed, on_error=self._listing_failed)

    def is_listing(self) -> bool:
        """True while a folder is being listed (its PDFs are not in the list yet)."""
        return self._listing > 0

    @Slot(object)
    def _listed(self, found: list[Path]) -> None:
        self._listing -= 1
        self.status_label.setText("")
        self._add_found(found)
        self._update_buttons()

    @Slot(object)
    def _listing_failed(self, err: object) -> None:
        self._listing -= 1
        self._update_buttons()
        text = err.message(self.language) if isinstance(err, KysoError) else str(err)
        self.show_message(text, error=True)

    def _add_found(self, found: Iterable[Path]) -> None:
        if self._busy:
            return
        added = False
        for f in found:
            if f.suffix.lower() != ".pdf" or f in self.files:
                continue
            self.files.append(f)
            self.file_tree.addTopLevelItem(QTreeWidgetItem([f.name, "", ""]))
            self._show_row(len(self.files) - 1)
            added = True
        if added:
            self._new_list()

    def remove_selected(self) -> None:
        if self._busy:
            return
        rows = sorted(
            (self.file_tree.indexOfTopLevelItem(i) for i in self.file_tree.selectedItems()),
            reverse=True,
        )
        for row in rows:
            self.file_tree.takeTopLevelItem(row)
            del self.files[row]
        self._new_list()

    def clear_files(self) -> None:
        if self._busy:
            return
        self.files.clear()
        self.file_tree.clear()
        self._new_list()

    def _new_list(self) -> None:
        self.results.clear()
        self.report = None
        for i in range(len(self.files)):
            self._show_row(i)
        self._load_preview()
        self._update_buttons()

    def _load_preview(self) -> None:
        """Preview the first file: read by a worker, shown when its bytes arrive."""
        first = self.files[0] if self.files else None
        if first == self._preview_path:
            return
        self._preview_path = first
        if first is None:
            self._close_preview()
            return
        workers.start(read_preview, first, on_done=self._preview_read, on_error=self._preview_failed)

    @Slot(object)
    def _preview_read(self, result: tuple[Path, bytes]) -> None:
        path, data = result
        if path != self._preview_path:
            return  # the list changed meanwhile; a newer read is on its way
        self._close_preview()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._preview_buffer = buffer
        self._pdf_doc.load(buffer)
        count = max(self._pdf_doc.pageCount(), 1)
        self.page_spin.setRange(1, count)
        page, _box = self.placement()
        self.page_spin.setValue(min(page + 1, count))
        self.preview.go_to_page(self.page_spin.value() - 1)

    @Slot(object)
    def _preview_failed(self, err: object) -> None:
        log.info("no preview: %s", err)
        self._preview_path = None
        self._close_preview()

    def _close_preview(self) -> None:
        self._pdf_doc.close()
        if self._preview_buffer is not None:
            self._preview_buffer.close()
            self._preview_buffer.deleteLater()
            self._preview_buffer = None
        self.page_spin.setRange(1, 1)

    def _show_row(self, index: int) -> None:
        item = self.file_tree.topLevelItem(index)
        if item is None:
            return
        result = self.results.get(index)
        stopped = self.report.stopped if self.report is not None else None
        item.setText(self.COL_STATUS, self.status_text(result, stopped))
        item.setText(
            self.COL_OUTPUT, str(result.output) if result and result.status == "signed" else ""
        )
        item.setToolTip(self.COL_FILE, str(self.files[index]))
        pix = None
        if result is not None:
            pix = {
                "signed": QStyle.StandardPixmap.SP_DialogApplyButton,
                "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
            }.get(result.status, QStyle.StandardPixmap.SP_MessageBoxWarning)
        item.setIcon(self.COL_STATUS, self.style().standardIcon(pix) if pix else QIcon())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self._busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if p]  # folders are told apart by the listing worker
        if paths and not self._busy:
            event.acceptProposedAction()
            self.add_paths(paths)
        else:
            event.ignore()

    # -- signing -------------------------------------------------------------------------
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

    @Slot()
    def start_signing(self, emergency_reason: str | None = None) -> None:
        """Check the policy (off the GUI thread), then log in once and sign the list."""
        c = self.current_candidate()
        if self._busy or self._listing or c is None or not self.files:
            return
        loaded = self.context.settings()
        allow = bool(loaded and loaded.values.allow_outdated_org_cert)
        profile = self.profile()
        try:
            snaps = list(self.context.snapshots())
            check = (self.context.checks() or {}).get(c.sha256)
        except Exception:
            snaps, check = [c.snapshot], None
        checker = self.context.checker()
        now = self.now() if self.now is not None else None
        self._set_busy(True)
        self.status_label.setText(self.tr("Checking the certificate…"))

        loaded = self.context.settings()
        inventory_path = (
            default_inventory_path(loaded.values, loaded.paths) if loaded is not None else None
        )

        def work() -> tuple[PolicyDecision, str, str]:
            return policy_for(
                c,
                profile,
                snaps,
                check,
                checker,
                emergency_reason=emergency_reason,
                allow_outdated_org_cert=allow,
                now=now,
                inventory_path=inventory_path,
            )

        workers.start(
            work,
            on_done=lambda r: self._policy_done(c, r, emergency_reason),
            on_error=self._failed,
        )

    def _policy_done(
        self,
        candidate: Candidate,
        result: tuple[PolicyDecision, str, str],
        emergency_reason: str | None,
    ) -> None:
        decision, kind, organization = result
        if decision.needs_emergency_confirmation:
            self._set_busy(False)
            org = (
                decision.emergency_organization.name
                if decision.emergency_organization
                else organization
            )
            dialog = EmergencyDialog(self.language, org, self)
            dialog.accepted.connect(lambda: self.start_signing(dialog.reason()))
            dialog.rejected.connect(lambda: self._emergency_declined())
            dialog.finished.connect(lambda *_: dialog.deleteLater())
            self.emergency_dialog = dialog
            self.status_label.setText(
                self.tr("Emergency signature: confirm the urgency and give a reason.")
            )
            dialog.open()
            return
        if not decision.allowed:
            self._set_busy(False)
            lines = [(r.en if self.language == "en" else r.vi) for r in decision.refusals]
            self.show_message(
                self.tr("This certificate may not sign:") + "\n" + "\n".join(lines), error=True
            )
            self.finished.emit(None)
            return
        try:
            job = self._make_job(candidate, decision, kind)
        except KysoError as exc:
            self._failed(exc)
            return
        self._run_job(job)

    def _emergency_declined(self) -> None:
        self.status_label.setText(self.tr("Not signed: the emergency was not confirmed."))
        self.finished.emit(None)

    def _error(self, text: str, code: str) -> KysoError:
        """A :class:`KysoError` raised by the page itself: ``text`` is already translated."""
        return KysoError(text, text, code=code)

    def _make_job(self, candidate: Candidate, decision: PolicyDecision, kind: str) -> SignJob:
        module = self.context.module_for(candidate.snapshot.info.module_path)
        if module is None:
            raise self._error(
                self.tr("The token's PKCS#11 module is gone; insert the token again and retry."),
                "module_missing",
            )
        profile = self.profile()
        image = None
        if profile in (Profile.APPROVAL, Profile.ISSUANCE) and self._image_path is not None:
            try:
                image = self._image_path.read_bytes()
            except OSError as exc:
                raise self._error(
                    self.tr("Could not read the image %1: %2.")
                    .replace("%1", str(self._image_path))
                    .replace("%2", str(exc.strerror or exc)),
                    "image_unreadable",
                ) from None
        page, box = self.placement()
        cert = x509.load_der_x509_certificate(candidate.entry.der)
        spec = AppearanceSpec(
            profile,
            page=page if profile is not Profile.INVISIBLE else 0,
            box=box if profile is not Profile.INVISIBLE else None,
            image_png=image,
            signer_name=candidate.name,
            organization=default_organization(self.organization_edit.text(), kind, cert),
            number_symbol=self.number_edit.text().strip(),
        )
        loaded = self.context.settings()
        out_dir = None
        if self.folder_radio.isChecked():
            text = self.folder_edit.text().strip()
            if not text:
                raise self._error(
                    self.tr("Choose the folder for the signed files first."), "no_output_folder"
                )
            out_dir = Path(text)
        options = sign_options(
            loaded.values if loaded is not None else None,
            spec,
            level=self.level(),
            reason=decision.signature_reason,
            out_dir=out_dir,
        )
        pool = self.context.pool()
        paths = self.context.paths()
        purpose = (
            self.tr("Sign %1 PDF file(s) with “%2”")
            .replace("%1", str(len(self.files)))
            .replace("%2", candidate.name)
        )
        return SignJob(
            candidate=candidate,
            module=module,
            files=list(self.files),
            options=options,
            pool=pool,
            roots=[c for c in pool if c.issuer == c.subject],
            decision=decision,
            audit_path=default_audit_path(paths) if paths is not None else None,
            prompter=self.context.prompter,
            purpose=purpose,
        )

    def _run_job(self, job: SignJob) -> None:
        self.results.clear()
        self.report = None
        for i in range(len(self.files)):
            self._show_row(i)
        self.progress.setRange(0, len(job.files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status_label.setText(self.tr("Logging in to the token…"))
        bridge = self._bridge

        def work(report: Callable[[int, int, str], None], cancel: threading.Event) -> BatchReport:
            return run_batch(job, report, cancel, bridge.file_done.emit)

        self.worker = workers.start_with_progress(
            work, on_progress=self._progress, on_done=self._batch_done, on_error=self._failed
        )
        self._update_buttons()

    @Slot()
    def cancel(self) -> None:
        """Stop after the file being signed now (files not started are left unsigned)."""
        if self.worker is not None and self._busy:
            self.worker.cancel.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling after the current file…"))

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, name: str) -> None:
        if not self._busy:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if done < total:
            self.status_label.setText(
                self.tr("Signing %1 (%2 of %3)…")
                .replace("%1", name)
                .replace("%2", str(done + 1))
                .replace("%3", str(total))
            )

    @Slot(int, object)
    def _file_done(self, index: int, result: SignResult) -> None:
        self.results[index] = result
        self._show_row(index)

    def _batch_done(self, report: BatchReport) -> None:
        self.report = report
        for i, result in enumerate(report.results):
            self.results[i] = result
            self._show_row(i)
        self.worker = None
        self._set_busy(False)
        self.progress.setValue(len(report.signed))
        summary = (
            self.tr("Signed %1 of %2 files; %3 failed.")
            .replace("%1", str(len(report.signed)))
            .replace("%2", str(len(report.results)))
            .replace("%3", str(len(report.failed)))
        )
        if report.stopped in ("token_removed", "audit_failed"):
            parts = [summary]
            if report.error is not None:
                parts.append(report.error.message(self.language))
            if report.left:
                left = ", ".join(p.name for p in report.left)
                parts.append(self.tr("Left to sign: %1").replace("%1", left))
            self.show_message(" ".join(parts), error=True)
        elif report.stopped == "cancelled":
            self.status_label.setText(
                summary + " " + self.tr("Cancelled: %1 files not signed.").replace(
                    "%1", str(len(report.left))
                )
            )
        else:
            self.status_label.setText(summary)
        self.finished.emit(report)

    def _failed(self, err: Any) -> None:
        self.worker = None
        self._set_busy(False)
        self.progress.setVisible(False)
        text = err.message(self.language) if isinstance(err, KysoError) else str(err)
        self.show_message(text, error=True)
        self.finished.emit(None)

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.cancel.set()
        self._pdf_doc.close()
