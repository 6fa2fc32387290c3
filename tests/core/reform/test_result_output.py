"""Writing verdicts out fast never changes a byte (issue 15, item 6).

:func:`~kyso.core.reform.result.encode_result` keeps the JSON text of every text it wrote
(a place, a proposed name, a reason: shared by many verdicts) and
:meth:`~kyso.core.reform.result.ReformResult.proposed_fields` finds the attribute order of a
chain by its shape. Here both are held to what the slow path gives: ``json.dumps`` of
:meth:`~ReformResult.to_json`, and the attribute order worked out afresh for each verdict,
on varied verdicts, with the caches cold, warm, emptied when full and fed odd values.
"""

from __future__ import annotations

import json

import pytest

from kyso.core.reform import result as result_module
from kyso.core.reform.check import check_subject, clear_caches
from kyso.core.reform.result import ReformResult, encode_result, json_string
from tests.core.reform.test_reform_caches import _varied

# Chains of several OUs and Os, kept names, merged departments, units to pick: the shapes
# whose attribute order differs.
_SHAPES = [
    "UID=MST:01,CN=UBND xã Nhị Thành,O=UBND huyện Thủ Thừa,ST=Tỉnh Long An,C=VN",  # split
    "UID=CCCD:1,CN=Lê Văn B,OU=Phòng Nội vụ,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình",
    "CN=Tổ Một cửa,OU=Văn phòng HĐND và UBND,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình",
    "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
    "CN=UBND xã Vũ Hội,OU=A,OU=B,OU=C,O=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình,ST=Thái Bình",
    "CN=Trường THCS Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
    "CN=Nguyễn Văn A,OU=Sở Lao động - Thương binh và Xã hội,O=UBND tỉnh Thái Bình,L=Thái Bình",
    "CN=Bệnh viện Đa khoa tỉnh Thái Bình,L=Thái Bình,C=VN",
    "UID=CCCD:2,CN=Trần Thị C,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình,ST=Thái Bình",
]


def _slow_attribute_order(result: ReformResult) -> list[str]:
    """The attribute order as it was worked out before the shapes were kept."""
    holder = result.holder
    ous = list(holder.ous)
    orgs = [a.value for a in holder.attributes if a.key == "O"]
    keys = ["CN"]
    keys += ["OU" if len(ous) == 1 else f"OU[{i + 1}]" for i in range(len(ous))]
    keys += ["O" if len(orgs) == 1 else f"O[{i + 1}]" for i in range(len(orgs))]
    keys += ["L", "ST"]
    keys += [k for k in result.proposed if k not in keys]
    return keys


def _slow_proposed_fields(result: ReformResult, language: str) -> dict[str, str]:
    """:meth:`ReformResult.proposed_fields` as it was: every attribute of the order asked
    about in turn (the unit to pick, the proposed value, merged, kept)."""
    en = language == "en"
    out: dict[str, str] = {}
    pick = result.pick_unit
    for key in _slow_attribute_order(result):
        if key == pick:
            split = key == result.split_attribute and key != result.parent_attribute
            listed = result.commune_new if split else result.district_successors
            choices = ", ".join(listed[:8])
            more = len(listed) - 8
            if more > 0:
                choices += f" … (+{more})"
            if split:
                out[key] = (
                    f"(the commune was split: pick the new one, {choices})"
                    if en
                    else f"(xã/phường cũ đã được chia: chọn đơn vị mới, {choices})"
                )
            elif key == result.parent_attribute:
                out[key] = (
                    f"(pick the new parent, the People's Committee of a commune of "
                    f"{result.province_new}: {choices})"
                    if en
                    else f"(chọn đơn vị chủ quản mới, UBND cấp xã thuộc {result.province_new}: "
                    f"{choices})"
                )
            else:
                out[key] = (
                    f"(pick the unit worked in now, in {result.province_new}: {choices})"
                    if en
                    else f"(chọn đơn vị đang công tác thuộc {result.province_new}: {choices})"
                )
        elif key in result.proposed and not result.proposed[key]:
            out[key] = (
                "(drop it: the district level is gone)"
                if en
                else "(bỏ thuộc tính này: cấp huyện không còn)"
            )
        elif key in result.proposed:
            out[key] = result.proposed[key]
        elif key in result.merged_names:
            out[key] = (
                "(department merged on 1 March 2025; check the new body's name with the unit)"
                if en
                else "(cơ quan đã hợp nhất từ 01/3/2025; kiểm tra tên cơ quan mới với đơn vị)"
            )
        elif key in result.kept_names:
            out[key] = (
                "(kept as written; check with the unit)"
                if en
                else "(giữ nguyên; kiểm tra với đơn vị)"
            )
    return out


@pytest.fixture(scope="module")
def verdicts() -> list[ReformResult]:
    clear_caches()
    out = [check_subject(s) for s in _varied() + _SHAPES]
    assert any(len(v.holder.ous) > 1 for v in out)
    assert any(sum(a.key == "O" for a in v.holder.attributes) > 1 for v in out)
    assert any(v.kept_names for v in out) and any(v.merged_names for v in out)
    assert any(v.pick_unit for v in out)
    assert any(v.split_attribute and v.pick_unit == v.split_attribute for v in out)
    assert any(not v.proposed_fields() for v in out)
    return out


@pytest.mark.parametrize("language", ["vi", "en"])
def test_proposed_fields_are_the_slow_ones(
    verdicts: list[ReformResult], language: str
) -> None:
    for verdict in verdicts:
        got = verdict.proposed_fields(language)
        assert list(got.items()) == list(_slow_proposed_fields(verdict, language).items())
    # a proposed key outside the chain's order comes last, in proposed order; "" drops
    for verdict in verdicts[:40]:
        verdict.proposed = {"X": "x", **verdict.proposed, "CN": "", "L": "l"}
        got = verdict.proposed_fields(language)
        assert list(got.items()) == list(_slow_proposed_fields(verdict, language).items())


def test_encoded_texts_are_json_dumps_cold_warm_and_full(
    verdicts: list[ReformResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    want = [json.dumps(v.to_json(), ensure_ascii=False) for v in verdicts]
    result_module.clear_caches()
    assert [encode_result(v) for v in verdicts] == want  # cold: each text encoded on use
    assert [encode_result(v) for v in verdicts] == want  # warm: each text from the cache
    monkeypatch.setattr(result_module, "_ENCODED_SIZE", 5)  # emptied again and again
    result_module.clear_caches()
    assert [encode_result(v) for v in verdicts] == want
    assert len(result_module._encoded) <= 5


@pytest.mark.parametrize(
    "text", ["", "é", 'quote " back \\ tab \t nul \x00 \u2028', "\ud800 lone", "ký tự\x1f"]
)
def test_an_encoded_text_is_json_string_once_and_after(text: str) -> None:
    result_module.clear_caches()
    assert result_module._encoded_text(text) == json_string(text) == json.dumps(
        text, ensure_ascii=False
    )
    assert result_module._encoded_text(text) == json_string(text)  # from the cache


@pytest.mark.parametrize("value", [None, 3, 1.5, True])
def test_a_value_not_a_text_is_refused_and_not_kept(value: object) -> None:
    """The encoder's own TypeError (encode_result then takes json.dumps' way), and no entry
    that a text equal to the value (True == 1…) could find."""
    result_module.clear_caches()
    with pytest.raises(TypeError):
        result_module._encoded_text(value)  # type: ignore[arg-type]
    assert not result_module._encoded
    verdict = check_subject("CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN")
    verdict.proposed = {"O": value, "L": "x"}  # type: ignore[dict-item]
    verdict.commune_new = [value]  # type: ignore[list-item]
    assert encode_result(verdict) == json.dumps(verdict.to_json(), ensure_ascii=False)
