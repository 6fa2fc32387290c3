"""A body named after a place with a word that folds to "co" (issue 15 item 2: body kinds):
"Cổ Loa", "Cờ Đỏ", "Cò Nòi", "Co Mạ", or the word "cơ" ("Công đoàn cơ sở") made "Công an
…"/"Công đoàn …" an enterprise — "co" was read as the abbreviation of "Company" ("Co.,
Ltd") — so the police of an old commune kept its name ("check with the unit") and the
district police's OU was kept. Only "Co." / "Co.," / "Co Ltd" written so is a company's.

Expected values from the maintained packages (tests.support.admin_packages): Xã Cổ Loa
(Đông Anh, Hà Nội) -> Xã Đông Anh; Thị trấn Cờ Đỏ (Cần Thơ) -> Xã Cờ Đỏ; Xã Cò Nòi (Mai
Sơn, Sơn La) -> Xã Mai Sơn; Xã Co Mạ (Thuận Châu, Sơn La) -> Xã Co Mạ."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from kyso.core.subjects import bodies
from tests.support.admin_packages import package_successor


@pytest.mark.parametrize(
    ("subject", "old_key"),
    [
        (
            "CN=Công an xã Cổ Loa,OU=Công an huyện Đông Anh,O=Công an thành phố Hà Nội,C=VN",
            "thanhphohanoi_huyendonganh_xacoloa",
        ),
        (
            "CN=Công an thị trấn Cờ Đỏ,OU=Công an huyện Cờ Đỏ,O=Công an thành phố Cần Thơ,C=VN",
            "thanhphocantho_huyencodo_thitrancodo",
        ),
        (
            "CN=Công an xã Cò Nòi,OU=Công an huyện Mai Sơn,O=Công an tỉnh Sơn La,C=VN",
            "tinhsonla_huyenmaison_xaconoi",
        ),
        (
            "CN=CONG AN XA CO NOI,OU=CONG AN HUYEN MAI SON,O=CONG AN TINH SON LA,C=VN",
            "tinhsonla_huyenmaison_xaconoi",
        ),
    ],
)
def test_a_communes_police_is_renamed_and_the_district_police_dropped(
    subject: str, old_key: str
) -> None:
    province, commune = package_successor(old_key)
    result = check_subject(subject)
    assert result.body_kind == "police"
    assert result.status == "needs_change"
    assert result.kept_names == []
    assert result.province_new == province and result.commune_new == [commune]
    assert result.proposed["CN"].upper() == ("Công an " + commune.split(" ", 1)[1]).upper() or (
        result.proposed["CN"].upper() == ("Công an xã " + commune.split(" ", 1)[1]).upper()
    )
    assert result.proposed["OU"] == ""  # the district police ended with the district


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Công an xã Co Mạ", bodies.POLICE),
        ("Công an huyện Cờ Đỏ", bodies.POLICE),
        ("Công đoàn cơ sở UBND xã Vũ Hội", bodies.FRONT),
        ("Công ty ABC Co., Ltd", bodies.ENTERPRISE),
        ("CONG TY ABC CO.,LTD", bodies.ENTERPRISE),
        ("Công ty Cổ phần Cờ Đỏ", bodies.ENTERPRISE),
        ("Cong ty TNHH Co Do", bodies.ENTERPRISE),
    ],
)
def test_the_kind_of_a_name_with_co(name: str, kind: str) -> None:
    assert bodies.body_kind(name) == kind
