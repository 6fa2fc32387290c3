"""Writing a proposed unit name in the style the certificate already uses.

A proposal replaces a place named in an attribute ("huyện Vũ Thư", "T. Hải Dương", "Tỉnh ủy
Thái Bình") by its successor. The successor's type word follows the written one:

- written out ("tỉnh", "Xã") -> written out, in the case it was written (capitalised first in
  a value);
- abbreviated ("T.", "X.", "TP", "TP.") -> the successor type's abbreviation ("TP. Hải
  Phòng", never "T. Hải Phòng" for a centrally-run city);
- a Party committee ("Tỉnh ủy", "Thành ủy") -> the Party committee of the successor's type;
- a Youth Union committee ("Huyện đoàn", "Tỉnh đoàn") -> the Youth Union's of that type.

All upper case stays all upper case (:func:`style`). Names come from the table, NFC.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from kyso.core.subjects.admin_units import folded_words
from kyso.core.subjects.letter_case import LETTER_RUNS, is_word, written_upper
from kyso.core.subjects.places import Mention

# Type word (as in the table) -> abbreviation, and -> Party committee.
ABBREVIATIONS = {
    "Tỉnh": "T.",
    "Thành phố": "TP.",
    "Huyện": "H.",
    "Quận": "Q.",
    "Thị xã": "TX.",
    "Xã": "X.",
    "Phường": "P.",
    "Thị trấn": "TT.",
}
PARTY_COMMITTEES = {"Tỉnh": "Tỉnh ủy", "Thành phố": "Thành ủy"}
YOUTH_UNIONS = {"Tỉnh": "Tỉnh đoàn", "Thành phố": "Thành đoàn"}
"""The Youth Union's committee of the successor's type ("Huyện đoàn" -> "Tỉnh đoàn")."""
_ABBREVIATED = frozenset(("t", "tp", "h", "q", "tx", "x", "p", "tt"))


# The words before a place that make a Party or Youth Union committee of it ("Huyện ủy
# huyện Vũ Thư", "Quận ủy Quận 3", "Quận đoàn Quận 1", "Đảng ủy huyện …"): folded first
# word -> the lines it may start. "Đảng đoàn" (a Party delegation) is another body.
_COMMITTEE_LEVELS = {
    "dang": ("uy",),
    "tinh": ("uy", "doan"),
    "thanh": ("uy", "doan"),
    "huyen": ("uy", "doan"),
    "quan": ("uy", "doan"),
    "thi": ("uy", "doan"),
}
_LAST_TWO_WORDS = re.compile(r"(\S+)\s+(\S+)\s*$")


class Committee(NamedTuple):
    """A committee's type word written before a place (:func:`committee_before`)."""

    start: int
    """Where its first word starts in the text."""
    line: str
    """"party" or "youth"."""
    title: bool
    """Its second word is capitalised ("Huyện Ủy", "Quận Đoàn")."""


def committee_before(text: str, start: int) -> Committee | None:
    """The Party or Youth Union committee written as the two words just before ``start``
    (where a place is named), or None: "Huyện ủy huyện Vũ Thư", "Quận đoàn Quận 1".

    The place is then the committee's, not a People's Committee's: the committee is
    written anew as a whole ("Tỉnh ủy Hưng Yên", "Thành đoàn Hồ Chí Minh", "Đảng ủy xã …"),
    never "Huyện ủy tỉnh Hưng Yên". Asked of every commune body's district parent: read
    once per text before the place ("UBND ", "Huyện ủy " recur over thousands).
    """
    before = text[:start]
    found = _committees.get(before, _UNREAD)
    if found is _UNREAD:
        found = _committee_at_end(before)
        if len(_committees) >= _COMMITTEES_SIZE:
            _committees.clear()
        _committees[before] = found
    return found  # type: ignore[return-value]


def _committee_at_end(before: str) -> Committee | None:
    found = _LAST_TWO_WORDS.search(before)
    if found is None:
        return None
    first, second = found.group(1), found.group(2)
    words = folded_words(f"{first} {second}")
    if len(words) != 2 or words[1] not in _COMMITTEE_LEVELS.get(words[0], ()):
        return None
    if words == ("quan", "doan") and first.lower() != "quận":
        return None  # "Quân đoàn" (an army corps), not the Youth Union's "Quận đoàn"
    line = "party" if words[1] == "uy" else "youth"
    return Committee(found.start(), line, second[:1].isupper())


# committee_before's answers by the text before the place. Bounded; cleared by
# clear_caches().
_committees: dict[str, Committee | None] = {}
_COMMITTEES_SIZE = 20_000
_UNREAD = object()


def province_committee(kind: str, committee: Committee) -> str | None:
    """The province's committee of ``committee``'s line for a province of ``kind``
    ("Tỉnh ủy", "Thành đoàn"), in its written case; None for another kind."""
    table = PARTY_COMMITTEES if committee.line == "party" else YOUTH_UNIONS
    word = table.get(kind)
    if word is None:
        return None
    return word.title() if committee.title else word


def style(sample: str, text: str, context: Callable[[], str] | None = None) -> str:
    """``text`` in the case style of ``sample`` (all upper stays upper).

    A sample of acronyms alone ("BR-VT") says nothing: then ``context()`` (the subject's
    other values, asked for only then) decides, so "L=BR-VT" is answered "Hồ Chí Minh" in
    a DN written in mixed case and "HỒ CHÍ MINH" in one written all upper case.
    """
    upper = _all_upper(sample)
    if upper is None and context is not None:
        upper = _all_upper(context())
    return text.upper() if upper else text


# Cached: the same values recur.
_all_upper = functools.lru_cache(maxsize=8192)(written_upper)


def lower_kind(name: str) -> str:
    """ "Tỉnh Hưng Yên" -> "tỉnh Hưng Yên" (a type word inside a longer name)."""
    return name[:1].lower() + name[1:]


def type_style(written_type: str) -> str:
    """ "abbreviated", "party", "youth" or "full" for a written type word ("T.", "Tỉnh ủy",
    "Huyện đoàn", "tỉnh")."""
    words = folded_words(written_type)
    if words and "".join(words) in _ABBREVIATED and len(words) <= 2:
        return "abbreviated"
    if len(words) == 2 and words[1] == "uy":
        return "party"
    if len(words) == 2 and words[1] == "doan":
        return "youth"
    return "full"


class _Look(NamedTuple):
    """How a mention is written, all that :func:`render` reads of it (see :func:`_look`)."""

    how: str
    """:func:`type_style` of the written type word."""
    bare_t: bool
    """The type word is "T." alone (not "TP", "TX"…): a province may be abbreviated so."""
    dot: bool
    """The type word has a dot ("TP." rather than "TP")."""
    party_title: bool
    """A Party committee's second word is capitalised ("Huyện Ủy")."""
    title: bool
    """The type word is written out, capitalised ("Tỉnh", "Xã")."""
    title_cased: bool
    """... and the words before it are Title Case ("Ủy Ban Nhân Dân Tỉnh …")."""
    first: bool
    """The mention starts the value."""


# How each mention is written, by what decides it: its text up to its name (the words
# before the type word and the type word itself) and where the type word starts. A few
# written styles recur over thousands of subjects (every "UBND Xã …", every "UBND Huyện
# …"). Bounded; cleared by clear_caches().
_looks: dict[tuple[str, int], _Look] = {}
_LOOKS_SIZE = 20_000


def _look(before_name: str, start: int) -> _Look:
    written = before_name[start:].strip()  # Mention.written_type
    how = type_style(written)
    found = _Look(
        how=how,
        bare_t="".join(folded_words(written)) == "t",
        dot="." in written,
        party_title=how == "party" and written.split()[-1][:1].isupper(),
        title=how == "full" and written[:1].isupper(),
        title_cased=(
            how == "full"
            and written[:1].isupper()
            and start > 0
            and _title_cased(before_name[:start])
        ),
        first=start == 0,
    )
    if len(_looks) >= _LOOKS_SIZE:
        _looks.clear()
    _looks[(before_name, start)] = found
    return found


def render(kind: str, short: str, mention: Mention) -> str:
    """The unit ``kind`` ``short`` ("Thành phố", "Hải Phòng") written where ``mention`` was."""
    # Every form is "<type word as written for kind> <short>": the first part depends on
    # the written style and the kind alone, so it is worked out once for each (every new
    # commune's "UBND xã …" shares it).
    key = (mention.text[: mention.name_start], mention.start, kind)
    prefix = _prefixes.get(key)
    if prefix is None:
        prefix = _prefix(kind, key[0], mention.start)
        if len(_prefixes) >= _LOOKS_SIZE:
            _prefixes.clear()
        _prefixes[key] = prefix
    return f"{prefix} {short}"


# render's type words by the text up to the name, where the type word starts and the kind
# written. Bounded; cleared by clear_caches().
_prefixes: dict[tuple[str, int, str], str] = {}


def _prefix(kind: str, before_name: str, start: int) -> str:
    """The type word :func:`render` writes before the successor's short name."""
    look = _looks.get((before_name, start))
    if look is None:
        look = _look(before_name, start)
    how = look.how
    if how == "abbreviated" and kind == "Tỉnh" and not look.bare_t:
        how = "full"  # "TP Thái Bình" (a district-level city) -> "tỉnh Hưng Yên", not "T."
    if how == "abbreviated" and kind in ABBREVIATIONS:
        abbreviation = ABBREVIATIONS[kind]
        if not look.dot and abbreviation == "TP.":
            abbreviation = "TP"  # "TP Hải Phòng" as written, without the dot
        return abbreviation
    if how == "party" and kind in PARTY_COMMITTEES:
        party = PARTY_COMMITTEES[kind]
        if look.party_title:
            party = party.title()  # "Huyện Ủy" (title case) -> "Tỉnh Ủy"
        return party
    if how == "youth" and kind in YOUTH_UNIONS:
        return YOUTH_UNIONS[kind]
    # The type word keeps the case it was written in: "UBND xã …" -> "UBND xã …", "UBND Xã
    # …" (title case) -> "UBND Xã …"; first in a value it is capitalised.
    if look.title_cased:
        # "Ủy Ban Nhân Dân Tỉnh Bình Dương": every word capitalised, so the new type word
        # is too ("… Thành Phố Hồ Chí Minh", not "… Thành phố …" inside a Title Case name).
        return kind.title()
    return kind if look.first or look.title else lower_kind(kind)


def _title_cased(before: str) -> bool:
    """Whether the words before a type word are written Title Case ("Ủy Ban Nhân Dân"):
    at least one real word (not an acronym such as "UBND", which says nothing), each
    capitalised first and not all upper case."""
    words = [run for run in LETTER_RUNS.findall(before) if run.isalpha() and is_word(run)]
    return bool(words) and all(w[:1].isupper() and not w.isupper() for w in words)


def clear_caches() -> None:
    _all_upper.cache_clear()
    _looks.clear()
    _prefixes.clear()
    _committees.clear()
