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
        # Spelt exactly like one of them is no answer either: the other may be meant.
        ("CN=UBND xã Mỹ Quí,C=VN", ("Tây Ninh", "Đồng Tháp")),
        ("CN=UBND xã Mỹ Quý,C=VN", ("Tây Ninh", "Đồng Tháp")),
        # Xã An Quý (Thái Bình) and Xã An Qui (Bến Tre, now also a new commune of Vĩnh
        # Long): without marks, spelt as the one without a tone (as before).
        ("CN=UBND xa An Quy,C=VN", ("Bến Tre", "Vĩnh Long")),
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
        # The tone tells Quý/Quí (acute) from Qui (none), whichever the final letter.
        ("CN=UBND xã An Quí,C=VN", "Xã An Quý", "Thái Bình"),
    ],
)
def test_the_place_tells_them_apart(subject: str, commune: str, province: str) -> None:
    got = check_subject(subject).to_json()
    assert got["commune"]["old"] == commune
    assert got["province"]["old"] == province


@pytest.mark.parametrize(
    ("locality", "province", "district"),
    [
        ("Lí Nhân", "Hà Nam", "Huyện Lý Nhân"),
        ("Lý Nhân", "Hà Nam", "Huyện Lý Nhân"),
        ("Mĩ Tú", "Sóc Trăng", "Huyện Mỹ Tú"),
        ("Mi Tu", "Soc Trang", "Huyện Mỹ Tú"),
    ],
)
def test_a_bare_district_in_l_in_either_spelling(
    locality: str, province: str, district: str
) -> None:
    """L naming a district by its name alone is read when its marks agree with the
    table's; "Lí" agrees with "Lý" (the same syllable), as the folded key does."""
    got = _verdict(f"CN=Nguyễn Văn A,OU=Phòng Nội vụ,L={locality},ST={province},C=VN")
    assert got["district"] == {"old": district}
    assert "L" in got["proposed"]


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSETS = "b c ch d đ g gh h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()


def _other_spelling(name: str) -> str:
    """``name`` with each final i written y and each final y written i after a consonant
    onset, tone kept: "Ba Vì" -> "Ba Vỳ", "Mỹ Lý" -> "Mĩ Lí"; "Thủy", "Y" unchanged."""
    out = []
    for word in name.split():
        base = "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES)
        low = unicodedata.normalize("NFC", base).lower()
        if low[-1:] in ("i", "y") and low[:-1] in _ONSETS:
            # The tone sits on the only vowel, the last letter: swap that letter alone.
            last = unicodedata.normalize("NFD", word[-1])
            swapped = {"i": "y", "y": "i", "I": "Y", "Y": "I"}[last[0]]
            word = word[:-1] + unicodedata.normalize("NFC", swapped + last[1:])
        out.append(word)
    return " ".join(out)


def test_every_unit_in_the_other_spelling() -> None:
    """Every old commune and district whose name has a final i/y syllable, written the other
    way, gets the verdict of its table spelling: status, province, district, commune; the
    proposal is the same but may also respell CN as the table spells the new commune
    ("UBND xã Ba Vỳ" -> "UBND xã Ba Vì")."""
    from kyso.core.subjects.admin_units import load

    units = load()
    pairs: list[tuple[str, str]] = []
    for c in units.old_communes:
        d = c.district
        if _other_spelling(c.short) != c.short or _other_spelling(d.short) != d.short:
            pairs.append(
                (
                    f"CN=UBND {c.name},O=UBND {d.name},L={d.province.short},C=VN",
                    f"CN=UBND {c.kind} {_other_spelling(c.short)},O=UBND {d.kind} "
                    f"{_other_spelling(d.short)},L={d.province.short},C=VN",
                )
            )
    for d in units.old_districts:
        if _other_spelling(d.short) != d.short:
            p = d.province
            pairs.append(
                (
                    f"CN=UBND {d.name},O=UBND {p.name},L={p.short},C=VN",
                    f"CN=UBND {d.kind} {_other_spelling(d.short)},O=UBND {p.name},L={p.short},C=VN",
                )
            )
            pairs.append(
                (
                    f"UID=CCCD:1,CN=A,OU=Phòng Nội vụ,L={d.short},ST={p.name},C=VN",
                    f"UID=CCCD:1,CN=A,OU=Phòng Nội vụ,L={_other_spelling(d.short)},"
                    f"ST={p.name},C=VN",
                )
            )
    assert len(pairs) > 1000
    respelt = 0
    for table, other in pairs:
        want, got = _verdict(table), _verdict(other)
        proposed_want = want.pop("proposed")
        proposed_got = got.pop("proposed")
        assert got == want, other
        assert isinstance(proposed_got, dict) and isinstance(proposed_want, dict)
        if proposed_got != proposed_want:
            respelt += 1
            assert {k: v for k, v in proposed_got.items() if k != "CN"} == proposed_want, other
            assert "CN" not in proposed_want and "CN" in proposed_got
            assert _other_spelling(proposed_got["CN"]) in other  # only i/y told apart
    assert respelt < len(pairs) // 10
