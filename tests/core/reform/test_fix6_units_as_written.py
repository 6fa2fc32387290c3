"""Units named as old certificates name them (review session 6, defects 1-3, and the lead's
"Việt Hùng" case): a district by its type before its upgrade, a commune merged before 2025,
a ward numbered the other way, a commune spelt with its own diacritics in a merged province.

The right answers come from the data packages read directly (``vietnamadminunits``' legacy
parser and converter, ``vietnam-provinces`` through :func:`package_successor`), never from
Kyso's table.
"""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from tests.support.admin_packages import package_successor, verdict


def _legacy(address: str) -> tuple[str | None, str | None, str | None]:
    from vietnamadminunits import ParseMode, parse_address

    unit = parse_address(address, mode=ParseMode.LEGACY, level=3)
    return unit.province, unit.district, unit.ward


# -- the lead's case: exact diacritics in the new province beat a folded match ------------
@pytest.mark.parametrize(
    "subject",
    [
        "OU=UBND xã Việt Hùng,L=Vũ Thư,ST=Hưng Yên,C=VN",
        "CN=UBND xã Việt Hùng,L=Hưng Yên,C=VN",
        "CN=UBND XÃ VIỆT HÙNG,L=HƯNG YÊN,C=VN",  # ALL CAPS keeps its marks
    ],
)
def test_commune_spelt_as_written_in_the_new_province_beats_a_folded_one(subject: str) -> None:
    # "Xã Việt Hưng" (Huyện Văn Lâm, old Hưng Yên) only folds like "Việt Hùng"; Xã Việt Hùng
    # (Huyện Vũ Thư, old Thái Bình) is spelt so and lies in the new Hưng Yên.
    assert _legacy("xã Việt Hùng, Vũ Thư, Thái Bình")[1:] == ("Huyện Vũ Thư", "Xã Việt Hùng")
    province, new = package_successor("tinhthaibinh_huyenvuthu_xaviethung")
    assert province == "Hưng Yên"
    got = verdict(subject)
    assert got["status"] == "needs_change", got
    assert got["commune"] == {"old": "Xã Việt Hùng", "new": [new]}
    assert any("Huyện Vũ Thư" in reason for reason in got["reasons"]), got["reasons"]


def test_ascii_folded_name_still_takes_the_folded_match_in_its_province() -> None:
    # Written without any diacritics: "Viet Hung" can be either; the province written (old
    # Hưng Yên) has Xã Việt Hưng, so the folded match stands, as before.
    _, new = package_successor("tinhhungyen_huyenvanlam_xaviethung")
    got = verdict("CN=UBND xa Viet Hung,L=Hung Yen,C=VN")
    assert got["commune"] == {"old": "Xã Việt Hưng", "new": [new]}


def test_folded_match_stands_when_nothing_is_spelt_as_written() -> None:
    # "Việt Hừng" names no commune anywhere in the new Hưng Yên: the folded match is kept
    # rather than nothing.
    got = verdict("CN=UBND xã Việt Hừng,L=Hưng Yên,C=VN")
    assert got["commune"] is not None and got["commune"]["old"] == "Xã Việt Hưng"


def test_named_district_keeps_the_commune_in_it() -> None:
    # The district written picks the commune: no search in the other merged province.
    _, new = package_successor("tinhhungyen_huyenvanlam_xaviethung")
    got = verdict("CN=UBND xã Việt Hùng,O=UBND huyện Văn Lâm,L=Hưng Yên,C=VN")
    assert got["commune"] == {"old": "Xã Việt Hưng", "new": [new]}


# -- defect 1: the reason names the upgrade ----------------------------------------------
def test_district_by_its_former_type_says_so() -> None:
    assert _legacy("huyện Thủy Nguyên, Hải Phòng")[1] == "Thành phố Thủy Nguyên"
    got = verdict("CN=Nguyễn Văn A,O=UBND huyện Thủy Nguyên,L=Hải Phòng,C=VN")
    assert got["status"] == "unit_abolished"
    assert got["district"]["old"] == "Thành phố Thủy Nguyên"
    assert any("trước khi nâng cấp" in r for r in got["reasons"]), got["reasons"]


def test_district_of_the_written_type_is_still_preferred() -> None:
    # Kỳ Anh is both a huyện and a thị xã of Hà Tĩnh: each is read as written.
    assert verdict("CN=UBND huyện Kỳ Anh,L=Hà Tĩnh,C=VN")["district"]["old"] == "Huyện Kỳ Anh"
    assert verdict("CN=UBND thị xã Kỳ Anh,L=Hà Tĩnh,C=VN")["district"]["old"] == "Thị xã Kỳ Anh"


# -- defect 2: the reason says the commune had been merged --------------------------------
def test_merged_commune_reason_names_the_commune_it_joined() -> None:
    assert _legacy("phường Lê Lợi, thị xã Sơn Tây, Hà Nội")[2] == "Phường Ngô Quyền"
    got = check_subject("CN=UBND phường Lê Lợi,O=UBND thị xã Sơn Tây,L=Hà Nội,C=VN")
    merged = [r for r in got.reasons if "sáp nhập vào Phường Ngô Quyền" in r.vi]
    assert [r.vi for r in merged] == [
        "“phường Lê Lợi” đã được sáp nhập vào Phường Ngô Quyền (Thị xã Sơn Tây) trước năm 2025."
    ]
    assert merged[0].en == (
        "“phường Lê Lợi” had been merged into Phường Ngô Quyền (Thị xã Sơn Tây) before 2025."
    )


def test_a_real_commune_of_the_name_beats_an_alias() -> None:
    # "Phường Quang Trung" still exists in Quận Đống Đa: named with its district it is that
    # ward, never the Sơn Tây ward that absorbed another Quang Trung.
    got = verdict("CN=UBND phường Quang Trung,O=UBND quận Đống Đa,L=Hà Nội,C=VN")
    assert got["commune"]["old"] == "Phường Quang Trung"
    assert not any("sáp nhập vào" in r for r in got["reasons"])


# -- defect 3: Roman and Arabic ward numbers ---------------------------------------------
def test_roman_number_of_an_arabic_numbered_ward() -> None:
    # The other way round: "Phường XII" of a district numbering in Arabic (Quận 3, HCM).
    assert _legacy("Phường 12, Quận 3, Hồ Chí Minh")[2] == "Phường 12"
    _, new = package_successor("thanhphohochiminh_quan3_phuong12")
    got = verdict("CN=UBND Phường XII,O=UBND Quận 3,L=Hồ Chí Minh,C=VN")
    assert got["status"] == "needs_change", got
    assert got["commune"] == {"old": "Phường 12", "new": [new]}


@pytest.mark.parametrize(
    "subject",
    [
        "CN=UBND phường Trần Hưng Đạo,O=UBND thành phố Phủ Lý,L=Hà Nam,C=VN",
        # No district: the old name of a ward of the province written (Hà Nam) is not
        # traded for Nam Định's own Phường Trần Hưng Đạo (both now in Ninh Bình).
        "CN=UBND phường Trần Hưng Đạo,L=Hà Nam,C=VN",
    ],
)
def test_old_name_in_the_province_written_beats_the_name_in_another_merged_province(
    subject: str,
) -> None:
    read = _legacy("phường Trần Hưng Đạo, thành phố Phủ Lý, Hà Nam")
    assert read[1:] == ("Thành phố Phủ Lý", "Phường Châu Cầu"), read
    _, new = package_successor("tinhhanam_thanhphophuly_phuongchaucau")
    got = verdict(subject)
    assert got["commune"] == {"old": "Phường Châu Cầu", "new": [new]}
    assert got["proposed"]["CN"] == f"UBND {new[:1].lower()}{new[1:]}"


# -- a district merged into another before 2025 (the data set's districtAlias) ------------
@pytest.mark.parametrize(
    ("subject", "address", "absorbed_by"),
    [
        # Kyso said "current": the district was not read at all.
        (
            "CN=UBND huyện Hoành Bồ,L=Quảng Ninh,C=VN",
            "huyện Hoành Bồ, Quảng Ninh",
            "Thành phố Hạ Long",
        ),
        ("CN=UBND Quận 2,L=Hồ Chí Minh,C=VN", "Quận 2, Hồ Chí Minh", "Thành phố Thủ Đức"),
        ("CN=UBND thị xã Cửa Lò,L=Nghệ An,C=VN", "thị xã Cửa Lò, Nghệ An", "Thành phố Vinh"),
        # Kyso said unknown ("no huyện Kỳ Sơn in Hòa Bình; found in Nghệ An").
        ("CN=UBND huyện Kỳ Sơn,L=Hòa Bình,C=VN", "huyện Kỳ Sơn, Hòa Bình", "Thành phố Hòa Bình"),
    ],
)
def test_district_merged_before_2025_is_abolished(
    subject: str, address: str, absorbed_by: str
) -> None:
    assert _legacy(address)[1] == absorbed_by
    got = check_subject(subject)
    assert got.status == "unit_abolished", got.to_json()
    assert any(absorbed_by in r.vi and "giải thể trước 2025" in r.vi for r in got.reasons)


def test_real_district_of_the_name_in_its_own_province() -> None:
    # Nghệ An's Huyện Kỳ Sơn still existed until 2025: read as itself.
    assert _legacy("huyện Kỳ Sơn, Nghệ An")[1] == "Huyện Kỳ Sơn"
    got = check_subject("CN=UBND huyện Kỳ Sơn,L=Nghệ An,C=VN")
    assert got.status == "unit_abolished"
    assert not any("giải thể trước 2025" in r.vi for r in got.reasons)


# -- the new province's name with a district of a province merged into it ----------------
def test_district_of_a_merged_province_under_the_new_provinces_name() -> None:
    # Kyso said unknown: "No huyện Vũ Thư in Tỉnh Hưng Yên (found in: Thái Bình)" — but
    # Thái Bình is in Hưng Yên since 1/7/2025 (domain.md §1), so "L=Hưng Yên" is right.
    assert _legacy("xã Việt Hùng, huyện Vũ Thư, Thái Bình")[2] == "Xã Việt Hùng"
    _, new = package_successor("tinhthaibinh_huyenvuthu_xaviethung")
    got = verdict("CN=UBND xã Việt Hùng,O=UBND huyện Vũ Thư,L=Hưng Yên,C=VN")
    assert got["status"] == "needs_change", got
    assert got["district"] == {"old": "Huyện Vũ Thư"}
    assert got["commune"] == {"old": "Xã Việt Hùng", "new": [new]}
    assert got["proposed"] == {"CN": f"UBND {new[:1].lower()}{new[1:]}", "O": "UBND tỉnh Hưng Yên"}
    person = verdict("CN=Nguyễn Văn A,O=UBND huyện Vũ Thư,L=Hưng Yên,C=VN")
    assert person["status"] == "unit_abolished", person


def test_district_named_under_an_old_province_name_is_not_searched_elsewhere() -> None:
    # "L=Thái Bình" (an old name) with a district of old Hưng Yên: the two disagree; the
    # check does not guess (as before).
    got = verdict("CN=Nguyễn Văn A,O=UBND huyện Văn Lâm,L=Thái Bình,C=VN")
    assert got["status"] == "unknown", got


@pytest.mark.parametrize(
    "subject",
    [
        "CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Thái Bình,C=VN",
        "CN=Nguyễn Văn A,OU=UBND xã Vũ Hội,L=Vũ Thư,ST=Thái Bình,C=VN",
        "CN=UBND Thị trấn Vũ Thư,L=Vũ Thư,ST=Thái Bình,C=VN",
    ],
)
def test_district_by_its_name_alone_is_no_name_before_an_upgrade(subject: str) -> None:
    """L naming a district by its name alone ("L=Vũ Thư", a huyện never upgraded) is read
    as the district, and nothing says it was written "with its type before its upgrade":
    it was written with no type at all."""
    got = check_subject(subject)
    assert got.district_old == "Huyện Vũ Thư"
    assert not any("nâng cấp" in r.vi or "upgrade" in r.en for r in got.reasons)


def test_where_to_file_names_any_merged_province_only_for_a_merged_one() -> None:
    """Item 3 of 393/BCY-CTSBMTT ("the focal point of any of the merged provinces") is for
    merged provinces; Hà Nội did not merge: its own focal point, said plainly."""
    ha_noi = check_subject("CN=Lê Thị C,O=UBND thị xã Sơn Tây,L=Hà Nội,C=VN")
    said = [r.vi for r in ha_noi.reasons if r.vi.startswith("Nộp tại")]
    assert said == ["Nộp tại đầu mối được ủy quyền của Thành phố Hà Nội (mục 2 Công văn "
                    "393/BCY-CTSBMTT)."]
    assert ha_noi.file_at == ["Hà Nội"]
    merged = check_subject("CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN")
    said = [r.vi for r in merged.reasons if r.vi.startswith("Nộp tại")]
    assert said and "bất kỳ tỉnh nào đã hợp nhất thành Tỉnh Hưng Yên: Hưng Yên, Thái Bình" in (
        said[0]
    )
