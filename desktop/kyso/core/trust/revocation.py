"""Revocation checking for offline-prone desktops: OCSP, then CRL, with an on-disk cache.

Order for one certificate (its issuer known):

1. a cached OCSP response that is still fresh (``nextUpdate`` in the future);
2. online: each OCSP URL of the AIA extension; a definitive answer (good/revoked) is cached;
3. a cached CRL that is still fresh;
4. online: each CRL distribution point (DER or PEM); a valid CRL is cached;
5. otherwise: a stale cached answer. "Revoked" stays revoked (except certificateHold);
   "good" becomes **unknown** with ``offline_since`` = when that answer was fetched, so the
   caller says "revocation not checked (offline since …)" instead of calling it valid.

Every OCSP response and CRL is verified before use, from the network and from the cache
alike (signature by the issuer or by a delegated OCSP responder it certified, matching
CertID / issuer name, thisUpdate not in the future). A URL that failed (timeout, refused)
is skipped for :data:`NEGATIVE_TTL_S` seconds so "Check all" over 50 certificates of one
CA does not wait 50 timeouts.

The cache is a folder of files ``<json header>\\n<DER>`` written atomically (temporary file
then rename), so several threads and processes may share it; parsed CRLs are memoized.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from kyso.core.certs.x509util import cert_signed_by, ext, name_key, verify_signed_by
from kyso.core.errors import KysoError
from kyso.core.net.fetch import Fetch, FetchError, check_cancel

log = logging.getLogger(__name__)

CLOCK_SKEW = dt.timedelta(minutes=5)
NO_NEXT_UPDATE_MAX_AGE = dt.timedelta(hours=1)
"""How long an answer without nextUpdate counts as fresh."""
NEGATIVE_TTL_S = 60.0


class RevocationDataError(KysoError):
    """An OCSP response or CRL that cannot be used (malformed, wrong signer, stale)."""


def _bad(en: str, code: str = "revocation_data_invalid") -> RevocationDataError:
    return RevocationDataError(f"Dữ liệu thu hồi không hợp lệ: {en}", en, code=code)


@dataclass(frozen=True)
class RevocationStatus:
    status: str
    """``good``, ``revoked`` or ``unknown``."""
    source: str | None = None
    """``ocsp``, ``crl``, ``cache`` or None (nothing usable)."""
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None
    checked_at: dt.datetime | None = None
    """When the answer this status rests on was fetched (for a stale one: its fetch time)."""
    offline_since: dt.datetime | None = None
    """For ``unknown`` after a stale cache: the time of the last answer Kyso did get."""
    no_source: bool = False
    """The certificate names neither an OCSP responder nor a CRL (over HTTP)."""
    problems: tuple[KysoError, ...] = ()
    """What went wrong on the way (timeouts, malformed data), for the details."""


# -- the cache ---------------------------------------------------------------------------


@dataclass
class _Entry:
    der: bytes
    fetched_at: dt.datetime
    url: str
    parsed: object = None
    verified_with: bytes | None = None
    """SPKI of the issuer this entry's signature was verified against (memo)."""


class RevocationCache:
    """On-disk store of CRLs, OCSP responses and AIA certificates. Thread-safe."""

    def __init__(self, folder: str | Path, *, memo_size: int = 2048) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._memo: OrderedDict[Path, tuple[tuple[int, int], _Entry]] = OrderedDict()
        self._memo_size = memo_size

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.bin"

    def get(self, kind: str, key: str) -> _Entry | None:
        path = self._path(kind, key)
        try:
            stat = path.stat()
        except OSError:
            return None
        sig = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            hit = self._memo.get(path)
            if hit and hit[0] == sig:
                self._memo.move_to_end(path)
                return hit[1]
        try:
            raw = path.read_bytes()
            header, der = raw.split(b"\n", 1)
            meta = json.loads(header)
            entry = _Entry(der, dt.datetime.fromisoformat(meta["fetched_at"]), meta["url"])
        except (OSError, ValueError, KeyError):
            log.warning("Ignoring a damaged revocation cache file %s", path)
            return None
        with self._lock:
            self._memo[path] = (sig, entry)
            if len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return entry

    def put(
        self,
        kind: str,
        key: str,
        der: bytes,
        *,
        url: str,
        fetched_at: dt.datetime,
        parsed: object = None,
        verified_with: bytes | None = None,
    ) -> None:
        path = self._path(kind, key)
        header = json.dumps({"url": url, "fetched_at": fetched_at.isoformat()}).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            tmp.write_bytes(header + b"\n" + der)
            os.replace(tmp, path)
            stat = path.stat()
        except OSError as exc:  # a read-only cache must not fail the check
            log.warning("Could not write the revocation cache %s: %s", path, exc)
            return
        entry = _Entry(der, fetched_at, url, parsed, verified_with)
        with self._lock:
            self._memo[path] = ((stat.st_mtime_ns, stat.st_size), entry)


# -- OCSP ----------------------------------------------------------------------------


def _ocsp_key(cert: x509.Certificate, issuer: x509.Certificate) -> str:
    spki = issuer.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return f"{hashlib.sha256(spki).hexdigest()}:{cert.serial_number:x}"


def build_ocsp_request(cert: x509.Certificate, issuer: x509.Certificate) -> ocsp.OCSPRequest:
    """A nonce-less request with a SHA-1 CertID (what every responder supports)."""
    return ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()


def _spki_bits_sha1(cert: x509.Certificate) -> bytes:
    return x509.SubjectKeyIdentifier.from_public_key(cert.public_key()).digest


@dataclass
class _OcspAnswer:
    status: str
    this_update: dt.datetime
    next_update: dt.datetime | None
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None


def parse_ocsp_response(
    der: bytes, cert: x509.Certificate, issuer: x509.Certificate, now: dt.datetime
) -> _OcspAnswer:
    """Validate an OCSP response for ``cert`` and return its answer (freshness not judged)."""
    try:
        resp = ocsp.load_der_ocsp_response(der)
    except ValueError as exc:
        raise _bad(f"malformed OCSP response ({exc})", "ocsp_malformed") from None
    if resp.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise _bad(f"OCSP responder answered {resp.response_status.name}", "ocsp_refused")
    single = None
    for candidate in resp.responses:
        if candidate.serial_number != cert.serial_number:
            continue
        expected = (
            ocsp.OCSPRequestBuilder()
            .add_certificate(cert, issuer, candidate.hash_algorithm)
            .build()
        )
        if (
            candidate.issuer_key_hash == expected.issuer_key_hash
            and candidate.issuer_name_hash == expected.issuer_name_hash
        ):
            single = candidate
            break
    if single is None:
        raise _bad("the OCSP response is about another certificate", "ocsp_mismatch")
    signer = _ocsp_signer(resp, issuer, now)
    if not verify_signed_by(signer.public_key(), resp.signature, resp.tbs_response_bytes, resp):
        raise _bad("the OCSP response signature does not verify", "ocsp_bad_signature")
    this_update = single.this_update_utc
    if this_update > now + CLOCK_SKEW:
        raise _bad("the OCSP response is dated in the future", "ocsp_future")
    answer = _OcspAnswer("unknown", this_update, single.next_update_utc)
    if single.certificate_status == ocsp.OCSPCertStatus.GOOD:
        answer.status = "good"
    elif single.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        answer.status = "revoked"
        answer.revoked_at = single.revocation_time_utc
        answer.reason = single.revocation_reason
    return answer


def _ocsp_signer(
    resp: ocsp.OCSPResponse, issuer: x509.Certificate, now: dt.datetime
) -> x509.Certificate:
    """The issuer itself, or a delegated responder the issuer certified (RFC 6960 §4.2.2.2)."""
    if resp.responder_key_hash is not None:
        if resp.responder_key_hash == _spki_bits_sha1(issuer):
            return issuer
    elif resp.responder_name is not None and name_key(resp.responder_name) == name_key(
        issuer.subject
    ):
        return issuer
    for cand in resp.certificates:
        if resp.responder_key_hash is not None:
            if _spki_bits_sha1(cand) != resp.responder_key_hash:
                continue
        elif resp.responder_name is None or name_key(resp.responder_name) != name_key(cand.subject):
            continue
        eku = ext(cand, x509.ExtendedKeyUsage)
        if not (isinstance(eku, x509.ExtendedKeyUsage) and ExtendedKeyUsageOID.OCSP_SIGNING in eku):
            raise _bad("the OCSP responder certificate is not for OCSP signing", "ocsp_signer")
        if name_key(cand.issuer) != name_key(issuer.subject) or not cert_signed_by(cand, issuer):
            raise _bad("the OCSP responder was not certified by the issuer", "ocsp_signer")
        if not (cand.not_valid_before_utc - CLOCK_SKEW <= now <= cand.not_valid_after_utc):
            raise _bad("the OCSP responder certificate is out of date", "ocsp_signer")
        return cand
    raise _bad("the OCSP response is signed by an unknown responder", "ocsp_signer")


# -- CRL -------------------------------------------------------------------------------


def parse_crl(data: bytes) -> x509.CertificateRevocationList:
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError as exc:
        raise _bad(f"malformed CRL ({exc})", "crl_malformed") from None


def check_crl(
    crl: x509.CertificateRevocationList, issuer: x509.Certificate, now: dt.datetime
) -> None:
    """Raise unless ``crl`` was issued by ``issuer`` (name and signature) and is not future."""
    if name_key(crl.issuer) != name_key(issuer.subject):
        raise _bad("the CRL was issued by another CA", "crl_wrong_issuer")
    if not crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
        raise _bad("the CRL signature does not verify", "crl_bad_signature")
    if crl.last_update_utc > now + CLOCK_SKEW:
        raise _bad("the CRL is dated in the future", "crl_future")


# -- the checker -----------------------------------------------------------------------


def ocsp_urls(cert: x509.Certificate) -> list[str]:
    return _aia_urls(cert, x509.AuthorityInformationAccessOID.OCSP)


def ca_issuers_urls(cert: x509.Certificate) -> list[str]:
    return _aia_urls(cert, x509.AuthorityInformationAccessOID.CA_ISSUERS)


def _aia_urls(cert: x509.Certificate, method: x509.ObjectIdentifier) -> list[str]:
    aia = ext(cert, x509.AuthorityInformationAccess)
    if not isinstance(aia, x509.AuthorityInformationAccess):
        return []
    return [
        d.access_location.value
        for d in aia
        if d.access_method == method
        and isinstance(d.access_location, x509.UniformResourceIdentifier)
        and d.access_location.value.lower().startswith(("http://", "https://"))
    ]


def crl_urls(cert: x509.Certificate) -> list[str]:
    cdp = ext(cert, x509.CRLDistributionPoints)
    if not isinstance(cdp, x509.CRLDistributionPoints):
        return []
    urls: list[str] = []
    for point in cdp:
        for name in point.full_name or ():
            if isinstance(name, x509.UniformResourceIdentifier) and name.value.lower().startswith(
                ("http://", "https://")
            ):
                urls.append(name.value)
    return urls


def _fresh(next_update: dt.datetime | None, fetched_at: dt.datetime, now: dt.datetime) -> bool:
    if next_update is not None:
        return now <= next_update
    return now <= fetched_at + NO_NEXT_UPDATE_MAX_AGE


@dataclass
class _Stale:
    fetched_at: dt.datetime
    status: str
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None


@dataclass
class RevocationChecker:
    """Checks one certificate at a time; share one instance across threads."""

    cache: RevocationCache
    fetch: Fetch
    timeout: float = 5.0
    _down: dict[str, tuple[float, FetchError]] = field(default_factory=dict)
    _down_lock: threading.Lock = field(default_factory=threading.Lock)

    def _get(
        self,
        url: str,
        *,
        cancel: threading.Event | None,
        data: bytes | None = None,
        content_type: str | None = None,
    ) -> bytes:
        with self._down_lock:
            down = self._down.get(url)
        if down and time.monotonic() < down[0]:
            raise down[1]
        check_cancel(cancel)
        try:
            return self.fetch(
                url, data=data, content_type=content_type, timeout=self.timeout, cancel=cancel
            )
        except FetchError as exc:
            if exc.code in ("fetch_timeout", "fetch_network"):
                with self._down_lock:
                    self._down[url] = (time.monotonic() + NEGATIVE_TTL_S, exc)
            raise

    def check(
        self,
        cert: x509.Certificate,
        issuer: x509.Certificate,
        *,
        now: dt.datetime,
        online: bool = True,
        cancel: threading.Event | None = None,
    ) -> RevocationStatus:
        ocsp_list = ocsp_urls(cert)
        crl_list = crl_urls(cert)
        if not ocsp_list and not crl_list:
            return RevocationStatus("unknown", no_source=True)
        problems: list[KysoError] = []
        stale: list[_Stale] = []
        okey = _ocsp_key(cert, issuer)

        # 1. cached OCSP
        entry = self.cache.get("ocsp", okey)
        if entry is not None:
            try:
                answer = parse_ocsp_response(entry.der, cert, issuer, now)
            except RevocationDataError:
                answer = None
            if answer is not None and answer.status != "unknown":
                if _fresh(answer.next_update, entry.fetched_at, now):
                    return self._status(answer.status, "cache", answer, entry.fetched_at)
                stale.append(
                    _Stale(entry.fetched_at, answer.status, answer.revoked_at, answer.reason)
                )

        # 2. OCSP online
        if online and ocsp_list:
            request = build_ocsp_request(cert, issuer).public_bytes(serialization.Encoding.DER)
            for url in ocsp_list:
                try:
                    der = self._get(
                        url, cancel=cancel, data=request, content_type="application/ocsp-request"
                    )
                    answer = parse_ocsp_response(der, cert, issuer, now)
                except (FetchError, RevocationDataError) as exc:
                    problems.append(exc)
                    continue
                if answer.status == "unknown":
                    problems.append(
                        _bad("the OCSP responder does not know the certificate", "ocsp_unknown")
                    )
                    continue
                self.cache.put("ocsp", okey, der, url=url, fetched_at=now)
                return self._status(answer.status, "ocsp", answer, now, problems)

        # 3. cached CRLs, 4. CRLs online
        issuer_spki = issuer.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        for url in crl_list:
            entry = self.cache.get("crl", url)
            if entry is None:
                continue
            try:
                crl = self._crl_of(entry, issuer, issuer_spki, now)
            except RevocationDataError:
                continue
            result = self._from_crl(crl, cert)
            if _fresh(crl.next_update_utc, entry.fetched_at, now):
                return self._status(result.status, "cache", result, entry.fetched_at)
            stale.append(_Stale(entry.fetched_at, result.status, result.revoked_at, result.reason))
        if online:
            for url in crl_list:
                try:
                    data = self._get(url, cancel=cancel)
                    crl = parse_crl(data)
                    check_crl(crl, issuer, now)
                except (FetchError, RevocationDataError) as exc:
                    problems.append(exc)
                    continue
                der = crl.public_bytes(serialization.Encoding.DER)
                self.cache.put(
                    "crl",
                    url,
                    der,
                    url=url,
                    fetched_at=now,
                    parsed=crl,
                    verified_with=issuer_spki,
                )
                result = self._from_crl(crl, cert)
                return self._status(result.status, "crl", result, now, problems)

        # 5. stale answers
        revoked = [
            s
            for s in stale
            if s.status == "revoked" and s.reason != x509.ReasonFlags.certificate_hold
        ]
        if revoked:
            s = max(revoked, key=lambda s: s.fetched_at)
            return RevocationStatus(
                "revoked", "cache", s.revoked_at, s.reason, s.fetched_at, problems=tuple(problems)
            )
        since = max((s.fetched_at for s in stale), default=None)
        return RevocationStatus(
            "unknown", None, checked_at=since, offline_since=since, problems=tuple(problems)
        )

    @staticmethod
    def _status(
        status: str,
        source: str,
        answer: _OcspAnswer,
        checked_at: dt.datetime,
        problems: Iterable[KysoError] = (),
    ) -> RevocationStatus:
        return RevocationStatus(
            status,
            source,
            answer.revoked_at,
            answer.reason,
            checked_at,
            problems=tuple(problems),
        )

    def _crl_of(
        self, entry: _Entry, issuer: x509.Certificate, issuer_spki: bytes, now: dt.datetime
    ) -> x509.CertificateRevocationList:
        crl = entry.parsed
        if not isinstance(crl, x509.CertificateRevocationList):
            crl = parse_crl(entry.der)
            entry.parsed = crl
            entry.verified_with = None
        if entry.verified_with != issuer_spki:
            check_crl(crl, issuer, now)
            entry.verified_with = issuer_spki
        return crl

    @staticmethod
    def _from_crl(crl: x509.CertificateRevocationList, cert: x509.Certificate) -> _OcspAnswer:
        revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        answer = _OcspAnswer("good", crl.last_update_utc, crl.next_update_utc)
        if revoked is not None:
            answer.status = "revoked"
            answer.revoked_at = revoked.revocation_date_utc
            reason = ext_reason(revoked)
            answer.reason = reason
            if reason == x509.ReasonFlags.remove_from_crl:
                answer.status = "good"
                answer.revoked_at = answer.reason = None
        return answer


def ext_reason(revoked: x509.RevokedCertificate) -> x509.ReasonFlags | None:
    try:
        return revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except (x509.ExtensionNotFound, ValueError):
        return None


def fetch_ca_issuers(
    cert: x509.Certificate,
    *,
    fetch: Fetch,
    cache: RevocationCache | None,
    timeout: float,
    online: bool,
    now: dt.datetime,
    cancel: threading.Event | None = None,
) -> list[x509.Certificate]:
    """Issuer candidates from ``cert``'s AIA caIssuers URLs (DER, PEM or PKCS#7).

    Downloads are kept in the cache (they are verified by signature when used), so a chain
    completed once via AIA still builds offline.
    """
    from kyso.core.certs.files import parse_certificates

    found: list[x509.Certificate] = []
    for url in ca_issuers_urls(cert):
        entry = cache.get("aia", url) if cache else None
        data = entry.der if entry else None
        if data is None and online:
            try:
                check_cancel(cancel)
                data = fetch(url, timeout=timeout, cancel=cancel)
            except FetchError as exc:
                log.info("caIssuers %s: %s", url, exc.en)
                continue
        if data is None:
            continue
        try:
            certs = parse_certificates(data, source=url)
        except KysoError:
            log.info("caIssuers %s: not a certificate", url)
            continue
        if cache and entry is None:
            cache.put("aia", url, data, url=url, fetched_at=now)
        found.extend(certs)
    return found
