"""The focal person's page: the unit tree, the certificates, coverage, devices to return and
the Phụ lục I report of Công văn 4414/UBND-ĐMPT.

All data lives in :mod:`kyso.core.inventory.store`; this page only shows and edits it. The page
keeps one :class:`Inventory` for the GUI thread; long work (imports, export, merge) runs in
workers that open their own (a SQLite connection belongs to the thread that opened it).
Dialogs are opened with ``open()`` (never ``exec()``) and kept as attributes, so tests and
the main window can drive them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from cryptography import x509
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from kyso.core.errors import KysoError
from kyso.core.inventory.importing import Verdicts
from kyso.core.inventory.phuluc import Directive
from kyso.core.inventory.store import Inventory
from kyso.ui import workers
from kyso.ui.inventory.certificates import InventoryCertificatesMixin
from kyso.ui.inventory.devices import InventoryDevicesMixin
from kyso.ui.inventory.dialogs import (
    CertificateDialog,
    ExportDialog,
    FileChooser,
    ImportProblemsDialog,
    MergeDialog,
    UnitDialog,
    UnitPickerDialog,
)
from kyso.ui.inventory.imports import InventoryImportsMixin
from kyso.ui.inventory.layout import InventoryLayoutMixin
from kyso.ui.inventory.models import error_text, two_tier_only
from kyso.ui.inventory.reports import InventoryReportsMixin
from kyso.ui.inventory.units import InventoryUnitsMixin
from kyso.ui.inventory.views import InventoryViewsMixin
from kyso.ui.widgets.built_texts import BuiltTexts

log = logging.getLogger(__name__)


class InventoryPage(
    InventoryLayoutMixin,
    InventoryViewsMixin,
    InventoryUnitsMixin,
    InventoryCertificatesMixin,
    InventoryDevicesMixin,
    InventoryImportsMixin,
    InventoryReportsMixin,
    QWidget,
):
    """Units, certificates, coverage, devices to return and the Phụ lục I report.

    This module holds the page's state, its connection to the store, messages and workers;
    the mixins hold the rest, one concern each: the widgets (``layout``), filling them
    (``views``), units, certificates, devices to return, imports and reports."""

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
        directive: Directive | None = None,
        directive_source: Callable[[], Directive | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inventoryPage")
        self.open_inventory = open_inventory
        self.directive = directive
        """The Phụ lục I heading's directive from the settings (None: by province)."""
        self.directive_source = directive_source
        """Reads the directive from the settings when a report is made, so that one saved
        in the Settings dialog heads the next report (wins over :attr:`directive`)."""
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
        self._built_texts = BuiltTexts(self)
        with self._built_texts.recording():
            self._build()
        self.refresh()

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
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text in the language now installed (the main window calls it at once;
        Qt's LanguageChange event calls it again, harmlessly)."""
        self._built_texts.retranslate()
        self._paint_open_error()
        if self.inv is not None:
            self.refresh()  # the tables' words (kinds, statuses) in the new language

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

    def _changed(self, select: int | None = None) -> None:
        self.refresh()
        if select is not None:
            self.select_unit(select)
        self.changed.emit()

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    @Slot(object)
    def show_error(self, err: Any) -> None:
        text = error_text(err, self.language)
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Inventory"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("inventoryError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.failed.emit(err)

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
