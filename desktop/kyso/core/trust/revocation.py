"""Revocation checking for offline-prone desktops: OCSP, then CRL, with an on-disk cache.

Order for one certificate (its issuer known):

1. a cached OCSP response that is still fresh (``nextUpdate`` in the future);
2. online: each OCSP URL of the AIA extension; a definitive answer (good/revoked) is cached;
3. a cached CRL that is still fresh;
4. online: each CRL distribution point (DER or PEM); a valid CRL is cached;
5. otherwise: a stale cached answer. "Revoked" stays revoked (except certificateHold);
   "good" becomes **unknown** with ``offline_since`` = when that answer was fetched, so the
   caller says "revocation not checked (offline since …)" instead of calling it valid.

Every OCSP response and CRL is verified before use, from the network, the cache and local
files alike (signature by the issuer or by a delegated OCSP responder it certified for OCSP
signing, matching CertID / issuer name, thisUpdate not in the future), and counts as proof
only inside its validity window (:func:`is_current`): past its nextUpdate, or without one
and older than :data:`NO_NEXT_UPDATE_MAX_AGE`, a "good" is not good, whether it came from
the network (a replayed old answer), the cache or a file. A signed "revoked" stays revoked.

A CRL is proof that a certificate is *not* revoked only when its scope covers it
(:func:`crl_scope`): not a delta CRL, not a CA-only / user-only / attribute-only CRL of the
wrong kind, not a partition for another distribution point, not limited to some reasons
(unless CRLs together cover every reason), another CA's CRL only when it is an indirect CRL
the certificate names as cRLIssuer (its signer on a trusted path of its own), and with no
critical extension Kyso does not understand (then the CRL is not used at all).

The cache is rollback-safe: an answer is never replaced by an older one (CRL number, then
thisUpdate; for OCSP thisUpdate, then producedAt), and when the network returns an answer
older than the cached one, the cached one is what counts.

CRLs given by file (``kyso check --crl``, the per-machine ``crl_dir``) are read like
fetched ones: matched to a certificate by issuer name and scope, not by URL; an answer
resting on one says so (source ``file``, not ``crl``: nothing was fetched). A URL that failed (timeout, refused)
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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from kyso.core.certs.x509util import cert_signed_by, ext, name_key, verify_signed_by
from kyso.core.errors import KysoError
from kyso.core.net.fetch import Fetch, FetchError, check_cancel

log = logging.getLogger(__name__)

CLOCK_SKEW = dt.timedelta(minutes=5)
NO_NEXT_UPDATE_MAX_AGE = dt.timedelta(hours=1)
"""How long after its thisUpdate an answer without nextUpdate counts as current."""
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
    """``ocsp`` or ``crl`` (fetched now), ``cache`` (Kyso's cache), ``file`` (a CRL given by
    file: ``--crl``, ``crl_dir``, the GUI's "Nạp CRL từ tệp…") or None (nothing usable)."""
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
    return _ocsp_request(cert, issuer, hashes.SHA1()).build()


def _ocsp_request(
    cert: x509.Certificate, issuer: x509.Certificate, algorithm: hashes.HashAlgorithm
) -> ocsp.OCSPRequestBuilder:
    """A request builder for ``cert``'s CertID, also for certificates cryptography cannot
    hold itself (:mod:`kyso.core.certs.dsa_inherited`): those are hashed by hand."""
    builder = ocsp.OCSPRequestBuilder()
    if isinstance(cert, x509.Certificate) and isinstance(issuer, x509.Certificate):
        return builder.add_certificate(cert, issuer, algorithm)
    spki = ax509.Certificate.load(issuer.public_bytes(serialization.Encoding.DER)).public_key
    name_hash, key_hash = hashes.Hash(algorithm), hashes.Hash(algorithm)
    name_hash.update(issuer.subject.public_bytes())
    key_hash.update(spki["public_key"].contents[1:])  # the BIT STRING's bytes, RFC 6960
    return builder.add_certificate_by_hash(
        name_hash.finalize(), key_hash.finalize(), cert.serial_number, algorithm
    )


def _spki_bits_sha1(cert: x509.Certificate) -> bytes:
    return x509.SubjectKeyIdentifier.from_public_key(cert.public_key()).digest


@dataclass
class _OcspAnswer:
    status: str
    this_update: dt.datetime
    next_update: dt.datetime | None
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None
    produced_at: dt.datetime | None = None
    crl_number: int | None = None
    removed: bool = False
    """A (delta) CRL entry ``removeFromCRL``: a hold listed on the base CRL is lifted."""
    responder: x509.Certificate | None = None
    """The delegated responder that signed an OCSP answer (None: the issuer itself)."""

    def current(self, now: dt.datetime) -> bool:
        return is_current(self.this_update, self.next_update, now)

    def newer_than(self, other: _OcspAnswer) -> bool:
        """Whether this answer supersedes ``other`` (CRL number / thisUpdate / producedAt)."""
        if (
            self.crl_number is not None
            and other.crl_number is not None
            and self.crl_number != other.crl_number
        ):
            return self.crl_number > other.crl_number
        if self.this_update != other.this_update:
            return self.this_update > other.this_update
        epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        return (self.produced_at or epoch) > (other.produced_at or epoch)


def parse_ocsp_response(
    der: bytes,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    now: dt.datetime,
    *,
    responder_at: Callable[[dt.datetime], dt.datetime] | None = None,
) -> _OcspAnswer:
    """Validate an OCSP response for ``cert`` and return its answer (freshness not judged).

    A delegated responder's certificate must be valid at ``now``, or, with
    ``responder_at``, at the time that function gives for the response's producedAt (an
    answer kept in a document is judged when it was given, not years later: RFC 6960
    §4.2.2.2 authorises the answer when it is made).
    """
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
        expected = _ocsp_request(cert, issuer, candidate.hash_algorithm).build()
        if (
            candidate.issuer_key_hash == expected.issuer_key_hash
            and candidate.issuer_name_hash == expected.issuer_name_hash
        ):
            single = candidate
            break
    if single is None:
        raise _bad("the OCSP response is about another certificate", "ocsp_mismatch")
    signer = _ocsp_signer(
        resp, issuer, responder_at(resp.produced_at_utc) if responder_at is not None else now
    )
    if not _ocsp_signature_ok(signer, resp, der):
        raise _bad("the OCSP response signature does not verify", "ocsp_bad_signature")
    this_update = single.this_update_utc
    if this_update > now + CLOCK_SKEW:
        raise _bad("the OCSP response is dated in the future", "ocsp_future")
    answer = _OcspAnswer(
        "unknown",
        this_update,
        single.next_update_utc,
        produced_at=resp.produced_at_utc,
        responder=None if signer is issuer else signer,
    )
    if single.certificate_status == ocsp.OCSPCertStatus.GOOD:
        answer.status = "good"
    elif single.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        answer.status = "revoked"
        answer.revoked_at = single.revocation_time_utc
        answer.reason = single.revocation_reason
    return answer


def _ocsp_signature_ok(signer: x509.Certificate, resp: ocsp.OCSPResponse, der: bytes) -> bool:
    """Verify the response signature, PKCS#1 v1.5, ECDSA or RSASSA-PSS (RFC 4055 parameters).

    cryptography does not expose an OCSP response's PSS parameters, so they are read from
    the DER with asn1crypto (a dependency of pyHanko already).
    """
    key = signer.public_key()
    if resp.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.RSASSA_PSS:
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        try:
            from asn1crypto import ocsp as aocsp

            basic = aocsp.OCSPResponse.load(der)["response_bytes"]["response"].parsed
            params = basic["signature_algorithm"]["parameters"]
            hash_cls = _PSS_HASHES[params["hash_algorithm"]["algorithm"].native]
            mgf_hash = _PSS_HASHES[params["mask_gen_algorithm"]["parameters"]["algorithm"].native]
            salt = int(params["salt_length"].native)
            key.verify(
                resp.signature,
                resp.tbs_response_bytes,
                padding.PSS(mgf=padding.MGF1(mgf_hash()), salt_length=salt),
                hash_cls(),
            )
        except (InvalidSignature, KeyError, ValueError, TypeError):
            return False
        return True
    return verify_signed_by(key, resp.signature, resp.tbs_response_bytes, resp)


_PSS_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


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
        ku = ext(cand, x509.KeyUsage)
        if isinstance(ku, x509.KeyUsage) and not (ku.digital_signature or ku.content_commitment):
            raise _bad("the OCSP responder's key is not for signatures", "ocsp_signer")
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
    crl: x509.CertificateRevocationList,
    issuer: x509.Certificate,
    now: dt.datetime,
    *,
    signers: Sequence[x509.Certificate] = (),
) -> None:
    """Raise unless ``crl`` was issued by ``issuer`` (name and signature) and is not future.

    The issuer's key must be allowed to sign CRLs (keyUsage cRLSign when the extension is
    present). ``signers``: other certificates of the same CA name, already validated by the
    caller (trusted path, not revoked), whose key may sign its CRLs instead — a CA that
    signs CRLs with a separate key or has rolled its key over (RFC 5280 §6.3.3 (f)).
    """
    if name_key(crl.issuer) != name_key(issuer.subject):
        raise _bad("the CRL was issued by another CA", "crl_wrong_issuer")
    problem = "the CRL signature does not verify"
    for signer in (issuer, *signers):
        if name_key(signer.subject) != name_key(crl.issuer):
            continue
        if not verify_signed_by(signer.public_key(), crl.signature, crl.tbs_certlist_bytes, crl):
            continue
        ku = ext(signer, x509.KeyUsage)
        if isinstance(ku, x509.KeyUsage) and not ku.crl_sign:
            problem = "the CRL was signed by a key not allowed to sign CRLs (no cRLSign)"
            continue
        break
    else:
        raise _bad(problem, "crl_bad_signature")
    if crl.last_update_utc > now + CLOCK_SKEW:
        raise _bad("the CRL is dated in the future", "crl_future")


_KNOWN_CRL_EXTENSIONS = frozenset(
    {
        x509.oid.ExtensionOID.CRL_NUMBER,
        x509.oid.ExtensionOID.DELTA_CRL_INDICATOR,
        x509.oid.ExtensionOID.ISSUING_DISTRIBUTION_POINT,
        x509.oid.ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
        x509.oid.ExtensionOID.ISSUER_ALTERNATIVE_NAME,
        x509.oid.ExtensionOID.FRESHEST_CRL,
        x509.oid.ExtensionOID.AUTHORITY_INFORMATION_ACCESS,
    }
)
_KNOWN_ENTRY_EXTENSIONS = frozenset(
    {
        x509.oid.CRLEntryExtensionOID.CRL_REASON,
        x509.oid.CRLEntryExtensionOID.INVALIDITY_DATE,
        x509.oid.CRLEntryExtensionOID.CERTIFICATE_ISSUER,
    }
)

COMPLETE = "complete"
"""The CRL's scope covers the certificate: absent from it means not revoked."""
PARTIAL = "partial"
"""An entry on it is a revocation, but absence proves nothing (delta, some reasons)."""
OUT_OF_SCOPE = "out_of_scope"
"""The CRL says nothing about the certificate."""


def _is_ca(cert: x509.Certificate) -> bool:
    bc = ext(cert, x509.BasicConstraints)
    return isinstance(bc, x509.BasicConstraints) and bc.ca


def _names_match(a: Iterable[x509.GeneralName], b: Iterable[x509.GeneralName]) -> bool:
    def key(n: x509.GeneralName) -> object:
        if isinstance(n, x509.DirectoryName):
            return ("dn", name_key(n.value))
        return (type(n).__name__, n.value)

    keys = {key(n) for n in a}
    return any(key(n) in keys for n in b)


def _dp_full_name(
    point: x509.DistributionPoint | x509.IssuingDistributionPoint, issuer: x509.Name
) -> list[x509.GeneralName]:
    if point.full_name:
        return list(point.full_name)
    if point.relative_name is not None:  # RFC 5280 §4.2.1.13: relative to the CRL issuer
        return [x509.DirectoryName(x509.Name([*issuer.rdns, point.relative_name]))]
    return []


def crl_scope(crl: x509.CertificateRevocationList, cert: x509.Certificate) -> str:
    """What ``crl`` (already verified as the issuer's) can say about ``cert`` (RFC 5280 §6.3.3).

    Raises :class:`RevocationDataError` for a CRL with a critical extension Kyso does not
    understand: such a CRL must not be used at all.
    """
    for extension in crl.extensions:
        if extension.critical and extension.oid not in _KNOWN_CRL_EXTENSIONS:
            raise _bad(
                f"the CRL has an unknown critical extension {extension.oid.dotted_string}",
                "crl_unknown_critical",
            )
    scope = COMPLETE
    if ext_of(crl, x509.DeltaCRLIndicator) is not None:
        scope = PARTIAL  # a delta lists only changes since its base CRL
    idp = ext_of(crl, x509.IssuingDistributionPoint)
    indirect_flag = isinstance(idp, x509.IssuingDistributionPoint) and idp.indirect_crl
    cdp = ext(cert, x509.CRLDistributionPoints)
    points = list(cdp) if isinstance(cdp, x509.CRLDistributionPoints) else []
    crl_key, issuer_key = name_key(crl.issuer), name_key(cert.issuer)
    if crl_key != issuer_key:
        # another CA's CRL: only an indirect CRL, named as cRLIssuer by the certificate
        if not indirect_flag or crl_key not in {name_key(n) for n in crl_issuer_names(cert)}:
            return OUT_OF_SCOPE
    elif points and all(
        p.crl_issuer and issuer_key not in {name_key(n) for n in _dir_names(p.crl_issuer)}
        for p in points
    ):
        return OUT_OF_SCOPE  # the certificate says its status is on another CA's CRL
    if isinstance(idp, x509.IssuingDistributionPoint):
        if idp.only_contains_attribute_certs:
            return OUT_OF_SCOPE
        is_ca = _is_ca(cert)
        if (idp.only_contains_ca_certs and not is_ca) or (idp.only_contains_user_certs and is_ca):
            return OUT_OF_SCOPE
        idp_names = _dp_full_name(idp, crl.issuer)
        if idp_names:
            cert_names: list[x509.GeneralName] = []
            if points:
                for point in points:
                    base = next(iter(_dir_names(point.crl_issuer or ())), cert.issuer)
                    if point.full_name or point.relative_name is not None:
                        cert_names.extend(_dp_full_name(point, base))
                    else:
                        cert_names.extend(point.crl_issuer or ())
            else:
                cert_names.append(x509.DirectoryName(cert.issuer))
            if not _names_match(idp_names, cert_names):
                return OUT_OF_SCOPE  # a partition for another distribution point
        if idp.only_some_reasons:
            scope = PARTIAL
    return scope


def _dir_names(names: Iterable[x509.GeneralName]) -> list[x509.Name]:
    return [n.value for n in names if isinstance(n, x509.DirectoryName)]


def crl_issuer_names(cert: x509.Certificate) -> list[x509.Name]:
    """The cRLIssuer names of ``cert``'s distribution points (indirect CRLs)."""
    cdp = ext(cert, x509.CRLDistributionPoints)
    if not isinstance(cdp, x509.CRLDistributionPoints):
        return []
    return [name for point in cdp for name in _dir_names(point.crl_issuer or ())]


ALL_REASONS = frozenset(
    {
        x509.ReasonFlags.key_compromise,
        x509.ReasonFlags.ca_compromise,
        x509.ReasonFlags.affiliation_changed,
        x509.ReasonFlags.superseded,
        x509.ReasonFlags.cessation_of_operation,
        x509.ReasonFlags.certificate_hold,
        x509.ReasonFlags.privilege_withdrawn,
        x509.ReasonFlags.aa_compromise,
    }
)


def crl_reasons(crl: x509.CertificateRevocationList) -> frozenset[x509.ReasonFlags]:
    """The revocation reasons a (complete) CRL covers: all, unless its IDP limits them."""
    idp = ext_of(crl, x509.IssuingDistributionPoint)
    if isinstance(idp, x509.IssuingDistributionPoint) and idp.only_some_reasons:
        return frozenset(idp.only_some_reasons)
    return ALL_REASONS


def ext_of(obj: object, ext_type: type) -> object | None:
    """An extension value of a CRL (or anything with ``extensions``), None when absent."""
    try:
        return obj.extensions.get_extension_for_class(ext_type).value  # type: ignore[attr-defined]
    except (x509.ExtensionNotFound, ValueError):
        return None


def crl_number(crl: x509.CertificateRevocationList) -> int | None:
    value = ext_of(crl, x509.CRLNumber)
    return value.crl_number if isinstance(value, x509.CRLNumber) else None


def crl_is_newer(new: x509.CertificateRevocationList, old: x509.CertificateRevocationList) -> bool:
    """Whether ``new`` supersedes ``old`` (same issuer): CRL number, else thisUpdate."""
    a, b = crl_number(new), crl_number(old)
    if a is not None and b is not None and a != b:
        return a > b
    return new.last_update_utc > old.last_update_utc


def load_crl_files(paths: Iterable[str | Path]) -> list[x509.CertificateRevocationList]:
    """CRLs from files or folders (``*.crl``, ``*.pem``, ``*.der`` in a folder).

    An unreadable or malformed file raises :class:`RevocationDataError` naming it, so
    ``kyso check --crl`` says which file is wrong; in a folder (``crl_dir``) it is skipped
    with a log line, so one bad file does not stop every check.
    """
    found: list[x509.CertificateRevocationList] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.suffix.lower() not in (".crl", ".pem", ".der") or not child.is_file():
                    continue
                try:
                    found.append(parse_crl(child.read_bytes()))
                except (OSError, RevocationDataError) as exc:
                    log.warning("Skipping the CRL file %s: %s", child, exc)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise RevocationDataError(
                f"Không đọc được tệp CRL {path}: {exc.strerror or exc}",
                f"Cannot read the CRL file {path}: {exc.strerror or exc}",
                code="crl_file",
            ) from None
        try:
            found.append(parse_crl(data))
        except RevocationDataError:
            raise RevocationDataError(
                f"Tệp {path} không phải là danh sách thu hồi (CRL) hợp lệ.",
                f"{path} is not a valid CRL.",
                code="crl_file",
            ) from None
    return found


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


def is_current(this_update: dt.datetime, next_update: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether an answer issued ``this_update`` (valid to ``next_update``) speaks for ``now``.

    The window is judged on the answer's own dates, never on when Kyso fetched it: an old
    answer replayed today is as old as it says.
    """
    if this_update > now + CLOCK_SKEW:
        return False
    return now <= valid_until(this_update, next_update)


def valid_until(this_update: dt.datetime, next_update: dt.datetime | None) -> dt.datetime:
    """The end of an answer's (CRL's or OCSP response's) window: its nextUpdate, or for one
    without nextUpdate thisUpdate + :data:`NO_NEXT_UPDATE_MAX_AGE`. One rule for both kinds
    and for fetched, cached, file and embedded answers alike."""
    if next_update is not None:
        return next_update
    return this_update + NO_NEXT_UPDATE_MAX_AGE


@dataclass
class _Stale:
    fetched_at: dt.datetime
    status: str
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None


CrlSigners = Callable[[x509.Name], Sequence[x509.Certificate]]
"""Given a CA name, its other trusted, unrevoked certificates that may sign its CRLs."""


@dataclass
class _CrlCandidate:
    crl: x509.CertificateRevocationList
    seen_at: dt.datetime
    """When Kyso got it (cache, network) or, for a file, the CRL's own thisUpdate."""
    source: str
    scope: str = COMPLETE
    answer: _OcspAnswer | None = None


def _stale_problem(kind: str) -> RevocationDataError:
    return _bad(
        f"the {kind} answer is out of date (past its nextUpdate, or too old without one)",
        f"{kind.lower()}_stale",
    )


@dataclass
class RevocationChecker:
    """Checks one certificate at a time; share one instance across threads.

    ``local_crls``: CRLs given by file (``--crl``, ``crl_dir``), used like fetched ones.
    """

    cache: RevocationCache
    fetch: Fetch
    timeout: float = 5.0
    local_crls: Sequence[x509.CertificateRevocationList] = ()
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

    def has_source(self, cert: x509.Certificate, issuer: x509.Certificate) -> bool:
        """Whether anything could speak about ``cert``: its URLs or a local CRL of its issuer."""
        return bool(ocsp_urls(cert) or crl_urls(cert) or self._local_for(issuer, cert))

    def _local_for(
        self, issuer: x509.Certificate, cert: x509.Certificate | None = None
    ) -> list[x509.CertificateRevocationList]:
        keys = {name_key(issuer.subject)}
        if cert is not None:  # indirect CRLs of the CAs the certificate names as cRLIssuer
            keys |= {name_key(n) for n in crl_issuer_names(cert)}
        return [c for c in self.local_crls if name_key(c.issuer) in keys]

    def check(
        self,
        cert: x509.Certificate,
        issuer: x509.Certificate,
        *,
        now: dt.datetime,
        online: bool = True,
        cancel: threading.Event | None = None,
        crl_signers: CrlSigners | None = None,
        _depth: int = 0,
    ) -> RevocationStatus:
        """The status of ``cert``. ``crl_signers``: asked, only when a CRL of ``issuer``'s
        name is not signed by ``issuer`` itself, for the other trusted certificates of that
        name that may have signed it."""
        signers_memo: list[Sequence[x509.Certificate]] = []

        def verify_crl(crl: x509.CertificateRevocationList) -> None:
            if name_key(crl.issuer) != name_key(issuer.subject):
                # an indirect CRL: signed by another CA, itself on a trusted path
                others = crl_signers(crl.issuer) if crl_signers is not None else ()
                for other in others:
                    try:
                        check_crl(crl, other, now)
                        return
                    except RevocationDataError:
                        continue
                raise _bad("the CRL was issued by another CA", "crl_wrong_issuer")
            try:
                check_crl(crl, issuer, now)
            except RevocationDataError as exc:
                if exc.code != "crl_bad_signature" or crl_signers is None:
                    raise
                if not signers_memo:
                    signers_memo.append(crl_signers(issuer.subject))
                check_crl(crl, issuer, now, signers=signers_memo[0])

        ocsp_list = ocsp_urls(cert)
        crl_list = crl_urls(cert)
        local = self._local_for(issuer, cert)
        if not ocsp_list and not crl_list and not local:
            return RevocationStatus("unknown", no_source=True)
        problems: list[KysoError] = []
        stale: list[_Stale] = []
        okey = _ocsp_key(cert, issuer)

        # 1. cached OCSP
        cached_ocsp: _OcspAnswer | None = None
        entry = self.cache.get("ocsp", okey)
        if entry is not None:
            try:
                cached_ocsp = parse_ocsp_response(entry.der, cert, issuer, now)
            except RevocationDataError:
                cached_ocsp = None
            if cached_ocsp is not None and cached_ocsp.responder is not None:
                if self._responder_problem(
                    cached_ocsp, issuer, now=now, online=False, cancel=cancel, depth=_depth
                ):
                    cached_ocsp = None
            if cached_ocsp is not None and cached_ocsp.status != "unknown":
                if cached_ocsp.current(now):
                    return self._status(cached_ocsp.status, "cache", cached_ocsp, entry.fetched_at)
                stale.append(
                    _Stale(
                        entry.fetched_at,
                        cached_ocsp.status,
                        cached_ocsp.revoked_at,
                        cached_ocsp.reason,
                    )
                )
            else:
                cached_ocsp = None

        # 2. OCSP online (not for a delegated responder's own certificate: its answer
        # would come from itself)
        if online and ocsp_list and _depth == 0:
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
                responder_problem = self._responder_problem(
                    answer, issuer, now=now, online=online, cancel=cancel, depth=_depth
                )
                if responder_problem is not None:
                    problems.append(responder_problem)
                    continue
                if cached_ocsp is not None and cached_ocsp.newer_than(answer):
                    # A replay of an older answer must not overwrite what Kyso already knows.
                    problems.append(
                        _bad(
                            "the OCSP responder sent an older answer than the one kept",
                            "ocsp_rollback",
                        )
                    )
                    continue
                if not answer.current(now):
                    problems.append(_stale_problem("OCSP"))
                    if answer.status == "revoked":
                        stale.append(_Stale(now, "revoked", answer.revoked_at, answer.reason))
                    continue
                self.cache.put("ocsp", okey, der, url=url, fetched_at=now)
                return self._status(answer.status, "ocsp", answer, now, problems)

        # 3. cached CRLs and CRL files, 4. CRLs online
        issuer_spki = issuer.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        candidates: list[_CrlCandidate] = []
        cached_by_url: dict[str, x509.CertificateRevocationList] = {}
        for url in crl_list:
            entry = self.cache.get("crl", url)
            if entry is None:
                continue
            try:
                crl = self._crl_of(entry, issuer_spki, verify_crl)
            except RevocationDataError:
                continue
            cached_by_url[url] = crl
            candidates.append(_CrlCandidate(crl, entry.fetched_at, "cache"))
        for crl in local:
            try:
                verify_crl(crl)
            except RevocationDataError as exc:
                problems.append(exc)
                continue
            candidates.append(_CrlCandidate(crl, crl.last_update_utc, "file"))
        decided = self._decide_crls(candidates, cert, now, problems, stale)
        if decided is not None:
            return decided
        if online:
            for url in crl_list:
                try:
                    data = self._get(url, cancel=cancel)
                    crl = parse_crl(data)
                    verify_crl(crl)
                except (FetchError, RevocationDataError) as exc:
                    problems.append(exc)
                    continue
                old = cached_by_url.get(url)
                if old is not None and crl_is_newer(old, crl):
                    problems.append(
                        _bad("the CRL server sent an older CRL than the one kept", "crl_rollback")
                    )
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
                candidates.append(_CrlCandidate(crl, now, "crl"))
                decided = self._decide_crls(candidates, cert, now, problems, stale)
                if decided is not None:
                    return decided

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

    def _responder_problem(
        self,
        answer: _OcspAnswer,
        issuer: x509.Certificate,
        *,
        now: dt.datetime,
        online: bool,
        cancel: threading.Event | None,
        depth: int,
    ) -> RevocationDataError | None:
        """A delegated responder must not be revoked (RFC 6960 §4.2.2.2.1): unless its
        certificate carries id-pkix-ocsp-nocheck, its status is asked too (CRLs only, one
        level deep), and an answer signed by a revoked or unverifiable responder is refused."""
        responder = answer.responder
        if responder is None or ext(responder, x509.OCSPNoCheck) is not None:
            return None
        if depth > 0:
            return _bad("the OCSP responder's own status cannot be checked", "ocsp_signer")
        status = self.check(
            responder, issuer, now=now, online=online, cancel=cancel, _depth=depth + 1
        )
        if status.status == "good":
            return None
        if status.status == "revoked":
            return _bad("the OCSP responder's certificate is revoked", "ocsp_signer")
        return _bad("the OCSP responder's own revocation could not be checked", "ocsp_signer")

    def _decide_crls(
        self,
        candidates: list[_CrlCandidate],
        cert: x509.Certificate,
        now: dt.datetime,
        problems: list[KysoError],
        stale: list[_Stale],
    ) -> RevocationStatus | None:
        """A verdict from verified CRLs of the issuer, or None (stale ones go to ``stale``)."""
        usable: list[_CrlCandidate] = []
        for cand in candidates:
            if cand.answer is None:
                try:
                    cand.scope = crl_scope(cand.crl, cert)
                    if cand.scope != OUT_OF_SCOPE:
                        cand.answer = self._from_crl(cand.crl, cert)
                except RevocationDataError as exc:
                    cand.scope = OUT_OF_SCOPE
                    problems.append(exc)
                    continue
                if cand.scope == OUT_OF_SCOPE:
                    problems.append(
                        _bad("the CRL does not cover this certificate (its scope)", "crl_scope")
                    )
            if cand.scope != OUT_OF_SCOPE and cand.answer is not None:
                usable.append(cand)
        if not usable:
            return None

        def order(c: _CrlCandidate) -> tuple[int, float]:
            number = crl_number(c.crl)
            return (number if number is not None else -1, c.crl.last_update_utc.timestamp())

        complete_current = [
            c for c in usable if c.scope == COMPLETE and c.answer and c.answer.current(now)
        ]
        # CRLs partitioned by reason are complete together when their reasons cover all
        # (RFC 5280 §6.3.3 (j), "interim reasons mask")
        by_reason = [
            c
            for c in usable
            if c.scope == PARTIAL
            and c.answer
            and c.answer.current(now)
            and ext_of(c.crl, x509.DeltaCRLIndicator) is None
        ]
        if by_reason and not complete_current:
            covered: set[x509.ReasonFlags] = set()
            for c in by_reason:
                covered |= crl_reasons(c.crl)
            if covered >= ALL_REASONS:
                complete_current = by_reason
        newest_complete = max(complete_current, key=order, default=None)
        deltas_removing = [
            c
            for c in usable
            if c.answer is not None
            and c.answer.removed
            and c.answer.current(now)
            and ext_of(c.crl, x509.DeltaCRLIndicator) is not None
        ]
        for cand in sorted(usable, key=order, reverse=True):
            answer = cand.answer
            assert answer is not None
            if answer.status != "revoked":
                continue
            if answer.reason == x509.ReasonFlags.certificate_hold:
                # a hold is released by a later complete CRL that no longer lists it
                if not answer.current(now):
                    continue
                if newest_complete is not None and order(newest_complete) > order(cand):
                    continue
                if any(order(d) > order(cand) for d in deltas_removing):
                    continue
            return self._status("revoked", cand.source, answer, cand.seen_at, problems)
        if newest_complete is not None:
            assert newest_complete.answer is not None
            return self._status(
                "good",
                newest_complete.source,
                newest_complete.answer,
                newest_complete.seen_at,
                problems,
            )
        for cand in usable:
            if cand.scope == COMPLETE and cand.answer is not None:
                a = cand.answer
                stale.append(_Stale(cand.seen_at, a.status, a.revoked_at, a.reason))
                problems.append(_stale_problem("CRL"))
            else:
                problems.append(
                    _bad(
                        "only a delta or reason-limited CRL was found: not proof of good",
                        "crl_partial",
                    )
                )
        return None

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
        self,
        entry: _Entry,
        issuer_spki: bytes,
        verify: Callable[[x509.CertificateRevocationList], None],
    ) -> x509.CertificateRevocationList:
        crl = entry.parsed
        if not isinstance(crl, x509.CertificateRevocationList):
            crl = parse_crl(entry.der)
            entry.parsed = crl
            entry.verified_with = None
        if entry.verified_with != issuer_spki:
            verify(crl)
            entry.verified_with = issuer_spki
        return crl

    @staticmethod
    def _from_crl(crl: x509.CertificateRevocationList, cert: x509.Certificate) -> _OcspAnswer:
        revoked = revoked_entry(crl, cert.serial_number, cert.issuer)
        answer = _OcspAnswer(
            "good", crl.last_update_utc, crl.next_update_utc, crl_number=crl_number(crl)
        )
        if revoked is not None:
            for extension in revoked.extensions:
                if extension.critical and extension.oid not in _KNOWN_ENTRY_EXTENSIONS:
                    raise _bad(
                        "the CRL entry for this certificate has an unknown critical extension",
                        "crl_unknown_critical",
                    )
            answer.status = "revoked"
            answer.revoked_at = revoked.revocation_date_utc
            reason = ext_reason(revoked)
            answer.reason = reason
            if reason == x509.ReasonFlags.remove_from_crl:
                answer.status = "good"
                answer.revoked_at = answer.reason = None
                answer.removed = True
        return answer


def revoked_entry(
    crl: x509.CertificateRevocationList, serial: int, cert_issuer: x509.Name | None = None
) -> x509.RevokedCertificate | None:
    """The CRL's entry for ``serial`` issued by ``cert_issuer`` (default: the CRL's issuer).

    On an indirect CRL each entry belongs to the CA named by the last certificateIssuer
    entry extension before it (RFC 5280 §5.3.3). A negative serial, which RFC 5280 forbids
    but CAs have issued and PKITS tests, is found too (cryptography's lookup refuses it).
    """
    idp = ext_of(crl, x509.IssuingDistributionPoint)
    indirect = isinstance(idp, x509.IssuingDistributionPoint) and idp.indirect_crl
    if not indirect:
        if cert_issuer is not None and name_key(cert_issuer) != name_key(crl.issuer):
            return None
        try:
            return crl.get_revoked_certificate_by_serial_number(serial)
        except ValueError:
            return next((r for r in crl if r.serial_number == serial), None)
    want = name_key(cert_issuer if cert_issuer is not None else crl.issuer)
    current = name_key(crl.issuer)
    for entry in crl:
        names = ext_of(entry, x509.CertificateIssuer)
        if isinstance(names, x509.CertificateIssuer):
            dirs = _dir_names(names)
            if dirs:
                current = name_key(dirs[0])
        if entry.serial_number == serial and current == want:
            return entry
    return None


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
