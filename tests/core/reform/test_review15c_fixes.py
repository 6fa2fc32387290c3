"""The edges of the review-15c fixes the reviewer's tests do not hold
(tests/core/reform/test_review15c_findings.py holds the defects themselves)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject, clear_caches, propose_unit
from kyso.core.subjects.bodies import merged_department


@pytest.mark.parametrize(
    ("name", "parent", "merged"),
    [
        ("Ban Dân tộc tỉnh Đồng Nai", None, True),
        ("BAN DAN TOC TINH LAM DONG", None, True),
        ("Văn phòng Ban Dân tộc tỉnh Sơn La", None, True),
        ("Ban Dân tộc", "UBND tỉnh Sơn La", True),
        ("Ban Dân tộc", "UBND tỉnh Lâm Đồng", True),  # "Đồng" of the province: no council
        ("Ban Dân tộc", "HĐND tỉnh Sơn La", False),
        ("Ban Dân tộc", "Hội đồng nhân dân tỉnh Lâm Đồng", False),
        ("Văn phòng Ban Dân tộc HĐND tỉnh Sơn La", None, False),
        ("Ủy ban Dân tộc", None, False),  # the central committee (a ministry-level body)
        ("Vụ Tổng hợp, Ủy ban Dân tộc", None, False),
        ("Sở Giao thông vận tải", "HĐND tỉnh Sơn La", True),  # a parent frees only the Ban
    ],
)
def test_merged_department_reads_the_council_by_its_words(
    name: str, parent: str | None, merged: bool
) -> None:
    assert (merged_department(name, parent) is not None) is merged


def test_merged_department_without_a_place_stays_unknown() -> None:
    """No place: the merger is told, the verdict stays ``unknown`` (no province to file at)."""
    got = check_subject("CN=Nguyễn Văn A,OU=Sở Giao thông vận tải,C=VN")
    assert got.status == "unknown"
    assert got.reasons[0].vi.startswith("Chứng thư không ghi tỉnh")
    assert any(
        r.vi.startswith("OU “Sở Giao thông vận tải”: Sở Giao thông vận tải đã hợp nhất")
        for r in got.reasons
    )
    assert not got.proposed


@pytest.mark.parametrize(
    ("subject", "unit", "ou"),
    [
        (
            "CN=NGUYỄN VĂN A,OU=HUYỆN ỦY VŨ THƯ,O=TỈNH ỦY THÁI BÌNH,L=THÁI BÌNH",
            "Xã Vũ Thư",
            "ĐẢNG ỦY XÃ VŨ THƯ",
        ),
        (
            "CN=Nguyễn Văn A,OU=Ban Tổ chức Huyện ủy Vũ Thư,O=Tỉnh ủy Thái Bình,L=Thái Bình",
            "Xã Vũ Thư",
            "Ban Tổ chức Đảng ủy xã Vũ Thư",
        ),
        (
            "CN=Nguyễn Văn A,OU=Huyện đoàn Vũ Thư,O=Tỉnh đoàn Thái Bình,L=Thái Bình",
            "Xã Vũ Thư",
            "Đoàn xã Vũ Thư",
        ),
        ("CN=Nguyễn Văn A,OU=UBND huyện Vũ Thư,L=Thái Bình", "Xã Vũ Thư", "UBND xã Vũ Thư"),
    ],
)
def test_picked_unit_keeps_the_body(subject: str, unit: str, ou: str) -> None:
    got = check_subject(subject)
    assert got.status == "unit_abolished"
    assert propose_unit(got, unit)["OU"] == ou


def test_a_verdict_that_did_not_read_the_case_is_still_shared() -> None:
    """Only a verdict that took its case from the whole subject is kept by case: two
    colleagues of one unit whose names differ in case still share the unit's verdict."""
    from kyso.core.reform import check

    clear_caches()
    a = check_subject("CN=NGUYỄN VĂN A,OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình")
    b = check_subject("CN=Trần Văn B,OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình")
    assert len(check._verdicts) == 1
    assert a.proposed == b.proposed
    clear_caches()
    check_subject("CN=NGUYỄN VĂN A,OU=UBND P.1,O=UBND Q.3,ST=TP.HCM")
    check_subject("CN=Nguyễn Văn A,OU=UBND P.1,O=UBND Q.3,ST=TP.HCM")
    (by_case,) = check._verdicts.values()
    assert sorted(by_case, key=str) == [False, True]
