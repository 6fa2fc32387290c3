"""``kyso sign`` killed with -9 at several points of a batch, then run again (issue 14,
item 5): inputs untouched, never a partial final output, one JSON line per finished file as
it finishes, and the rerun ends the batch with exit 0 ("đã ký trước đó" for the files done
before) and leaves none of Kyso's temporary files."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time

from cryptography import x509

from kyso.core.signing.pades import _temp_beside
from kyso.core.signing.resume import is_own_part, signed_by
from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.signing_fixtures import PIN, make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]

FILES = 6
KILLS = 5


def test_kill_9_during_a_batch_then_rerun(sign_world, softhsm_store, isolated_home, tmp_path):
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world.certs.pki.root.pem)
    machine = isolated_home / "machine.toml"
    machine.write_text(machine.read_text() + f'anchors_path = "{anchors}"\n', encoding="utf-8")
    env = kyso_cli_env(softhsm_store, isolated_home)
    entry = sign_world.entries["organization"]
    cert = x509.load_der_x509_certificate(entry.der)
    folder = tmp_path / "lô"
    folder.mkdir()
    files = [make_pdf(folder / f"vb {i}.pdf", text=f"Văn bản {i}") for i in range(FILES)]
    before = {f: f.read_bytes() for f in files}
    command = kyso_cmd(
        "sign", "--profile", "copy", "--token", sign_world.pin_serial, "--cert",
        entry.details.sha256[:12], "--pin-stdin", "--level", "B-B", "--json",
        *map(str, files),
    )

    def check_outputs() -> int:
        done = 0
        for f in files:
            assert f.read_bytes() == before[f]  # input untouched
            out = f.with_name(f.stem + ".signed.pdf")
            if out.exists():
                assert signed_by(out, f, cert), out  # whole and valid, never partial
                done += 1
        return done

    rng = random.Random(14)
    streamed = False
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [*command, "--resume"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PIN + "\n")
        proc.stdin.flush()
        wanted = rng.randint(0, 2)  # lines to wait for before the kill (0: at a random moment)
        rows = []
        if wanted == 0:
            time.sleep(rng.uniform(0.5, 4.0))
        else:
            for line in proc.stdout:
                rows.append(json.loads(line))
                if len(rows) >= wanted:
                    break
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        if proc.returncode == -signal.SIGKILL and rows:
            streamed = True  # lines reached us from a run that never finished
        for row in rows:
            assert row["status"] in ("signed", "already_signed"), row
        check_outputs()
    assert streamed, "no JSON line arrived before a kill: --json is not streaming"

    # a leftover of an earlier crash for sure (the kills may or may not have left one), and a
    # file that only looks alike: the first goes at the next start, the second stays
    old = time.time() - 3600
    planted = _temp_beside(folder / "vb 0.signed.pdf")
    planted.write_bytes(b"%PDF-1.7 half written")
    os.utime(planted, (old, old))
    stranger = folder / ".vb 0.signed.pdf.part"
    stranger.write_bytes(b"not Kyso's")
    os.utime(stranger, (old, old))
    final = subprocess.run(command, env=env, input=PIN + "\n", capture_output=True, text=True,
                           timeout=300)
    assert final.returncode == 0, final.stderr
    rows = [json.loads(line) for line in final.stdout.splitlines()]
    assert len(rows) == FILES
    assert {r["status"] for r in rows} <= {"signed", "already_signed"}
    earlier = [r for r in rows if r["status"] == "already_signed"]
    assert earlier and all(r["message"] == "đã ký trước đó" for r in earlier)
    assert check_outputs() == FILES
    assert not [p for p in os.listdir(folder) if is_own_part(p)]  # leftovers removed
    assert stranger.read_bytes() == b"not Kyso's"
    assert "output_exists" not in final.stdout + final.stderr
