"""Signing many PDFs on one login: progress, a result per file, cancel between files.

A file that cannot be signed (damaged, encrypted, output exists, …) gets its error and the
batch goes on. A pulled token stops the batch: files already signed are complete (each was
written to a temporary file and renamed only when whole), the one in progress leaves
nothing behind, and the report lists the files left.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes

from kyso.core.audit import AuditLog
from kyso.core.errors import KysoError, TokenRemovedError
from kyso.core.policy import PolicyDecision
from kyso.core.signing import SignOptions, SignResult, TokenSigner, sha256_file


@dataclass(frozen=True)
class BatchProgress:
    index: int
    """0-based index of the file just finished (or about to start, when ``result`` is None)."""
    total: int
    path: Path
    result: SignResult | None = None


@dataclass
class BatchReport:
    results: list[SignResult] = field(default_factory=list)
    stopped: str | None = None
    """None (ran to the end), ``cancelled`` or ``token_removed``."""
    error: KysoError | None = None
    """Why the batch stopped early (the token-removed error)."""

    @property
    def signed(self) -> list[SignResult]:
        return [r for r in self.results if r.status == "signed"]

    @property
    def failed(self) -> list[SignResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def left(self) -> list[Path]:
        """Files not signed because the batch stopped."""
        return [r.input for r in self.results if r.status in ("not_started", "interrupted")]

    def to_json(self) -> dict[str, Any]:
        return {
            "stopped": self.stopped,
            "error": self.error.vi if self.error else None,
            "signed": len(self.signed),
            "failed": len(self.failed),
            "left": [str(p) for p in self.left],
            "results": [r.to_json() for r in self.results],
        }


def sign_batch(
    signer: TokenSigner,
    files: Sequence[str | Path],
    options: SignOptions,
    *,
    progress: Callable[[BatchProgress], None] | None = None,
    cancel: threading.Event | None = None,
    on_signed: Callable[[SignResult], None] | None = None,
) -> BatchReport:
    """Sign ``files`` in order with ``signer``'s one session.

    ``on_signed`` runs after each signed file (e.g. to write the audit entry); an exception
    from it stops the batch like a pulled token would not: it propagates.
    """
    paths = [Path(f) for f in files]
    report = BatchReport(results=[SignResult(p, status="not_started") for p in paths])
    total = len(paths)
    for i, path in enumerate(paths):
        if cancel is not None and cancel.is_set():
            report.stopped = "cancelled"
            break
        if progress:
            progress(BatchProgress(i, total, path))
        try:
            result = signer.sign_file(path, options)
        except TokenRemovedError as exc:
            report.results[i].status = "interrupted"
            report.results[i].error = exc
            report.stopped = "token_removed"
            report.error = exc
            break
        report.results[i] = result
        if result.status == "signed" and on_signed is not None:
            on_signed(result)
        if progress:
            progress(BatchProgress(i, total, path, result))
    return report


def audit_recorder(
    log: AuditLog,
    signer: TokenSigner,
    options: SignOptions,
    *,
    decision: PolicyDecision | None = None,
) -> Callable[[SignResult], None]:
    """An ``on_signed`` callback that writes one audit entry per signed file.

    Entries for item 4's emergency fallback carry event ``emergency_sign`` and the reason.
    """
    emergency = bool(decision and decision.emergency)

    def record(result: SignResult) -> None:
        data: dict[str, Any] = {
            "input": str(result.input),
            "output": str(result.output),
            "output_sha256": sha256_file(result.output) if result.output else None,
            "certificate_sha256": signer.certificate.fingerprint(hashes.SHA256()).hex(),
            "subject": signer.certificate.subject.rfc4514_string(),
            "profile": options.appearance.profile.value,
            "level": options.level.value,
            "signing_time": result.signing_time.isoformat() if result.signing_time else None,
            "reason": options.reason,
        }
        if decision is not None and decision.emergency_organization is not None:
            data["new_model_organization"] = decision.emergency_organization.name
        log.append("emergency_sign" if emergency else "sign", data)

    return record
