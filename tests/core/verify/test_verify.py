"""Verifying signed PDFs (issue 6): conclusions, tampering, bad input, fuzzing, pdfsig."""

from __future__ import annotations

import random
import re
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from kyso.core.verify.report import ERROR, FAILED, PASSED, STATUS_INDETERMINATE
from kyso.core.verify.validation import collect_pdfs, verify_many, verify_pdf
from tests.support.verify_fixtures import (
    LEVELS,
    VerifyWorld,
    break_timestamp,
    edit_byte_range,
    encrypted_pdf,
    flip_signed_byte,
    simple_pdf,
    unsigned_page_update,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]

SIG_KEYS = {
    "field",
    "kind",
    "signer_name",
    "format_level",
    "emergency_reason",
    "signer_subject",
    "signer_sha256",
    "signing_time",
    "timestamp_time",
    "intact",
    "coverage",
    "modifications",
    "trusted",
    "revocation",
    "level",
    "conclusion",
    "sub_indication",
    "reasons",
}


@pytest.fixture(scope="module")
def corpus(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every document of the tests, made once: name → path."""
    vw = verify_world
    folder = tmp_path_factory.mktemp("corpus")
    docs: dict[str, bytes] = {}
    base = simple_pdf()
    for level in LEVELS:
        docs[level] = vw.sign_bytes(base, level=level)
    docs["visible"] = vw.sign_bytes(
        simple_pdf(pages=2), level="B-T", visible=(1, (320, 80, 540, 180)), field_name="LanhDao"
    )
    docs["two_signatures"] = vw.sign_bytes(docs["B-T"], level="B-T", field_name="VanThu")
    docs["flipped"] = flip_signed_byte(docs["B-B"])
    docs["byte_range"] = edit_byte_range(docs["B-B"])
    docs["page_update"] = unsigned_page_update(docs["B-T"])
    docs["revoked"] = vw.sign_bytes(base, vw.revoked, level="B-B")
    docs["revoked_ts"] = vw.sign_bytes(base, vw.revoked, level="B-T")
    docs["expired"] = vw.sign_bytes(base, vw.expired, level="B-B")
    docs["expired_ts"] = vw.sign_bytes(base, vw.expired, level="B-T")
    docs["untrusted"] = vw.sign_bytes(base, vw.untrusted, level="B-B")
    docs["broken_ts"] = break_timestamp(docs["B-T"])
    return write_pdfs(folder, docs)


@pytest.mark.parametrize("name", [*LEVELS, "visible", "two_signatures"])
def test_signed_documents_pass(corpus, verifier, name: str) -> None:
    result = verifier.verify(corpus[name])
    assert result.status == PASSED, result.to_json(language="en")
    signatures = [s for s in result.signatures if s.kind == "signature"]
    # B-LTA's document timestamps are entries of their own (issue 12), passed too.
    assert {s.kind for s in result.signatures} == (
        {"signature", "document_timestamp"} if name == "B-LTA" else {"signature"}
    )
    for sig in signatures:
        assert sig.conclusion == "TOTAL_PASSED" and sig.sub_indication is None
        assert sig.intact and sig.crypto_valid and sig.trusted
        assert sig.revocation.status == "good"
        assert sig.reasons and sig.reasons[0].code == "passed"
        assert sig.signer_name == "Nguyễn Văn Ký"
        assert sig.reform is not None and sig.reform["status"] == "current"
        assert sig.signing_time is not None
    if name in LEVELS:
        [sig] = signatures
        assert sig.level == name and sig.format_level == name
        assert sig.coverage == ("entire_file" if name in ("B-B", "B-T") else "entire_revision")
        assert sig.modifications == ("none" if name in ("B-B", "B-T") else "allowed")
        assert (sig.timestamp_time is not None) == (name != "B-B")


def test_json_contract_and_vietnam_time(corpus, verifier) -> None:
    data = verifier.verify(corpus["B-T"]).to_json()
    assert set(data) == {"file", "status", "error", "signatures", "empty_fields"}
    [sig] = data["signatures"]
    assert set(sig) == SIG_KEYS
    assert sig["signing_time"].endswith("+07:00") and sig["timestamp_time"].endswith("+07:00")
    assert re.fullmatch(r"[0-9a-f]{64}", sig["signer_sha256"])
    assert sig["revocation"]["status"] == "good"
    assert sig["revocation"]["source"] in ("online", "cached")
    assert "CN=Nguyễn Văn Ký" in sig["signer_subject"]
    assert sig["reasons"][0]["message"].startswith("Chữ ký của")


def test_two_signatures_first_sees_allowed_change(corpus, verifier) -> None:
    first, second = verifier.verify(corpus["two_signatures"]).signatures
    assert first.coverage == "entire_revision" and first.modifications == "allowed"
    assert any(r.code == "allowed_changes" for r in first.reasons)
    assert second.coverage == "entire_file" and second.modifications == "none"
    assert second.field == "VanThu"


def test_visible_appearance_page_and_box(corpus, verifier) -> None:
    [sig] = verifier.verify(corpus["visible"]).signatures
    assert sig.field == "LanhDao"
    assert sig.appearance is not None
    assert sig.appearance.page == 1
    assert sig.appearance.box == (320, 80, 540, 180)
    assert sig.appearance.page_size == (595, 842)
    [plain] = verifier.verify(corpus["B-B"]).signatures
    assert plain.appearance is None


@pytest.mark.parametrize(
    ("name", "conclusion", "subs"),
    [
        ("flipped", "TOTAL_FAILED", {"HASH_FAILURE"}),
        ("byte_range", "TOTAL_FAILED", {"HASH_FAILURE", "FORMAT_FAILURE"}),
        ("page_update", "TOTAL_FAILED", {"FORMAT_FAILURE"}),
        ("revoked", "TOTAL_FAILED", {"REVOKED"}),
        ("revoked_ts", "TOTAL_FAILED", {"REVOKED"}),
        ("expired", "INDETERMINATE", {"OUT_OF_BOUNDS_NO_POE"}),
        ("expired_ts", "TOTAL_FAILED", {"EXPIRED"}),
        ("untrusted", "INDETERMINATE", {"NO_CERTIFICATE_CHAIN_FOUND"}),
        ("broken_ts", "TOTAL_FAILED", {"SIG_CRYPTO_FAILURE", "HASH_FAILURE"}),
    ],
)
def test_bad_signatures(corpus, verifier, name: str, conclusion: str, subs: set[str]) -> None:
    result = verifier.verify(corpus[name])
    sig = result.signatures[-1] if name != "page_update" else result.signatures[0]
    assert sig.conclusion == conclusion, result.to_json(language="en")
    assert sig.sub_indication in subs, result.to_json(language="en")
    assert result.status == (FAILED if conclusion == "TOTAL_FAILED" else STATUS_INDETERMINATE)
    assert sig.reasons and all(r.vi and r.en for r in sig.reasons)
    if name == "page_update":
        assert sig.intact and sig.coverage == "entire_revision"
        assert sig.modifications == "not_allowed"
    if name in ("revoked", "revoked_ts"):
        assert sig.revocation.status == "revoked" and sig.revocation.revoked_at is not None
        assert not sig.trusted
    if name == "broken_ts":
        assert sig.intact and sig.timestamp_status == "invalid" and sig.level == "B-B"
    if name == "untrusted":
        assert sig.intact and not sig.trusted


def test_offline_uses_cache_then_embedded(
    corpus, verify_world: VerifyWorld, tmp_path: Path
) -> None:
    bare = verify_world.verifier(tmp_path / "empty", online=False)
    [sig] = bare.verify(corpus["B-B"]).signatures
    assert (sig.conclusion, sig.sub_indication) == ("INDETERMINATE", "TRY_LATER")
    assert sig.revocation.status == "unknown"
    # A B-LT document carries its own revocation data.
    [lt] = bare.verify(corpus["B-LT"]).signatures
    assert lt.conclusion == "TOTAL_PASSED", lt.to_json("en")
    assert lt.revocation.source == "embedded"
    verify_world.seed_cache(tmp_path / "seeded")
    cached = verify_world.verifier(tmp_path / "seeded", online=False)
    [sig] = cached.verify(corpus["B-B"]).signatures
    assert sig.conclusion == "TOTAL_PASSED"
    assert sig.revocation.source == "cached"


def test_anchors_path_override(corpus, verify_world: VerifyWorld, world, tmp_path: Path) -> None:
    other = tmp_path / "other.pem"
    other.write_bytes(verify_world.other_pki.root.pem)
    result = verify_pdf(corpus["B-B"], anchors=other, online=False)
    [sig] = result.signatures
    assert sig.sub_indication == "NO_CERTIFICATE_CHAIN_FOUND"
    result = verify_pdf(corpus["B-B"], anchors=world.anchors_dir, online=True)
    assert result.status == PASSED


def _pdfsig_valid(path: Path) -> list[bool]:
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    ).stdout
    verdicts = []
    for block in re.split(r"^Signature #\d+:$", out, flags=re.M)[1:]:
        if "Signature Type: unknown" in block:
            continue  # a document timestamp (ETSI.RFC3161): poppler does not check those
        verdicts.append("Signature Validation: Signature is Valid." in block)
    return verdicts


def test_integrity_agrees_with_pdfsig(corpus, verifier) -> None:
    for name, path in corpus.items():
        result = verifier.verify(path)
        ours = [s.intact and s.crypto_valid for s in result.signatures if s.kind == "signature"]
        assert ours == _pdfsig_valid(path), name


def test_bad_inputs_are_clear_errors(
    verify_world: VerifyWorld, corpus, verifier, tmp_path: Path
) -> None:
    cases = {
        "not_pdf": b"Day khong phai PDF\n" * 20,
        "empty": b"",
        "truncated": corpus["B-T"].read_bytes()[: len(corpus["B-T"].read_bytes()) // 3],
        "encrypted": encrypted_pdf(),
        "unsigned": simple_pdf(),
    }
    codes = {}
    for name, data in cases.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        result = verifier.verify(path)
        assert result.status == ERROR, (name, result.to_json("en"))
        assert result.error is not None and result.error.vi and result.error.en
        data_json = result.to_json()
        assert data_json["error"] and data_json["signatures"] == []
        codes[name] = result.error.code
    missing = verifier.verify(tmp_path / "does-not-exist.pdf")
    assert missing.status == ERROR and missing.error is not None
    assert codes["empty"] == "empty" and codes["not_pdf"] == "not_pdf"
    assert codes["unsigned"] == "no_signatures" and codes["encrypted"] == "encrypted"


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    kind = rng.randrange(6)
    if kind == 0:  # flip a few bytes anywhere
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    elif kind == 1:  # truncate
        del buf[rng.randrange(1, len(buf)) :]
    elif kind == 2:  # delete a chunk
        at = rng.randrange(len(buf))
        del buf[at : at + rng.randint(1, 200)]
    elif kind == 3:  # duplicate a chunk
        at = rng.randrange(len(buf))
        buf[at:at] = buf[at : at + rng.randint(1, 200)]
    elif kind == 4:  # garbage inserted
        at = rng.randrange(len(buf))
        buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:  # a number somewhere (offsets, lengths, /ByteRange) changed
        # (not the hex digits of /Contents: a run of thousands of digits is no number)
        numbers = [m for m in re.finditer(rb"\d+", bytes(buf)) if len(m.group()) <= 12]
        m = numbers[rng.randrange(len(numbers))]
        buf[m.start() : m.end()] = str(int(m.group()) + rng.randint(-3, 3)).encode()
    return bytes(buf)


def test_fuzz_mutated_signed_pdfs(corpus, verify_world: VerifyWorld, tmp_path: Path) -> None:
    verify_world.seed_cache(tmp_path)
    verifier = verify_world.verifier(tmp_path, online=False)
    seeds = [corpus["B-B"].read_bytes(), corpus["B-T"].read_bytes()]
    rng = random.Random(20250701)
    statuses: dict[str, int] = {}
    for i in range(200):
        path = tmp_path / f"fuzz-{i}.pdf"
        path.write_bytes(_mutate(seeds[i % 2], rng))
        result = verifier.verify(path)
        statuses[result.status] = statuses.get(result.status, 0) + 1
        assert result.status in (PASSED, STATUS_INDETERMINATE, FAILED, ERROR)
        if result.status == ERROR:
            assert result.error is not None and result.error.vi
        for sig in result.signatures:
            assert sig.conclusion in ("TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED")
            assert sig.reasons
        result.to_json()
    assert statuses.get(PASSED, 0) < 200  # the mutations did something
    assert statuses.get(ERROR, 0) + statuses.get(FAILED, 0) > 20


@pytest.fixture
def forced_workers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Worker processes started even for a handful of files, and waited for before the
    batch starts (so they get files); the pools started, each with ``submitted``: the
    names of the functions it was given."""
    from kyso.core.verify import validation

    monkeypatch.setattr(validation, "FILES_PER_PROCESS", 1)
    monkeypatch.setattr(validation, "idle_cores", lambda: 8)
    pools: list[Any] = []
    real = validation._start_pool

    def spy(*args, **kwargs):
        pool = real(*args, **kwargs)
        pool.submit(validation._worker_ready).result()
        pool.submitted = []
        submit = pool.submit

        def recorded(fn, *a, **k):
            pool.submitted.append(fn.__name__)
            return submit(fn, *a, **k)

        pool.submit = recorded
        pools.append(pool)
        return pool

    monkeypatch.setattr(validation, "_start_pool", spy)
    return pools


def test_worker_processes_only_for_batches_that_pay_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from kyso.core.verify import validation
    from kyso.core.verify.validation import FILES_PER_PROCESS, worker_processes

    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(os, "getloadavg", lambda: (6.5, 1.0, 1.0))
    assert validation.idle_cores() == 1
    assert worker_processes(10_000, 8) == 1  # the machine is busy: one core is free
    monkeypatch.setattr(os, "getloadavg", lambda: (8.0, 1.0, 1.0))
    assert worker_processes(10_000, 8) == 0
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert worker_processes(200, 1) == 0  # one process allowed: this one
    assert worker_processes(FILES_PER_PROCESS, 8) == 0  # this process finishes first
    assert worker_processes(2 * FILES_PER_PROCESS, 8) == 1
    assert worker_processes(200, 2) == 1  # the calling process is the other one
    assert worker_processes(10_000, 8) == 7


def test_verify_many_streams_in_processes(
    corpus, verify_world, world, tmp_path: Path, forced_workers
) -> None:
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    names = ["B-B", "B-T", "flipped", "revoked", "untrusted"]
    for name in names:
        (folder / "sub" / f"{name}.pdf").write_bytes(corpus[name].read_bytes())
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    (folder / "notes.txt").write_text("ignored")
    files = collect_pdfs([folder])
    assert len(files) == len(names) + 1
    seen: list[tuple[int, int]] = []
    checker = verify_world.verifier(tmp_path / "cache").checker
    results = list(
        verify_many([folder], workers=2, checker=checker, progress=lambda d, t: seen.append((d, t)))
    )
    assert len(results) == len(files) and seen[-1] == (len(files), len(files))
    [pool] = forced_workers  # the calling process and one worker process
    assert "_worker_verify" in pool.submitted
    by_name = {Path(r.file).stem: r for r in results}
    assert by_name["B-B"].status == PASSED and by_name["B-T"].status == PASSED
    assert by_name["flipped"].status == FAILED and by_name["revoked"].status == FAILED
    assert by_name["untrusted"].status == STATUS_INDETERMINATE
    assert by_name["broken"].status == ERROR


def test_a_killed_worker_costs_only_its_files(
    corpus, verify_world, world, tmp_path: Path, forced_workers
) -> None:
    """kill -9 of the worker process: the files it held are "worker_failed", the rest of
    the batch is verified in the calling process."""
    import os
    import signal

    files = []
    for i in range(12):
        files.append(tmp_path / f"f{i}.pdf")
        files[-1].write_bytes(corpus["B-B"].read_bytes())
    checker = verify_world.verifier(tmp_path / "cache").checker
    batch = verify_many(files, workers=2, checker=checker)
    results = [next(batch)]
    [pool] = forced_workers
    while "_worker_verify" not in pool.submitted:  # until the worker holds files
        results.append(next(batch))
    for process in list(pool._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    results += list(batch)
    assert sorted(r.file for r in results) == sorted(str(f) for f in files)
    failed = [r for r in results if r.status == ERROR]
    assert all(r.error.code == "worker_failed" for r in failed)
    assert len(failed) <= 2  # only what the worker held
    assert sum(r.status == PASSED for r in results) == len(files) - len(failed)


def test_verify_many_cancel(corpus, verify_world, world, tmp_path: Path) -> None:
    files = []
    for i in range(6):
        files.append(tmp_path / f"f{i}.pdf")
        files[-1].write_bytes(corpus["B-B"].read_bytes())
    cancel = threading.Event()
    checker = verify_world.verifier(tmp_path / "cache").checker
    got = []
    for result in verify_many(files, workers=1, checker=checker, cancel=cancel):
        got.append(result)
        cancel.set()
    assert len(got) == 1
