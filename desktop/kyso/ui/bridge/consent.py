"""The consent window: which web address asks, the document, where the signature goes, the
certificate, then sign.

Nothing is signed without it; closing it answers "cancelled". It shows the asking origin in
large type (the one thing a user must read), the document's name, size and page count, its
pages in the Sign page's placement preview (:class:`~kyso.ui.sign.placement.PlacementView`:
PDFium with the existing signatures drawn, click or drag to place the box, drag it to move,
corners to resize, arrow keys to nudge) with the appearance Kyso will draw in it, the
Nghị định 30 profile the page asked for, and the certificate that will sign.

When the chosen certificate may sign only as item 4's emergency fallback (Công văn 393), the
window says so, quotes the rule and requires a short reason, as the Sign page's emergency
dialog does; the decision itself is the same core policy call (``assess``, off the GUI
thread) and the reason goes into the signature and the audit log.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kyso.core.signing import appearance as ap
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.choice import FallbackChoice, telling_apart
from kyso.core.signing.policy import (
    MAX_REASON_CHARS,
    MIN_REASON_CHARS,
    RULE_ITEM4_VI,
    where_held,
)
from kyso.core.vntime import vn_date
from kyso.ui import workers
from kyso.ui.sign.appearance import appearance_pdf
from kyso.ui.sign.models import Box
from kyso.ui.sign.placement import PlacementView
from kyso.ui.widgets.pdf_page import AppearanceImage

PROFILE_TEXT = {
    "approval": ("Phê duyệt (chữ ký của người có thẩm quyền)", "Approval (the signatory)"),
    "issuance": ("Phát hành (con dấu của cơ quan)", "Issuance (the organization's seal)"),
    "appendix": ("Phụ lục kèm theo", "Appendix"),
    "copy": ("Sao y bản chính / bản sao điện tử", "Certified copy"),
    "invisible": ("Văn bản đến (không hiển thị chữ ký)", "Received document (invisible)"),
}


@dataclass(frozen=True)
class CertificateChoice:
    label: str
    """"Name — organization (token / account)", shown in the list."""
    key: object
    """What the caller needs to sign with it (opaque here)."""
    signer_name: str = ""
    """The name the appearance shows (approval without an image)."""


@dataclass(frozen=True)
class Assessment:
    """What the policy says of a certificate before the user consents."""

    emergency_organization: str | None = None
    """Item 4's emergency fallback applies (the new-model organization's name): the window
    quotes the rule and requires a reason."""
    organization: str = ""
    """The organization the appearance names (issuance, copy), as the signing will."""
    emergency_choices: tuple[FallbackChoice, ...] = ()
    """Every organization certificate that allows item 4, the default first (as the Sign
    page's emergency dialog lists them): the window lets the user pick when several do."""


@dataclass(frozen=True)
class ConsentAnswer:
    """What the user consented to."""

    choice: CertificateChoice
    page: int = 0
    """0-based page of the box."""
    box: Box | None = None
    """(x1, y1, x2, y2) in PDF points; None: the profile's default place."""
    emergency_reason: str | None = None
    """Item 4's reason, when the window asked for one."""
    emergency_organization: str | None = None
    """The organization item 4 rests on, picked among several (its shown name, which the
    decision accepts back as ``kyso sign --organization``); None: nothing to pick."""


def _plain_label(text: str) -> QLabel:
    """A label that shows ``text`` literally: a page-supplied "<img src=…>" stays text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def default_size(profile: Profile) -> tuple[float, float]:
    """The box a plain click places, as on the Sign page."""
    if profile is Profile.ISSUANCE:
        return (260.0, 110.0)
    if profile in (Profile.APPENDIX, Profile.COPY):
        return (200.0, 40.0)
    return (180.0, 80.0)


class ConsentDialog(QDialog):
    def __init__(
        self,
        origin: str,
        profile: str,
        documents: list[Path],
        names: list[str],
        certificates: list[CertificateChoice],
        *,
        doc_number: str = "",
        assess: Callable[[CertificateChoice], Assessment] | None = None,
        parent: QWidget | None = None,
        language: str = "vi",
    ) -> None:
        super().__init__(parent)
        self.language = "en" if language == "en" else "vi"
        self.setWindowTitle(self.tr("A web page asks Kyso to sign"))
        self.setModal(True)
        self.profile = Profile(profile) if profile in {p.value for p in Profile} else Profile.INVISIBLE
        self.doc_number = doc_number
        self._assess = assess
        self._assessment: Assessment | None = None
        self._assess_serial = 0
        self._appearance_serial = 0
        self._closed = False
        layout = QVBoxLayout(self)
        # the origin comes from the page: escaped, so only the bold is ours
        who = QLabel(self.tr("<b>%1</b> asks you to sign:").replace("%1", html.escape(origin)))
        who.setObjectName("origin")
        who.setTextFormat(Qt.TextFormat.RichText)
        who.setStyleSheet("font-size: 15pt;")
        who.setWordWrap(True)
        layout.addWidget(who)
        row = QHBoxLayout()

        # the document, with the placement preview of the Sign page
        first = documents[0]
        self._pdf = QPdfDocument(self)
        self._pdf.load(str(first))
        pages = self._pdf.pageCount() if self._pdf.status() == QPdfDocument.Status.Ready else 0
        self.page_count = pages
        self.preview = PlacementView()
        self.preview.setObjectName("placementView")
        self.preview.setMinimumSize(QSize(330, 420))
        self.preview.setDocument(self._pdf)
        self.preview.set_source(first)
        self.preview.default_size = default_size(self.profile)
        self.preview.placed.connect(lambda *_: self._placement_changed())
        self.preview.rendered.connect(lambda *_: self._placement_changed())
        visible = self.profile is not Profile.INVISIBLE
        self.preview.setEnabled(visible)
        self.preview.setToolTip(self.tr(
            "Click to place the signature, drag to draw its box; drag the box to move it, "
            "its corners to resize it; arrow keys nudge it (Shift: 10 points)"))
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setRange(1, max(pages, 1))
        self.page_spin.valueChanged.connect(lambda v: self.preview.go_to_page(v - 1))
        self.place_label = QLabel()
        self.place_label.setObjectName("placeLabel")
        self.default_place_button = QPushButton(self.tr("Default place"))
        self.default_place_button.clicked.connect(self.reset_placement)
        self.default_place_button.setEnabled(visible)
        page_row = QHBoxLayout()
        page_row.addWidget(QLabel(self.tr("Page:")))
        page_row.addWidget(self.page_spin)
        page_row.addWidget(QLabel(self.tr("of %1").replace("%1", str(pages))))
        page_row.addStretch(1)
        page_row.addWidget(self.default_place_button)
        left = QVBoxLayout()
        left.addLayout(page_row)
        left.addWidget(self.preview, 1)
        left.addWidget(self.place_label)
        row.addLayout(left, 3)

        form = QFormLayout()
        # file names, the number and the certificate's words come from the page or the
        # document: shown literally (QLabel would otherwise guess rich text and render them)
        files = _plain_label("\n".join(names))
        files.setObjectName("files")
        files.setWordWrap(True)
        form.addRow(self.tr("Document:"), files)
        total = sum(p.stat().st_size for p in documents)
        self.details = QLabel(
            self.tr("%1 file(s), %2, first file %3 page(s)")
            .replace("%1", str(len(documents))).replace("%2", _size_text(total))
            .replace("%3", str(pages))
        )
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        form.addRow(self.tr("Size:"), self.details)
        vi, en = PROFILE_TEXT.get(profile, (profile, profile))
        kind = _plain_label(vi)
        kind.setWordWrap(True)
        form.addRow(self.tr("Signature:"), kind)
        if doc_number:
            number = _plain_label(doc_number)
            number.setObjectName("docNumber")
            form.addRow(self.tr("Number:"), number)
        self.certificates = QComboBox()
        self.certificates.setObjectName("certificates")
        for c in certificates:
            self.certificates.addItem(c.label, c)
        form.addRow(self.tr("Certificate:"), self.certificates)
        self.checking_label = QLabel()
        self.checking_label.setObjectName("checking")
        self.checking_label.setWordWrap(True)
        form.addRow("", self.checking_label)
        side = QVBoxLayout()
        side.addLayout(form)
        self.emergency_group = self._emergency_box()
        side.addWidget(self.emergency_group)
        side.addStretch(1)
        row.addLayout(side, 2)
        layout.addLayout(row, 1)

        warning = QLabel(self.tr(
            "Sign only if you opened this page yourself and the document is the one you "
            "expect. The PIN is asked next."))
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.buttons = QDialogButtonBox()
        self.sign_button = self.buttons.addButton(self.tr("Sign"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("sign")
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if not certificates:
            none = QLabel(self.tr("No certificate can sign: insert the token and try again."))
            none.setObjectName("no_certificate")
            layout.insertWidget(layout.count() - 1, none)

        self._appearance_image = AppearanceImage(self)
        self._appearance_timer = QTimer(self)
        self._appearance_timer.setSingleShot(True)
        self._appearance_timer.setInterval(80)
        self._appearance_timer.timeout.connect(self._render_appearance)
        self.certificates.currentIndexChanged.connect(self._certificate_changed)
        self.finished.connect(self._on_finished)
        self._certificate_changed()
        self._placement_changed()
        screen = self.screen()
        if screen is not None:
            area = screen.availableGeometry()
            self.fit_screen(area.width(), area.height())

    def fit_screen(self, width: int, height: int) -> None:
        """A size that shows the page large enough to place the box, inside a screen's
        available area (1366×768 laptops included)."""
        self.resize(min(1100, width - 40), min(720, height - 48))

    # -- item 4 ------------------------------------------------------------------------------
    def _emergency_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Emergency signature (item 4, letter 393/BCY-CTSBMTT)"))
        box.setObjectName("emergency")
        box.setStyleSheet("QGroupBox#emergency { font-weight: bold; color: #a04000; }")
        inner = QVBoxLayout(box)
        self.emergency_intro = _plain_label("")
        self.emergency_intro.setObjectName("emergencyIntro")
        self.emergency_intro.setWordWrap(True)
        inner.addWidget(self.emergency_intro)
        self.organization_pick = QLabel(self.tr(
            "Several organization certificates on the new model allow it. Sign on the "
            "strength of:"))
        self.organization_pick.setWordWrap(True)
        self.organization_pick.setStyleSheet("font-weight: normal; color: palette(text);")
        inner.addWidget(self.organization_pick)
        self.organization_combo = QComboBox()
        self.organization_combo.setObjectName("organizationChoice")
        self.organization_combo.currentIndexChanged.connect(lambda *_: self._show_organization())
        inner.addWidget(self.organization_combo)
        self.organization_reason = _plain_label("")
        self.organization_reason.setObjectName("organizationReason")
        self.organization_reason.setWordWrap(True)
        self.organization_reason.setStyleSheet("font-weight: normal; color: palette(text);")
        inner.addWidget(self.organization_reason)
        self.rule_label = QLabel(RULE_ITEM4_VI)
        self.rule_label.setObjectName("ruleText")
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("font-style: italic; font-weight: normal; color: palette(text);")
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.rule_label)
        note = QLabel(self.tr(
            "The reason is written into the signature and into Kyso's audit log. Give a "
            "short reason for the urgency:"))
        note.setWordWrap(True)
        note.setStyleSheet("font-weight: normal; color: palette(text);")
        inner.addWidget(note)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("emergencyReason")
        self.reason_edit.setMaxLength(MAX_REASON_CHARS)
        self.reason_edit.setPlaceholderText(self.tr("e.g. urgent flood-prevention order"))
        self.reason_edit.textChanged.connect(lambda *_: self._update_sign_button())
        inner.addWidget(self.reason_edit)
        box.setVisible(False)
        return box

    def emergency(self) -> bool:
        """The chosen certificate signs as item 4's emergency fallback."""
        return self._assessment is not None and self._assessment.emergency_organization is not None

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def _certificate_changed(self, *_: object) -> None:
        self._assessment = None
        self.emergency_group.setVisible(False)
        self._appearance_timer.start()
        choice = self.chosen()
        if choice is None or self._assess is None:
            self._assessment = Assessment() if choice is not None else None
            self.checking_label.setText("")
            self._update_sign_button()
            return
        self._assess_serial += 1
        serial = self._assess_serial
        self.checking_label.setText(self.tr("Checking the certificate…"))
        self._update_sign_button()
        workers.start(self._assess, choice,
                      on_done=lambda a: self._assessed(serial, a),
                      on_error=lambda _e: self._assessed(serial, Assessment()))

    def _assessed(self, serial: int, assessment: Assessment) -> None:
        if self._closed or not shiboken6.isValid(self) or serial != self._assess_serial:
            return
        self._assessment = assessment
        self.checking_label.setText("")
        if assessment.emergency_organization is not None:
            self._fill_organizations(assessment)
            self.emergency_group.setVisible(True)
            self.reason_edit.setFocus()
        self._update_sign_button()
        self._appearance_timer.start()  # the organization may now be known

    def _fill_organizations(self, assessment: Assessment) -> None:
        """The organization certificates that allow item 4: a list to pick from when several
        do (the default selected), each with why it allows it (the Sign page's dialog)."""
        choices = assessment.emergency_choices
        combo = self.organization_combo
        combo.blockSignals(True)
        combo.clear()
        # Two certificates of one organization share its name: each then says which it is
        for choice, apart in zip(choices, telling_apart(choices), strict=True):
            org = choice.organization
            label = f"{org.shown_name} ({where_held(org.source, self.language)})"
            if apart:
                label += f" — SHA-256 {apart}…"
                if org.not_after is not None:
                    label += ", " + self.tr("valid until %1").replace("%1", vn_date(org.not_after))
            if choice.best:
                label += " — " + self.tr("best match")
            combo.addItem(label, choice)
        # By the certificate (two of one organization share the name), else by the name.
        wanted = assessment.emergency_organization
        default = next((i for i, c in enumerate(choices)
                        if c.organization.sha256 == getattr(wanted, "sha256", None)),
                       next((i for i, c in enumerate(choices)
                             if c.organization.shown_name == wanted), 0))
        combo.setCurrentIndex(default if choices else -1)
        combo.blockSignals(False)
        several = len(choices) > 1
        self.organization_pick.setVisible(several)
        combo.setVisible(several)
        self.organization_reason.setVisible(bool(choices))
        self._show_organization()

    def _picked(self) -> FallbackChoice | None:
        data = self.organization_combo.currentData()
        return data if isinstance(data, FallbackChoice) else None

    def _show_organization(self) -> None:
        if self._assessment is None or self._assessment.emergency_organization is None:
            return
        picked = self._picked()
        name = picked.organization.shown_name if picked else self._assessment.emergency_organization
        self.emergency_intro.setText(self.tr(
            "This personal certificate is not on the two-tier model yet. Its organization "
            "“%1” already has a certificate on the new model, so it may sign only in an "
            "emergency, under this rule:").replace("%1", name))
        if picked is not None:
            self.organization_reason.setText(
                self.tr("Allowed by: %1").replace("%1", picked.reason(self.language)))

    def emergency_organization(self) -> str | None:
        """The organization certificate picked for item 4 when several allow it: its shown
        name as a :class:`~kyso.core.signing.policy.ShownName`, which carries the
        certificate's SHA-256 to the decision (two certificates of one organization share
        the name); None when there was nothing to pick (the decision keeps its own)."""
        if not self.emergency() or self.organization_combo.count() < 2:
            return None
        picked = self._picked()
        return picked.organization.shown_name if picked else None

    def _update_sign_button(self) -> None:
        ready = self._assessment is not None and self.chosen() is not None
        if ready and self.emergency():
            ready = MIN_REASON_CHARS <= len(self.reason()) <= MAX_REASON_CHARS
        self.sign_button.setEnabled(ready)
        self.sign_button.setText(self.tr("Sign in an emergency") if self.emergency()
                                 else self.tr("Sign"))

    def accept(self) -> None:
        if not self.sign_button.isEnabled():
            return
        super().accept()

    # -- placement ---------------------------------------------------------------------------
    def placement(self) -> tuple[int, Box | None]:
        return self.preview.box_page, self.preview.box

    def set_placement(self, page: int, box: Box | None) -> None:
        self.preview.set_box(page, box)
        self._placement_changed()

    def reset_placement(self) -> None:
        self.set_placement(0, None)

    def _shown_box(self) -> tuple[int, Box] | None:
        page, box = self.placement()
        if box is not None:
            return page, box
        if self.profile is Profile.INVISIBLE or not self.page_count:
            return None
        size = self._pdf.pagePointSize(0)
        if size.width() <= 0:
            return None
        spec = self._spec()
        return 0, ap.default_box(spec, dt.datetime.now(dt.timezone.utc),
                                 (size.width(), size.height()))

    def _placement_changed(self) -> None:
        page, box = self.placement()
        if self.profile is Profile.INVISIBLE:
            self.place_label.setText(self.tr("Invisible signature: no place on the page"))
        elif box is None:
            self.place_label.setText(self.tr("The profile's default place"))
            shown = self._shown_box()
            self.preview.set_ghost(shown)
        else:
            self.preview.set_ghost(None)
            self.place_label.setText(
                self.tr("Page %1, box %2 (points)").replace("%1", str(page + 1))
                .replace("%2", ", ".join(f"{v:.0f}" for v in box)))
        self._appearance_timer.start()

    def _spec(self) -> AppearanceSpec:
        choice = self.chosen()
        organization = self._assessment.organization if self._assessment else ""
        return AppearanceSpec(self.profile, signer_name=choice.signer_name if choice else "",
                              organization=organization, number_symbol=self.doc_number)

    def _render_appearance(self) -> None:
        shown = self._shown_box()
        self._appearance_serial += 1
        if shown is None:
            self.preview.set_appearance(None)
            return
        workers.start(appearance_pdf, self._appearance_serial, self._spec(), None, shown[1],
                      on_done=self._appearance_ready,
                      on_error=lambda _e: self._appearance_ready(None))

    def _appearance_ready(self, result: tuple[int, bytes] | None) -> None:
        if self._closed or not shiboken6.isValid(self):
            return
        if result is None:
            self.preview.set_appearance(None)
            return
        serial, data = result
        if serial != self._appearance_serial:
            return
        self.preview.set_appearance(self._appearance_image.render(data))

    # -- the answer --------------------------------------------------------------------------
    def chosen(self) -> CertificateChoice | None:
        data = self.certificates.currentData()
        return data if isinstance(data, CertificateChoice) else None

    def answer(self) -> ConsentAnswer | None:
        choice = self.chosen()
        if choice is None:
            return None
        page, box = self.placement()
        if self.profile is Profile.INVISIBLE:
            page, box = 0, None
        return ConsentAnswer(choice, page, box, self.reason() if self.emergency() else None,
                             self.emergency_organization())

    def _on_finished(self, *_: object) -> None:
        self._closed = True
        self._appearance_timer.stop()
        self.preview.close_source()
        self._appearance_image.close()
        self._pdf.close()
