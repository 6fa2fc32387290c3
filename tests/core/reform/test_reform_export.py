"""Check exports carry every field the GUI shows as changing."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from kyso.core.checkup.certificate import check_subject_only
from kyso.core.checkup.export import HEADERS, CheckRow, write_csv, write_xlsx
from kyso.core.reform.check import check_subject

LEADER = "UID=CCCD:1,CN=Nguyễn Văn An,T=Chủ tịch,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình,L=Thái Bình"
HOSPITAL = "CN=Bệnh viện Đa khoa tỉnh Thái Bình,O=Sở Y tế tỉnh Thái Bình,L=Thái Bình"


def test_proposed_fields_of_an_abolished_district_leader() -> None:
    result = check_subject(LEADER)
    assert result.status == "unit_abolished" and result.pick_unit == "OU"
    fields = result.proposed_fields()
    assert list(fields) == ["OU", "O", "L"]
    assert fields["OU"].startswith("(chọn đơn vị đang công tác thuộc Hưng Yên: ")
    assert "Xã Vũ Thư" in fields["OU"]
    assert fields["O"] == "UBND tỉnh Hưng Yên" and fields["L"] == "Hưng Yên"
    assert result.proposed_fields("en")["OU"].startswith("(pick the unit worked in now")
    got = result.to_json()["pick_unit"]
    assert got["attribute"] == "OU" and "Xã Vũ Thư" in got["choices"]


def test_kept_names_are_said() -> None:
    fields = check_subject(HOSPITAL).proposed_fields()
    assert fields == {
        "CN": "(giữ nguyên; kiểm tra với đơn vị)",
        "O": "Sở Y tế tỉnh Hưng Yên",
        "L": "Hưng Yên",
    }


def test_plain_change_has_no_pick() -> None:
    result = check_subject("CN=UBND tỉnh Thái Bình,L=Thái Bình")
    assert result.pick_unit is None and result.to_json()["pick_unit"] is None
    assert result.proposed_fields() == result.proposed


def test_exports_carry_the_ou_change(tmp_path: Path) -> None:
    rows = [
        CheckRow("Token A", "S1", "Nguyễn Văn An", check_subject_only(LEADER)),
        CheckRow("Token A", "S1", "BV", check_subject_only(HOSPITAL)),
    ]
    column = HEADERS.index("Đề xuất thay đổi")
    out = write_csv(rows, tmp_path / "check.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[1][column].startswith("OU = (chọn đơn vị đang công tác thuộc Hưng Yên: ")
    assert "O = UBND tỉnh Hưng Yên; L = Hưng Yên" in lines[1][column]
    assert lines[2][column].startswith("CN = (giữ nguyên; kiểm tra với đơn vị)")
    assert lines[2][HEADERS.index("Mô hình hai cấp")] == "Kiểm tra với đơn vị"
    xlsx = write_xlsx(rows, tmp_path / "check.xlsx")
    wb = load_workbook(xlsx)
    try:
        ws = wb.active
        values = [str(c.value or "") for c in ws[3]]  # the title, the headers, then the rows
    finally:
        wb.close()
    assert any(v.startswith("OU = (chọn đơn vị") for v in values)
