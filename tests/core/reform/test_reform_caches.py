"""Caching never changes an answer (issue 15, item 6: the fast path of many subjects).

The two-tier check memoises pure functions of the values it reads (normalisation, folding,
place scans, body kinds, case style), shares one verdict among holders that read alike and
shares that verdict's JSON text. Here a few hundred varied subjects — the shapes of an
inventory, the hard cases (NFD, ASCII-folded, ALL CAPS, abbreviations, Party and Front
bodies, institutions, central bodies) and odd ones — are checked cold (every cache emptied
before each subject) and warm (the whole set twice in a row, caches full and shared), and
the JSON must be identical, byte for byte.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import unicodedata

import pytest

from kyso.core.checkup.certificate import (
    check_subject_only,
    check_subjects,
    collections_paused,
)
from kyso.core.reform import check as reform_check
from kyso.core.reform.check import check_subject, clear_caches
from kyso.core.reform.result import ReformResult
from kyso.core.subjects.admin_units import load
from tests.bench.bench_reform import subjects as inventory_subjects
from tests.core.reform.test_reform_hard import all_cases

_ODD = [
    "",
    "C=VN",
    "garbage without equals",
    "CN=,O=,L=",
    "UID=MST:0101,CN=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
    "UID=CCCD:0341,CN=Nguyễn Văn A,T=Chủ tịch,OU=UBND X. Vũ Hội,O=UBND H. Vũ Thư,L=T. Thái Bình",
    "CN=Bộ Tài chính,L=Hà Nội,C=VN",
    "CN=Đoàn TNCS Hồ Chí Minh,L=Hồ Chí Minh,C=VN",
    "CN=Trường THPT Thái Bình,O=Sở Giáo dục và Đào tạo tỉnh Thái Bình,L=Thái Bình",
    "/C=VN/ST=Thái Bình/O=UBND tỉnh Thái Bình/CN=Văn phòng UBND tỉnh Thái Bình",
    r"CN=UBND xã Vũ Hội\, huyện Vũ Thư,O=UBND tỉnh Thái Bình",
    "UID=MST:0101,CN=CÔNG TY TNHH ABC THÁI BÌNH,L=THÁI BÌNH,C=VN",
    "CN=Huyện ủy Vũ Thư,O=Tỉnh ủy Thái Bình,L=Thái Bình",
    "CN=HĐND TP. Thủy Nguyên,O=HĐND TP Hải Phòng,L=Hải Phòng",
    "CN=Tổ Một cửa,OU=Văn phòng HĐND và UBND,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình",
]


def _varied() -> list[str]:
    out = inventory_subjects(load(), 200, seed=15)
    hard = [c.subject for c in all_cases()]
    out += hard[::3]  # a third of the hard cases, every category
    out += _ODD
    out += [unicodedata.normalize("NFD", s) for s in _ODD]
    out += [s.upper() for s in _ODD[4:]]
    return out


@pytest.fixture(scope="module")
def varied() -> list[str]:
    subjects = _varied()
    assert len(subjects) >= 300
    return subjects


def _text(results: list) -> str:
    return "[" + ", ".join(r.json_text() for r in results) + "]"


def test_cold_and_warm_caches_give_identical_json(varied: list[str]) -> None:
    cold = []
    for subject in varied:
        clear_caches()  # every memo, every shared verdict: this subject alone, from scratch
        cold.append(json.dumps(check_subject_only(subject).to_json(), ensure_ascii=False))
    clear_caches()
    warm_once = [check_subject_only(s) for s in varied]
    warm_twice = [check_subject_only(s) for s in varied]  # now every subject hits a cache
    for one, two, want in zip(warm_once, warm_twice, cold, strict=True):
        assert json.dumps(one.to_json(), ensure_ascii=False) == want
        assert json.dumps(two.to_json(), ensure_ascii=False) == want
        assert two.json_text() == want  # the shared encoded text, too
    # The same subjects in the opposite order fill the caches differently.
    clear_caches()
    backwards = [check_subject_only(s) for s in reversed(varied)][::-1]
    assert [json.dumps(r.to_json(), ensure_ascii=False) for r in backwards] == cold


def test_the_batch_is_the_one_by_one_check(varied: list[str]) -> None:
    clear_caches()
    was = gc.isenabled()
    gc.enable()  # the suite collects on the main thread only (tests/conftest.py)
    try:
        batch = check_subjects(varied)
        assert gc.isenabled()  # collections resume after the batch
    finally:
        if not was:
            gc.disable()
    clear_caches()
    alone = [check_subject_only(s) for s in varied]
    assert [r.to_json() for r in batch] == [r.to_json() for r in alone]


def test_json_text_is_json_dumps_byte_for_byte(varied: list[str]) -> None:
    clear_caches()
    results = check_subjects(varied + varied)
    assert _text(results) == json.dumps([r.to_json() for r in results], ensure_ascii=False)
    assert _text([]) == json.dumps([])


def test_a_changed_copy_is_encoded_afresh() -> None:
    subject = "CN=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình,L=Thái Bình"
    clear_caches()
    first, second = check_subject(subject), check_subject(subject)
    assert first.json_text() == second.json_text()  # shared, encoded once
    second.proposed["L"] = "Nơi khác"
    second.reasons.append(second.reasons[0])
    assert second.json_text() == json.dumps(second.to_json(), ensure_ascii=False)
    assert "Nơi khác" in second.json_text() and "Nơi khác" not in first.json_text()
    assert first.json_text() == json.dumps(first.to_json(), ensure_ascii=False)


def test_a_shared_verdict_is_copied_whole() -> None:
    """_for_holder lists every field: a new field forgotten there would be lost."""
    result = check_subject("UID=CCCD:1,CN=Lê Văn B,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình")
    verdict = result.__dict__["_shared"]
    copy = reform_check._for_holder(verdict, result.holder)
    for f in dataclasses.fields(ReformResult):
        assert getattr(copy, f.name) == getattr(verdict, f.name) or f.name == "holder", f.name


def test_the_batch_makes_no_reference_cycles(varied: list[str]) -> None:
    """Pausing the collector during a batch loses nothing: no cyclic garbage is made."""
    check_subjects(varied)  # imports, lazily built table rows: not the check's garbage
    clear_caches()
    gc.collect()
    with collections_paused():
        results = check_subjects(varied)
        del results
        clear_caches()
        assert gc.collect() == 0


@pytest.mark.parametrize(
    "data",
    [None, "", 'quote " back \\ é \u2028 \x01', {"a": [1, {"b": None}], "c": True}, [], {}, 1.5],
)
def test_encode_json_is_json_dumps(data: object) -> None:
    from kyso.core.reform.result import encode_json

    assert encode_json(data) == json.dumps(data, ensure_ascii=False)


def test_encode_result_is_json_dumps_of_to_json(varied: list[str]) -> None:
    """The verdict's JSON written field by field is json.dumps of to_json, byte for byte:
    on real verdicts (shared reasons, encoded once) and on values that need escapes."""
    from kyso.core.reform.result import Reason, encode_result

    clear_caches()
    for subject in varied:
        result = check_subject(subject)
        assert encode_result(result) == json.dumps(result.to_json(), ensure_ascii=False)
    odd = check_subject("UID=CCCD:1,CN=Lê Văn B,OU=UBND huyện Vũ Thư,O=UBND tỉnh Thái Bình")
    odd.province_old = None
    odd.province_new = 'quote " back \\ tab \t nul \x00 \u2028 é'
    odd.district_old = ""
    odd.commune_old = "Xã \x1f"
    odd.commune_new = []
    odd.proposed = {'O"': "a\\b", "L": "\n"}
    odd.reasons = [Reason("lý do \x7f \ud800", "en"), *odd.reasons]
    odd.kept_names = ["CN", "O"]
    odd.file_at = []
    assert odd.pick_unit  # a person of an abolished district: the choices are written
    assert encode_result(odd) == json.dumps(odd.to_json(), ensure_ascii=False)
    odd.proposed = {"O": 3}  # type: ignore[dict-item]  # never set: json.dumps' own way
    assert encode_result(odd) == json.dumps(odd.to_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    "cls",
    [
        "kyso.core.subjects.holder:Attribute",
        "kyso.core.subjects.holder:IdentityNumber",
        "kyso.core.subjects.holder:Holder",
        "kyso.core.subjects.places:Mention",
        "kyso.core.reform.result:Reason",
    ],
)
def test_frozen_values_built_in_one_go_keep_their_fields(cls: str) -> None:
    """These frozen dataclasses set their fields in one go (their own __init__, faster
    than the generated one): it takes every field, in order, and the value stays frozen,
    equal and hashable like a dataclass' own."""
    import importlib
    import inspect

    module, name = cls.split(":")
    kind = getattr(importlib.import_module(module), name)
    fields = [f.name for f in dataclasses.fields(kind)]
    assert list(inspect.signature(kind.__init__).parameters)[1:] == fields
    values = [f"v{i}" for i in range(len(fields))]
    one, two = kind(*values), kind(**dict(zip(fields, values, strict=True)))
    assert one == two and hash(one) == hash(two)
    assert [getattr(one, f) for f in fields] == values
    assert dataclasses.astuple(one) == tuple(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(one, fields[0], "changed")
