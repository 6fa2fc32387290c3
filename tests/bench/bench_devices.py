"""Benchmark: hot-plug latency and cold starts (issue 2).

Run from the repository root::

    python -m tests.bench.bench_devices

Prints, each beside ``python -c pass`` measured in the same run:
- time from a token's creation (one rename into the SoftHSM2 store, as a real token appears)
  to its line in ``kyso devices --watch --json`` (median of 10);
- cold start of ``kyso devices --json``;
- cold start of the main window to "ready" (``kyso-desktop --smoke``, offscreen).
No timing is asserted.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kyso.core.tokens.softhsm import SoftHSMStore, find_softhsm_module

REPO = Path(__file__).resolve().parents[2]


def kyso_env(store: SoftHSMStore, home: Path) -> dict[str, str]:
    """A child process's environment: this SoftHSM2 store only, a fresh Kyso home."""
    env = store.env()
    env["KYSO_PKCS11_MODULES"] = find_softhsm_module() or ""
    env["KYSO_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    machine = home / "machine.toml"
    machine.write_text("[settings]\nuse_builtin_modules = false\n", encoding="utf-8")
    env["KYSO_MACHINE_CONFIG"] = str(machine)
    env["PYTHONPATH"] = str(REPO / "desktop")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("KYSO_RESOURCES", None)
    return env


def _time(cmd: list[str], env: dict[str, str], n: int = 5) -> float:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = SoftHSMStore(root / "store").ensure()
        staging = SoftHSMStore(root / "staging").ensure()
        env = kyso_env(store, root / "home")
        py_pass = _time([sys.executable, "-c", "pass"], env)
        print(f"python -c pass                         {py_pass * 1000:8.1f} ms (baseline)")
        devices = _time([sys.executable, "-m", "kyso.cli", "devices", "--json"], env)
        print(
            f"kyso devices --json (cold)             {devices * 1000:8.1f} ms"
            f"  ({devices / py_pass:.1f}× baseline)"
        )
        window = _time([sys.executable, "-m", "kyso.ui.app", "--smoke"], env, n=3)
        print(
            f"main window to ready (--smoke)         {window * 1000:8.1f} ms"
            f"  ({window / py_pass:.1f}× baseline)"
        )
        watch = subprocess.Popen(
            [sys.executable, "-m", "kyso.cli", "devices", "--watch", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        latencies = []
        try:
            time.sleep(1.5)
            for i in range(10):
                label = f"BENCH-{i}"
                staging.init_token(label, so_pin="12345678", user_pin="123456")
                serial = staging.provision(label, user_pin="123456")
                t0 = time.perf_counter()
                staging.move_token_to(serial, store)
                assert watch.stdout is not None
                while True:
                    event = json.loads(watch.stdout.readline())
                    if event["event"] == "added" and event["token"]["serial"] == serial:
                        break
                latencies.append(time.perf_counter() - t0)
        finally:
            watch.terminate()
            watch.wait(10)
        median = statistics.median(latencies)
        print(
            f"token created → --watch line (median)  {median * 1000:8.1f} ms"
            f"  ({median / py_pass:.1f}× baseline; poll interval 500 ms)"
        )


if __name__ == "__main__":
    main()
