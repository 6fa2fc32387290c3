"""The issue-21 findings inside signed PDFs: one PKI case per finding, a PDF signed with its
chain, and what the responders on 127.0.0.1 answer while ``kyso verify`` looks at it.

Each builder takes the session's :class:`~tests.support.verify_fixtures.VerifyWorld`, makes
the certificates and revocation data of its case (fast: the leaf key is the session's, only
a CA of its own gets a new key), points the responders at them and returns a
:class:`PdfCase`. The certificate builders are those of the trust-level tests
(:mod:`tests.support.pki_cases`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import crl as acrl
from asn1crypto import ocsp as aocsp
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.core.demo.pki import Issued, PkiUrls
from tests.support.pki_cases import (
    DAY,
    HOUR,
    SCOPES,
    UNKNOWN_OID,
    answer_for,
    constrained_subject,
    crl_only,
    hung_yen_constraints,
    intermediate,
    leaf_name,
    make_cert,
    make_crl,
    md5_resign,
    no_signing_usage,
    ocsp_answer,
    ocsp_only,
    pss_resign,
    serve_crl,
)
from tests.support.verify_fixtures import Signer, VerifyWorld, _asn1, simple_pdf
from tests.support.verify_fixtures import make_crl as make_crl_der

UTC = dt.timezone.utc


@dataclass
class PdfCase:
    """One finding: the signed PDF's signer and how the world answers while it is verified."""

    signer: Signer
    online: bool = True
    claimed: dt.datetime | None = None
    """The signing time the signer claims (None: now)."""
    dss_ocsps: list[bytes] = field(default_factory=list)
    """OCSP answers the document carries (its DSS)."""
    revinfo_ocsps: list[bytes] = field(default_factory=list)
    revinfo_crls: list[bytes] = field(default_factory=list)
    """What the responders serve, handed to pyHanko (which fetches nothing) for comparison."""
    before: Callable[[], None] | None = None
    """Run after a first ``kyso verify`` of the same document in the same home (rollback)."""


def sign_pdf(vw: VerifyWorld, case: PdfCase) -> bytes:
    """A one-page PDF signed (PAdES B-B, no timestamp) by ``case.signer``, claiming
    ``case.claimed`` as its signing time; a DSS with ``case.dss_ocsps`` added after."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    meta = signers.PdfSignatureMetadata(
        field_name="ChuKy", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    pdf_signer = signers.PdfSigner(meta, signer=case.signer.pyhanko_signer())
    writer = IncrementalPdfFileWriter(io.BytesIO(simple_pdf()), strict=False)
    out = io.BytesIO()

    async def sign() -> None:
        # pyHanko's PdfSigner.async_sign_pdf, with the session's clock set to the claim
        session = pdf_signer.init_signing_session(writer)
        if case.claimed is not None:
            session.system_time = case.claimed
        info = await session.perform_presign_validation(writer)
        reserved = await session.estimate_signature_container_size(info, tight=False)
        tbs = session.prepare_tbs_document(validation_info=info, bytes_reserved=reserved)
        digest, output = tbs.digest_tbs_document(output=out)
        done = await tbs.perform_signature(
            document_digest=digest.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=session.system_time),
        )
        await done.post_signature_processing(output)

    asyncio.run(sign())
    data = out.getvalue()
    if case.dss_ocsps:
        from pyhanko.sign.validation.dss import DocumentSecurityStore

        buf = io.BytesIO(data)
        DocumentSecurityStore.add_dss(
            buf,
            None,
            ocsps=[aocsp.OCSPResponse.load(o) for o in case.dss_ocsps],
            certs=[_asn1(c) for c in case.signer.chain],
            strict=False,
        )
        data = buf.getvalue()
    return data


def pyhanko_trusted(vw: VerifyWorld, case: PdfCase, data: bytes) -> tuple[bool, bool]:
    """pyHanko's (intact and valid, trusted) for the document, given the revocation data
    Kyso sees (what the responders serve, and the answers the document embeds) up front,
    no fetching, revocation data required (``hard-fail``), judged now."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    [sig] = reader.embedded_regular_signatures
    vc = ValidationContext(
        trust_roots=[_asn1(vw.pki.root)],
        other_certs=[_asn1(c) for c in case.signer.chain],
        ocsps=[aocsp.OCSPResponse.load(o) for o in [*case.revinfo_ocsps, *case.dss_ocsps]],
        crls=[acrl.CertificateList.load(c) for c in case.revinfo_crls],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )
    status = asyncio.run(async_validate_pdf_signature(sig, vc, skip_diff=True))
    return bool(status.intact and status.valid), bool(status.trusted)


# -- the cases ---------------------------------------------------------------------------


def _der(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.DER)


def _sub_signer(issued: Issued, vw: VerifyWorld) -> Signer:
    return Signer(issued, [vw.pki.sub_ca, vw.pki.root], "case")


def _ocsp_case(vw: VerifyWorld, **answer_kw: Any) -> PdfCase:
    """A leaf naming only the OCSP responder, which answers with the dates given."""
    world = vw.world
    leaf = world.issue(urls=ocsp_only(world))
    answer = ocsp_answer(world, **answer_kw)
    world.ocsp.answer = answer
    return PdfCase(
        _sub_signer(leaf, vw), revinfo_ocsps=[answer_for(answer, leaf.cert, vw.pki.sub_ca.cert)]
    )


def stale_ocsp(vw: VerifyWorld) -> PdfCase:
    now = dt.datetime.now(UTC)
    return _ocsp_case(vw, this_update=now - 10 * DAY, next_update=now - 3 * DAY)


def year_old_ocsp_without_next_update(vw: VerifyWorld) -> PdfCase:
    now = dt.datetime.now(UTC)
    return _ocsp_case(vw, this_update=now - 365 * DAY, next_update=None)


def rsa_pss_ocsp(vw: VerifyWorld) -> PdfCase:
    world = vw.world
    now = dt.datetime.now(UTC)
    leaf = world.issue(urls=ocsp_only(world))
    plain = ocsp_answer(world, this_update=now - HOUR, next_update=now + DAY)
    world.ocsp.answer = lambda request: pss_resign(plain(request), vw.pki.sub_ca.key)
    der = answer_for(world.ocsp.answer, leaf.cert, vw.pki.sub_ca.cert)
    return PdfCase(_sub_signer(leaf, vw), revinfo_ocsps=[der])


def _delegated(vw: VerifyWorld, responder: Issued) -> PdfCase:
    world = vw.world
    now = dt.datetime.now(UTC)
    leaf = world.issue(urls=ocsp_only(world))
    answer = ocsp_answer(world, this_update=now - HOUR, next_update=now + DAY, signer=responder)
    world.ocsp.answer = answer
    return PdfCase(
        _sub_signer(leaf, vw),
        revinfo_ocsps=[answer_for(answer, leaf.cert, vw.pki.sub_ca.cert)],
        revinfo_crls=[_der(vw.pki.make_crl())],
    )


def delegated_responder_without_eku(vw: VerifyWorld) -> PdfCase:
    """Signed by a certificate of the CA that is not an OCSP responder (no id-kp-OCSPSigning:
    a client certificate, which may sign but not for its CA)."""
    responder = vw.pki.issue_service(
        "Máy khách không phải OCSP (TEST)", x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH
    )
    return _delegated(vw, responder)


def delegated_responder_without_signing_usage(vw: VerifyWorld) -> PdfCase:
    responder = vw.pki.issue_service(
        "OCSP chỉ mã hóa (TEST)",
        x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING,
        key_usage=no_signing_usage(),
    )
    return _delegated(vw, responder)


def delegated_responder_revoked(vw: VerifyWorld) -> PdfCase:
    responder = vw.pki.issue_service(
        "OCSP bị thu hồi (TEST)", x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING, with_crl=True
    )
    vw.pki.revoke(responder, reason=x509.ReasonFlags.key_compromise)
    return _delegated(vw, responder)


def _crl_case(vw: VerifyWorld, crl: x509.CertificateRevocationList) -> PdfCase:
    world = vw.world
    leaf = world.issue(urls=crl_only(world))
    serve_crl(world, crl)
    return PdfCase(_sub_signer(leaf, vw), revinfo_crls=[_der(crl)])


def stale_crl(vw: VerifyWorld) -> PdfCase:
    now = dt.datetime.now(UTC)
    return _crl_case(vw, make_crl(vw.world, this_update=now - 10 * DAY, next_update=now - 3 * DAY))


def crl_scope(scope: str) -> Callable[[VerifyWorld], PdfCase]:
    def build(vw: VerifyWorld) -> PdfCase:
        return _crl_case(vw, make_crl(vw.world, extensions=SCOPES[scope]))

    build.__name__ = f"crl_{scope}"
    return build


def rollback(vw: VerifyWorld) -> PdfCase:
    """The responder says "revoked" (fresh); at the next look, someone on the plain-HTTP path
    replays an older, genuinely signed "good" still inside its window."""
    world = vw.world
    now = dt.datetime.now(UTC)
    leaf = world.issue(urls=ocsp_only(world))
    revoked = ocsp_answer(world, this_update=now - HOUR, next_update=now + DAY, revoked=True)
    older_good = ocsp_answer(world, this_update=now - 2 * HOUR, next_update=now + DAY)
    world.ocsp.answer = revoked

    def replay() -> None:
        world.ocsp.answer = older_good

    return PdfCase(
        _sub_signer(leaf, vw),
        before=replay,
        revinfo_ocsps=[answer_for(older_good, leaf.cert, vw.pki.sub_ca.cert)],
    )


def backdated(*, next_update: bool, online: bool) -> Callable[[VerifyWorld], PdfCase]:
    """A signer revoked since claims to have signed a month ago and embeds a "good" answer
    from then (valid a day, or without nextUpdate); the responder is down (or Kyso offline)."""

    def build(vw: VerifyWorld) -> PdfCase:
        world = vw.world
        now = dt.datetime.now(UTC)
        claimed = now - 30 * DAY
        leaf = vw.pki.issue(
            leaf_name("Trần Ký Lùi Ngày"),
            key=world.leaf_key,
            urls=ocsp_only(world),
            not_before=now - 60 * DAY,
        )
        then = ocsp_answer(
            world,
            this_update=claimed - HOUR,
            next_update=claimed + DAY if next_update else None,
        )
        embedded = answer_for(then, leaf.cert, vw.pki.sub_ca.cert)
        vw.pki.revoke(leaf, reason=x509.ReasonFlags.key_compromise)
        world.ocsp.set_mode("down")
        return PdfCase(_sub_signer(leaf, vw), online=online, claimed=claimed, dss_ocsps=[embedded])

    build.__name__ = (
        f"backdated_{'next_update' if next_update else 'no_next_update'}"
        f"_{'responder_down' if online else 'offline'}"
    )
    return build


def embedded_fresh_without_next_update(vw: VerifyWorld) -> PdfCase:
    """Control for the backdated cases: an embedded "good" without nextUpdate made a minute
    ago does speak for now, offline."""
    world = vw.world
    now = dt.datetime.now(UTC)
    leaf = world.issue(urls=ocsp_only(world))
    fresh = ocsp_answer(world, this_update=now - dt.timedelta(minutes=1), next_update=None)
    embedded = answer_for(fresh, leaf.cert, vw.pki.sub_ca.cert)
    return PdfCase(_sub_signer(leaf, vw), online=False, dss_ocsps=[embedded])


def _path_case(vw: VerifyWorld, leaf: Issued, *cas: Issued) -> PdfCase:
    return PdfCase(Signer(leaf, [*cas, vw.pki.root], "case"))


def name_constraints_violated(vw: VerifyWorld) -> PdfCase:
    ca = intermediate(
        vw.world, "CA tỉnh Hưng Yên (TEST)", extensions=[(hung_yen_constraints(), True)]
    )
    leaf = make_cert(vw.world, constrained_subject("UBND tỉnh Gia Lai"), ca)
    return _path_case(vw, leaf, ca)


def unknown_critical_extension_leaf(vw: VerifyWorld) -> PdfCase:
    ext = x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00")
    leaf = make_cert(
        vw.world, leaf_name(), vw.pki.sub_ca, extensions=[(ext, True)], urls=ocsp_only(vw.world)
    )
    return _path_case(vw, leaf, vw.pki.sub_ca)


def unknown_critical_extension_intermediate(vw: VerifyWorld) -> PdfCase:
    ext = x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00")
    ca = intermediate(vw.world, "CA lạ (TEST)", extensions=[(ext, True)])
    return _path_case(vw, make_cert(vw.world, leaf_name(), ca), ca)


def md5_leaf(vw: VerifyWorld) -> PdfCase:
    leaf = make_cert(vw.world, leaf_name(), vw.pki.sub_ca, urls=ocsp_only(vw.world))
    md5 = Issued(md5_resign(leaf.cert, vw.pki.sub_ca.key), leaf.key)
    return _path_case(vw, md5, vw.pki.sub_ca)


_SMALL_KEY: list[Any] = []


def rsa_1024_leaf(vw: VerifyWorld) -> PdfCase:
    from cryptography.hazmat.primitives.asymmetric import rsa

    if not _SMALL_KEY:
        _SMALL_KEY.append(rsa.generate_private_key(public_exponent=65537, key_size=1024))
    leaf = make_cert(
        vw.world, leaf_name(), vw.pki.sub_ca, key=_SMALL_KEY[0], urls=ocsp_only(vw.world)
    )
    return _path_case(vw, leaf, vw.pki.sub_ca)


def ca_as_signer(vw: VerifyWorld) -> PdfCase:
    ca = intermediate(vw.world, "CA ký văn bản (TEST)")
    return PdfCase(Signer(ca, [vw.pki.root], "case"))


def intermediate_with_unknown_status(vw: VerifyWorld) -> PdfCase:
    """The signer's CA names the root's CRL, which is not published; the signer's own CRL
    (published by its CA) says good."""
    from tests.support.verify_fixtures import _ca_naming_its_crl

    world = vw.world
    ca = _ca_naming_its_crl(vw.pki, world.crl.url("/root-not-published.crl"))
    ca_crl = make_crl_der(ca, [], vw.pki.now)
    world.crl.crls["unknown-ca-leaf.crl"] = lambda: ca_crl
    leaf = vw.pki.issue(
        leaf_name("Đinh Văn Trung Gian"),
        key=world.leaf_key,
        issuer=ca,
        urls=PkiUrls(crl_url=world.crl.url("/unknown-ca-leaf.crl")),
    )
    return PdfCase(Signer(leaf, [ca, vw.pki.root], "case"), revinfo_crls=[ca_crl])
