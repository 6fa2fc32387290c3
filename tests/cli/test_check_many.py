"""`kyso check --json --subjects-from FILE` on many subjects (issue 15, item 6).

The fast path (one batch, shared verdicts, each verdict's JSON encoded once, the output
written a thousand items a call) prints byte for byte what ``json.dumps`` of every result
checked one by one prints.
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


def test_json_list_written_in_batches_is_json_dumps(capsys) -> None:
    """print_json_list writes a thousand items a call: the text is json.dumps' whatever the
    count, on either side of a batch."""
    from kyso.cli.common import print_json_list

    for n in (0, 1, 999, 1000, 1001, 2000, 2345):
        data = [{"i": i, "t": "é\u2028"} for i in range(n)]
        print_json_list(json.dumps(d, ensure_ascii=False) for d in data)
        assert capsys.readouterr().out == json.dumps(data, ensure_ascii=False) + "\n", n


def test_text_lines_shared_by_verdict_are_the_one_by_one_lines() -> None:
    """Without --json, subjects of one verdict share the lines under their own: the same
    text as each subject checked and written alone, odd spellings included."""
    from kyso.cli.check import _check_lines, _subject_lines
    from tests.core.checkup.test_subjects_json import ODD
    from tests.core.reform.test_reform_hard import all_cases

    batch = [c.subject for c in all_cases()] + ODD * 2 + subjects(load(), 300, seed=4)
    clear_caches()
    got = _subject_lines(batch)
    clear_caches()
    want = []
    for s in batch:
        check = check_subject_only(s)
        want.append((_check_lines(check), check.has_findings))
    assert got == want
