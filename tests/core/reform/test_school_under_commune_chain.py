"""A commune's school written the way CAs chain it, "CN=Trường … , OU=UBND xã …, O=UBND
huyện …" (issue 15 items 1-2, "every proposed attribute"):

- a name starting with a word that folds to a type word but is spelt otherwise ("Phượng
  Nghi", "Phương Canh", "Xá Nhè", "Huyền Tụng") was read as "phường Nghi", "xã Nhè",
  "huyện Tụng": the school's own name became the commune, the OU naming the old commune
  was left as it was and O became a second "UBND xã <new>";
- likewise a name starting with an unmarked "Quan" among marked words ("Quan Hồ Thẩn",
  "Quan Lạn") was read as "quận …": the verdict was unknown, "không có … (có ở: )";
- with the commune typed in the school's name ("Trường Tiểu học xã Vũ Hội") the OU was
  renamed and O too became "UBND xã Thư Vũ": the commune's People's Committee twice, where
  it is O's turn to name the province's (the commune now reports to the province).

Expected values from the maintained packages (tests.support.admin_packages): Xã Phượng
Nghi (Như Thanh, Thanh Hóa) -> Xã Xuân Du; Phường Phương Canh (Nam Từ Liêm, Hà Nội) ->
Phường Xuân Phương; Xã Vũ Hội (Vũ Thư, Thái Bình) -> Xã Thư Vũ (Hưng Yên)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from kyso.core.subjects.admin_units import load
from kyso.core.subjects.places import scan
from tests.support.admin_packages import package_successor


@pytest.mark.parametrize(
    ("subject", "old_key", "province_body"),
    [
        (
            "CN=Trường Mầm non Phượng Nghi,OU=UBND xã Phượng Nghi,O=UBND huyện Như Thanh,"
            "ST=Thanh Hóa,C=VN",
            "tinhthanhhoa_huyennhuthanh_xaphuongnghi",
            "UBND tỉnh Thanh Hóa",
        ),
        (
            "CN=Trường Mầm non Phương Canh,OU=UBND phường Phương Canh,O=UBND quận Nam Từ Liêm,"
            "ST=Hà Nội,C=VN",
            "thanhphohanoi_quannamtuliem_phuongphuongcanh",
            "UBND thành phố Hà Nội",
        ),
        (
            "CN=Trường Mầm non Quan Hồ Thẩn,OU=UBND xã Quan Hồ Thẩn,O=UBND huyện Si Ma Cai,"
            "ST=Lào Cai,C=VN",
            "tinhlaocai_huyensimacai_xaquanhothan",
            "UBND tỉnh Lào Cai",
        ),
        (
            "CN=Trường Tiểu học xã Vũ Hội,OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN",
            "tinhthaibinh_huyenvuthu_xavuhoi",
            "UBND tỉnh Hưng Yên",
        ),
        (
            "CN=Trường Mầm non Vũ Hội,OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN",
            "tinhthaibinh_huyenvuthu_xavuhoi",
            "UBND tỉnh Hưng Yên",
        ),
    ],
)
def test_the_ou_names_the_new_commune_and_o_the_province(
    subject: str, old_key: str, province_body: str
) -> None:
    province, commune = package_successor(old_key)
    result = check_subject(subject)
    assert result.province_new == province
    assert result.commune_new == [commune]
    assert result.proposed["OU"] == "UBND " + commune[0].lower() + commune[1:]
    assert result.proposed["O"] == province_body
    assert "CN" not in result.proposed  # the school's name is its own


@pytest.mark.parametrize(
    "text",
    [
        "Trường Mầm non Phượng Nghi",
        "Trường Tiểu học Xá Nhè",
        "Trường THCS Huyền Tụng",
        # Unmarked beside marked words: a name ("Quan Lạn"), not "quận Lạn".
        "Trường Mầm non Quan Hồ Thẩn",
        "Trường THCS Quan Lạn",
    ],
)
def test_a_name_spelt_otherwise_is_not_a_type_word(text: str) -> None:
    assert scan(text, load()) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("UBND XÃ VŨ HỘI", "XÃ VŨ HỘI"),
        ("UBND Phuong Phuong Canh", "Phuong Phuong Canh"),
        ("Huyện Uỷ Vũ Thư", "Huyện Uỷ Vũ Thư"),
        ("UBND TP. Hà Tĩnh", "TP. Hà Tĩnh"),
        ("UBND QUAN 3", "QUAN 3"),
        ("UBND xa Vu Hoi", "xa Vu Hoi"),
    ],
)
def test_a_type_word_as_written_is_still_read(text: str, written: str) -> None:
    assert [m.written for m in scan(text, load())] == [written]
