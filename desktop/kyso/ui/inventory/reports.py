"""The Phụ lục I report from the inventory page: export (XLSX, CSV) and merging units'
reports, in workers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Slot

from kyso.core.inventory.merge import MergeResult, merge_reports
from kyso.core.inventory.phuluc import Period, build_report
from kyso.core.inventory.report_files import write_csv, write_xlsx
from kyso.ui.inventory.dialogs import ExportDialog, MergeDialog


class InventoryReportsMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: export and merge."""

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
        source = getattr(self, "directive_source", None)
        directive = source() if source is not None else getattr(self, "directive", None)

        def work(p: Period | str, x: Path, c: Path | None) -> tuple[list[Path], int, str]:
            with opener() as inv:
                report = build_report(inv, p, directive=directive)
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
