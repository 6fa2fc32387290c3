"""L naming a district by its name alone when that name is also a province's (issue 15
item 1, "every proposed attribute"): five districts of the old structure are named like a
province of another region — Huyện Quảng Ninh (Quảng Bình), Huyện Hòa Bình (Bạc Liêu),
Huyện Quang Bình (Hà Giang), Huyện Phù Yên (Sơn La), Huyện Thạnh Hóa (Long An), per both
maintained packages. "L=Quảng Ninh, ST=Quảng Bình" is the district of the province ST names;
read as Tỉnh Quảng Ninh it made the verdict "current" (Quảng Bình merged into Quảng Trị
unseen) and "L=Phù Yên, ST=Sơn La" proposed L = "Đắk Lắk" (Phú Yên's new province): a
wrong change request to the CA.

Expected values from the packages (tests.support.admin_packages.package_successor):
Xã Gia Ninh is not used (split); Thị trấn Quán Hàu -> Xã Quảng Ninh (Quảng Trị), Xã Minh
Diệu -> Xã Vĩnh Mỹ (Cà Mau), Xã Tân Nam -> Xã Quang Bình (Tuyên Quang), Xã Tân Hiệp -> Xã
Bình Thành (Tây Ninh), Xã Mường Thải -> Xã Mường Cơi (Sơn La)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from tests.support.admin_packages import package_successor


@pytest.mark.parametrize(
    ("subject", "old", "new", "district"),
    [
        (
            "CN=Nguyễn Văn An,L=Quảng Ninh,ST=Quảng Bình,C=VN",
            "Quảng Bình",
            "Quảng Trị",
            "Huyện Quảng Ninh",
        ),
        (
            "CN=Nguyễn Văn An,ST=Quảng Bình,L=Quảng Ninh,C=VN",
            "Quảng Bình",
            "Quảng Trị",
            "Huyện Quảng Ninh",
        ),
        ("CN=Nguyễn Văn An,L=Hòa Bình,ST=Bạc Liêu,C=VN", "Bạc Liêu", "Cà Mau", "Huyện Hòa Bình"),
        (
            "CN=Nguyễn Văn An,L=Quang Bình,ST=Hà Giang,C=VN",
            "Hà Giang",
            "Tuyên Quang",
            "Huyện Quang Bình",
        ),
        (
            "CN=NGUYEN VAN AN,L=QUANG BINH,ST=HA GIANG,C=VN",
            "Hà Giang",
            "Tuyên Quang",
            "Huyện Quang Bình",
        ),
        ("CN=Nguyễn Văn An,L=Thạnh Hóa,ST=Long An,C=VN", "Long An", "Tây Ninh", "Huyện Thạnh Hóa"),
    ],
)
def test_a_persons_locality_is_the_district_of_the_province_st_names(
    subject: str, old: str, new: str, district: str
) -> None:
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert (result.province_old, result.province_new) == (old, new)
    assert result.district_old == district
    # The district is gone and ST names the merged province: both name the new one.
    assert result.proposed["ST"].upper() == new.upper()
    assert result.proposed["L"].upper() == new.upper()


def test_a_locality_in_a_province_that_was_not_merged_is_not_another_province() -> None:
    # "Phù Yên" (Sơn La, a district, now also Xã Phù Yên) is not Tỉnh Phú Yên: L is never
    # proposed as Phú Yên's new province.
    result = check_subject("CN=Nguyễn Văn An,L=Phù Yên,ST=Sơn La,C=VN")
    assert (result.province_old, result.province_new) == ("Sơn La", "Sơn La")
    assert "Đắk Lắk" not in result.proposed.values()


@pytest.mark.parametrize(
    ("subject", "old_key", "key"),
    [
        (
            "CN=UBND thị trấn Quán Hàu,O=UBND huyện Quảng Ninh,L=Quảng Ninh,ST=Quảng Bình,C=VN",
            "tinhquangbinh_huyenquangninh_thitranquanhau",
            "CN",
        ),
        (
            "CN=Nguyễn Văn An,OU=UBND thị trấn Quán Hàu,L=Quảng Ninh,ST=Quảng Bình,C=VN",
            "tinhquangbinh_huyenquangninh_thitranquanhau",
            "OU",
        ),
        (
            "CN=UBND xã Minh Diệu,O=UBND huyện Hòa Bình,L=Hòa Bình,ST=Bạc Liêu,C=VN",
            "tinhbaclieu_huyenhoabinh_xaminhdieu",
            "CN",
        ),
        (
            "CN=UBND xã Tân Nam,O=UBND huyện Quang Bình,ST=Tỉnh Hà Giang,L=Quang Bình,C=VN",
            "tinhhagiang_huyenquangbinh_xatannam",
            "CN",
        ),
        (
            "CN=UBND xã Tân Hiệp,O=UBND huyện Thạnh Hóa,L=Thạnh Hóa,ST=Long An,C=VN",
            "tinhlongan_huyenthanhhoa_xatanhiep",
            "CN",
        ),
        (
            "CN=UBND xã Mường Thải,O=UBND huyện Phù Yên,L=Phù Yên,ST=Sơn La,C=VN",
            "tinhsonla_huyenphuyen_xamuongthai",
            "CN",
        ),
    ],
)
def test_the_commune_of_that_district_is_proposed(subject: str, old_key: str, key: str) -> None:
    province, commune = package_successor(old_key)
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert result.province_new == province
    assert result.commune_new == [commune]
    assert result.proposed[key] == "UBND " + commune[0].lower() + commune[1:]
    if result.province_old != province:
        assert result.proposed["ST"] == province


@pytest.mark.parametrize(
    ("subject", "province"),
    [
        ("CN=Nguyễn Văn An,L=Quảng Ninh,ST=Quảng Ninh,C=VN", "Quảng Ninh"),
        ("CN=Nguyễn Văn An,L=Thanh Hóa,C=VN", "Thanh Hóa"),
        ("CN=Nguyễn Văn An,L=Hòa Bình,C=VN", "Hòa Bình"),
    ],
)
def test_a_province_named_alone_is_still_the_province(subject: str, province: str) -> None:
    assert check_subject(subject).province_old == province


@pytest.mark.parametrize(
    ("subject", "province"),
    [
        ("CN=Nguyễn Văn An,ST=Đắc Lắc,C=VN", "Đắk Lắk"),
        ("CN=Nguyễn Văn An,L=Đắc Lắc,C=VN", "Đắk Lắk"),
        ("CN=Nguyễn Văn An,ST=Dak Lak,C=VN", "Đắk Lắk"),
        ("CN=UBND tỉnh Đắc Nông,ST=Đắc Nông,C=VN", "Đắk Nông"),
    ],
)
def test_another_spelling_of_a_province_is_still_the_province(subject: str, province: str) -> None:
    assert check_subject(subject).province_old == province


def test_a_district_spelt_alone_in_l_is_not_the_province_it_folds_to() -> None:
    assert check_subject("CN=Nguyễn Văn An,L=Phù Yên,C=VN").province_old != "Phú Yên"


@pytest.mark.parametrize(
    ("subject", "district", "new"),
    [
        # A tỉnh's "thành phố" of its own name is the district-level city, gone since 1 July
        # 2025 (Thành phố Hà Tĩnh's area went to Phường Thành Sen, Trần Phú, Hà Huy Tập…).
        ("CN=Nguyễn Văn An,L=TP Hà Tĩnh,ST=Hà Tĩnh,C=VN", "Thành phố Hà Tĩnh", "Hà Tĩnh"),
        ("CN=Nguyễn Văn An,L=Thành phố Hà Tĩnh,C=VN", "Thành phố Hà Tĩnh", "Hà Tĩnh"),
        (
            "CN=Nguyễn Văn An,L=Thành phố Thái Bình,ST=Thái Bình,C=VN",
            "Thành phố Thái Bình",
            "Hưng Yên",
        ),
    ],
)
def test_a_provinces_own_city_in_l_is_the_district_level_city(
    subject: str, district: str, new: str
) -> None:
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert result.district_old == district
    assert result.proposed["L"] == new


@pytest.mark.parametrize(
    ("subject", "province"),
    [
        ("CN=Nguyễn Văn An,L=TP Hồ Chí Minh,C=VN", "Hồ Chí Minh"),
        ("CN=Nguyễn Văn An,L=Thành phố Hà Nội,C=VN", "Hà Nội"),
        ("CN=Nguyễn Văn An,L=TP Huế,C=VN", "Huế"),
        ("CN=Nguyễn Văn An,L=TP. Cần Thơ,C=VN", "Cần Thơ"),
    ],
)
def test_a_centrally_run_city_in_l_is_the_province(subject: str, province: str) -> None:
    result = check_subject(subject)
    assert result.province_old == province and result.district_old is None
