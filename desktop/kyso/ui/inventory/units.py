"""Editing units on the inventory page: add, edit, remove, the default unit for token
certificates, and the reporting unit with its focal person."""

from __future__ import annotations

from PySide6.QtCore import Slot

from kyso.core.errors import KysoError
from kyso.core.inventory.store import FocalPerson
from kyso.ui.inventory.dialogs import UnitDialog
from kyso.ui.inventory.models import NO_UNIT


class InventoryUnitsMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: units and the reporting unit."""

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
