"""Signing many PDFs on one login: progress, a result per file, cancel between files.

Files go in rounds of the key's ``batch_limit`` (two-phase signing, :func:`sign_batch`):
each file of a round is prepared, the key is asked once for all their signatures — one
approval on the holder's phone for up to the service's limit — then each is embedded and
written. A token's rounds hold one file, so it signs one file after the other as before. A
refused request (rejected, expired, quota) writes no file of its round and stops the batch.

A file that cannot be signed (damaged, encrypted, output exists, …) gets its error and the
batch goes on. A pulled token stops the batch: files already signed are complete (each was
written to a temporary file and renamed only when whole), the one in progress leaves
nothing behind, and the report lists the files left. An audit entry that cannot be written
stops the batch too (``audit_failed``): no emergency signature is made without its record.
A key that turns out not to match the certificate stops it (``key_mismatch``), and so does
a cancel while a signature waits for approval (``cancelled``), and, on a key whose every
request is an approval, a timestamp server that fails after a round was approved
(``tsa_failed``). Two files whose outputs would share a name fail the later one before
anything is prepared.

:func:`sign_with_key` is the whole flow both faces run (``kyso sign`` and the Sign page),
for any :class:`~kyso.core.keys.base.SigningKey`: one authorization for the batch (a
token's login), the signer, the audit trail of an emergency signature, the batch.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from kyso.core.errors import KysoError, TokenRemovedError
from kyso.core.keys.base import (
    ApprovalRefused,
    KeyMismatchError,
    Purpose,
    SigningCancelled,
    SigningKey,
    wait_for,
)
from kyso.core.keys.proof import check_signature
from kyso.core.signing.audit import AuditError, AuditLog, EntrySigner, head_marker
from kyso.core.signing.pades import (
    ContainerTooSmall,
    DocumentSigner,
    PreparedDocument,
    SignOptions,
    SignResult,
    output_name_for,
    same_output_error,
    sha256_file,
)
from kyso.core.signing.policy import PolicyDecision
from kyso.core.signing.resume import ALREADY_SIGNED, already_signed_result, remove_stale_parts

if TYPE_CHECKING:
    from kyso.core.signing.appearance import AppearanceSpec
    from kyso.core.signing.pades import Level

log = logging.getLogger(__name__)


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
    """None (ran to the end), ``cancelled``, ``token_removed``, ``audit_failed``,
    ``key_mismatch``, ``refused`` (the holder or the service refused a request's
    signatures: rejected, expired, quota; nothing of that request's files was written) or
    ``tsa_failed`` (a key whose every request is an approval: the timestamp server failed
    after a round was approved; no further request was sent, the files after it are left)."""
    error: KysoError | None = None
    """Why the batch stopped early (the token-removed, audit, key-mismatch or refusal
    error)."""

    @property
    def signed(self) -> list[SignResult]:
        return [r for r in self.results if r.status == "signed"]

    @property
    def already_signed(self) -> list[SignResult]:
        """Outputs a previous run made with the same certificate (a rerun skips them)."""
        return [r for r in self.results if r.status == ALREADY_SIGNED]

    @property
    def done(self) -> bool:
        """Every file is signed now or was before, and the batch ran to its end."""
        return self.stopped is None and all(
            r.status in ("signed", ALREADY_SIGNED) for r in self.results
        )

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
            "error_code": self.error.code if self.error else None,
            "signed": len(self.signed),
            "already_signed": len(self.already_signed),
            "failed": len(self.failed),
            "left": [str(p) for p in self.left],
            "results": [r.to_json() for r in self.results],
        }


def sign_batch(
    signer: DocumentSigner,
    files: Sequence[str | Path],
    options: SignOptions,
    *,
    progress: Callable[[BatchProgress], None] | None = None,
    cancel: threading.Event | None = None,
    on_signed: Callable[[SignResult], None] | None = None,
    audit: AuditRecorder | None = None,
) -> BatchReport:
    """Sign ``files`` in order with ``signer``'s key (authorized once, before).

    **Two phases, one request per round.** Files are taken in rounds of
    ``signer.batch_limit`` (:attr:`SigningKey.batch_limit`: a remote service's limit for one
    approval, 1 for a token). Each file of a round is prepared (phase 1,
    :meth:`DocumentSigner.prepare_file`: written to its temporary file with the signature's
    place reserved); the key is asked once for all their digests
    (:meth:`DocumentSigner.sign_prepared`: one approval on the phone); then each signature
    is embedded, timestamped and read back, and the file linked into place (phase 2,
    :meth:`DocumentSigner.finish_file`). A batch of N files on a service costs
    ceil(N / limit) approvals; on a token the rhythm stays one file at a time. When there
    are several, each request tells the key which it is (``part`` (k, n), shown on the phone
    as "phần k/n").

    If the request of a round is refused (rejected, expired, quota, our deadline:
    :class:`~kyso.core.keys.base.ApprovalRefused`) no file of the round is written, each
    carries the refusal, and the batch stops (``stopped == "refused"``): nothing more is
    asked of the holder. A cancel or a pulled token while waiting leaves the round's files
    ``interrupted``; a signature that does not verify stops with ``key_mismatch``; another
    error of the key fails the round's files and the batch goes on. On a key whose every
    request is one more approval (a remote service), a file of a round that fails because the
    timestamp server did not answer — reached only after the approval — ends the batch after
    that round (``stopped == "tsa_failed"``): the next rounds would fail the same way, each
    after costing the holder an approval.

    A file whose output a previous run made with the same certificate (an interrupted batch
    run again) is reported ``already_signed`` at once: not signed again, no audit entry
    (:func:`kyso.core.signing.resume.already_signed_result`).

    ``audit`` (see :func:`audit_recorder`) writes an entry *before* each file is prepared and
    one after it is signed; an ``on_signed`` that is an :class:`AuditRecorder` is taken as
    ``audit``. ``on_signed`` runs after each signed file. A :class:`KysoError` from the audit
    or from ``on_signed`` stops the batch with ``stopped == "audit_failed"``: a file whose
    first entry could not be written is not signed (it is listed in ``left``); a file already
    signed keeps its result and its progress is still reported.
    """
    if audit is None and isinstance(on_signed, AuditRecorder):
        audit, on_signed = on_signed, None
    if cancel is not None and signer.cancel is None:
        signer.cancel = cancel  # also ends a wait for a signature's approval
    paths = [Path(f) for f in files]
    report = BatchReport(results=[SignResult(p, status="not_started") for p in paths])
    run = _BatchRun(signer, paths, report, progress, audit)
    run.on_signed = on_signed
    todo: deque[tuple[int, SignOptions | None, int]] = deque(
        (i, None, 0) for i in _distinct_outputs(run, options)
    )
    limit = signer.batch_limit
    requests_sent = 0
    while todo and report.stopped is None:
        prepared: list[tuple[int, PreparedDocument]] = []
        while todo and len(prepared) < limit:
            if cancel is not None and cancel.is_set():
                report.stopped = "cancelled"
                break
            i, file_options, step = todo.popleft()
            if file_options is None:  # first time this file is reached
                file_options = run.start(i, options)
                if file_options is None:  # already signed, or the batch stops
                    if report.stopped is not None:
                        break
                    continue
            doc = run.prepare(i, file_options, step)
            if doc is not None:
                prepared.append((i, doc))
            if report.stopped is not None:
                break
        if report.stopped is not None:
            run.abandon(prepared)
            break
        if not prepared:
            continue
        # Which approval this is, of how many the files still to sign need: "phần 2/3" on
        # the phone tells the leader more requests follow. Counted again each round, so a
        # file skipped or prepared again changes the total, never a part already asked.
        total = requests_sent + -(-(len(prepared) + len(todo)) // limit)
        requests_sent += 1
        part = (requests_sent, total) if total > 1 else None
        try:
            signatures = signer.sign_prepared([doc for _, doc in prepared], part=part)
        except KysoError as exc:
            signer.key.request_done()
            run.refused(prepared, exc)
            continue
        again: list[tuple[int, SignOptions | None, int]] = []
        tsa_error: KysoError | None = None
        try:
            for k, ((i, doc), signature) in enumerate(zip(prepared, signatures, strict=True)):
                retry = run.finish(i, doc, signature)
                if retry is not None:
                    again.append((i, doc.options, retry))
                error = report.results[i].error
                if error is not None and error.code == "tsa_failed":
                    tsa_error = error
                if report.stopped is not None:
                    run.abandon(prepared[k + 1 :])
                    break
        finally:
            # the round's files are embedded and linked (or given up): only now may the
            # key forget its request (a remote key's journal record, issue 17 review)
            signer.key.request_done()
        todo.extendleft(reversed(again))  # prepared again (larger) before the next files
        if (
            tsa_error is not None
            and report.stopped is None
            and todo
            and not signer.key.extra_signatures_free
        ):
            # The TSA is first reached after the approval: one that is down would fail every
            # round after the holder approved it, each round costing an approval (and the
            # service's quota). Ask nothing more; the files left are listed.
            run.left(list(todo))
            todo.clear()
            report.stopped = "tsa_failed"
            report.error = _tsa_stop_error(tsa_error)
    return report


def _distinct_outputs(run: _BatchRun, options: SignOptions) -> list[int]:
    """The files to sign: a file whose output name an earlier file of the batch takes (two
    ``x.pdf`` from different folders into one ``out_dir``) fails with ``output_exists`` now,
    before anything is prepared or asked of the holder, not when it is linked after the
    approval."""
    first: dict[str, Path] = {}
    keep: list[int] = []
    for i, path in enumerate(run.paths):
        target = output_name_for(path, options.out_dir)
        key = os.path.normcase(os.path.abspath(target))
        if key in first:
            run.done(i, SignResult(path, status="failed",
                                   error=same_output_error(target, first[key])))
            continue
        first[key] = path
        keep.append(i)
    return keep


class _BatchRun:
    """The bookkeeping of one :func:`sign_batch`: results, progress and the audit trail for
    each phase of each file, and what a stop means for the files of the round."""

    def __init__(
        self,
        signer: DocumentSigner,
        paths: list[Path],
        report: BatchReport,
        progress: Callable[[BatchProgress], None] | None,
        audit: AuditRecorder | None,
    ) -> None:
        self.signer = signer
        self.paths = paths
        self.report = report
        self.progress = progress
        self.audit = audit
        self.on_signed: Callable[[SignResult], None] | None = None

    def _tell(self, i: int, result: SignResult | None) -> None:
        if self.progress:
            self.progress(BatchProgress(i, len(self.paths), self.paths[i], result))

    def _stop(self, i: int, exc: KysoError) -> None:
        """The batch ends at file ``i`` because of ``exc`` (a pulled token, a cancel, a key
        that does not match)."""
        result = self.report.results[i]
        result.error = exc
        if isinstance(exc, KeyMismatchError):
            result.status, self.report.stopped = "failed", "key_mismatch"
            log.error("key mismatch on %s: %s", result.input, exc.en)
        else:
            result.status = "interrupted"
            self.report.stopped = (
                "cancelled" if isinstance(exc, SigningCancelled) else "token_removed"
            )
        self.report.error = exc
        if self.audit is not None:
            self.audit.failed_quietly(result)

    def start(self, i: int, options: SignOptions) -> SignOptions | None:
        """Before file ``i`` is first prepared: progress, "already signed", the audit entry.
        The options to sign it with, or None (skip it; the batch may have stopped)."""
        path = self.paths[i]
        self._tell(i, None)
        done = already_signed_result(path, options, self.signer.certificate)
        if done is not None:
            self.report.results[i] = done
            self._tell(i, done)
            return None
        if self.audit is None:
            return options
        try:
            return self.audit.before(path, options)
        except (KeyMismatchError, TokenRemovedError, SigningCancelled) as exc:
            self._stop(i, exc)  # a mismatch is found by the entry's own signature
        except KysoError as exc:
            self.report.stopped = "audit_failed"
            self.report.error = _audit_before_error(path, exc)
            log.error("audit entry before %s not written: %s", path, exc.vi)
        return None

    def prepare(self, i: int, options: SignOptions, step: int) -> PreparedDocument | None:
        """Phase 1 of file ``i``; a file that cannot be signed gets its result at once."""
        try:
            doc = self.signer.prepare_file(self.paths[i], options, reserve_step=step)
        except (TokenRemovedError, SigningCancelled, KeyMismatchError) as exc:
            self._stop(i, exc)
            return None
        if isinstance(doc, PreparedDocument):
            return doc
        self.done(i, doc)
        return None

    def finish(self, i: int, doc: PreparedDocument, signature: bytes) -> int | None:
        """Phase 2 of file ``i``; the reserve step to prepare it again with, when its
        container did not fit."""
        try:
            result = self.signer.finish_file(doc, signature)
        except ContainerTooSmall as retry:
            return retry.next_step
        except (TokenRemovedError, SigningCancelled, KeyMismatchError) as exc:
            self._stop(i, exc)
            return None
        self.done(i, result)
        return None

    def done(self, i: int, result: SignResult) -> None:
        """File ``i`` is finished, signed or not: its result, audit entry, progress."""
        self.report.results[i] = result
        stop: KysoError | None = None
        try:
            if self.audit is not None:
                if result.status == "signed":
                    self.audit.signed(result)
                else:
                    self.audit.failed(result)
            if result.status == "signed" and self.on_signed is not None:
                self.on_signed(result)
        except KysoError as exc:
            stop = _audit_after_error(result, exc)
            log.error("audit entry after %s not written: %s", result.input, exc.vi)
        self._tell(i, result)
        if stop is not None:
            self.report.stopped = "audit_failed"
            self.report.error = stop

    def refused(self, prepared: list[tuple[int, PreparedDocument]], exc: KysoError) -> None:
        """The round's request failed: nothing of its files is written."""
        for _, doc in prepared:
            doc.discard()
        if isinstance(exc, (TokenRemovedError, SigningCancelled, KeyMismatchError)):
            for i, _ in prepared:
                self._stop(i, exc)
            return
        for i, doc in prepared:
            doc.result.status, doc.result.error = "failed", exc
            self.done(i, doc.result)
        if isinstance(exc, ApprovalRefused):
            self.report.stopped = "refused"
            self.report.error = exc
            log.warning(
                "signing request for %d file(s) refused: %s", len(prepared), exc.code
            )

    def left(self, todo: list[tuple[int, SignOptions | None, int]]) -> None:
        """The batch stopped before these files were prepared (again): listed as left; a file
        whose audit entry was opened gets it closed."""
        for i, file_options, _ in todo:
            result = SignResult(self.paths[i], status="not_started")
            self.report.results[i] = result
            if file_options is not None and self.audit is not None:
                self.audit.failed_quietly(result)

    def abandon(self, prepared: list[tuple[int, PreparedDocument]]) -> None:
        """The batch stopped with these files prepared but not signed: nothing of them is
        kept; they are listed as left."""
        for i, doc in prepared:
            doc.discard()
            if self.report.results[i].status in ("not_started", "pending"):
                self.report.results[i] = SignResult(doc.result.input, status="not_started")
            if self.audit is not None:
                self.audit.failed_quietly(doc.result)



def _tsa_stop_error(exc: KysoError) -> KysoError:
    return KysoError(
        "Máy chủ dấu thời gian không trả lời sau khi yêu cầu ký đã được xác nhận, nên Kyso "
        f"dừng và không gửi thêm yêu cầu nào tới điện thoại. {exc.vi} Ký lại các tệp còn lại "
        "sau, khi máy chủ dấu thời gian hoạt động lại, hoặc ký ở mức B-B nếu người nhận đồng ý "
        "chữ ký không có dấu thời gian.",
        "The timestamp server failed after the signing request was approved, so Kyso stopped "
        f"and sent no further request to the phone. {exc.en} Sign the files left later, when "
        "the timestamp server works again, or sign at B-B if the recipients accept a "
        "signature without a timestamp.",
        code="tsa_failed",
    )


def _audit_before_error(path: Path, exc: KysoError) -> KysoError:
    return KysoError(
        f"Không ghi được nhật ký kiểm tra nên Kyso chưa ký {path.name} và dừng lại (chữ ký "
        f"khẩn cấp phải được ghi nhật ký trước khi ký). {exc.vi} Khắc phục lỗi nhật ký rồi "
        "ký lại các tệp còn lại.",
        f"The audit log could not be written, so Kyso did not sign {path.name} and stopped "
        f"(an emergency signature is logged before it is made). {exc.en} Fix the audit log, "
        "then sign the files left.",
        code="audit_failed",
    )


def _audit_after_error(result: SignResult, exc: KysoError) -> KysoError:
    name = result.input.name
    if result.status == "signed":
        return KysoError(
            f"Đã ký {name} (tệp {result.output}) nhưng không ghi được mục hoàn tất trong nhật "
            f"ký kiểm tra; nhật ký chỉ có mục bắt đầu ký tệp này. {exc.vi} Kyso dừng, không ký "
            "các tệp còn lại. Giữ nguyên tệp đã ký và báo bộ phận CNTT.",
            f"{name} was signed ({result.output}) but its completion entry could not be "
            f"written to the audit log; the log holds only the entry made before signing it. "
            f"{exc.en} Kyso stopped and did not sign the files left. Keep the signed file and "
            "tell IT.",
            code="audit_failed",
        )
    return KysoError(
        f"Không ghi được nhật ký kiểm tra sau tệp {name}. {exc.vi} Kyso dừng, không ký các tệp "
        "còn lại. Khắc phục lỗi nhật ký rồi ký lại.",
        f"The audit log could not be written after {name}. {exc.en} Kyso stopped and did not "
        "sign the files left. Fix the audit log, then sign them again.",
        code="audit_failed",
    )


class AuditRecorder:
    """The audit trail of a batch: for each file an entry *before* it is signed (event
    ``emergency_sign_started``: who signs what, why) and one after (``emergency_sign`` with
    the signed file's SHA-256, or ``emergency_sign_failed``). Since the first entry is
    written before the token signs, a signed file never lacks an audit record even if the
    second entry cannot be written.

    **Tied to the key** (issue 14). Each entry is signed with the signer's own key in the
    batch's authorization (one more digest in the same token login; no secret on disk).
    For a remote key one more digest is one more approval on the holder's phone, so there
    the entries are not signed in the log; instead — for every key — the document's own
    signature carries the chain head: :meth:`before` returns options whose /Reason ends
    with :func:`~kyso.core.signing.audit.head_marker` of the entry just written, and the
    /Reason is covered by the document's signature. The head is also kept on the token
    (:meth:`SigningKey.write_audit_head`) after each entry; at the first entry of a batch,
    a head on the token that the log does not hold is recorded as an ``audit_gap`` entry
    (the log was deleted or cut since the token last wrote to it).

    Outside item 4's emergency fallback the events are ``sign_started``, ``sign`` and
    ``sign_failed``. Also callable as ``on_signed`` (writes the entry after a signed file).
    """

    def __init__(
        self,
        log: AuditLog,
        key: SigningKey | DocumentSigner,
        options: SignOptions,
        *,
        decision: PolicyDecision | None = None,
    ) -> None:
        self.log = log
        self.key: SigningKey = key.key if isinstance(key, DocumentSigner) else key
        self.options = options
        self.decision = decision
        self.event = "emergency_sign" if decision is not None and decision.emergency else "sign"
        self._started: dict[Path, int] = {}
        self._gap_checked = False
        self.head_on_token: bool | None = None
        """After the first entry: whether the token keeps the chain head (None: not tried)."""
        self.entry_signer = self._entry_signer() if self.key.extra_signatures_free else None
        if log.signer is None:
            log.signer = self.entry_signer

    def _entry_signer(self) -> EntrySigner:
        key = self.key
        algorithm = key.algorithm_for("sha256")

        def sign(digest: bytes) -> tuple[str, bytes]:
            future = key.sign_digests([digest], algorithm)
            value = wait_for(future, timeout=key.approval_timeout)[0]
            check_signature(key.certificate, digest, value, algorithm)
            return f"{algorithm.scheme.value}/{algorithm.digest}", value

        der = key.certificate.public_bytes(serialization.Encoding.DER)
        return EntrySigner(der, sign)

    def _append(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        try:
            entry = self.log.append(event, data)
        except AuditError:
            raise
        except KysoError as exc:
            mismatch = isinstance(exc, KeyMismatchError) and event.endswith("_started")
            if not (event.endswith("_failed") or mismatch):
                raise
            # the key could not sign the entry (the token went away, or it is not the
            # certificate's key): the record is still worth keeping, unsigned and saying why;
            # a mismatch then stops the batch as before (nothing is signed with that key)
            entry = self._append_unsigned(event, {**data, "unsigned_because": exc.code})
            if mismatch:
                self._started[Path(str(data.get("input")))] = int(entry["seq"])
                raise
        try:
            kept = self.key.write_audit_head(
                self.log.identity, int(entry["seq"]), str(entry["hash"])
            )
        except KysoError as exc:  # a pulled token: the batch notices on its own
            log.warning("audit head not written to the key's home: %s", exc.en)
            kept = False
        if self.head_on_token is None or not kept:
            self.head_on_token = kept
        return entry

    def _append_unsigned(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        signer, self.log.signer = self.log.signer, None
        try:
            return self.log.append(event, data)
        finally:
            self.log.signer = signer

    def _check_gap(self) -> None:
        if self._gap_checked:
            return
        self._gap_checked = True
        try:
            seen = self.key.read_audit_head(self.log.identity)
        except KysoError as exc:
            log.warning("audit head on the key's home not read: %s", exc.en)
            return
        if seen is None or self.log.contains(*seen):
            return
        seq, last = self.log.head()
        self._append(
            "audit_gap",
            {
                "token_head": {"seq": seen[0], "hash": seen[1]},
                "log_head": {"seq": seq, "hash": last},
                "certificate_sha256": self.key.certificate.fingerprint(hashes.SHA256()).hex(),
                "key_home": self.key.home,
            },
        )

    def _common(self, options: SignOptions) -> dict[str, Any]:
        cert = self.key.certificate
        data: dict[str, Any] = {
            "certificate_sha256": cert.fingerprint(hashes.SHA256()).hex(),
            "subject": cert.subject.rfc4514_string(),
            "key_home": self.key.home,
            "profile": options.appearance.profile.value,
            "level": options.level.value,
            "reason": options.reason,
        }
        if self.decision is not None and self.decision.emergency_organization is not None:
            # which certificate allowed item 4, not only a name ("Văn phòng" is every body's)
            org = self.decision.emergency_organization
            data["new_model_organization"] = org.shown_name
            data["new_model_organization_sha256"] = org.sha256.lower().replace(":", "")
            data["new_model_organization_source"] = org.source
        return data

    def before(self, path: Path, options: SignOptions | None = None) -> SignOptions:
        """Write the entry made before ``path`` is signed and return the options to sign it
        with (the /Reason carrying that entry's position and hash); raises AuditError."""
        options = options or self.options
        self._check_gap()
        data = {"input": str(path), **self._common(options)}
        if options.out_dir is not None:
            data["out_dir"] = str(options.out_dir)
        entry = self._append(f"{self.event}_started", data)
        self._started[path] = int(entry["seq"])
        marker = head_marker(int(entry["seq"]), str(entry["hash"]))
        reason = f"{options.reason} {marker}" if options.reason else marker
        return dataclasses.replace(options, reason=reason)

    def signed(self, result: SignResult) -> None:
        """Write the entry of a signed file (its output and SHA-256); raises AuditError."""
        data: dict[str, Any] = {
            "input": str(result.input),
            "output": str(result.output),
            "output_sha256": _sha256_or_none(result.output),
            **self._common(self.options),
            "signing_time": result.signing_time.isoformat() if result.signing_time else None,
        }
        started = self._started.pop(result.input, None)
        if started is not None:
            data["started_entry"] = started
        self._append(self.event, data)

    __call__ = signed

    def failed(self, result: SignResult) -> None:
        """Close the entry of a file that was not signed (only when one was opened)."""
        started = self._started.pop(result.input, None)
        if started is None:
            return
        self._append(
            f"{self.event}_failed",
            {
                "input": str(result.input),
                "started_entry": started,
                "error_code": result.error.code if result.error else None,
                "error": result.error.vi if result.error else None,
                "certificate_sha256": self.key.certificate.fingerprint(hashes.SHA256()).hex(),
                "key_home": self.key.home,
            },
        )

    def failed_quietly(self, result: SignResult) -> None:
        """:meth:`failed` when the batch is stopping anyway (a pulled token)."""
        try:
            self.failed(result)
        except KysoError as exc:
            log.warning("audit entry for %s not written: %s", result.input, exc.vi)


def _sha256_or_none(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return sha256_file(path)
    except OSError as exc:  # the entry is still written; the hash is what is missing
        log.warning("could not hash %s for the audit log: %s", path, exc)
        return None


def audit_recorder(
    log: AuditLog,
    signer: SigningKey | DocumentSigner,
    options: SignOptions,
    *,
    decision: PolicyDecision | None = None,
) -> AuditRecorder:
    """The audit trail for a batch (pass it as ``sign_batch(audit=...)``).

    Entries for item 4's emergency fallback carry event ``emergency_sign`` and the reason.
    """
    return AuditRecorder(log, signer, options, decision=decision)


# -- the whole flow, shared by the CLI and the GUI --------------------------------------------


def sign_options(
    values: Any,
    appearance: AppearanceSpec,
    *,
    level: Level,
    reason: str | None,
    out_dir: Path | None = None,
) -> SignOptions:
    """:class:`SignOptions` from the settings (``values``: :class:`kyso.core.settings.Settings`
    or None while they load): the TSA, and a network timeout of at least 5 s."""
    defaults = SignOptions()
    return SignOptions(
        level=level,
        appearance=appearance,
        reason=reason,
        tsa_url=values.tsa_url if values is not None else defaults.tsa_url,
        network_timeout=(
            max(5.0, float(values.revocation_timeout_s))
            if values is not None
            else defaults.network_timeout
        ),
        out_dir=out_dir,
    )


def module_missing_error() -> KysoError:
    return KysoError(
        "Không tìm thấy mô-đun PKCS#11 của token; cắm lại token rồi thử lại.",
        "The token's PKCS#11 module is gone; insert the token again and retry.",
        code="module_missing",
    )


@dataclass
class SignRequest:
    """What a batch signs and how: everything of :func:`sign_with_key` but the key."""

    files: Sequence[str | Path]
    options: SignOptions
    decision: PolicyDecision | None = None
    """The policy's verdict; an emergency one (item 4) is audited in ``audit_path``."""
    audit_path: Path | None = None
    chain_pool: Sequence[x509.Certificate] = ()
    """Certificates that may complete the chain besides the key's own (IT's anchors)."""
    trust_roots: Sequence[x509.Certificate] = ()
    progress: Callable[[BatchProgress], None] | None = None
    cancel: threading.Event | None = None
    on_file: Callable[[int, SignResult], None] | None = None
    """(index, result) as each file finishes."""
    purpose: Purpose | None = None
    """What the PIN prompt or the approval request says (default: the count and the name)."""


def sign_with_key(key: SigningKey, request: SignRequest) -> BatchReport:
    """Authorize ``key`` once for the batch and sign ``request.files`` with it. Call from a
    worker thread, never the GUI thread. The key stays open: its owner closes it.

    Raises :class:`KysoError` when nothing could be signed (wrong PIN, key missing or not
    matching the certificate, no audit log for an emergency signature, …).
    """
    emergency = request.decision is not None and request.decision.emergency
    if emergency and request.audit_path is None:
        raise KysoError(
            "Chưa xác định được nơi ghi nhật ký kiểm tra nên không ký khẩn cấp được; đợi Kyso "
            "tải xong thiết lập rồi thử lại.",
            "There is no audit log to record the emergency signature in; wait until Kyso has "
            "loaded its settings and try again.",
            code="audit_missing",
        )
    count = len(request.files)
    purpose = request.purpose or Purpose(
        f"Ký {count} tệp PDF bằng chứng thư “{key.label}”",
        f"Sign {count} PDF file(s) with “{key.label}”",
    )
    remove_stale_parts(request.files, request.options.out_dir)
    key.authorize(count, purpose)
    signer = DocumentSigner(
        key,
        chain_pool=list(request.chain_pool),
        trust_roots=list(request.trust_roots),
        cancel=request.cancel,
    )
    audit = None
    if emergency and request.audit_path is not None:
        audit = AuditRecorder(
            AuditLog(request.audit_path), key, request.options, decision=request.decision
        )

    def report(p: BatchProgress) -> None:
        if p.result is not None and request.on_file is not None:
            request.on_file(p.index, p.result)
        if request.progress is not None:
            request.progress(p)

    return sign_batch(
        signer, request.files, request.options, progress=report, cancel=request.cancel, audit=audit
    )

