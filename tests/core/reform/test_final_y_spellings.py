"""A unit written with the other spelling of a final i/y (Quý/Quí, Kỳ/Kì, Uông Bí/Bý, Quy/Qui
Nhơn, Lý/Lí, Mỹ/Mĩ) gets the verdict its table spelling gets; names shown and proposed are
the table's. Units that differ only by i/y are never picked silently: without a province
the check says the name is in several provinces.

Expected old and new units: the data package ``vietnamadminunits`` (the table is built from
it) and Nghị quyết 202/2025/QH15 for the provinces (domain.md §1).
"""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.reform.check import check_subject


def _verdict(subject: str) -> dict[str, object]:
    got = check_subject(subject).to_json()
    return {
        k: got[k] for k in ("status", "holder_kind", "province", "district", "commune", "proposed")
    }


def _ascii(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.replace("đ", "d").replace("Đ", "D")


# (subject in the table's spelling, the same in the other spelling, status, the district
# as the table names it, proposed attributes)
CASES = [
    (
        "UID=MST:01,CN=UBND xã Long Hải,O=UBND huyện Phú Quí,ST=Tỉnh Bình Thuận,C=VN",
        "UID=MST:01,CN=UBND xã Long Hải,O=UBND huyện Phú Quý,ST=Tỉnh Bình Thuận,C=VN",
        "needs_change",
        "Huyện Phú Quí",
        {"ST": "Lâm Đồng", "CN": "UBND đặc khu Phú Quý", "O": "UBND tỉnh Lâm Đồng"},
    ),
    (
        "CN=UBND huyện Phú Quí,O=UBND tỉnh Bình Thuận,ST=Tỉnh Bình Thuận,C=VN",
        "CN=UBND huyện Phú Quý,O=UBND tỉnh Bình Thuận,ST=Tỉnh Bình Thuận,C=VN",
        "unit_abolished",
        "Huyện Phú Quí",
        {},
    ),
    (
        "UID=MST:01,CN=UBND huyện Kỳ Anh,O=UBND tỉnh Hà Tĩnh,ST=Tỉnh Hà Tĩnh,C=VN",
        "UID=MST:01,CN=UBND huyện Kì Anh,O=UBND tỉnh Hà Tĩnh,ST=Tỉnh Hà Tĩnh,C=VN",
        "unit_abolished",
        "Huyện Kỳ Anh",
        {},
    ),
    (
        "UID=MST:01,CN=UBND phường Vàng Danh,O=UBND thành phố Uông Bí,ST=Tỉnh Quảng Ninh,C=VN",
        "UID=MST:01,CN=UBND phường Vàng Danh,O=UBND thành phố Uông Bý,ST=Tỉnh Quảng Ninh,C=VN",
        "needs_change",
        "Thành phố Uông Bí",
        {"O": "UBND tỉnh Quảng Ninh"},
    ),
    (
        "UID=MST:01,CN=UBND phường Lê Lợi,O=UBND thành phố Quy Nhơn,ST=Tỉnh Bình Định,C=VN",
        "UID=MST:01,CN=UBND phường Lê Lợi,O=UBND thành phố Qui Nhơn,ST=Tỉnh Bình Định,C=VN",
        "needs_change",
        "Thành phố Quy Nhơn",
        {"ST": "Gia Lai", "CN": "UBND phường Quy Nhơn", "O": "UBND tỉnh Gia Lai"},
    ),
    (
        "CN=HĐND xã Hợp Lý,O=HĐND huyện Triệu Sơn,L=Thanh Hóa,C=VN",
        "CN=HĐND xã Hợp Lí,O=HĐND huyện Triệu Sơn,L=Thanh Hóa,C=VN",
        "needs_change",
        "Huyện Triệu Sơn",
        {"CN": "HĐND xã Hợp Tiến", "O": "HĐND tỉnh Thanh Hóa"},
    ),
    (
        "CN=UBND xã Chiêu Lưu,O=UBND huyện Kỳ Sơn,L=Nghệ An,C=VN",
        "CN=UBND xã Chiêu Lưu,O=UBND huyện Kì Sơn,L=Nghệ An,C=VN",
        "needs_change",
        "Huyện Kỳ Sơn",
        {"O": "UBND tỉnh Nghệ An"},
    ),
    (
        "CN=UBND xã Trà Giáp,O=UBND huyện Bắc Trà My,L=Quảng Nam,C=VN",
        "CN=UBND xã Trà Giáp,O=UBND huyện Bắc Trà Mi,L=Quảng Nam,C=VN",
        "needs_change",
        "Huyện Bắc Trà My",
        {"L": "Đà Nẵng", "O": "UBND thành phố Đà Nẵng"},
    ),
]


@pytest.mark.parametrize("form", ["as_written", "ascii", "upper"])
@pytest.mark.parametrize(("table", "other", "status", "district", "proposed"), CASES)
def test_either_spelling_gets_the_same_verdict(
    table: str, other: str, status: str, district: str, proposed: dict[str, str], form: str
) -> None:
    shape = {"as_written": str, "ascii": _ascii, "upper": str.upper}[form]
    expected = _verdict(shape(table))
    got = _verdict(shape(other))
    assert got == expected
    assert got["status"] == status
    assert got["district"] == {"old": district}  # the table's spelling, never the key
    if form == "as_written":
        assert got["proposed"] == proposed


def test_u_and_y_names_are_found_only_as_themselves() -> None:
    """ "Huy", "Thủy" (u + y) are not "Hui", "Thủi": only the spelling as written is found."""
    base = ",O=UBND huyện Bảo Lạc,L=Cao Bằng,C=VN"
    found = _verdict("CN=UBND xã Huy Giáp" + base)
    assert found["commune"] is not None and found["commune"]["old"] == "Xã Huy Giáp"
    assert _verdict("CN=UBND xã Hui Giáp" + base)["commune"] is None
    thuy = _verdict("CN=UBND huyện Lệ Thủy,O=UBND tỉnh Quảng Bình,L=Quảng Bình,C=VN")
    assert thuy["status"] == "unit_abolished" and thuy["district"] == {"old": "Huyện Lệ Thủy"}
    thui = _verdict("CN=UBND huyện Lệ Thủi,O=UBND tỉnh Quảng Bình,L=Quảng Bình,C=VN")
    assert thui["district"] is None


@pytest.mark.parametrize(
    ("subject", "provinces"),
    [
        # Xã Mỹ Quý (Tây Ninh) and Xã Mỹ Quí (Đồng Tháp): one key now; written without
        # marks, nothing tells them apart.
        ("CN=UBND xa My Qui,C=VN", ("Tây Ninh", "Đồng Tháp")),
        ("CN=UBND xa My Quy,C=VN", ("Tây Ninh", "Đồng Tháp")),
        # Xã An Quý (Thái Bình) and Xã An Qui (Bến Tre).
        ("CN=UBND xa An Quy,C=VN", ("Bến Tre", "Thái Bình")),
        ("CN=UBND xã An Quí,C=VN", ("Bến Tre", "Thái Bình")),
    ],
)
def test_units_differing_only_by_i_or_y_are_not_picked_silently(
    subject: str, provinces: tuple[str, ...]
) -> None:
    got = check_subject(subject).to_json()
    assert got["status"] == "unknown"
    assert got["commune"] is None and got["proposed"] == {}
    assert "nhiều tỉnh" in got["reasons"][0]
    for province in provinces:
        assert province in got["reasons"][0]


@pytest.mark.parametrize(
    ("subject", "commune", "province"),
    [
        ("CN=UBND xa An Quy,O=UBND huyen Quynh Phu,L=Thai Binh,C=VN", "Xã An Quý", "Thái Bình"),
        ("CN=UBND xa An Quy,O=UBND huyen Thanh Phu,L=Ben Tre,C=VN", "Xã An Qui", "Bến Tre"),
        ("CN=UBND xã Mỹ Quí,ST=Tỉnh Tây Ninh,C=VN", "Xã Mỹ Quý", "Tây Ninh"),
    ],
)
def test_the_place_tells_them_apart(subject: str, commune: str, province: str) -> None:
    got = check_subject(subject).to_json()
    assert got["commune"]["old"] == commune
    assert got["province"]["old"] == province
