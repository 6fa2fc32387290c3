"""Benchmark: the frozen bundle (issue 8).

Run from the repository root, after ``installers/build_linux.sh`` (or any PyInstaller build
of ``installers/kyso.spec``)::

    python -m tests.bench.bench_bundle [BUNDLE_DIR]        # default build/dist/kyso

Prints the bundle's size (total, and the largest parts) and the cold start of the frozen
``kyso devices --json`` (and ``kyso --version``) beside the same command run from the
source tree and ``python -c pass``, all measured in this run against one SoftHSM2 token.
No timing or size is asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kyso.core.tokens.softhsm import SoftHSMStore
from tests.bench.bench_devices import kyso_env

REPO = Path(__file__).resolve().parents[2]
EXE = ".exe" if sys.platform == "win32" else ""


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _time(cmd: list[str], env: dict[str, str], n: int = 5) -> tuple[float, str]:
    samples, out = [], ""
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # warm the page cache
    for _ in range(n):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), out


def _print_sizes(bundle: Path) -> None:
    total = _size(bundle)
    print(f"bundle {bundle}: {total / 2**20:.1f} MiB")
    internal = bundle / "_internal"
    parts = [
        (p, _size(p) if p.is_dir() else p.stat().st_size)
        for p in internal.iterdir()
        if not p.is_symlink()
    ]
    qt = internal / "PySide6" / "Qt"
    if qt.is_dir():
        parts += [(p, _size(p)) for p in qt.iterdir() if p.is_dir()]
    for exe in ("kyso", "kyso-desktop"):
        p = bundle / f"{exe}{EXE}"
        if p.exists():
            parts.append((p, p.stat().st_size))
    for p, size in sorted(parts, key=lambda x: -x[1])[:12]:
        print(f"  {size / 2**20:7.1f} MiB  {p.relative_to(bundle)}")


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else REPO / "build" / "dist" / "kyso"
    frozen = bundle / f"kyso{EXE}"
    if not frozen.exists():
        print(f"no frozen kyso at {frozen}: run installers/build_linux.sh first", file=sys.stderr)
        return 1
    _print_sizes(bundle)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = SoftHSMStore(root / "store").ensure()
        store.init_token("KYSO BENCH", so_pin="12345678", user_pin="123456")
        env = kyso_env(store, root / "home")
        py_pass, _ = _time([sys.executable, "-c", "pass"], env)
        rows = [
            ("python -c pass", py_pass),
            (
                "source: kyso --version",
                _time([sys.executable, "-m", "kyso.cli", "--version"], env)[0],
            ),
            ("frozen: kyso --version", _time([str(frozen), "--version"], env)[0]),
        ]
        src, src_out = _time([sys.executable, "-m", "kyso.cli", "devices", "--json"], env)
        fro, fro_out = _time([str(frozen), "devices", "--json"], env)
        rows += [("source: kyso devices --json", src), ("frozen: kyso devices --json", fro)]
        for label, out in (("source", src_out), ("frozen", fro_out)):
            tokens = [t["label"] for t in json.loads(out)["tokens"]]
            if "KYSO BENCH" not in tokens:
                print(f"warning: the {label} run did not list the token: {tokens}", file=sys.stderr)
        gui = bundle / f"kyso-desktop{EXE}"
        if gui.exists() and os.environ.get("KYSO_BENCH_GUI", "1") != "0":
            rows.append(
                (
                    "source: kyso-desktop --smoke",
                    _time([sys.executable, "-m", "kyso.ui.app", "--smoke"], env, n=3)[0],
                )
            )
            rows.append(("frozen: kyso-desktop --smoke", _time([str(gui), "--smoke"], env, n=3)[0]))
        for label, seconds in rows:
            print(
                f"{label:32} {seconds * 1000:8.1f} ms  ({seconds / py_pass:5.1f}× python -c pass)"
            )
        print(f"frozen/source, kyso devices --json: {fro / src:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
