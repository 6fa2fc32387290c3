"""kill -9 in the middle of signing a 100 MB PDF (issue 14's fault suite), at two points:
while the copy-and-hash runs, and once the temporary output is complete. Each time the input
is untouched (SHA-256 compared), no final output exists, and the next run removes Kyso's own
leftover ``.part`` file and signs."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.bench.bench_sign import make_big_pdf
from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.signing_fixtures import PIN, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def test_kill_9_while_signing_100_mb(sign_world, softhsm_store, isolated_home, tmp_path):
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world.certs.pki.root.pem)
    machine = isolated_home / "machine.toml"
    machine.write_text(machine.read_text() + f'anchors_path = "{anchors}"\n', encoding="utf-8")
    env = kyso_cli_env(softhsm_store, isolated_home)
    folder = tmp_path / "lớn"
    folder.mkdir()
    src = folder / "hồ sơ 100MB.pdf"
    make_big_pdf(src, 100)
    before = _sha(src)
    out = src.with_name(src.stem + ".signed.pdf")
    entry = sign_world.entries["organization"]
    command = kyso_cmd("sign", "--profile", "copy", "--token", sign_world.pin_serial, "--cert",
                       entry.details.sha256[:12], "--pin-stdin", "--level", "B-B", str(src))

    def parts() -> list[Path]:
        return [p for p in folder.iterdir() if p.name.endswith(".part")]

    for wanted in (1, 80 * 1024 * 1024):  # as soon as the copy starts; most of it written
        proc = subprocess.Popen(command, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert proc.stdin is not None
        proc.stdin.write(f"{PIN}\n".encode())
        proc.stdin.close()
        deadline = time.monotonic() + 300  # a bound for a loaded machine, not a speed check
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.stat().st_size >= wanted for p in parts() if p.exists()):
                break
            time.sleep(0.02)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _sha(src) == before, "the input changed"
        assert not out.exists() or proc.returncode == 0, "a partial final output exists"
        if out.exists():  # the run finished before the kill: start over for the next point
            out.unlink()
    leftovers = parts()
    assert leftovers, "no kill landed while the output was being written"
    # Leftovers count as stale when older than the new process's start, which Linux gives
    # to the second (boot time is whole seconds): a rerun more than a second later cleans.
    time.sleep(1.5)
    # the next run cleans Kyso's own leftovers and signs
    done = subprocess.run(command, env=env, input=f"{PIN}\n", capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert out.exists() and _sha(src) == before
    assert not any(p.exists() for p in leftovers)
    assert parts() == []
    verdict = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in verdict
