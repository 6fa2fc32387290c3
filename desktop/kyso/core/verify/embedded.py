"""Validation data a signed PDF carries itself: DSS, its VRI entries, and the CMS.

Long-term validation (PAdES B-LT/B-LTA) puts the certificates and revocation data needed
to check a signature *inside* the document, so it can be verified years later without a
network: the document security store (``/DSS`` with ``/Certs``, ``/CRLs``, ``/OCSPs``),
its per-signature ``/VRI`` entries, the CMS ``SignedData`` of each signature and
timestamp (``certificates``, ``crls``) and Adobe's revocation archival attribute.

:class:`EmbeddedData` pools all of it; :meth:`EmbeddedData.status_for` answers "was this
certificate revoked, as far as the document's own data says, at this time?" for *any*
certificate of any path (signer, CA, timestamp authority, OCSP responder), verifying
each CRL and OCSP response against the issuer first — data nobody can verify proves
nothing — and holding it to the rules of the online check (:mod:`kyso.core.trust.revocation`:
the same validity window, the same CRL scope). Parsing is lenient: one unreadable item is
skipped, never fatal.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.x509 import ocsp

from kyso.core.trust.revocation import (
    CLOCK_SKEW,
    COMPLETE,
    OUT_OF_SCOPE,
    RevocationDataError,
    check_crl,
    crl_scope,
    ext_reason,
    parse_crl,
    parse_ocsp_response,
    revoked_entry,
    valid_until,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbeddedStatus:
    """What the document's own data says about one certificate."""

    status: str
    """``good`` or ``revoked``."""
    revoked_at: dt.datetime | None = None
    responder: x509.Certificate | None = None
    """A delegated OCSP responder whose answer this is (its own status matters too)."""


@dataclass
class EmbeddedData:
    certs: list[x509.Certificate] = field(default_factory=list)
    crls: list[bytes] = field(default_factory=list)
    ocsps: list[bytes] = field(default_factory=list)
    _parsed_crls: list[x509.CertificateRevocationList] | None = None

    # -- reading -------------------------------------------------------------------------
    @classmethod
    def read(cls, reader: Any) -> EmbeddedData:
        """The document security store: its pooled arrays and every VRI entry."""
        out = cls()
        try:
            dss = reader.root["/DSS"]
        except Exception:
            return out
        out._add_arrays(dss, "/Certs", "/CRLs", "/OCSPs")
        try:
            vri = dss.get("/VRI")
            for key in list(vri.keys()) if vri is not None else ():
                try:
                    out._add_arrays(vri[key], "/Cert", "/CRL", "/OCSP")
                except Exception:
                    continue
        except Exception as exc:
            log.info("VRI: %r", exc)
        return out

    def _add_arrays(self, node: Any, certs: str, crls: str, ocsps: str) -> None:
        for key, dest in ((certs, None), (crls, self.crls), (ocsps, self.ocsps)):
            try:
                refs = node.get(key) or ()
            except Exception:
                continue
            for ref in refs:
                try:
                    data = bytes(ref.get_object().data)
                except Exception:
                    continue
                if dest is None:
                    cert = load_certificate(data)
                    if cert is not None:
                        self.certs.append(cert)
                elif data not in dest:
                    dest.append(data)

    def with_cms(self, signed_data: Any) -> EmbeddedData:
        """This data plus what one CMS ``SignedData`` carries (certificates, ``crls``,
        Adobe's revocation archival attribute, and the same inside its timestamp tokens)."""
        out = EmbeddedData(list(self.certs), list(self.crls), list(self.ocsps))
        for sd in (signed_data, *timestamp_tokens(signed_data)):
            out.certs.extend(cms_certificates(sd))
            crls, ocsps = cms_revocation(sd)
            out.crls.extend(c for c in crls if c not in out.crls)
            out.ocsps.extend(o for o in ocsps if o not in out.ocsps)
        return out

    # -- pyHanko's view ------------------------------------------------------------------
    def asn1_certs(self) -> list[Any]:
        from asn1crypto import x509 as ax509

        from kyso.core.verify.document import der

        return [ax509.Certificate.load(der(c)) for c in self.certs]

    def asn1_crls(self) -> list[Any]:
        from asn1crypto import crl as acrl

        out = []
        for data in self.crls:
            try:
                parsed = acrl.CertificateList.load(data)
                parsed.native  # noqa: B018 - force parsing now, not inside pyHanko
                out.append(parsed)
            except Exception:
                continue
        return out

    def asn1_ocsps(self) -> list[Any]:
        from asn1crypto import ocsp as aocsp

        out = []
        for data in self.ocsps:
            try:
                parsed = aocsp.OCSPResponse.load(data)
                parsed.native  # noqa: B018
                out.append(parsed)
            except Exception:
                continue
        return out

    # -- answers -------------------------------------------------------------------------
    def _crls(self) -> list[x509.CertificateRevocationList]:
        if self._parsed_crls is None:
            parsed = []
            for data in self.crls:
                try:
                    parsed.append(parse_crl(data))
                except (RevocationDataError, ValueError):
                    continue
            self._parsed_crls = parsed
        return self._parsed_crls

    def status_for(
        self,
        cert: x509.Certificate,
        issuer: x509.Certificate,
        at: dt.datetime,
        now: dt.datetime,
        distrusted: tuple[x509.Certificate, ...] = (),
        problems: list[RevocationDataError] | None = None,
    ) -> EmbeddedStatus | None:
        """The status of ``cert`` at ``at`` from embedded data ``issuer`` signed, if any.

        An answer counts when it is still current at ``at`` (:func:`valid_until`, the same
        window as online: its nextUpdate, or without one thisUpdate +
        ``NO_NEXT_UPDATE_MAX_AGE``, for CRLs and OCSP answers alike, is not before ``at``):
        issued before and valid then, or issued later (a later CRL that does not list the
        certificate proves it was not revoked at ``at``). A CRL speaks only within its
        scope (:func:`crl_scope`, the rule of the online check): one that does not cover
        the certificate (CA-only, another partition) or has a critical extension Kyso does
        not understand says nothing; a delta or reason-limited CRL proves a revocation it
        lists, never "good". "Revoked" from any verified item wins over "good" from
        another. OCSP answers signed by a ``distrusted`` delegated responder (revoked, or
        the certificate asked about vouching for itself) are skipped; a delegated
        responder's certificate is judged when it answered (producedAt), not today.

        Why an item was not used goes to ``problems`` (for the verdict's explanation).
        """
        said: list[RevocationDataError] = problems if problems is not None else []
        good: EmbeddedStatus | None = None
        for data in self.ocsps:
            try:
                answer = parse_ocsp_response(
                    data,
                    cert,
                    issuer,
                    max(now, at) + CLOCK_SKEW,
                    # The responder's certificate is judged when it answered, not at the
                    # verification time: B-LT must still verify after the (short-lived)
                    # responder certificate expired. Not before ``at`` (the responder must
                    # have been valid when the signature is proven to exist), never after
                    # today. A revoked responder is still refused (path_revocation).
                    responder_at=lambda produced: min(now, max(produced, at)),
                )
            except Exception:
                continue
            if answer.status == "unknown":
                continue
            if valid_until(answer.this_update, answer.next_update) < at - CLOCK_SKEW:
                said.append(_embedded_problem("embedded_stale"))
                continue
            responder = _delegated_responder(data, issuer)
            if responder is not None and responder in distrusted:
                continue
            if answer.status == "revoked":
                return EmbeddedStatus("revoked", answer.revoked_at, responder)
            good = good or EmbeddedStatus("good", None, responder)
        for crl in self._crls():
            try:
                check_crl(crl, issuer, max(now, at, crl.last_update_utc))
                scope = crl_scope(crl, cert)
            except RevocationDataError as exc:
                if exc.code == "crl_unknown_critical":
                    said.append(_embedded_problem(exc.code))
                continue
            except Exception:
                continue
            if scope == OUT_OF_SCOPE:
                said.append(_embedded_problem("crl_scope"))
                continue
            if valid_until(crl.last_update_utc, crl.next_update_utc) < at - CLOCK_SKEW:
                said.append(_embedded_problem("embedded_stale"))
                continue
            entry = revoked_entry(crl, cert.serial_number, cert.issuer)
            if entry is not None and ext_reason(entry) != x509.ReasonFlags.remove_from_crl:
                return EmbeddedStatus("revoked", entry.revocation_date_utc)
            if scope != COMPLETE:
                said.append(_embedded_problem("crl_partial"))
                continue
            good = good or EmbeddedStatus("good")
        return good


_EMBEDDED_PROBLEMS = {
    "crl_scope": (
        "CRL trong văn bản không áp dụng cho chứng thư này (chỉ cho chứng thư CA, hoặc cho "
        "một điểm phân phối khác)",
        "a CRL in the document does not cover this certificate (CA certificates only, or "
        "another distribution point)",
    ),
    "crl_partial": (
        "CRL trong văn bản chỉ là CRL bổ sung (delta) hoặc chỉ cho một số lý do thu hồi: "
        "không chứng minh được chứng thư chưa bị thu hồi",
        "a CRL in the document is a delta CRL or covers only some revocation reasons: it "
        "cannot prove the certificate was not revoked",
    ),
    "crl_unknown_critical": (
        "CRL trong văn bản có phần mở rộng bắt buộc (critical) mà Kyso không hiểu nên không "
        "được dùng",
        "a CRL in the document has a critical extension Kyso does not understand, so it is "
        "not used",
    ),
    "embedded_stale": (
        "dữ liệu thu hồi trong văn bản đã hết hạn ở thời điểm cần kiểm tra (một CRL hoặc "
        "phản hồi OCSP không có nextUpdate chỉ có giá trị một giờ)",
        "revocation data in the document had expired at the time that counts (a CRL or "
        "OCSP answer without nextUpdate counts for one hour only)",
    ),
}


def _embedded_problem(code: str) -> RevocationDataError:
    vi, en = _EMBEDDED_PROBLEMS[code]
    return RevocationDataError(vi, en, code=code)


def _delegated_responder(data: bytes, issuer: x509.Certificate) -> x509.Certificate | None:
    try:
        resp = ocsp.load_der_ocsp_response(data)
        for cand in resp.certificates:
            if cand != issuer:
                return cand
    except Exception:
        return None
    return None


def load_certificate(data: bytes) -> x509.Certificate | None:
    """A DER certificate; leniently (trailing garbage, odd encodings) via asn1crypto."""
    try:
        return x509.load_der_x509_certificate(data)
    except Exception:
        pass
    try:
        from asn1crypto import x509 as ax509

        parsed = ax509.Certificate.load(data)
        return x509.load_der_x509_certificate(parsed.dump(force=True))
    except Exception:
        return None


def to_crypto(certs: Iterable[Any]) -> list[x509.Certificate]:
    out: list[x509.Certificate] = []
    for c in certs:
        cert = load_certificate(c.dump())
        if cert is not None:
            out.append(cert)
    return out


def timestamp_tokens(signed_data: Any) -> list[Any]:
    """The ``SignedData`` of each signature timestamp token (unsigned attribute)."""
    out = []
    try:
        for info in signed_data["signer_infos"]:
            for attr in info["unsigned_attrs"] or ():
                if attr["type"].native != "signature_time_stamp_token":
                    continue
                for value in attr["values"]:
                    out.append(value["content"])
    except Exception:
        pass
    return out


def cms_certificates(signed_data: Any) -> list[x509.Certificate]:
    out = []
    try:
        for choice in signed_data["certificates"] or ():
            if choice.name == "certificate":
                cert = load_certificate(choice.chosen.dump())
                if cert is not None:
                    out.append(cert)
    except Exception:
        pass
    return out


def cms_revocation(signed_data: Any) -> tuple[list[bytes], list[bytes]]:
    """CRLs and OCSP responses in a ``SignedData``: its ``crls`` field and Adobe's
    revocation archival attribute of each signer."""
    crls: list[bytes] = []
    ocsps: list[bytes] = []
    try:
        for choice in signed_data["crls"] or ():
            if choice.name == "crl":
                crls.append(choice.chosen.dump())
            elif choice.name == "other":
                other = choice.chosen
                if other["other_rev_info_format"].dotted == "1.3.6.1.5.5.7.16.2":
                    ocsps.append(other["other_rev_info"].dump())
    except Exception:
        pass
    try:
        for info in signed_data["signer_infos"]:
            for attr in info["signed_attrs"] or ():
                if attr["type"].native != "adobe_revocation_info_archival":
                    continue
                for value in attr["values"]:
                    for c in value["crl"] or ():
                        crls.append(c.dump())
                    for o in value["ocsp"] or ():
                        ocsps.append(o.dump())
    except Exception:
        pass
    return crls, ocsps
