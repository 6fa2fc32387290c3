"""Proposals once the holder of an abolished district body picks the unit they work in now."""

from __future__ import annotations

from kyso.core.demo.pki import person_name
from kyso.core.reform.check import check_subject, propose_unit
from kyso.core.subjects.admin_units import new_communes_of

LEADER = person_name(
    "Nguyễn Văn An",
    title="Chủ tịch",
    ous=["UBND huyện Vũ Thư"],
    o="UBND tỉnh Thái Bình",
    locality="Thái Bình",
    uid="CCCD:034080001234",
)


def test_district_attribute_and_successors() -> None:
    result = check_subject(LEADER)
    assert result.status == "unit_abolished"
    assert result.district_attribute == "OU"
    assert "Xã Vũ Thư" in result.district_successors
    assert set(result.district_successors) <= set(new_communes_of("Hưng Yên"))
    assert "district_attribute" not in result.to_json()  # the JSON contract is unchanged


def test_picking_a_commune_rewrites_the_district_attribute() -> None:
    result = check_subject(LEADER)
    assert propose_unit(result, "Xã Vũ Thư") == {
        "OU": "UBND xã Vũ Thư",
        "O": "UBND tỉnh Hưng Yên",
        "L": "Hưng Yên",
    }
    assert result.proposed == {"O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"}  # not modified


def test_picking_keeps_the_case_and_the_other_edits() -> None:
    upper = check_subject(
        "CN=Lê Văn Cường,T=Chuyên viên,OU=Phòng Nội vụ,OU=UBND HUYỆN VŨ THƯ,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình"
    )
    assert upper.district_attribute == "OU[2]"
    assert propose_unit(upper, "Phường Thái Bình")["OU[2]"] == "UBND PHƯỜNG THÁI BÌNH"
    same_value = check_subject("CN=Lê Văn Cường,T=Chuyên viên,OU=UBND huyện Vũ Thư tỉnh Thái Bình")
    assert propose_unit(same_value, "Xã Vũ Thư") == {"OU": "UBND xã Vũ Thư tỉnh Hưng Yên"}
    bare = check_subject("CN=Lê Văn Cường,T=Chuyên viên,OU=Huyện Vũ Thư,O=UBND tỉnh Thái Bình")
    assert propose_unit(bare, "Xã Vũ Thư")["OU"] == "Xã Vũ Thư"


def test_without_a_district_the_proposals_stand() -> None:
    result = check_subject("CN=Trần Thị Bình,T=Giám đốc,O=UBND tỉnh Thái Bình,L=Thái Bình")
    assert result.district_attribute is None
    assert propose_unit(result, "Xã Vũ Thư") == result.proposed


def test_a_cached_verdict_is_copied_whole_and_apart() -> None:
    import dataclasses

    from kyso.core.reform import check as reform
    from kyso.core.subjects.holder import read_holder

    reform.clear_caches()
    first = check_subject(LEADER)
    other = read_holder(LEADER.rfc4514_string().replace("Nguyễn Văn An", "Lê Thị Hoa"))
    second = reform.check_holder(other)  # same unit and place: the shared verdict, copied
    assert second.holder is other
    for f in dataclasses.fields(reform.ReformResult):
        if f.name != "holder":
            assert getattr(second, f.name) == getattr(first, f.name), f.name
    second.proposed["O"] = "changed"
    second.reasons.clear()
    third = reform.check_holder(other)
    assert third.proposed["O"] == "UBND tỉnh Hưng Yên" and third.reasons
