"""The two maintained data packages of administrative units, read directly (not through
Kyso's table): the oracle the hard-subject tests score Kyso's two-tier check against."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from kyso.core.reform.check import check_subject
from kyso.core.subjects.admin_units import fold


def _vau() -> Path:
    return Path(importlib.import_module("vietnamadminunits").__file__).parent / "data"


def package_successor(old_key: str) -> tuple[str, str]:
    """(new province key, new commune name) the old commune merged into wholly, per
    ``vietnamadminunits``; asserts it is one commune and ``vietnam-provinces`` has it."""
    import sqlite3

    converter = json.loads((_vau() / "converter_2025.json").read_text("utf-8"))
    divided = {k for wards in converter["DICT_PROVINCE_WARD_DIVIDED"].values() for k in wards}
    assert old_key not in divided, f"{old_key} was split: no single answer"
    hits = [
        (pk, wk)
        for pk, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for wk, olds in wards.items()
        if old_key in olds
    ]
    assert len(hits) == 1, hits
    pk, wk = hits[0]
    with sqlite3.connect(_vau() / "dataset.db") as db:
        ward, pshort = db.execute(
            "SELECT ward, provinceShort FROM admin_units WHERE provinceKey=? AND wardKey=?",
            (pk, wk),
        ).fetchone()
    vp = importlib.import_module("vietnam_provinces")
    nested = json.loads(
        (Path(vp.__file__).parent / "data" / "nested-divisions.json").read_text("utf-8")
    )
    oracle = {
        fold(p["name"].removeprefix("Thành phố ").removeprefix("Tỉnh ")): {
            fold(w["name"]) for w in p["wards"]
        }
        for p in nested
    }
    assert fold(ward) in oracle[fold(pshort)], "the packages disagree: case to leave out"
    return pshort, ward


def verdict(subject: str) -> dict:
    return check_subject(subject).to_json()
