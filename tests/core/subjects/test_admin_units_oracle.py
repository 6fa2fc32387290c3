"""The generated table of administrative units against an independent data set.

The oracle is ``vietnam-provinces`` (GPL-3.0, test-only: never imported by the app). It
knows the new structure (34 provinces, 3,321 communes), so the new side of the table is
diffed against it name by name and code by code. Every disagreement must be listed in
``fixtures/admin_units_oracle_accepted.json`` with a one-line reason; a new disagreement,
or an accepted one that went away, fails the test.

Names are compared folded (no diacritics, no spaces): "Xã Thuận Hoà" (oracle) and
"Xã Thuận Hòa" (table) are the same name written with the old and new tone placement;
"Phường  Tân An" (double space) and "Xã Ea H’leo" (curly apostrophe) are typing variants.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from kyso.core.subjects.admin_units import AdminUnits, fold, load, spelling_key, split_type

ACCEPTED = Path(__file__).parent / "fixtures" / "admin_units_oracle_accepted.json"


def _oracle() -> list[dict[str, Any]]:
    try:
        vp = importlib.import_module("vietnam_provinces")
    except ModuleNotFoundError:
        pytest.fail(
            "the test oracle `vietnam-provinces` is not installed: "
            "pip install 'vietnam-provinces>=2025.10' (test extra)"
        )
    path = Path(vp.__file__).parent / "data" / "nested-divisions.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return load()


@pytest.fixture(scope="module")
def oracle() -> list[dict[str, Any]]:
    return _oracle()


def test_same_34_provinces(units: AdminUnits, oracle: list[dict[str, Any]]) -> None:
    ours = {int(p.code): fold(p.short) for p in units.new_provinces}
    theirs = {p["code"]: fold(split_type(p["name"])[1]) for p in oracle}
    assert ours == theirs


def test_same_province_kinds(units: AdminUnits, oracle: list[dict[str, Any]]) -> None:
    ours = {int(p.code): p.is_city for p in units.new_provinces}
    theirs = {p["code"]: p["division_type"] == "thành phố trung ương" for p in oracle}
    assert ours == theirs


def _disagreements(units: AdminUnits, oracle: list[dict[str, Any]]) -> list[dict[str, str]]:
    ours = {(int(c.province.code), _key(c.name)): c for c in units.new_communes}
    theirs = {(p["code"], _key(w["name"])): w for p in oracle for w in p["wards"]}
    assert len(ours) == len(units.new_communes), "two communes of a province share a name"
    found: list[dict[str, str]] = []
    for key in sorted(ours.keys() - theirs.keys()):
        c = ours[key]
        found.append({"kind": "only_ours", "province": c.province.short, "commune": c.name})
    for key in sorted(theirs.keys() - ours.keys()):
        found.append(
            {"kind": "only_oracle", "province": str(key[0]), "commune": theirs[key]["name"]}
        )
    for key in sorted(ours.keys() & theirs.keys()):
        c, w = ours[key], theirs[key]
        if int(c.code) != w["code"]:
            found.append(
                {
                    "kind": "commune_code",
                    "province": c.province.short,
                    "commune": c.name,
                    "ours": c.code,
                    "oracle": f"{w['code']:05d}",
                }
            )
        kind = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}[w["division_type"]]
        if c.kind != kind:
            found.append(
                {
                    "kind": "commune_type",
                    "province": c.province.short,
                    "commune": c.name,
                    "ours": c.kind,
                    "oracle": kind,
                }
            )
    return found


def _key(name: str) -> str:
    """Spelling without tone placement, spacing or apostrophe variants."""
    return spelling_key(" ".join(name.replace("’", "'").replace("–", "-").split()))


def _ident(entry: dict[str, str]) -> tuple[str, ...]:
    return tuple(entry.get(k, "") for k in ("kind", "province", "commune", "ours", "oracle"))


def test_every_disagreement_is_accepted(units: AdminUnits, oracle: list[dict[str, Any]]) -> None:
    accepted = json.loads(ACCEPTED.read_text(encoding="utf-8"))["accepted"]
    for entry in accepted:
        assert entry.get("reason", "").strip(), f"accepted without a reason: {entry}"
    accepted_ids = {_ident(e) for e in accepted}
    found_ids = {_ident(e) for e in _disagreements(units, oracle)}
    new = sorted(found_ids - accepted_ids)
    gone = sorted(accepted_ids - found_ids)
    assert not new, "new disagreements with vietnam-provinces (review, then accept):\n" + "\n".join(
        map(str, new)
    )
    assert not gone, "accepted disagreements no longer found (remove them):\n" + "\n".join(
        map(str, gone)
    )


def test_every_commune_has_the_same_name_in_both(
    units: AdminUnits, oracle: list[dict[str, Any]]
) -> None:
    """The names the verdicts print are the oracle's names, up to spelling variants."""
    ours = sorted((int(c.province.code), fold(c.name)) for c in units.new_communes)
    theirs = sorted((p["code"], fold(w["name"])) for p in oracle for w in p["wards"])
    assert ours == theirs
    assert len(ours) == 3321
