"""The shortcuts of the checker's run answer as the plain steps do (issue 15, item 6).

Each memo is keyed on everything its answer reads: subjects that differ in one part of the
key only get their own answers whatever was checked before them, the warm answer is the
cold one, and ``clear_caches()`` empties the memo.
"""

from __future__ import annotations

import json

from kyso.core.reform import check, proposals, resolve, unit_reasons
from kyso.core.reform.check import _Checker, clear_caches
from kyso.core.reform.resolve import _prefer_written_jointly
from kyso.core.subjects.admin_units import load, spelling_key
from kyso.core.subjects.holder import read_holder
from tests.core.reform.test_reform_caches import _varied


def _run(subject: str) -> str:
    """The verdict of ``subject`` from the checker itself (no shared verdict), as JSON."""
    verdict = _Checker(read_holder(subject), load()).run()
    return json.dumps(verdict.to_json(), ensure_ascii=False)


def _cold(subjects: list[str]) -> list[str]:
    out = []
    for subject in subjects:
        clear_caches()
        out.append(_run(subject))
    return out


def _communes_under(district_short: str) -> list[tuple[str, str, str]]:
    """(commune, district, province) names of the first commune of every old district
    called ``district_short``: one district name in several provinces."""
    units = load()
    firsts: dict[object, tuple[str, str, str]] = {}
    for commune in units.old_communes:
        district = commune.district
        if district.short == district_short and district not in firsts:
            firsts[district] = (commune.name, district.name, district.province.short)
    return list(firsts.values())


def _parent_subjects() -> list[str]:
    """Commune bodies whose district parent is written the same in several provinces
    (the new province is in the memo's key), under every attribute key, in every case
    style and as a Party committee; a value whose case tells nothing ("Q.3")."""
    out = []
    for commune, district, province in _communes_under("Châu Thành")[:4]:
        out += [
            f"CN=UBND {commune},O=UBND {district},L={province},C=VN",
            f"CN=UBND {commune},OU=UBND {district},O=Văn phòng,L={province},C=VN",
            f"CN=UBND {commune},O=UBND {district.upper()},L={province},C=VN",
            f"CN=ĐẢNG ỦY {commune.upper()},O=HUYỆN ỦY {district.upper()},L={province},C=VN",
            f"CN=Đảng ủy {commune},O=Huyện ủy {district},L={province},C=VN",
            f"CN=UBND {commune},O=UBND {district} - tỉnh {province},L={province},C=VN",
        ]
    for case in (str, str.upper):
        out += [
            case("CN=UBND Phường 1,O=UBND Q.3,L=Hồ Chí Minh,C=VN"),
            case("CN=Nguyễn Văn An,OU=UBND Phường 1,O=UBND Q.3,L=TP Hồ Chí Minh,C=VN"),
        ]
    return out


def test_district_parents_warm_are_cold() -> None:
    subjects = _parent_subjects()
    cold = _cold(subjects)
    for order in (subjects, subjects[::-1]):
        clear_caches()
        warm = {s: _run(s) for s in order}
        assert [warm[s] for s in subjects] == cold
    assert proposals._parents
    clear_caches()
    assert not proposals._parents


def test_district_parent_is_the_new_provinces() -> None:
    """ "UBND huyện Châu Thành" of three provinces: each gets its own new province's
    People's Committee, whichever was asked first."""
    clear_caches()
    answers = set()
    for commune, district, province in _communes_under("Châu Thành")[:4]:
        holder = read_holder(f"CN=UBND {commune},O=UBND {district},L={province},C=VN")
        verdict = _Checker(holder, load()).run()
        answers.add(verdict.proposed.get("O"))
    assert len(answers) >= 3, answers


def test_district_parent_case_from_the_holder_is_not_kept() -> None:
    """A parent whose own text tells no case ("UBND Q.3") takes the subject's: the answer
    is never kept for the next holder, who may write in the other case."""
    clear_caches()
    lower = _run("CN=UBND Phường 1,O=UBND Q.3,L=Hồ Chí Minh,C=VN")
    upper = _run("CN=UBND PHƯỜNG 1,O=UBND Q.3,L=HỒ CHÍ MINH,C=VN")
    clear_caches()
    assert upper == _run("CN=UBND PHƯỜNG 1,O=UBND Q.3,L=HỒ CHÍ MINH,C=VN")
    clear_caches()
    assert lower == _run("CN=UBND Phường 1,O=UBND Q.3,L=Hồ Chí Minh,C=VN")


def test_varied_subjects_warm_are_cold() -> None:
    """The cache tests' subjects (NFD, ALL CAPS, abbreviations, committees, odd forms)
    through the checker with every memo warm: each the verdict it has alone."""
    subjects = _varied()[::2]
    cold = _cold(subjects)
    clear_caches()
    assert [_run(s) for s in subjects] == cold
    assert [_run(s) for s in subjects] == cold  # every memo hit


def _prefer_written_jointly_plainly(old: list, new: list, mention) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    """The rule before its shortcut (the oracle)."""
    if not old or not new:
        return resolve._prefer_written(old, mention), resolve._prefer_written(new, mention)
    written = spelling_key(mention.written_name)
    same_old = [u for u in old if spelling_key(u.short) == written]
    same_new = [u for u in new if spelling_key(u.short) == written]
    if same_old or same_new:
        return same_old, same_new
    return old, new


def test_prefer_written_jointly_is_the_plain_rule() -> None:
    """Every commune mention of the varied subjects and of names spelt otherwise
    (tone placement, ASCII-folded, ALL CAPS, a tone mark changed): the shortcut for names
    spelt exactly as the units' gives what the spelling keys give."""
    units = load()
    texts = [
        "UBND xã Hạ Trung",
        "UBND xã Hà Trung",
        "UBND xã Tân Hòa",
        "UBND xã Tân Hoà",
        "UBND xa Tan Hoa",
        "UBND XÃ TÂN HÒA",
        "UBND xã Vũ Hội",
        "UBND phường Ba Đình",
    ]
    for subject in _varied():
        texts += [a.value for a in read_holder(subject).attributes]
    seen = 0
    for text in texts:
        for source in _Checker(read_holder(f"CN={text}"), units).sources:
            for mention in source.mentions:
                old = units.communes_by_key(mention.type_key, mention.name_key)
                new = units.new_communes_by_key(mention.type_key, mention.name_key)
                if not old and not new:
                    continue
                expected = _prefer_written_jointly_plainly(old, new, mention)
                assert _prefer_written_jointly(old, new, mention) == expected, text
                seen += 1
    assert seen > 50


def test_abolished_reason_is_each_districts_own() -> None:
    """A district's abolition reason, kept per district of the table: the labelled reason
    of that district (two "Châu Thành" get their own), cleared by clear_caches()."""
    units = load()
    clear_caches()
    mention = _Checker(read_holder("O=UBND huyện Châu Thành"), units).sources[0].mentions[0]
    reasons = set()
    for district in [d for d in units.old_districts if d.short == "Châu Thành"]:
        expected = unit_reasons.district_abolished(
            district, resolve.district_label(district, mention)
        )
        assert check._abolished(district, mention) == expected
        assert check._abolished(district, mention) is check._abolished(district, mention)
        reasons.add(expected)
    assert len(reasons) >= 3
    assert check._abolished_reasons
    clear_caches()
    assert not check._abolished_reasons
