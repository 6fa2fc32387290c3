"""Controls for the session 6b fixes in bodies/holder/places (the reviewer's tests in
tests/core/reform/test_review_session6b.py say what was wrong; these say what must stay)."""

from __future__ import annotations

import pytest

from kyso.core.subjects import bodies
from kyso.core.subjects.holder import read_holder
from tests.support.admin_packages import verdict


@pytest.mark.parametrize(
    ("name", "renaming", "shown"),
    [
        # A Party cell / union of an institution: kept like the institution, shown as its line.
        ("Chi bộ Trường THPT chuyên Thái Bình", bodies.PUBLIC_SERVICE, bodies.PARTY),
        ("Công đoàn Bệnh viện Đa khoa tỉnh Thái Bình", bodies.PUBLIC_SERVICE, bodies.FRONT),
        # An office of an institution is the institution's own office.
        ("Văn phòng Trường Đại học Y Dược Thái Bình", bodies.PUBLIC_SERVICE, bodies.PUBLIC_SERVICE),
        ("Đảng ủy xã Vũ Hội", bodies.PARTY, bodies.PARTY),
        ("Trường THPT Bắc Duyên Hà", bodies.PUBLIC_SERVICE, bodies.PUBLIC_SERVICE),
    ],
)
def test_body_kind_renames_as_the_institution_own_kind_shows_the_line(
    name: str, renaming: str, shown: str
) -> None:
    assert bodies.body_kind(name) == renaming
    assert bodies.own_kind(name) == shown


def test_party_cell_of_an_institution_is_not_renamed() -> None:
    got = verdict("CN=Chi bộ Trung tâm Y tế huyện Vũ Thư,L=Thái Bình,C=VN")
    assert got["body_kind"] == bodies.PARTY, got
    assert got["status"] == "check_with_unit", got
    assert "CN" not in got["proposed"], got


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # A commune's name after its type word is no institution's word...
        ("Đảng ủy xã Trung Tâm", bodies.PARTY),
        ("Đoàn phường Trung Tâm", bodies.FRONT),
        ("Đảng ủy thị trấn Trung Tâm", bodies.PARTY),
        # ... but an institution's word after a body's is still the institution.
        ("Chi bộ Trung tâm Y tế huyện Vũ Thư", bodies.PUBLIC_SERVICE),
        ("Chi bộ Trạm Y tế xã Vũ Hội", bodies.PUBLIC_SERVICE),
    ],
)
def test_commune_named_like_an_institution_word(name: str, kind: str) -> None:
    assert bodies.body_kind(name) == kind


def test_youth_union_of_a_commune_still_reads_short() -> None:
    assert read_holder("CN=Đoàn xã Vũ Hội,L=Thái Bình,C=VN").kind == "organization"
    assert read_holder("CN=Đoàn phường Quang Trung,L=Thái Bình,C=VN").kind == "organization"
    assert read_holder("CN=Đoàn Thị Trấn,L=Hà Nội,C=VN").kind == "person"
    assert read_holder("CN=Đoàn Thị Trấn Anh,L=Hà Nội,C=VN").kind == "person"
    # A township's Youth Union: "thị trấn" in lower case, its name after it.
    assert read_holder("CN=Đoàn thị trấn Vũ Thư,L=Thái Bình,C=VN").kind == "organization"
    assert bodies.body_kind("Đoàn thị trấn Vũ Thư") == bodies.FRONT
    assert bodies.body_kind("Đoàn Thị Trấn") == bodies.OTHER


@pytest.mark.parametrize(
    "subject",
    [
        # Only in capitals: "Dh" is no abbreviation.
        "CN=Dh Y Duoc Thai Binh,L=Thai Binh,C=VN",
        "CN=DHL Express Viet Nam,C=VN",
    ],
)
def test_folded_abbreviation_only_as_written_in_capitals(subject: str) -> None:
    assert verdict(subject)["body_kind"] != bodies.PUBLIC_SERVICE


def test_president_still_read_right_after_chu_tich() -> None:
    # "Chủ tịch Hồ Chí Minh" is the President: no province.
    for subject in (
        "CN=Chủ tịch Hồ Chí Minh,C=VN",
        "CN=Ban Quản lý Lăng Chủ tịch Hồ Chí Minh,C=VN",
    ):
        got = verdict(subject)
        assert (got["province"] or {}).get("new") is None, got
    # The city's People's Committee or Council, whoever of it is named.
    for subject in ("CN=Chủ tịch UBND Hồ Chí Minh,C=VN", "CN=Chủ tịch HĐND Hồ Chí Minh,C=VN"):
        got = verdict(subject)
        assert got["province"]["new"] == "Hồ Chí Minh", got
