"""An audit log that cannot be rewritten without the token (issue 14, item 1).

The emergency flow runs for real: the SoftHSM2 token signs the documents and the entries in
one login, the head goes into each signed /Reason and onto the token as a data object. Each
attack of the issue is then carried out on the files and must be found; honest accidents
(a torn last line, a head file one entry behind) must never look like tampering.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kyso.core.signing.audit import (
    AuditLog,
    HeadEvidence,
    check_evidence,
    entry_hash,
    parse_marker,
    pdf_heads,
    verify_audit_log,
)
from kyso.core.signing.batch import AuditRecorder, sign_batch
from tests.core.signing.test_signing_batch import _emergency, _files
from tests.support.signing_fixtures import sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]

REPO = Path(__file__).resolve().parents[3]


def _sign(world, folder: Path, log: AuditLog, n: int = 2):
    decision, options = _emergency(world)
    signer = world.signer("leader-province")
    recorder = AuditRecorder(log, signer, options, decision=decision)
    report = sign_batch(signer, _files(folder, n), options, audit=recorder)
    assert len(report.signed) == n, report.to_json()
    return signer, recorder, [r.output for r in report.signed]


def _entries(log: AuditLog) -> list[dict]:
    return [json.loads(x) for x in log.path.read_text(encoding="utf-8").splitlines()]


def _rewrite(log: AuditLog, entries: list[dict], *, rehash: bool = True) -> None:
    """What an administrator without the token can do: rewrite lines, recompute every hash
    and link, rewrite the head file."""
    prev = "0" * 64
    for i, e in enumerate(entries, start=1):
        e["seq"], e["prev"] = i, prev
        if rehash:
            e["hash"] = entry_hash(e)
        prev = e["hash"]
    log.path.write_bytes(
        b"".join(json.dumps(e, ensure_ascii=False).encode() + b"\n" for e in entries)
    )
    log.head_path.write_text(json.dumps({"count": len(entries), "hash": prev}), encoding="utf-8")


def test_entries_are_signed_and_the_pdf_carries_the_head(sign_world, tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    signer, recorder, outputs = _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"] * 2
    assert all("sig" in e and "signer" in e for e in entries)  # one more C_Sign each
    result = verify_audit_log(log.path)
    assert result.ok and result.signed_entries == 4, result.to_json()
    assert list(result.signers.values()) == [signer.certificate.subject.rfc4514_string()]
    # the second document's signed reason names the entry made just before it
    heads = pdf_heads(outputs[1])
    assert [(h.seq, h.hash) for h in heads] == [(3, entries[2]["hash"])]
    # and the token keeps the head of this log
    assert recorder.head_on_token is True
    assert signer.key.read_audit_head(log.identity) == (4, entries[3]["hash"])
    check_evidence(result, [*heads, HeadEvidence("token:x", 4, entries[3]["hash"])])
    assert result.ok and all(e.found for e in result.evidence)


def test_edit_rehash_and_new_head_detected(sign_world, tmp_path):
    """Attack 1: edit an entry, recompute every hash and the head."""
    log = AuditLog(tmp_path / "audit.jsonl")
    _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    entries[1]["data"]["output_sha256"] = "0" * 64
    _rewrite(log, entries)
    result = verify_audit_log(log.path)
    assert [(p.code, p.line) for p in result.problems] == [("bad_signature", 2)]


def test_signatures_stripped_detected(sign_world, tmp_path):
    """Attack 1, variant: edit, rehash and drop the signatures that no longer fit."""
    log = AuditLog(tmp_path / "audit.jsonl")
    _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    entries[0]["data"]["reason"] = "khác"
    for e in entries:
        e.pop("sig"), e.pop("signer")
    _rewrite(log, entries)
    result = verify_audit_log(log.path)
    assert [(p.code, p.line) for p in result.problems] == [("unsigned", 1)]


def test_entry_signed_by_another_certificate_detected(sign_world, tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    other = sign_world.entries["organization"].der
    entries[0]["signer"] = base64.b64encode(other).decode()
    _rewrite(log, entries)
    result = verify_audit_log(log.path)
    assert result.problems[0].code == "bad_signature"


def test_truncation_with_new_head_found_by_the_pdf_and_the_token(sign_world, tmp_path):
    """Attack 2: drop the last entries and rewrite the head. The log alone cannot tell
    (and says so); the PDF signed last and the token both prove entries are missing."""
    log = AuditLog(tmp_path / "audit.jsonl")
    signer, _, outputs = _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    _rewrite(log, entries[:2], rehash=False)
    alone = verify_audit_log(log.path)
    assert alone.ok  # consistent on its own…
    assert any("--token" in vi for vi, _ in alone.cannot_rule_out())  # …and it says why
    with_pdf = verify_audit_log(log.path)
    check_evidence(with_pdf, pdf_heads(outputs[1]))
    assert [p.code for p in with_pdf.problems] == ["truncated"]
    token_head = signer.key.read_audit_head(log.identity)
    with_token = verify_audit_log(log.path)
    check_evidence(with_token, [HeadEvidence("token:x", *token_head)])
    assert [p.code for p in with_token.problems] == ["truncated"]


def test_delete_log_and_sign_again_detected(sign_world, tmp_path):
    """Attack 3: delete the log and its head, then sign again: a fresh, consistent log. The
    token still held the old head, so the new log opens with an ``audit_gap`` entry (signed,
    so it cannot be dropped without breaking what follows); an old PDF's head is not in it."""
    log = AuditLog(tmp_path / "audit.jsonl")
    _, _, old_outputs = _sign(sign_world, tmp_path / "in", log)
    log.path.unlink()
    log.head_path.unlink()
    _sign(sign_world, tmp_path / "in2", AuditLog(log.path), n=1)
    entries = _entries(log)
    assert entries[0]["event"] == "audit_gap" and "sig" in entries[0]
    result = verify_audit_log(log.path)
    assert [p.code for p in result.problems] == ["gap"]
    again = verify_audit_log(log.path)
    check_evidence(again, pdf_heads(old_outputs[1]))
    assert "replaced" in [p.code for p in again.problems]
    # dropping the gap entry breaks the chain of the entries signed after it
    _rewrite(log, entries[1:], rehash=True)
    assert verify_audit_log(log.path).problems[0].code == "bad_signature"


def test_torn_last_line_is_interrupted_then_recorded(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    for i in range(3):
        log.append("note", {"i": i})
    data = log.path.read_bytes()
    log.path.write_bytes(data + data.splitlines(keepends=True)[0][:40])  # a crash mid-line
    result = verify_audit_log(log.path)
    assert result.ok and result.interrupted and result.entries == 3, result.to_json()
    entry = log.append("note", {"i": 3})
    entries = _entries(log)
    assert [e["event"] for e in entries] == ["note"] * 3 + ["interrupted_write", "note"]
    assert entries[3]["data"]["torn_bytes"] == 40 and entry["seq"] == 5
    result = verify_audit_log(log.path)
    assert result.ok and not result.interrupted and result.entries == 5


def test_head_file_one_behind_is_not_tampering(tmp_path):
    """A crash between the fsynced line and the head's rename."""
    log = AuditLog(tmp_path / "audit.jsonl")
    for i in range(3):
        log.append("note", {"i": i})
    second = _entries(log)[1]
    log.head_path.write_text(json.dumps({"count": 2, "hash": second["hash"]}), encoding="utf-8")
    result = verify_audit_log(log.path)
    assert result.ok and result.interrupted and result.head_file_behind


_WRITER = r"""
import sys
from kyso.core.signing.audit import AuditLog
log = AuditLog(sys.argv[1])
for j in range(int(sys.argv[3])):
    log.append("note", {"writer": sys.argv[2], "j": j})
"""


def _writer(path: Path, name: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), name, str(count)], env=env,
        stderr=subprocess.PIPE, text=True,
    )


def test_two_processes_appending_at_once(tmp_path):
    path = tmp_path / "audit.jsonl"
    procs = [_writer(path, name, 40) for name in ("a", "b", "c")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    result = verify_audit_log(path)
    assert result.ok and result.entries == 120, result.to_json()
    seqs = [json.loads(x)["seq"] for x in path.read_text().splitlines()]
    assert seqs == list(range(1, 121))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "audit.jsonl", "audit.jsonl.head", "audit.jsonl.lock"
    ]  # no temporary head left behind


@pytest.mark.parametrize("round_", range(4))
def test_kill_9_during_appends_never_looks_like_tampering(tmp_path, round_):
    path = tmp_path / "audit.jsonl"
    proc = _writer(path, "k", 100000)
    deadline = time.monotonic() + 60
    while not path.exists() or path.stat().st_size < 2000 * (round_ + 1):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    result = verify_audit_log(path)
    assert result.ok, result.to_json()  # whole, or "interrupted": never a problem
    AuditLog(path).append("note", {"after": "kill"})
    after = verify_audit_log(path)
    assert after.ok and not after.interrupted and after.entries >= result.entries + 1


def test_marker_round_trip():
    assert parse_marker("Lý do [Kyso audit #12 " + "ab" * 32 + "]") == (12, "ab" * 32)
    assert parse_marker("Lý do") is None


def test_token_head_survives_a_crash_between_create_and_destroy(sign_world):
    """The head object is replaced by creating the new one first: two may be left, the
    higher is the head."""
    from kyso.core.tokens.audit_head import read_head, write_head

    log_id = "test-two-heads"
    session = sign_world.session
    assert session.run(lambda raw: read_head(raw, log_id)) is None
    assert session.run(lambda raw: write_head(raw, log_id, 7, "a" * 64))
    from pkcs11 import Attribute, ObjectClass

    def plant(raw):  # what a crash right after the create leaves: an older head beside it
        raw.create_object({
            Attribute.CLASS: ObjectClass.DATA, Attribute.TOKEN: True, Attribute.PRIVATE: True,
            Attribute.LABEL: f"Kyso audit head {log_id}", Attribute.APPLICATION: "kyso",
            Attribute.VALUE: json.dumps({"seq": 5, "hash": "b" * 64}).encode(),
        })

    session.run(plant)
    assert session.run(lambda raw: read_head(raw, log_id)) == (7, "a" * 64)
    assert session.run(lambda raw: write_head(raw, log_id, 8, "c" * 64))
    assert session.run(lambda raw: read_head(raw, log_id)) == (8, "c" * 64)
    count = session.run(lambda raw: len(list(raw.get_objects(
        {Attribute.CLASS: ObjectClass.DATA, Attribute.LABEL: f"Kyso audit head {log_id}"}))))
    assert count == 1


def _as_remote(entries: list[dict]) -> None:
    """Rewrite entries as a remote key's (no signature needed) with other content."""
    for e in entries:
        e.pop("sig", None), e.pop("signer", None)
        e["data"]["key_home"] = "remote:vnpt-smartca"
        e["data"]["reason"] = "nội dung khác"


def test_token_entries_rewritten_as_remote_need_the_pdf_or_the_token(sign_world, tmp_path):
    """Review note 4a, what the README says: the last entries, token-signed ones included,
    can be rewritten as unsigned remote entries; the log alone then looks whole and says what
    it could not check; the PDFs and the token prove the rewrite."""
    log = AuditLog(tmp_path / "audit.jsonl")
    signer, _, outputs = _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    _as_remote(entries[2:])  # the second document's two entries
    _rewrite(log, entries)

    alone = verify_audit_log(log.path)
    assert alone.ok and alone.unsigned_remote == 2, alone.to_json()  # the documented limit
    assert any("viết lại thành mục ký từ xa" in vi for vi, _ in alone.cannot_rule_out())

    with_pdf = verify_audit_log(log.path)
    check_evidence(with_pdf, pdf_heads(outputs[1]))  # its reason names entry 3 as signed
    assert not with_pdf.ok, with_pdf.to_json()
    with_token = verify_audit_log(log.path)
    check_evidence(with_token, [HeadEvidence("token:x", *signer.key.read_audit_head(log.identity))])
    assert not with_token.ok, with_token.to_json()


def test_a_token_entry_before_a_signed_one_cannot_become_remote(sign_world, tmp_path):
    """What the README still promises: a signed entry's signature covers its link, so an
    entry followed by a signed one cannot be rewritten, as remote or otherwise."""
    log = AuditLog(tmp_path / "audit.jsonl")
    _sign(sign_world, tmp_path / "in", log)
    entries = _entries(log)
    _as_remote(entries[:1])
    _rewrite(log, entries)
    result = verify_audit_log(log.path)
    assert [(p.code, p.line) for p in result.problems] == [("bad_signature", 2)]
