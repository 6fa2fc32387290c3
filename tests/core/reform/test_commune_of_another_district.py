"""A commune named under a district that did not contain it.

"CN=Đảng ủy xã Vũ Hội,O=Thành ủy thành phố Thái Bình": Xã Vũ Hội was a commune of Huyện Vũ
Thư, not of Thành phố Thái Bình. The policy the check has for the People's Committee's
form ("O=UBND thành phố Thái Bình") holds for every body kind: the commune is the
province's of that name (its successor is proposed; the district's body becomes the
province's, whichever district it was), and the verdict now says that the district named
does not contain it, so that the clerk checks the names — it said nothing.
"""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject

SAID = "“xã Vũ Hội” không thuộc Thành phố Thái Bình"
FOUND = "là Xã Vũ Hội (Huyện Vũ Thư)"


def _j(dn: str) -> dict:
    return check_subject(dn).to_json()


def test_the_oracle_agrees() -> None:
    from vietnamadminunits import ParseMode, parse_address

    unit = parse_address("xã Vũ Hội, Vũ Thư, Thái Bình", mode=ParseMode.LEGACY, level=3)
    assert (unit.district, unit.ward) == ("Huyện Vũ Thư", "Xã Vũ Hội")
    # Under Thành phố Thái Bình the package finds the city, and no ward of that name.
    city = parse_address(
        "xã Vũ Hội, thành phố Thái Bình, Thái Bình", mode=ParseMode.LEGACY, level=3
    )
    assert (city.district, city.ward) == ("Thành phố Thái Bình", None)


@pytest.mark.parametrize(
    ("dn", "kind", "proposed"),
    [
        (
            "CN=UBND xã Vũ Hội,O=UBND thành phố Thái Bình,ST=Thái Bình,C=VN",
            "peoples_committee",
            {"CN": "UBND xã Thư Vũ", "O": "UBND tỉnh Hưng Yên", "ST": "Hưng Yên"},
        ),
        (
            "CN=Đảng ủy xã Vũ Hội,O=Thành ủy thành phố Thái Bình,ST=Thái Bình,C=VN",
            "party",
            {"CN": "Đảng ủy xã Thư Vũ", "O": "Tỉnh ủy Hưng Yên", "ST": "Hưng Yên"},
        ),
        (
            "CN=Đảng ủy xã Vũ Hội,O=Thành ủy Thái Bình,ST=Thái Bình,C=VN",
            "party",
            {"CN": "Đảng ủy xã Thư Vũ", "O": "Tỉnh ủy Hưng Yên", "ST": "Hưng Yên"},
        ),
        (
            "CN=HĐND xã Vũ Hội,O=HĐND thành phố Thái Bình,ST=Thái Bình,C=VN",
            "peoples_council",
            {"CN": "HĐND xã Thư Vũ", "O": "HĐND tỉnh Hưng Yên", "ST": "Hưng Yên"},
        ),
        (
            "CN=Dang uy xa Vu Hoi,O=Thanh uy thanh pho Thai Binh,ST=Thai Binh,C=VN",
            "party",
            {"CN": "Đảng ủy xã Thư Vũ", "O": "Tỉnh ủy Hưng Yên", "ST": "Hưng Yên"},
        ),
    ],
)
def test_every_body_kind_gets_the_same_verdict_and_finding(
    dn: str, kind: str, proposed: dict
) -> None:
    got = _j(dn)
    assert got["body_kind"] == kind
    assert got["status"] == "needs_change", got
    assert got["district"] == {"old": "Thành phố Thái Bình"}
    assert got["commune"] == {"old": "Xã Vũ Hội", "new": ["Xã Thư Vũ"]}
    assert got["proposed"] == proposed
    said = [r for r in got["reasons"] if "không thuộc Thành phố Thái Bình" in r]
    assert len(said) == 1 and FOUND in said[0], got["reasons"]
    assert "kiểm tra lại" in said[0]


def test_a_commune_of_the_district_named_says_nothing_of_it() -> None:
    # Xã Vũ Hội under its own district; a ward of Thành phố Thái Bình under the city.
    for dn in (
        "CN=Đảng ủy xã Vũ Hội,O=Huyện ủy Vũ Thư,ST=Thái Bình,C=VN",
        "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN",
        "CN=Đảng ủy phường Đề Thám,O=Thành ủy thành phố Thái Bình,ST=Thái Bình,C=VN",
    ):
        got = _j(dn)
        assert got["status"] == "needs_change", got
        assert not any("không thuộc" in r for r in got["reasons"]), got["reasons"]


def test_the_finding_is_in_english_too() -> None:
    result = check_subject("CN=Đảng ủy xã Vũ Hội,O=Thành ủy thành phố Thái Bình,ST=Thái Bình")
    [reason] = [r for r in result.reasons if SAID in r.vi]
    assert "is not in Thành phố Thái Bình" in reason.en and "Huyện Vũ Thư" in reason.en


def test_several_communes_of_that_name_elsewhere_are_all_named() -> None:
    # Huyện Cai Lậy had no Phường 4; Tiền Giang had two (Thành phố Mỹ Tho, Thị xã Cai Lậy):
    # both are named, and their successors offered, as for any ambiguous name.
    got = _j("CN=Đảng ủy Phường 4,O=Huyện ủy Cai Lậy,ST=Tỉnh Tiền Giang,C=VN")
    [said] = [r for r in got["reasons"] if "không thuộc Huyện Cai Lậy" in r]
    assert "các đơn vị cùng tên" in said
    assert "Phường 4 (Thành phố Mỹ Tho)" in said and "Phường 4 (Thị xã Cai Lậy)" in said
    assert len(got["commune"]["new"]) > 1
