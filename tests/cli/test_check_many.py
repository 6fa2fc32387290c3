"""`kyso check --json --subjects-from FILE` on many subjects (issue 15, item 6).

The fast path (one batch, shared verdicts, each verdict's JSON encoded once, the output
written a thousand items a call) prints byte for byte what ``json.dumps`` of every result
checked one by one prints.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path

import pytest

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


def _printed(subjects: list[str], stream: io.TextIOBase | None = None) -> str:
    from kyso.cli.check import _print_subject_lines
    from kyso.core.checkup.certificate import subject_verdicts

    sink = stream if stream is not None else io.StringIO()
    with contextlib.redirect_stdout(sink):
        _print_subject_lines(subjects, subject_verdicts(subjects))
    return sink.getvalue() if isinstance(sink, io.StringIO) else ""


@pytest.mark.parametrize("count", [1, 999, 1000, 1001, 2345])
def test_text_lines_shared_by_verdict_are_the_one_by_one_lines(count: int) -> None:
    """Without --json, subjects of one verdict share the lines under their own, written a
    thousand subjects a call: the same text as each subject checked and printed alone, odd
    spellings included, on either side of a write."""
    from kyso.cli.check import _check_lines
    from kyso.core.checkup.certificate import subject_verdicts, verdicts_have_findings
    from tests.core.checkup.test_subjects_json import ODD
    from tests.core.reform.test_reform_hard import all_cases

    batch = [c.subject for c in all_cases()] + ODD * 2 + subjects(load(), 300, seed=4)
    batch = (batch * (count // len(batch) + 1))[:count]
    clear_caches()
    got = _printed(batch)
    clear_caches()
    want = ""
    findings = False
    for s in batch:
        check = check_subject_only(s)
        want += _check_lines(check) + "\n"
        findings = findings or check.has_findings
    assert got == want
    assert verdicts_have_findings(subject_verdicts(batch)) == findings


def test_findings_of_a_batch_whatever_the_order() -> None:
    """One subject not on the new model among current ones is a finding, wherever it is."""
    from kyso.core.checkup.certificate import subject_verdicts, verdicts_have_findings

    current = "CN=UBND Tỉnh Nghệ An,O=UBND Tỉnh Nghệ An,L=Nghệ An,C=VN"
    old = "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN"
    assert not verdicts_have_findings(subject_verdicts([current] * 3))
    assert not verdicts_have_findings([])
    for at in range(3):
        batch = [current] * 3
        batch.insert(at, old)
        assert verdicts_have_findings(subject_verdicts(batch))


def test_text_lines_stop_where_print_stopped() -> None:
    """A subject the output cannot encode (a lone surrogate from a command line that was
    not UTF-8) stops the output where printing subject by subject stopped: every subject
    before it written, nothing of it — not a thousand-subject write lost whole."""
    ok = "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN"
    bad = "CN=UBND xã Vũ H\udcffội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN"
    batch = [ok, f"UID=MST:1,{ok}", bad, ok]
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", write_through=True)
    with pytest.raises(UnicodeEncodeError):
        _printed(batch, stream)
    stream.flush()
    assert raw.getvalue().decode("utf-8") == _printed(batch[:2])
