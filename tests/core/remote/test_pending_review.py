"""Review of the remote-signing journal's "is that Kyso still waiting?" (remote/pending.py,
``_alive`` over core/procs.process_alive)."""

from __future__ import annotations

import json
from pathlib import Path

from kyso.core.remote.pending import PendingJournal


def test_a_damaged_pending_record_is_reported_not_a_crash(tmp_path: Path) -> None:
    """Found by review (older than the change; fixed in process_alive). A
    record in ``remote_pending`` whose ``pid`` is out of range (a damaged or hand-edited
    file) makes ``PendingJournal.abandoned()`` raise OverflowError: ``kyso sign`` and
    ``kyso remote …`` end with "unexpected error" and the GUI's remote window fails, on
    every start, until someone finds and deletes the file."""
    journal = PendingJournal(tmp_path)
    record = journal.begin("an@example.vn", "cred-1", ["a.pdf"])
    data = json.loads(record.read_text(encoding="utf-8"))
    data["pid"] = 2**40
    record.write_text(json.dumps(data), encoding="utf-8")
    [item] = journal.abandoned()
    assert item.documents == ("a.pdf",)
    assert not record.exists()
