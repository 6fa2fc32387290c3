"""The Phụ lục I heading follows the unit's province's directive, never Hà Nội's for all."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from kyso.core.demo.pki import organization_name
from kyso.core.demo.token import demo_certificates
from kyso.core.inventory.merge import merge_reports
from kyso.core.inventory.phuluc import (
    NEUTRAL_REFERENCE,
    Directive,
    build_report,
    directive_from_settings,
    reference_for,
)
from kyso.core.inventory.report_files import read_xlsx, write_xlsx
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.settings import Settings

HANOI = "(Kèm theo Công văn số 4414/UBND-ĐMPT ngày 05/8/2025 của Ủy ban nhân dân thành phố Hà Nội)"


def _row3(path: Path) -> str:
    wb = load_workbook(path)
    try:
        return str(wb["Phụ lục I"]["A3"].value)
    finally:
        wb.close()


def test_reference_by_province() -> None:
    assert reference_for(None, "Hà Nội") == HANOI
    assert reference_for(None, "Hưng Yên") == NEUTRAL_REFERENCE
    assert reference_for(None, None) == NEUTRAL_REFERENCE
    assert "4414" not in NEUTRAL_REFERENCE
    own = Directive("Kế hoạch số 12/KH-UBND", "10/8/2025", "Ủy ban nhân dân tỉnh Hưng Yên")
    assert reference_for(own, "Hà Nội") == (
        "(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/8/2025 của Ủy ban nhân dân tỉnh Hưng Yên)"
    )
    assert Directive("135/UBND-KGVX", "", "UBND tỉnh Nghệ An").reference == (
        "(Kèm theo Công văn số 135/UBND-KGVX của UBND tỉnh Nghệ An)"
    )


def test_directive_from_settings() -> None:
    assert directive_from_settings(Settings()) is None
    assert directive_from_settings(Settings(phuluc_directive_number="12/KH-UBND")) is None
    got = directive_from_settings(
        Settings(
            phuluc_directive_number="Công văn số 77/UBND-KT",
            phuluc_directive_date="01/9/2025",
            phuluc_directive_issuer="Ủy ban nhân dân tỉnh Thái Nguyên",
        )
    )
    assert got == Directive("Công văn số 77/UBND-KT", "01/9/2025", "Ủy ban nhân dân tỉnh Thái Nguyên")


def _inventory(path: Path, unit_name: str, cert_province: str | None) -> Path:
    with Inventory(path) as inv:
        inv.set_reporting_unit_name(unit_name)
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("Khối Văn phòng", parent_id=groups[0], staff=3)
        if cert_province:
            pki = demo_certificates(marker="TEST").pki
            cert = pki.issue(
                organization_name(
                    f"Sở Y tế {cert_province}", o=f"UBND {cert_province}", locality="VN"
                )
            ).cert
            inv.add_certificate(cert, unit_id=unit, reform=check_subject(cert.subject).to_json())
    return path


def test_hanoi_unit_gets_4414_others_do_not(tmp_path: Path) -> None:
    cases = [
        ("UBND phường Ba Đình", "thành phố Hà Nội", HANOI),
        ("Sở Y tế tỉnh Thái Bình", None, NEUTRAL_REFERENCE),  # Hưng Yên: not known
        ("Sở Tài chính", "tỉnh Thái Bình", NEUTRAL_REFERENCE),
        ("Sở Tài chính", None, NEUTRAL_REFERENCE),
        ("Sở Tài chính", "thành phố Hà Nội", HANOI),  # the certificates say Hà Nội
    ]
    for i, (name, cert_province, expected) in enumerate(cases):
        db = _inventory(tmp_path / f"inv{i}.sqlite3", name, cert_province)
        with Inventory(db) as inv:
            report = build_report(inv, "2025-08")
        assert report.reference == expected, name
        out = write_xlsx(report, tmp_path / f"r{i}.xlsx")
        assert _row3(out) == expected
        assert read_xlsx(out).reference == expected


def test_setting_wins(tmp_path: Path) -> None:
    db = _inventory(tmp_path / "inv.sqlite3", "UBND phường Ba Đình", "thành phố Hà Nội")
    own = Directive("Công văn số 77/UBND-KT", "01/9/2025", "Ủy ban nhân dân tỉnh Thái Nguyên")
    with Inventory(db) as inv:
        report = build_report(inv, "2025-08", directive=own)
    assert report.reference == own.reference


def test_merge_keeps_a_shared_directive_only(tmp_path: Path) -> None:
    hanoi = _inventory(tmp_path / "a.sqlite3", "UBND phường Ba Đình", "thành phố Hà Nội")
    neutral = _inventory(tmp_path / "b.sqlite3", "Sở Tài chính", None)
    other = Directive("Công văn số 77/UBND-KT", "01/9/2025", "Ủy ban nhân dân tỉnh Thái Nguyên")
    files = []
    for name, db, directive in (("a", hanoi, None), ("b", neutral, None), ("c", neutral, other)):
        with Inventory(db) as inv:
            report = build_report(inv, "2025-08", directive=directive)
        report.unit_name = name
        files.append(write_xlsx(report, tmp_path / f"{name}.xlsx"))
    both = merge_reports(files[:2], tmp_path / "ab.xlsx")
    assert both.report.reference == HANOI
    clash = merge_reports([files[0], files[2]], tmp_path / "ac.xlsx")
    assert clash.report.reference == NEUTRAL_REFERENCE


def test_a_ministrys_unit_in_hanoi_gets_no_4414(tmp_path: Path) -> None:
    """A ministry's own units — its Văn phòng, its Thanh tra, a Cục — are not the city's:
    Hà Nội's Công văn 4414 (the city UBND's) does not head their report, although their
    certificates say Hà Nội (found by a fault hunter: the two-tier check reads them as a
    province's agency, and they got it)."""
    for i, name in enumerate(
        [
            "Văn phòng Bộ Y tế",
            "VĂN PHÒNG BỘ Y TẾ",
            "Văn phòng Bộ",
            "Thanh tra Bộ Xây dựng",
            "Cục Quản lý Dược",
            "Cục Quản lý thị trường thành phố Hà Nội",
        ]
    ):
        db = _inventory(tmp_path / f"m{i}.sqlite3", name, "thành phố Hà Nội")
        with Inventory(db) as inv:
            report = build_report(inv, "2025-08")
        assert report.reference == NEUTRAL_REFERENCE, name
        out = write_xlsx(report, tmp_path / f"m{i}.xlsx")
        assert _row3(out) == NEUTRAL_REFERENCE
    # The city's own keep it: a "bộ" that is no ministry ("cán bộ", "Bộ phận một cửa"), a
    # Chi cục under a Sở.
    for name in [
        "Bộ phận Một cửa UBND phường Ba Đình",
        "Ban Bảo vệ, chăm sóc sức khỏe cán bộ thành phố Hà Nội",
        "Chi cục Thủy lợi thành phố Hà Nội",
        "Sở Y tế",
    ]:
        assert reference_for(None, "Hà Nội", name) == HANOI, name
