"""Vietnam's administrative units before and after 1 July 2025, read from the bundled table.

The table (``resources/admin_units/admin_units.json.gz``) is generated from a maintained
data set by :mod:`kyso.core.subjects.admin_units_build`; nothing here is hand-written. It is loaded
once, lazily, and indexed by *folded* keys: lower case, no diacritics, đ→d, no spaces or
punctuation, numbers without leading zeros ("Phường 01" and "phuong 1" -> ``phuong1``), a
final y after a consonant written i ("Phú Quý" and "Phú Quí" -> ``phuqui``: see
:func:`final_i`).

Units keep their type: ``huyenkianh`` and ``thixakianh`` are two districts. Lookups take a
type key (see :data:`TYPE_KEYS`) or ``None`` to match a bare name of any type.

Old certificates name units as they were when issued, and the lookups read them so, each
only when nothing is named as written in the place asked about:

- a district by the type it had before its upgrade ("huyện Thủy Nguyên" for Thành phố
  Thủy Nguyên, "thị xã Từ Sơn" for Thành phố Từ Sơn): :data:`_UPGRADED_TO`;
- a ward numbered the other way ("Phường 1" where the district has "Phường I");
- a commune merged into another, or renamed, before 2025 ("phường Lê Lợi" of Thị xã Sơn
  Tây, in Phường Ngô Quyền since 2019): the data set's aliases (see :meth:`AdminUnits.alias_of`).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import gzip
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from kyso.core.errors import KysoError
from kyso.core.resources import resource_path

TABLE_FILE = "admin_units.json.gz"

# Folded type word -> type key. Province-level: tinh, thanhpho; district-level: huyen,
# quan, thixa, thanhpho; commune-level: xa, phuong, thitran, dackhu.
TYPE_KEYS = {
    "Tỉnh": "tinh",
    "Thành phố": "thanhpho",
    "Huyện": "huyen",
    "Quận": "quan",
    "Thị xã": "thixa",
    "Xã": "xa",
    "Phường": "phuong",
    "Thị trấn": "thitran",
    "Đặc khu": "dackhu",
}
UNIT_TYPES = tuple(TYPE_KEYS)
"""The type words, in the order the table's type indexes refer to."""
_TYPE_PREFIXES = sorted(TYPE_KEYS, key=len, reverse=True)

_PROVINCE_PREFIXES = ("thanhpho", "tinh", "tp")
_COMBINING = {cp: None for cp in range(0x300, 0x370)}
_COMBINING.update({ord("đ"): "d", ord("Đ"): "d"})
_MARKS = re.compile("[\u0300-\u036f]+")  # the code points _COMBINING removes
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


# Vietnamese writes a syllable whose whole vowel is a final i or y after a consonant onset
# either way: Quý/Quí, Kỳ/Kì, Lý/Lí, Mỹ/Mĩ, Uông Bí/Uông Bý, Quy/Qui Nhơn. Folded, they are
# one word, always with i: certificates and the data set each use both spellings. "qu" is
# an onset (its u is no vowel), so "quy" = "qui"; "huy", "thuy", "tuy" (u + y), "ay", "ây"
# and a word that is just "y" ("Y tế") are other syllables and keep their y.
ONSETS = tuple("b c ch d g gh h k kh l m n ng ngh nh p ph qu r s t th tr v x".split())
_FINAL_Y = {onset + "y": onset + "i" for onset in ONSETS}


def final_i(word: str) -> str:
    """The folded word with a final y after a consonant onset written i: "ky" -> "ki",
    "quy" -> "qui"; "huy", "ay", "y" unchanged. :func:`fold_words` applies it to each word."""
    return _FINAL_Y.get(word, word)


# The same on a folded key whose word breaks are lost ("xaquyhoa": the data set's
# keywords), where a y may also begin a syllable ("Hưng Yên", "Mang Yang", "Trung Ý"). A
# y is read as a final one when it follows "qu" but not as in "quyên", "quyết", "Quỳnh",
# "Đa Quyn", or follows an onset that may stand before it (c, g, ng never do: "ki", "ghi",
# "nghi") after a syllable's possible end, and begins no "yê", "ya", "yy". Build time
# only; a test holds it to fold() over every name of the table.
_FINALS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
_ONSETS_BEFORE_Y = frozenset(ONSETS) - {"c", "g", "ng"}


def final_i_in_key(key: str) -> str:
    """:func:`final_i` on a folded key without word breaks: "xaquyhoa" -> "xaquihoa",
    "huyenkyson" -> "huyenkison"; "hungyen", "xatrungy" unchanged."""
    out = list(key)
    for at, char in enumerate(key):
        if char != "y" or key[at + 1 : at + 2] in ("a", "e", "y"):
            continue
        if key[:at].endswith("qu"):
            if not key[at + 1 :].startswith(("e", "n")):
                out[at] = "i"
            continue
        run = at
        while run > 0 and key[run - 1] not in "aeiouy" and key[run - 1].isalpha():
            run -= 1
        consonants = key[run:at]
        if any(
            consonants[:cut] in _FINALS
            and consonants[cut:] in _ONSETS_BEFORE_Y
            and (cut == 0 or run > 0)
            for cut in range(len(consonants))
        ):
            out[at] = "i"
    return "".join(out)


def fold_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``: "Thị xã Kỳ Anh" -> ["thi", "xa", "ki", "anh"]
    (a final y after a consonant is folded i: see :func:`final_i`)."""
    # Token by token: folding never joins what a space separates (a space is a starter in
    # NFD and a separator here), and names are made of few distinct tokens, each folded once.
    out: list[str] = []
    for token in text.split():
        words = _token_words.get(token)
        if words is None:
            words = _fold_token(token)
        out += words
    return out


_token_words: dict[str, tuple[str, ...]] = {}
_TOKEN_WORDS_SIZE = 50_000


def _fold_token(token: str) -> tuple[str, ...]:
    # The same as .translate(_COMBINING), twice as fast: one regex pass drops the marks.
    plain = _MARKS.sub("", unicodedata.normalize("NFD", token))
    if "đ" in plain or "Đ" in plain:
        plain = plain.replace("đ", "d").replace("Đ", "d")
    plain = plain.lower()
    plain = _LEADING_ZEROS.sub("", plain)
    words = tuple([_FINAL_Y.get(w, w) for w in _NON_ALNUM.sub(" ", plain).split()])
    if len(_token_words) >= _TOKEN_WORDS_SIZE:
        _token_words.clear()
    _token_words[token] = words
    return words


@functools.lru_cache(maxsize=16384)
def folded_words(text: str) -> tuple[str, ...]:
    """:func:`fold_words` as a tuple, memoised: the same unit names are read again and again
    (body kind, "names a body", district offices) across an inventory."""
    return tuple(fold_words(text))


def clear_fold_caches() -> None:
    """Forget the folded tokens and names (for benchmarks measuring a cold start)."""
    _token_words.clear()
    folded_words.cache_clear()
    spelling_key.cache_clear()


def fold(text: str) -> str:
    """The folded key of a name: "Thị xã Kỳ Anh" -> "thixakianh"."""
    return "".join(fold_words(text))


def split_type(name: str) -> tuple[str, str]:
    """("Thị xã", "Kỳ Anh") for "Thị xã Kỳ Anh"; ("", name) when no type word leads."""
    lowered = name.lower()
    for prefix in _TYPE_PREFIXES:
        if lowered.startswith(prefix.lower() + " "):
            return prefix, name[len(prefix) + 1 :]
    return "", name


# A district written with the type it had before its upgrade: huyện -> thị xã, thành phố,
# quận; thị xã -> thành phố, quận; quận -> thành phố (Quận Thủ Đức, 2021). Read only when
# no district of the written type has the name in the place asked about. "thành phố" is not
# read so: it also names a province-level city.
_UPGRADED_TO = {
    "huyen": ("thixa", "thanhpho", "quan"),
    "thixa": ("thanhpho", "quan"),
    "quan": ("thanhpho",),
}
_COMMUNE_TYPE_KEYS = frozenset(("xa", "phuong", "thitran"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


# Folded ward numbers, Arabic <-> Roman ("1" <-> "i"): the same ward written either way.
_OTHER_NUMERAL = {str(n): _roman(n) for n in range(1, 50)}
_OTHER_NUMERAL.update({roman: arabic for arabic, roman in list(_OTHER_NUMERAL.items())})


def other_numeral(name_key: str) -> str | None:
    """The folded ward number written the other way: "1" -> "i", "iv" -> "4"; else None."""
    return _OTHER_NUMERAL.get(name_key)


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


@functools.lru_cache(maxsize=16384)  # the same names recur: each spelt once
def spelling_key(text: str) -> str:
    """Case- and tone-placement-insensitive spelling: "Hoà" = "Hòa" ≠ "Hoa" ≠ "Hóa".

    Finer than :func:`fold`: it tells apart names that differ only by diacritics
    ("Cẩm Giang" and "Cẩm Giàng" are two communes of Hải Phòng). A final y after a
    consonant is spelt i here too, as :func:`fold` folds it: "Quý" = "Quí", "Lý" = "Lí" —
    one syllable in two spellings, not two names.
    """
    out = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        base = "".join(c for c in word if c not in _TONES)
        marks = "".join(sorted(c for c in word if c in _TONES))
        base = unicodedata.normalize("NFC", base)
        out.append(_FINAL_Y_SPELT.get(base, base) + marks)
    return " ".join(out)


_FINAL_Y_SPELT = {**_FINAL_Y, "đy": "đi"}  # spelling keys keep the đ


@dataclass(eq=False, slots=True)
class NewProvince:
    """One of the 34 provinces since 1 July 2025."""

    index: int
    name: str
    """Full name as in the data set: "Tỉnh Hưng Yên", "Thành phố Hải Phòng"."""
    code: str
    kind: str
    short: str
    """"Hưng Yên": the name the reform's documents and the JSON contract use."""
    old: list[OldProvince] = field(default_factory=list, repr=False)
    """The old provinces merged into it, itself first when its name was kept."""

    @property
    def is_city(self) -> bool:
        return self.kind == "Thành phố"


@dataclass(eq=False, slots=True)
class OldProvince:
    """One of the 63 provinces before 1 July 2025."""

    index: int
    name: str
    code: str
    kind: str
    short: str
    new: NewProvince

    @property
    def is_city(self) -> bool:
        return self.kind == "Thành phố"

    @property
    def merged(self) -> bool:
        """True when the new province has a different name (the old one was absorbed)."""
        return self.new.short != self.short


@dataclass(eq=False, slots=True)
class NewCommune:
    """A commune-level unit (xã, phường, đặc khu) since 1 July 2025."""

    index: int
    name: str
    code: str
    kind: str
    short: str
    province: NewProvince


@dataclass(eq=False, slots=True)
class OldDistrict:
    """A district-level unit (huyện, quận, thị xã, thành phố thuộc tỉnh), abolished."""

    index: int
    name: str
    code: str
    kind: str
    short: str
    province: OldProvince
    successors: tuple[NewCommune, ...]
    """The new communes that took over its communes."""


@dataclass(eq=False, slots=True)
class OldCommune:
    """A commune-level unit before 1 July 2025."""

    index: int
    name: str
    code: str
    kind: str
    short: str
    district: OldDistrict
    successors: tuple[NewCommune, ...]
    """All new communes that took over part of it (more than one when it was split)."""
    default: NewCommune | None
    """For a split commune, the one the data set marks as taking the main part."""

    @property
    def province(self) -> OldProvince:
        return self.district.province


@dataclass(eq=False, slots=True)
class FormerDistrict:
    """A district dissolved before the reform that old certificates may still name."""

    key: str
    province: OldProvince
    parts: tuple[OldDistrict, ...]
    successors: tuple[NewCommune, ...]


class AdminUnitsError(KysoError):
    """The bundled table of administrative units is missing or unreadable."""


FORMAT = 3  # 3: keys fold a final y after a consonant as i (a table of 2 would miss them)
"""The table layout this module reads (see :mod:`kyso.core.subjects.admin_units_build`)."""


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Building the table makes ~100,000 objects and no garbage: no collections meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _units_of(cls: Any, columns: dict[str, Any], types: list[str], *extra: list[Any]) -> list[Any]:
    """Units of class ``cls`` from a column table: (index, name, code, kind, short, *extra)."""
    kinds = [types[t] for t in columns["type"]]
    shorts = columns["name"].split("\n")
    names = [f"{kind} {short}" for kind, short in zip(kinds, shorts, strict=True)]
    codes = columns["code"].split("\n")
    return list(map(cls, range(len(shorts)), names, codes, kinds, shorts, *extra))


class _OldCommunes(Sequence[OldCommune]):
    """The old communes, each built on first access from the table's columns.

    Built once per position (under a lock), so identity holds: the same position always
    gives the same object.
    """

    def __init__(
        self,
        columns: dict[str, Any],
        types: list[str],
        districts: list[OldDistrict],
        new_communes: list[NewCommune],
    ) -> None:
        self._types = types
        self._shorts: list[str] = columns["name"].split("\n")
        self._codes: list[str] = columns["code"].split("\n")
        self._type: list[int] = columns["type"]
        self._district: list[int] = columns["district"]
        self._successors: list[int | list[int]] = columns["successors"]
        self._default: list[int] = columns["default"]
        self._districts = districts
        self._new = new_communes
        self._built: list[OldCommune | None] = [None] * len(self._shorts)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, i: int) -> OldCommune: ...

    @overload
    def __getitem__(self, i: slice) -> list[OldCommune]: ...

    def __getitem__(self, i: int | slice) -> OldCommune | list[OldCommune]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._built)))]
        unit = self._built[i]
        if unit is None:
            unit = self._build(i if i >= 0 else i + len(self._built))
        return unit

    def at(self, i: int) -> OldCommune:
        """``self[i]`` for a position of the table's index (never negative nor a slice)."""
        unit = self._built[i]
        return unit if unit is not None else self._build(i)

    def __iter__(self) -> Iterator[OldCommune]:
        for i in range(len(self._built)):
            yield self[i]

    def _build(self, i: int) -> OldCommune:
        with self._lock:
            unit = self._built[i]
            if unit is not None:
                return unit
            kind = self._types[self._type[i]]
            short = self._shorts[i]
            succ = self._successors[i]
            new = self._new
            default = self._default[i]
            unit = OldCommune(
                i,
                f"{kind} {short}",
                self._codes[i],
                kind,
                short,
                self._districts[self._district[i]],
                (new[succ],) if isinstance(succ, int) else tuple([new[j] for j in succ]),
                new[default] if default >= 0 else None,
            )
            self._built[i] = unit
            return unit


Index = dict[str, int | list[int]]
"""Folded key -> position, or positions when several units share the key."""


def _read_index(columns: dict[str, Any]) -> Index:
    index = columns["index"]
    return dict(zip(index["keys"].split("\n"), index["units"], strict=True))


def _pick(units: Sequence[Any], index: Index, key: str) -> list[Any]:
    found = index.get(key)
    if found is None:
        return []
    if isinstance(found, int):
        return [units[found]]
    return [units[i] for i in found]


class AdminUnits:
    """The loaded table with its lookup indexes. Get the shared one with :func:`load`."""

    def __init__(self, table: dict[str, Any]) -> None:
        with _gc_paused():
            self._build(table)

    def _build(self, table: dict[str, Any]) -> None:
        if table.get("format") != FORMAT:
            raise AdminUnitsError(
                f"Bảng đơn vị hành chính có định dạng {table.get('format')!r}, cần {FORMAT}. "
                "Hãy cài đặt lại Kyso.",
                f"The administrative units table has format {table.get('format')!r}, "
                f"{FORMAT} is needed. Reinstall Kyso.",
                code="admin_units",
            )
        self.source: dict[str, str] = dict(table["source"])
        types: list[str] = table["types"]
        self.new_provinces: list[NewProvince] = [
            NewProvince(i, f"{types[t]} {short}", code, types[t], short)
            for i, (t, short, code) in enumerate(table["new_provinces"])
        ]
        self.old_provinces: list[OldProvince] = []
        for i, (t, short, code, new) in enumerate(table["old_provinces"]):
            province = OldProvince(
                i, f"{types[t]} {short}", code, types[t], short, self.new_provinces[new]
            )
            self.old_provinces.append(province)
            self.new_provinces[new].old.append(province)
        for new_province in self.new_provinces:
            new_province.old.sort(key=lambda p: (p.short != new_province.short, p.code))

        # The long lists come by column, each with its lookup index ready made (see
        # kyso.core.subjects.admin_units_build): units are built with map() over the columns.
        columns = table["new_communes"]
        nc: list[NewCommune] = _units_of(
            NewCommune, columns, types, [self.new_provinces[p] for p in columns["province"]]
        )
        self.new_communes = nc
        self._new_commune: Index = _read_index(columns)

        columns = table["old_districts"]
        old_provinces = self.old_provinces
        districts: list[OldDistrict] = _units_of(
            OldDistrict,
            columns,
            types,
            [old_provinces[p] for p in columns["province"]],
            [tuple([nc[j] for j in succ]) for succ in columns["successors"]],
        )
        self.old_districts = districts
        self._district: Index = _read_index(columns)

        # The 10,000 old communes are built when first looked at: most never are.
        self._old_communes = _OldCommunes(table["old_communes"], types, districts, nc)
        self.old_communes: Sequence[OldCommune] = self._old_communes
        columns = table["old_communes"]
        self._commune: Index = _read_index(columns)
        self._commune_alias: Index = _read_index({"index": columns["aliases"]})

        self.former_districts: dict[str, list[FormerDistrict]] = {}
        for prov, key, parts, succ in table["former_districts"]:
            former = FormerDistrict(
                key,
                old_provinces[prov],
                tuple(districts[j] for j in parts),
                tuple(nc[j] for j in succ),
            )
            self.former_districts.setdefault(key, []).append(former)

        self._province: dict[str, OldProvince] = {
            key: old_provinces[i] for key, i in table["province_aliases"].items()
        }
        for p in old_provinces:
            self._province[fold(p.name)] = p
            self._province[fold(p.short)] = p
        # Every key province_by_key takes, a type word in front included ("tinhthaibinh"):
        # one lookup per name the scan tries.
        self._province_any: dict[str, OldProvince] = {
            prefix + key: province
            for prefix in _PROVINCE_PREFIXES
            for key, province in self._province.items()
            if key
        }
        self._province_any.update(self._province)
        self._names_of_type: dict[str, frozenset[str]] = {}
        self._district_names_of: dict[str, frozenset[str]] | None = None
        self._all_keys: list[str] | None = None
        self._new_province: dict[str, NewProvince] = {}
        for n in self.new_provinces:
            self._new_province[fold(n.name)] = n
            self._new_province[fold(n.short)] = n

    # -- lookups -----------------------------------------------------------------------
    def province(self, name: str) -> OldProvince | None:
        """The old province a name refers to: "Thái Bình", "tỉnh Thai Binh", "TP.HCM"."""
        return self.province_by_key(fold(name))

    def province_by_key(self, key: str) -> OldProvince | None:
        """The province of a folded key, with or without a type word in front ("thaibinh",
        "tinhthaibinh", "tphochiminh")."""
        return self._province_any.get(key)

    def new_province(self, name: str) -> NewProvince | None:
        return self._new_province.get(fold(name))

    def districts_by_key(
        self, type_key: str, name_key: str, province: OldProvince | None = None
    ) -> list[OldDistrict]:
        """Districts named ``name_key`` of the given type ("" for any type).

        When none of that type is so named (in ``province`` when given) and none dissolved
        before 2025 either: the district of a higher type so named, the type written being
        the one it had before its upgrade ("huyện Thủy Nguyên" -> Thành phố Thủy Nguyên).
        """
        found = _pick(self.old_districts, self._district, type_key + name_key)
        if province is not None:
            found = [d for d in found if d.province is province]
        upgraded = _UPGRADED_TO.get(type_key)
        if found or upgraded is None or self.former_districts_by_key(type_key, name_key, province):
            return found
        return [
            d
            for d in _pick(self.old_districts, self._district, name_key)
            if TYPE_KEYS[d.kind] in upgraded and (province is None or d.province is province)
        ]

    def former_districts_by_key(
        self, type_key: str, name_key: str, province: OldProvince | None = None
    ) -> list[FormerDistrict]:
        found = self.former_districts.get(type_key + name_key, [])
        if province is not None:
            found = [d for d in found if d.province is province]
        return list(found)

    def communes_by_key(
        self,
        type_key: str,
        name_key: str,
        *,
        province: OldProvince | None = None,
        district: OldDistrict | None = None,
    ) -> list[OldCommune]:
        """Old communes named ``name_key``, optionally within a province or a district.

        None so named there: the ward numbered the other way ("Phường 1" for "Phường I"),
        then the commune that an old commune so named was merged into, or renamed as,
        before 2025 (:meth:`alias_of` tells which of them was found so).
        """
        found = self._communes_at(self._commune.get(type_key + name_key), province, district)
        if found:
            return found
        if type_key in _COMMUNE_TYPE_KEYS:
            other = _OTHER_NUMERAL.get(name_key)
            if other is not None:
                found = self._communes_at(self._commune.get(type_key + other), province, district)
                if found:
                    return found
            return self._communes_at(
                self._commune_alias.get(type_key + name_key), province, district
            )
        return []

    def _communes_at(
        self, at: int | list[int] | None, province: OldProvince | None, district: OldDistrict | None
    ) -> list[OldCommune]:
        if at is None:
            return []
        communes = self._old_communes
        found = [communes.at(at)] if isinstance(at, int) else [communes.at(i) for i in at]
        if district is not None:
            found = [c for c in found if c.district is district]
        elif province is not None:
            found = [c for c in found if c.district.province is province]
        return found

    def alias_of(self, commune: OldCommune, type_key: str, name_key: str) -> bool:
        """Whether ``commune`` was found for ``type_key + name_key`` as the commune an old
        commune of that name was merged into, or renamed as, before 2025 (not its own name,
        nor its number written the other way)."""
        key = type_key + name_key
        at = self._commune_alias.get(key)
        if at is None:  # the usual answer, at once
            return False
        if not (at == commune.index if isinstance(at, int) else commune.index in at):
            return False
        own = TYPE_KEYS[commune.kind] + fold(commune.short)
        return key != own and type_key + (_OTHER_NUMERAL.get(name_key) or "") != own

    def new_communes_by_key(
        self, type_key: str, name_key: str, province: NewProvince | None = None
    ) -> list[NewCommune]:
        found = _pick(self.new_communes, self._new_commune, type_key + name_key)
        if province is not None:
            found = [c for c in found if c.province is province]
        return found

    def has_name(self, type_key: str, name_key: str) -> bool:
        """Whether any unit of that type (any level) is called ``name_key``."""
        key = type_key + name_key
        return (
            key in self._district
            or key in self._commune
            or key in self._new_commune
            or key in self.former_districts
            or (type_key in ("", "tinh", "thanhpho") and name_key in self._province)
        )

    def can_name(self, type_key: str, name_key: str) -> bool:
        """Whether "<type word> <name>" in a text names a unit the lookups find: a unit of
        that type so named (:meth:`has_name`), or one an old certificate names so — a
        district by its type before its upgrade, a ward by its number written the other
        way, a commune merged or renamed before 2025 (see the module's docstring)."""
        if self.has_name(type_key, name_key):
            return True
        upgraded = _UPGRADED_TO.get(type_key)
        if upgraded is not None:
            return any(name_key in self._district_names(t) for t in upgraded)
        if type_key in _COMMUNE_TYPE_KEYS:
            other = _OTHER_NUMERAL.get(name_key)
            return type_key + name_key in self._commune_alias or (
                other is not None and type_key + other in self._commune
            )
        return False

    def names_of_type(self, type_key: str) -> frozenset[str]:
        """Every ``name_key`` that names a unit of the type ``type_key`` in a text: the names
        the place scan (:mod:`kyso.core.subjects.places`) looks for after a type word.

        ``"tinh"``: the keys :meth:`province_by_key` takes; ``"thanhpho"``: those and the
        names :meth:`can_name` takes for a city; any other type: the names :meth:`can_name`
        takes for it. Built once per type, on first use (one set lookup per name tried
        instead of five dictionaries); a test holds it to the lookups it replaces.
        """
        names = self._names_of_type.get(type_key)
        if names is None:
            found: set[str] = set()
            if type_key in ("tinh", "thanhpho"):
                found.update(self._province_any)
            if type_key != "tinh":
                cut = len(type_key)
                keys = self._sorted_keys()
                i = bisect.bisect_left(keys, type_key)
                end = len(keys)
                while i < end and keys[i].startswith(type_key):
                    found.add(keys[i][cut:])
                    i += 1
                if type_key in ("", "thanhpho"):
                    found.update(self._province)
                for other in _UPGRADED_TO.get(type_key, ()):
                    found.update(self._district_names(other))
                if type_key in _COMMUNE_TYPE_KEYS:
                    cut = len(type_key)
                    found.update(k[cut:] for k in self._commune_alias if k.startswith(type_key))
                    commune = self._commune
                    found.update(
                        other
                        for number, other in _OTHER_NUMERAL.items()
                        if type_key + number in commune
                    )
            found.discard("")
            names = self._names_of_type[type_key] = frozenset(found)
        return names

    def _district_names(self, type_key: str) -> frozenset[str]:
        """The folded names (without the type) of the districts of one type, built once."""
        by_type = self._district_names_of
        if by_type is None:
            # From the index, not by folding ~700 names again: a district's typed key is
            # its type key and a bare key that names the same district.
            index = self._district
            districts = self.old_districts
            names: dict[str, set[str]] = {}
            for key, at in index.items():
                for i in (at,) if isinstance(at, int) else at:
                    t = TYPE_KEYS[districts[i].kind]
                    if not key.startswith(t):
                        continue
                    bare = index.get(key[len(t) :])
                    if bare == i or (isinstance(bare, list) and i in bare):
                        names.setdefault(t, set()).add(key[len(t) :])
            # Set whole, once built: a thread reading meanwhile builds its own.
            by_type = self._district_names_of = {t: frozenset(n) for t, n in names.items()}
        return by_type.get(type_key, frozenset())

    def _sorted_keys(self) -> list[str]:
        """Every key of the unit indexes, sorted: the keys that start with a type key are
        one run of it (found by bisection), so each type's names are read from its own
        keys alone instead of from every key of the table."""
        keys = self._all_keys
        if keys is None:
            keys = self._all_keys = sorted(
                {*self._district, *self._commune, *self._new_commune, *self.former_districts}
            )
        return keys

    def communes_of(self, province: str | NewProvince | OldProvince) -> list[NewCommune]:
        """The new-structure communes of a province (old or new name), in code order."""
        if isinstance(province, str):
            found = self.province(province)
            if found is None:
                return []
            target = found.new
        elif isinstance(province, OldProvince):
            target = province.new
        else:
            target = province
        return [c for c in self.new_communes if c.province is target]


_lock = threading.Lock()
_loaded: AdminUnits | None = None


def table_path() -> Path:
    return resource_path("admin_units", TABLE_FILE)


def read_table(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read()
        with _gc_paused():
            return json.loads(data.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise AdminUnitsError(
            f"Không đọc được bảng đơn vị hành chính {path}: {exc}. Hãy cài đặt lại Kyso.",
            f"Cannot read the administrative units table {path}: {exc}. Reinstall Kyso.",
            code="admin_units",
        ) from exc


def load(path: Path | None = None) -> AdminUnits:
    """The shared table, loaded on first use (or a fresh one from ``path``)."""
    global _loaded
    if path is not None:
        return AdminUnits(read_table(path))
    loaded = _loaded
    if loaded is not None:  # every check asks: no lock once it is there
        return loaded
    with _lock:
        if _loaded is None:
            _loaded = AdminUnits(read_table(table_path()))
        return _loaded


def new_communes_of(province: str) -> list[str]:
    """Names of the new-structure communes of a province, for the user to pick from."""
    return [c.name for c in load().communes_of(province)]


def names(units: Iterable[NewCommune | OldCommune | OldDistrict]) -> list[str]:
    return [u.name for u in units]
