"""Signed PDFs in the shapes other producers write (issue 12), built at test time.

Nothing here is downloaded: every file is made from the session's test PKI
(:mod:`tests.support.verify_fixtures`) by

* pyHanko's own high-level signer (PAdES B-B … B-LTA, certification, ``adbe.pkcs7.detached``);
* endesive's own CMS builder (``endesive.pdf.cms.sign``, pypdf-based, test-only);
* hand-built shapes imitating Acrobat / iText / Word exports: ``adbe.pkcs7.sha1``,
  ``adbe.x509.rsa_sha1`` (a bare PKCS#1 signature and a ``/Cert`` entry), signature
  dictionaries without ``/Type``, ``/M`` dates in odd forms, hybrid-reference files
  (a classic xref table plus ``/XRefStm``), object streams, a DSS written as a direct
  dictionary with ``/TU`` VRI entries by a raw incremental update, bytes after ``%%EOF``,
  and a DSS certificate with trailing garbage.

Each builder takes and returns bytes, so a test can stack them (sign, then add a DSS…).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils

from tests.support.verify_fixtures import Signer

UTC = dt.timezone.utc


# -- pyHanko, low level: a placeholder whose dictionary the caller shapes -------------------


def sign_shaped(
    data: bytes,
    signer: Signer,
    field_name: str,
    *,
    subfilter: str = "/adbe.pkcs7.detached",
    drop_type: bool = False,
    m_date: str | None = None,
    md: str = "sha256",
    embed_chain: bool = True,
) -> bytes:
    """A detached CMS signature whose dictionary is shaped like another producer's:
    ``drop_type`` omits ``/Type /Sig`` (optional in ISO 32000; many signers leave it out),
    ``m_date`` replaces ``/M`` with a raw string (``D:2024…`` forms seen in the wild),
    ``embed_chain=False`` puts only the signer's certificate into the CMS."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
    from pyhanko.sign.signers.pdf_byterange import SignatureObject
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    embedder = PdfCMSEmbedder().write_cms(field_name=field_name, writer=w)
    next(embedder)
    sig_obj = SignatureObject(bytes_reserved=16384, timestamp=dt.datetime.now(UTC))
    sig_obj[generic.pdf_name("/SubFilter")] = generic.pdf_name(subfilter)
    if drop_type:
        del sig_obj["/Type"]
    if m_date is not None:
        sig_obj[generic.pdf_name("/M")] = generic.pdf_string(m_date)
    embedder.send(SigObjSetup(sig_placeholder=sig_obj))
    out = io.BytesIO()
    prepared, out = embedder.send(SigIOSetup(md_algorithm=md, in_place=False, output=out))
    pyhanko_signer = signer.pyhanko_signer()
    if not embed_chain:
        pyhanko_signer = signers.SimpleSigner(
            signing_cert=pyhanko_signer.signing_cert,
            signing_key=pyhanko_signer.signing_key,
            cert_registry=SimpleCertificateStore(),
        )
    cms = asyncio.run(pyhanko_signer.async_sign(prepared.document_digest, md))
    embedder.send(cms)
    return out.getvalue()


def sign_pkcs7_detached(data: bytes, signer: Signer, field_name: str) -> bytes:
    """pyHanko's high-level signer with the pre-PAdES SubFilter ``adbe.pkcs7.detached``
    (signing time in the CMS, as Acrobat and iText write by default)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
    )
    out = io.BytesIO()
    pdf_signer = signers.PdfSigner(meta, signer=signer.pyhanko_signer())
    asyncio.run(
        pdf_signer.async_sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(data), strict=False), output=out
        )
    )
    return out.getvalue()


def sign_x509_rsa_sha1(data: bytes, signer: Signer, field_name: str = "ChuKyX509") -> bytes:
    """``adbe.x509.rsa_sha1`` (Acrobat 5 era): ``/Contents`` is a DER OCTET STRING holding
    a bare PKCS#1 v1.5 signature of the SHA-1 of the signed ranges, the certificate is in
    ``/Cert``. No CMS at all."""
    from asn1crypto import core
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
    from pyhanko.sign.signers.pdf_byterange import SignatureObject

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    embedder = PdfCMSEmbedder().write_cms(field_name=field_name, writer=w)
    next(embedder)
    sig_obj = SignatureObject(bytes_reserved=2048, timestamp=dt.datetime.now(UTC))
    sig_obj[generic.pdf_name("/SubFilter")] = generic.pdf_name("/adbe.x509.rsa_sha1")
    sig_obj[generic.pdf_name("/Cert")] = generic.ByteStringObject(
        signer.issued.cert.public_bytes(serialization.Encoding.DER)
    )
    embedder.send(SigObjSetup(sig_placeholder=sig_obj))
    out = io.BytesIO()
    prepared, out = embedder.send(SigIOSetup(md_algorithm="sha1", in_place=False, output=out))
    value = signer.issued.key.sign(
        prepared.document_digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA1())
    )
    embedder.send(core.OctetString(value).dump())
    return out.getvalue()


# -- endesive ------------------------------------------------------------------------------


def sign_endesive(
    data: bytes, signer: Signer, field_name: str = "Signature1", *, certify: bool = False
) -> bytes:
    """endesive's own signer: pypdf writes the incremental update, endesive the CMS
    (``adbe.pkcs7.detached``, signed attributes, the chain in the certificates)."""
    from tests.support.output_checks import _import_endesive

    _import_endesive()  # the oscrypto workaround, before endesive.pdf.cms imports it
    from endesive.pdf import cms

    udct = {
        "aligned": 16384,
        "sigflags": 3,
        "sigfield": field_name,
        "contact": "van-thu@example.vn",
        "location": "Hung Yen",
        "signingdate": dt.datetime.now(UTC).strftime("D:%Y%m%d%H%M%S+00'00'"),
        "reason": "Phe duyet",
        "sigandcertify": certify,
    }
    others = [c.cert for c in signer.chain]
    with _pypdf_write_compat():
        tail = cms.sign(data, udct, signer.issued.key, signer.issued.cert, others, "sha256")
    return data + tail


@contextlib.contextmanager
def _pypdf_write_compat() -> Iterator[None]:
    """endesive 3.0.1 writes its trailer with ``write_to_stream(stream, None)``, the
    pypdf < 5 signature; pypdf 7 dropped the encryption-key argument. Accept and ignore
    it while endesive writes (test process only)."""
    from unittest import mock

    from pypdf import generic as po

    patches = []
    for cls in (po.DictionaryObject, po.StreamObject):
        original = cls.__dict__.get("write_to_stream")
        if original is None:
            continue

        def write(self: Any, stream: Any, *_ignored: Any, _orig: Any = original) -> Any:
            return _orig(self, stream)

        patches.append(mock.patch.object(cls, "write_to_stream", write))
    with contextlib.ExitStack() as stack:
        for p in patches:
            stack.enter_context(p)
        yield


# -- hand-built file structures ------------------------------------------------------------


def _stream(body: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(body)}{extra} >>\nstream\n".encode() + body + b"\nendstream"


def classic_pdf(text: str = "Van ban xref co dien") -> bytes:
    """A one-page PDF 1.4 with a classic xref table (what Word exports and older iText
    write; endesive's pypdf writer appends to these)."""
    return _hand_built(text, hybrid=False)


def hybrid_xref_pdf(text: str = "Van ban hybrid") -> bytes:
    """A hybrid-reference file (ISO 32000-1 §7.5.8.4, what Word 2007+ and some iText
    versions write): a classic xref table for old readers plus a ``/XRefStm`` in the
    trailer naming an object (the font) that only lives in an object stream."""
    return _hand_built(text, hybrid=True)


def _hand_built(text: str, *, hybrid: bool) -> bytes:
    content = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    header = b"5 0 "
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: _stream(content),
    }
    if hybrid:
        objects[6] = _stream(header + font, f" /Type /ObjStm /N 1 /First {len(header)}")
    else:
        objects[5] = font
    out = bytearray(
        b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" if hybrid else b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    )
    offsets: dict[int, int] = {}
    for num, body in objects.items():
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    if not hybrid:
        xref_at = len(out)
        rows = ["0000000000 65535 f \n"] + [f"{offsets[n]:010d} 00000 n \n" for n in range(1, 6)]
        out += b"xref\n0 6\n" + "".join(rows).encode()
        out += f"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
        return bytes(out)
    # The xref stream: object 5 is compressed (type 2) in object stream 6, index 0.
    xref_rows = bytes([2]) + (6).to_bytes(4, "big") + (0).to_bytes(2, "big")
    offsets[7] = len(out)
    out += (
        b"7 0 obj\n"
        + _stream(xref_rows, " /Type /XRef /Size 8 /W [1 4 2] /Index [5 1]")
        + b"\nendobj\n"
    )
    xref_at = len(out)
    # Object 5 is left out of the table: readers that ignore /XRefStm never see it.
    rows = ["0000000000 65535 f \n"] + [f"{offsets[n]:010d} 00000 n \n" for n in (1, 2, 3, 4)]
    rows2 = [f"{offsets[n]:010d} 00000 n \n" for n in (6, 7)]
    out += b"xref\n0 5\n" + "".join(rows).encode() + b"6 2\n" + "".join(rows2).encode()
    out += (
        f"trailer\n<< /Size 8 /Root 1 0 R /XRefStm {offsets[7]} >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)


def object_stream_pdf(text: str = "Van ban object stream") -> bytes:
    """A PDF 1.5 file whose dictionaries sit in an object stream, indexed by an xref
    stream (what Acrobat's "reduced size" and most modern producers write)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    w = PdfFileWriter(stream_xrefs=True)
    objstm = w.prepare_object_stream()
    name = generic.pdf_name
    font = w.add_object(
        generic.DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/Type1"),
                name("/BaseFont"): name("/Helvetica"),
            }
        ),
        obj_stream=objstm,
    )
    content = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    page = generic.DictionaryObject(
        {
            name("/Type"): name("/Page"),
            name("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(v) for v in (0, 0, 595, 842)]
            ),
            name("/Resources"): generic.DictionaryObject(
                {name("/Font"): generic.DictionaryObject({name("/F1"): font})}
            ),
            name("/Contents"): w.add_object(generic.StreamObject(stream_data=content)),
        }
    )
    w.insert_page(page)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def append_after_eof(
    data: bytes, junk: bytes = b"\r\n\x00\x00junk written by a mail gateway\n"
) -> bytes:
    """Bytes after the last ``%%EOF`` (mail gateways, some upload forms add them)."""
    return data + junk


def _last_startxref(data: bytes) -> int:
    return int(re.findall(rb"startxref\s+(\d+)", data)[-1])


def itext_style_dss(
    data: bytes,
    *,
    certs: list[bytes] = (),  # type: ignore[assignment]
    crls: list[bytes] = (),  # type: ignore[assignment]
    ocsps: list[bytes] = (),  # type: ignore[assignment]
    garbage_after_certs: bytes = b"",
) -> bytes:
    """A raw incremental update (no pyHanko writer) adding a DSS the way iText's
    ``LtvVerification`` writes it: a *direct* ``/DSS`` dictionary in the catalog, a
    ``/VRI`` entry keyed by the upper-case SHA-1 of the last signature's ``/Contents``
    with a ``/TU`` date, compressed (Flate) streams. ``garbage_after_certs`` is appended
    after each certificate's DER (seen in files from some producers; DER readers that
    demand the exact length reject them)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    size = int(reader.trailer["/Size"])
    root_ref = reader.trailer.raw_get("/Root")
    catalog = reader.root
    contents = re.findall(rb"/Contents\s*<([0-9A-Fa-f]+)>", data)[-1]
    sig_bytes = bytes.fromhex(contents.decode())
    vri_key = hashlib.sha1(sig_bytes).hexdigest().upper()

    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets: dict[int, int] = {}
    next_num = size

    def add(body: bytes) -> int:
        nonlocal next_num
        num = next_num
        next_num += 1
        offsets[num] = len(out)
        out.extend(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")
        return num

    def flate(payload: bytes) -> int:
        return add(_stream(zlib.compress(payload), " /Filter /FlateDecode"))

    cert_nums = [flate(c + garbage_after_certs) for c in certs]
    crl_nums = [flate(c) for c in crls]
    ocsp_nums = [flate(o) for o in ocsps]

    def arr(nums: list[int]) -> str:
        return "[" + " ".join(f"{n} 0 R" for n in nums) + "]"

    tu = dt.datetime.now(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    dss = (
        f"<< /Certs {arr(cert_nums)} /CRLs {arr(crl_nums)} /OCSPs {arr(ocsp_nums)} "
        f"/VRI << /{vri_key} << /Cert {arr(cert_nums)} /CRL {arr(crl_nums)} "
        f"/OCSP {arr(ocsp_nums)} /TU ({tu}) >> >> >>"
    )
    # The catalog, rewritten with its original entries and the direct DSS.
    entries = []
    for key in catalog.keys():
        if key == "/DSS":
            continue
        raw = catalog.raw_get(key)
        buf = io.BytesIO()
        raw.write_to_stream(buf)
        entries.append(f"{key} {buf.getvalue().decode('latin-1')}")
    body = ("<< " + " ".join(entries) + f" /DSS {dss} >>").encode("latin-1")
    offsets[root_ref.idnum] = len(out)
    out.extend(f"{root_ref.idnum} {root_ref.generation} obj\n".encode() + body + b"\nendobj\n")

    xref_at = len(out)
    out.extend(b"xref\n")
    for num in sorted(offsets):
        gen = root_ref.generation if num == root_ref.idnum else 0
        out.extend(f"{num} 1\n{offsets[num]:010d} {gen:05d} n \n".encode())
    out.extend(
        (
            f"trailer\n<< /Size {next_num} /Root {root_ref.idnum} {root_ref.generation} R "
            f"/Prev {_last_startxref(data)} >>\nstartxref\n{xref_at}\n%%EOF\n"
        ).encode()
    )
    return bytes(out)


def der(issued_or_cert: Any) -> bytes:
    cert = getattr(issued_or_cert, "cert", issued_or_cert)
    return cert.public_bytes(serialization.Encoding.DER)


def hybrid_update(data: bytes, text: str = "Ban sua bang Word") -> bytes:
    """An incremental update in hybrid form on top of a classic file (a "fast save"):
    the page is rewritten to use a new font that only lives in an object stream, named
    by the update's ``/XRefStm``; the update's classic table lists that object as free
    with next generation 0, as hybrid writers do so old readers skip it. pyHanko's
    strict mode refuses such a free entry outside the first revision."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    size = int(reader.trailer["/Size"])
    root_ref = reader.trailer.raw_get("/Root")
    page_ref = reader.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    font_num, objstm_num, xref_num = size, size + 1, size + 2
    header = f"{font_num} 0 ".encode()
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets: dict[int, int] = {}
    entries = []
    for key in page.keys():
        if key == "/Resources":
            continue
        buf = io.BytesIO()
        page.raw_get(key).write_to_stream(buf)
        entries.append(f"{key} {buf.getvalue().decode('latin-1')}")
    page_body = "<< " + " ".join(entries) + f" /Resources << /Font << /F1 {font_num} 0 R >> >> >>"
    offsets[page_ref.idnum] = len(out)
    out += f"{page_ref.idnum} 0 obj\n{page_body}\nendobj\n".encode("latin-1")
    offsets[objstm_num] = len(out)
    out += (
        f"{objstm_num} 0 obj\n".encode()
        + _stream(header + font, f" /Type /ObjStm /N 1 /First {len(header)}")
        + b"\nendobj\n"
    )
    rows = bytes([2]) + objstm_num.to_bytes(4, "big") + (0).to_bytes(2, "big")
    offsets[xref_num] = len(out)
    out += (
        f"{xref_num} 0 obj\n".encode()
        + _stream(rows, f" /Type /XRef /Size {xref_num + 1} /W [1 4 2] /Index [{font_num} 1]")
        + b"\nendobj\n"
    )
    xref_at = len(out)
    table = (
        f"xref\n0 1\n0000000000 65535 f \n{page_ref.idnum} 1\n"
        f"{offsets[page_ref.idnum]:010d} 00000 n \n"
        f"{font_num} 3\n0000000000 00000 f \n{offsets[objstm_num]:010d} 00000 n \n"
        f"{offsets[xref_num]:010d} 00000 n \n"
    )
    out += table.encode()
    out += (
        f"trailer\n<< /Size {xref_num + 1} /Root {root_ref.idnum} {root_ref.generation} R "
        f"/Prev {_last_startxref(data)} /XRefStm {offsets[xref_num]} >>\nstartxref\n{xref_at}\n"
        "%%EOF\n"
    ).encode()
    return bytes(out)
