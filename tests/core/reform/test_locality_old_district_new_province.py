"""L naming the holder's old district by its name alone under the NEW province in ST.

"CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên": an old commune, its old district in L (Huyện Vũ
Thư, of old Thái Bình), the new province already in ST. The district is abolished: L is
read as it, and proposed as every L naming an abolished district is (under an ST that
names the province, L names the holder's new commune when it is one: "Thư Vũ", as for
"ST=Thái Bình"). It was kept unchanged ("L=Vũ Thư" beside "CN=UBND xã Thư Vũ": the
district that ended, or the new Xã Vũ Thư, another commune).
"""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.reform.check import check_subject
from tests.support.admin_packages import package_successor


def _j(dn: str) -> dict:
    return check_subject(dn).to_json()


def test_the_oracle_agrees() -> None:
    from vietnamadminunits import ParseMode, parse_address

    unit = parse_address("xã Vũ Hội, Vũ Thư, Thái Bình", mode=ParseMode.LEGACY, level=3)
    assert (unit.district, unit.ward) == ("Huyện Vũ Thư", "Xã Vũ Hội")
    assert package_successor("tinhthaibinh_huyenvuthu_xavuhoi") == ("Hưng Yên", "Xã Thư Vũ")


@pytest.mark.parametrize(
    ("dn", "proposed"),
    [
        ("CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên,C=VN", {"CN": "UBND xã Thư Vũ", "L": "Thư Vũ"}),
        ("CN=UBND xa Vu Hoi,L=Vu Thu,ST=Hung Yen,C=VN", {"CN": "UBND xã Thư Vũ", "L": "Thư Vũ"}),
        ("CN=UBND XÃ VŨ HỘI,L=VŨ THƯ,ST=HƯNG YÊN,C=VN", {"CN": "UBND XÃ THƯ VŨ", "L": "THƯ VŨ"}),
        (
            unicodedata.normalize("NFD", "CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên,C=VN"),
            {"CN": "UBND xã Thư Vũ", "L": "Thư Vũ"},
        ),
        (
            "CN=Đảng ủy xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên,C=VN",
            {"CN": "Đảng ủy xã Thư Vũ", "L": "Thư Vũ"},
        ),
        # A person of the commune's People's Committee: L the same way.
        (
            "UID=CCCD:034080001111,CN=Nguyễn Văn A,OU=UBND xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên,C=VN",
            {"OU": "UBND xã Thư Vũ", "L": "Thư Vũ"},
        ),
    ],
)
def test_old_district_in_l_under_the_new_province_is_proposed_anew(dn: str, proposed: dict) -> None:
    got = _j(dn)
    assert got["status"] == "needs_change", got
    assert got["district"] == {"old": "Huyện Vũ Thư"}
    assert got["commune"] == {"old": "Xã Vũ Hội", "new": ["Xã Thư Vũ"]}
    assert got["proposed"] == proposed  # ST names the new province already: kept
    assert any(r.startswith("L “") and "cấp huyện đã kết thúc" in r for r in got["reasons"])


def test_consistent_with_the_old_province_and_a_typed_district() -> None:
    # The same holder with the old province in ST, or the district typed in L: L names the
    # new commune in each (the typed form keeps its type word).
    bare_new = _j("CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên,C=VN")["proposed"]
    bare_old = _j("CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Thái Bình,C=VN")["proposed"]
    typed = _j("CN=UBND xã Vũ Hội,L=huyện Vũ Thư,ST=Hưng Yên,C=VN")["proposed"]
    assert bare_new["L"] == bare_old["L"] == "Thư Vũ"
    assert typed["L"] == "Xã Thư Vũ"
    assert bare_old["ST"] == "Hưng Yên" and "ST" not in bare_new


def test_a_district_no_new_commune_is_named_after_is_read_without_a_commune() -> None:
    # Huyện Văn Yên (old Yên Bái, now in Lào Cai): no new commune has its name, so "L=Văn
    # Yên" under the new province is the district, as "L=Kim Động, ST=Hưng Yên" (a district
    # of the province written) is read: L names the province now.
    got = _j("CN=Nguyễn Văn A,L=Văn Yên,ST=Lào Cai,C=VN")
    assert got["district"] == {"old": "Huyện Văn Yên"}
    assert got["proposed"] == {"L": "Lào Cai"}
    assert _j("CN=Nguyễn Văn A,L=Kim Động,ST=Hưng Yên,C=VN")["proposed"] == {"L": "Hưng Yên"}


@pytest.mark.parametrize(
    "dn",
    [
        # No commune named: "Vũ Thư" under ST=Hưng Yên may be the new Xã Vũ Thư (as before).
        "CN=Nguyễn Văn A,L=Vũ Thư,ST=Hưng Yên,C=VN",
        # The unit's commune is the one L names, a name the new structure has: the subject
        # may be on the new model already; nothing is read into L.
        "CN=UBND xã Vũ Thư,L=Vũ Thư,ST=Hưng Yên,C=VN",
    ],
)
def test_l_is_not_read_as_the_district_when_the_subject_may_be_new(dn: str) -> None:
    got = _j(dn)
    assert got["district"] is None, got
    assert "L" not in got["proposed"]


@pytest.mark.parametrize(
    ("dn", "proposed"),
    [
        # Xã Quang Trung of Huyện Hòa An (now Xã Nguyễn Huệ); Cao Bằng also has a new Xã
        # Quang Trung (old Trùng Khánh's, kept) and a new Xã Hòa An. Read as the new
        # model, L would name another commune than the unit's, which no new-model subject
        # does; read as the old one it is what such a certificate says. It was "current"
        # (and so counted as a new-model organization certificate for item 4).
        # The district by its name alone before the province: dropped from L.
        (
            "CN=UBND xã Quang Trung,L=Hòa An, Cao Bằng,C=VN",
            {"CN": "UBND xã Nguyễn Huệ", "L": "Cao Bằng"},
        ),
        (
            "CN=UBND xã Quang Trung,O=UBND tỉnh Cao Bằng,L=Hòa An,ST=Cao Bằng,C=VN",
            {"CN": "UBND xã Nguyễn Huệ", "L": "Nguyễn Huệ"},
        ),
    ],
)
def test_l_naming_another_commune_than_the_units_is_the_old_district(
    dn: str, proposed: dict
) -> None:
    assert package_successor("tinhcaobang_huyenhoaan_xaquangtrung") == (
        "Cao Bằng",
        "Xã Nguyễn Huệ",
    )
    got = _j(dn)
    assert got["status"] == "needs_change", got
    assert got["district"] == {"old": "Huyện Hòa An"}
    assert got["commune"] == {"old": "Xã Quang Trung", "new": ["Xã Nguyễn Huệ"]}
    assert got["proposed"] == proposed


def test_a_kept_commune_name_with_another_commune_in_l_gets_its_own_in_l() -> None:
    """Xã Vũ Tiên kept its name; "L=Vũ Thư" is another commune on the new model, Huyện Vũ
    Thư on the old: either way L is proposed as the unit's own commune."""
    got = _j("CN=UBND xã Vũ Tiên,L=Vũ Thư,ST=Hưng Yên,C=VN")
    assert got["status"] == "needs_change"
    assert got["commune"] == {"old": "Xã Vũ Tiên", "new": ["Xã Vũ Tiên"]}
    assert got["proposed"] == {"L": "Vũ Tiên"}


@pytest.mark.parametrize(
    "dn",
    [
        "CN=Nguyễn Văn An,O=UBND xã Quang Trung,L=Hòa An,ST=Cao Bằng,C=VN",
        "CN=Nguyễn Văn An,OU=UBND xã Trung Giã,L=Sóc Sơn,ST=Hà Nội,C=VN",
    ],
)
def test_a_persons_l_naming_another_commune_may_be_where_they_live(dn: str) -> None:
    """A person's L may be the commune they live in (xã Sóc Sơn, new model) while the unit
    is another (xã Trung Giã, a name the new structure kept): no change is asked of them on
    that reading alone — and above all no other commune's committee as their O."""
    got = _j(dn)
    assert got["status"] == "current", got
    assert got["district"] is None and got["proposed"] == {}
