"""The reform panel: a certificate's subject beside what it should say under the new model.

For the selected certificate (issue 3 §4): "Thông tin hiện tại | Theo mô hình mới" side by
side, one row per subject attribute (CN, T, OU…, O, L, ST), changed rows highlighted by a
background colour *and* a "→ đổi" marker; the verdict as a coloured badge; the reasons;
what to do and where to file it; a button that copies the proposed values as text ready
for the change-request form (Mẫu 04, Nghị định 68/2024/NĐ-CP); and, for a person of an
abolished district body, a searchable picker of the new province's communes so the user
can name the unit they work in now.

The check itself is core (:func:`kyso.core.reform.check.check_subject`); it takes well under a
millisecond, so it runs on the GUI thread. :func:`verdict_badge` gives the badge text and
colour for the device tree.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from cryptography import x509
from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kyso.core.certs.details import CertificateDetails, attribute_label
from kyso.core.reform.check import (
    CHECK_WITH_UNIT,
    CURRENT,
    NEEDS_CHANGE,
    UNIT_ABOLISHED,
    UNKNOWN,
    ReformResult,
    check_subject,
    propose_unit,
)
from kyso.core.subjects.admin_units import fold_words, new_communes_of

# Verdict -> (Vietnamese, English, colour). Colours keep 4.5:1 contrast with white text.
_BADGES: dict[str, tuple[str, str, str]] = {
    CURRENT: ("Đã theo mô hình mới", "Up to date", "#2e7d32"),
    NEEDS_CHANGE: ("Cần thay đổi thông tin", "Needs a change of information", "#b45309"),
    UNIT_ABOLISHED: ("Đơn vị cấp huyện đã giải thể", "District body abolished", "#b91c1c"),
    CHECK_WITH_UNIT: ("Kiểm tra với đơn vị", "Check with the unit", "#b45309"),
    UNKNOWN: ("Chưa xác định", "Not determined", "#4b5563"),
}
CHANGED_BACKGROUND = "#fff3c4"
"""Background of a changed row (with the "→ đổi" marker: never colour alone)."""

_OIDS = {
    "CN": "2.5.4.3",
    "T": "2.5.4.12",
    "OU": "2.5.4.11",
    "O": "2.5.4.10",
    "L": "2.5.4.7",
    "ST": "2.5.4.8",
}
_ROLE_FOLDED = Qt.ItemDataRole.UserRole + 1


def verdict_badge(status: str) -> tuple[str, str, str]:
    """``(text_vi, text_en, colour)`` of a verdict's badge ("current", "needs_change"…)."""
    return _BADGES.get(status, _BADGES[UNKNOWN])


@dataclass(frozen=True)
class Row:
    """One subject attribute as the panel shows it."""

    key: str
    """As keyed in ``ReformResult.proposed``: "CN", "T", "OU" or "OU[2]", "O", "L", "ST"."""
    attribute: str
    """The attribute's short name ("OU"), for the form text."""
    current: str
    proposed: str
    changed: bool
    pending: bool = False
    """The new value waits for the user's pick (an abolished district body's unit)."""
    merged: bool = False
    """A department merged into another (NĐ 45/2025): its new name is the unit's to say;
    ``proposed`` asks for it (never the old name under the new province)."""


def _folded(text: str) -> str:
    return " ".join(fold_words(text))


class ReformPanel(QWidget):
    """Current subject beside the new model's values, verdict, reasons and what to do."""

    COLUMN_FIELD, COLUMN_CURRENT, COLUMN_MARK, COLUMN_NEW = range(4)

    def __init__(self, language: str = "vi", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.result: ReformResult | None = None
        self.details: CertificateDetails | None = None
        self.picked_unit: str | None = None
        self._rows: list[Row] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        self.badge = QLabel()
        self.badge.setObjectName("reformBadge")
        self.badge.setMargin(4)
        head.addWidget(self.badge)
        self.title = QLabel()
        self.title.setObjectName("reformTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.title, 1)
        layout.addLayout(head)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("reformTable")
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COLUMN_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMN_CURRENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COLUMN_MARK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMN_NEW, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)

        # The picker: shown for a person of an abolished district body.
        self.picker = QWidget()
        self.picker.setObjectName("reformPicker")
        picker_layout = QVBoxLayout(self.picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        self.picker_label = QLabel()
        self.picker_label.setWordWrap(True)
        picker_layout.addWidget(self.picker_label)
        self.unit_filter = QLineEdit()
        self.unit_filter.setObjectName("reformUnitFilter")
        self.unit_filter.setClearButtonEnabled(True)
        picker_layout.addWidget(self.unit_filter)
        self.unit_model = QStandardItemModel(self)
        self.unit_proxy = QSortFilterProxyModel(self)
        self.unit_proxy.setSourceModel(self.unit_model)
        self.unit_proxy.setFilterRole(_ROLE_FOLDED)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("reformUnitCombo")
        self.unit_combo.setModel(self.unit_proxy)
        self.unit_combo.setMaxVisibleItems(20)
        picker_layout.addWidget(self.unit_combo)
        self.picker_label.setBuddy(self.unit_filter)
        self.unit_filter.textChanged.connect(self._filter_units)
        self.unit_combo.activated.connect(self._on_unit_activated)
        self.picker.setVisible(False)
        layout.addWidget(self.picker)

        self.verdict = QLabel()
        self.verdict.setObjectName("reformVerdict")
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.reasons = QLabel()
        self.reasons.setObjectName("reformReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reasons)
        self.recommendation = QLabel()
        self.recommendation.setObjectName("reformRecommendation")
        self.recommendation.setWordWrap(True)
        layout.addWidget(self.recommendation)
        self.file_at = QLabel()
        self.file_at.setObjectName("reformFileAt")
        self.file_at.setWordWrap(True)
        layout.addWidget(self.file_at)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("reformCopy")
        self.copy_button.clicked.connect(self.copy_proposed)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()
        self.clear()

    # -- public ----------------------------------------------------------------------------
    def show_certificate(self, details: CertificateDetails) -> ReformResult:
        """Check a certificate's subject (and its e-mail) and show the verdict."""
        self.details = details
        email = details.emails[0] if details.emails else None
        return self._show(check_subject(details.cert.subject, email))

    def show_subject(self, subject: x509.Name | str, email: str | None = None) -> ReformResult:
        """Check a subject (Name or RFC 4514 string) and show the verdict."""
        self.details = None
        return self._show(check_subject(subject, email))

    def clear(self) -> None:
        self.result = None
        self.details = None
        self.picked_unit = None
        self._rows = []
        self.badge.clear()
        self.badge.setStyleSheet("")
        self.title.clear()
        self.table.setRowCount(0)
        self.picker.setVisible(False)
        for label in (self.verdict, self.reasons, self.recommendation, self.file_at):
            label.clear()
        self.copy_button.setEnabled(False)

    def rows(self) -> list[Row]:
        """The rows shown, in order."""
        return list(self._rows)

    def changed_rows(self) -> list[str]:
        """Keys of the highlighted rows ("O", "L", "OU[2]"…)."""
        return [row.key for row in self._rows if row.changed]

    def proposed_values(self) -> dict[str, str]:
        """Every attribute as it should read under the new model (pending ones left out)."""
        return {row.key: row.proposed for row in self._rows if not row.pending}

    def unit_choices(self) -> list[str]:
        """The units the picker lists now (after the filter)."""
        return [self.unit_combo.itemText(i) for i in range(self.unit_combo.count())]

    def needs_pick(self) -> bool:
        """Whether the user still has to pick the unit they work in now."""
        return any(row.pending for row in self._rows)

    def pick_unit(self, name: str) -> None:
        """Pick the unit the holder works in now (as the picker lists it: "Xã Vũ Thư")."""
        if self.result is None or not self._picker_wanted():
            return
        self.picked_unit = name
        index = self.unit_combo.findText(name)
        if index >= 0 and self.unit_combo.currentIndex() != index:
            self.unit_combo.setCurrentIndex(index)
        self._fill_rows()
        self._update_copy()

    def form_text(self) -> str:
        """The change request as text for Mẫu 04: what changes, then the new subject.

        Always Vietnamese: it goes into a Vietnamese form.
        """
        result = self.result
        if result is None:
            return ""
        lines = [
            "ĐỀ NGHỊ THAY ĐỔI NỘI DUNG THÔNG TIN CHỨNG THƯ SỐ (Mẫu 04, Nghị định 68/2024/NĐ-CP)",
        ]
        holder = result.holder
        if holder.name:
            lines.append(f"Chủ thể: {holder.name}")
        if self.details is not None:
            lines.append(f"Số hiệu chứng thư số: {self.details.serial_hex}")
        lines.append("Nội dung thay đổi:")
        for row in self._rows:
            if row.changed and not row.pending:
                label = attribute_label(_OIDS[row.attribute], "vi")
                lines.append(f"- {label}: {row.current} → {row.proposed or '(bỏ)'}")
        lines.append("Thông tin đề nghị ghi trên chứng thư số:")
        for row in self._rows:
            if not row.pending and row.proposed:  # "" drops the attribute
                lines.append(f"{row.attribute}={row.proposed}")
        # The rows hold what the reform may change; the country is the subject's too (every
        # subject ends "…, L=<province>, C=VN"): without it the block is not the new subject.
        for attribute in holder.attributes:
            if attribute.key == "C":
                lines.append(f"C={attribute.value}")
        if result.file_at:
            lines.append(
                "Nơi nộp: đầu mối được ủy quyền của "
                + " hoặc ".join(result.file_at)
                + " (qua https://dichvucong.ca.gov.vn)"
            )
        return "\n".join(lines) + "\n"

    def copy_proposed(self) -> None:
        """Put :meth:`form_text` on the clipboard."""
        if self.result is None or not self.copy_button.isEnabled():
            return
        QGuiApplication.clipboard().setText(self.form_text())

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Field"),
                self.tr("Current information"),
                "",
                self.tr("Under the new model"),
            ]
        )
        self.copy_button.setText(self.tr("Copy proposed values"))
        self.copy_button.setToolTip(
            self.tr("Copy the new values as text for the change-request form (Form 04)")
        )
        self.picker_label.setText(self._picker_text())
        self.unit_filter.setPlaceholderText(self.tr("Type to search, without accents is fine"))
        self.unit_combo.setPlaceholderText(self.tr("Pick a unit…"))
        if self.result is not None:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- building ----------------------------------------------------------------------------
    def _show(self, result: ReformResult) -> ReformResult:
        self.result = result
        self.picked_unit = None
        self.picker_label.setText(self._picker_text())
        self._fill_units()
        self.unit_filter.clear()
        self._render()
        return result

    def _picker_text(self) -> str:
        r = self.result
        if r is not None and r.split_attribute is not None and r.pick_unit == r.split_attribute:
            if r.split_homonyms:  # "xa Truc Hung": Trực Hưng or Trực Hùng, not a split
                return self.tr("The name is several old communes: the new one (new structure):")
            return self.tr("The commune was split: the new one (new structure):")
        if r is not None and r.parent_attribute is not None:
            return self.tr("New parent: the commune's People's Committee (new structure):")
        return self.tr("Unit you work in now (new structure):")

    def _picker_wanted(self) -> bool:
        # The verdict says which attribute needs a pick (the unit worked in now, or an
        # institution's new parent): the exports say the same (ReformResult.pick_unit).
        r = self.result
        return r is not None and r.pick_unit is not None

    def _fill_units(self) -> None:
        self.unit_model.clear()
        r = self.result
        if r is None or not self._picker_wanted() or r.province_new is None:
            return
        if r.split_attribute is not None and r.pick_unit == r.split_attribute:
            # A split commune: only the new communes its area went to.
            names = list(r.pick_choices)
        else:
            # The communes that took over the district first, then the rest of the province.
            names = list(r.district_successors)
            first = set(names)
            names += [n for n in new_communes_of(r.province_new) if n not in first]
        for name in names:
            item = QStandardItem(name)
            item.setData(_folded(name), _ROLE_FOLDED)
            item.setEditable(False)
            self.unit_model.appendRow(item)
        self.unit_combo.setCurrentIndex(-1)

    def _filter_units(self, text: str) -> None:
        self.unit_proxy.setFilterFixedString(_folded(text))
        if self.picked_unit is not None:
            index = self.unit_combo.findText(self.picked_unit)
            self.unit_combo.setCurrentIndex(index)

    def _on_unit_activated(self, index: int) -> None:
        if index >= 0:
            self.pick_unit(self.unit_combo.itemText(index))

    def _rows_for(self, result: ReformResult) -> list[Row]:
        holder = result.holder
        proposed = dict(result.proposed)
        pending_key: str | None = None
        if self._picker_wanted():
            if self.picked_unit:
                proposed = propose_unit(result, self.picked_unit)
            else:
                pending_key = result.pick_unit
        entries: list[tuple[str, str, str]] = []
        if holder.name:
            entries.append(("CN", "CN", holder.name))
        if holder.title:
            entries.append(("T", "T", holder.title))
        ous = list(holder.ous)
        for i, ou in enumerate(ous):
            entries.append(("OU" if len(ous) == 1 else f"OU[{i + 1}]", "OU", ou))
        orgs = [a.value for a in holder.attributes if a.key == "O"][::-1]
        for i, org in enumerate(orgs):
            entries.append(("O" if len(orgs) == 1 else f"O[{i + 1}]", "O", org))
        if holder.locality:
            entries.append(("L", "L", holder.locality))
        if holder.state:
            entries.append(("ST", "ST", holder.state))
        rows = []
        for key, attribute, current in entries:
            if key == pending_key:
                rows.append(Row(key, attribute, current, "", True, pending=True))
                continue
            if key in result.merged_names:
                # The form asks for the new department's name (in Vietnamese, as it is).
                asked = result.proposed_fields("vi")[key]
                rows.append(Row(key, attribute, current, asked, True, merged=True))
                continue
            new = proposed.get(key, current)
            rows.append(Row(key, attribute, current, new, new != current))
        return rows

    def _fill_rows(self) -> None:
        assert self.result is not None
        self._rows = self._rows_for(self.result)
        self.table.setRowCount(len(self._rows))
        highlight = QBrush(QColor(CHANGED_BACKGROUND))
        # Dark text on the light background, whatever the palette.
        ink = QBrush(QColor("#1f2937"))
        for r, row in enumerate(self._rows):
            label = attribute_label(_OIDS[row.attribute], self.language)
            if row.key != row.attribute:
                label += " " + row.key[len(row.attribute) :]
            if row.pending:
                new_text = self.tr("(pick the unit below)")
            elif row.changed and not row.proposed:
                new_text = self.tr("(remove: the district level is gone)")
            elif row.merged:
                new_text = self.tr("(department merged on 1 March 2025: check its new name)")
            else:
                new_text = row.proposed
            cells = [
                label,
                row.current,
                self.tr("→ change") if row.changed else "",
                new_text,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)  # the whole value when the column cuts it
                if row.changed:
                    item.setBackground(highlight)
                    item.setForeground(ink)
                    item.setToolTip(
                        (text + "\n" if text else "") + self.tr("Changes under the new model")
                    )
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    def _update_copy(self) -> None:
        r = self.result
        can_copy = r is not None and bool(self.changed_rows()) and not self.needs_pick()
        if r is not None and r.revokes:
            can_copy = False  # revoked and returned, not changed
        self.copy_button.setEnabled(can_copy)

    def _render(self) -> None:
        r = self.result
        assert r is not None
        vi, en, colour = verdict_badge(r.status)
        self.badge.setText(en if self.language == "en" else vi)
        self.badge.setStyleSheet(
            f"QLabel#reformBadge {{ background: {colour}; color: white; "
            "border-radius: 4px; font-weight: bold; }"
        )
        self.badge.setAccessibleName(en if self.language == "en" else vi)
        self.title.setText(f"<b>{html.escape(r.holder.name or '')}</b>")
        self._fill_rows()
        self.picker.setVisible(self._picker_wanted())
        reasons = r.reasons_in(self.language)
        self.reasons.setText(
            "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in reasons) + "</ul>"
            if reasons
            else ""
        )
        self.verdict.setText(self._verdict_text(r))
        self.recommendation.setText(self._recommendation_text(r))
        if r.file_at and r.status in (NEEDS_CHANGE, UNIT_ABOLISHED) and self._files_change(r):
            self.file_at.setText(
                self.tr("File at the authorized focal point (Sở KHCN) of any of: %1").replace(
                    "%1", ", ".join(r.file_at)
                )
            )
        else:
            self.file_at.clear()
        self._update_copy()

    @staticmethod
    def _files_change(r: ReformResult) -> bool:
        return not r.revokes

    def _verdict_text(self, r: ReformResult) -> str:
        if r.province_old and r.province_new and r.province_old != r.province_new:
            where = (
                self.tr("%1, now %2").replace("%1", r.province_old).replace("%2", r.province_new)
            )
        else:
            where = r.province_new or r.province_old or ""
        text = {
            CURRENT: self.tr("The certificate already matches the two-tier structure."),
            NEEDS_CHANGE: self.tr("The certificate's information is out of date."),
            UNIT_ABOLISHED: self.tr("The certificate names an abolished district-level body."),
            CHECK_WITH_UNIT: self.tr(
                "Check with the unit: the certificate names a body the reform does not "
                "rename, or a department merged into another."
            ),
            UNKNOWN: self.tr("Kyso could not place this certificate in the new structure."),
        }.get(r.status, "")
        return f"{text} ({where})" if where and r.status != UNKNOWN else text

    def _recommendation_text(self, r: ReformResult) -> str:
        if r.status == CURRENT:
            return self.tr("Nothing to do.")
        if r.status == UNKNOWN:
            return self.tr(
                "Check the subject by hand, or ask your unit's focal point for certificates."
            )
        if r.revokes:
            return self.tr(
                "Request the revocation of this certificate (Form 05, Decree 68/2024) and "
                "return the key device to the Authentication and Information Security "
                "Department."
            )
        text = self.tr(
            "Request a change of information on this certificate (Form 04, Decree 68/2024) "
            "through dichvucong.ca.gov.vn — not a new certificate."
        )
        r = self.result
        if r is not None and r.split_attribute is not None and r.pick_unit == r.split_attribute:
            text += " " + self.tr("First pick the new commune the old one's area went to.")
        elif self._picker_wanted():
            text += " " + self.tr("First pick the unit the holder works in now.")
        return text
