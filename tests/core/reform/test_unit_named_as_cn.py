"""A certificate whose CN is the administrative unit's own name, "CN=Xã Vũ Hội" (issue 15
items 1-2: subjects as CAs wrote them). It was read as a person called "Xã Vũ Hội": the
verdict was "a person of an abolished district body", with nothing proposed for CN.

A type word spelt with its marks ("Xã", "Phường", "Quận", "Huyện", "Tỉnh", "Thị trấn",
"Thị xã", "Thành phố") is no Vietnamese family name, so the CN is the unit's: its commune
is proposed anew like any body's, and a district's own name is the district's body
(abolished: revoke). "Quan Văn Hải" (the family name Quan, unmarked) stays a person.

Expected values: Xã Vũ Hội (Vũ Thư, Thái Bình) -> Xã Thư Vũ (Hưng Yên), Phường 1 (Quận 3)
-> Phường Bàn Cờ (Hồ Chí Minh), from the maintained packages (tests.support.admin_packages)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from kyso.core.subjects.holder import names_a_unit, read_holder
from tests.support.admin_packages import package_successor


@pytest.mark.parametrize(
    ("dn", "old_key", "cn"),
    [
        (
            "CN=Xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN",
            "tinhthaibinh_huyenvuthu_xavuhoi",
            "Xã Thư Vũ",
        ),
        (
            "CN=XÃ VŨ HỘI,O=UBND HUYỆN VŨ THƯ,ST=THÁI BÌNH,C=VN",
            "tinhthaibinh_huyenvuthu_xavuhoi",
            "XÃ THƯ VŨ",
        ),
        (
            "CN=Phường 1,O=UBND quận 3,L=TP Hồ Chí Minh,C=VN",
            "thanhphohochiminh_quan3_phuong1",
            "Phường Bàn Cờ",
        ),
    ],
)
def test_a_communes_own_name_is_the_commune(dn: str, old_key: str, cn: str) -> None:
    _, new_commune = package_successor(old_key)
    assert new_commune.lower() == cn.lower()
    result = check_subject(dn)
    assert result.holder.kind == "organization"
    assert result.status == "needs_change"
    assert result.commune_new == [new_commune]
    assert result.proposed["CN"] == cn


@pytest.mark.parametrize(
    "dn",
    [
        "CN=Huyện Vũ Thư,ST=Thái Bình,C=VN",
        "CN=Quận 3,L=TP Hồ Chí Minh,C=VN",
        "CN=Thị xã Sơn Tây,L=Hà Nội,C=VN",
        "CN=Thành phố Thái Bình,ST=Thái Bình,C=VN",
    ],
)
def test_a_districts_own_name_is_its_body_which_ended(dn: str) -> None:
    result = check_subject(dn)
    assert result.holder.kind == "organization"
    assert result.status == "unit_abolished"
    assert result.proposed == {}
    assert any("thu hồi chứng thư" in r.vi for r in result.reasons)


def test_a_province_and_an_unchanged_unit() -> None:
    merged = check_subject("CN=Tỉnh Thái Bình,L=Thái Bình,C=VN")
    assert merged.proposed == {"CN": "Tỉnh Hưng Yên", "L": "Hưng Yên"}
    assert check_subject("CN=Thành phố Hà Nội,L=Hà Nội,C=VN").status == "current"


def test_family_names_that_fold_to_type_words_stay_people() -> None:
    for cn in ("Quan Văn Hải", "Xa Thị Mai", "Huyền Trang", "Phương Anh"):
        assert not names_a_unit(cn)
        holder = read_holder(f"CN={cn},OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN")
        assert holder.kind == "person", cn
