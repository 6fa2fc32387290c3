"""Batches on one login: progress, per-file results, cancel, a token pulled mid-batch, and
the audit entries of item 4's emergency fallback (issue 5)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.audit import AuditLog, verify_audit_log
from kyso.core.signing.batch import audit_recorder, sign_batch
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from kyso.core.signing.policy import (
    CertificateFacts,
    OrganizationCert,
    PolicyInput,
    evaluate,
)
from tests.support.signing_fixtures import PULL_LABELS, make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [make_pdf(folder / f"văn bản {i:02d}.pdf", text=f"Văn bản số {i}") for i in range(n)]


def _valid(world, path: Path) -> bool:
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with path.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[-1]
        st = validate_pdf_signature(
            sig, ValidationContext(trust_roots=[ax509.Certificate.load(world.root_der)])
        )
        return bool(st.intact and st.valid and st.trusted)


def test_batch_one_login_progress_and_bad_file(sign_world, tmp_path):
    files = _files(tmp_path / "in", 4)
    bad = tmp_path / "in" / "hỏng.pdf"
    bad.write_bytes(b"%PDF-1.4\ngarbage")
    files.insert(2, bad)
    digests = {f: sha256_file(f) for f in files}
    events = []
    report = sign_batch(
        sign_world.signer(),
        files,
        SignOptions(level=Level.B_T, tsa_url=sign_world.tsa.url, out_dir=tmp_path / "out",
                    appearance=AppearanceSpec(Profile.APPENDIX, number_symbol="7/KH")),
        progress=events.append,
    )
    assert report.stopped is None
    assert [r.status for r in report.results] == ["signed", "signed", "failed", "signed", "signed"]
    assert report.results[2].error.code == "damaged_pdf"
    assert len(events) == 10 and events[-1].result is not None and events[-1].total == 5
    for r in report.signed:
        assert r.output.parent == tmp_path / "out" and _valid(sign_world, r.output)
    assert all(sha256_file(f) == d for f, d in digests.items())
    assert json.loads(json.dumps(report.to_json()))["signed"] == 4


def test_batch_cancel_between_files(sign_world, tmp_path):
    files = _files(tmp_path / "in", 5)
    cancel = threading.Event()

    def progress(p):
        if p.result is not None and p.index == 1:
            cancel.set()

    report = sign_batch(
        sign_world.signer(), files, SignOptions(), progress=progress, cancel=cancel
    )
    assert report.stopped == "cancelled"
    assert [r.status for r in report.results] == ["signed", "signed"] + ["not_started"] * 3
    assert report.left == files[2:]
    assert sorted(p.name for p in (tmp_path / "in").glob("*.signed.pdf")) == [
        "văn bản 00.signed.pdf",
        "văn bản 01.signed.pdf",
    ]


@pytest.mark.parametrize("when", ["during_sign", "before_file"])
def test_token_pulled_mid_batch(sign_world, tmp_path, when):
    """The token goes away at file 3. ``during_sign``: the session handle goes invalid (as a
    module reports after a pull) while the token still shows in the slot list, so the
    failure comes from C_Sign itself, after pyHanko has written most of the output to the
    temporary file. ``before_file``: the token is gone from the slot list too (its SoftHSM2
    files deleted), which the pre-file check sees."""
    label = PULL_LABELS[0] if when == "during_sign" else PULL_LABELS[1]
    session = sign_world.login(sign_world.pull_serials[label])
    signer = sign_world.signer(session=session)
    files = _files(tmp_path / "in", 5)
    c_sign_failures = []
    original_sign = signer.key._sign_now

    def observed_sign(digests, algorithm):
        try:
            return original_sign(digests, algorithm)
        except Exception as exc:
            c_sign_failures.append(type(exc).__name__)
            raise

    signer.key._sign_now = observed_sign

    def progress(p):
        if p.result is None and p.index == 2:
            raw = session.run(lambda s: s)
            session.module.run(raw.close)
            if when == "before_file":
                sign_world.store.delete_token(sign_world.pull_labels[label])

    report = sign_batch(signer, files, SignOptions(), progress=progress)
    assert report.stopped == "token_removed"
    assert report.error is not None and report.error.code == "token_removed"
    assert "rút ra" in report.error.vi
    assert [r.status for r in report.results[:2]] == ["signed", "signed"]
    assert all(_valid(sign_world, r.output) for r in report.results[:2])
    assert report.left == files[2:]
    folder = tmp_path / "in"
    assert not list(folder.glob("*.part")) and not list(folder.glob(".*"))
    assert sorted(p.name for p in folder.glob("*.signed.pdf")) == [
        "văn bản 00.signed.pdf",
        "văn bản 01.signed.pdf",
    ]
    assert c_sign_failures == (["TokenRemovedError"] if when == "during_sign" else [])
    session.close()
    if when == "during_sign":
        sign_world.store.delete_token(sign_world.pull_labels[label])


def test_emergency_fallback_signs_and_audits(sign_world, tmp_path):
    """Trần Thị Bình's certificate still names Thái Bình; Hưng Yên's organization certificate
    is on the new model: she may sign urgently, the reason goes into the signature and the
    audit log."""
    entry = sign_world.entries["leader-province"]
    d = entry.details
    facts = CertificateFacts.from_details(
        d, organization="Sở Khoa học và Công nghệ tỉnh Hưng Yên", holder_kind="person"
    )
    org = sign_world.entries["organization"].details
    decision = evaluate(
        PolicyInput(
            facts,
            "approval",
            {"status": "ok", "reasons": [], "revocation": {"status": "good"}},
            {"status": "needs_change", "holder_kind": "person"},
            [OrganizationCert("Sở Khoa học và Công nghệ tỉnh Hưng Yên", org.sha256)],
            emergency_reason="Ký quyết định ứng phó bão số 3",
        )
    )
    assert decision.allowed and decision.emergency, decision.to_json()
    options = SignOptions(
        reason=decision.signature_reason,
        appearance=AppearanceSpec(Profile.INVISIBLE),
    )
    signer = sign_world.signer("leader-province")
    log = AuditLog(tmp_path / "audit.jsonl")
    files = _files(tmp_path / "in", 2)
    report = sign_batch(
        signer, files, options, on_signed=audit_recorder(log, signer, options, decision=decision)
    )
    assert len(report.signed) == 2
    from pyhanko.pdf_utils.reader import PdfFileReader

    with report.signed[0].output.open("rb") as fh:
        reason = PdfFileReader(fh).embedded_signatures[0].sig_object["/Reason"]
    # the signed reason ends with the chain head of the entry made just before (issue 14)
    base = "Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: Ký quyết định ứng phó bão số 3"
    assert reason.startswith(base + " [Kyso audit #1 ")
    check = verify_audit_log(log.path)
    assert check.ok and check.entries == 4
    entries = [json.loads(x) for x in log.path.read_text(encoding="utf-8").splitlines()]
    # each file: an entry before the token signs, one after with the signed file's hash
    assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"] * 2
    done = entries[1]
    assert done["data"]["reason"] == base and entries[0]["data"]["reason"] == base
    assert reason.endswith(f"#{entries[0]['seq']} {entries[0]['hash']}]")
    assert done["data"]["new_model_organization"] == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    # which certificate allowed the fallback, and where Kyso found it, in every entry
    for e in entries:
        assert e["data"]["new_model_organization_sha256"] == org.sha256.lower()
        assert e["data"]["new_model_organization_source"] == "token"
    assert done["data"]["started_entry"] == entries[0]["seq"]
    assert done["data"]["output_sha256"] == sha256_file(report.signed[0].output)
    assert "246810" not in log.path.read_text(encoding="utf-8")  # never a PIN


def _emergency(sign_world):
    entry = sign_world.entries["leader-province"]
    facts = CertificateFacts.from_details(
        entry.details, organization="Sở Khoa học và Công nghệ tỉnh Hưng Yên", holder_kind="person"
    )
    org = sign_world.entries["organization"].details
    decision = evaluate(
        PolicyInput(
            facts,
            "approval",
            {"status": "ok", "reasons": [], "revocation": {"status": "good"}},
            {"status": "needs_change", "holder_kind": "person"},
            [OrganizationCert("Sở Khoa học và Công nghệ tỉnh Hưng Yên", org.sha256)],
            emergency_reason="Ký quyết định ứng phó bão số 3",
        )
    )
    assert decision.emergency
    options = SignOptions(
        reason=decision.signature_reason, appearance=AppearanceSpec(Profile.INVISIBLE)
    )
    return decision, options


class _FailingLog(AuditLog):
    """An audit log whose ``fail_at``-th append (1-based) fails like a full disk."""

    def __init__(self, path: Path, fail_at: int) -> None:
        super().__init__(path)
        self.calls = 0
        self.fail_at = fail_at

    def append(self, event, data, *, when=None):
        self.calls += 1
        if self.calls >= self.fail_at:
            from kyso.core.signing.audit import AuditError

            raise AuditError("Ổ đĩa đầy.", "The disk is full.", code="audit_write")
        return super().append(event, data, when=when)


def test_audit_failure_after_signing_stops_the_batch_honestly(sign_world, tmp_path):
    """The entry after file 2 cannot be written: file 2 stays signed (its entry made before
    signing is in the log), its progress is reported, the batch stops, files 3–4 are left."""
    decision, options = _emergency(sign_world)
    signer = sign_world.signer("leader-province")
    log = _FailingLog(tmp_path / "audit.jsonl", fail_at=4)  # started 1, done 1, started 2, ✗
    files = _files(tmp_path / "in", 4)
    events = []
    report = sign_batch(
        signer, files, options, progress=events.append,
        audit=audit_recorder(log, signer, options, decision=decision),
    )
    assert report.stopped == "audit_failed"
    assert report.error is not None and report.error.code == "audit_failed"
    assert files[1].name in report.error.vi and "nhật ký" in report.error.vi
    assert [r.status for r in report.results] == ["signed", "signed", "not_started", "not_started"]
    assert report.left == files[2:]
    assert [(e.index, e.result is not None) for e in events][-1] == (1, True)
    assert events[-1].result.status == "signed"
    entries = [json.loads(x) for x in log.path.read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in entries] == [
        "emergency_sign_started", "emergency_sign", "emergency_sign_started"
    ]
    assert entries[2]["data"]["input"] == str(files[1])  # the signed file has its record
    assert json.loads(json.dumps(report.to_json()))["stopped"] == "audit_failed"


def test_audit_failure_before_signing_signs_nothing_more(sign_world, tmp_path):
    """The entry before file 2 cannot be written: file 2 is not signed at all."""
    decision, options = _emergency(sign_world)
    signer = sign_world.signer("leader-province")
    log = _FailingLog(tmp_path / "audit.jsonl", fail_at=3)
    files = _files(tmp_path / "in", 3)
    report = sign_batch(
        signer, files, options, audit=audit_recorder(log, signer, options, decision=decision)
    )
    assert report.stopped == "audit_failed" and report.error.code == "audit_failed"
    assert [r.status for r in report.results] == ["signed", "not_started", "not_started"]
    assert report.left == files[1:]
    assert sorted(p.name for p in (tmp_path / "in").glob("*.signed.pdf")) == [
        "văn bản 00.signed.pdf"
    ]


def test_on_signed_kyso_error_is_reported_not_raised(sign_world, tmp_path):
    from kyso.core.errors import KysoError

    files = _files(tmp_path / "in", 3)

    def on_signed(result):
        raise KysoError("hỏng", "broken", code="x")

    report = sign_batch(sign_world.signer(), files, SignOptions(), on_signed=on_signed)
    assert report.stopped == "audit_failed" and report.error.code == "audit_failed"
    assert [r.status for r in report.results] == ["signed", "not_started", "not_started"]


def test_audit_records_a_failed_file(sign_world, tmp_path):
    decision, options = _emergency(sign_world)
    signer = sign_world.signer("leader-province")
    log = AuditLog(tmp_path / "audit.jsonl")
    bad = tmp_path / "hỏng.pdf"
    bad.write_bytes(b"%PDF-1.4\ngarbage")
    report = sign_batch(
        signer, [bad], options, audit=audit_recorder(log, signer, options, decision=decision)
    )
    assert report.stopped is None and report.results[0].status == "failed"
    entries = [json.loads(x) for x in log.path.read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign_failed"]
    assert entries[1]["data"]["error_code"] == "damaged_pdf"
    assert verify_audit_log(log.path).ok
