"""A corpus of signed PDFs for the verification tests (issue 6), made at test time.

Signatures are made with pyHanko's ``SimpleSigner`` and keys of the session's test PKI
(``trust_world``: root, sub-CA, CRL/OCSP/caIssuers responders on 127.0.0.1); no token is
needed to *make* documents that Kyso then verifies. Timestamps come from the local RFC 3161
authority of :mod:`tests.support.tsa`, called in-process. Tampered variants are made by
editing bytes exactly as an attacker would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import crl as acrl
from asn1crypto import tsp
from asn1crypto import x509 as ax509
from cryptography.hazmat.primitives import serialization

from kyso.core.demo.pki import Issued, PkiBuilder, PkiUrls, person_name
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from kyso.core.verify.validation import Verifier
from tests.support.trust_fixtures import TrustWorld
from tests.support.tsa import TimeStampAuthority, issue_tsa_certificate

UTC = dt.timezone.utc
LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


def simple_pdf(pages: int = 1, text: str = "Van ban thu nghiem") -> bytes:
    """A small PDF written by pyHanko's own writer (no fonts to embed: fast)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.writer import PdfFileWriter

    w = PdfFileWriter()
    for i in range(pages):
        stream = f"BT /F1 14 Tf 72 760 Td ({text} - trang {i + 1}) Tj ET".encode()
        font = generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
            }
        )
        from pyhanko.pdf_utils.layout import BoxConstraints

        content = RawContent(stream, box=BoxConstraints(595, 842))
        content.resources.font[generic.pdf_name("/F1")] = w.add_object(font)
        page = generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): generic.ArrayObject(
                    [
                        generic.NumberObject(0),
                        generic.NumberObject(0),
                        generic.NumberObject(595),
                        generic.NumberObject(842),
                    ]
                ),
                generic.pdf_name("/Resources"): content.resources.as_pdf_object(),
                generic.pdf_name("/Contents"): w.add_object(
                    generic.StreamObject(stream_data=stream)
                ),
            }
        )
        w.insert_page(page)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


class LocalTimeStamper:
    """Factory for a pyHanko TimeStamper answering from :class:`TimeStampAuthority`."""

    def __init__(self, authority: TimeStampAuthority) -> None:
        self.authority = authority

    def make(self) -> Any:
        from pyhanko.sign.timestamps.api import TimeStamper

        authority = self.authority

        class _Local(TimeStamper):  # type: ignore[misc]
            async def async_request_tsa_response(self, req: Any) -> Any:
                return tsp.TimeStampResp.load(authority.respond(req.dump()))

        return _Local()


def _asn1(issued_or_cert: Any) -> Any:
    cert = getattr(issued_or_cert, "cert", issued_or_cert)
    return ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass
class Signer:
    issued: Issued
    chain: list[Issued]
    name: str

    def pyhanko_signer(self) -> Any:
        from asn1crypto import keys
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key = keys.PrivateKeyInfo.load(self.issued.key_pkcs8_der())
        return signers.SimpleSigner(
            signing_cert=_asn1(self.issued),
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in self.chain]),
        )


@dataclass
class VerifyWorld:
    world: TrustWorld
    tsa: TimeStampAuthority
    good: Signer
    revoked: Signer
    expired: Signer
    untrusted: Signer
    other_pki: PkiBuilder
    timestamper: LocalTimeStamper
    cache: dict[str, bytes] = field(default_factory=dict)
    path: PathWorld | None = None

    @property
    def pki(self) -> PkiBuilder:
        return self.world.pki

    def verifier(self, cache_dir: Path, *, online: bool = True) -> Verifier:
        checker = TrustChecker(
            self.world.settings(),
            self.world.anchors(),
            RevocationCache(cache_dir / "revocation"),
        )
        return Verifier(checker, online=online)

    def seed_cache(self, cache_dir: Path) -> None:
        """Put the sub-CA's current CRL into a revocation cache (offline verification)."""
        cache = RevocationCache(cache_dir / "revocation")
        crl = self.pki.make_crl()
        url = self.pki.urls.crl_url
        assert url
        cache.put(
            "crl",
            url,
            crl.public_bytes(serialization.Encoding.DER),
            url=url,
            fetched_at=dt.datetime.now(UTC),
        )

    def sign_bytes(
        self,
        data: bytes,
        signer: Signer | None = None,
        *,
        level: str = "B-B",
        visible: tuple[int, tuple[int, int, int, int]] | None = None,
        field_name: str | None = None,
        timestamper: Any = None,
        certify: int | None = None,
        reason: str | None = None,
    ) -> bytes:
        """Sign ``data`` at ``level``; ``certify`` = DocMDP P (1, 2, 3) makes it a
        certification signature."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.sign.fields import MDPPerm
        from pyhanko_certvalidator import ValidationContext

        signer = signer or self.good
        key = (level, signer.name, visible, field_name, len(data), hash(data))
        field_name = field_name or f"Sig{abs(hash(key)) % 10**6}"
        ts = timestamper or (self.timestamper.make() if level != "B-B" else None)
        vc = None
        if level in ("B-LT", "B-LTA"):
            vc = ValidationContext(
                trust_roots=[_asn1(self.pki.root)],
                other_certs=[_asn1(c) for c in signer.chain] + [_asn1(self.tsa.cert)],
                crls=[
                    acrl.CertificateList.load(
                        self.pki.make_crl().public_bytes(serialization.Encoding.DER)
                    )
                ],
                allow_fetching=False,
                revocation_mode="hard-fail",
            )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=vc is not None,
            use_pades_lta=level == "B-LTA",
            validation_context=vc,
            certify=certify is not None,
            reason=reason,
            docmdp_permissions=MDPPerm(certify) if certify is not None else MDPPerm.FILL_FORMS,
        )
        spec = None
        if visible is not None:
            spec = fields.SigFieldSpec(field_name, on_page=visible[0], box=visible[1])
        pdf_signer = signers.PdfSigner(
            meta, signer=signer.pyhanko_signer(), timestamper=ts, new_field_spec=spec
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        out = io.BytesIO()
        asyncio.run(pdf_signer.async_sign_pdf(writer, output=out))
        return out.getvalue()

    def sign_file(
        self, path: Path, level: str = "B-B", signer: Signer | None = None, **kw: Any
    ) -> Path:
        path.write_bytes(self.sign_bytes(simple_pdf(), signer, level=level, **kw))
        return path


@dataclass
class PathWorld:
    """A second CA under the test root that, like VGCA's, names where its own revocation
    is published (the root's CRL), and a signer under it whose CRL the CA publishes.

    The main test PKI's sub-CA names no revocation service at all, so it cannot show the
    whole-path rules: missing or revoking data for a CA that *can* be checked.
    """

    ca: Issued
    signer: Signer
    root_crl_url: str
    ca_crl_url: str

    def root_crl(self, pki: PkiBuilder, revoke_ca_at: dt.datetime | None = None) -> bytes:
        """The root's CRL, listing this CA as revoked at ``revoke_ca_at`` if given."""
        revoked = [(self.ca.cert.serial_number, revoke_ca_at)] if revoke_ca_at else []
        return make_crl(pki.root, revoked, pki.now)

    def ca_crl(self, pki: PkiBuilder) -> bytes:
        return make_crl(self.ca, [], pki.now)


def make_crl(issuer: Issued, revoked: list[tuple[int, dt.datetime]], now: dt.datetime) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(when)
            .add_extension(x509.CRLReason(x509.ReasonFlags.ca_compromise), critical=False)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _ca_naming_its_crl(pki: PkiBuilder, root_crl_url: str) -> Issued:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (TEST)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "CA có công bố CRL (TEST)"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(pki.root.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(pki.now - dt.timedelta(days=300))
        .not_valid_after(pki.now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(pki.root.key.public_key()), False
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(root_crl_url)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
        .sign(pki.root.key, hashes.SHA256())
    )
    return Issued(cert, key)


def _path_world(world: TrustWorld) -> PathWorld:
    pki = world.pki
    root_url = world.crl.url("/path-root.crl")
    ca_url = world.crl.url("/path-ca.crl")
    ca = _ca_naming_its_crl(pki, root_url)
    signer_cert = leaf(
        pki, "Đỗ Thị Đường Dẫn", world.leaf_key, issuer=ca, urls=PkiUrls(crl_url=ca_url)
    )
    path = PathWorld(ca, Signer(signer_cert, [ca, pki.root], "path"), root_url, ca_url)
    world.crl.crls["path-root.crl"] = lambda: path.root_crl(pki)
    world.crl.crls["path-ca.crl"] = lambda: path.ca_crl(pki)
    return path


def add_dss(
    data: bytes,
    *,
    crls: list[bytes] = (),
    certs: list[Any] = (),  # type: ignore[assignment]
) -> bytes:
    """An incremental update adding a DSS (or to it) with these CRLs and certificates."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    buf = io.BytesIO(data)
    DocumentSecurityStore.add_dss(
        buf,
        None,
        certs=[_asn1(c) for c in certs],
        crls=[acrl.CertificateList.load(c) for c in crls],
        strict=False,
    )
    return buf.getvalue()


def leaf(pki: PkiBuilder, cn: str, key: Any, **kw: Any) -> Issued:
    subject = person_name(
        cn,
        ous=["Văn phòng", "Sở Khoa học và Công nghệ"],
        o="UBND tỉnh Hưng Yên",
        locality="Hưng Yên",
        uid="CCCD:034090009999",
    )
    return pki.issue(subject, key=key, **kw)


@pytest.fixture(scope="session")
def verify_world(trust_world: TrustWorld) -> Iterator[VerifyWorld]:
    pki = trust_world.pki
    key = trust_world.leaf_key
    good = Signer(leaf(pki, "Nguyễn Văn Ký", key), [pki.sub_ca, pki.root], "good")
    revoked_cert = leaf(pki, "Trần Thị Thu Hồi", key)
    pki.revoke(revoked_cert)
    revoked = Signer(revoked_cert, [pki.sub_ca, pki.root], "revoked")
    now = dt.datetime.now(UTC)
    expired = Signer(
        leaf(pki, "Lê Văn Hết Hạn", key, not_before=now - dt.timedelta(days=400), days=100),
        [pki.sub_ca, pki.root],
        "expired",
    )
    other = PkiBuilder(marker="KHÁC", urls=PkiUrls())
    untrusted = Signer(leaf(other, "Phạm Lạ", key), [other.sub_ca, other.root], "untrusted")
    tsa = TimeStampAuthority(issue_tsa_certificate(pki), [pki.sub_ca])
    yield VerifyWorld(
        trust_world,
        tsa,
        good,
        revoked,
        expired,
        untrusted,
        other,
        LocalTimeStamper(tsa),
        path=_path_world(trust_world),
    )


# -- tampering ----------------------------------------------------------------------------


def byte_range(data: bytes, which: int = -1) -> tuple[int, int, int, int]:
    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    a, b, c, d = (int(x) for x in ranges[which])
    return a, b, c, d


def flip_signed_byte(data: bytes) -> bytes:
    """Change one byte inside the signed range: a digit of the page content stream."""
    a, b, c, d = byte_range(data, 0)
    at = data.index(b"72 760 Td")
    assert a <= at < a + b
    buf = bytearray(data)
    buf[at] = ord("9")
    return bytes(buf)


def edit_byte_range(data: bytes) -> bytes:
    """Shrink the first range by one byte (same width, so offsets stay valid)."""
    m = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))[0]
    old = m.group(0)
    second = m.group(2)
    new_second = str(int(second) - 1).encode().rjust(len(second), b"0")
    if len(new_second) != len(second):
        new_second = (str(int(second) - 1) + " ").encode()
    new = old.replace(b" " + second + b" ", b" " + new_second[: len(second)] + b" ", 1)
    assert len(new) == len(old)
    return data[: m.start()] + new + data[m.end() :]


def unsigned_page_update(data: bytes) -> bytes:
    """An incremental update that replaces page 1's content stream (no signature)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref = w.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = b"BT /F1 14 Tf 72 760 Td (Noi dung da bi thay) Tj ET"
    page[generic.pdf_name("/Contents")] = w.add_object(generic.StreamObject(stream_data=stream))
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def break_timestamp(data: bytes) -> bytes:
    """Corrupt the signature timestamp token's own signature value inside /Contents.

    /Contents is outside the signed byte range and the token is an unsigned attribute, so
    the document's signature stays intact while the timestamp no longer verifies.
    """
    from asn1crypto import cms

    a, b, c, d = byte_range(data, -1)
    hex_start = a + b + 1
    hex_text = data[hex_start : c - 1]
    der = bytes.fromhex(hex_text.decode())
    info = cms.ContentInfo.load(der)
    signer_info = info["content"]["signer_infos"][0]
    token = None
    for attr in signer_info["unsigned_attrs"]:
        if attr["type"].native == "signature_time_stamp_token":
            token = attr["values"][0]
    assert token is not None
    ts_sig = bytes(token["content"]["signer_infos"][0]["signature"].native)
    pos = der.index(ts_sig)
    bad = bytearray(der)
    bad[pos + len(ts_sig) // 2] ^= 0xFF
    new_hex = bytes(bad).hex().encode()
    assert len(new_hex) <= len(hex_text)
    new_hex = new_hex + hex_text[len(new_hex) :]
    return data[:hex_start] + new_hex + data[c - 1 :]


def encrypted_pdf(password: str = "mat-khau") -> bytes:
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    r = PdfFileReader(io.BytesIO(simple_pdf()))
    w = copy_into_new_writer(r)
    w.security_handler = StandardSecurityHandler.build_from_pw(password, password)
    w._assign_security_handler(w.security_handler)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


# -- signature-like objects of every kind (issue 12) --------------------------------------


def _acroform_fields(w: Any) -> tuple[Any, Any]:
    """(the /Fields array, the container to mark updated) of an incremental writer."""
    from pyhanko.pdf_utils import generic

    acro_ref = w.root.raw_get("/AcroForm")
    acro = acro_ref.get_object()
    fields_obj = acro.raw_get("/Fields")
    if isinstance(fields_obj, generic.IndirectObject):
        return fields_obj.get_object(), fields_obj
    if isinstance(acro_ref, generic.IndirectObject):
        return fields_obj, acro_ref
    return fields_obj, None


def _append_field(data: bytes, field_dict: dict[str, Any]) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    ref = w.add_object(generic.DictionaryObject(field_dict))
    fields, container = _acroform_fields(w)
    fields.append(ref)
    if container is None:
        w.update_root()
    else:
        w.mark_update(container)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def add_text_field_with_period(data: bytes) -> bytes:
    """A text field named ``Ho.Ten`` (a period in a partial name: real producers write
    those; pyHanko's difference analysis cannot read a revision holding one). The document
    needs an /AcroForm already (see :func:`with_empty_field`)."""
    from pyhanko.pdf_utils import generic

    return _append_field(
        data,
        {
            generic.pdf_name("/FT"): generic.pdf_name("/Tx"),
            generic.pdf_name("/T"): generic.pdf_string("Ho.Ten"),
            generic.pdf_name("/V"): generic.pdf_string("Nguyen Van A"),
        },
    )


def second_field_for_signature(data: bytes, name: str = "BanSao") -> bytes:
    """An update adding a second signature field whose /V is the existing signature."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    r = PdfFileReader(io.BytesIO(data), strict=False)
    first = r.root["/AcroForm"]["/Fields"][0].get_object()
    v_ref = first.raw_get("/V")
    return _append_field(
        data,
        {
            generic.pdf_name("/FT"): generic.pdf_name("/Sig"),
            generic.pdf_name("/T"): generic.pdf_string(name),
            generic.pdf_name("/V"): generic.IndirectObject(v_ref.idnum, v_ref.generation, None),
        },
    )


def with_empty_field(data: bytes, name: str) -> bytes:
    """An empty (unsigned) signature field, added before signing."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    fields.append_signature_field(w, fields.SigFieldSpec(name))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def break_document_timestamp(data: bytes) -> bytes:
    """Change one byte in the revision the last document timestamp covers, outside the
    signature's own range: a newline after an object of the DSS update becomes a space
    (the file still parses; the timestamp's imprint no longer matches)."""
    a, b, c, d = byte_range(data, 0)
    ts = byte_range(data, -1)
    at = data.index(b"endobj\n", c + d) + len(b"endobj")
    assert at < ts[1], "no object between the signature and the document timestamp"
    buf = bytearray(data)
    buf[at] = ord(" ")
    return bytes(buf)


def document_timestamp_typed_sig(data: bytes, vw: VerifyWorld) -> bytes:
    """A document timestamp whose dictionary says ``/Type /Sig`` (some producers do):
    pyHanko's timestamper with its placeholder's /Type swapped."""
    from unittest import mock

    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import pdf_byterange, pdf_signer

    class SigTyped(pdf_byterange.DocumentTimestamp):  # type: ignore[misc]
        def __init__(self, bytes_reserved: int | None = None) -> None:
            super().__init__(bytes_reserved=bytes_reserved)
            self[pdf_name("/Type")] = pdf_name("/Sig")

    out = io.BytesIO()
    with mock.patch.object(pdf_signer, "DocumentTimestamp", SigTyped):
        stamper = pdf_signer.PdfTimeStamper(vw.timestamper.make(), field_name="DauThoiGian")
        asyncio.run(
            stamper.async_timestamp_pdf(
                IncrementalPdfFileWriter(io.BytesIO(data), strict=False), "sha256", output=out
            )
        )
    return out.getvalue()


def sign_legacy_sha1(data: bytes, signer: Signer, field_name: str = "ChuKyCu") -> bytes:
    """An ``adbe.pkcs7.sha1`` signature (older Acrobat / iText style): the SHA-1 digest of
    the signed ranges is the CMS's encapsulated content; the CMS signs that (signed
    attributes, SHA-1 as those producers did; poppler reports "Digest Mismatch" when the
    signer's digest is another algorithm). pyHanko's low-level embedder writes the
    placeholder."""
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
    from pyhanko.sign.signers.pdf_byterange import SignatureObject

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    embedder = PdfCMSEmbedder().write_cms(field_name=field_name, writer=w)
    next(embedder)
    sig_obj = SignatureObject(bytes_reserved=16384)
    sig_obj[pdf_name("/SubFilter")] = pdf_name("/adbe.pkcs7.sha1")
    embedder.send(SigObjSetup(sig_placeholder=sig_obj))
    out = io.BytesIO()
    prepared, out = embedder.send(SigIOSetup(md_algorithm="sha1", in_place=False, output=out))
    sha1_of_ranges = prepared.document_digest
    cms = asyncio.run(
        signer.pyhanko_signer().async_sign_general_data(sha1_of_ranges, "sha1", detached=False)
    )
    embedder.send(cms)
    return out.getvalue()


def sign_ignoring_docmdp(data: bytes, signer: Signer, field_name: str) -> bytes:
    """A plain detached signature added with pyHanko's low-level embedder, which (unlike
    ``PdfSigner``) does not refuse a document whose certification forbids changes — as
    other producers do not."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
    from pyhanko.sign.signers.pdf_byterange import SignatureObject

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    embedder = PdfCMSEmbedder().write_cms(field_name=field_name, writer=w)
    next(embedder)
    embedder.send(SigObjSetup(sig_placeholder=SignatureObject(bytes_reserved=16384)))
    out = io.BytesIO()
    prepared, out = embedder.send(SigIOSetup(md_algorithm="sha256", in_place=False, output=out))
    cms = asyncio.run(signer.pyhanko_signer().async_sign(prepared.document_digest, "sha256"))
    embedder.send(cms)
    return out.getvalue()


# -- shadow attacks (issue 12) ------------------------------------------------------------


def _appearance_stream(w: Any, content: bytes, width: float, height: float) -> Any:
    from pyhanko.pdf_utils import generic

    font = w.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
            }
        )
    )
    stream = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
            generic.pdf_name("/BBox"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (0, 0, width, height)]
            ),
            generic.pdf_name("/Resources"): generic.DictionaryObject(
                {
                    generic.pdf_name("/Font"): generic.DictionaryObject(
                        {generic.pdf_name("/Helv"): font}
                    )
                }
            ),
        },
        stream_data=content,
    )
    return w.add_object(stream)


def form_with_text_field(rect: tuple[float, float, float, float], name: str = "GhiChu") -> bytes:
    """A one-page document with a text field (empty, empty appearance) over ``rect``:
    prepared before signing, as a shadow attacker does."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(simple_pdf()), strict=False)
    page_ref = w.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    x1, y1, x2, y2 = rect
    ap = _appearance_stream(w, b"", x2 - x1, y2 - y1)
    widget = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
            generic.pdf_name("/FT"): generic.pdf_name("/Tx"),
            generic.pdf_name("/T"): generic.pdf_string(name),
            generic.pdf_name("/V"): generic.pdf_string(""),
            generic.pdf_name("/F"): generic.NumberObject(4),
            generic.pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in rect]),
            generic.pdf_name("/P"): page_ref,
            generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): ap}),
        }
    )
    widget_ref = w.add_object(widget)
    page[generic.pdf_name("/Annots")] = generic.ArrayObject([widget_ref])
    w.update_container(page)
    w.root[generic.pdf_name("/AcroForm")] = w.add_object(
        generic.DictionaryObject({generic.pdf_name("/Fields"): generic.ArrayObject([widget_ref])})
    )
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def fill_text_field(data: bytes, value: str, appearance: bytes, name: str = "GhiChu") -> bytes:
    """The later "form filling" update: the field's value and appearance only."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    for ref in w.root["/AcroForm"]["/Fields"]:
        field_dict = ref.get_object()
        if str(field_dict.get("/T")) != name:
            continue
        x1, y1, x2, y2 = (float(v) for v in field_dict["/Rect"])
        field_dict[generic.pdf_name("/V")] = generic.pdf_string(value)
        field_dict[generic.pdf_name("/AP")] = generic.DictionaryObject(
            {generic.pdf_name("/N"): _appearance_stream(w, appearance, x2 - x1, y2 - y1)}
        )
        w.mark_update(ref)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def encrypt_null_update(data: bytes) -> bytes:
    """A raw incremental update whose trailer says ``/Encrypt null`` (seen in files from
    some producers; it means "not encrypted")."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    root = reader.trailer.raw_get("/Root")
    size = int(reader.trailer["/Size"])
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    start = len(data) + 1
    tail = (
        f"\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size {size} /Root {root.idnum} "
        f"{root.generation} R /Prev {prev} /Encrypt null >>\nstartxref\n{start}\n%%EOF\n"
    ).encode()
    return data + tail


def write_pdfs(folder: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Each file written as ``<name>.pdf`` in ``folder``: their paths by name."""
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def poppler_text(path: Path) -> str:
    """The text poppler's ``pdftotext`` extracts: what a poppler-based viewer shows."""
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60
    ).stdout


def pdfium_text(path: Path) -> str:
    """The first page's text as PDFium reads it: what Chrome, Edge and PDFium-based
    viewers show (they rebuild a broken file their own way)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
