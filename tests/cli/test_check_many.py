"""`kyso check --json --subjects-from FILE` on many subjects (issue 15, item 6).

The fast path (one batch, shared verdicts, each verdict's JSON encoded once, the output
written item by item) prints byte for byte what ``json.dumps`` of every result checked
one by one prints.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from kyso.core.checkup.certificate import check_subject_only
from kyso.core.reform.check import clear_caches
from kyso.core.subjects.admin_units import load
from tests.bench.bench_reform import subjects
from tests.conftest import kyso_cli_env, kyso_cmd


def test_many_subjects_print_what_json_dumps_prints(
    softhsm_store, isolated_home, tmp_path: Path
) -> None:
    dns = subjects(load(), 400, seed=21)
    dns += dns[:50]  # the same subjects again: shared verdicts and texts
    listing = tmp_path / "subjects.txt"
    listing.write_text("\n".join(dns) + "\n", encoding="utf-8")
    proc = subprocess.run(
        kyso_cmd("check", "--json", "--subjects-from", str(listing)),
        env=kyso_cli_env(softhsm_store, isolated_home),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr.decode("utf-8", "replace")
    clear_caches()
    want = json.dumps([check_subject_only(dn).to_json() for dn in dns], ensure_ascii=False)
    assert proc.stdout.decode("utf-8") == want + "\n"
