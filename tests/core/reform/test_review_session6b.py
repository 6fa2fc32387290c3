"""Independent review (session 6b, branch rev15f) of the rules merged since 144aa94.

Each test is a defect: what Kyso says, what is right, and the source. Base = 144aa94.
Subjects were also run through ``kyso check --subjects-from`` (same answers as ``--subject``).
"""

from __future__ import annotations

import pytest

from tests.support.admin_packages import verdict


# -- 1. "Đoàn xã/phường/thị trấn" without any commune name after it is a person -----------
@pytest.mark.parametrize(
    "subject",
    [
        # Regression vs 144aa94 (was person): Kyso reads Đoàn (surname) + Thị (middle name)
        # + Trấn (given name) as a Youth Union body "Đoàn thị trấn" with no thị trấn named;
        # right: a person (commit aed82e0 promises "never 'Đoàn' alone, a surname").
        "CN=Đoàn Thị Trấn,L=Hà Nội,C=VN",
        # Same root cause: surname Đoàn, given names Phường Anh -> organization/front.
        "CN=Đoàn Phường Anh,L=Hà Nội,C=VN",
        # Same root cause: "Đoàn Xã" names no commune; was person at 144aa94.
        "CN=Đoàn Xã,L=Hà Nội,C=VN",
    ],
)
def test_surname_doan_before_a_commune_type_word_without_a_commune_is_a_person(
    subject: str,
) -> None:
    got = verdict(subject)
    assert got["holder_kind"] == "person", got
    assert got["body_kind"] != "front", got


# -- 2. A Party cell / trade union of a school keeps its own kind -------------------------
@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        # Regression vs 144aa94 (was party): a Chi bộ (Party cell) inside a school is a
        # Party body; Kyso now calls it public_service. Issue 15 item 2: "Tỉnh ủy/.../Đảng
        # ủy -> the Party line ... each body keeps its own kind".
        ("CN=Chi bộ Trường THPT Bắc Duyên Hà,L=Thái Bình,C=VN", "party"),
        # Regression vs 144aa94 (was front): a Công đoàn (trade union, a mass organisation)
        # of a school is now public_service; issue 15: mass organisations -> their own line.
        ("CN=Công đoàn Trường THPT Kiến Xương,L=Thái Bình,C=VN", "front"),
    ],
)
def test_party_cell_or_union_of_an_institution_keeps_its_own_body_kind(
    subject: str, kind: str
) -> None:
    got = verdict(subject)
    assert got["body_kind"] == kind, got


# -- 3. "Chủ tịch UBND Hồ Chí Minh": the city's People's Committee, not the person ---------
def test_chairman_of_the_peoples_committee_of_ho_chi_minh_city_is_the_city() -> None:
    # Not a regression (unknown at 144aa94 too) but the new "Chủ tịch ... Hồ Chí Minh is the
    # person" reading still catches it: Kyso says unknown with no province, while
    # "CN=UBND Hồ Chí Minh" alone is current in TP Hồ Chí Minh; right: current, province
    # Hồ Chí Minh (the chairman of UBND TP Hồ Chí Minh; vietnamadminunits has it unchanged).
    got = verdict("CN=Chủ tịch UBND Hồ Chí Minh,C=VN")
    assert got["province"]["new"] == "Hồ Chí Minh", got
    assert got["status"] == "current", got
