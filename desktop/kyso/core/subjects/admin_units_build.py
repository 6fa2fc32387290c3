"""Build ``resources/admin_units/admin_units.json.gz`` from the ``vietnamadminunits`` data.

Run at build time (and whenever the source package is updated)::

    python -m kyso.core.subjects.admin_units_build [--out DIR]

The source package (MIT) is needed only here: the application reads the generated table
through :mod:`kyso.core.subjects.admin_units` and never imports ``vietnamadminunits``. The package
is not imported either: its data files (``dataset.db``, ``converter_2025.json``,
``parser_legacy.json``) are read directly, so its heavy run-time dependencies (numpy,
shapely, an online geocoder) are never loaded.

The output is deterministic (sorted, gzip with a zero timestamp) so that a test can check
that regenerating it from the installed package reproduces the committed file.

Table layout (format 3: format 2's layout, every key folding a final y after a consonant
as i). A unit is stored as its type (an index into ``types``), its name without the type
and its official code. The three long lists are stored by column —
one list of numbers, or one string of names joined by newlines, per field — which JSON
decodes several times faster than thousands of small rows, and each carries its lookup
``index`` ready made, so that loading needs no text work; references are positions in the
other lists::

    source          package, version, licence, data date
    types           ["Tỉnh", "Thành phố", "Huyện", …]
    new_provinces   [type, name, code]                 the 34 provinces since 1/7/2025
    old_provinces   [type, name, code, new_province]   the 63 provinces before
    new_communes    {province, type, name, code, index}  the 3,321 communes since 1/7/2025
    old_districts   {province, type, name, code, index, successors: [[new_commune…]…]}
    old_communes    {district, type, name, code, index,
                     successors: [new_commune | [new_commune…]…], default: [new_commune|-1],
                     aliases: {keys, units}}
    former_districts  [old_province, key, [old_district…], [new_commune…]]
    province_aliases  {folded key: old_province}

In the columns ``name`` and ``code`` are strings with one line per unit; an old commune's
``successors`` is a single position, or a list when the commune was split. ``index`` is
``{keys, units}``: ``keys`` the folded keys (:func:`kyso.core.subjects.admin_units.fold` of the
name) with their type (``huyenkianh``) and without it (``kianh``), sorted, one a line;
``units`` in the same order the position of the unit so named, or a list of positions when
several units share the key. The data set's own keywords (``former_districts``' keys,
``aliases``, ``province_aliases``) come without word breaks and with a final y where a
name may have it: :func:`kyso.core.subjects.admin_units.final_i_in_key` folds them as
:func:`~kyso.core.subjects.admin_units.fold` folds names ("xakyson" -> "xakison").

Names keep their type ("Huyện Kỳ Anh", "Thị xã Kỳ Anh", "Phường Hồng Hà"): a district or
commune is identified by type and name, never by name alone. ``former_districts`` are
districts already dissolved before the reform (e.g. huyện Lộc Hà, 2025) that old
certificates may still name; ``key`` is the data set's folded keyword (``huyenlocha``).
They come from the parser's divided districts and from the data set's ``districtAlias``
(districts merged into another: huyện Hoành Bồ -> Thành phố Hạ Long, Quận 2 -> Thành
phố Thủ Đức); an alias that only gives a district's type before its upgrade ("huyenmyhao")
is not one (the lookups read those, see :mod:`kyso.core.subjects.admin_units`).

An old commune's ``aliases`` are the typed folded names of communes merged into it, or
renamed or re-typed as it, before 2025 (the data set's ``wardAlias``: "phuongquangtrung"
and "phuongleloi" -> Phường Ngô Quyền of Thị xã Sơn Tây; "xathongnhat" -> Phường Thống
Nhất), laid out like ``index``. A certificate issued before still names them.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import io
import json
import re
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kyso.core.resources import resource_path
from kyso.core.subjects.admin_units import (
    TYPE_KEYS,
    UNIT_TYPES,
    final_i_in_key,
    fold,
    split_type,
)

SOURCE_PACKAGE = "vietnamadminunits"
TABLE_FILE = "admin_units.json.gz"
FORMAT = 3

# The package records no data date; its 1.0.x releases carry the data of August 2025
# (the 34-province structure with the communes of the UBTVQH resolutions of June 2025).
KNOWN_DATA_DATES = {"1.0.4": "2025-08"}

# Name variants that certificates use but the data set's keywords lack. These are names of
# provinces, not a table of communes: every commune mapping comes from the data set.
EXTRA_PROVINCE_ALIASES: dict[str, str] = {
    # Tỉnh Thừa Thiên Huế became Thành phố Huế (centrally governed) on 1/1/2025
    # (Nghị quyết 175/2024/QH15); certificates issued before still say Thừa Thiên Huế.
    "thuathienhue": "thanhphohue",
    "tinhthuathienhue": "thanhphohue",
    "tthue": "thanhphohue",
    # Common spellings of the Central Highlands names.
    "daclac": "tinhdaklak",
    "daclak": "tinhdaklak",
    "dacnong": "tinhdaknong",
    # Hồ Chí Minh City's other names.
    "tphcm": "thanhphohochiminh",
    "saigon": "thanhphohochiminh",
    "tpsaigon": "thanhphohochiminh",
    "brvt": "tinhbariavungtau",
}


def canonical(name: str) -> str:
    """The name with its type word in the usual case ("Thị Trấn Ái Tử" -> "Thị trấn Ái Tử")."""
    kind, short = split_type(name)
    if not kind:
        raise ValueError(f"no unit type in {name!r}")
    return f"{kind} {short}"


def _unit(name: str) -> list[Any]:
    """[type index, name without type] of a data-set name."""
    kind, short = split_type(name)
    if not kind:
        raise ValueError(f"no unit type in {name!r}")
    return [UNIT_TYPES.index(kind), short]


def source_data_dir() -> Path:
    """The installed package's ``data`` folder, found without importing the package."""
    try:
        dist = importlib.metadata.distribution(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise SystemExit(
            f"{SOURCE_PACKAGE} is not installed: pip install '{SOURCE_PACKAGE}>=1.0.4' "
            "(build-time only)"
        ) from exc
    data = Path(str(dist.locate_file(f"{SOURCE_PACKAGE}/data")))
    if not (data / "dataset.db").is_file():
        raise SystemExit(f"{SOURCE_PACKAGE} data not found in {data}")
    return data


def source_info() -> dict[str, str]:
    version = importlib.metadata.version(SOURCE_PACKAGE)
    return {
        "package": SOURCE_PACKAGE,
        "version": version,
        "license": "MIT",
        "url": "https://github.com/tranngocminhhieu/vietnamadminunits",
        "data_date": KNOWN_DATA_DATES.get(version, "unknown"),
        "files": "dataset.db, converter_2025.json, parser_legacy.json",
    }


def _rows(db: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute(sql)]


def build_table(data_dir: Path, source: dict[str, str]) -> dict[str, Any]:
    """Turn the package's data files into the compact table (a JSON-ready dict)."""
    with sqlite3.connect(data_dir / "dataset.db") as db:
        legacy = _rows(
            db,
            "SELECT provinceKey, province, provinceCode, districtKey, district, districtCode,"
            " wardKey, ward, wardCode, wardAlias, districtAlias FROM admin_units_legacy",
        )
        current = _rows(
            db,
            "SELECT provinceKey, province, provinceCode, wardKey, ward, wardCode FROM admin_units",
        )
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    parser = json.loads((data_dir / "parser_legacy.json").read_text(encoding="utf-8"))

    # New structure ------------------------------------------------------------------
    new_prov_rows = sorted({(r["provinceCode"], r["province"], r["provinceKey"]) for r in current})
    new_prov_index = {key: i for i, (_, _, key) in enumerate(new_prov_rows)}
    new_comm_rows = sorted(
        {
            (r["provinceCode"], r["wardCode"], canonical(r["ward"]), r["provinceKey"], r["wardKey"])
            for r in current
        }
    )
    new_comm_index = {(pk, wk): i for i, (_, _, _, pk, wk) in enumerate(new_comm_rows)}

    # Old provinces --------------------------------------------------------------------
    old_to_new_prov: dict[str, str] = {}
    for new_key, olds in converter["DICT_PROVINCE"].items():
        for old_key in olds:
            old_to_new_prov[old_key] = new_key
    old_prov_rows = sorted({(r["provinceCode"], r["province"], r["provinceKey"]) for r in legacy})
    old_prov_index = {key: i for i, (_, _, key) in enumerate(old_prov_rows)}

    # Old commune -> new communes (the converter's two dictionaries) --------------------
    successors: dict[str, list[int]] = {}
    default: dict[str, int] = {}
    for new_pk, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in wards.items():
            for old_key in old_keys:
                successors.setdefault(old_key, []).append(new_comm_index[(new_pk, new_wk)])
    for new_pk, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, candidates in divided.items():
            for cand in candidates:
                idx = new_comm_index[(new_pk, cand["newWardKey"])]
                successors.setdefault(old_key, []).append(idx)
                if cand["isDefaultNewWard"]:
                    default[old_key] = idx

    # Old districts and communes -----------------------------------------------------
    district_rows = sorted(
        {
            (
                r["provinceCode"],
                r["districtCode"],
                canonical(r["district"]),
                r["provinceKey"],
                r["districtKey"],
            )
            for r in legacy
        }
    )
    district_index = {(pk, dk): i for i, (_, _, _, pk, dk) in enumerate(district_rows)}
    district_new: dict[int, set[int]] = {i: set() for i in range(len(district_rows))}
    communes: list[list[Any]] = []
    aliases: dict[str, list[int]] = {}
    # district -> folded ward keys, to resolve the wards of dissolved districts
    district_wards: dict[int, dict[str, str]] = {i: {} for i in range(len(district_rows))}
    for r in sorted(
        legacy, key=lambda r: (r["provinceCode"], r["districtCode"], r["wardCode"] or "")
    ):
        d_idx = district_index[(r["provinceKey"], r["districtKey"])]
        old_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        succ = sorted(set(successors[old_key]))
        district_new[d_idx].update(succ)
        if not r["ward"]:
            continue  # island districts without communes (now đặc khu)
        district_wards[d_idx][r["wardKey"]] = old_key
        name = canonical(r["ward"])
        for alias in _typed_aliases(r["wardAlias"]):
            if alias != fold(name):
                aliases.setdefault(alias, []).append(len(communes))
        communes.append(
            [d_idx, *_unit(name), r["wardCode"], fold(name), succ, default.get(old_key, -1)]
        )

    districts = [
        [old_prov_index[pk], *_unit(name), code, fold(name), sorted(district_new[i])]
        for i, (_, code, name, pk, _) in enumerate(district_rows)
    ]

    # Districts dissolved before the reform (keywords the data set keeps for them) -----
    former: list[list[Any]] = []
    for pk, divided in sorted(parser["DICT_PROVINCE_DISTRICT_DIVIDED"].items()):
        for key, entry in sorted(divided.items()):
            if (pk, key) in district_index or key in old_prov_index or not _typed_key(key):
                continue  # still exists, a province's name, or an untyped ambiguity key
            parts: list[int] = []
            new_set: set[int] = set()
            for dk, sub in sorted(entry["districts"].items()):
                d_idx = district_index[(pk, dk)]
                parts.append(d_idx)
                for kw in sub["wardKeywords"]:
                    old_key = district_wards[d_idx].get(kw)
                    if old_key:
                        new_set.update(successors[old_key])
            former.append([old_prov_index[pk], final_i_in_key(key), sorted(parts), sorted(new_set)])
    # ... and districts merged into another before 2025 (the data set's districtAlias:
    # "huyenhoanhbo" -> Thành phố Hạ Long, "quan2" -> Thành phố Thủ Đức). Their area is
    # within the district that took them over: its successors are offered.
    taken = {(p, key) for p, key, _, _ in former}
    district_keys = {(pk, final_i_in_key(dk)) for pk, dk in district_index}  # as aliases
    merged: dict[tuple[int, str], set[int]] = {}
    for r in legacy:
        pk, dk = r["provinceKey"], r["districtKey"]
        d_idx = district_index[(pk, dk)]
        own = fold(district_rows[d_idx][2])
        own_name = own[len(_type_prefix(own)) :]
        for key in _typed_aliases(r["districtAlias"], _DISTRICT_TYPE_KEYS):
            p_idx = old_prov_index[pk]
            if (
                (pk, key) in district_keys
                or (p_idx, key) in taken
                or key[len(_type_prefix(key)) :] == own_name  # the type before an upgrade
            ):
                continue
            merged.setdefault((p_idx, key), set()).add(d_idx)
    for (p_idx, key), parts_set in sorted(merged.items()):
        new_set = set()
        for d_idx in parts_set:
            new_set.update(district_new[d_idx])
        former.append([p_idx, key, sorted(parts_set), sorted(new_set)])
    former.sort(key=lambda f: (f[0], f[1]))

    # Province aliases (folded keys) ---------------------------------------------------
    province_aliases: dict[str, int] = {}
    for key, entry in parser["DICT_PROVINCE"].items():
        for kw in entry["provinceKeywords"]:
            province_aliases[final_i_in_key(kw)] = old_prov_index[key]
    for alias, key in EXTRA_PROVINCE_ALIASES.items():
        province_aliases[final_i_in_key(alias)] = old_prov_index[key]

    new_communes = [
        [new_prov_index[pk], *_unit(name), code, fold(name)]
        for _, code, name, pk, _ in new_comm_rows
    ]
    return {
        "format": FORMAT,
        "source": source,
        "types": list(UNIT_TYPES),
        "new_provinces": [[*_unit(name), code] for code, name, _ in new_prov_rows],
        "old_provinces": [
            [*_unit(name), code, new_prov_index[old_to_new_prov[key]]]
            for code, name, key in old_prov_rows
        ],
        "new_communes": _columns(new_communes, ("province", "type", "name", "code", "key")),
        "old_districts": _columns(
            districts, ("province", "type", "name", "code", "key", "successors")
        ),
        "old_communes": {
            **_columns(
                [[*row[:5], _one_or_list(row[5]), row[6]] for row in communes],
                ("district", "type", "name", "code", "key", "successors", "default"),
            ),
            "aliases": _index_columns(aliases),
        },
        "former_districts": former,
        "province_aliases": dict(sorted(province_aliases.items())),
    }


_TEXT_COLUMNS = frozenset(("name", "code", "key"))


def _one_or_list(positions: list[int]) -> int | list[int]:
    return positions[0] if len(positions) == 1 else positions


def _columns(rows: list[list[Any]], fields: tuple[str, ...]) -> dict[str, Any]:
    """Rows as columns (text columns as one newline-joined string each), plus ``index``.

    ``index`` maps the folded key with its type ("huyenkianh") and without it ("kianh") to
    the positions of the units so named — the loader's lookup index, ready made — as two
    parallel columns: ``keys`` (newline-joined, sorted) and ``units``.
    """
    out: dict[str, Any] = {}
    for i, name in enumerate(fields):
        column = [row[i] for row in rows]
        if name in _TEXT_COLUMNS:
            if any("\n" in value for value in column):
                raise ValueError(f"a newline in the {name} column")
            out[name] = "\n".join(column)
        else:
            out[name] = column
    type_keys = [TYPE_KEYS[t] for t in UNIT_TYPES]
    index: dict[str, list[int]] = {}
    for position, row in enumerate(rows):
        t, key = row[fields.index("type")], row[fields.index("key")]
        for k in (key, key[len(type_keys[t]) :]):
            index.setdefault(k, []).append(position)
    del out["key"]
    out["index"] = _index_columns(index)
    return out


def _index_columns(index: dict[str, list[int]]) -> dict[str, Any]:
    """``{keys, units}``: the keys sorted, one a line; the positions of each in that order."""
    keys = sorted(index)
    return {"keys": "\n".join(keys), "units": [_one_or_list(sorted(set(index[k]))) for k in keys]}


_COMMUNE_TYPE_KEYS = ("thitran", "phuong", "xa")
_DISTRICT_TYPE_KEYS = ("thanhpho", "thixa", "huyen", "quan")


def _type_prefix(key: str) -> str:
    for t in (*_DISTRICT_TYPE_KEYS, *_COMMUNE_TYPE_KEYS):
        if key.startswith(t):
            return t
    return ""
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")  # as admin_units.fold drops them


def _typed_aliases(
    alias_json: str | None, type_keys: tuple[str, ...] = _COMMUNE_TYPE_KEYS
) -> list[str]:
    """The typed keys of a ``wardAlias`` list ("phuongleloi", not its bare "leloi").

    The list gives most names twice, typed and bare; a key that is another key's bare name
    ("phuongdo" beside "xaphuongdo": Xã Phương Độ) is bare even when it starts like a type
    word. Abbreviated types ("ttkyson") are left out: the place scan reads "TT." as "thị
    trấn" and looks the name up with the type written out.
    """
    if not alias_json:
        return []
    keys = json.loads(alias_json)
    bare = {k[len(t) :] for k in keys for t in type_keys if k.startswith(t)}
    typed: list[str] = []
    for key in keys:
        if key in bare and any(t + key in keys for t in type_keys):
            continue
        if any(key.startswith(t) and len(key) > len(t) for t in type_keys):
            # Folded as fold() folds a name: "phuong01" -> "phuong1", "xakyson" -> "xakison".
            typed.append(final_i_in_key(_LEADING_ZEROS.sub("", key)))
    return sorted(set(typed))


def _typed_key(key: str) -> bool:
    return key.startswith(("huyen", "quan", "thixa", "thanhpho"))


def encode_table(table: dict[str, Any]) -> bytes:
    """Deterministic gzip'd JSON: same table, same bytes."""
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def generate() -> bytes:
    """The bytes of the table built from the installed source package."""
    return encode_table(build_table(source_data_dir(), source_info()))


def default_out_dir() -> Path:
    return resource_path("admin_units")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kyso.core.subjects.admin_units_build",
        description=f"Generate {TABLE_FILE} from the {SOURCE_PACKAGE} data (build time only).",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    args = parser.parse_args(list(argv) if argv is not None else None)
    out_dir: Path = args.out or default_out_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = generate()
    target = out_dir / TABLE_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(payload)
    tmp.replace(target)
    print(f"wrote {target} ({len(payload):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
