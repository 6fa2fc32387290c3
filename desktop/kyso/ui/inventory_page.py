"""The focal person's page: the unit tree, the certificates, coverage, devices to return and
the Phụ lục I report of Công văn 4414/UBND-ĐMPT.

All data lives in :mod:`kyso.core.inventory.store`; this page only shows and edits it. The page
keeps one :class:`Inventory` for the GUI thread; long work (imports, export, merge) runs in
workers that open their own (a SQLite connection belongs to the thread that opened it).
Dialogs are opened with ``open()`` (never ``exec()``) and kept as attributes, so tests and
the main window can drive them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cryptography import x509
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kyso.core.checkup.certificate import CertificateCheck, emails_of
from kyso.core.errors import KysoError
from kyso.core.inventory.coverage import UnitCoverage, coverage, devices_to_return
from kyso.core.inventory.importing import (
    CsvCheck,
    ImportMode,
    ImportResult,
    RowProblem,
    Verdicts,
    check_certificate_csv,
    import_certificate_csv,
    import_certificate_files,
    read_certificate_file,
)
from kyso.core.inventory.merge import MergeResult, merge_reports
from kyso.core.inventory.phuluc import Period, build_report
from kyso.core.inventory.report_files import write_csv, write_xlsx
from kyso.core.inventory.store import (
    KIND_LABELS,
    AddOutcome,
    CertificateRecord,
    FocalPerson,
    Inventory,
)
from kyso.core.reform.check import check_subject
from kyso.core.tokens.slots import CertificateEntry, TokenInfo
from kyso.core.vntime import VN_TZ
from kyso.ui import workers

log = logging.getLogger(__name__)

ROLE_ID = Qt.ItemDataRole.UserRole
NO_UNIT = -1
"""Tree entry for certificates not assigned to any unit."""


def two_tier_only(cert: x509.Certificate) -> Verdicts:
    """Default assessment of imported files: the two-tier check alone (offline, instant)."""
    return check_subject(cert.subject, emails_of(cert)).to_json(), None


def _date_text(moment: dt.datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y") if moment else "—"


def _error_text(err: Any, language: str) -> str:
    return err.message(language) if isinstance(err, KysoError) else str(err)


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


# -- dialogs -------------------------------------------------------------------------------
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


# -- the page ------------------------------------------------------------------------------
CERT_COLUMNS = 9
COV_COLUMNS = 8


class InventoryPage(QWidget):
    """Units, certificates, coverage, devices to return and the Phụ lục I report."""

    changed = Signal()
    """The inventory was changed from this page (or by one of its workers)."""
    certificate_added = Signal(object)
    """An :class:`AddOutcome` after :meth:`add_from_token` or manual entry."""
    csv_checked = Signal(object)
    """``(path, CsvCheck)`` after the dry run of a CSV."""
    import_finished = Signal(object)
    """An :class:`ImportResult`."""
    export_finished = Signal(object)
    """The list of files written."""
    merge_finished = Signal(object)
    """A :class:`MergeResult`."""
    failed = Signal(object)
    """A :class:`KysoError` shown to the user."""

    def __init__(
        self,
        open_inventory: Callable[[], Inventory],
        language: str = "vi",
        *,
        assess: Callable[[x509.Certificate], Verdicts] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inventoryPage")
        self.open_inventory = open_inventory
        self.language = language
        self.assess = assess or two_tier_only
        """How imported certificate files are checked (default: two-tier only, offline)."""
        self.inv: Inventory | None = None
        """The GUI thread's connection, opened on first use (see :meth:`_store`)."""
        self.open_error: KysoError | None = None
        """Why the inventory file could not be opened (the page then shows only this)."""
        self.chooser = FileChooser(self)
        self.default_unit_id: int | None = None
        self.unit_dialog: UnitDialog | None = None
        self.unit_picker: UnitPickerDialog | None = None
        self.cert_dialog: CertificateDialog | None = None
        self.problems_dialog: ImportProblemsDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self._filling = False
        self._reporting_dirty = False
        self._build()
        self.refresh()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.open_error_box = QWidget()
        self.open_error_box.setObjectName("inventoryOpenErrorBox")
        ebox = QVBoxLayout(self.open_error_box)
        self.open_error_label = QLabel()
        self.open_error_label.setObjectName("inventoryOpenError")
        self.open_error_label.setWordWrap(True)
        self.open_error_label.setStyleSheet("color: #b00020;")
        self.open_error_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        ebox.addWidget(self.open_error_label)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setObjectName("inventoryRetry")
        self.retry_button.clicked.connect(self.refresh)
        ebox.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        ebox.addStretch(1)
        self.open_error_box.setVisible(False)
        outer.addWidget(self.open_error_box, 1)
        self.body = QWidget()
        self.body.setObjectName("inventoryBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.body, 1)
        bar = QHBoxLayout()
        self.import_files_button = QPushButton(self.tr("Import certificate files…"))
        self.import_files_button.setObjectName("importFiles")
        self.import_files_button.clicked.connect(self.choose_certificate_files)
        self.import_csv_button = QPushButton(self.tr("Import CSV…"))
        self.import_csv_button.setObjectName("importCsv")
        self.import_csv_button.clicked.connect(self.choose_csv)
        self.export_button = QPushButton(self.tr("Export Phụ lục I…"))
        self.export_button.setObjectName("exportReport")
        self.export_button.clicked.connect(self.open_export_dialog)
        self.merge_button = QPushButton(self.tr("Merge reports…"))
        self.merge_button.setObjectName("mergeReports")
        self.merge_button.clicked.connect(self.open_merge_dialog)
        for b in (self.import_files_button, self.import_csv_button, self.export_button,
                  self.merge_button):
            bar.addWidget(b)
        bar.addStretch(1)
        body.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("unitTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Unit"), self.tr("Staff (CBCCVC)")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.currentItemChanged.connect(self._unit_selected)
        self.tree.itemChanged.connect(self._unit_item_edited)
        ll.addWidget(self.tree)
        urow = QHBoxLayout()
        self.add_unit_button = QPushButton(self.tr("Add unit…"))
        self.add_unit_button.setObjectName("addUnit")
        self.add_unit_button.clicked.connect(self.open_add_unit_dialog)
        self.edit_unit_button = QPushButton(self.tr("Edit unit…"))
        self.edit_unit_button.setObjectName("editUnit")
        self.edit_unit_button.clicked.connect(self.open_edit_unit_dialog)
        self.remove_unit_button = QPushButton(self.tr("Remove unit"))
        self.remove_unit_button.setObjectName("removeUnit")
        self.remove_unit_button.clicked.connect(self.remove_selected_unit)
        for b in (self.add_unit_button, self.edit_unit_button, self.remove_unit_button):
            urow.addWidget(b)
        ll.addLayout(urow)
        self.default_button = QPushButton(self.tr("Add new token certificates to this unit"))
        self.default_button.setObjectName("defaultUnit")
        self.default_button.clicked.connect(self._use_selected_as_default)
        ll.addWidget(self.default_button)
        self.default_label = QLabel()
        self.default_label.setObjectName("defaultUnitLabel")
        self.default_label.setWordWrap(True)
        ll.addWidget(self.default_label)
        split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("inventoryTabs")
        self.tabs.addTab(self._build_certificates(), self.tr("Certificates"))
        self.tabs.addTab(self._build_coverage(), self.tr("Coverage"))
        self.tabs.addTab(self._build_devices(), self.tr("Devices to return"))
        self.tabs.addTab(self._build_reporting(), self.tr("Reporting unit"))
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        body.addWidget(split, 1)
        self.status = QLabel()
        self.status.setObjectName("inventoryStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.status)

    def _build_certificates(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.unit_title = QLabel()
        self.unit_title.setObjectName("unitTitle")
        layout.addWidget(self.unit_title)
        self.include_sub_units = QCheckBox(self.tr("Include sub-units"))
        self.include_sub_units.setChecked(True)
        self.include_sub_units.toggled.connect(self._fill_certificates)
        layout.addWidget(self.include_sub_units)
        self.cert_table = QTableWidget(0, CERT_COLUMNS)
        self.cert_table.setObjectName("certTable")
        self.cert_table.setHorizontalHeaderLabels([
            self.tr("Subject"), self.tr("Holder"), self.tr("Kind"), self.tr("New model"),
            self.tr("Two-tier check"), self.tr("Trust"), self.tr("Valid until"),
            self.tr("Source"), self.tr("Device serial"),
        ])
        self.cert_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cert_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cert_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cert_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.cert_table.doubleClicked.connect(self.open_edit_certificate_dialog)
        layout.addWidget(self.cert_table, 1)
        row = QHBoxLayout()
        self.add_cert_button = QPushButton(self.tr("Add SIM PKI / RSSP…"))
        self.add_cert_button.setObjectName("addCertificate")
        self.add_cert_button.clicked.connect(self.open_add_certificate_dialog)
        self.edit_cert_button = QPushButton(self.tr("Edit…"))
        self.edit_cert_button.setObjectName("editCertificate")
        self.edit_cert_button.clicked.connect(self.open_edit_certificate_dialog)
        self.remove_cert_button = QPushButton(self.tr("Remove"))
        self.remove_cert_button.setObjectName("removeCertificate")
        self.remove_cert_button.clicked.connect(self.remove_selected_certificate)
        self.return_button = QPushButton(self.tr("Device to return"))
        self.return_button.setObjectName("markToReturn")
        self.return_button.setToolTip(self.tr(
            "The certificate is no longer needed: list its device to be returned to Cục "
            "Chứng thực số và Bảo mật thông tin (Công văn 393, item 6)."
        ))
        self.return_button.clicked.connect(self.mark_selected_to_return)
        for b in (self.add_cert_button, self.edit_cert_button, self.remove_cert_button,
                  self.return_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return w

    def _build_coverage(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.coverage_table = QTableWidget(0, COV_COLUMNS)
        self.coverage_table.setObjectName("coverageTable")
        self.coverage_table.setHorizontalHeaderLabels([
            self.tr("No."), self.tr("Unit"), self.tr("Staff"), self.tr("On the new model"),
            self.tr("Needing change"), self.tr("Missing"), self.tr("Devices to return"),
            self.tr("Ready"),
        ])
        self.coverage_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.coverage_table.verticalHeader().setVisible(False)
        self.coverage_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.coverage_table)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Certificates per unit"))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("coverageChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        split.addWidget(self.chart_view)
        layout.addWidget(split)
        return w

    def _build_devices(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        intro = QLabel(self.tr(
            "Devices whose certificates are no longer needed (for example those of abolished "
            "district-level bodies) must be returned to Cục Chứng thực số và Bảo mật thông tin."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.device_table = QTableWidget(0, 6)
        self.device_table.setObjectName("deviceTable")
        self.device_table.setHorizontalHeaderLabels([
            self.tr("Subject"), self.tr("Kind"), self.tr("Device serial"), self.tr("Status"),
            self.tr("Date"), self.tr("Reason"),
        ])
        self.device_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.device_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.device_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.device_table, 1)
        row = QHBoxLayout()
        self.returned_button = QPushButton(self.tr("Mark returned"))
        self.returned_button.setObjectName("markReturned")
        self.returned_button.clicked.connect(self.mark_selected_returned)
        self.unlist_button = QPushButton(self.tr("Take off the list"))
        self.unlist_button.clicked.connect(self.unlist_selected_device)
        self.suggest_button = QPushButton(self.tr("List abolished bodies' certificates"))
        self.suggest_button.setObjectName("suggestDevices")
        self.suggest_button.clicked.connect(self.add_suggested_devices)
        for b in (self.returned_button, self.unlist_button, self.suggest_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return w

    def _build_reporting(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        box = QGroupBox(self.tr("Reporting unit and focal person"))
        form = QFormLayout(box)
        self.reporting_name = QLineEdit()
        self.reporting_name.setObjectName("reportingName")
        self.reporting_name.setPlaceholderText(self.tr("e.g. Sở Y tế, UBND phường Ba Đình"))
        self.focal_name = QLineEdit()
        self.focal_name.setObjectName("focalName")
        self.focal_title = QLineEdit()
        self.focal_phone = QLineEdit()
        self.focal_email = QLineEdit()
        form.addRow(self.tr("Reporting unit"), self.reporting_name)
        form.addRow(self.tr("Focal person"), self.focal_name)
        form.addRow(self.tr("Position"), self.focal_title)
        form.addRow(self.tr("Phone"), self.focal_phone)
        form.addRow(self.tr("Email"), self.focal_email)
        for edit in (self.reporting_name, self.focal_name, self.focal_title, self.focal_phone,
                     self.focal_email):
            edit.textEdited.connect(self._reporting_edited)
        self.save_reporting_button = QPushButton(self.tr("Save"))
        self.save_reporting_button.setObjectName("saveReporting")
        self.save_reporting_button.clicked.connect(self.save_reporting)
        form.addRow("", self.save_reporting_button)
        layout.addWidget(box)
        note = QLabel(self.tr(
            "Công văn 4414/UBND-ĐMPT: each unit names one focal person for all certificate "
            "requests and reports monthly and quarterly with the template of Phụ lục I."
        ))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        return w

    # -- labels --------------------------------------------------------------------------
    def _holder_label(self, key: str) -> str:
        return self.tr("Organization") if key == "organization" else self.tr("Person")

    def _reform_label(self, status: str | None) -> str:
        labels = {
            "current": self.tr("On the new model"),
            "needs_change": self.tr("Needs a change of information"),
            "unit_abolished": self.tr("Unit abolished"),
            "unknown": self.tr("Unknown"),
        }
        return labels.get(status or "", "—")

    def _trust_label(self, status: str | None) -> str:
        labels = {"ok": self.tr("Trusted"), "warning": self.tr("Warning"),
                  "failed": self.tr("Failed")}
        return labels.get(status or "", "—")

    def _source_label(self, source: str) -> str:
        labels = {"token": self.tr("Token"), "file": self.tr("File"), "csv": self.tr("CSV"),
                  "manual": self.tr("Entered by hand")}
        return labels.get(source, source)

    def _device_status_label(self, status: str) -> str:
        return self.tr("Returned") if status == "returned" else self.tr("To return")

    # -- data ----------------------------------------------------------------------------
    def _store(self) -> Inventory:
        """The GUI thread's inventory, opened on first use; raises :class:`KysoError` when the
        file cannot be opened (damaged, written by a newer Kyso, not writable)."""
        if self.inv is None:
            self.inv = self.open_inventory()
        return self.inv

    def is_open(self) -> bool:
        """Whether the inventory file could be opened (the page is usable)."""
        return self.open_error is None

    def _show_open_error(self, exc: KysoError) -> None:
        log.warning("inventory cannot be opened: %s", exc)
        self.open_error = exc
        self._paint_open_error()
        self.open_error_box.setVisible(True)
        self.body.setVisible(False)

    def _paint_open_error(self) -> None:
        if self.open_error is None:
            return
        self.open_error_label.setText(
            self.open_error.message(self.language)
            + "\n\n"
            + self.tr(
                "The rest of Kyso works as usual. To use the inventory: choose another file "
                "in Tools → Settings (“Inventory database file”), or move the damaged file "
                "to another folder so that Kyso starts a new, empty inventory; then click "
                "“Try again”."
            )
        )
        self.retry_button.setText(self.tr("Try again"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._paint_open_error()
        super().changeEvent(event)

    def _open_or_explain(self) -> bool:
        """Open the inventory if needed; when it cannot be opened, say why and return False."""
        try:
            self._store()
        except KysoError as exc:
            self._show_open_error(exc)
            self.show_error(exc)
            return False
        return True

    def _user_error(self, text: str, code: str = "error") -> KysoError:
        """A message written on this page (``text`` already translated) as a KysoError."""
        return KysoError(text, text, code=code)

    def shutdown(self) -> None:
        """Close the GUI thread's inventory connection (the page may be reopened later)."""
        if self.inv is not None:
            self.inv.close()
            self.inv = None

    def unit_choices(self) -> list[tuple[int, str]]:
        inv = self._store()
        return [(u.id, inv.unit_path(u.id)) for u in inv.units()]

    @Slot()
    def refresh(self) -> None:
        """Re-read everything from the inventory (or show why it cannot be opened)."""
        try:
            self._store()
        except KysoError as exc:
            self._show_open_error(exc)
            return
        if self.open_error is not None:
            self.open_error = None
            self.open_error_box.setVisible(False)
            self.body.setVisible(True)
        selected = self.selected_unit_id()
        self._fill_tree(selected)
        self._fill_certificates()
        self._fill_coverage()
        self._fill_devices()
        self._fill_reporting()
        self._update_default_label()

    def _fill_tree(self, selected: int | None) -> None:
        inv = self._store()
        self._filling = True
        try:
            self.tree.clear()
            items: dict[int, QTreeWidgetItem] = {}
            for unit in inv.units():
                parent = items.get(unit.parent_id) if unit.parent_id is not None else None
                item = QTreeWidgetItem([unit.name, str(unit.staff)])
                item.setData(0, ROLE_ID, unit.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                items[unit.id] = item
            if any(c.unit_id is None for c in inv.certificates()):
                item = QTreeWidgetItem([self.tr("(certificates without a unit)"), ""])
                item.setData(0, ROLE_ID, NO_UNIT)
                self.tree.addTopLevelItem(item)
                items[NO_UNIT] = item
            self.tree.expandAll()
            target = items.get(selected) if selected is not None else None
            if target is None and self.tree.topLevelItemCount():
                target = self.tree.topLevelItem(0)
            if target is not None:
                self.tree.setCurrentItem(target)
        finally:
            self._filling = False

    def selected_unit_id(self) -> int | None:
        """The selected unit (``NO_UNIT`` for the unassigned entry), or ``None``."""
        item = self.tree.currentItem()
        if item is None:
            return None
        return int(item.data(0, ROLE_ID))

    def select_unit(self, unit_id: int) -> None:
        it = self._find_item(unit_id)
        if it is not None:
            self.tree.setCurrentItem(it)

    def _find_item(self, unit_id: int) -> QTreeWidgetItem | None:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if int(item.data(0, ROLE_ID)) == unit_id:
                return item
            stack.extend(item.child(i) for i in range(item.childCount()))
        return None

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _unit_selected(self, current: QTreeWidgetItem | None, previous: Any) -> None:
        if not self._filling:
            self._fill_certificates()

    @Slot(QTreeWidgetItem, int)
    def _unit_item_edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        unit_id = int(item.data(0, ROLE_ID))
        if unit_id == NO_UNIT:
            return
        try:
            if column == 0:
                self._store().update_unit(unit_id, name=item.text(0))
            else:
                text = item.text(1).strip()
                if not text.isdigit():
                    raise self._user_error(
                        self.tr("Staff must be a whole number (0 or more)."), "unit_staff"
                    )
                self._store().update_unit(unit_id, staff=int(text))
        except KysoError as exc:
            self.show_error(exc)
            QTimer.singleShot(0, self.refresh)  # not while the view is still committing
            return
        # keep the tree (the edited item lives on); refresh what depends on the unit
        self._fill_certificates()
        self._fill_coverage()
        self._update_default_label()
        self.changed.emit()

    def _fill_certificates(self) -> None:
        inv = self._store()
        unit_id = self.selected_unit_id()
        if unit_id is None:
            records: list[CertificateRecord] = []
            self.unit_title.setText("")
        elif unit_id == NO_UNIT:
            records = [c for c in inv.certificates() if c.unit_id is None]
            self.unit_title.setText(self.tr(
                "Certificates without a unit are not counted in the report."
            ))
        else:
            records = inv.certificates(
                unit_id=unit_id, include_sub_units=self.include_sub_units.isChecked()
            )
            self.unit_title.setText(inv.unit_path(unit_id))
        table = self.cert_table
        table.setRowCount(len(records))
        for row, rec in enumerate(records):
            cells = [
                rec.subject,
                self._holder_label(rec.holder_kind),
                rec.kind_label,
                self.tr("Yes") if rec.on_new_model else self.tr("No"),
                self._reform_label(rec.reform_status),
                self._trust_label(rec.trust_status),
                _date_text(rec.not_after),
                self._source_label(rec.source),
                rec.token_serial or "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE_ID, rec.id)
                table.setItem(row, col, item)

    def selected_certificate_id(self) -> int | None:
        rows = self.cert_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.cert_table.currentRow()
        if row < 0 or self.cert_table.item(row, 0) is None:
            return None
        return int(self.cert_table.item(row, 0).data(ROLE_ID))

    def coverage_rows(self) -> list[UnitCoverage]:
        return coverage(self._store())

    def _fill_coverage(self) -> None:
        rows = self.coverage_rows()
        table = self.coverage_table
        table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            ready = "—" if c.percent_ready is None else f"{c.percent_ready:.0f}%"
            cells = [c.stt, "    " * c.level + c.name, str(c.staff), str(c.on_new_model),
                     str(c.needs_change), str(c.missing), str(c.devices_to_return), ready]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE_ID, c.unit_id)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c.level == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(r, col, item)
        self._fill_chart([c for c in rows if c.level == 1] or rows)

    def _fill_chart(self, rows: list[UnitCoverage]) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in list(chart.axes()):
            chart.removeAxis(axis)
        if not rows:
            return
        sets = [
            (self.tr("On the new model"), [c.on_new_model for c in rows]),
            (self.tr("Needing change"), [c.needs_change for c in rows]),
            (self.tr("Missing"), [c.missing for c in rows]),
        ]
        series = QHorizontalStackedBarSeries()
        for label, values in sets:
            bar = QBarSet(label)
            for v in values:
                bar.append(float(v))
            series.append(bar)
        chart.addSeries(series)
        names = [c.name if len(c.name) <= 40 else c.name[:39] + "…" for c in rows]
        axis_y = QBarCategoryAxis()
        axis_y.append(names)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        top = max([c.on_new_model + c.needs_change + c.missing for c in rows] + [1])
        axis_x.setRange(0, top)
        axis_x.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)

    def _fill_devices(self) -> None:
        inv = self._store()
        devices = inv.devices()
        table = self.device_table
        table.setRowCount(len(devices))
        for r, d in enumerate(devices):
            cells = [d.subject, KIND_LABELS[d.kind], d.token_serial or "",
                     self._device_status_label(d.status),
                     d.status_date.strftime("%d/%m/%Y") if d.status_date else "", d.reason]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE_ID, d.certificate_id)
                table.setItem(r, col, item)
        pending = len(devices_to_return(inv))
        self.tabs.setTabText(
            2, self.tr("Devices to return") + (f" ({pending})" if pending else "")
        )

    @Slot()
    def _reporting_edited(self) -> None:
        self._reporting_dirty = True

    def _fill_reporting(self) -> None:
        self._reporting_dirty = False
        inv = self._store()
        self.reporting_name.setText(inv.reporting_unit_name)
        focal = inv.focal_person() or FocalPerson("")
        self.focal_name.setText(focal.name)
        self.focal_title.setText(focal.title)
        self.focal_phone.setText(focal.phone)
        self.focal_email.setText(focal.email)

    def _update_default_label(self) -> None:
        if self.default_unit_id is None:
            self.default_label.setText(self.tr(
                "Kyso asks for the unit when you add a token's certificate."
            ))
            return
        try:
            path = self._store().unit_path(self.default_unit_id)
        except KysoError:
            self.default_unit_id = None
            self._update_default_label()
            return
        self.default_label.setText(self.tr("New token certificates go to: %1").replace("%1", path))

    def _changed(self, select: int | None = None) -> None:
        self.refresh()
        if select is not None:
            self.select_unit(select)
        self.changed.emit()

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    @Slot(object)
    def show_error(self, err: Any) -> None:
        text = _error_text(err, self.language)
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Inventory"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("inventoryError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.failed.emit(err)

    # -- units ---------------------------------------------------------------------------
    @Slot()
    def open_add_unit_dialog(self) -> UnitDialog:
        """Add a unit under the selected one (or a group when nothing is selected)."""
        parent = self.selected_unit_id()
        parent = None if parent == NO_UNIT else parent
        title = self.tr("Add a unit") if parent is not None else self.tr("Add a group")
        dialog = UnitDialog(self, title=title)
        dialog.accepted.connect(lambda: self._add_unit_accepted(dialog, parent))
        self.unit_dialog = dialog
        dialog.open()
        return dialog

    def _add_unit_accepted(self, dialog: UnitDialog, parent: int | None) -> None:
        try:
            unit_id = self.add_unit(dialog.name.text(), parent_id=parent,
                                    staff=dialog.staff.value(),
                                    org_required=dialog.org_required.value())
        except KysoError as exc:
            self.show_error(exc)
            return
        self.select_unit(unit_id)

    def add_unit(
        self, name: str, *, parent_id: int | None = None, staff: int = 0, org_required: int = 0
    ) -> int:
        unit_id = self._store().add_unit(name, parent_id=parent_id, staff=staff,
                                         org_required=org_required)
        self._changed(select=unit_id)
        return unit_id

    @Slot()
    def open_edit_unit_dialog(self) -> UnitDialog | None:
        unit_id = self.selected_unit_id()
        if unit_id is None or unit_id == NO_UNIT:
            return None
        unit = self._store().unit(unit_id)
        dialog = UnitDialog(self, title=self.tr("Edit unit"), name=unit.name, staff=unit.staff,
                            org_required=unit.org_required)

        def accepted() -> None:
            try:
                self._store().update_unit(unit_id, name=dialog.name.text(),
                                          staff=dialog.staff.value(),
                                          org_required=dialog.org_required.value())
            except KysoError as exc:
                self.show_error(exc)
                return
            self._changed(select=unit_id)

        dialog.accepted.connect(accepted)
        self.unit_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def remove_selected_unit(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None or unit_id == NO_UNIT:
            return
        try:
            self._store().remove_unit(unit_id)
        except KysoError as exc:
            self.show_error(exc)
            return
        if self.default_unit_id == unit_id:
            self.default_unit_id = None
        self._changed()

    @Slot()
    def _use_selected_as_default(self) -> None:
        unit_id = self.selected_unit_id()
        self.set_default_unit(None if unit_id == NO_UNIT else unit_id)

    def set_default_unit(self, unit_id: int | None) -> None:
        """Where :meth:`add_from_token` puts certificates when no unit is given."""
        self.default_unit_id = unit_id
        self._update_default_label()

    # -- reporting unit ------------------------------------------------------------------
    @Slot()
    def save_reporting(self) -> None:
        try:
            inv = self._store()
            with inv.transaction():
                inv.set_reporting_unit_name(self.reporting_name.text())
                name = self.focal_name.text().strip()
                inv.set_focal_person(FocalPerson(
                    name, self.focal_title.text(), self.focal_phone.text(),
                    self.focal_email.text(),
                ) if name or self.focal_title.text() or self.focal_phone.text()
                    or self.focal_email.text() else None)
        except KysoError as exc:
            self.show_error(exc)
            return
        self.show_message(self.tr("Saved."))
        self._changed(select=self.selected_unit_id())

    # -- certificates --------------------------------------------------------------------
    def add_from_token(
        self,
        entry: CertificateEntry,
        token: TokenInfo,
        check: CertificateCheck | None,
        unit_id: int | None = None,
    ) -> AddOutcome | None:
        """"Add to inventory" from the device view. Stores the certificate once (by its
        fingerprint; adding it again updates it). Without ``unit_id``: the default unit, the
        unit it already has, or the user is asked (the dialog opens and this returns
        ``None``; :attr:`certificate_added` is emitted once the user has chosen)."""
        if entry.details is None:
            self.show_error(self._user_error(self.tr(
                "This certificate cannot be read, so it cannot be added to the inventory."
            ), "cert_unreadable"))
            return None
        if not self._open_or_explain():
            return None
        target = unit_id if unit_id is not None else self.default_unit_id
        if target is None:
            existing = self._store().certificate_by_fingerprint(entry.details.sha256)
            if existing is None or existing.unit_id is None:
                self._ask_unit_then_add(entry, token, check)
                return None
        return self._add_entry(entry, token, check, target)

    def _ask_unit_then_add(
        self, entry: CertificateEntry, token: TokenInfo, check: CertificateCheck | None
    ) -> None:
        units = self.unit_choices()
        if not units:
            self.show_error(self._user_error(self.tr(
                "The unit tree is empty; add the units on the Inventory page first."
            ), "no_units"))
            return
        assert entry.details is not None
        dialog = UnitPickerDialog(
            self, units,
            self.tr("Which unit does this certificate belong to?") + "\n" + entry.details.subject,
        )
        selected = self.selected_unit_id()
        if selected is not None:
            dialog.combo.setCurrentIndex(max(0, dialog.combo.findData(selected)))

        def accepted() -> None:
            unit = dialog.unit_id()
            if dialog.remember.isChecked():
                self.set_default_unit(unit)
            self._add_entry(entry, token, check, unit)

        dialog.accepted.connect(accepted)
        self.unit_picker = dialog
        dialog.open()

    def _add_entry(
        self, entry: CertificateEntry, token: TokenInfo, check: CertificateCheck | None,
        unit_id: int | None,
    ) -> AddOutcome | None:
        details = entry.details
        assert details is not None
        if check is not None:
            reform: dict[str, Any] | None = check.reform.to_json()
            trust = check.trust.to_json(self.language) if check.trust else None
        else:
            reform, trust = two_tier_only(details.cert)
        try:
            outcome = self._store().add_certificate(
                details.cert, unit_id=unit_id, kind="usb_token", reform=reform, trust=trust,
                source="token", token_serial=token.serial,
            )
        except KysoError as exc:
            self.show_error(exc)
            return None
        text = self.tr("Added to the inventory: %1") if outcome.created else self.tr(
            "Updated in the inventory: %1")
        self.show_message(text.replace("%1", details.subject))
        self._changed(select=outcome.record.unit_id)
        self.certificate_added.emit(outcome)
        return outcome

    @Slot()
    def open_add_certificate_dialog(self) -> CertificateDialog:
        unit = self.selected_unit_id()
        dialog = CertificateDialog(self, self.unit_choices(),
                                   unit_id=None if unit == NO_UNIT else unit)
        dialog.accepted.connect(lambda: self._certificate_dialog_accepted(dialog))
        self.cert_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def open_edit_certificate_dialog(self) -> CertificateDialog | None:
        cert_id = self.selected_certificate_id()
        if cert_id is None:
            return None
        record = self._store().certificate(cert_id)
        dialog = CertificateDialog(self, self.unit_choices(), record=record)
        dialog.accepted.connect(lambda: self._certificate_dialog_accepted(dialog))
        self.cert_dialog = dialog
        dialog.open()
        return dialog

    def _certificate_dialog_accepted(self, dialog: CertificateDialog) -> None:
        values = dialog.values()
        inv = self._store()
        try:
            if dialog.record is None:
                outcome = inv.add_manual(**values)
                self.certificate_added.emit(outcome)
                select = outcome.record.unit_id
            else:
                if dialog.record.has_der:
                    for key in ("subject", "not_before", "not_after", "serial_number"):
                        values.pop(key)
                rec = inv.update_certificate(dialog.record.id, **values)
                select = rec.unit_id
        except KysoError as exc:
            self.show_error(exc)
            return
        self._changed(select=select)

    @Slot()
    def remove_selected_certificate(self) -> None:
        cert_id = self.selected_certificate_id()
        if cert_id is None:
            return
        try:
            self._store().remove_certificate(cert_id)
        except KysoError as exc:
            self.show_error(exc)
            return
        self._changed(select=self.selected_unit_id())

    # -- devices to return ---------------------------------------------------------------
    @Slot()
    def mark_selected_to_return(self) -> None:
        cert_id = self.selected_certificate_id()
        if cert_id is None:
            return
        try:
            self._store().mark_to_return(cert_id, reason=self.tr("No longer needed"))
        except KysoError as exc:
            self.show_error(exc)
            return
        self._changed(select=self.selected_unit_id())

    def _selected_device_cert(self) -> int | None:
        row = self.device_table.currentRow()
        item = self.device_table.item(row, 0) if row >= 0 else None
        return int(item.data(ROLE_ID)) if item is not None else None

    @Slot()
    def mark_selected_returned(self) -> None:
        cert_id = self._selected_device_cert()
        if cert_id is None:
            return
        try:
            self._store().mark_returned(cert_id)
        except KysoError as exc:
            self.show_error(exc)
            return
        self._changed(select=self.selected_unit_id())

    @Slot()
    def unlist_selected_device(self) -> None:
        cert_id = self._selected_device_cert()
        if cert_id is not None:
            self._store().unmark_device(cert_id)
            self._changed(select=self.selected_unit_id())

    @Slot()
    def add_suggested_devices(self) -> None:
        inv = self._store()
        suggested = inv.suggest_devices_to_return()
        with inv.transaction():
            for rec in suggested:
                inv.mark_to_return(rec.id, reason=self.tr("Body abolished (two-tier reform)"))
        self.show_message(
            self.tr("%1 device(s) added to the list.").replace("%1", str(len(suggested)))
        )
        self._changed(select=self.selected_unit_id())

    # -- workers -------------------------------------------------------------------------
    def _run(
        self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None]
    ) -> None:
        workers.start(fn, *args, on_done=on_done, on_error=self._worker_failed)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.import_files_button, self.import_csv_button, self.export_button,
                  self.merge_button):
            b.setEnabled(not busy)
        if busy:
            self.show_message(self.tr("Working…"))

    @Slot(object)
    def _worker_failed(self, err: Any) -> None:
        self._set_busy(False)
        self.refresh()
        self.show_error(err)

    # -- imports -------------------------------------------------------------------------
    @Slot()
    def choose_csv(self) -> None:
        files = self.chooser.open_files(self.tr("Import a CSV list of certificates"),
                                        self.tr("CSV files (*.csv *.txt)"))
        if files:
            self.check_csv(Path(files[0]))

    def check_csv(self, path: Path | str) -> None:
        """Dry run of a CSV in a worker; bad rows open :attr:`problems_dialog`, where the user
        chooses to import the good rows or nothing. A clean file is imported at once."""
        opener = self.open_inventory

        def work(p: Path) -> tuple[Path, CsvCheck]:
            with opener() as inv:
                return p, check_certificate_csv(inv, p)

        self._run(work, Path(path), on_done=self._csv_checked)

    @Slot(object)
    def _csv_checked(self, result: tuple[Path, CsvCheck]) -> None:
        self._set_busy(False)
        path, check = result
        self.csv_checked.emit(result)
        if not check.problems:
            self.import_csv(path, ImportMode.ALL_OR_NOTHING)
            return
        self._ask_mode(check.problems, len(check.rows),
                       lambda mode: self.import_csv(path, mode))

    def _ask_mode(
        self, problems: Sequence[RowProblem], good: int, then: Callable[[ImportMode], None]
    ) -> None:
        dialog = ImportProblemsDialog(self, problems, good, self.language)
        dialog.chosen.connect(then)
        self.problems_dialog = dialog
        dialog.open()

    def import_csv(self, path: Path | str, mode: ImportMode) -> None:
        opener = self.open_inventory

        def work(p: Path, m: ImportMode) -> ImportResult:
            with opener() as inv:
                return import_certificate_csv(inv, p, mode=m)

        self._run(work, Path(path), mode, on_done=self._import_done)

    @Slot()
    def choose_certificate_files(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None or unit_id == NO_UNIT:
            self.show_error(self._user_error(self.tr(
                "Select the certificates' unit in the unit tree first."
            ), "no_unit_selected"))
            return
        files = self.chooser.open_files(
            self.tr("Import certificate files"),
            self.tr("Certificates (*.cer *.crt *.pem *.der *.p7b);;All files (*)"),
        )
        if files:
            self.check_certificate_files([Path(f) for f in files], unit_id)

    def check_certificate_files(
        self, files: Sequence[Path | str], unit_id: int | None, kind: str = "usb_token"
    ) -> None:
        """Read the files in a worker; damaged ones open :attr:`problems_dialog`."""
        paths = [Path(f) for f in files]

        def work(ps: list[Path]) -> tuple[int, list[RowProblem]]:
            count, problems = 0, []
            for p in ps:
                certs, found = read_certificate_file(p)
                count += len(certs)
                problems.extend(found)
            return count, problems

        def done(result: tuple[int, list[RowProblem]]) -> None:
            self._set_busy(False)
            count, problems = result
            if not problems:
                self.import_certificate_files(paths, unit_id, ImportMode.ALL_OR_NOTHING, kind)
            else:
                self._ask_mode(problems, count, lambda mode: self.import_certificate_files(
                    paths, unit_id, mode, kind))

        self._run(work, paths, on_done=done)

    def import_certificate_files(
        self, files: Sequence[Path | str], unit_id: int | None, mode: ImportMode,
        kind: str = "usb_token",
    ) -> None:
        opener, assess = self.open_inventory, self.assess
        paths = [Path(f) for f in files]

        def work(ps: list[Path]) -> ImportResult:
            with opener() as inv:
                return import_certificate_files(
                    inv, ps, unit_id=unit_id, mode=mode, kind=kind,  # type: ignore[arg-type]
                    assess=assess,
                )

        self._run(work, paths, on_done=self._import_done)

    @Slot(object)
    def _import_done(self, result: ImportResult) -> None:
        self._set_busy(False)
        if result.committed:
            text = self.tr("Imported: %1 added, %2 updated.").replace(
                "%1", str(result.added)).replace("%2", str(result.updated))
            if result.problems:
                text += " " + self.tr("%1 bad row(s) were not imported.").replace(
                    "%1", str(len(result.problems)))
        else:
            text = self.tr("Nothing was imported.")
        if result.problems:
            text += "\n" + "\n".join(p.message(self.language) for p in result.problems)
        self.show_message(text)
        self._changed(select=self.selected_unit_id())
        self.import_finished.emit(result)

    # -- export and merge ----------------------------------------------------------------
    @Slot()
    def open_export_dialog(self) -> ExportDialog:
        dialog = ExportDialog(self, self.chooser)
        dialog.accepted.connect(lambda: self.export_report(
            dialog.period(), dialog.xlsx_path(), dialog.csv_path(),
            overwrite=dialog.overwrite.isChecked()))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export_report(
        self, period: Period | str, xlsx: Path | str, csv: Path | str | None = None, *,
        overwrite: bool = False,
    ) -> None:
        """Write Phụ lục I for ``period`` (in a worker); :attr:`export_finished` gives the
        files written."""
        if self._reporting_dirty:  # typed but not saved yet: the report uses what is shown
            self.save_reporting()
        opener = self.open_inventory

        def work(p: Period | str, x: Path, c: Path | None) -> tuple[list[Path], int, str]:
            with opener() as inv:
                report = build_report(inv, p)
            written = [write_xlsx(report, x, overwrite=overwrite)]
            if c is not None:
                written.append(write_csv(report, c, overwrite=overwrite))
            return written, len(report.unassigned), report.period.code

        self._run(work, period, Path(xlsx), Path(csv) if csv else None,
                  on_done=self._export_done)

    @Slot(object)
    def _export_done(self, result: tuple[list[Path], int, str]) -> None:
        self._set_busy(False)
        written, unassigned, _code = result
        text = self.tr("Report written: %1").replace("%1", ", ".join(str(p) for p in written))
        if unassigned:
            text += "\n" + self.tr(
                "%1 certificate(s) without a unit were not counted."
            ).replace("%1", str(unassigned))
        self.show_message(text)
        self.export_finished.emit(written)

    @Slot()
    def open_merge_dialog(self) -> MergeDialog:
        dialog = MergeDialog(self, self.chooser)
        dialog.accepted.connect(lambda: self.merge_report_files(
            dialog.paths(), Path(dialog.out.text().strip()),
            dialog.unit_name.text().strip() or None,
            Path(dialog.out.text().strip()).with_suffix(".csv")
            if dialog.with_csv.isChecked() else None,
            overwrite=dialog.overwrite.isChecked()))
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def merge_report_files(
        self, files: Sequence[Path | str], out: Path | str, unit_name: str | None = None,
        csv: Path | str | None = None, *, overwrite: bool = False,
    ) -> None:
        def work(fs: list[Path], o: Path) -> MergeResult:
            return merge_reports(fs, o, unit_name=unit_name, overwrite=overwrite, csv_out=csv)

        self._run(work, [Path(f) for f in files], Path(out), on_done=self._merge_done)

    @Slot(object)
    def _merge_done(self, result: MergeResult) -> None:
        self._set_busy(False)
        text = self.tr("Merged %1 report(s) into %2").replace(
            "%1", str(len(result.sources))).replace("%2", str(result.out))
        for notice in result.notices:
            text += "\n" + notice.message(self.language)
        self.show_message(text)
        self.merge_finished.emit(result)
