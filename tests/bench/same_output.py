"""Byte-for-byte: does ``kyso check --subjects-from`` print what another checkout prints?

The speed work on the two-tier check (issue 15, item 6) must not change one output byte.
This runs ``kyso check --subjects-from FILE`` (``--json`` and text) in two checkouts on the
same subject sets and compares stdout and the exit code:

- the hard set (:func:`tests.core.reform.test_reform_hard.all_cases`),
- the resolutions set (:mod:`tests.core.reform.test_reform_resolutions`),
- the benches' 10,000 mixed subjects, an inventory of 200 units and a set where no unit
  repeats (:mod:`tests.bench.bench_check_subjects`);
- odd spellings: the caches' and the batch shortcut's test subjects (escapes, quotes, the
  slash form, hex values, NFD, ALL CAPS, empty and garbage lines).

Run from the repository root::

    python -m tests.bench.same_output /tmp/branch-start-checkout [CACHE_DIR]

With ``CACHE_DIR`` the other checkout's outputs are kept there and reused by later runs
(the other checkout does not change; the sets are built the same way every time).

The other checkout is any tree with ``desktop/`` and ``resources/`` (``git archive REV
desktop resources | tar -x -C DIR``). Prints one line per set and mode; exits 1 on any
difference. Needs the test-only data packages of the hard set (``vietnamadminunits``).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def subject_sets() -> dict[str, list[str]]:
    from kyso.core.subjects.admin_units import load
    from tests.bench.bench_check_subjects import inventory_subjects, no_repeat_subjects
    from tests.bench.bench_reform import N, subjects
    from tests.core.checkup.test_subjects_json import ODD
    from tests.core.reform.test_reform_caches import _varied
    from tests.core.reform.test_reform_hard import all_cases, commune_cases
    from tests.core.reform.test_reform_resolutions import resolution_units

    units = load()
    resolutions = []
    for n, (unit, _number) in enumerate(resolution_units()):
        resolutions += [c.subject for c in commune_cases(unit, n)]
    return {
        "hard": [c.subject for c in all_cases()],
        "resolutions": resolutions,
        "mixed": subjects(units, N),
        "inventory": inventory_subjects(units, N),
        "no-repeat": no_repeat_subjects(units, N),
        "odd": _varied() + ODD,
        "every-unit": every_unit_subjects(units),
    }


def every_unit_subjects(units: object) -> list[str]:
    """Every old commune, district and province in the shapes a subject takes: the
    unit's own certificate, a person in it, its Party/People's Council bodies, a school
    and an institution named after it, each also ASCII-folded, ALL CAPS or NFD for a
    share of them — so a shortcut that is right for the benches' shapes but wrong for one
    unit shows here."""
    import unicodedata

    def folded(text: str) -> str:  # ASCII, as typed on a keyboard without Vietnamese
        bare = "".join(
            ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
        )
        return bare.replace("đ", "d").replace("Đ", "D")

    out: list[str] = []
    for i, c in enumerate(units.old_communes):  # type: ignore[attr-defined]
        d = c.district
        p = d.province
        shapes = [
            f"CN=UBND {c.name},O=UBND {d.name},L={p.short},C=VN",
            f"UID=CCCD:{i:012d},CN=Lê Văn Minh,2.5.4.12=Chủ tịch,OU=UBND {c.name},"
            f"O=UBND {d.name},L={p.short},C=VN",
            f"CN=Đảng ủy {c.name},O=Huyện ủy {d.short},ST={p.name},C=VN",
            f"CN=HĐND {c.name},OU=HĐND {d.name},O=HĐND {p.name},C=VN",
            f"CN=Trường Tiểu học {c.short},OU=Phòng GD&ĐT {d.name},O=UBND {p.name},C=VN",
            f"CN=Công an {c.name},O=Công an {p.name},L={p.short},C=VN",
        ]
        shape = shapes[i % len(shapes)]
        out.append(shape)
        if i % 7 == 0:
            out.append(folded(shape))
        if i % 11 == 0:
            out.append(shape.upper())
        if i % 13 == 0:
            out.append(unicodedata.normalize("NFD", shape))
    for i, d in enumerate(units.old_districts):  # type: ignore[attr-defined]
        p = d.province
        out.append(f"CN=UBND {d.name},O=UBND {p.name},L={p.short},C=VN")
        out.append(
            f"UID=CCCD:{i:012d},CN=Phạm Thị Hoa,OU=Văn phòng HĐND và UBND,"
            f"OU=UBND {d.name},O=UBND {p.name},L={p.short},C=VN"
        )
        out.append(f"CN=Trung tâm Y tế {d.name},O=Sở Y tế {p.name},L={p.short},C=VN")
    for p in units.old_provinces:  # type: ignore[attr-defined]
        out.append(f"CN=UBND {p.name},L={p.short},C=VN")
        out.append(f"CN=Sở Nội vụ,O=UBND {p.name},L={p.short},C=VN")
        out.append(f"CN=Tỉnh ủy {p.short},L={p.short},C=VN")
        out.append(f"CN=Trường Đại học {p.short},L={p.short},C=VN")
    return out


def run(root: Path, listing: Path, json_output: bool, home: Path) -> tuple[int, bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{root / 'desktop'}{os.pathsep}{root}"
    env["KYSO_HOME"] = str(home)
    env["KYSO_MACHINE_CONFIG"] = str(home / "machine.toml")
    env["KYSO_PKCS11_MODULES"] = ""
    env.pop("KYSO_RESOURCES", None)
    args = [sys.executable, "-m", "kyso.cli", "check"]
    if json_output:
        args.append("--json")
    proc = subprocess.run(
        [*args, "--subjects-from", str(listing)], env=env, capture_output=True, check=False
    )
    return proc.returncode, proc.stdout


def _cached(
    cache: Path | None, name: str, produce: Callable[[], tuple[int, bytes]]
) -> tuple[int, bytes]:
    if cache is None:
        return produce()
    path = cache / f"{name}.out"
    if path.exists():
        code, _, out = path.read_bytes().partition(b"\n")
        return int(code), out
    code, out = produce()
    path.write_bytes(b"%d\n" % code + out)
    return code, out


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__)
        return 2
    other = Path(argv[0]).resolve()
    cache = Path(argv[1]) if len(argv) == 2 else None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for name, batch in subject_sets().items():
            listing = home / f"{name}.txt"
            listing.write_text("\n".join(batch) + "\n", encoding="utf-8")
            for json_output in (True, False):
                mode = "json" if json_output else "text"
                here = run(ROOT, listing, json_output, home)
                there = _cached(
                    cache,
                    f"{name}.{mode}",
                    functools.partial(run, other, listing, json_output, home),
                )
                same = here == there
                differ += not same
                print(
                    f"{name:12s} {len(batch):6d} subjects {mode}: "
                    f"{'same' if same else 'DIFFERENT'} ({len(here[1]):,} bytes, "
                    f"exit {here[0]} / {there[0]})"
                )
                if not same:
                    (Path(tempfile.gettempdir()) / f"same_output.{name}.{mode}.here").write_bytes(
                        here[1]
                    )
                    (Path(tempfile.gettempdir()) / f"same_output.{name}.{mode}.there").write_bytes(
                        there[1]
                    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
