"""Measure issue 15 item 6 the way the CLI pays it: one process, the table loaded and one
subject checked first (what the start-up run pays), then N subjects through the real
handler path (`subject_verdicts` + the CLI's printing), caches as a fresh process has them.

Usage (from a checkout's root):
  PYTHONPATH=$PWD/desktop:$PWD .venv/bin/python tests/bench/batch_cost.py SET [--text] [--warmup-only]
SET: mixed | norep | inv.  Prints CPU seconds of the batch (process_time).
--text: the text output (``kyso check --subjects-from FILE`` without ``--json``) instead of
the JSON one. --verdicts-only: each subject's verdict alone, nothing encoded or printed;
its difference to a full run is what turning verdicts into output costs.

Load-independent count (instructions, deterministic; ~60x slower):
  for m in --warmup-only ""; do PYTHONPATH=... valgrind --tool=callgrind \
     --callgrind-out-file=/tmp/cg.%p .venv/bin/python tests/bench/batch_cost.py SET $m \
     2>&1 | grep 'Collected'; done
The difference of the two "Collected" numbers is the batch's instructions.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time

from kyso.core.subjects.admin_units import load
from tests.bench.bench_check_subjects import inventory_subjects, no_repeat_subjects
from tests.bench.bench_reform import subjects

which = sys.argv[1]
warmup_only = "--warmup-only" in sys.argv[2:]
text_mode = "--text" in sys.argv[2:]
verdicts_only = "--verdicts-only" in sys.argv[2:]
units = load()
dns = {
    "mixed": lambda: subjects(units, 10000),
    "norep": lambda: no_repeat_subjects(units, 10000),
    "inv": lambda: inventory_subjects(units, 10000),
}[which]()

from kyso.cli.check import _print_subject_lines  # noqa: E402
from kyso.cli.common import print_json_list  # noqa: E402
from kyso.core.checkup.certificate import (  # noqa: E402
    collections_paused,
    subject_verdict,
    subject_verdicts,
    verdicts_have_findings,
    verdicts_json,
)


def batch(items: list[str]) -> None:
    """What ``cmd_check`` does with ``--subjects-from`` (and ``--json`` unless --text)."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), collections_paused(keep=True):
        if verdicts_only:  # what the output costs is the rest
            seen: dict = {}
            for subject in items:
                subject_verdict(subject, seen)
            return
        verdicts = subject_verdicts(items)
        if text_mode:
            _print_subject_lines(items, verdicts)
        else:
            print_json_list(verdicts_json(items, verdicts))
        verdicts_have_findings(verdicts)


batch(dns[:1])  # what the one-subject start-up run pays
if not warmup_only:
    start = time.process_time()
    batch(dns)
    mode = "verdicts" if verdicts_only else "text" if text_mode else "json"
    print(f"{which} {mode}: {time.process_time() - start:.3f} s CPU for {len(dns)} subjects")
