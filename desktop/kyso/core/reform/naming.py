"""Writing a proposed unit name in the style the certificate already uses.

A proposal replaces a place named in an attribute ("huyện Vũ Thư", "T. Hải Dương", "Tỉnh ủy
Thái Bình") by its successor. The successor's type word follows the written one:

- written out ("tỉnh", "Xã") -> written out, lower case inside a name, capitalised first;
- abbreviated ("T.", "X.", "TP", "TP.") -> the successor type's abbreviation ("TP. Hải
  Phòng", never "T. Hải Phòng" for a centrally-run city);
- a Party committee ("Tỉnh ủy", "Thành ủy") -> the Party committee of the successor's type;
- a Youth Union committee ("Huyện đoàn", "Tỉnh đoàn") -> the Youth Union's of that type.

All upper case stays all upper case (:func:`style`). Names come from the table, NFC.
"""

from __future__ import annotations

import functools
import re

from kyso.core.subjects.admin_units import folded_words
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
_ROMAN = re.compile(r"[IVXL]+")
_ABBREVIATED = frozenset(("t", "tp", "h", "q", "tx", "x", "p", "tt"))


def style(sample: str, text: str) -> str:
    """``text`` in the case style of ``sample`` (all upper stays upper)."""
    return text.upper() if _all_upper(sample) else text


@functools.lru_cache(maxsize=8192)
def _all_upper(sample: str) -> bool:
    """Whether ``sample`` is written all upper case (cached: the same values recur)."""
    if sample.upper() != sample:
        return False  # a lower-case letter (never in a Roman numeral): most values say so
    # Roman numerals ("Phường III") are upper case in any style: they are no evidence.
    words = [w for w in sample.split() if not _ROMAN.fullmatch(w.strip(".,"))]
    letters = [c for w in words for c in w if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1


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


def render(kind: str, short: str, mention: Mention) -> str:
    """The unit ``kind`` ``short`` ("Thành phố", "Hải Phòng") written where ``mention`` was."""
    written = mention.written_type
    how = type_style(written)
    if how == "abbreviated" and kind == "Tỉnh" and "".join(folded_words(written)) != "t":
        how = "full"  # "TP Thái Bình" (a district-level city) -> "tỉnh Hưng Yên", not "T."
    if how == "abbreviated" and kind in ABBREVIATIONS:
        abbreviation = ABBREVIATIONS[kind]
        if "." not in written and abbreviation == "TP.":
            abbreviation = "TP"  # "TP Hải Phòng" as written, without the dot
        return f"{abbreviation} {short}"
    if how == "party" and kind in PARTY_COMMITTEES:
        return f"{PARTY_COMMITTEES[kind]} {short}"
    if how == "youth" and kind in YOUTH_UNIONS:
        return f"{YOUTH_UNIONS[kind]} {short}"
    full = f"{kind} {short}"
    return lower_kind(full) if mention.start > 0 else full


def clear_caches() -> None:
    _all_upper.cache_clear()
