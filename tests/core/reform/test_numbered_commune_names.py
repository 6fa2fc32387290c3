"""A commune whose name ends in a number, written the other way (issue 15 item 1, subjects
as CAs typed them): the table spells Xã An Thạnh 1 with an Arabic number, Xã Tam Xuân I
with a Roman one, and certificates may say "xã An Thạnh I" or "xã Tam Xuân 1".

"xã An Thạnh I" was read as "xã An Thạnh" — the new commune of that name — so its CN was
left as it was ("là đơn vị cấp xã theo mô hình mới") while it names a commune that no longer
exists. (A number the table knows in neither spelling, "xã An Thạnh 4", is still read as
the name before it: left as it was, see the session note.)

Expected values from the maintained packages (tests.support.admin_packages)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from kyso.core.subjects.admin_units import load
from kyso.core.subjects.places import scan
from tests.support.admin_packages import package_successor

CASES = [
    # (subject, the old commune's package key, its name in the table)
    (
        "CN=UBND xã An Thạnh I,O=UBND huyện Cù Lao Dung,ST=Sóc Trăng,C=VN",
        "tinhsoctrang_huyenculaodung_xaanthanh1",
        "Xã An Thạnh 1",
    ),
    (
        "CN=UBND XÃ AN THẠNH III,O=UBND HUYỆN CÙ LAO DUNG,ST=SÓC TRĂNG,C=VN",
        "tinhsoctrang_huyenculaodung_xaanthanh3",
        "Xã An Thạnh 3",
    ),
    (
        "CN=UBND xã Cây Trường 2,O=UBND huyện Bàu Bàng,ST=Bình Dương,C=VN",
        "tinhbinhduong_huyenbaubang_xacaytruongii",
        "Xã Cây Trường II",
    ),
    (
        "CN=Nguyễn Văn A,OU=UBND xã Tân Lập I,O=UBND huyện Tân Phước,L=Tiền Giang,C=VN",
        "tinhtiengiang_huyentanphuoc_xatanlap1",
        "Xã Tân Lập 1",
    ),
]


@pytest.mark.parametrize(("subject", "old_key", "table_name"), CASES)
def test_the_number_written_the_other_way_is_the_same_commune(
    subject: str, old_key: str, table_name: str
) -> None:
    province, new_commune = package_successor(old_key)
    result = check_subject(subject)
    assert result.status == "needs_change", result.reasons
    assert result.commune_old == table_name
    assert result.commune_new == [new_commune]
    assert result.province_new == province
    key = "OU" if "OU=" in subject else "CN"
    short = new_commune.split(" ", 1)[1]
    assert result.proposed[key].lower() == f"ubnd xã {short}".lower()
    assert not any("theo mô hình mới" in r.vi for r in result.reasons)


def test_names_that_end_in_a_number_still_read_as_written() -> None:
    units = load()
    for text, written in [
        ("UBND xã Đường 10", "xã Đường 10"),
        ("UBND phường Mỹ Đình 1", "phường Mỹ Đình 1"),
        ("UBND xã Tam Xuân I", "xã Tam Xuân I"),
        ("UBND Phường 1 Quận 3", "Phường 1"),
        ("UBND phường IV, quận 3", "phường IV"),
    ]:
        assert scan(text, units)[0].written == written
