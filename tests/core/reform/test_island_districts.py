"""An island district written "huyện đảo X" (the usual official wording) is the district
"huyện X": before, "UBND huyện đảo Cồn Cỏ" was read as naming no district and said to be
on the new model (found by a fault hunter). Each became a đặc khu of the same name."""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.reform.check import check_subject


def _ascii(text: str) -> str:
    """As some CAs' tools wrote it: no marks, đ as d."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


@pytest.mark.parametrize(
    ("island", "province"),
    [
        ("Cồn Cỏ", "Quảng Trị"),
        ("Lý Sơn", "Quảng Ngãi"),
        ("Bạch Long Vĩ", "thành phố Hải Phòng"),
        ("Côn Đảo", "Bà Rịa - Vũng Tàu"),
    ],
)
@pytest.mark.parametrize("form", ["huyện đảo", "Huyện Đảo", "HUYỆN ĐẢO", "ASCII"])
def test_huyen_dao_is_the_district(island: str, province: str, form: str) -> None:
    plain = check_subject(f"CN=UBND huyện {island},O=UBND tỉnh {province},C=VN")
    if form == "ASCII":
        written = _ascii(f"huyện đảo {island}")
    elif form.isupper():
        written = f"{form} {island.upper()}"
    else:
        written = f"{form} {island}"
    got = check_subject(f"CN=UBND {written},O=UBND tỉnh {province},C=VN")
    assert plain.status == "unit_abolished"
    assert got.status == plain.status, written
    assert got.district_old == plain.district_old
    assert got.district_successors == plain.district_successors


def test_a_person_of_an_island_district_picks_the_special_zone() -> None:
    got = check_subject(
        "UID=CCCD:1,CN=Lê Văn A,OU=UBND huyện đảo Bạch Long Vĩ,O=UBND thành phố Hải Phòng,C=VN"
    )
    assert got.status == "unit_abolished" and got.pick_unit == "OU"
    assert got.pick_choices == ["Đặc khu Bạch Long Vĩ"]
