"""The hash-chained audit log (issue 5, item 5)."""

from __future__ import annotations

import json
import threading

import pytest

from kyso.core.signing.audit import GENESIS, AuditLog, entry_hash, verify_audit_log


@pytest.fixture
def log(tmp_path):
    log = AuditLog(tmp_path / "audit" / "audit.jsonl")
    for i in range(5):
        # unsigned entries: an emergency entry must be signed (see test_audit_signed.py),
        # so the chain mechanics are tested with an event that may be written without a key
        log.append("note", {"file": f"vb{i}.pdf", "reason": "Ký khẩn cấp: bão số 3"})
    return log


def lines(log):
    return log.path.read_bytes().splitlines(keepends=True)


def write(log, parts):
    log.path.write_bytes(b"".join(parts))


def test_chain_is_valid(log):
    result = verify_audit_log(log.path)
    assert result.ok and result.entries == 5, result.to_json()
    entries = [json.loads(x) for x in lines(log)]
    assert entries[0]["prev"] == GENESIS
    for a, b in zip(entries, entries[1:], strict=False):
        assert b["prev"] == a["hash"] and b["seq"] == a["seq"] + 1
    assert all(entry_hash(e) == e["hash"] for e in entries)
    assert entries[0]["data"]["reason"] == "Ký khẩn cấp: bão số 3"  # UTF-8, not escaped
    assert "bão" in log.path.read_text(encoding="utf-8")


def test_edit_detected(log):
    parts = lines(log)
    parts[2] = parts[2].replace(b"vb2", b"vb9")
    write(log, parts)
    result = verify_audit_log(log.path)
    assert not result.ok and result.problems[0].code == "edited" and result.problems[0].line == 3


def test_edit_with_rehash_detected(log):
    parts = lines(log)
    entry = json.loads(parts[1])
    entry["data"]["file"] = "khac.pdf"
    entry["hash"] = entry_hash(entry)
    parts[1] = json.dumps(entry, ensure_ascii=False).encode() + b"\n"
    write(log, parts)
    result = verify_audit_log(log.path)
    assert result.problems[0].code == "broken_chain" and result.problems[0].line == 3


def test_deletion_detected(log):
    parts = lines(log)
    del parts[1]
    write(log, parts)
    result = verify_audit_log(log.path)
    assert result.problems[0].code == "broken_chain" and result.problems[0].line == 2


def test_reorder_detected(log):
    parts = lines(log)
    parts[1], parts[2] = parts[2], parts[1]
    write(log, parts)
    result = verify_audit_log(log.path)
    assert result.problems[0].code == "broken_chain" and result.problems[0].line == 2


def test_truncation_detected(log):
    write(log, lines(log)[:-2])
    result = verify_audit_log(log.path)
    assert result.problems[0].code == "truncated" and result.problems[0].line == 4


def test_garbage_line_detected(log):
    parts = lines(log)
    parts.insert(3, b"not json\n")
    write(log, parts)
    result = verify_audit_log(log.path)
    assert result.problems[0].code == "unreadable" and result.problems[0].line == 4


def test_missing_head_reported(log):
    log.head_path.unlink()
    result = verify_audit_log(log.path)
    assert [p.code for p in result.problems] == ["head_missing"]


def test_concurrent_appends_keep_chain(tmp_path):
    log = AuditLog(tmp_path / "a.jsonl")
    threads = [
        threading.Thread(target=lambda i=i: [log.append("e", {"i": i, "j": j}) for j in range(20)])
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = verify_audit_log(log.path)
    assert result.ok and result.entries == 80


def test_missing_file(tmp_path):
    assert verify_audit_log(tmp_path / "none.jsonl").problems[0].code == "missing"
