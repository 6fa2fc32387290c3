"""L written as "<district>, <province>" with the district by its name alone (issue 15 item
1, "every proposed attribute"): "L=Vũ Thư, Thái Bình" names Huyện Vũ Thư, which ended on
1 July 2025. It was read as the province alone, so the proposal kept the abolished district
("L=Vũ Thư, Hưng Yên"), the commune named elsewhere was not narrowed by it ("xã Minh Khai"
of Vũ Thư, not of Hưng Hà), and "Hồ Chí Minh" at the end of such an L ("Nhà Bè, Hồ Chí
Minh") was taken for the President's name, leaving no province at all.

Expected values from the maintained packages (tests.support.admin_packages): Xã Minh Khai
(Vũ Thư) -> Xã Vũ Thư (Hưng Yên), Xã Thành Sơn (Bá Thước) -> Xã Pù Luông (Thanh Hóa), Xã
Phước Lộc (Nhà Bè) -> Xã Nhà Bè (Hồ Chí Minh), Xã Vũ Hội (Vũ Thư) -> Xã Thư Vũ."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from tests.support.admin_packages import package_successor


@pytest.mark.parametrize(
    "subject",
    [
        "CN=Nguyễn Văn An,L=Vũ Thư\\, Thái Bình,C=VN",
        "CN=Nguyễn Văn An,L=Vu Thu\\, Thai Binh,C=VN",
        "CN=Nguyễn Văn An,L=Vũ Thư - Thái Bình,C=VN",
        "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Vũ Thư\\, Thái Bình,C=VN",
        "CN=Nguyễn Văn An,OU=UBND xã Vũ Hội,L=Vũ Thư\\, Thái Bình,C=VN",
    ],
)
def test_the_abolished_district_is_not_kept_in_l(subject: str) -> None:
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert result.district_old == "Huyện Vũ Thư"
    assert result.province_new == "Hưng Yên"
    assert result.proposed["L"].upper() == "HƯNG YÊN"


@pytest.mark.parametrize(
    ("subject", "old_key"),
    [
        (
            "CN=Nguyễn Văn An,OU=UBND xã Minh Khai,L=Vũ Thư\\, Thái Bình,C=VN",
            "tinhthaibinh_huyenvuthu_xaminhkhai",
        ),
        (
            "CN=Nguyễn Văn An,OU=UBND xã Thành Sơn,L=Bá Thước\\, Thanh Hóa,C=VN",
            "tinhthanhhoa_huyenbathuoc_xathanhson",
        ),
        (
            "CN=Nguyễn Văn An,OU=UBND xã Phước Lộc,L=Nhà Bè\\, Hồ Chí Minh,C=VN",
            "thanhphohochiminh_huyennhabe_xaphuocloc",
        ),
    ],
)
def test_the_district_in_l_tells_which_commune(subject: str, old_key: str) -> None:
    province, commune = package_successor(old_key)
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert result.province_new == province
    assert result.commune_new == [commune]
    assert result.pick_unit is None
    assert result.proposed["OU"] == "UBND " + commune[0].lower() + commune[1:]
    assert result.proposed["L"] == province


@pytest.mark.parametrize(
    "subject",
    [
        "CN=Nguyễn Văn An,L=Bến Nghé\\, Hồ Chí Minh,C=VN",
        "CN=Nguyễn Văn An,L=Quận 1\\, Hồ Chí Minh,C=VN",
        "CN=Nguyễn Văn An,ST=Tp Hồ Chí Minh,C=VN",
    ],
)
def test_ho_chi_minh_at_the_end_of_a_place_value_is_the_city(subject: str) -> None:
    assert check_subject(subject).province_old == "Hồ Chí Minh"


def test_a_body_named_after_the_president_is_still_not_the_city() -> None:
    result = check_subject("CN=Đoàn TNCS Hồ Chí Minh,O=Trường Đại học Vinh,ST=Nghệ An,C=VN")
    assert result.province_old == "Nghệ An"


@pytest.mark.parametrize(
    ("subject", "key", "province", "proposed"),
    [
        # The country written after the province hid it: the verdict was unknown.
        ("CN=Nguyễn Văn An,L=Hà Nội\\, Việt Nam,C=VN", "L", "Hà Nội", None),
        ("CN=Nguyễn Văn An,ST=Thái Bình\\, Việt Nam,C=VN", "ST", "Thái Bình", "Hưng Yên, Việt Nam"),
        ("CN=Nguyễn Văn An,L=Thai Binh - Vietnam,C=VN", "L", "Thái Bình", "Hưng Yên - Vietnam"),
        ("CN=Nguyễn Văn An,L=Vũ Thư\\, Thái Bình\\, VN,C=VN", "L", "Thái Bình", "Hưng Yên, VN"),
    ],
)
def test_the_province_before_the_country_is_read(
    subject: str, key: str, province: str, proposed: str | None
) -> None:
    result = check_subject(subject)
    assert result.province_old == province
    assert result.proposed.get(key) == proposed
