"""Text that reaches a Phụ lục I cell, and the heading of a central body's unit (review
session 6, items 13 and 14).

- The settings check refuses a directive value with a control character (a TOML
  ``"\\u0001"``, pasted text), naming the setting, in Vietnamese first.
- The inventory refuses such a unit name, reporting unit name or focal person.
- Whatever gets through (an old inventory, a value set in code) is written as U+FFFD: the
  XLSX export never ends in openpyxl's English error.
- Hà Nội's Công văn 4414 heads the reports of the city's own units, not those of a central
  body's local unit (Cục Thuế, Bảo hiểm xã hội, Kho bạc …).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kyso.core.errors import SettingsError
from kyso.core.inventory.phuluc import (
    NEUTRAL_REFERENCE,
    Directive,
    build_report,
    directive_from_settings,
)
from kyso.core.inventory.report_files import write_csv, write_xlsx
from kyso.core.inventory.store import FocalPerson, Inventory, InventoryError
from kyso.core.settings import Paths, Settings, load_settings

HANOI_4414 = (
    "(Kèm theo Công văn số 4414/UBND-ĐMPT ngày 05/8/2025 của Ủy ban nhân dân thành phố Hà Nội)"
)


def _machine(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "machine.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "toml", "code"),
    [
        ("phuluc_directive_number", r'"Công văn số 12/UBND-KGVX\u0001"', "U+0001"),
        ("phuluc_directive_date", r'"05/8/2025\t"', "U+0009"),
        ("phuluc_directive_issuer", r'"Ủy ban nhân dân\ntỉnh Hưng Yên"', "U+000A"),
        ("phuluc_directive_issuer", r'"UBND tỉnh\u007f Hưng Yên"', "U+007F"),
    ],
)
def test_settings_refuse_a_control_character_in_a_directive(
    tmp_path: Path, name: str, toml: str, code: str
) -> None:
    machine = _machine(tmp_path, f"[settings]\n{name} = {toml}\n")
    loaded = load_settings(Paths.under(tmp_path / "home"), machine)
    assert getattr(loaded.values, name) == ""  # refused: the default stays
    (problem,) = loaded.problems
    assert problem.code == "settings_range"
    assert f"“{name}”" in problem.vi and code in problem.vi and "dòng 2" in problem.vi
    assert "ký tự điều khiển" in problem.vi
    assert "control character" in problem.en
    # the heading then falls back to the province's (or the neutral) one
    assert directive_from_settings(loaded.values) is None


def test_settings_take_a_printable_directive(tmp_path: Path) -> None:
    machine = _machine(
        tmp_path,
        '[settings]\nphuluc_directive_number = "Kế hoạch số 12/KH-UBND"\n'
        'phuluc_directive_date = "10/8/2025"\n'
        'phuluc_directive_issuer = "Ủy ban nhân dân tỉnh Hưng Yên"\n',
    )
    loaded = load_settings(Paths.under(tmp_path / "home"), machine)
    assert loaded.problems == []
    assert directive_from_settings(loaded.values) == Directive(
        "Kế hoạch số 12/KH-UBND", "10/8/2025", "Ủy ban nhân dân tỉnh Hưng Yên"
    )


def test_set_user_refuses_a_control_character(tmp_path: Path) -> None:
    loaded = load_settings(Paths.under(tmp_path / "home"), tmp_path / "none.toml")
    with pytest.raises(SettingsError) as err:
        loaded.set_user("phuluc_directive_issuer", "UBND tỉnh Hưng Yên\x1b")
    assert "phuluc_directive_issuer" in err.value.vi and "U+001B" in err.value.vi
    assert loaded.values.phuluc_directive_issuer == ""


def test_inventory_refuses_control_characters_in_names(tmp_path: Path) -> None:
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        groups = inv.ensure_standard_groups()
        with pytest.raises(InventoryError) as err:
            inv.add_unit("Văn phòng\x01", parent_id=groups[0])
        assert err.value.code == "inventory_text"
        assert "Tên đơn vị" in err.value.vi and "U+0001" in err.value.vi
        unit = inv.add_unit("Văn phòng", parent_id=groups[0])
        with pytest.raises(InventoryError):
            inv.update_unit(unit, name="Văn\x0bphòng")
        with pytest.raises(InventoryError):
            inv.set_reporting_unit_name("Sở Y tế\x07")
        with pytest.raises(InventoryError):
            inv.set_focal_person(FocalPerson("Nguyễn Văn An", phone="0912\x00345"))
        assert inv.unit(unit).name == "Văn phòng"
        assert inv.reporting_unit_name == "" and inv.focal_person() is None


def test_report_with_control_characters_is_written(tmp_path: Path) -> None:
    # Names that got in before the check (an older inventory, written by another tool), and
    # a directive set in code: the workbook is written, each such character as U+FFFD.
    db = tmp_path / "inv.sqlite3"
    with Inventory(db) as inv:
        inv.set_reporting_unit_name("Sở Y tế tỉnh Hưng Yên")
        inv.set_focal_person(FocalPerson("Nguyễn Văn An", "Chuyên viên"))
        groups = inv.ensure_standard_groups()
        inv.add_unit("Văn phòng", parent_id=groups[0], staff=5)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE units SET name = 'Văn' || char(1) || 'phòng' WHERE name = 'Văn phòng'")
        conn.execute("UPDATE reporting_unit SET name = 'Sở Y tế' || char(2), "
                     "focal_title = 'Chuyên' || char(3) || 'viên'")
    settings = Settings(
        phuluc_directive_number="Công văn số 12/UBND-KGVX\x01",
        phuluc_directive_date="05/8/2025\ufffe",
        phuluc_directive_issuer="Ủy ban nhân dân tỉnh Hưng Yên",
    )
    with Inventory(db) as inv:
        report = build_report(inv, "2025-08", directive=directive_from_settings(settings))
    out = write_xlsx(report, tmp_path / "phuluc.xlsx")
    wb = load_workbook(out)
    try:
        ws = wb["Phụ lục I"]
        texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
        assert wb.properties.title == "Phụ lục I – Sở Y tế\ufffd – Tháng 08/2025"
    finally:
        wb.close()
    assert (
        "(Kèm theo Công văn số 12/UBND-KGVX\ufffd ngày 05/8/2025\ufffd của Ủy ban nhân dân "
        "tỉnh Hưng Yên)"
    ) in texts
    assert "Đơn vị báo cáo: Sở Y tế\ufffd" in texts
    assert "Văn\ufffdphòng" in texts
    assert any(t.startswith("Cán bộ đầu mối: Nguyễn Văn An – Chuyên\ufffdviên") for t in texts)
    write_csv(report, tmp_path / "phuluc.csv")  # CSV holds them as they are


@pytest.mark.parametrize(
    "unit",
    [
        "Cục Thuế thành phố Hà Nội",
        "Bảo hiểm xã hội thành phố Hà Nội",
        "Kho bạc Nhà nước Hà Nội",
        "Chi cục Thống kê thành phố Hà Nội",
        # A university of the Ministry, and bodies with their own line (found by a fault
        # hunter: they got the city UBND's Công văn 4414).
        "Trường Đại học Sư phạm Hà Nội",
        "Học viện Hành chính Quốc gia",
        "Công an thành phố Hà Nội",
        "Văn phòng Thành ủy Hà Nội",
        "Ủy ban MTTQ Việt Nam thành phố Hà Nội",
        # The courts, the procuracies and civil judgment enforcement: the judiciary's and
        # the Ministry of Justice's lines, not the city UBND's (found by a fault hunter:
        # they got Công văn 4414).
        "Tòa án nhân dân thành phố Hà Nội",
        "Toà án nhân dân khu vực 1 - Hà Nội",
        "TAND thành phố Hà Nội",
        "Viện Kiểm sát nhân dân thành phố Hà Nội",
        "VKSND thành phố Hà Nội",
        "Vien kiem sat nhan dan thanh pho Ha Noi",
        "Thi hành án dân sự thành phố Hà Nội",
        "Cục Thi hành án dân sự thành phố Hà Nội",
        "Chi cục Thi hành án dân sự quận Ba Đình",
    ],
)
def test_central_bodys_unit_in_hanoi_gets_the_neutral_heading(tmp_path: Path, unit: str) -> None:
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.set_reporting_unit_name(unit)
        groups = inv.ensure_standard_groups()
        inv.add_unit("Văn phòng", parent_id=groups[0], staff=5)
        assert build_report(inv, "2025-08").reference == NEUTRAL_REFERENCE
        # What IT set for the machine is still printed: its choice, not Kyso's guess.
        own = Directive("Công văn số 1/TCT", "01/9/2025", "Tổng cục Thuế")
        assert build_report(inv, "2025-08", directive=own).reference == own.reference


@pytest.mark.parametrize(
    "unit",
    [
        "Sở Y tế thành phố Hà Nội",
        "UBND phường Ba Đình thành phố Hà Nội",
        "Trường THPT Chu Văn An thành phố Hà Nội",
        "Sở Tư pháp thành phố Hà Nội",  # the city's own: not a court for its words
        "Thanh tra thành phố Hà Nội",
    ],
)
def test_hanois_own_units_keep_4414(tmp_path: Path, unit: str) -> None:
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.set_reporting_unit_name(unit)
        groups = inv.ensure_standard_groups()
        inv.add_unit("Văn phòng", parent_id=groups[0], staff=5)
        assert build_report(inv, "2025-08").reference == HANOI_4414
