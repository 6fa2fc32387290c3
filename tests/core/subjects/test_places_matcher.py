"""The place scan's compiled names (:meth:`AdminUnits.names_of_type`) find exactly what the
lookups they replace (:func:`kyso.core.subjects.places._names_unit`) find.

Every unit of the table — old and new provinces, districts (and those dissolved before
2025), old and new communes — is scanned written out, abbreviated, inside a body's name
with its parents, ALL CAPS, ASCII-folded and run together, once with the compiled sets and
once with the per-name lookups: the mentions must be the same, one by one.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from kyso.core.subjects import places
from kyso.core.subjects.admin_units import AdminUnits, load, other_numeral


class _Lookup:
    """A "set" of the names of one type that asks :func:`places._names_unit` each time."""

    def __init__(self, units: AdminUnits, type_key: str) -> None:
        self.units = units
        self.type_key = type_key

    def __contains__(self, name_key: object) -> bool:
        return places._names_unit(self.units, self.type_key, str(name_key))


class _Reference:
    """The table, with the scan's names looked up one by one as before the compiled sets."""

    def __init__(self, units: AdminUnits) -> None:
        self._units = units

    def names_of_type(self, type_key: str) -> _Lookup:
        return _Lookup(self._units, type_key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._units, name)


def _texts(units: AdminUnits) -> list[str]:
    out: list[str] = []
    for p in units.old_provinces:
        out += [p.name, p.short, f"UBND {p.name}", f"Sở Y tế {p.short}", f"T. {p.short}",
                f"TP {p.short}", f"Tỉnh ủy {p.short}"]
    for n in units.new_provinces:
        out += [n.name, f"UBND {n.name}", f"Thành ủy {n.short}"]
    for d in units.old_districts:
        out += [f"UBND {d.name}", f"Huyện ủy {d.short}", f"{d.name}, {d.province.name}",
                f"H. {d.short}", f"Q. {d.short}", f"TX. {d.short}", f"TP {d.short}"]
    for formers in units.former_districts.values():
        for former in formers:  # the key is folded: its type word first ("huyen…")
            for type_key, written in (("huyen", "huyện"), ("quan", "quận"), ("thixa", "thị xã"),
                                      ("thanhpho", "thành phố")):
                if former.key.startswith(type_key):
                    name = former.key[len(type_key):]
                    out += [f"UBND {written} {name}", f"Phòng Nội vụ {written} {name}"]
    for c in units.old_communes:
        d = c.district
        out += [f"UBND {c.name}", f"{c.name}, {d.name}, {d.province.name}",
                f"X. {c.short} {d.short}", f"P. {c.short}", f"TT. {c.short}"]
    for c in units.new_communes:
        out += [f"UBND {c.name}", f"Đảng ủy {c.name} {c.province.short}"]
    return out


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("đ", "d").replace(
        "Đ", "D"
    )


def _variants(text: str) -> list[str]:
    """As written, ALL CAPS, ASCII-folded, and with the first spaces run together."""
    return [text, text.upper(), _ascii(text), text.replace(" ", "", 3)]


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return load()


def test_compiled_names_find_what_the_lookups_find(units: AdminUnits) -> None:
    reference = _Reference(units)
    texts = _texts(units)
    assert len(texts) > 60_000
    checked = 0
    for text in texts:
        for variant in _variants(text):
            got = places._scan(variant, units)
            want = places._scan(variant, reference)  # type: ignore[arg-type]
            assert got == want, variant
            checked += 1
    assert checked > 240_000


def test_every_name_of_every_type_is_in_its_set(units: AdminUnits) -> None:
    """Both ways, on every key of the table's indexes cut after each type word."""
    keys = set(units._province_any) | set(units._district) | set(units._commune)
    keys |= set(units._new_commune) | set(units.former_districts)
    # Names old certificates use (admin_units' docstring): communes merged before 2025, ward
    # numbers written the other way ("phuongxii" for "phuong12").
    keys |= set(units._commune_alias)
    keys |= {
        t + other
        for k in units._commune
        for t in ("xa", "phuong", "thitran")
        if k.startswith(t) and (other := other_numeral(k[len(t) :])) is not None
    }
    for type_key in ("tinh", "thanhpho", "huyen", "quan", "thixa", "xa", "phuong",
                     "thitran", "dackhu"):
        names = units.names_of_type(type_key)
        tried = {k[len(type_key):] for k in keys if k.startswith(type_key)} | keys
        for name in tried:
            if name:
                assert (name in names) == places._names_unit(units, type_key, name), (
                    type_key, name)
        assert "" not in names
