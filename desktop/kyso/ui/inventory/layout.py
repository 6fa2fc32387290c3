"""The inventory page's widgets: the unit tree and the four tabs (certificates, coverage,
devices to return, reporting unit)."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from kyso.ui.inventory.models import CERT_COLUMNS, COV_COLUMNS
from kyso.ui.widgets.table_headers import fit_headers


class InventoryLayoutMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: builds the widgets."""

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
        fit_headers(self.cert_table)
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
        fit_headers(self.coverage_table)
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
        fit_headers(self.device_table)
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
