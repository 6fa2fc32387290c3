"""What the bridge's consent window signs with: the inserted tokens' certificates, through
the same policy decision (item 4's emergency fallback included), appearance, audit and batch
code as the Sign page.

The decision reads what the Sign page reads (:class:`~kyso.ui.bridge.known.Known`, taken from
the main window when deciding): the cached trust checks — an organization certificate they
found revoked or untrusted grounds no fallback — and the remote accounts' credentials — an
organization certificate held only there grounds it as on a token."""

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
from kyso.core.signing.choice import FallbackChoice, default_organization
from kyso.core.signing.pades import Level
from kyso.core.signing.policy import PolicyDecision
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.sessions import PinPrompter
from kyso.core.tokens.slots import TokenSnapshot
from kyso.ui.bridge.consent import Assessment, CertificateChoice, ConsentAnswer
from kyso.ui.bridge.known import Known
from kyso.ui.sign.models import Candidate
from kyso.ui.sign.worker import policy_and_choices


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
                                         Candidate(snap, entry), signer_name=name))
    return out


def _inventory_path(env: Any) -> Path | None:
    from kyso.core.inventory.store import default_inventory_path

    try:
        return default_inventory_path(env.settings.values, env.paths)
    except Exception:  # no inventory: only the inserted tokens' organizations count
        return None


def _decide(env: Any, snapshots: Callable[[], list[TokenSnapshot]], checker: Callable[[], Any],
            known: Callable[[], Known], job: SignJob, candidate: Candidate, reason: str | None,
            organization_name: str | None = None,
            ) -> tuple[PolicyDecision, str, str, list[FallbackChoice]]:
    """The Sign page's policy call (:func:`kyso.ui.sign.worker.policy_and_choices`) for this
    job, with the Sign page's inputs (``SignRunMixin.start_signing``): the candidate's cached
    check when there is one, every cached check by SHA-256 and the remote accounts'
    credentials, read from the window now (``known``). ``organization_name``: the
    organization item 4 rests on, as the user picked it in the consent window among several
    (None: the default one)."""
    now_known = known()
    checks = dict(now_known.checks)
    return policy_and_choices(
        candidate, Profile(job.profile), snapshots(), checks.get(candidate.sha256), checker(),
        emergency_reason=reason,
        allow_outdated_org_cert=env.settings.values.allow_outdated_org_cert,
        inventory_path=_inventory_path(env),
        organization_name=organization_name,
        remote=now_known.remote,
        checks=checks,
    )


def _appearance_organization(candidate: Candidate, kind: str) -> str:
    """The organization the appearance names: the same call for the preview and the signing."""
    from cryptography import x509

    return default_organization("", kind, x509.load_der_x509_certificate(candidate.entry.der))


def token_assessor(
    env: Any,
    snapshots: Callable[[], list[TokenSnapshot]],
    checker: Callable[[], Any],
    *,
    known: Callable[[], Known],
) -> Callable[[SignJob, CertificateChoice], Assessment]:
    """``assess`` for :class:`~kyso.ui.bridge.gui_app.GuiBridgeApp`: does item 4's emergency
    fallback apply to this certificate for this job? (worker thread; ``known``: the main
    window's cached checks and remote credentials, e.g.
    :meth:`~kyso.ui.bridge.known.WindowKnowledge.read`)"""

    def assess(job: SignJob, choice: CertificateChoice) -> Assessment:
        candidate = choice.key
        assert isinstance(candidate, Candidate)
        decision, kind, organization, choices = _decide(env, snapshots, checker, known, job,
                                                        candidate, None)
        shown = _appearance_organization(candidate, kind)
        if decision.needs_emergency_confirmation:
            org = decision.emergency_organization
            return Assessment(emergency_organization=org.shown_name if org else organization,
                              organization=shown, emergency_choices=tuple(choices))
        return Assessment(organization=shown)

    return assess


def token_signer(
    env: Any,
    snapshots: Callable[[], list[TokenSnapshot]],
    prompter: PinPrompter,
    checker: Callable[[], Any],
    audit_path: Callable[[], Path | None],
    *,
    known: Callable[[], Known],
) -> Callable[[SignJob, ConsentAnswer], list[Path]]:
    """``sign_files`` for :class:`~kyso.ui.bridge.gui_app.GuiBridgeApp` (worker thread): the
    decision is taken again, with what the window knows then (``known``), as the Sign page
    takes it again when the user confirms its emergency dialog."""

    def sign_files(job: SignJob, answer: ConsentAnswer) -> list[Path]:
        candidate = answer.choice.key
        assert isinstance(candidate, Candidate)
        values = env.settings.values
        profile = Profile(job.profile)
        decision, kind, organization, _choices = _decide(
            env, snapshots, checker, known, job, candidate, answer.emergency_reason,
            answer.emergency_organization)
        if decision.needs_emergency_confirmation:
            # the window did not know (its check had not finished): never sign without it
            raise KysoError(
                "Chứng thư cá nhân này chỉ được ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT); "
                "hãy mở lại cửa sổ ký và nêu lý do khẩn cấp.",
                "This personal certificate may sign only in an emergency (item 4, letter "
                "393/BCY-CTSBMTT); open the signing window again and give the reason.",
                code="bridge_emergency_unconfirmed",
            )
        if not decision.allowed:
            raise KysoError(" ".join(r.vi for r in decision.refusals),
                            " ".join(r.en for r in decision.refusals),
                            code="bridge_policy_refused")
        visible = profile is not Profile.INVISIBLE
        spec = AppearanceSpec(
            profile,
            page=answer.page if visible else 0,
            box=answer.box if visible else None,
            signer_name=candidate.name,
            organization=_appearance_organization(candidate, kind),
            number_symbol=job.doc_number,
        )
        out_dir = Path(tempfile.mkdtemp(prefix="signed-", dir=job.documents[0].parent))
        options = sign_options(values, spec, level=Level.B_T,
                               reason=decision.signature_reason, out_dir=out_dir)
        module = env.module_for(candidate.snapshot.info.module_path)
        if module is None:
            raise module_missing_error()
        # the emergency record: sign_with_key writes the audit entries before and after, as
        # for the Sign page and ``kyso sign`` (no audit log, no emergency signature)
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


def pdf_verifier(checker: Callable[[], Any]) -> Callable[[Path], dict[str, Any]]:
    """VerifyPDF's answer for one downloaded document: the same verification and the same
    JSON as ``kyso verify --json`` (with its details), through the app's trust checker. A
    document that could not be checked (not a PDF, no signature…) is answered in its result
    (``status: error`` and the reason); verification that cannot run at all (the checker is
    not ready, an unexpected failure) raises, so the page gets a non-zero Status, never an
    empty success."""
    from kyso.core.verify.validation import verify_pdf

    def verify(document: Path) -> dict[str, Any]:
        current = checker()
        if current is None:
            raise KysoError(
                "Kyso đang khởi động phần kiểm tra tin cậy; thử lại sau ít giây.",
                "Kyso is still starting its trust checks; try again in a few seconds.",
                code="bridge_verify_not_ready",
            )
        try:
            result = verify_pdf(document, checker=current)
        except KysoError:
            raise
        except Exception as exc:
            raise KysoError(
                "Không kiểm tra được văn bản do lỗi trong Kyso; xem nhật ký.",
                "The document could not be verified because of an error in Kyso; see the log.",
                code="bridge_verify_failed",
            ) from exc
        data = result.to_json(details=True)
        data["file"] = document.name  # not the bridge's temporary folder
        return data

    return verify
