"""The rule caches of the two-tier check answer as the uncached rules do (issue 15, item 6).

Each cache added for the speed of many subjects is keyed on everything its answer reads; a
key that left one input out would give two subjects the same answer where they deserve
different ones. For each cache: inputs that differ only in one part of the key get
different answers, the cached answer is the uncached one, and ``clear_caches()`` empties it.
"""

from __future__ import annotations

import pytest

from kyso.core.reform import check, naming, resolve, result, unit_reasons
from kyso.core.reform.check import _Checker, clear_caches
from kyso.core.reform.resolve import _district_candidates
from kyso.core.reform.result import ReformResult, encode_json, encode_result
from kyso.core.subjects.admin_units import folded_words, load
from kyso.core.subjects.holder import read_holder
from kyso.core.subjects.places import Mention, mentions_in
from tests.core.reform.test_reform_caches import _varied

# The same province, written in every way render distinguishes: the words before the type
# word (none, an acronym, Title Case words), the type word (written out in either case,
# abbreviated with and without the dot, a Party and a Youth Union committee).
_WRITTEN = [
    "Tỉnh Thái Bình",
    "tỉnh Thái Bình",
    "UBND tỉnh Thái Bình",
    "UBND Tỉnh Thái Bình",
    "Ủy Ban Nhân Dân Tỉnh Thái Bình",
    "Ủy ban nhân dân Tỉnh Thái Bình",
    "UBND T. Thái Bình",
    "T. Thái Bình",
    "Tỉnh ủy Thái Bình",
    "Tỉnh Ủy Thái Bình",
    "Tỉnh đoàn Thái Bình",
    "UBND TP Thái Bình",
    "UBND TP. Thái Bình",
    "Sở Y tế tỉnh Thái Bình",
]
_SUCCESSORS = [
    ("Tỉnh", "Hưng Yên"),
    ("Thành phố", "Hải Phòng"),
    ("Xã", "Vũ Hội"),
    ("Phường", "Ba Đình"),
    ("Đặc khu", "Côn Đảo"),
]


def _render_plainly(kind: str, short: str, mention: Mention) -> str:
    """:func:`naming.render` as it was written before its looks were cached (the oracle)."""
    written = mention.written_type
    how = written_how = naming.type_style(written)
    if how == "abbreviated" and kind == "Tỉnh" and "".join(folded_words(written)) != "t":
        how = "full"
    if how == "abbreviated" and kind in naming.ABBREVIATIONS:
        abbreviation = naming.ABBREVIATIONS[kind]
        if "." not in written and abbreviation == "TP.":
            abbreviation = "TP"
        return f"{abbreviation} {short}"
    if how == "party" and kind in naming.PARTY_COMMITTEES:
        party = naming.PARTY_COMMITTEES[kind]
        if written.split()[-1][:1].isupper():
            party = party.title()
        return f"{party} {short}"
    if how == "youth" and kind in naming.YOUTH_UNIONS:
        return f"{naming.YOUTH_UNIONS[kind]} {short}"
    full = f"{kind} {short}"
    title = written_how == "full" and written[:1].isupper()
    if title and mention.start > 0 and naming._title_cased(mention.text[: mention.start]):
        full = f"{kind.title()} {short}"
    return full if mention.start == 0 or title else naming.lower_kind(full)


def _mention(text: str) -> Mention:
    found = mentions_in(text, load())
    assert found, text
    return found[0]


@pytest.mark.parametrize("kind,short", _SUCCESSORS)
def test_render_cached_is_render_uncached(kind: str, short: str) -> None:
    clear_caches()
    for text in _WRITTEN:
        mention = _mention(text)
        uncached = _render_plainly(kind, short, mention)
        assert naming.render(kind, short, mention) == uncached, text
        assert naming.render(kind, short, mention) == uncached, text  # from the cache


def test_render_tells_apart_every_way_of_writing() -> None:
    """Two mentions written differently get their own answers (the key holds the written
    type word, the words before it and where it starts), whatever was rendered first."""
    clear_caches()
    answers = {text: naming.render("Thành phố", "Hải Phòng", _mention(text)) for text in _WRITTEN}
    assert answers["Tỉnh Thái Bình"] == "Thành phố Hải Phòng"
    assert answers["UBND tỉnh Thái Bình"] == "thành phố Hải Phòng"
    assert answers["UBND Tỉnh Thái Bình"] == "Thành phố Hải Phòng"
    assert answers["Ủy Ban Nhân Dân Tỉnh Thái Bình"] == "Thành Phố Hải Phòng"
    assert answers["Ủy ban nhân dân Tỉnh Thái Bình"] == "Thành phố Hải Phòng"
    assert answers["UBND T. Thái Bình"] == "TP. Hải Phòng"
    assert answers["UBND TP Thái Bình"] == "TP Hải Phòng"
    assert answers["UBND TP. Thái Bình"] == "TP. Hải Phòng"
    assert answers["Tỉnh ủy Thái Bình"] == "Thành ủy Hải Phòng"
    assert answers["Tỉnh Ủy Thái Bình"] == "Thành Ủy Hải Phòng"
    assert answers["Tỉnh đoàn Thái Bình"] == "Thành đoàn Hải Phòng"
    # The same written mention for another successor: the unit is in the key too.
    mention = _mention("UBND tỉnh Thái Bình")
    assert naming.render("Tỉnh", "Hưng Yên", mention) == "tỉnh Hưng Yên"
    assert naming.render("Thành phố", "Hưng Yên", mention) == "thành phố Hưng Yên"
    assert naming.render("Tỉnh", "Hải Phòng", mention) == "tỉnh Hải Phòng"
    assert naming._looks
    clear_caches()
    assert not naming._looks


def test_district_candidates_keyed_on_the_province() -> None:
    """One district name in several provinces: each province gets its own district, no
    province gets them all, and the answer is the table's own lookup."""
    units = load()
    clear_caches()
    everywhere = _district_candidates(units, "", "hoangmai", None)
    provinces = {d.province.short for d in everywhere}
    assert len(everywhere) >= 2 and len(provinces) >= 2
    for district in everywhere:
        own = _district_candidates(units, "", "hoangmai", district.province)
        assert district in own and all(d.province is district.province for d in own)
        expected = [
            *units.districts_by_key("", "hoangmai", district.province),
            *units.former_districts_by_key("", "hoangmai", district.province),
        ]
        assert own == expected
    # The type word is in the key: "quận Hoàng Mai" (Hà Nội) is not "thị xã Hoàng Mai".
    quan = _district_candidates(units, "quan", "hoangmai", None)
    thixa = _district_candidates(units, "thixa", "hoangmai", None)
    assert quan and thixa and {d.province.short for d in quan} != {d.province.short for d in thixa}
    assert _district_candidates(units, "", "hoangmai", None) == everywhere  # cached: the same
    assert resolve._districts
    clear_caches()
    assert not resolve._districts


def test_province_json_keyed_on_both_names() -> None:
    clear_caches()
    holder = read_holder("CN=UBND tỉnh Thái Bình")
    texts = set()
    for old, new in [
        ("Thái Bình", "Hưng Yên"),
        ("Hưng Yên", "Hưng Yên"),
        ("Thái Bình", None),
        (None, None),
        (None, "Hưng Yên"),
    ]:
        verdict = ReformResult(status="current", holder=holder, province_old=old, province_new=new)
        text = encode_result(verdict)
        assert text == encode_json(verdict.to_json())
        assert encode_result(verdict) == text  # from the cache
        texts.add(text)
    assert len(texts) == 5
    assert result._province_json
    clear_caches()
    assert not result._province_json


def test_names_a_province_is_the_mapping_of_every_mention() -> None:
    """The proposals ask whether an attribute names a province from the mentions the
    checker mapped; the answer is the one of mapping each mention again."""
    units = load()
    for subject in _varied():
        checker = _Checker(read_holder(subject), units)
        checker.run()
        if not checker.r.province_mentions and not checker.r.province:
            continue
        for source in checker.sources:
            expected = any(checker._province_of(m) is not None for m in source.mentions)
            assert checker._names_a_province(source) == expected, (subject, source.key)


def test_names_of_a_list_are_its_own() -> None:
    """The names kept per list of the table (a district's successors, a new province's old
    provinces) are each list's own: two districts, two new provinces get their own."""
    units = load()
    clear_caches()
    seen: dict[tuple[str, ...], object] = {}
    for district in units.old_districts[:300]:
        names = check._names_of(district.successors)
        assert names == tuple(c.name for c in district.successors)
        assert check._names_of(district.successors) is names  # from the cache
        seen.setdefault(names, district)
    assert len(seen) > 250  # districts of different successors got different names
    for province in units.new_provinces:
        where, reason = unit_reasons.filing(province)
        assert where == tuple(p.short for p in province.old)
        assert reason == unit_reasons.file_at(province, ", ".join(where))
    filings = {unit_reasons.filing(p) for p in units.new_provinces}
    assert len(filings) == len(units.new_provinces)
    assert check._names and unit_reasons.filing.cache_info().currsize
    clear_caches()
    assert not check._names and not unit_reasons.filing.cache_info().currsize


def test_successors_once_each_in_order() -> None:
    units = load()
    for commune in units.old_communes[:2000]:
        expected: list = []
        for s in commune.successors:
            if s not in expected:
                expected.append(s)
        assert check._successors([commune]) == expected
    pair = [units.old_communes[0], units.old_communes[1]]
    merged: list = []
    for c in pair:
        merged += [s for s in c.successors if s not in merged]
    assert check._successors(pair) == merged


def test_render_is_the_plain_rule_on_every_mention_of_the_varied_subjects() -> None:
    """Every place of the cache tests' subjects (NFD, ALL CAPS, abbreviations, Party and
    Youth Union committees, Title Case), rendered as every kind of unit: the same answer
    as the rule written plainly, cold or warm."""
    units = load()
    clear_caches()
    kinds = [*_SUCCESSORS, ("Thị xã", "Kỳ Anh"), ("Thị trấn", "Mới")]
    seen = 0
    for subject in _varied():
        for source in _Checker(read_holder(subject), units).sources:
            for mention in source.mentions:
                for kind, short in kinds:
                    expected = _render_plainly(kind, short, mention)
                    assert naming.render(kind, short, mention) == expected, (subject, kind)
                    seen += 1
    assert seen > 1000


def test_commune_parent_reason_per_text() -> None:
    """The reason quotes the attribute, its written value and the proposal: each of the
    three tells two reasons apart; the cached one is the one written afresh."""
    from kyso.core.reform import unit_reasons

    clear_caches()
    base = ("O", "UBND huyện Vũ Thư", "UBND tỉnh Hưng Yên")
    variants = [
        base,
        ("OU", "UBND huyện Vũ Thư", "UBND tỉnh Hưng Yên"),
        ("O", "UBND Huyện Vũ Thư", "UBND tỉnh Hưng Yên"),
        ("O", "UBND huyện Vũ Thư", "UBND Tỉnh Hưng Yên"),
    ]
    reasons = [unit_reasons.commune_parent(*v) for v in variants]
    assert len({r.vi for r in reasons}) == len({r.en for r in reasons}) == 4
    assert (
        reasons[0].vi
        == "Cấp xã nay trực thuộc cấp tỉnh: O “UBND huyện Vũ Thư” → “UBND tỉnh Hưng Yên”."
    )
    assert unit_reasons.commune_parent(*base) is reasons[0]
    clear_caches()
    assert unit_reasons.commune_parent.cache_info().currsize == 0
