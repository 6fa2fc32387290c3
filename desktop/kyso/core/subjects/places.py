"""Finding the places a unit's name mentions: "UBND huyện Vũ Thư" -> district "Vũ Thư".

A name is split into words (kept with their positions, so a mention can be rewritten in
place), each folded (see :func:`kyso.core.subjects.admin_units.fold`). A type word — written out
("thị xã"), abbreviated ("TX.", "TP.", "TP", "T.P", "T.", "Q.", "H.", "X.", "P.", "TT.") or as a party
committee ("Huyện ủy", "Thành ủy") — followed by the longest run of words that names a
unit of that type in the table makes a :class:`Mention`. A province may also be named
bare at the end of a name ("Sở Y tế Thái Bình") or as a whole value (``L=Thái Bình``).

"thành phố" is province-level or district-level; which one is decided later, by lookup.
"T." reads as "tỉnh" only when a province's name follows ("T. Thái Bình"), "X." as "xã"
only before a commune's name: a lone initial is never taken for a place.

"Hồ Chí Minh" written bare at the end of the name of a mass organisation, an institution or
a central body, or right after "Chủ tịch" or "tư tưởng" in any name, is the President's name
("Đoàn TNCS Hồ Chí Minh", "Bảo tàng Hồ Chí Minh", "Ban Quản lý Lăng Chủ tịch Hồ Chí Minh"),
not the city: there only "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh" or a whole L value name
the city. After an agency's name ("Sở Tư pháp Hồ Chí Minh") or a People's Committee's or
Council's ("Chủ tịch UBND Hồ Chí Minh") it is the city.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from kyso.core.subjects import bodies
from kyso.core.subjects.admin_units import (
    AdminUnits,
    OldProvince,
    fold,
    other_numeral,
    spelling_key,
)
from kyso.core.subjects.bodies import body_kind
from kyso.core.subjects.letter_case import ROMAN_NUMERAL

# The Youth Union's committee of an urban district, read only as spelt (see _scan).
_QUAN_DOAN = ("quan", "doan")
# Folded word sequences -> type key. "tp" covers "TP", "Tp", "T.P" (joined below).
_TYPE_WORDS: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("thanh", "pho"), "thanhpho"),
        (("tp",), "thanhpho"),
        (("thanh", "uy"), "thanhpho"),
        (("tinh",), "tinh"),
        (("t",), "tinh"),
        (("tinh", "uy"), "tinh"),
        (("huyen",), "huyen"),
        (("huyen", "uy"), "huyen"),
        (("huyen", "dao"), "huyen"),  # "huyện đảo Cồn Cỏ": an island district (no name
        (("h",), "huyen"),  # of a district starts "Đảo")
        (("quan",), "quan"),
        (("quan", "uy"), "quan"),
        (("q",), "quan"),
        (("thi", "xa"), "thixa"),
        (("thi", "uy"), "thixa"),
        (("tx",), "thixa"),
        (("xa",), "xa"),
        (("x",), "xa"),
        (("phuong",), "phuong"),
        (("p",), "phuong"),
        (("thi", "tran"), "thitran"),
        (("tt",), "thitran"),
        (("dac", "khu"), "dackhu"),
        # The Youth Union's committees, named like the Party's: "Huyện đoàn Vũ Thư".
        # "Quận đoàn" only as spelt (see _scan): folded, it is also "Quân đoàn" (an army
        # corps: "Quân đoàn 3" ≠ "Quận 3"), and "Quan doan" could be either.
        (("tinh", "doan"), "tinh"),
        (("thanh", "doan"), "thanhpho"),
        (("huyen", "doan"), "huyen"),
        (_QUAN_DOAN, "quan"),
        (("thi", "doan"), "thixa"),
    ],
    key=lambda item: -len(item[0]),
)
_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _seq, _type in _TYPE_WORDS:
    _BY_FIRST_WORD.setdefault(_seq[0], []).append((_seq, _type))
_MAX_NAME_WORDS = 6
# How each folded word of a type word is spelt with its marks: a word written with marks
# is that type word's only when spelt so ("Phượng Nghi", "Phương Canh", "Xá Nhè", "Huyền
# Tụng" are names, not "phường Nghi", "xã Nhè", "huyện Tụng"); written without marks it
# is the type word only in a value written without any ("UBND xa Vu Hoi"): beside marked
# words it is a name ("Trường THCS Quan Lạn" is not "quận Lạn"). Abbreviations ("TP",
# "H.") have no marks to compare.
_TYPE_SPELLINGS = {
    "phuong": frozenset(("phường",)),
    "xa": frozenset(("xã",)),
    "huyen": frozenset(("huyện",)),
    "quan": frozenset(("quận",)),
    "tinh": frozenset(("tỉnh",)),
    "thanh": frozenset(("thành",)),
    "pho": frozenset(("phố",)),
    "thi": frozenset(("thị",)),
    "tran": frozenset(("trấn",)),
    "dac": frozenset(("đặc",)),
    "uy": frozenset(("ủy", "uỷ")),
    "doan": frozenset(("đoàn",)),
    "dao": frozenset(("đảo",)),
}


def _spelt_as_type(
    text: str, keys: list[str], starts: list[int], ends: list[int], i: int, m: int
) -> bool:
    """Whether the ``m`` words from word ``i`` are written as a type word's: each without
    marks or with the type word's own (see _TYPE_SPELLINGS)."""
    for j in range(i, i + m):
        word = text[starts[j] : ends[j]]
        spelt = _TYPE_SPELLINGS.get(keys[j])
        if spelt is None:
            continue  # "TP", "H.", "khu": no marks to compare
        if word.isascii():
            if text.isascii():
                continue  # "UBND xa Vu Hoi": typed without any mark
            return False  # "Quan Hồ Thẩn", "Quan Lạn": marks elsewhere, none here
        if word.lower() not in spelt:
            return False
    return True


_MULTI_WORD_FIRST = frozenset(seq[0] for seq, _ in _TYPE_WORDS if len(seq) > 1)
# Province names that are also a person's name when written bare inside the name of a
# body that is often named after people ("Đoàn TNCS Hồ Chí Minh", "Bảo tàng Hồ Chí Minh");
# "Sở Tư pháp Hồ Chí Minh" still names the city.
_PERSON_NAMES = frozenset(("hochiminh",))
_NAMED_AFTER_PEOPLE = frozenset(
    (bodies.FRONT, bodies.PUBLIC_SERVICE, bodies.CENTRAL, bodies.PARTY, bodies.OTHER)
)
# Words before a bare "Hồ Chí Minh" that make it the President whatever the body ("Ban …
# Lăng Chủ tịch Hồ Chí Minh", "… tư tưởng Hồ Chí Minh").
_PERSON_BEFORE = frozenset((("chu", "tich"), ("tu", "tuong")))
# Words right before a bare "Hồ Chí Minh" that make it the city whatever comes before them:
# the city's People's Committee or Council ("Chủ tịch UBND Hồ Chí Minh": the President
# rule reads right after "Chủ tịch", not after "Chủ tịch UBND").
_COMMITTEE_BEFORE = frozenset(
    (("ubnd",), ("hdnd",), ("uy", "ban", "nhan", "dan"), ("hoi", "dong", "nhan", "dan"))
)


def _names_committee_before(keys: list[str], first: int) -> bool:
    return tuple(keys[first - 1 : first]) in _COMMITTEE_BEFORE or (
        first >= 4 and tuple(keys[first - 4 : first]) in _COMMITTEE_BEFORE
    )


# Each written word's folded parts as (key, start, end) relative to the word: "Q1" -> q, 1.
# The same words recur in every name of a province: folded once each (bounded).
_parts_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
_PARTS_CACHE_SIZE = 50_000


def _word_parts(word: str) -> tuple[tuple[str, int, int], ...]:
    key = fold(word)
    parts: tuple[tuple[str, int, int], ...]
    if not key:
        parts = ()
    else:
        split = _LETTER_DIGITS.match(key)
        if split:
            parts = ((split.group(1), 0, 1), (split.group(2), 1, len(word)))
        else:
            parts = ((key, 0, len(word)),)
    if len(_parts_cache) < _PARTS_CACHE_SIZE:
        _parts_cache[word] = parts
    return parts


_WORD = re.compile(r"[^\W_]+")
_LETTER_DIGITS = re.compile(r"^(q|p)([0-9]+)$")

PROVINCE, CITY, DISTRICT, COMMUNE = "province", "city", "district", "commune"
_LEVEL = {
    "tinh": PROVINCE,
    "thanhpho": CITY,
    "huyen": DISTRICT,
    "quan": DISTRICT,
    "thixa": DISTRICT,
    "xa": COMMUNE,
    "phuong": COMMUNE,
    "thitran": COMMUNE,
    "dackhu": COMMUNE,
}


class Word(NamedTuple):
    """A folded word and where it is in the text (a tuple: made for every word scanned)."""

    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A place named in a text: its level, type key ("" when bare) and folded name."""

    level: str
    """"province", "city" (province- or district-level, decided by lookup), "district",
    "commune"."""
    type_key: str
    name_key: str
    start: int
    """Where the mention (type word included) starts and ends in the text."""
    end: int
    name_start: int
    """Where the name itself starts (after the type word)."""
    text: str

    def __init__(
        self,
        level: str,
        type_key: str,
        name_key: str,
        start: int,
        end: int,
        name_start: int,
        text: str,
    ) -> None:
        # Frozen, set in one go: the dataclass' own __init__ sets each field through
        # object.__setattr__, three times slower; a batch of subjects makes many.
        self.__dict__.update(
            level=level,
            type_key=type_key,
            name_key=name_key,
            start=start,
            end=end,
            name_start=name_start,
            text=text,
        )

    @property
    def written(self) -> str:
        return self.text[self.start : self.end]

    @property
    def written_name(self) -> str:
        return self.text[self.name_start : self.end]

    @property
    def written_type(self) -> str:
        return self.text[self.start : self.name_start].strip()


def words_of(text: str) -> list[Word]:
    """Folded words with their positions; "T.P" -> "tp", "Q1" -> "q", "1"."""
    keys, starts, ends = _folded(text)
    return [Word(k, s, e) for k, s, e in zip(keys, starts, ends, strict=True)]


# The folded words of each space-free token ("Xã", "T.P", "Q1") with their places in it:
# names are made of few distinct tokens, each read once (bounded). A token that is one
# word from its first character to its last ("Xã", "Phúc") is kept as that word's key
# alone (a str): most are, and the scan then needs no arithmetic for them.
_token_parts: dict[str, str | tuple[tuple[str, int, int], ...]] = {}


def _parts_of_token(token: str) -> str | tuple[tuple[str, int, int], ...]:
    parts: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(token):
        word = match.group()
        word_parts = _parts_cache.get(word)
        if word_parts is None:
            word_parts = _word_parts(word)
        at = match.start()
        parts.extend((key, at + start, at + end) for key, start, end in word_parts)
    found: str | tuple[tuple[str, int, int], ...] = tuple(parts)
    if len(parts) == 1 and parts[0][1] == 0 and parts[0][2] == len(token):
        found = parts[0][0]
    if len(_token_parts) >= _PARTS_CACHE_SIZE:
        _token_parts.clear()
    _token_parts[token] = found
    return found


def _folded(text: str) -> tuple[list[str], list[int], list[int]]:
    """:func:`words_of` as three lists (keys, starts, ends): what the scan reads, without
    an object per word. Words never span a space, so the text is read token by token."""
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    get = _token_parts.get
    for token in text.split(" "):
        if not token:
            at += 1
            continue
        parts = get(token)
        if parts is None:
            parts = _parts_of_token(token)
        if parts.__class__ is str:  # one word, the whole token
            if parts == "p" and keys and keys[-1] == "t" and at - ends[-1] <= 2:
                ends[-1] = at + len(token)  # "T. P"
                keys[-1] = "tp"
            else:
                keys.append(parts)  # type: ignore[arg-type]
                starts.append(at)
                ends.append(at + len(token))
        else:
            for key, start, end in parts:  # type: ignore[misc]
                if key == "p" and keys and keys[-1] == "t" and at + start - ends[-1] <= 2:
                    keys[-1] = "tp"  # "T.P", "T. P"
                    ends[-1] = at + end
                else:
                    keys.append(key)
                    starts.append(at + start)
                    ends.append(at + end)
        at += len(token) + 1
    return keys, starts, ends


def _names_unit(units: AdminUnits, type_key: str, name_key: str) -> bool:
    """Whether ``name_key`` names a unit of ``type_key``: the rule
    :meth:`AdminUnits.names_of_type` compiles into one set per type (the scan reads the
    sets; a test holds them to this)."""
    if type_key == "tinh":
        return units.province_by_key(name_key) is not None
    if type_key == "thanhpho":
        province = units.province_by_key(name_key)
        return (province is not None) or units.can_name("thanhpho", name_key)
    return units.can_name(type_key, name_key)


def scan(text: str, units: AdminUnits) -> list[Mention]:
    """All places ``text`` names with a type word, in order; then a bare province at the end."""
    return list(_scan_cached(text, units))


def mentions_in(text: str, units: AdminUnits) -> tuple[Mention, ...]:
    """:func:`scan` as the tuple kept for every later reader of the same text (no copy)."""
    return _scan_cached(text, units)


def place_mentions_in(text: str, units: AdminUnits) -> tuple[Mention, ...]:
    """:func:`scan_place_value` as the tuple kept for every later reader (no copy)."""
    return _scan_place_cached(text, units)


@functools.lru_cache(maxsize=16384)
def _scan_cached(text: str, units: AdminUnits) -> tuple[Mention, ...]:
    # Unit names repeat across an inventory (every certificate of a province names its
    # UBND): scanning each distinct text once keeps 10,000 subjects well under a second.
    return tuple(_scan(text, units))


def _scan(text: str, units: AdminUnits) -> list[Mention]:
    keys, starts, ends = _folded(text)
    mentions: list[Mention] = []
    i = 0
    n = len(keys)
    names_of_type = units.names_of_type  # what _names_unit takes, as one set per type
    by_first_word = _BY_FIRST_WORD
    while i < n:
        matched = False
        for seq, type_key in by_first_word.get(keys[i], ()):
            m = len(seq)
            if m > 1 and tuple(keys[i : i + m]) != seq:
                continue
            if seq is _QUAN_DOAN and text[starts[i] : ends[i]].lower() != "quận":
                continue  # "Quân đoàn 3", "Quan doan": not the Youth Union's "Quận đoàn"
            if not _spelt_as_type(text, keys, starts, ends, i, m):
                continue  # "Phượng Nghi", "Xá Nhè": a name, not "phường …", "xã …"
            first = i + m
            names = names_of_type(type_key)
            for length in range(min(_MAX_NAME_WORDS, n - first), 0, -1):
                name_key = "".join(keys[first : first + length])
                if name_key not in names and length > 1:
                    # "xã An Thạnh I" is the table's Xã An Thạnh 1 (and "Tam Xuân 1" its
                    # Xã Tam Xuân I): the name's number written the other way
                    name_key = _other_numbering(text, keys, starts, ends, first, length)
                if name_key in names and _one_name(text, keys, starts, ends, first, length):
                    mentions.append(
                        Mention(
                            _LEVEL[type_key],
                            type_key,
                            name_key,
                            starts[i],
                            ends[first + length - 1],
                            starts[first],
                            text,
                        )
                    )
                    i = first + length
                    matched = True
                    break
            if matched:
                break
        if not matched:
            i += 1
    for mention in mentions:
        if mention.level == PROVINCE or mention.level == CITY:
            return mentions
    # A bare province at the end: none when a mention already covers the last word.
    if n and (not mentions or mentions[-1].end <= starts[-1]):
        bare = _bare_province_at_end(keys, starts, ends, text, units, mentions)
        if bare is not None:
            mentions.append(bare)
    return mentions


def _numeral_at(text: str, keys: list[str], starts: list[int], ends: list[int], j: int) -> bool:
    """Whether word ``j`` is a number (1–49, Arabic or Roman in capitals: "4", "II") that
    goes on the name before it (only a space between): "xã An Thạnh 4", "Tam Xuân II"."""
    if j >= len(keys) or text[ends[j - 1] : starts[j]].strip():
        return False
    key = keys[j]
    if other_numeral(key) is None:
        return False
    return key.isdigit() or ROMAN_NUMERAL.fullmatch(text[starts[j] : ends[j]]) is not None


def _other_numbering(
    text: str, keys: list[str], starts: list[int], ends: list[int], first: int, length: int
) -> str:
    """The folded name of words ``first`` … ``first + length - 1`` with its last word, a
    number, written the other way ("anthanhi" → "anthanh1"); the name as written when its
    last word is no number."""
    last = first + length - 1
    if not _numeral_at(text, keys, starts, ends, last):
        return "".join(keys[first : first + length])
    return "".join(keys[first:last]) + other_numeral(keys[last])  # type: ignore[operator]


def _one_name(
    text: str, keys: list[str], starts: list[int], ends: list[int], first: int, length: int
) -> bool:
    """Whether the words ``first`` … ``first + length - 1`` can be one unit's name.

    A name never runs over a comma, a semicolon or a bracket, nor over a dash that a type
    word follows, nor into the first word of a type word ("xã Hòa Bình - thành phố Hạ
    Long", "xã Hòa Bình, thành phố Kon Tum" are not "xã Hòa Bình Thạnh"); a dash inside
    a name stays ("Bà Rịa - Vũng Tàu"). Called only when the words name a unit: rare.
    """
    stop = first + length
    for j in range(first + 1, stop):
        gap = text[ends[j - 1] : starts[j]]
        if gap == " " or not gap.strip():
            continue
        if _STOPS.search(gap):
            return False
        if "-" in gap and _type_word_at(keys, j):
            return False
    if keys[stop - 1] not in _MULTI_WORD_FIRST:  # no type word of two words starts there
        return True
    return not _type_word_at(keys, stop - 1, multi_only=True, stop=stop)


_STOPS = re.compile(r"[,;()\[\]/]")


def _type_word_at(keys: list[str], i: int, *, multi_only: bool = False, stop: int = -1) -> bool:
    """Whether a type word starts at word ``i`` (with ``multi_only``: one of two or more
    words that goes on past ``stop``, the end of a name)."""
    for seq, _ in _BY_FIRST_WORD.get(keys[i], ()):
        m = len(seq)
        if multi_only and (m < 2 or i + m <= stop):
            continue
        if tuple(keys[i : i + m]) == seq:
            return True
    return False


def _bare_province_at_end(
    keys: list[str],
    starts: list[int],
    ends: list[int],
    text: str,
    units: AdminUnits,
    mentions: list[Mention] | tuple[Mention, ...],
    place: bool = False,
) -> Mention | None:
    taken = mentions[-1].end if mentions else -1
    n = len(keys)
    for length in range(min(4, n), 0, -1):
        first = n - length
        if starts[first] < taken:
            continue
        key = "".join(keys[first:])
        if (
            not place
            and key in _PERSON_NAMES
            and not _names_committee_before(keys, first)
            and (
                body_kind(text) in _NAMED_AFTER_PEOPLE
                or tuple(keys[first - 2 : first]) in _PERSON_BEFORE
            )
        ):
            return None
        if len(key) >= 3:
            province = units.province_by_key(key)
            if province is not None:
                if not marks_agree(text[starts[first] : ends[-1]], province.short):
                    return None  # "Trường Tiểu học Yên Bài" (a commune of Hà Nội): not Yên Bái
                return Mention(PROVINCE, "", key, starts[first], ends[-1], starts[first], text)
    return None


def marks_agree(written: str, name: str) -> bool:
    """Whether ``written`` can be ``name`` as far as its diacritics go.

    A word written without any mark (ASCII-folded) agrees with any spelling; a word written
    with marks agrees only when they are the name's ("Yên Bài" is not "Yên Bái", "Hạ Trung"
    is not "Hà Trung"; tone placement aside: "Hoà" is "Hòa"). When the words do not pair
    up (an abbreviation, another spelling) nothing is told apart.
    """
    words = _LETTERS.findall(written)
    names = _LETTERS.findall(name)
    if len(words) != len(names):
        return True
    for word, named in zip(words, names, strict=True):
        if word.isascii():
            continue
        spelt, name_spelt = spelling_key(word), spelling_key(named)
        if spelt != name_spelt and _SPELT_ALSO.get(spelt) != name_spelt:
            return False
    return True


_LETTERS = re.compile(r"[^\W\d_]+")
# Spellings of one name that differ by a mark and are both in use: "Đăk Nông", "Đăk Lăk"
# (the resolutions themselves write "Đăk") for "Đắk Nông", "Đắk Lắk". Word by word, both
# ways; nothing else is let through ("Yên Bài" is still not "Yên Bái").
_SPELT_ALSO = {
    spelling_key(one): spelling_key(other)
    for a, b in (("Đăk", "Đắk"), ("Lăk", "Lắk"))
    for one, other in ((a, b), (b, a))
}


def scan_place_value(text: str, units: AdminUnits) -> list[Mention]:
    """Mentions in an L or ST value: the whole value as a province first ("Thái Bình")."""
    return list(_scan_place_cached(text, units))


@functools.lru_cache(maxsize=4096)
def _scan_place_cached(text: str, units: AdminUnits) -> tuple[Mention, ...]:
    keys, starts, ends = _folded(text)
    if keys:
        key = "".join(keys)
        province = units.province_by_key(key)
        if (
            province is not None
            and not _a_district_not_the_province(text, key, province, units)
            and not _a_tinhs_own_city(keys, province, units)
        ):
            return (Mention(PROVINCE, "", key, starts[0], ends[-1], starts[0], text),)
    found = _scan_cached(text, units)
    if not keys:
        return found
    # The country after the province ("Hà Nội, Việt Nam"): the province ends before it.
    cut = len(keys) - _country_at_end(text, keys, starts, ends)
    if (cut < len(keys) or "".join(keys[-3:]) in _PERSON_NAMES) and not any(
        m.level in (PROVINCE, CITY) for m in found
    ):
        # L and ST name places, never a body: "Hồ Chí Minh" at the end ("Nhà Bè, Hồ Chí
        # Minh") is the city, not the President a body's name may be named after.
        if cut and (not found or found[-1].end <= starts[cut - 1]):
            bare = _bare_province_at_end(
                keys[:cut], starts[:cut], ends[:cut], text, units, found, place=True
            )
            if bare is not None:
                return (*found, bare)
    return found


def _country_at_end(text: str, keys: list[str], starts: list[int], ends: list[int]) -> int:
    """How many of the last words name the country after a separator ("…, Việt Nam",
    "… - Vietnam", "…, VN"): 0 when none do."""
    n = len(keys)
    if n >= 3 and keys[-2:] == ["viet", "nam"]:
        words = 2
    elif n >= 2 and keys[-1] in ("vietnam", "vn"):
        words = 1
    else:
        return 0
    gap = text[ends[n - words - 1] : starts[n - words]]
    return words if ("," in gap or "-" in gap or ";" in gap) else 0


def _a_tinhs_own_city(keys: list[str], province: OldProvince, units: AdminUnits) -> bool:
    """Whether a place value is "thành phố"/"TP" and the name of a province that is a tỉnh
    with a district-level city of that name ("L=TP Hà Tĩnh", "L=Thành phố Thái Bình"):
    that city, not the province (the scan reads it as a city mention, which the check
    pins down by lookup). A centrally-run city ("TP Hồ Chí Minh") is the province."""
    if province.is_city or not keys or keys[0] not in ("tp", "thanh"):
        return False
    rest = keys[1:] if keys[0] == "tp" else keys[2:] if keys[1:2] == ["pho"] else None
    return bool(rest) and bool(units.districts_by_key("thanhpho", "".join(rest), province))


def _a_district_not_the_province(
    text: str, key: str, province: OldProvince, units: AdminUnits
) -> bool:
    """Whether a place value that folds to a province's name is spelt as a district's and
    not as the province's: "L=Phù Yên" is Huyện Phù Yên (Sơn La), not Tỉnh Phú Yên; "Quang
    Bình" (Hà Giang), "Thạnh Hóa" (Long An) likewise. Another spelling of the province
    ("Đắc Lắc", "Dak Lak") is still the province."""
    if marks_agree(text, province.short):
        return False
    spelt = spelling_key(text)
    return any(spelling_key(d.short) == spelt for d in units.districts_by_key("", key))


def clear_caches() -> None:
    """Forget the names scanned so far (for benchmarks measuring a cold start)."""
    _scan_cached.cache_clear()
    _scan_place_cached.cache_clear()
    _parts_cache.clear()
    _token_parts.clear()
