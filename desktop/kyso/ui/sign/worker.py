"""What the sign page runs off the GUI thread: the policy decision, the batch (the one
place the page calls :func:`kyso.core.signing.batch.sign_with_key`), folder listing
and the preview's bytes."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from kyso.core.errors import KysoError
from kyso.core.keys.base import Purpose
from kyso.core.remote.factory import provider_for
from kyso.core.remote.key import RemoteKey
from kyso.core.remote.pending import PendingJournal
from kyso.core.signing.appearance import Profile
from kyso.core.signing.batch import (
    BatchProgress,
    BatchReport,
    SignRequest,
    module_missing_error,
    sign_with_key,
)
from kyso.core.signing.choice import (
    FallbackChoice,
    decide,
    fallback_choices,
    inventory_organizations,
    token_organizations,
)
from kyso.core.signing.pades import SIGNED_SUFFIX, SignOptions, SignResult
from kyso.core.signing.policy import PolicyDecision
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.sessions import PinPrompter
from kyso.core.tokens.slots import TokenSnapshot
from kyso.ui.sign.models import Candidate, remote_organizations

log = logging.getLogger(__name__)


@dataclass
class SignJob:
    """Everything the worker needs, gathered on the GUI thread."""

    candidate: Candidate
    module: Pkcs11Module | None
    files: list[Path]
    options: SignOptions
    pool: list[x509.Certificate]
    roots: list[x509.Certificate]
    decision: PolicyDecision
    audit_path: Path | None
    prompter: PinPrompter
    purpose: str = ""
    """What the PIN dialog says the login is for (already translated)."""
    refused: dict[int, SignResult] = field(default_factory=dict)
    """Files the check before the PIN refused (index in ``files`` → their failed result):
    not signed, reported with the others, as ``kyso sign`` does."""
    password_declined: bool = False
    """The user would not give an encrypted input's password: those files are refused."""
    remote_prompter: Any = None
    """For a remote credential: :class:`kyso.ui.remote.waiting.GuiRemotePrompter` (password,
    PIN/OTP, "approve on your phone")."""
    data_dir: Path | None = None
    """Where the requests waiting on the phone are journaled (a crash loses nothing)."""
    remote_timeout: float = 30.0


def policy_and_choices(
    candidate: Candidate,
    profile: Profile,
    snaps: list[TokenSnapshot],
    check: Any,
    checker: Any,
    *,
    emergency_reason: str | None,
    allow_outdated_org_cert: bool,
    now: dt.datetime | None = None,
    inventory_path: Path | None = None,
    organization_name: str | None = None,
    remote: Sequence[Any] = (),
    checks: Mapping[str, Any] | None = None,
) -> tuple[PolicyDecision, str, str, list[FallbackChoice]]:
    """The policy decision as ``kyso sign`` takes it; also (holder kind, organization) and
    every organization certificate that would allow item 4 (empty unless the decision asks
    for the emergency confirmation), the default first.

    Uses the cached check when there is one, else checks now (call off the GUI thread).
    ``organization_name``: the organization item 4 rests on, as ``kyso sign
    --organization`` names it (the user's pick in the emergency dialog). Organization
    certificates on tokens, in remote accounts (``remote``) and in the inventory may allow
    item 4. ``checks``: the cached checks by SHA-256; an organization certificate they found
    revoked or untrusted allows no fallback (nothing is fetched for it here)."""
    from kyso.core.reform.check import check_subject

    cert = x509.load_der_x509_certificate(candidate.entry.der)
    token_cas = candidate.extra_certificates()
    trust: dict[str, Any] | None = None
    if check is not None and getattr(check, "trust", None) is not None:
        trust = check.trust.to_json()
        reform = check.reform.to_json()
    else:
        if checker is not None:
            trust = checker.check(cert, extra_certs=token_cas).to_json()
        reform = check_subject(cert.subject).to_json()
    known_trust = {
        sha: done.trust.to_json()
        for sha, done in (checks or {}).items()
        if getattr(done, "trust", None) is not None
    }
    organizations = (
        token_organizations(snaps, known_trust)
        + remote_organizations(remote, known_trust)
        + inventory_organizations(inventory_path)
    )
    decision, kind, organization = decide(
        candidate.snapshot,
        candidate.entry,
        profile.value,
        trust=trust,
        reform=reform,
        organizations=organizations,
        emergency_reason=emergency_reason,
        allow_outdated_org_cert=allow_outdated_org_cert,
        now=now,
        organization_name=organization_name,
    )
    choices: list[FallbackChoice] = []
    if decision.needs_emergency_confirmation and kind != "organization":
        choices = fallback_choices(cert, reform, organizations, now=now)
    return decision, kind, organization, choices


def run_batch(
    job: SignJob,
    report: Callable[[int, int, str], None],
    cancel: threading.Event,
    file_done: Callable[[int, SignResult], None],
) -> BatchReport:
    """Worker thread: :func:`kyso.core.signing.batch.sign_with_key` with the token's key (one
    login for the whole batch, the emergency audit trail, the session closed at the end), or
    with a remote credential's :class:`~kyso.core.remote.key.RemoteKey` (the password,
    PIN/OTP or the approval on the phone through ``job.remote_prompter``), reporting to the
    page."""

    indices = [i for i in range(len(job.files)) if i not in job.refused]
    if not indices:  # nothing left to sign: no login, no PIN
        return BatchReport([job.refused[i] for i in range(len(job.files))])

    def progress(p: BatchProgress) -> None:
        done = p.index if p.result is None else p.index + 1
        report(done, p.total, p.path.name)

    def one_done(index: int, result: SignResult) -> None:
        file_done(indices[index], result)

    remote = job.candidate.remote
    if remote is None and job.module is None:
        raise module_missing_error()
    request = SignRequest(
        [job.files[i] for i in indices],
        job.options,
        decision=job.decision,
        audit_path=job.audit_path,
        chain_pool=job.pool,
        trust_roots=job.roots,
        progress=progress,
        cancel=cancel,
        on_file=one_done if job.refused else file_done,
        purpose=Purpose(job.purpose, job.purpose) if job.purpose else None,
    )
    if remote is not None:
        provider = provider_for(remote.account, timeout=job.remote_timeout)
        remote_key = RemoteKey(
            provider, remote.credential, job.remote_prompter,
            journal=PendingJournal(job.data_dir) if job.data_dir is not None else None,
        )
        remote_key.name_documents([f.name for f in job.files])
        with remote_key:
            return sign_with_key(remote_key, request)
    assert job.module is not None and job.candidate.snapshot is not None
    with Pkcs11Key.for_entry(
        job.module, job.candidate.snapshot, job.candidate.entry, job.prompter
    ) as key:
        batch = sign_with_key(key, request)
    if job.refused:  # every file in its row again, the refused ones with their reasons
        signed = iter(batch.results)
        batch.results = [
            job.refused[i] if i in job.refused else next(signed) for i in range(len(job.files))
        ]
    return batch


def list_pdfs(paths: Sequence[str | Path]) -> list[Path]:
    """Worker thread: the PDFs named, and the PDFs directly inside the folders named (in
    name order; already signed outputs inside folders are skipped). Unreadable folders add
    nothing."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.append(path)
            continue
        try:
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
        except OSError as exc:
            log.warning("folder %s not listed: %s", path, exc)
            continue
        out.extend(f for f in found if not f.name.lower().endswith(SIGNED_SUFFIX))
    return out


def read_preview(path: Path) -> tuple[Path, bytes]:
    """Worker thread: the bytes of the PDF to preview (the GUI thread never reads files)."""
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise KysoError(
            f"Không đọc được {path}: {exc.strerror or exc}.",
            f"Could not read {path}: {exc.strerror or exc}.",
            code="preview_unreadable",
        ) from None
