"""Edges of the fixes for the second issue-15 review (findings in test_review2_findings.py):
what the fixes must not change, and the styles they must keep."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject, propose_unit


@pytest.mark.parametrize(
    ("o", "expected"),
    [
        # "UBND" is an acronym in any style: it says nothing of Title Case.
        ("UBND Tỉnh Bình Dương", "UBND Thành phố Hồ Chí Minh"),
        ("Ủy ban nhân dân tỉnh Bình Dương", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"),
        # Marked type word that stays: kept as written.
        ("UBND tỉnh Thái Bình", "UBND tỉnh Hưng Yên"),
        # Folded and becoming a thành phố: NFC as well.
        ("UBND tinh Hai Duong", "UBND thành phố Hải Phòng"),
    ],
)
def test_province_type_word_styles(o: str, expected: str) -> None:
    proposed = check_subject(f"CN=Nguyễn Văn An,O={o},L=Thái Bình,C=VN").to_json()["proposed"]
    assert proposed["O"] == expected, proposed


@pytest.mark.parametrize(
    ("o", "expected"),
    [
        ("Đảng Ủy Huyện Vũ Thư", "Tỉnh Ủy Hưng Yên"),
        ("ĐẢNG ỦY HUYỆN VŨ THƯ", "TỈNH ỦY HƯNG YÊN"),
        ("Huyện ủy Vũ Thư", "Tỉnh ủy Hưng Yên"),
        ("UBND huyện Vũ Thư", "UBND tỉnh Hưng Yên"),
    ],
)
def test_district_parent_of_a_commune_body(o: str, expected: str) -> None:
    proposed = check_subject(f"CN=Đảng ủy xã Vũ Hội,O={o},L=Thái Bình,C=VN").to_json()[
        "proposed"
    ]
    assert proposed["O"] == expected, proposed


def test_picked_commune_replaces_the_district_and_its_office() -> None:
    result = check_subject(
        "CN=Lê Văn D,OU=Phòng Tài chính - Kế hoạch,OU=UBND huyện Vũ Thư,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    proposed = propose_unit(result, "Xã Thư Vũ")
    assert proposed["OU[2]"] == "UBND xã Thư Vũ"
    assert proposed["OU[1]"] == ""  # dropped with the district
    assert proposed["O"] == "UBND tỉnh Hưng Yên"
