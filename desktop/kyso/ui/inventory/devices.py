"""The devices to return (Công văn 393, item 6) on the inventory page."""

from __future__ import annotations

from PySide6.QtCore import Slot

from kyso.core.errors import KysoError
from kyso.ui.inventory.models import ROLE_ID


class InventoryDevicesMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: devices to return."""

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
