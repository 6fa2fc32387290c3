"""Speed of ``kyso check --subjects-from`` (issue 15): 10,000 subjects beyond start-up.

Run: ``python tests/bench/bench_check_subjects.py``. Prints CPU times (best of 3; wall
time is no measure on a shared machine) and
ratios against baselines measured in the same run; no asserts:

- start-up: ``kyso check --json --subject DN`` with one subject (the floor every run pays);
- ``--subjects-from FILE`` and ``--subjects-from -`` (stdin) with 10,000 subjects;
- the old way, ``--subject DN`` repeated 10,000 times (argparse on 20,000 arguments);
- in-process: the same command handler without interpreter start-up, cold caches.

The goal from the issue: 10,000 subjects in under 0.5 s beyond start-up.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kyso.core.subjects.admin_units import load
from tests.bench.bench_reform import N, subjects

ROOT = Path(__file__).resolve().parents[2]


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{ROOT / 'desktop'}{os.pathsep}{ROOT}"
    env["KYSO_HOME"] = str(home)
    env["KYSO_MACHINE_CONFIG"] = str(home / "machine.toml")
    env["KYSO_PKCS11_MODULES"] = ""
    return env


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(env: dict[str, str], args: list[str], stdin: bytes | None = None) -> float:
    """Best of 3, in CPU seconds of the child (wall time lies on a loaded machine)."""
    best = float("inf")
    for _ in range(3):
        start = _cpu()
        proc = subprocess.run(
            [sys.executable, "-m", "kyso.cli", *args],
            env=env,
            input=stdin,
            capture_output=True,
            check=False,
        )
        best = min(best, _cpu() - start)
        if proc.returncode not in (0, 3):
            raise SystemExit(proc.stderr.decode("utf-8", "replace"))
    return best


def _in_process(path: Path) -> float:
    from kyso.cli.check import add_check_commands
    from kyso.core.reform.check import clear_caches

    parser = argparse.ArgumentParser()
    add_check_commands(parser.add_subparsers())
    args = parser.parse_args(["check", "--json", "--subjects-from", str(path)])

    class _Env:  # the handler reads nothing else on this path
        problems: list = []

    best = float("inf")
    for _ in range(3):
        clear_caches()
        sink = io.StringIO()
        start = time.process_time()
        with contextlib.redirect_stdout(sink):
            args.func(args, _Env())
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    dns = subjects(load(), N)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        listing = home / "subjects.txt"
        listing.write_text("\n".join(dns) + "\n", encoding="utf-8")
        env = _env(home)
        startup = _run(env, ["check", "--json", "--subject", dns[0]])
        from_file = _run(env, ["check", "--json", "--subjects-from", str(listing)])
        from_stdin = _run(
            env, ["check", "--json", "--subjects-from", "-"], listing.read_bytes()
        )
        argv: list[str] = []
        for dn in dns:
            argv += ["--subject", dn]
        old_way = _run(env, ["check", "--json", *argv])
        handler = _in_process(listing)
    print(f"{N} subjects")
    print(f"  start-up (1 subject)        {startup * 1000:8.0f} ms")
    print(f"  --subjects-from FILE        {from_file * 1000:8.0f} ms  "
          f"beyond start-up {(from_file - startup) * 1000:6.0f} ms")
    print(f"  --subjects-from - (stdin)   {from_stdin * 1000:8.0f} ms  "
          f"beyond start-up {(from_stdin - startup) * 1000:6.0f} ms")
    print(f"  --subject x {N} (old way)  {old_way * 1000:8.0f} ms  "
          f"beyond start-up {(old_way - startup) * 1000:6.0f} ms")
    print(f"  handler in-process (cold)   {handler * 1000:8.0f} ms")
    print(f"  ratio old way / file (beyond start-up): "
          f"{(old_way - startup) / max(from_file - startup, 1e-9):.1f}x")


if __name__ == "__main__":
    main()
