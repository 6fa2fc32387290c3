"""A commune body under a part of a district Party or Youth Union committee ("Ban Thường vụ
Huyện ủy …") gets the province's committee of the same line, never the province's People's
Committee; a commune's Youth Union written short ("Đoàn xã …") is a body, not a person.
(Left over by the session-6 proposals fix; issue 15 item 2: each body keeps its own kind.)"""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject


@pytest.mark.parametrize(
    ("subject", "o"),
    [
        ("CN=Đảng ủy xã Vũ Hội,O=Ban Thường vụ Huyện ủy huyện Vũ Thư,L=Thái Bình,C=VN",
         "Ban Thường vụ Tỉnh ủy Hưng Yên"),
        ("CN=Đảng ủy xã Vũ Hội,O=Ban Thường vụ Huyện ủy Vũ Thư,L=Thái Bình,C=VN",
         "Ban Thường vụ Tỉnh ủy Hưng Yên"),
        ("CN=Đoàn xã Vũ Hội,O=Ban Thường vụ Huyện đoàn Vũ Thư,L=Thái Bình,C=VN",
         "Ban Thường vụ Tỉnh đoàn Hưng Yên"),
        ("CN=Đảng ủy phường 1,O=Ban Thường vụ Quận ủy Quận 3,L=Hồ Chí Minh,C=VN",
         "Ban Thường vụ Thành ủy Hồ Chí Minh"),
        # the control: a district office above a commune's People's Committee
        ("CN=UBND xã Vũ Hội,O=Văn phòng UBND huyện Vũ Thư,L=Thái Bình,C=VN",
         "UBND tỉnh Hưng Yên"),
    ],
)
def test_a_committee_part_above_a_commune_body_keeps_its_line(subject: str, o: str) -> None:
    result = check_subject(subject)
    assert result.status == "needs_change", result.to_json()
    assert result.proposed.get("O") == o, result.to_json()


@pytest.mark.parametrize(
    ("subject", "cn"),
    [
        ("CN=Đoàn xã Vũ Hội,L=Thái Bình,C=VN", "Đoàn xã Thư Vũ"),
        ("CN=DOAN XA VU HOI,O=HUYEN DOAN VU THU,L=THAI BINH,C=VN", "ĐOÀN XÃ THƯ VŨ"),
    ],
)
def test_a_communes_youth_union_written_short_is_a_body(subject: str, cn: str) -> None:
    result = check_subject(subject)
    assert result.holder.kind == "organization", result.to_json()
    assert result.body_kind == "front"
    assert result.proposed.get("CN") == cn, result.to_json()


def test_the_surname_doan_is_still_a_person() -> None:
    result = check_subject("CN=Đoàn Văn Xã,OU=UBND xã Vũ Hội,L=Thái Bình,C=VN")
    assert result.holder.kind == "person", result.to_json()
    assert "CN" not in result.proposed
    assert result.proposed.get("OU") == "UBND xã Thư Vũ"
