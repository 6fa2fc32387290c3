"""What the bridge's consent window signs with: the inserted tokens' certificates, through
the same policy decision, appearance, audit and batch code as the Sign page."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kyso.core.bridge.server import SignJob
from kyso.core.errors import KysoError
from kyso.core.keys.base import Purpose
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.batch import SignRequest, module_missing_error, sign_options, sign_with_key
from kyso.core.signing.choice import default_organization
from kyso.core.signing.pades import Level
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.sessions import PinPrompter
from kyso.core.tokens.slots import TokenSnapshot
from kyso.ui.bridge.consent import CertificateChoice
from kyso.ui.sign.models import Candidate
from kyso.ui.sign.worker import policy_for


def token_choices(snapshots: list[TokenSnapshot]) -> list[CertificateChoice]:
    """Every signing-capable user certificate on the inserted tokens."""
    out = []
    for snap in snapshots:
        for entry in snap.user_certificates():
            if entry.details is None or entry.has_private_key is False:
                continue
            if not entry.details.can_sign:
                continue
            name = entry.details.common_name or entry.details.subject
            out.append(CertificateChoice(f"{name} (token “{snap.info.label}”)",
                                         Candidate(snap, entry)))
    return out


def token_signer(
    env: Any,
    snapshots: Callable[[], list[TokenSnapshot]],
    prompter: PinPrompter,
    checker: Callable[[], Any],
    audit_path: Callable[[], Path | None],
) -> Callable[[SignJob, CertificateChoice], list[Path]]:
    """``sign_files`` for :class:`~kyso.ui.bridge.gui_app.GuiBridgeApp` (worker thread)."""

    def sign_files(job: SignJob, choice: CertificateChoice) -> list[Path]:
        candidate = choice.key
        assert isinstance(candidate, Candidate)
        values = env.settings.values
        profile = Profile(job.profile)
        decision, kind, organization = policy_for(
            candidate, profile, snapshots(), None, checker(),
            emergency_reason=None, allow_outdated_org_cert=values.allow_outdated_org_cert,
        )
        if decision.needs_emergency_confirmation or not decision.allowed:
            reasons = [r.vi for r in decision.refusals] or [
                "Chứng thư cá nhân chưa theo mô hình mới: ký khẩn cấp (mục 4) chỉ làm được trên "
                "trang Ký số của Kyso, không qua trang web."]
            raise KysoError(" ".join(reasons), " ".join(r.en for r in decision.refusals)
                            or "Emergency signing is only possible on Kyso's Sign page.",
                            code="bridge_policy_refused")
        from cryptography import x509

        cert = x509.load_der_x509_certificate(candidate.entry.der)
        spec = AppearanceSpec(
            profile,
            signer_name=candidate.name,
            organization=default_organization("", kind, cert),
            number_symbol=job.doc_number,
        )
        out_dir = Path(tempfile.mkdtemp(prefix="signed-", dir=job.documents[0].parent))
        options = sign_options(values, spec, level=Level.B_T,
                               reason=decision.signature_reason, out_dir=out_dir)
        module = env.module_for(candidate.snapshot.info.module_path)
        if module is None:
            raise module_missing_error()
        request = SignRequest(
            job.documents, options, decision=decision, audit_path=audit_path(),
            purpose=Purpose(f"Ký văn bản cho {job.origin}", f"Sign for {job.origin}"),
        )
        with Pkcs11Key.for_entry(module, candidate.snapshot, candidate.entry, prompter) as key:
            report = sign_with_key(key, request)
        if report.error is not None:
            raise report.error
        failed = [r for r in report.results if r.status != "signed"]
        if failed:
            raise failed[0].error or KysoError("Không ký được văn bản.", "Signing failed.")
        return [r.output for r in report.results if r.output is not None]

    return sign_files
