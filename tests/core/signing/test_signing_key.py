"""Signing does not care where the key lives (issue 11 item 2): the in-memory
:class:`SoftwareKey` with the test PKI signs through the same request, batch, policy and
audit code as a token; the asynchronous path (a signature approved later, cancelled, timed
out) and the proof of every signature against the certificate (issue 20 item 1)."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kyso.core.keys.base import KEY_MISMATCH_VI, Purpose
from kyso.core.keys.software import SoftwareKey
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.audit import verify_audit_log
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from kyso.core.signing.policy import CertificateFacts, OrganizationCert, PolicyInput, evaluate
from tests.support.signing_fixtures import make_pdf, sign_world_base

__all__ = ["sign_world_base"]


def _key(world, name: str = "leader_province", cert_of: str | None = None, **kw) -> SoftwareKey:
    issued = getattr(world.certs, name)
    cert = getattr(world.certs, cert_of or name).cert
    pki = world.certs.pki
    return SoftwareKey(issued.key, cert, [pki.sub_ca.cert, pki.root.cert], **kw)


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [make_pdf(folder / f"tờ trình {i}.pdf", text=f"Tờ trình số {i}") for i in range(n)]


def _pyhanko_ok(world, path: Path) -> bool:
    with path.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[-1]
        vc = ValidationContext(
            trust_roots=[ax509.Certificate.load(world.root_der)], allow_fetching=False
        )
        st = validate_pdf_signature(sig, vc)
        return bool(st.intact and st.valid and st.trusted)


def _pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def _emergency_decision(world):
    """The policy's own verdict: Trần Thị Bình (Thái Bình, not yet on the new model) signs
    urgently beside Hưng Yên's new-model organization certificate (item 4)."""
    from kyso.core.certs.details import parse_certificate

    details = parse_certificate(world.certs.leader_province.der)
    org = parse_certificate(world.certs.organization.der)
    facts = CertificateFacts.from_details(
        details, organization="Sở Khoa học và Công nghệ tỉnh Hưng Yên", holder_kind="person"
    )
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
    return decision


def test_software_key_signs_through_request_batch_policy_and_audit(sign_world_base, tmp_path):
    world = sign_world_base
    decision = _emergency_decision(world)
    key = _key(world)
    files = _files(tmp_path / "in", 2)
    seen = []
    options = SignOptions(
        level=Level.B_T,
        tsa_url=world.tsa.url,
        reason=decision.signature_reason,
        appearance=AppearanceSpec(Profile.APPROVAL, signer_name="Trần Thị Bình"),
    )
    audit = tmp_path / "audit.jsonl"
    report = sign_with_key(
        key,
        SignRequest(
            files, options, decision=decision, audit_path=audit,
            on_file=lambda i, r: seen.append((i, r.status)),
        ),
    )
    assert report.stopped is None and len(report.signed) == 2, report.to_json()
    assert seen == [(0, "signed"), (1, "signed")]
    # one authorization for the whole batch, one digest per document
    assert [count for count, _ in key.authorizations] == [2]
    assert "Trần Thị Bình" in key.authorizations[0][1].vi
    # one digest per document, plus one per audit entry (signed in the same authorization)
    assert key.requests == [1] * 6
    for r in report.signed:
        assert _pyhanko_ok(world, r.output)
        assert "Signature is Valid" in _pdfsig(r.output)
        with r.output.open("rb") as fh:
            reason = PdfFileReader(fh).embedded_signatures[0].sig_object["/Reason"]
        assert reason.startswith(decision.signature_reason + " [Kyso audit #")
    entries = [json.loads(x) for x in audit.read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"] * 2
    assert entries[1]["data"]["key_home"] == "software"
    assert entries[1]["data"]["output_sha256"] == sha256_file(report.signed[0].output)
    assert all("sig" in e for e in entries)
    result = verify_audit_log(audit)
    assert result.ok and result.signed_entries == 4


class _PhoneKey(SoftwareKey):
    """A software key that behaves like a remote service for the audit: each extra
    signature would be one more approval on the holder's phone."""

    home = "remote:test"
    extra_signatures_free = False


def test_remote_key_entries_rely_on_the_document_signature(sign_world_base, tmp_path):
    """No extra approval for the audit: the entries are unsigned in the log, and the signed
    reason of each document carries the head, which pins them."""
    from kyso.core.signing.audit import check_evidence, pdf_heads

    world = sign_world_base
    decision = _emergency_decision(world)
    pki = world.certs.pki
    key = _PhoneKey(
        world.certs.leader_province.key, world.certs.leader_province.cert,
        [pki.sub_ca.cert, pki.root.cert],
    )
    options = SignOptions(
        level=Level.B_B, reason=decision.signature_reason,
        appearance=AppearanceSpec(Profile.INVISIBLE),
    )
    audit = tmp_path / "audit.jsonl"
    report = sign_with_key(
        key, SignRequest(_files(tmp_path / "in", 2), options, decision=decision, audit_path=audit)
    )
    assert len(report.signed) == 2
    assert key.requests == [1, 1]  # the documents only
    entries = [json.loads(x) for x in audit.read_text(encoding="utf-8").splitlines()]
    assert not any("sig" in e for e in entries)
    result = verify_audit_log(audit)
    assert result.ok and result.unsigned_remote == 4
    assert any("PDF" in vi for vi, _ in result.cannot_rule_out())
    check_evidence(result, [h for r in report.signed for h in pdf_heads(r.output)])
    assert result.ok and [e.seq for e in result.evidence] == [1, 3]
    # an edit of the first entry, rehashed: the log alone cannot tell, the PDF can
    entries[0]["data"]["input"] = "khác.pdf"
    from kyso.core.signing.audit import entry_hash

    prev = "0" * 64
    for e in entries:
        e["prev"] = prev
        e["hash"] = prev = entry_hash(e)
    audit.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries),
                     encoding="utf-8")
    (tmp_path / "audit.jsonl.head").write_text(json.dumps({"count": 4, "hash": prev}))
    forged = verify_audit_log(audit)
    assert forged.ok
    check_evidence(forged, pdf_heads(report.signed[0].output))
    assert [p.code for p in forged.problems] == ["replaced"]


def test_emergency_without_audit_log_is_refused_before_authorizing(sign_world_base, tmp_path):
    from kyso.core.errors import KysoError

    key = _key(sign_world_base)
    request = SignRequest(_files(tmp_path, 1), SignOptions(), decision=_emergency_decision(sign_world_base))
    with pytest.raises(KysoError) as caught:
        sign_with_key(key, request)
    assert caught.value.code == "audit_missing" and key.authorizations == []


def _wait_for_request(key: SoftwareKey) -> None:
    """Until the batch has asked the key for a signature (a wait, not a timing assert)."""
    stop = threading.Event()
    while not key.requests and not stop.wait(0.01):
        pass


def test_signature_completes_when_approved_later(sign_world_base, tmp_path):
    """Like a remote service waiting for the holder's phone: nothing is written until the
    signature arrives; then the document is signed and valid."""
    world = sign_world_base
    approval = threading.Event()
    key = _key(world, approval=approval)
    src = _files(tmp_path, 1)[0]
    out: dict = {}
    worker = threading.Thread(
        target=lambda: out.setdefault(
            "report", sign_with_key(key, SignRequest([src], SignOptions(), purpose=Purpose("Ký", "Sign")))
        )
    )
    worker.start()
    _wait_for_request(key)
    assert not list(tmp_path.glob("*.signed.pdf"))  # waiting for approval: no output yet
    approval.set()
    worker.join()
    report = out["report"]
    assert report.stopped is None and report.results[0].status == "signed"
    assert _pyhanko_ok(world, report.results[0].output)
    key.close()


def test_cancel_while_waiting_for_approval_leaves_nothing(sign_world_base, tmp_path):
    key = _key(sign_world_base, approval=threading.Event())
    files = _files(tmp_path, 2)
    cancel = threading.Event()
    out: dict = {}
    worker = threading.Thread(
        target=lambda: out.setdefault(
            "report", sign_with_key(key, SignRequest(files, SignOptions(), cancel=cancel))
        )
    )
    worker.start()
    _wait_for_request(key)
    cancel.set()
    worker.join()
    key.close()
    report = out["report"]
    assert report.stopped == "cancelled"
    assert [r.status for r in report.results] == ["interrupted", "not_started"]
    assert report.left == files
    assert not list(tmp_path.glob("*.signed.pdf")) and not list(tmp_path.glob(".*.part"))


def test_approval_deadline_is_a_clear_error(sign_world_base, tmp_path):
    key = _key(sign_world_base, approval=threading.Event(), approval_timeout=0.3)
    src = _files(tmp_path, 1)[0]
    report = sign_with_key(key, SignRequest([src], SignOptions()))
    key.close()
    result = report.results[0]
    assert result.status == "failed" and result.error.code == "approval_timeout"
    assert "xác nhận" in result.error.vi
    assert not list(tmp_path.glob("*.signed.pdf")) and not list(tmp_path.glob(".*.part"))


def test_a_key_that_does_not_match_its_certificate_writes_nothing(sign_world_base, tmp_path):
    """A remote service answering with another credential's key (here Nguyễn Văn An's key
    under Trần Thị Bình's certificate): the signature is checked before anything is written,
    the batch stops, the audit log records it."""
    world = sign_world_base
    key = _key(world, name="leader", cert_of="leader_province")
    files = _files(tmp_path / "in", 3)
    audit = tmp_path / "audit.jsonl"
    report = sign_with_key(
        key,
        SignRequest(files, SignOptions(), decision=_emergency_decision(world), audit_path=audit),
    )
    assert report.stopped == "key_mismatch" and report.error.code == "key_mismatch"
    assert KEY_MISMATCH_VI in report.error.vi
    assert [r.status for r in report.results] == ["failed", "not_started", "not_started"]
    assert report.left == files[1:]
    folder = tmp_path / "in"
    assert not list(folder.glob("*.signed.pdf")) and not list(folder.glob(".*"))
    events = [json.loads(x)["event"] for x in audit.read_text(encoding="utf-8").splitlines()]
    assert events == ["emergency_sign_started", "emergency_sign_failed"]
    assert verify_audit_log(audit).ok  # unsigned (the key could not), said why, not forged


def test_an_ecdsa_key_signs_a_valid_pdf(sign_world_base, tmp_path):
    """The same path with a P-256 key (remote services and newer tokens issue them)."""
    from cryptography.hazmat.primitives.asymmetric import ec

    from kyso.core.demo.pki import person_name

    world = sign_world_base
    pki = world.certs.pki
    private = ec.generate_private_key(ec.SECP256R1())
    issued = pki.issue(
        person_name("Đỗ Văn Em", ous=["Văn phòng"], o="UBND tỉnh Hưng Yên"), key=private
    )
    key = SoftwareKey(private, issued.cert, [pki.sub_ca.cert, pki.root.cert])
    report = sign_with_key(key, SignRequest(_files(tmp_path, 1), SignOptions(level=Level.B_B)))
    assert report.results[0].status == "signed", report.to_json()
    assert _pyhanko_ok(world, report.results[0].output)
    assert "Signature is Valid" in _pdfsig(report.results[0].output)
