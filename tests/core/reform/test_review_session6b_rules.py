"""Fixes for review session 6b, defects 4 and 9 (tests/core/reform/test_review_session6b.py):
the edges the reviewer's tests leave open, each failing without its fix."""

from __future__ import annotations

import pytest

from tests.support.admin_packages import verdict


# -- 4. "Thành ủy thành phố X": the district-level city of a tỉnh -------------------------
@pytest.mark.parametrize(
    "subject",
    [
        # The city abbreviated: the same district-level city.
        "CN=Thành ủy TP Thái Bình,L=Thái Bình,C=VN",
        "CN=Thành đoàn TP. Hà Tĩnh,L=Hà Tĩnh,C=VN",
    ],
)
def test_committee_of_an_abbreviated_district_level_city_is_abolished(subject: str) -> None:
    got = verdict(subject)
    assert got["status"] == "unit_abolished", got
    assert got["district"]["old"].startswith("Thành phố "), got
    assert got["proposed"] == {}, got


@pytest.mark.parametrize(
    "subject",
    [
        "CN=Thành ủy thành phố Hải Phòng,L=Hải Phòng,C=VN",
        "CN=Thành đoàn thành phố Hồ Chí Minh,L=Hồ Chí Minh,C=VN",
    ],
)
def test_committee_of_a_centrally_run_city_stays_the_province_s(subject: str) -> None:
    got = verdict(subject)
    assert got["status"] == "current", got
    assert got["district"] is None, got


def test_commune_committee_under_the_district_level_city_committee() -> None:
    # The city's committee above a commune's is the district level: the province's
    # committee of the same line takes it over (as "Huyện ủy huyện Vũ Thư" gives).
    got = verdict("CN=Đảng ủy phường Tiền Phong,O=Thành ủy thành phố Thái Bình,L=Thái Bình,C=VN")
    assert got["district"]["old"] == "Thành phố Thái Bình", got
    assert got["proposed"]["O"] == "Tỉnh ủy Hưng Yên", got


# -- 9. The commune's old district written bare after it --------------------------------
@pytest.mark.parametrize(
    ("subject", "cn"),
    [
        ("CN=UBND xã Vũ Hội (Vũ Thư),L=Thái Bình,C=VN", "UBND xã Thư Vũ"),
        ("CN=UBND xã Vũ Hội - Vũ Thư - Thái Bình,L=Thái Bình,C=VN", "UBND xã Thư Vũ - Hưng Yên"),
        ("CN=UBND xã Vũ Hội, Vũ Thư, Thái Bình,C=VN", "UBND xã Thư Vũ, Hưng Yên"),
        (
            "CN=UBND XÃ VŨ HỘI (VŨ THƯ - THÁI BÌNH),L=THÁI BÌNH,C=VN",
            "UBND XÃ THƯ VŨ (HƯNG YÊN)",
        ),
    ],
)
def test_bare_old_district_after_the_commune_is_dropped(subject: str, cn: str) -> None:
    assert verdict(subject)["proposed"]["CN"] == cn


def test_another_district_written_bare_is_not_taken_for_the_commune_s() -> None:
    # Kiến Xương is not Xã Vũ Hội's district: not read as its district, left as written.
    got = verdict("CN=UBND xã Vũ Hội (Kiến Xương - Thái Bình),L=Thái Bình,C=VN")
    assert "Kiến Xương" in got["proposed"]["CN"], got
