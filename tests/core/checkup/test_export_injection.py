""""Check all" export (issue 14): token labels, names and subjects are written as text —
XLSX string cells (no ``<f>`` in the sheet XML), CSV cells prefixed with ``'``."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from kyso.core.checkup.certificate import check_subject_only
from kyso.core.checkup.export import CheckRow, write_csv, write_xlsx
from kyso.core.inventory.spreadsheet_cells import FORMULA_STARTS

LABEL = '=HYPERLINK("http://evil.example","Token của Giám đốc")'
SERIAL = "+84-912"
NAME = "@SUM(1+1)"


def rows() -> list[CheckRow]:
    check = check_subject_only("CN=-1+1,O=UBND tỉnh Hưng Yên,C=VN")
    return [CheckRow(LABEL, SERIAL, NAME, check), CheckRow("\t=1", "\r=2", "Bình thường", check)]


def test_check_export_xlsx_is_text_only(tmp_path: Path) -> None:
    path = write_xlsx(rows(), tmp_path / "checks.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")
    wb = load_workbook(path)
    try:
        ws = wb.active
        assert ws is not None
        values = {c.value: c.data_type for r in ws.iter_rows() for c in r if c.value is not None}
    finally:
        wb.close()
    for text in (LABEL, SERIAL, NAME, "\t=1"):
        assert values.get(text) == "s", text


def test_check_export_csv_prefixes_formula_cells(tmp_path: Path) -> None:
    path = write_csv(rows(), tmp_path / "checks.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for text in (LABEL, SERIAL, NAME, "\t=1", "\r=2"):
        assert "'" + text in cells
    assert "Bình thường" in cells
