"""Issue 15 item 6 as a user times it: ``kyso check --json --subjects-from FILE`` on 10,000
subjects, wall time beyond the start-up (the same command on one subject), with one
process (``--jobs 1``) and with the list checked in parts (``--jobs N``, forked copies;
``kyso.core.checkup.subject_batch``), and as Kyso picks (no ``--jobs``). Prints each
median of ``--repeat`` runs and the ratios to one process, measured in the same run.

Usage (from a checkout's root):
  PYTHONPATH=$PWD/desktop:$PWD .venv/bin/python tests/bench/bench_check_parts.py \
      [--jobs N] [--repeat R] [SET…]      SET: mixed | norep | inv (default: all)
The machine must be otherwise idle: a busy core makes the parts no faster.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kyso.core.subjects.admin_units import load
from tests.bench.bench_check_subjects import inventory_subjects, no_repeat_subjects
from tests.bench.bench_reform import subjects

REPO = Path(__file__).resolve().parents[2]
ONE = "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN"


def _wall(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kyso.cli", "check", "--json", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", default=["mixed", "norep", "inv"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=5)
    opts = parser.parse_args()
    units = load()
    makers = {
        "mixed": lambda: subjects(units, 10_000),
        "norep": lambda: no_repeat_subjects(units, 10_000),
        "inv": lambda: inventory_subjects(units, 10_000),
    }
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, KYSO_HOME=home, PYTHONPATH=str(REPO / "desktop"))
        env["KYSO_MACHINE_CONFIG"] = str(Path(home) / "machine.toml")
        start_up = statistics.median(_wall(["--subject", ONE], env) for _ in range(opts.repeat))
        print(f"start-up (one subject): {start_up:.3f} s")
        for name in opts.sets:
            listing = Path(home) / f"{name}.txt"
            listing.write_text("\n".join(makers[name]()) + "\n", encoding="utf-8")
            times: dict[str, float] = {}
            for jobs in ("1", str(opts.jobs), "auto"):
                given = [] if jobs == "auto" else ["--jobs", jobs]
                runs = [
                    _wall([*given, "--subjects-from", str(listing)], env)
                    for _ in range(opts.repeat)
                ]
                times[jobs] = statistics.median(runs) - start_up
            one, many, auto = times["1"], times[str(opts.jobs)], times["auto"]
            print(
                f"{name}: beyond start-up {one:.3f} s with 1 process, {many:.3f} s with "
                f"{opts.jobs} (ratio {many / one:.2f}), {auto:.3f} s as Kyso picks "
                f"(ratio {auto / one:.2f})"
            )


if __name__ == "__main__":
    main()
