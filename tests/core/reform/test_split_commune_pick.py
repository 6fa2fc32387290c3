"""A holder's commune split among several new ones (issue 15: "some of its proposals would
send a wrong change request to the CA"): the verdict asks which new commune (pick_unit,
among the split's successors) instead of proposing nothing for it — a change request that
kept "UBND xã Nhị Thành" would name a commune that no longer exists. Xã Nhị Thành (huyện
Thủ Thừa, Long An) went to Xã Thủ Thừa and Xã Nhựt Tảo (Tây Ninh), per vietnamadminunits'
mapping, as Kyso's table has it."""

from __future__ import annotations

import json

import pytest

from kyso.core.reform.check import check_subject, propose_unit
from kyso.core.reform.result import encode_result

SPLIT = ["Xã Thủ Thừa", "Xã Nhựt Tảo"]
ORG = "UID=MST:01,CN=UBND xã Nhị Thành,O=UBND huyện Thủ Thừa,ST=Tỉnh Long An,C=VN"
PERSON = (
    "UID=CCCD:01,CN=Nguyễn Văn A,T=Chủ tịch,OU=UBND xã Nhị Thành,O=UBND huyện Thủ Thừa,"
    "L=Long An,C=VN"
)
PARTY = "UID=MST:02,CN=Đảng ủy xã Nhị Thành,O=Huyện ủy Thủ Thừa,ST=Long An,C=VN"


@pytest.mark.parametrize(
    ("subject", "key", "picked"),
    [
        (ORG, "CN", {"CN": "UBND xã Nhựt Tảo", "O": "UBND tỉnh Tây Ninh", "ST": "Tây Ninh"}),
        (PERSON, "OU", {"OU": "UBND xã Nhựt Tảo", "O": "UBND tỉnh Tây Ninh", "L": "Tây Ninh"}),
        (PARTY, "CN", {"CN": "Đảng ủy xã Nhựt Tảo", "O": "Tỉnh ủy Tây Ninh", "ST": "Tây Ninh"}),
    ],
)
def test_the_new_commune_is_asked_then_proposed(
    subject: str, key: str, picked: dict[str, str]
) -> None:
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert result.commune_new == SPLIT
    assert result.pick_unit == key and result.pick_choices == SPLIT
    assert key not in result.proposed  # nothing proposed until it is picked
    asked = result.proposed_fields("vi")[key]
    assert asked == "(xã/phường cũ đã được chia: chọn đơn vị mới, Xã Thủ Thừa, Xã Nhựt Tảo)"
    assert "split" in result.proposed_fields("en")[key]
    data = result.to_json()
    assert data["pick_unit"] == {"attribute": key, "choices": SPLIT}
    assert json.loads(encode_result(result)) == data  # the batch's encoding says the same
    assert propose_unit(result, "Xã Nhựt Tảo") == picked
    # Not one of the split's new communes: nothing is proposed for the commune.
    assert key not in propose_unit(result, "Xã Long Hải")


def test_a_commune_merged_whole_is_proposed_without_a_question() -> None:
    result = check_subject("CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN")
    assert result.split_attribute is None and result.pick_unit is None
    assert result.proposed["CN"] == "UBND xã Thư Vũ"


def test_an_abolished_district_persons_pick_comes_first() -> None:
    """A person of an abolished district body picks the unit worked in now (the district's
    successors), whatever else the subject names."""
    result = check_subject(
        "UID=CCCD:02,CN=Trần Thị B,OU=Phòng Nội vụ,OU=UBND huyện Thủ Thừa,O=UBND tỉnh Long An,"
        "L=Long An,C=VN"
    )
    assert result.status == "unit_abolished"
    assert result.pick_unit == "OU[2]"
    assert result.pick_choices == result.district_successors
