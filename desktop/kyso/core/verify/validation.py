"""Verifying signed PDFs: who signed, is it intact, can it be trusted (issues 6 and 12).

:func:`verify_pdf` checks every signature-like object of one PDF and returns a
:class:`~kyso.core.verify.report.DocumentResult`; :func:`verify_many` does the same for
many files, in the calling process and, for a batch large enough to pay for them, in
worker *processes* too (validation is CPU-bound), yielding results as they finish, with a
progress callback and a cancel event.

The steps, each in its own module, each unable to erase another's answer:

1. :mod:`~kyso.core.verify.document` — list every signature, document timestamp,
   unsupported signature and empty field (leniently).
2. :mod:`~kyso.core.verify.integrity` — coverage (``/ByteRange``), message digest and
   signature value, computed on their own.
3. :mod:`~kyso.core.verify.modifications` — what changed after signing (LTV additions
   and what DocMDP / ``/Lock`` allow are allowed); its failure gives INDETERMINATE "could
   not analyse what changed after signing", never "not intact".
4. the signature timestamp (pyHanko: imprint, the TSA's signature and chain) and Kyso's
   trust check (:class:`~kyso.core.trust.checker.TrustChecker`, as ``kyso check``) of the
   signer now and at the proven time;
5. :mod:`~kyso.core.verify.path_revocation` — the revocation of every certificate of
   every path (signer, its CAs, the timestamp authority and its CAs, OCSP responders):
   embedded data first, then the cache, then the network unless offline;
6. :mod:`~kyso.core.verify.levels` — the format level and the validated level;
7. :mod:`~kyso.core.verify.conclusion` — the ETSI conclusion;
8. :mod:`kyso.core.reform.check` — the two-tier verdict of the signer's subject (shown,
   not part of the conclusion).

**Conclusion** (ETSI EN 319 102-1), the first that applies:

=================================  ===============================================
TOTAL_FAILED FORMAT_FAILURE        unreadable signature; coverage short of the signed
                                   revision; later changes that are not allowed
TOTAL_FAILED HASH_FAILURE          signed bytes changed (or the timestamp's imprint)
TOTAL_FAILED SIG_CRYPTO_FAILURE    signature value (or the timestamp's) does not verify
TOTAL_FAILED REVOKED               the signer, or a CA above it, revoked before the
                                   proven (or, for the signer, claimed) signing time
TOTAL_FAILED EXPIRED/NOT_YET_VALID the timestamp proves signing outside the validity
INDETERMINATE REVOKED_CA_NO_POE    a CA revoked, no timestamp proving signing before
INDETERMINATE FORMAT_FAILURE       what changed after signing could not be analysed
INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND   unknown issuer, untrusted root
INDETERMINATE CERTIFICATE_CHAIN_GENERAL_FAILURE / CHAIN_CONSTRAINTS_FAILURE
INDETERMINATE REVOKED_NO_POE
INDETERMINATE OUT_OF_BOUNDS_NO_POE expired now, no timestamp proving signing in time
INDETERMINATE TRY_LATER            the revocation status of any certificate of any path
                                   is not known (offline, no data)
TOTAL_PASSED                       none of the above
=================================  ===============================================

The best signature time is the signature timestamp's time when that timestamp is valid,
trusted and its authority was not revoked before it (proof of existence); otherwise
there is none and the signature is judged now. The signer's claimed time is shown but
proves nothing.

Nothing here raises for a bad file: each file gets a result whose status is ``error``
with a message (not a PDF, empty, damaged, encrypted, no signature).
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import datetime as dt
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from kyso.core.certs.details import name_to_string
from kyso.core.errors import KysoError
from kyso.core.net.fetch import Cancelled
from kyso.core.procs import idle_cores
from kyso.core.reform.check import check_subject
from kyso.core.settings import Paths, Settings
from kyso.core.trust.anchors import TrustAnchors, load_anchors
from kyso.core.trust.checker import TrustChecker, default_cache
from kyso.core.trust.revocation import RevocationCache, RevocationChecker
from kyso.core.verify.conclusion import (
    CHAIN_BROKEN,
    CHAIN_MISSING,
    INTEGRITY_TEXT,
    TS_BROKEN,
    before,
    blocking,
    codes,
    conclude,
    format_failure,
)
from kyso.core.verify.document import (
    KIND_DOC_TIMESTAMP,
    KIND_SIGNATURE,
    Entry,
    appearance_of,
    collect_entries,
    damaged,
    der,
    open_reader,
    page_refs,
    read_input,
)
from kyso.core.verify.embedded import EmbeddedData, load_certificate, timestamp_tokens, to_crypto
from kyso.core.verify.integrity import check_integrity
from kyso.core.verify.levels import judge_levels
from kyso.core.verify.modifications import Modifications, analyse
from kyso.core.verify.path_revocation import (
    ROLE_SIGNER,
    ROLE_TSA,
    CertRevocation,
    check_path,
)
from kyso.core.verify.report import (
    COVERAGE_PARTIAL,
    EMERGENCY_PREFIX,
    INDETERMINATE,
    KIND_UNSUPPORTED,
    MOD_NOT_ALLOWED,
    TOTAL_FAILED,
    TOTAL_PASSED,
    DocumentResult,
    Finding,
    Revocation,
    SignatureResult,
    VerifyError,
    vn_display,
)
from kyso.core.verify.visual import check_what_is_shown

__all__ = [
    "DocumentResult",
    "SignatureResult",
    "Verifier",
    "collect_pdfs",
    "verify_many",
    "verify_pdf",
]

log = logging.getLogger(__name__)
UTC = dt.timezone.utc


@dataclass
class _Timestamp:
    """What the signature timestamp step found."""

    status: str = "none"
    time: dt.datetime | None = None
    poe: dt.datetime | None = None
    failure: tuple[str, Finding] | None = None
    path: list[CertRevocation] | None = None
    notes: tuple[Finding, ...] = ()


# -- the verifier ------------------------------------------------------------------------


class Verifier:
    """Anchors, revocation cache and settings for many verifications (thread-safe)."""

    def __init__(
        self,
        checker: TrustChecker | None = None,
        *,
        settings: Settings | None = None,
        anchors: TrustAnchors | str | Path | None = None,
        cache: RevocationCache | None = None,
        online: bool = True,
    ) -> None:
        if checker is None:
            settings = settings or Settings()
            if isinstance(anchors, (str, Path)):
                anchors = load_anchors(override=anchors)
            checker = TrustChecker(settings, anchors, cache or default_cache())
        self.checker = checker
        self.settings = checker.settings
        self.online = online
        assert checker.anchors is not None and checker.cache is not None
        self.anchors = checker.anchors
        self.revocation = RevocationChecker(
            checker.cache, checker.fetch, timeout=self.settings.revocation_timeout_s
        )
        from asn1crypto import x509 as ax509

        self._roots = [ax509.Certificate.load(der(c)) for c in self.anchors.roots]
        self._intermediates = [ax509.Certificate.load(der(c)) for c in self.anchors.intermediates]

    # -- one document --------------------------------------------------------------------
    def verify(
        self,
        path: str | Path,
        *,
        now: dt.datetime | None = None,
        cancel: threading.Event | None = None,
    ) -> DocumentResult:
        """Verify one PDF. Never raises for a problem with the file (see ``result.error``);
        raises :class:`kyso.core.net.fetch.Cancelled` when ``cancel`` is set."""
        path = Path(path)
        result = DocumentResult(str(path))
        now = (now or dt.datetime.now(UTC)).astimezone(UTC)
        try:
            data = read_input(path)
            asyncio.run(self._verify_bytes(data, result, now, cancel))
        except Cancelled:
            raise
        except KysoError as exc:
            result.error = exc
            result.signatures = []
        except Exception as exc:  # a damaged file must never end a batch with a traceback
            log.info("verify %s: %r", path, exc)
            result.error = damaged(exc)
            result.signatures = []
        return result

    async def _verify_bytes(
        self,
        data: bytes,
        result: DocumentResult,
        now: dt.datetime,
        cancel: threading.Event | None,
    ) -> None:
        if b"%PDF-" not in data[:1024]:
            raise VerifyError(
                "Tệp không phải là văn bản PDF.",
                "The file is not a PDF.",
                code="not_pdf",
            )
        try:
            reader = open_reader(data)
        except Exception as exc:
            raise damaged(exc) from None
        if reader.encrypted:
            ok = False
            try:
                ok = bool(reader.decrypt("").status.value >= 1)  # type: ignore[union-attr]
            except Exception:
                ok = False
            if not ok:
                raise VerifyError(
                    "Tệp PDF được đặt mật khẩu nên không kiểm tra được chữ ký. Đề nghị bên gửi "
                    "cung cấp bản không đặt mật khẩu.",
                    "The PDF is password-protected; its signatures cannot be checked.",
                    code="encrypted",
                )
        try:
            result.pages = int(reader.root["/Pages"]["/Count"])
        except Exception:
            result.pages = None
        try:
            entries, empty = collect_entries(reader)
        except Exception as exc:
            raise damaged(exc) from None
        result.empty_fields = empty
        if not entries:
            raise VerifyError(
                "Văn bản không có chữ ký số nào"
                + (f" (có {len(empty)} ô chữ ký còn trống)." if empty else "."),
                "The document has no digital signature"
                + (f" ({len(empty)} empty signature field(s))." if empty else "."),
                code="no_signatures",
            )
        embedded = EmbeddedData.read(reader)
        pages = page_refs(reader)
        doc_ts = [e for e in entries if e.kind == KIND_DOC_TIMESTAMP]
        result.doc_timestamps = len(doc_ts)
        done: dict[int, SignatureResult] = {}
        for entry in doc_ts:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            done[id(entry)] = await self._verify_entry(
                reader, entry, embedded, [], pages, now, cancel
            )
        ts_ok = [
            (e.revision, done[id(e)].conclusion == TOTAL_PASSED)
            for e in doc_ts
            if e.revision is not None
        ]
        for entry in entries:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            res = done.get(id(entry))
            if res is None:
                res = await self._verify_entry(reader, entry, embedded, ts_ok, pages, now, cancel)
            result.signatures.append(res)
        check_what_is_shown(data, reader, entries, result.signatures, pages)

    def _validation_context(self, embedded: EmbeddedData, extra: Iterable[Any] = ()) -> Any:
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(
            trust_roots=self._roots,
            other_certs=[*self._intermediates, *embedded.asn1_certs(), *extra],
            crls=embedded.asn1_crls(),
            ocsps=embedded.asn1_ocsps(),
            allow_fetching=False,
            revocation_mode="soft-fail",
        )

    # -- one signature-like object -------------------------------------------------------
    async def _verify_entry(
        self,
        reader: Any,
        entry: Entry,
        doc_embedded: EmbeddedData,
        doc_timestamps: list[tuple[int, bool]],
        pages: list[tuple[int, int]],
        now: dt.datetime,
        cancel: threading.Event | None,
    ) -> SignatureResult:
        res = SignatureResult(field=entry.name, kind=entry.kind)
        res.subfilter = entry.subfilter
        res.revision = entry.revision
        try:
            res.appearance = appearance_of(reader, entry.sig_field, pages)
        except Exception as exc:
            log.info("appearance of %s: %r", res.field, exc)
        sig = entry.sig
        if sig is not None:
            _read_reason(res, sig.sig_object)
        if entry.kind == KIND_UNSUPPORTED:
            return _unsupported(res, entry)
        if sig is None:
            detail = f" ({type(entry.error).__name__}: {str(entry.error)[:200]})"
            return format_failure(
                res,
                "Chữ ký sai định dạng hoặc bị hỏng nên không kiểm tra được.",
                f"The signature is malformed or damaged{detail}.",
            )
        try:
            asn1_cert = sig.signer_cert
            cert = load_certificate(asn1_cert.dump())
            if cert is None:
                raise ValueError("unparsable certificate")
        except Exception as exc:
            return format_failure(
                res,
                "Không đọc được chứng thư của người ký trong chữ ký.",
                f"The signer's certificate cannot be read from the signature ({exc}).",
            )
        _describe_signer(res, cert, reform=entry.kind == KIND_SIGNATURE)
        try:
            res.signing_time = sig.self_reported_timestamp
        except Exception:
            res.signing_time = None

        # -- integrity, on its own -------------------------------------------------------
        try:
            integrity = check_integrity(sig, asn1_cert, entry.subfilter)
        except Exception as exc:
            log.info("integrity of %s: %r", res.field, exc)
            return format_failure(
                res,
                "Chữ ký sai định dạng hoặc bị hỏng nên không kiểm tra được.",
                f"The signature is malformed or damaged: {type(exc).__name__}: {exc}",
            )
        res.coverage = integrity.coverage
        res.intact, res.crypto_valid = integrity.intact, integrity.crypto_valid

        # -- what changed after signing, a separate step ---------------------------------
        mods = (
            analyse(sig, res.coverage)
            if res.coverage != COVERAGE_PARTIAL
            else Modifications(MOD_NOT_ALLOWED)
        )
        res.modifications = mods.level
        res.modification_detail = mods.detail or mods.error
        res.changed_fields = list(mods.form_fields)

        if not res.intact or not res.crypto_valid or res.coverage == COVERAGE_PARTIAL:
            sub = (
                "HASH_FAILURE"
                if not res.intact
                else "SIG_CRYPTO_FAILURE"
                if not res.crypto_valid
                else None
            )
            if sub is not None:
                res.conclusion, res.sub_indication = TOTAL_FAILED, sub
                res.reasons = [
                    _doc_ts_broken() if entry.kind == KIND_DOC_TIMESTAMP else INTEGRITY_TEXT[sub]
                ]
                return res

        embedded = doc_embedded.with_cms(sig.signed_data)
        doc_certs = [*to_crypto(sig.other_embedded_certs), *embedded.certs]

        # -- the signature timestamp -----------------------------------------------------
        ts = _Timestamp()
        if entry.kind == KIND_SIGNATURE:
            ts = await self._timestamp(sig, embedded, doc_certs, now, cancel)
        res.timestamp_time, res.timestamp_status = ts.time, ts.status
        poe = ts.poe
        if entry.kind == KIND_DOC_TIMESTAMP:
            res.timestamp_time = res.signing_time = _tst_time(sig) or res.signing_time

        # -- trust, now and at the best signature time -----------------------------------
        now_check = self.checker.check(
            cert, extra_certs=doc_certs, now=now, online=self.online, cancel=cancel
        )
        at = poe or (res.signing_time.astimezone(UTC) if res.signing_time else now)
        then_check = (
            now_check
            if abs((now - at).total_seconds()) < 60
            else self.checker.check(cert, extra_certs=doc_certs, now=at, online=False)
        )
        res.chain = [name_to_string(c.subject) for c in now_check.chain]
        chain_ok = len(now_check.chain) > 1 and not (
            codes(now_check) & (CHAIN_MISSING | CHAIN_BROKEN)
        )

        # -- revocation of the whole path ------------------------------------------------
        path: list[CertRevocation] = []
        if chain_ok:
            path = check_path(
                now_check.chain,
                role=ROLE_SIGNER if entry.kind == KIND_SIGNATURE else ROLE_TSA,
                embedded=embedded,
                at=poe or now,
                now=now,
                online=self.online,
                checker=self.revocation,
                leaf_status=now_check.revocation,
                cancel=cancel,
            )
        signer_rev = path[0] if path else None
        rev = (
            Revocation(signer_rev.status, signer_rev.source, signer_rev.revoked_at)
            if signer_rev is not None and signer_rev.status in ("good", "revoked")
            else Revocation()
        )
        res.revocation = rev
        full_path = [*path, *(ts.path or [])]
        res.path_revocation = full_path

        res.trusted_now = chain_ok and not blocking(now_check) and rev.status == "good"
        res.trusted_at_signing = (
            chain_ok
            and not blocking(then_check)
            and (rev.status == "good" or (rev.status == "revoked" and before(at, rev.revoked_at)))
        )
        res.trusted = res.trusted_at_signing if poe is not None else res.trusted_now

        # -- levels ----------------------------------------------------------------------
        level_notes: tuple[Finding, ...] = ()
        if entry.kind == KIND_SIGNATURE:
            levels = judge_levels(
                intact=bool(res.intact and res.crypto_valid),
                has_timestamp=ts.status != "none",
                timestamp_ok=poe is not None,
                has_embedded_revocation=bool(embedded.crls or embedded.ocsps),
                path=full_path,
                later_doc_timestamps=[
                    ok
                    for rev_no, ok in doc_timestamps
                    if res.revision is not None and rev_no > res.revision
                ],
            )
            res.format_level, res.level = levels.format_level, levels.validated_level
            level_notes = levels.findings

        conclude(
            res,
            mods,
            now_check,
            then_check,
            poe,
            ts.failure,
            chain_ok,
            full_path,
            notes_before=(*ts.notes, *level_notes),
        )
        if entry.kind == KIND_DOC_TIMESTAMP and res.conclusion == TOTAL_PASSED:
            res.reasons = [_doc_ts_passed(res), *res.reasons[1:]]
        return res

    async def _timestamp(
        self,
        sig: Any,
        embedded: EmbeddedData,
        doc_certs: list[x509.Certificate],
        now: dt.datetime,
        cancel: threading.Event | None,
    ) -> _Timestamp:
        from pyhanko.sign.validation.generic_cms import collect_timing_info

        out = _Timestamp()
        tokens = timestamp_tokens(sig.signed_data)
        if not tokens:
            return out
        try:
            vc = self._validation_context(embedded, sig.other_embedded_certs)
            info = await collect_timing_info(sig.signer_info, vc, raw_digest=sig.compute_digest)
            tsv = info.get("timestamp_validity")
        except Exception as exc:
            log.info("timestamp of %s: %r", getattr(sig, "field_name", "?"), exc)
            out.status = "invalid"
            out.failure = ("FORMAT_FAILURE", TS_BROKEN)
            return out
        if tsv is None:
            return out
        out.time = tsv.timestamp
        if not tsv.intact:
            out.status, out.failure = "invalid", ("HASH_FAILURE", TS_BROKEN)
            return out
        if not tsv.valid:
            out.status, out.failure = "invalid", ("SIG_CRYPTO_FAILURE", TS_BROKEN)
            return out
        ts_time = tsv.timestamp.astimezone(UTC)
        tsa_cert = load_certificate(tsv.signing_cert.dump())
        if tsa_cert is None:
            out.status = "untrusted"
            return out
        token_certs = [c for t in tokens for c in _token_certs(t)]
        tsa_check = self.checker.check(
            tsa_cert, extra_certs=[*token_certs, *doc_certs], now=ts_time, online=False
        )
        # Only along a chain to a trusted root (an untrusted chain's URLs could point
        # anywhere); for an untrusted timestamp only to explain why (a revoked authority).
        if len(tsa_check.chain) > 1 and not (codes(tsa_check) & (CHAIN_MISSING | CHAIN_BROKEN)):
            out.path = check_path(
                tsa_check.chain,
                role=ROLE_TSA,
                embedded=embedded,
                at=ts_time,
                now=now,
                online=self.online,
                checker=self.revocation,
                cancel=cancel,
            )
        revoked = [
            c
            for c in out.path or []
            if c.status == "revoked" and (c.revoked_at is None or c.revoked_at <= ts_time)
        ]
        if revoked or not tsv.trusted:
            # No proof of existence from it: its authority's path no longer matters.
            out.status, out.path = "untrusted", None
            out.notes = tuple(_tsa_revoked(c) for c in revoked)
            return out
        out.status = "valid"
        out.poe = ts_time
        return out


# -- small parts ----------------------------------------------------------------------------


def _token_certs(token: Any) -> list[x509.Certificate]:
    from kyso.core.verify.embedded import cms_certificates

    return cms_certificates(token)


def _tst_time(sig: Any) -> dt.datetime | None:
    try:
        tst = sig.signed_data["encap_content_info"]["content"].parsed
        return tst["gen_time"].native
    except Exception:
        return None


def _read_reason(res: SignatureResult, sig_object: Any) -> None:
    try:
        reason = str(sig_object.get("/Reason", "")).strip() or None
    except Exception:
        reason = None
    res.reason = reason
    if reason and reason.startswith(EMERGENCY_PREFIX):
        head, sep, tail = reason.partition(": ")
        res.emergency_reason = tail.strip() if sep and tail.strip() else reason


def _unsupported(res: SignatureResult, entry: Entry) -> SignatureResult:
    kind = entry.subfilter or "?"
    res.conclusion, res.sub_indication = INDETERMINATE, None
    res.reasons = [
        Finding(
            "unsupported_type",
            f"Kyso không kiểm tra được loại chữ ký này ({kind.lstrip('/')}). Dùng phần mềm của "
            "bên ký để kiểm tra, hoặc đề nghị bên gửi ký lại theo chuẩn PAdES.",
            f"This type of signature cannot be verified by Kyso ({kind.lstrip('/')}).",
        )
    ]
    return res


def _doc_ts_broken() -> Finding:
    return Finding(
        "document_timestamp_broken",
        "Dấu thời gian tài liệu không còn khớp với nội dung nó bảo vệ (phần được đóng dấu đã "
        "bị sửa) hoặc chữ ký của đơn vị cấp dấu thời gian không đúng. Dữ liệu kiểm tra dài "
        "hạn sau dấu này không dùng được; đề nghị bên gửi gửi lại bản gốc.",
        "The document timestamp no longer matches what it protects (the stamped revision "
        "was altered) or its authority's signature does not verify.",
    )


def _doc_ts_passed(res: SignatureResult) -> Finding:
    who = res.signer_name or res.signer_subject or "?"
    return Finding(
        "document_timestamp_valid",
        f"Dấu thời gian tài liệu của “{who}” hợp lệ: chứng minh văn bản (kể cả các chữ ký "
        f"trước đó) đã tồn tại lúc {vn_display(res.timestamp_time)}.",
        f"The document timestamp of “{who}” is valid: it proves the document (with the "
        "signatures before it) existed at that time.",
    )


def _tsa_revoked(c: CertRevocation) -> Finding:
    return Finding(
        "timestamp_authority_revoked",
        f"Chứng thư “{c.subject}” của đơn vị cấp dấu thời gian đã bị thu hồi từ "
        f"{vn_display(c.revoked_at)}, trước thời điểm ghi trong dấu thời gian: dấu thời gian "
        "không chứng minh được thời điểm ký.",
        f"The timestamp authority's certificate “{c.subject}” was revoked before the "
        "timestamp's time; the timestamp proves nothing.",
    )


def _describe_signer(res: SignatureResult, cert: x509.Certificate, *, reform: bool) -> None:
    res.signer_sha256 = cert.fingerprint(hashes.SHA256()).hex()
    try:
        res.signer_subject = name_to_string(cert.subject)
        cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        res.signer_name = str(cns[0].value) if cns else res.signer_subject
        orgs = [
            str(a.value)
            for oid in (NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.ORGANIZATION_NAME)
            for a in reversed(cert.subject.get_attributes_for_oid(oid))
        ]
        res.signer_organization = ", ".join(orgs) or None
    except ValueError:
        res.signer_subject = res.signer_subject or "?"
    if not reform:
        return
    try:
        res.reform = check_subject(cert.subject).to_json()
    except Exception as exc:  # the two-tier check is shown, never blocks a verification
        log.info("two-tier check of %s: %r", res.signer_subject, exc)
        res.reform = None


# -- public API --------------------------------------------------------------------------


def verify_pdf(
    path: str | Path,
    *,
    checker: TrustChecker | None = None,
    anchors: TrustAnchors | str | Path | None = None,
    settings: Settings | None = None,
    cache: RevocationCache | None = None,
    online: bool = True,
    now: dt.datetime | None = None,
    cancel: threading.Event | None = None,
) -> DocumentResult:
    """Verify every signature of one PDF (see the module doc). ``anchors`` may be a path
    (``--anchors PATH``); pass a shared ``checker`` (or a :class:`Verifier`) for many files."""
    verifier = Verifier(checker, settings=settings, anchors=anchors, cache=cache, online=online)
    return verifier.verify(path, now=now, cancel=cancel)


def collect_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expanded to every ``*.pdf`` inside (recursively, sorted)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        items = (
            sorted(
                (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf"),
                key=lambda f: str(f).lower(),
            )
            if p.is_dir()
            else [p]
        )
        for item in items:
            key = item.resolve() if item.exists() else item
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


@dataclass(frozen=True)
class _WorkerConfig:
    settings: Settings
    roots: tuple[bytes, ...]
    intermediates: tuple[bytes, ...]
    crls: tuple[bytes, ...]
    cache_folder: str
    online: bool
    now: dt.datetime | None


_WORKER: Verifier | None = None
_WORKER_NOW: dt.datetime | None = None


def _worker_init(config: _WorkerConfig) -> None:
    """Build the worker's verifier once (anchors, the CRLs given by file, the cache): every
    file the worker verifies reuses it."""
    global _WORKER, _WORKER_NOW
    anchors = TrustAnchors(
        tuple(x509.load_der_x509_certificate(d) for d in config.roots),
        tuple(x509.load_der_x509_certificate(d) for d in config.intermediates),
        ("parent",),
    )
    checker = TrustChecker(
        config.settings,
        anchors,
        RevocationCache(config.cache_folder),
        crls=tuple(x509.load_der_x509_crl(d) for d in config.crls),
    )
    _WORKER = Verifier(checker, online=config.online)
    _WORKER_NOW = config.now
    _warm_up()


def _warm_up() -> None:
    """Import now what the first verification would import on its way (pyHanko's
    validation and difference analysis, the RFC 5280 validator, PDFium, Pillow), so a
    worker that says it is ready verifies its first file at full speed."""
    import importlib

    for name in (
        "pyhanko.sign.validation.pdf_embedded",
        "pyhanko.sign.validation.generic_cms",
        "pyhanko.sign.diff_analysis",
        "pyhanko_certvalidator.validate",
        "pypdfium2",
        "PIL.ImageChops",
    ):
        try:
            importlib.import_module(name)
        except ImportError:  # pragma: no cover - the verification will say what is missing
            pass


def _worker_ready() -> int:
    """Answered once the worker has started and built its verifier (see verify_many)."""
    return os.getpid()


def _worker_verify(path: str) -> DocumentResult:
    assert _WORKER is not None
    return _WORKER.verify(path, now=_WORKER_NOW)


FILES_PER_PROCESS = 60
"""How many files a batch needs per process verifying it before one more worker process is
started. A worker costs a second or more before it takes a file (spawn, imports, the
verifier's set-up, warm-up) and competes for a core meanwhile, while the calling process
verifies a file in 20–30 ms. Measured on 2 otherwise idle cores (bench:
``tests/bench/bench_verify.py --crossover-only``), one worker made 80 files slower
(1.9–2.3 s against 1.5–1.6 s alone) and 160 files faster (2.9–3.0 s against 3.1–3.8 s),
so the first worker starts at 2 × 60 = 120 files."""


def worker_processes(total: int, workers: int) -> int:
    """Worker processes to start for ``total`` files when at most ``workers`` processes
    (the calling one included) may verify at once: one per :data:`FILES_PER_PROCESS`
    files beyond the first, and no more than there are idle cores."""
    return max(0, min(workers - 1, idle_cores(), total // FILES_PER_PROCESS - 1))


ProgressCallback = Callable[[int, int], None]


def verify_many(
    paths: Sequence[str | Path],
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    checker: TrustChecker | None = None,
    settings: Settings | None = None,
    anchors: TrustAnchors | str | Path | None = None,
    cache: RevocationCache | None = None,
    paths_config: Paths | None = None,
    online: bool = True,
    now: dt.datetime | None = None,
) -> Iterator[DocumentResult]:
    """Verify many PDFs (folders expanded), yielding each result as it finishes.

    At most ``workers`` processes verify at once (default: every core). The calling
    process verifies files itself from the first moment, and worker *processes* (started
    with the *spawn* method so it behaves the same on Windows) are added only when the
    batch is large enough to pay for starting them (:func:`worker_processes`): a small
    batch is finished before a worker would have produced anything. Workers are
    processes, not threads, because validation is CPU-bound Python (the GIL); they are
    there for speed, not isolation — the calling process has always verified small
    batches itself. A worker that dies (out of memory, killed) gives its files
    ``worker_failed`` and the rest of the batch goes on in the calling process.

    ``progress(done, total)`` is called after each file. Setting ``cancel`` stops the
    iteration soon: files not started are dropped, and the iterator ends without raising.
    """
    files = collect_pdfs(paths)
    total = len(files)
    if total == 0:
        return
    if checker is None:
        settings = settings or Settings()
        if isinstance(anchors, (str, Path)):
            anchors = load_anchors(override=anchors)
        elif anchors is None:
            anchors = load_anchors(settings)
        checker = TrustChecker(settings, anchors, cache or default_cache(paths_config))
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    extra = worker_processes(total, workers)
    verifier = Verifier(checker, online=online)
    queue = collections.deque(files)
    pool = _start_pool(checker, extra, online, now) if extra else None
    usable = pool is not None
    # Files go to the workers only once one has answered: a file handed to a worker
    # still starting would wait for it (a second or more) while this process could have
    # verified it, and the end of a batch would wait for the slowest start.
    ready: list[concurrent.futures.Future[int]] = (
        [pool.submit(_worker_ready) for _ in range(extra)] if pool is not None else []
    )
    in_flight: dict[concurrent.futures.Future[DocumentResult], Path] = {}
    worker_done = False
    done = 0

    def finished(result: DocumentResult) -> DocumentResult:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)
        return result

    try:
        while queue or in_flight:
            if cancel is not None and cancel.is_set():
                return
            # Keep each started worker two files ahead, so it never waits for this
            # process to finish its own file before it gets the next.
            started = sum(1 for r in ready if r.done() and r.exception() is None)
            # One file at a time until a worker has returned one (its first is the
            # slowest), so the end of a batch never waits long for a worker.
            ahead = 2 * started if worker_done else min(started, 1)
            while pool is not None and usable and queue and len(in_flight) < ahead:
                try:
                    fut = pool.submit(_worker_verify, str(queue[0]))
                except concurrent.futures.BrokenExecutor:  # a worker died: go on here
                    usable = False
                    break
                in_flight[fut] = queue.popleft()
            for fut in [f for f in in_flight if f.done()]:
                worker_done = True
                yield finished(_worker_result(fut, in_flight.pop(fut)))
            if queue:
                try:
                    result = verifier.verify(queue.popleft(), now=now, cancel=cancel)
                except Cancelled:
                    return
                yield finished(result)
            elif in_flight:
                concurrent.futures.wait(
                    in_flight, timeout=0.1, return_when=concurrent.futures.FIRST_COMPLETED
                )
    finally:
        for fut in [*in_flight, *ready]:
            fut.cancel()
        if pool is not None:
            # The results are all in: never wait for a worker to start or to exit (the
            # pool's own thread reaps them).
            pool.shutdown(wait=False, cancel_futures=True)


def _start_pool(
    checker: TrustChecker, size: int, online: bool, now: dt.datetime | None
) -> concurrent.futures.ProcessPoolExecutor:
    assert checker.anchors is not None and checker.cache is not None
    config = _WorkerConfig(
        checker.settings,
        tuple(der(c) for c in checker.anchors.roots),
        tuple(der(c) for c in checker.anchors.intermediates),
        tuple(c.public_bytes(Encoding.DER) for c in checker.crls),
        str(checker.cache.folder),
        online,
        now,
    )
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=size,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(config,),
    )


def _worker_result(fut: concurrent.futures.Future[DocumentResult], path: Path) -> DocumentResult:
    try:
        return fut.result()
    except Exception as exc:  # a worker died (out of memory, killed)
        result = DocumentResult(str(path))
        result.error = VerifyError(
            "Không kiểm tra được tệp này (tiến trình kiểm tra bị dừng đột ngột).",
            f"This file could not be checked (the worker stopped: {exc!r}).",
            code="worker_failed",
        )
        return result
