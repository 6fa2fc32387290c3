"""The inventory page's dialogs: units, a certificate entered by hand, import problems,
the Phụ lục I export and the merge of units' reports; and the file chooser they use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kyso.core.inventory.importing import ImportMode, RowProblem
from kyso.core.inventory.phuluc import Period
from kyso.core.inventory.store import KIND_LABELS, CertificateRecord
from kyso.core.vntime import VN_TZ


class FileChooser:
    """The file dialogs the page asks; tests replace it (the static dialogs are modal)."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def open_files(self, title: str, filters: str) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(self.parent, title, "", filters)
        return list(files)

    def save_file(self, title: str, filters: str, suggested: str) -> str:
        name, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return name


class UnitDialog(QDialog):
    """Add or edit a unit: name, staff (CBCCVC), organization certificates it must hold."""

    def __init__(
        self, parent: QWidget | None, *, title: str, name: str = "", staff: int = 0,
        org_required: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unitDialog")
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.name = QLineEdit(name)
        self.name.setObjectName("unitName")
        self.staff = QSpinBox()
        self.staff.setObjectName("unitStaff")
        self.staff.setRange(0, 1_000_000)
        self.staff.setValue(staff)
        self.org_required = QSpinBox()
        self.org_required.setObjectName("unitOrgRequired")
        self.org_required.setRange(0, 1000)
        self.org_required.setValue(org_required)
        form.addRow(self.tr("Unit name"), self.name)
        form.addRow(self.tr("Staff (CBCCVC)"), self.staff)
        form.addRow(self.tr("Organization certificates needed"), self.org_required)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class UnitPickerDialog(QDialog):
    """Which unit a certificate belongs to."""

    def __init__(self, parent: QWidget | None, units: Sequence[tuple[int, str]], text: str) -> None:
        super().__init__(parent)
        self.setObjectName("unitPicker")
        self.setWindowTitle(self.tr("Choose the unit"))
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.combo = QComboBox()
        self.combo.setObjectName("unitCombo")
        for unit_id, path in units:
            self.combo.addItem(path, unit_id)
        layout.addWidget(self.combo)
        self.remember = QCheckBox(self.tr("Use this unit for the next tokens too"))
        self.remember.setObjectName("rememberUnit")
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def unit_id(self) -> int | None:
        value = self.combo.currentData()
        return int(value) if value is not None else None


class CertificateDialog(QDialog):
    """Manual entry or editing of a certificate (mostly SIM PKI and RSSP, which no token
    shows). Fields that come from a certificate read from a token or file are read-only."""

    def __init__(
        self, parent: QWidget | None, units: Sequence[tuple[int, str]],
        record: CertificateRecord | None = None, unit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificateDialog")
        self.record = record
        self.setWindowTitle(
            self.tr("Edit certificate") if record else self.tr("Add a SIM PKI or RSSP certificate")
        )
        form = QFormLayout(self)
        self.subject = QLineEdit(record.subject if record else "")
        self.subject.setObjectName("certSubject")
        self.subject.setPlaceholderText(self.tr("Holder's name or the subject"))
        self.kind = QComboBox()
        self.kind.setObjectName("certKind")
        for key in ("sim_pki", "rssp", "usb_token"):
            self.kind.addItem(KIND_LABELS[key], key)
        self.holder = QComboBox()
        self.holder.setObjectName("certHolder")
        self.holder.addItem(self.tr("Person"), "person")
        self.holder.addItem(self.tr("Organization"), "organization")
        self.unit = QComboBox()
        self.unit.setObjectName("certUnit")
        self.unit.addItem(self.tr("(no unit)"), None)
        for uid, path in units:
            self.unit.addItem(path, uid)
        self.on_new_model = QCheckBox(
            self.tr("Issued or changed to the new (two-tier) structure")
        )
        self.on_new_model.setObjectName("certNewModel")
        self.has_validity = QCheckBox(self.tr("Validity known"))
        self.has_validity.setObjectName("certHasValidity")
        self.not_before = QDateEdit()
        self.not_after = QDateEdit()
        for edit in (self.not_before, self.not_after):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.not_before.setDate(QDate.currentDate())
        self.not_after.setDate(QDate.currentDate().addYears(5))
        self.serial = QLineEdit(record.serial_number or "" if record else "")
        self.token_serial = QLineEdit(record.token_serial or "" if record else "")
        self.note = QLineEdit(record.note if record else "")
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Holder"), self.holder)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow("", self.on_new_model)
        form.addRow("", self.has_validity)
        form.addRow(self.tr("Valid from"), self.not_before)
        form.addRow(self.tr("Valid until"), self.not_after)
        form.addRow(self.tr("Certificate serial"), self.serial)
        form.addRow(self.tr("Device serial"), self.token_serial)
        form.addRow(self.tr("Note"), self.note)
        self.has_validity.toggled.connect(self.not_before.setEnabled)
        self.has_validity.toggled.connect(self.not_after.setEnabled)
        self.not_before.setEnabled(False)
        self.not_after.setEnabled(False)
        if record is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(record.kind)))
            self.holder.setCurrentIndex(max(0, self.holder.findData(record.holder_kind)))
            self.on_new_model.setChecked(record.on_new_model)
            if record.not_before and record.not_after:
                self.has_validity.setChecked(True)
                for edit, value in ((self.not_before, record.not_before),
                                    (self.not_after, record.not_after)):
                    local = value.astimezone(VN_TZ)
                    edit.setDate(QDate(local.year, local.month, local.day))
            if record.has_der:  # read from the certificate itself
                for w in (self.subject, self.serial, self.has_validity, self.not_before,
                          self.not_after):
                    w.setEnabled(False)
            unit_id = record.unit_id
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        """Arguments for :meth:`Inventory.add_manual` (and, less the source, for edits)."""
        unit = self.unit.currentData()
        values: dict[str, Any] = {
            "subject": self.subject.text().strip(),
            "kind": self.kind.currentData(),
            "holder_kind": self.holder.currentData(),
            "unit_id": int(unit) if unit is not None else None,
            "on_new_model": self.on_new_model.isChecked(),
            "serial_number": self.serial.text().strip() or None,
            "token_serial": self.token_serial.text().strip() or None,
            "note": self.note.text().strip(),
            "not_before": None,
            "not_after": None,
        }
        if self.has_validity.isChecked():
            nb, na = self.not_before.date(), self.not_after.date()
            values["not_before"] = dt.datetime(nb.year(), nb.month(), nb.day(), tzinfo=VN_TZ)
            values["not_after"] = dt.datetime(
                na.year(), na.month(), na.day(), 23, 59, 59, tzinfo=VN_TZ
            )
        return values


class ImportProblemsDialog(QDialog):
    """The dry run found bad rows: show them (with line numbers) and let the user choose."""

    chosen = Signal(object)
    """An :class:`ImportMode`."""

    def __init__(
        self, parent: QWidget | None, problems: Sequence[RowProblem], good: int, language: str
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importProblems")
        self.setWindowTitle(self.tr("Problems found before importing"))
        layout = QVBoxLayout(self)
        head = QLabel(
            self.tr("%1 problem(s) found. The other %2 row(s) or certificate(s) are fine.")
            .replace("%1", str(len(problems)))
            .replace("%2", str(good))
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        self.list = QListWidget()
        self.list.setObjectName("problemList")
        for p in problems:
            self.list.addItem(p.message(language))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.good_button = buttons.addButton(
            self.tr("Import the good rows"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.good_button.setObjectName("importGoodRows")
        self.good_button.setEnabled(good > 0)
        self.nothing_button = buttons.addButton(
            self.tr("Import nothing"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.nothing_button.setObjectName("importNothing")
        self.good_button.clicked.connect(lambda: self._choose(ImportMode.GOOD_ROWS))
        self.nothing_button.clicked.connect(lambda: self._choose(ImportMode.ALL_OR_NOTHING))
        layout.addWidget(buttons)

    def _choose(self, mode: ImportMode) -> None:
        self.chosen.emit(mode)
        self.done(QDialog.DialogCode.Accepted if mode is ImportMode.GOOD_ROWS
                  else QDialog.DialogCode.Rejected)


class ExportDialog(QDialog):
    """Period (month or quarter), the XLSX file and optionally a CSV."""

    def __init__(self, parent: QWidget | None, chooser: FileChooser) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.chooser = chooser
        self.setWindowTitle(self.tr("Export Phụ lục I"))
        form = QFormLayout(self)
        today = dt.date.today()
        self.period_kind = QComboBox()
        self.period_kind.setObjectName("periodKind")
        self.period_kind.addItem(self.tr("Month"), "month")
        self.period_kind.addItem(self.tr("Quarter"), "quarter")
        self.year = QSpinBox()
        self.year.setObjectName("periodYear")
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year)
        self.month = QSpinBox()
        self.month.setObjectName("periodMonth")
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.quarter = QSpinBox()
        self.quarter.setObjectName("periodQuarter")
        self.quarter.setRange(1, 4)
        self.quarter.setValue((today.month - 1) // 3 + 1)
        row = QHBoxLayout()
        row.addWidget(self.period_kind)
        row.addWidget(self.month)
        row.addWidget(self.quarter)
        row.addWidget(self.year)
        form.addRow(self.tr("Period"), row)
        self.xlsx = QLineEdit()
        self.xlsx.setObjectName("xlsxPath")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_xlsx)
        xrow = QHBoxLayout()
        xrow.addWidget(self.xlsx)
        xrow.addWidget(browse)
        form.addRow(self.tr("Excel file (.xlsx)"), xrow)
        self.with_csv = QCheckBox(self.tr("Also write a CSV file next to it"))
        self.with_csv.setObjectName("withCsv")
        # The CSV is data; the XLSX, with its heading, is the report (README).
        self.with_csv.setToolTip(self.tr(
            "The table alone, as data for other programs and spreadsheets (one header row, "
            "one row per unit, no heading). The report to send is the XLSX file."
        ))
        form.addRow("", self.with_csv)
        self.overwrite = QCheckBox(self.tr("Replace files that already exist"))
        self.overwrite.setObjectName("overwrite")
        form.addRow("", self.overwrite)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.period_kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        monthly = self.period_kind.currentData() == "month"
        self.month.setVisible(monthly)
        self.quarter.setVisible(not monthly)

    def period(self) -> Period:
        if self.period_kind.currentData() == "month":
            return Period(self.year.value(), month=self.month.value())
        return Period(self.year.value(), quarter=self.quarter.value())

    def _browse_xlsx(self) -> None:
        name = self.chooser.save_file(
            self.tr("Save Phụ lục I"), self.tr("Excel files (*.xlsx)"),
            f"PhuLucI_{self.period().code}.xlsx",
        )
        if name:
            self.xlsx.setText(name if name.lower().endswith(".xlsx") else name + ".xlsx")

    def _accept(self) -> None:
        if self.xlsx.text().strip():
            self.accept()
        else:
            self.xlsx.setFocus()

    def xlsx_path(self) -> Path:
        return Path(self.xlsx.text().strip())

    def csv_path(self) -> Path | None:
        return self.xlsx_path().with_suffix(".csv") if self.with_csv.isChecked() else None


class MergeDialog(QDialog):
    """Several units' Phụ lục I files → one."""

    def __init__(self, parent: QWidget | None, chooser: FileChooser) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.chooser = chooser
        self.setWindowTitle(self.tr("Merge Phụ lục I reports"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reports of the units (.xlsx):")))
        self.files = QListWidget()
        self.files.setObjectName("mergeFiles")
        layout.addWidget(self.files)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add files…"))
        add.clicked.connect(self._add)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self._remove)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.out = QLineEdit()
        self.out.setObjectName("mergeOut")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        orow = QHBoxLayout()
        orow.addWidget(self.out)
        orow.addWidget(browse)
        form.addRow(self.tr("Merged file (.xlsx)"), orow)
        self.unit_name = QLineEdit()
        self.unit_name.setObjectName("mergeUnitName")
        self.unit_name.setPlaceholderText(self.tr("e.g. Sở Khoa học và Công nghệ"))
        form.addRow(self.tr("Reporting unit"), self.unit_name)
        self.with_csv = QCheckBox(self.tr("Also write a CSV file next to it"))
        # The CSV is data; the XLSX, with its heading, is the report (README).
        self.with_csv.setToolTip(self.tr(
            "The table alone, as data for other programs and spreadsheets (one header row, "
            "one row per unit, no heading). The report to send is the XLSX file."
        ))
        form.addRow("", self.with_csv)
        self.overwrite = QCheckBox(self.tr("Replace files that already exist"))
        form.addRow("", self.overwrite)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_files(self, files: Sequence[str | Path]) -> None:
        present = set(self.paths())
        for f in files:
            if Path(f) not in present:
                self.files.addItem(str(f))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def _add(self) -> None:
        self.add_files(self.chooser.open_files(self.tr("Choose Phụ lục I files"),
                                               self.tr("Excel files (*.xlsx)")))

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def _browse(self) -> None:
        name = self.chooser.save_file(self.tr("Save the merged report"),
                                      self.tr("Excel files (*.xlsx)"), "PhuLucI_tong_hop.xlsx")
        if name:
            self.out.setText(name if name.lower().endswith(".xlsx") else name + ".xlsx")

    def _accept(self) -> None:
        if self.files.count() and self.out.text().strip():
            self.accept()
