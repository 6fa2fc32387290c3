"""Phụ lục I: figures against a hand-computed fixture, the XLSX cell by cell, CSV, merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kyso.core.inventory.coverage import coverage, devices_to_return, not_counted
from kyso.core.inventory.merge import merge_reports
from kyso.core.inventory.phuluc import (
    Figures,
    Period,
    PhuLucReport,
    ReportError,
    ReportRow,
    build_report,
)
from kyso.core.inventory.report_files import read_xlsx, write_csv, write_xlsx
from kyso.core.inventory.store import Inventory
from tests.support import inventory_data as fx

UTC = dt.timezone.utc

HEADER_D7 = (
    "Số lượng chứng thư chữ ký số chuyên dùng công vụ đã được cấp (gồm: cấp mới, điều chỉnh "
    "thông tin phù hợp cơ cấu tổ chức mới)"
)
HEADER_F7 = "Số lượng chứng thư chữ ký số chuyên dùng công vụ cần cấp"
HEADER_H7 = "Số lượng loại chứng thư chữ ký số chuyên dùng công vụ"
HEADING = (
    "BIỂU TỔNG HỢP TÌNH HÌNH TRIỂN KHAI, SỬ DỤNG CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ TRONG HOẠT "
    "ĐỘNG CỦA ĐƠN VỊ"
)
REFERENCE = (
    "(Kèm theo Công văn số 4414/UBND-ĐMPT ngày 05/8/2025 của Ủy ban nhân dân thành phố Hà Nội)"
)
COLS = "ABCDEFGHIJ"


def expected_top(unit: str, period_label: str, as_of: str | None) -> list[list[object]]:
    """Rows 1–8 exactly as a văn thư sees them (None where a merged range continues)."""
    blank = [None] * 9
    return [
        ["PHỤ LỤC I", *blank],
        [HEADING, *blank],
        [REFERENCE, *blank],
        [f"Đơn vị báo cáo: {unit}", *blank],
        [f"Kỳ báo cáo: {period_label}", *blank],
        [f"Số liệu tính đến ngày {as_of}" if as_of else None, *blank],
        ["STT", "Tên đơn vị", "Tổng số CBCCVC", HEADER_D7, None, HEADER_F7, None, HEADER_H7,
         None, None],
        [None, None, None, "Tổ chức", "Cá nhân", "Tổ chức", "Cá nhân", "SIM PKI", "USB Token",
         "RSSP"],
    ]


def sheet_values(path: Path) -> tuple[list[list[object]], set[str], dict]:
    wb = load_workbook(path)
    try:
        ws = wb["Phụ lục I"]
        grid = [[ws[f"{c}{r}"].value for c in COLS] for r in range(1, ws.max_row + 1)]
        assert ws.max_column == 10
        merged = {str(m) for m in ws.merged_cells.ranges}
        info = {
            "fonts": {(r, c): ws[f"{c}{r}"].font for r in range(1, ws.max_row + 1) for c in COLS
                      if ws[f"{c}{r}"].value is not None},
            "borders": {(r, c): ws[f"{c}{r}"].border for r in range(7, ws.max_row + 1)
                        for c in COLS},
            "widths": {c: ws.column_dimensions[c].width for c in COLS},
            "freeze": ws.freeze_panes,
            "orientation": ws.page_setup.orientation,
            "print_titles": ws.print_title_rows,
        }
    finally:
        wb.close()
    return grid, merged, info


def inner_sides(merged: set[str], row: int, col: str) -> set[str]:
    """The sides of cell ``col``+``row`` that lie inside a merged range."""
    x = COLS.index(col)
    for rng in merged:
        first, last = rng.split(":")
        x0, x1 = COLS.index(first[0]), COLS.index(last[0])
        y0, y1 = int(first[1:]), int(last[1:])
        if x0 <= x <= x1 and y0 <= row <= y1:
            sides = set()
            if x > x0:
                sides.add("left")
            if x < x1:
                sides.add("right")
            if row > y0:
                sides.add("top")
            if row < y1:
                sides.add("bottom")
            return sides
    return set()


@pytest.fixture(scope="module")
def pki():
    return fx.make_pki()


@pytest.fixture
def filled(tmp_path: Path, pki):
    with Inventory(tmp_path / "inventory.sqlite3") as inventory:
        units = fx.fill(inventory, pki)
        yield inventory, units


@pytest.fixture
def inv(filled) -> Inventory:
    return filled[0]


@pytest.fixture
def units(filled) -> fx.FixtureUnits:
    return filled[1]


@pytest.fixture
def report(inv: Inventory) -> PhuLucReport:
    return build_report(inv, fx.PERIOD, as_of=fx.AS_OF)


# -- period --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "label", "first", "last"),
    [
        ("2025-08", "2025-08", "Tháng 08/2025", dt.date(2025, 8, 1), dt.date(2025, 8, 31)),
        ("2025-8", "2025-08", "Tháng 08/2025", dt.date(2025, 8, 1), dt.date(2025, 8, 31)),
        ("2024-02", "2024-02", "Tháng 02/2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-Q3", "2025-Q3", "Quý III/2025", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2025-q4", "2025-Q4", "Quý IV/2025", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("Tháng 12/2025", "2025-12", "Tháng 12/2025", dt.date(2025, 12, 1),
         dt.date(2025, 12, 31)),
        ("Quý I/2026", "2026-Q1", "Quý I/2026", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ],
)
def test_period(text, code, label, first, last):
    period = Period.parse(text)
    assert (period.code, period.label_vi, period.first_day, period.last_day) == (
        code, label, first, last)
    assert period.end == dt.datetime.combine(last, dt.time(23, 59, 59), fx.VN)


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "08/2025", "", "2025"])
def test_bad_period(text):
    with pytest.raises(ReportError) as err:
        Period.parse(text)
    assert "2025-Q3" in err.value.vi


# -- figures -------------------------------------------------------------------------------


def test_figures_match_the_hand_computed_fixture(report: PhuLucReport):
    rows = [(n.stt, n.row.name, *n.row.figures.values()) for n in report.rows()]
    assert rows == fx.EXPECTED_ROWS
    assert report.total.values() == fx.EXPECTED_TOTAL
    assert report.unit_name == fx.REPORTING_UNIT
    assert report.focal == fx.FOCAL
    assert report.unassigned == ["CN=Chưa xếp đơn vị 1"]
    # the by-kind columns add up to the certificates already issued
    t = report.total
    assert t.sim_pki + t.usb_token + t.rssp == t.issued_org + t.issued_person


def test_report_moment_is_the_period_end_or_now(inv: Inventory):
    past = build_report(inv, "2025-Q3")
    assert past.as_of == dt.datetime(2025, 9, 30, 23, 59, 59, tzinfo=fx.VN)
    # in Q3 the certificate issued on 10/09/2025 counts, unlike at the end of August
    office = next(n for n in past.rows() if n.row.name == "Khối Văn phòng").row
    assert office.figures.issued_person == 11
    future = build_report(inv, "2999-01")
    assert future.as_of is not None and future.as_of <= dt.datetime.now(UTC)


def test_report_needs_a_unit_name_and_units(tmp_path: Path):
    with Inventory(tmp_path / "empty.sqlite3") as inv:
        with pytest.raises(ReportError, match="tên đơn vị"):
            build_report(inv, "2025-08")
        inv.set_reporting_unit_name("Sở Tài chính")
        with pytest.raises(ReportError, match="Cây đơn vị"):
            build_report(inv, "2025-08")
        inv.ensure_standard_groups()
        report = build_report(inv, "2025-08")
        assert [n.stt for n in report.rows()] == ["I", "II"]
        assert report.total == Figures()


# -- XLSX ----------------------------------------------------------------------------------


def test_xlsx_every_cell(report: PhuLucReport, tmp_path: Path):
    out = write_xlsx(report, tmp_path / "phu_luc_I_2025-08.xlsx")
    grid, merged, info = sheet_values(out)
    expected = expected_top("Sở Y tế (TEST)", "Tháng 08/2025", "31/08/2025")
    expected += [list(row) for row in fx.EXPECTED_ROWS]
    expected.append([None, "Tổng cộng", 81, 2, 32, 3, 50, 7, 16, 11])
    expected.append([None] * 10)
    expected.append(["Cán bộ đầu mối: Nguyễn Thị Lan – Chuyên viên Văn phòng – 024 3825 1234 – "
                     "lan@test.vn", *[None] * 9])
    assert grid == expected
    assert merged == {
        "A1:J1", "A2:J2", "A3:J3", "A4:J4", "A5:J5", "A6:J6",
        "A7:A8", "B7:B8", "C7:C8", "D7:E7", "F7:G7", "H7:J7", "A20:J20",
    }
    # numbers are numbers, not text
    assert all(isinstance(v, int) for row in grid[8:18] for v in row[2:])
    # Times New Roman everywhere; headers, groups, parents and the total in bold
    assert {f.name for f in info["fonts"].values()} == {"Times New Roman"}
    bold_rows = {r for (r, c), f in info["fonts"].items() if f.b and r >= 9}
    assert bold_rows == {9, 11, 14, 18}
    assert all(info["fonts"][(r, c)].b for r in (7, 8) for c in COLS if (r, c) in info["fonts"])
    # every cell of the table has a thin border on every side that is not inside a merged
    # range (openpyxl drops the inner sides of merged cells when it reads a file)
    for r in range(7, 19):
        for c in COLS:
            b = info["borders"][(r, c)]
            sides = {"left": b.left.style, "right": b.right.style, "top": b.top.style,
                     "bottom": b.bottom.style}
            for side in inner_sides(merged, r, c):
                sides.pop(side)
            assert set(sides.values()) == {"thin"}, f"{c}{r}: {sides}"
    assert info["borders"][(19, "A")].left.style is None
    assert info["widths"]["A"] < 10 <= info["widths"]["C"] and info["widths"]["B"] >= 40
    assert all(9 <= info["widths"][c] <= 14 for c in "DEFGHIJ")
    assert info["freeze"] == "A9"
    assert info["orientation"] == "landscape"
    assert info["print_titles"] == "$7:$8"


def test_xlsx_quarter_title_and_no_focal_person(inv: Inventory, tmp_path: Path):
    inv.set_focal_person(None)
    report = build_report(inv, "2025-Q3", unit_name="Sở Y tế")
    grid, merged, _ = sheet_values(write_xlsx(report, tmp_path / "q3.xlsx"))
    assert grid[:8] == expected_top("Sở Y tế", "Quý III/2025", "30/09/2025")
    assert grid[-1][1] == "Tổng cộng"
    assert "A20:J20" not in merged


def test_files_are_written_atomically_and_never_replaced_silently(
    report: PhuLucReport, tmp_path: Path
):
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "bao_cao.xlsx"
    target.write_bytes(b"the clerk's own file")
    with pytest.raises(ReportError) as err:
        write_xlsx(report, target)
    assert "đã có" in err.value.vi and "ghi đè" in err.value.vi
    assert target.read_bytes() == b"the clerk's own file"
    with pytest.raises(ReportError):
        write_csv(report, target)
    write_xlsx(report, target, overwrite=True)
    grid, _, _ = sheet_values(target)
    assert grid[0][0] == "PHỤ LỤC I"
    assert sorted(p.name for p in folder.iterdir()) == ["bao_cao.xlsx"]  # no temp files
    with pytest.raises(ReportError, match="Không ghi được"):
        write_xlsx(report, folder / "bao_cao.xlsx" / "inside.xlsx")


def test_csv_export(report: PhuLucReport, tmp_path: Path):
    out = write_csv(report, tmp_path / "phu_luc_I.csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Vietnamese right
    assert data.decode("utf-8-sig").split("\r\n") == [
        "STT,Tên đơn vị,Tổng số CBCCVC,Đã được cấp - Tổ chức,Đã được cấp - Cá nhân,"
        "Cần cấp - Tổ chức,Cần cấp - Cá nhân,SIM PKI,USB Token,RSSP",
        'I,"Sở, ban, ngành",40,1,24,2,17,7,12,6',
        "1,Khối Văn phòng,20,1,10,0,10,3,7,1",
        "2,Các đơn vị trực thuộc,20,0,14,2,7,4,5,5",
        "2.1,Trung tâm Kiểm soát bệnh tật,12,0,5,1,7,0,5,0",
        "2.2,Chi cục Dân số,8,0,9,1,0,4,0,5",
        "II,UBND cấp xã,41,1,8,1,33,0,4,5",
        "1,Phòng Văn hóa - Xã hội,6,0,3,0,3,0,3,0",
        "2,Trung tâm Phục vụ hành chính công,5,1,5,0,0,0,1,5",
        "3,Trường Tiểu học Ba Đình,30,0,0,1,30,0,0,0",
        ",Tổng cộng,81,2,32,3,50,7,16,11",
        "",
    ]


def test_xlsx_reads_back_to_the_same_report(report: PhuLucReport, tmp_path: Path):
    out = write_xlsx(report, tmp_path / "a.xlsx")
    read = read_xlsx(out)
    assert (read.unit_name, read.period, read.notices) == (fx.REPORTING_UNIT,
                                                           Period.parse("2025-08"), [])
    again = read.to_report()
    assert [(n.stt, n.row.name, *n.row.figures.values()) for n in again.rows()] == (
        fx.EXPECTED_ROWS)


# -- merge ---------------------------------------------------------------------------------

JUSTICE = PhuLucReport(
    "Sở Tư pháp (TEST)",
    Period.parse("2025-08"),
    [ReportRow("Sở, ban, ngành", children=[
        ReportRow("Khối Văn phòng", Figures(10, 1, 8, 0, 2, 1, 8, 0)),
        ReportRow("Trung tâm Trợ giúp pháp lý", Figures(6, 0, 4, 1, 2, 0, 2, 2)),
    ])],
)


def hand_made_ward_file(path: Path) -> None:
    """A ward's file typed by a văn thư from the template: other title rows, the header on
    row 5, plain-number STT, a group subtotal typed in, no total row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "UBND PHƯỜNG BA ĐÌNH"
    ws["A2"] = "Phụ lục I"
    ws["A3"] = "Đơn vị báo cáo: UBND phường Ba Đình (TEST)"
    ws["A4"] = "Kỳ báo cáo: tháng 8/2025"
    ws.append(["STT", "Tên đơn vị", "Tổng số CBCCVC",
               "Số lượng chứng thư chữ ký số chuyên dùng công vụ đã được cấp", None,
               "Số lượng chứng thư chữ ký số chuyên dùng công vụ cần cấp", None,
               "Số lượng loại chứng thư chữ ký số chuyên dùng công vụ", None, None])
    ws.append([None, None, None, "Tổ chức", "Cá nhân", "Tổ chức", "Cá nhân", "SIM PKI",
               "USB Token", "RSSP"])
    ws.append(["II", "UBND cấp xã", 32, 1, 15, 1, 17, 2, 13, 1])
    ws.append([1, "Phòng Kinh tế", 7, 1, 5, 0, 2, 2, 3, 1])
    ws.append([2, "Trường Mầm non Hoa Sen", "25", 0, 10, 1, 15, None, 10, 0])
    wb.save(path)
    wb.close()


def three_files(report: PhuLucReport, folder: Path) -> list[Path]:
    health = write_xlsx(report, folder / "so_y_te.xlsx")
    justice = write_xlsx(JUSTICE, folder / "so_tu_phap.xlsx")
    ward = folder / "phuong_ba_dinh.xlsx"
    hand_made_ward_file(ward)
    return [ward, health, justice]


MERGED_ROWS = [
    ["I", "Sở, ban, ngành", 56, 2, 36, 3, 21, 8, 22, 8],
    ["1", "Sở Y tế (TEST)", 40, 1, 24, 2, 17, 7, 12, 6],
    ["1.1", "Khối Văn phòng", 20, 1, 10, 0, 10, 3, 7, 1],
    ["1.2", "Các đơn vị trực thuộc", 20, 0, 14, 2, 7, 4, 5, 5],
    ["1.2.1", "Trung tâm Kiểm soát bệnh tật", 12, 0, 5, 1, 7, 0, 5, 0],
    ["1.2.2", "Chi cục Dân số", 8, 0, 9, 1, 0, 4, 0, 5],
    ["2", "Sở Tư pháp (TEST)", 16, 1, 12, 1, 4, 1, 10, 2],
    ["2.1", "Khối Văn phòng", 10, 1, 8, 0, 2, 1, 8, 0],
    ["2.2", "Trung tâm Trợ giúp pháp lý", 6, 0, 4, 1, 2, 0, 2, 2],
    ["II", "UBND cấp xã", 73, 2, 23, 2, 50, 2, 17, 6],
    ["1", "UBND phường Ba Đình (TEST)", 32, 1, 15, 1, 17, 2, 13, 1],
    ["1.1", "Phòng Kinh tế", 7, 1, 5, 0, 2, 2, 3, 1],
    ["1.2", "Trường Mầm non Hoa Sen", 25, 0, 10, 1, 15, 0, 10, 0],
    ["2", "Sở Y tế (TEST)", 41, 1, 8, 1, 33, 0, 4, 5],
    ["2.1", "Phòng Văn hóa - Xã hội", 6, 0, 3, 0, 3, 0, 3, 0],
    ["2.2", "Trung tâm Phục vụ hành chính công", 5, 1, 5, 0, 0, 0, 1, 5],
    ["2.3", "Trường Tiểu học Ba Đình", 30, 0, 0, 1, 30, 0, 0, 0],
    [None, "Tổng cộng", 129, 4, 59, 5, 71, 10, 39, 14],
]


def test_merge_three_units(report: PhuLucReport, tmp_path: Path):
    files = three_files(report, tmp_path)
    result = merge_reports(files, tmp_path / "out" / "tong_hop.xlsx",
                           unit_name="Sở Khoa học và Công nghệ (TEST)",
                           csv_out=tmp_path / "out" / "tong_hop.csv")
    assert result.notices == []
    assert result.report.period == Period.parse("2025-08")
    grid, merged, info = sheet_values(result.out)
    assert grid[:8] == expected_top("Sở Khoa học và Công nghệ (TEST)", "Tháng 08/2025", None)
    assert grid[8:] == MERGED_ROWS
    assert {"A7:A8", "B7:B8", "C7:C8", "D7:E7", "F7:G7", "H7:J7"} <= merged
    bold_rows = {r for (r, c), f in info["fonts"].items() if f.b and r >= 9}
    # groups, each unit, "Các đơn vị trực thuộc", and the total. Groups come in the order
    # I, II although the first file (the ward's) has only group II; units in file order.
    assert bold_rows == {9, 10, 12, 15, 18, 19, 22, 26}
    csv_lines = (tmp_path / "out" / "tong_hop.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[-1] == ",Tổng cộng,129,4,59,5,71,10,39,14"
    assert csv_lines[3] == "1.1,Khối Văn phòng,20,1,10,0,10,3,7,1"


def test_merge_default_title_and_notices(report: PhuLucReport, tmp_path: Path):
    files = three_files(report, tmp_path)
    result = merge_reports(files, tmp_path / "m.xlsx", period="2025-Q3")
    assert result.report.unit_name == "Tổng hợp 3 đơn vị"
    assert result.report.period.code == "2025-Q3"
    assert len(result.notices) == 3 and all("khác kỳ tổng hợp" in n.vi for n in result.notices)


def test_merge_refuses_a_file_that_is_not_xlsx(report: PhuLucReport, tmp_path: Path):
    files = three_files(report, tmp_path)
    fake = tmp_path / "bao_cao_thang_8.xlsx"
    fake.write_text("STT;Tên đơn vị\n1;Khối Văn phòng\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    with pytest.raises(ReportError) as err:
        merge_reports([*files, fake], out)
    assert err.value.code == "report_not_xlsx"
    assert "“bao_cao_thang_8.xlsx” không phải tệp Excel (.xlsx)" in err.value.vi
    assert "Excel Workbook (*.xlsx)" in err.value.vi
    assert not out.exists()
    with pytest.raises(ReportError, match="Không tìm thấy"):
        merge_reports([tmp_path / "missing.xlsx"], out)


def test_merge_refuses_an_xlsx_with_other_columns(report: PhuLucReport, tmp_path: Path):
    files = three_files(report, tmp_path)
    other = tmp_path / "danh_ba.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên đơn vị", "Số điện thoại", "Thư điện tử"])
    ws.append([None, None, None, "Tổ chức"])
    ws.append([1, "Khối Văn phòng", "024 111", "vp@test.vn"])
    wb.save(other)
    wb.close()
    with pytest.raises(ReportError) as err:
        merge_reports([*files, other], tmp_path / "out.xlsx")
    assert err.value.code == "report_columns"
    assert "“danh_ba.xlsx” có cột khác biểu Phụ lục I" in err.value.vi
    assert "C7" not in err.value.vi and "C1" in err.value.vi
    assert "Tổng số CBCCVC" in err.value.vi
    # a workbook with no Phụ lục I header at all
    plain = tmp_path / "ghi_chu.xlsx"
    wb = Workbook()
    wb.active.append(["Họ tên", "Chức vụ"])
    wb.save(plain)
    wb.close()
    with pytest.raises(ReportError) as err2:
        merge_reports([plain], tmp_path / "out.xlsx")
    assert err2.value.code == "report_not_phu_luc"
    assert "“ghi_chu.xlsx” không phải biểu Phụ lục I" in err2.value.vi
    assert "Họ tên, Chức vụ" in err2.value.vi
    assert not (tmp_path / "out.xlsx").exists()


def test_merge_refuses_the_same_unit_twice_and_mixed_periods(
    report: PhuLucReport, tmp_path: Path
):
    files = three_files(report, tmp_path)
    copy = tmp_path / "so_y_te_ban_sao.xlsx"
    copy.write_bytes(files[1].read_bytes())
    with pytest.raises(ReportError) as err:
        merge_reports([*files, copy], tmp_path / "out.xlsx")
    assert "so_y_te.xlsx và so_y_te_ban_sao.xlsx" in err.value.vi
    july = PhuLucReport("Sở Công Thương (TEST)", Period.parse("2025-07"), JUSTICE.groups)
    with pytest.raises(ReportError) as err2:
        merge_reports([*files, write_xlsx(july, tmp_path / "sct.xlsx")], tmp_path / "out.xlsx")
    assert "Tháng 07/2025" in err2.value.vi and "kỳ báo cáo khác nhau" in err2.value.vi
    with pytest.raises(ReportError, match="Chưa chọn"):
        merge_reports([], tmp_path / "out.xlsx")


def test_merge_reports_bad_cells_and_inconsistent_subtotals(tmp_path: Path):
    path = tmp_path / "xa.xlsx"
    hand_made_ward_file(path)
    wb = load_workbook(path)
    wb.active["C7"] = 20  # group subtotal below the sum of its rows (32)
    wb.save(path)
    wb.close()
    result = merge_reports([path], tmp_path / "m.xlsx")
    assert len(result.notices) == 1
    assert "dòng 7" in result.notices[0].vi and "nhỏ hơn tổng các dòng con" in (
        result.notices[0].vi)
    assert result.report.total.staff == 32
    wb = load_workbook(path)
    wb.active["E9"] = "mười"
    wb.save(path)
    wb.close()
    with pytest.raises(ReportError) as err:
        merge_reports([path], tmp_path / "m2.xlsx")
    assert "ô E9" in err.value.vi and "mười" in err.value.vi


# -- coverage ------------------------------------------------------------------------------


def test_coverage_per_unit(inv: Inventory, units: fx.FixtureUnits):
    rows = {c.name: c for c in coverage(inv, as_of=fx.AS_OF)}
    office = rows["Khối Văn phòng"]
    assert (office.stt, office.level, office.staff, office.on_new_model_person,
            office.on_new_model_org, office.needs_change_person, office.missing_person,
            office.devices_to_return) == ("1", 1, 20, 10, 1, 4, 6, 0)
    assert office.percent_ready == 50.0
    cdc = rows["Trung tâm Kiểm soát bệnh tật"]
    assert (cdc.stt, cdc.needs_change, cdc.missing) == ("2.1", 3, 5)
    assert rows["Chi cục Dân số"].percent_ready == 100.0
    assert rows["Chi cục Dân số"].missing_org == 1
    culture = rows["Phòng Văn hóa - Xã hội"]
    assert (culture.needs_change_person, culture.missing_person, culture.devices_to_return) == (
        1, 2, 1)
    group = rows["Sở, ban, ngành"]
    assert (group.stt, group.has_sub_units, group.staff, group.on_new_model_person,
            group.missing_person) == ("I", True, 40, 24, 11)
    assert rows["UBND cấp xã"].devices_to_return == 1
    assert [c.stt for c in coverage(inv, as_of=fx.AS_OF)] == [r[0] for r in fx.EXPECTED_ROWS]

    abolished = units.abolished_org_cert
    assert [c.id for c in inv.suggest_devices_to_return()] == [abolished]
    inv.mark_to_return(abolished, reason="UBND huyện đã bị bãi bỏ")
    service = {c.name: c for c in coverage(inv, as_of=fx.AS_OF)}[
        "Trung tâm Phục vụ hành chính công"]
    assert service.devices_to_return == 1
    assert sorted(d.subject for d in devices_to_return(inv)) == [
        "CN=Cán bộ VHXH nghỉ hưu 1",
        inv.certificate(abolished).subject,
    ]
    left_out = sorted(
        next(part for part in c.subject.split(",") if part.startswith("CN="))
        for c in not_counted(inv, as_of=fx.AS_OF)
    )
    assert left_out == sorted([
        "CN=Phạm Hết Hạn", "CN=Vũ Thu Hồi", "CN=Đỗ Chưa Cấp", "CN=UBND huyện Đông Anh (TEST)",
        "CN=Cán bộ VHXH nghỉ hưu 1", "CN=Chưa xếp đơn vị 1",
    ])
