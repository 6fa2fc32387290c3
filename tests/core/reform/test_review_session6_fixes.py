"""Fixes after review session 6: a commune not found under an abolished district, and a
district's bare name in L.

Sources: the table's own data (the new communes of Huyện Vũ Thư, Huyện Kim Động), domain.md
§1 (districts ended on 1/7/2025; Thái Bình merged into Hưng Yên) and §3 (L=<province>).
"""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject, propose_unit
from kyso.core.subjects.admin_units import load

# The new communes that took Huyện Vũ Thư over (the table's own data).
VU_THU = [c.name for c in load().districts_by_key("huyen", "vuthu")[0].successors]


def _j(dn: str) -> dict:
    return check_subject(dn).to_json()


def _says(got: dict, *words: str) -> bool:
    return any(all(w in r for w in words) for r in got["reasons"])


# -- 15. The commune after "UBND xã/phường" is not found ---------------------------------
@pytest.mark.parametrize(
    "subject",
    [
        # A typo of "xã Vũ Hội" and a name no commune has, each under the district's UBND.
        "CN=UBND xã Vũ Hộii,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
        "CN=UBND xã Abcxyz,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
        "CN=UBND X.Abcxyz,O=UBND H.Vũ Thư,L=Thái Bình,C=VN",
        "CN=UBND xã Vũ Hộii - huyện Vũ Thư,L=Thái Bình,C=VN",
        "CN=UBND PHƯỜNG ABCXYZ,O=UBND HUYỆN VŨ THƯ,L=THÁI BÌNH,C=VN",
        "CN=Đảng ủy xã Vũ Hộii,O=Huyện ủy Vũ Thư,L=Thái Bình,C=VN",
        "CN=UBND thị trấn Abcxyz,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
        # A person of that commune: not "a person of an abolished district body" either.
        "CN=Nguyễn Văn A,OU=UBND xã Vũ Hộii,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
        "CN=Nguyễn Văn A,OU=Văn phòng,OU=UBND xã Abcxyz,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
    ],
)
def test_commune_not_found_is_not_taken_for_the_abolished_district(subject: str) -> None:
    # The holder's own unit is the commune, which the data does not have (a misread, a typo,
    # an unknown name): never "unit abolished", never a revocation. The clerk is told the
    # commune was not found and shown the district's new communes to pick from.
    got = _j(subject)
    assert got["status"] == "unknown", got
    assert not _says(got, "Mẫu 05"), got["reasons"]  # the revocation form
    assert _says(got, "Không tìm thấy"), got["reasons"]
    assert _says(got, *VU_THU), got["reasons"]
    assert got["province"] == {"old": "Thái Bình", "new": "Hưng Yên"}
    assert got["proposed"] == {}


@pytest.mark.parametrize(
    ("subject", "status"),
    [
        # The district's own bodies still end with it: revocation for its UBND, a unit to
        # pick for its people.
        ("CN=UBND huyện Vũ Thư,L=Thái Bình,C=VN", "unit_abolished"),
        ("CN=Nguyễn Văn A,OU=Phòng Tài chính,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN", "unit_abolished"),
        # "thị xã", "xã hội", "hợp tác xã" are not a commune's type word.
        ("CN=UBND thị xã Sơn Tây,L=Hà Nội,C=VN", "unit_abolished"),
        (
            "CN=Nguyễn Văn A,OU=Phòng Lao động - Thương binh và Xã hội,O=UBND huyện Vũ Thư,"
            "L=Thái Bình,C=VN",
            "unit_abolished",
        ),
        # A commune that is found: its change.
        ("CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN", "needs_change"),
    ],
)
def test_district_bodies_and_found_communes_are_unchanged(subject: str, status: str) -> None:
    got = _j(subject)
    assert got["status"] == status, got
    assert not _says(got, "Không tìm thấy"), got["reasons"]


def test_revocation_still_advised_for_the_district_body() -> None:
    assert _says(_j("CN=UBND huyện Vũ Thư,L=Thái Bình,C=VN"), "thu hồi", "Mẫu 05")


# -- 16. A district's bare name in L -----------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "proposed"),
    [
        # Kim Động was a district of Hưng Yên; no new commune of Hưng Yên has that name.
        ("CN=Nguyễn Văn A,L=Kim Động,ST=Hưng Yên,C=VN", {"L": "Hưng Yên"}),
        (
            "CN=Nguyễn Văn A,OU=Phòng Tài chính,L=Kim Động,ST=Hưng Yên,C=VN",
            {"L": "Hưng Yên"},
        ),
        ("CN=Nguyen Van A,L=Kim Dong,ST=Hung Yen,C=VN", {"L": "Hưng Yên"}),
        # ST names Thái Bình, a province that no longer exists: the subject predates the
        # reform, so "Vũ Thư" is the old district (though a new "Xã Vũ Thư" exists), as
        # "L=Huyện Vũ Thư" is read.
        ("CN=Nguyễn Văn A,L=Vũ Thư,ST=Thái Bình,C=VN", {"L": "Hưng Yên", "ST": "Hưng Yên"}),
        ("CN=Nguyễn Văn A,L=Huyện Vũ Thư,ST=Thái Bình,C=VN", {"L": "Hưng Yên", "ST": "Hưng Yên"}),
    ],
)
def test_bare_district_in_l_is_the_abolished_district(
    subject: str, proposed: dict[str, str]
) -> None:
    got = _j(subject)
    assert got["status"] == "needs_change", got
    assert got["district"] is not None, got
    assert got["proposed"] == proposed
    assert _says(got, "cấp huyện")


@pytest.mark.parametrize(
    "subject",
    [
        # ST names the new province and Hưng Yên has a "Xã Vũ Thư": the new commune.
        "CN=Nguyễn Văn A,L=Vũ Thư,ST=Hưng Yên,C=VN",
        # A commune's name, not a district's.
        "CN=Nguyễn Văn A,L=Thư Vũ,ST=Hưng Yên,C=VN",
        # A district of another province.
        "CN=Nguyễn Văn A,L=Kim Động,ST=Hà Nội,C=VN",
    ],
)
def test_bare_l_not_a_district_of_that_province_is_not_read_as_one(subject: str) -> None:
    got = _j(subject)
    assert got["district"] is None, got
    assert "L" not in got["proposed"], got["proposed"]


def test_bare_district_in_l_takes_the_holders_new_commune_when_known() -> None:
    # _locality_of_district: under an ST naming the province, L names the holder's new
    # commune when it is known (here from the commune's body in O).
    got = _j("CN=Nguyễn Văn A,O=UBND xã Vũ Hội,L=Vũ Thư,ST=Thái Bình,C=VN")
    assert got["proposed"].get("L") == "Thư Vũ", got
    assert got["proposed"].get("O") == "UBND xã Thư Vũ"


def test_picked_unit_of_a_district_committee_is_the_communes_party_committee() -> None:
    # "Huyện ủy huyện Vũ Thư" (the committee written before the district's own name): the
    # commune picked gets its Party committee, not "Huyện ủy xã …".
    result = check_subject("CN=Nguyễn Văn A,O=Huyện ủy huyện Vũ Thư,L=Thái Bình,C=VN")
    assert propose_unit(result, "Xã Vũ Thư")["O"] == "Đảng ủy xã Vũ Thư"
    result = check_subject("CN=Nguyễn Văn A,O=Quận đoàn Quận 1,L=Hồ Chí Minh,C=VN")
    assert propose_unit(result, "Phường Sài Gòn")["O"] == "Đoàn phường Sài Gòn"


def test_picked_unit_keeps_the_new_province_written_beside_the_district() -> None:
    # Before the pick, O naming the abolished district is not proposed (not even with the
    # new province); after it, the unit picked and the new province.
    result = check_subject("CN=Nguyễn Văn A,O=UBND huyện Vũ Thư - tỉnh Thái Bình,L=Thái Bình,C=VN")
    assert "O" not in result.proposed
    assert propose_unit(result, "Xã Vũ Thư")["O"] == "UBND xã Vũ Thư - tỉnh Hưng Yên"


# -- 4, 12: variants of the reviewer's cases ---------------------------------------------
@pytest.mark.parametrize(
    ("subject", "o"),
    [
        # The province written after the district's committee: in the new name already.
        ("CN=Đảng ủy xã Vũ Hội,O=Huyện ủy huyện Vũ Thư\\, tỉnh Thái Bình,C=VN", "Tỉnh ủy Hưng Yên"),
        # Title case: "Huyện Ủy" -> "Tỉnh Ủy".
        ("CN=Đảng ủy xã Vũ Hội,O=Huyện Ủy Huyện Vũ Thư,L=Thái Bình,C=VN", "Tỉnh Ủy Hưng Yên"),
        ("CN=Đảng ủy xã Vũ Hội,O=Đảng ủy huyện Vũ Thư,L=Thái Bình,C=VN", "Tỉnh ủy Hưng Yên"),
        # Without the type word after it, as before.
        ("CN=Đảng ủy xã Vũ Hội,O=Huyện ủy Vũ Thư,L=Thái Bình,C=VN", "Tỉnh ủy Hưng Yên"),
        # A People's Committee stays one.
        ("CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN", "UBND tỉnh Hưng Yên"),
    ],
)
def test_district_committee_variants(subject: str, o: str) -> None:
    assert _j(subject)["proposed"]["O"] == o


@pytest.mark.parametrize(
    ("subject", "cn"),
    [
        ("CN=UBND xã Vũ Hội [huyện Vũ Thư],L=Thái Bình,C=VN", "UBND xã Thư Vũ"),
        ("CN=UBND xã Vũ Hội (tỉnh Thái Bình\\, huyện Vũ Thư),C=VN", "UBND xã Thư Vũ (tỉnh Hưng Yên)"),
        ("CN=UBND xã Vũ Hội/ huyện Vũ Thư/ tỉnh Thái Bình,C=VN", "UBND xã Thư Vũ/ tỉnh Hưng Yên"),
        ("CN=UBND xã Vũ Hội (huyện Vũ Thư) - tỉnh Thái Bình,C=VN", "UBND xã Thư Vũ - tỉnh Hưng Yên"),
        ("CN=UBND xã Vũ Hội - huyện Vũ Thư - tỉnh Thái Bình,C=VN", "UBND xã Thư Vũ - tỉnh Hưng Yên"),
        ("CN=UBND xã Vũ Hội\\, huyện Vũ Thư\\, tỉnh Thái Bình,C=VN", "UBND xã Thư Vũ, tỉnh Hưng Yên"),
    ],
)
def test_dropped_district_variants(subject: str, cn: str) -> None:
    assert _j(subject)["proposed"]["CN"] == cn


def test_central_body_with_a_current_l_is_current() -> None:
    got = _j("CN=Nguyễn Văn A,OU=Văn phòng,O=Bộ Tài chính,L=Hà Nội,C=VN")
    assert got["status"] == "current"
    assert got["proposed"] == {}
    assert got["province"] == {"old": None, "new": None}
