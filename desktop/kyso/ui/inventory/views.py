"""Filling the inventory page from the store: the unit tree, the certificate table, the
coverage table and chart, the devices to return and the reporting unit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QTableWidgetItem, QTreeWidgetItem

from kyso.core.errors import KysoError
from kyso.core.inventory.coverage import UnitCoverage, coverage, devices_to_return
from kyso.core.inventory.store import KIND_LABELS, CertificateRecord, FocalPerson
from kyso.ui.inventory.models import NO_UNIT, ROLE_ID, date_text
from kyso.ui.widgets.names import readable_name


class InventoryViewsMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: shows what the store holds."""

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
                readable_name(rec.subject, self.language),
                self._holder_label(rec.holder_kind),
                rec.kind_label,
                self.tr("Yes") if rec.on_new_model else self.tr("No"),
                self._reform_label(rec.reform_status),
                self._trust_label(rec.trust_status),
                date_text(rec.not_after),
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
            cells = [readable_name(d.subject, self.language), KIND_LABELS[d.kind], d.token_serial or "",
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
