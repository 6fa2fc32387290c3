"""Importing into the inventory from the page: a CSV (checked first, then imported in
the mode chosen) and certificate files, in workers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Slot

from kyso.core.inventory.importing import (
    CsvCheck,
    ImportMode,
    ImportResult,
    RowProblem,
    check_certificate_csv,
    import_certificate_csv,
    import_certificate_files,
    read_certificate_file,
)
from kyso.ui.inventory.dialogs import ImportProblemsDialog
from kyso.ui.inventory.models import NO_UNIT


class InventoryImportsMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: imports."""

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
