"""Read a freshly signed file back with a second reader before calling it signed (issue 13).

pyHanko wrote the file; qpdf (through pikepdf), which shares no code with it, reads it
back, without its recovery mode, and :func:`check_written` insists that:

* the file opens and its cross-reference data leads to every signature field the input had
  plus the new one (``expected_signatures``) and to as many pages as the input had, each a
  page;
* the new signature dictionary is numbered above every object of the input (a wrong trailer
  /Size made pyHanko reuse numbers, overwriting the input's own objects);
* the new signature's /ByteRange starts at 0, its gap is exactly the /Contents hex string,
  and it ends at the end of the file (B-B, B-T) or at the end of its own revision when
  validation data follow (B-LT, B-LTA);
* the CMS in that gap parses, holds each certificate once, its ``messageDigest`` equals the
  digest of the bytes the /ByteRange names, and the signer's public key verifies its
  signature. The digest continues the hash taken while the input's bytes were copied (the
  very bytes written) over what follows, read back from disk, so a big file is not read
  a second time; what is checked independently of pyHanko is where the /ByteRange, found
  by qpdf, says the signed bytes are;
* at B-LTA, the last signature (the document timestamp) ends at the end of the file, its
  token's messageImprint is the digest of the bytes it covers, its messageDigest that of
  the token, and the TSA's key verifies it.

Only then does :meth:`DocumentSigner.sign_file` link the file into place.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError

log = logging.getLogger(__name__)

READ_CHUNK = 1 << 20


class OutputCheckError(KysoError):
    """The signed file did not read back as a valid signature; it is not kept."""


def unreadable(why: str) -> OutputCheckError:
    log.warning("signed output rejected by the self-check: %s", why)
    return OutputCheckError(
        "Đã ký nhưng tệp kết quả không đọc lại được như một chữ ký hợp lệ, nên Kyso không lưu "
        "nó (tệp gốc không bị thay đổi). Tệp gốc có thể bị lỗi cấu trúc: mở bằng trình xem "
        "PDF, lưu lại thành bản mới rồi ký bản đó.",
        "The signed result did not read back as a valid signature, so Kyso did not keep it "
        "(the original is unchanged). The original may be damaged: open it in a PDF viewer, "
        "save a new copy and sign that.",
        code="output_unreadable",
    )


@dataclass
class SignatureOnDisk:
    """One signature field's /V as qpdf finds it, and where its bytes are."""

    path: Path
    name: str
    byte_range: tuple[int, int, int, int]
    contents: bytes
    """The DER CMS read from the file's bytes in the /ByteRange gap (padding included)."""
    object_number: int = 0
    """The signature dictionary's object number (0: a direct object)."""
    pages: int = 0
    """Pages of the whole document as qpdf finds them."""
    pages_ok: bool = True
    """Every page qpdf finds is a /Page dictionary."""

    @property
    def end(self) -> int:
        return self.byte_range[2] + self.byte_range[3]

    def digest(self, algorithm: str, prefix: Any = None) -> bytes:
        """The digest of the bytes the /ByteRange names, read from disk.

        ``prefix`` (``length``, ``hash``): the first ``length`` bytes of the file were hashed
        as they were written (the input's bytes, copied); that hash is continued instead of
        reading them again, which keeps a big file to one read after it was written."""
        h = hashlib.new(algorithm)
        a, b, c, d = self.byte_range
        ranges = [(a, b), (c, d)]
        if (
            prefix is not None
            and prefix.hash.name == h.name
            and a == 0
            and 0 < prefix.length <= b
        ):
            h = prefix.hash.copy()
            ranges = [(prefix.length, b - prefix.length), (c, d)]
        with self.path.open("rb") as fh:
            for start, length in ranges:
                fh.seek(start)
                left = length
                while left > 0:
                    block = fh.read(min(left, READ_CHUNK))
                    if not block:
                        raise OSError("file shorter than its /ByteRange")
                    h.update(block)
                    left -= len(block)
        return h.digest()


def _walk_fields(fields: Any) -> Iterator[tuple[str, Any]]:
    import pikepdf

    stack = [(f, "") for f in (fields or [])]
    seen = 0
    while stack and seen < 10000:
        node, prefix = stack.pop()
        seen += 1
        if not isinstance(node, pikepdf.Dictionary):
            continue
        name = str(node.get("/T", ""))
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        value = node.get("/V")
        if isinstance(value, pikepdf.Dictionary) and "/ByteRange" in value:
            yield full, value
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            stack.extend((k, full) for k in kids if isinstance(k, pikepdf.Dictionary))


def read_signatures(path: Path, password: str | None = None, *, recover: bool = False) -> list[SignatureOnDisk]:
    """Every filled signature field of ``path`` as qpdf reads it."""
    import pikepdf

    size = path.stat().st_size
    found: list[SignatureOnDisk] = []
    with pikepdf.open(
        path, password=password or "", attempt_recovery=recover, suppress_warnings=True
    ) as pdf:
        form = pdf.Root.get("/AcroForm")
        fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
        spans: list[tuple[str, tuple[int, int, int, int], int]] = []
        pages = len(pdf.pages)
        page_types_ok = all(p.obj.get("/Type") == pikepdf.Name.Page for p in pdf.pages)
        for name, value in _walk_fields(fields):
            br = value.get("/ByteRange")
            if not isinstance(br, pikepdf.Array) or len(br) != 4:
                raise ValueError(f"signature {name}: bad /ByteRange")
            a, b, c, d = (int(v) for v in br)
            if a != 0 or b <= 0 or c <= b + 1 or d < 0 or c + d > size:
                raise ValueError(f"signature {name}: /ByteRange {a} {b} {c} {d} for {size} bytes")
            spans.append((name, (a, b, c, d), value.objgen[0]))
    with path.open("rb") as fh:
        for name, (a, b, c, d), number in spans:
            fh.seek(b)
            gap = fh.read(c - b)
            if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
                raise ValueError(f"signature {name}: the /ByteRange gap is not the /Contents string")
            try:
                der = bytes.fromhex(gap[1:-1].decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                raise ValueError(f"signature {name}: /Contents is not hexadecimal") from None
            found.append(SignatureOnDisk(path, name, (a, b, c, d), der, number, pages, page_types_ok))
    return found


def check_written(
    path: Path,
    field_name: str,
    *,
    expected_signatures: int,
    whole_file: bool,
    password: str | None = None,
    pages: int | None = None,
    above_object: int = 0,
    prefix: Any = None,
    doc_timestamp: bool = False,
) -> None:
    """Raise :class:`OutputCheckError` unless ``path`` holds a good signature ``field_name``
    (see the module's docstring); with ``doc_timestamp`` (B-LTA) also a good document
    timestamp after it (:func:`_check_doc_timestamp`)."""
    try:
        sigs = read_signatures(path, password)
    except Exception as exc:  # qpdf's or ours: either way the output is not readable
        raise unreadable(f"qpdf: {exc}") from None
    if len(sigs) < expected_signatures:
        raise unreadable(f"{len(sigs)} signatures found, {expected_signatures} expected")
    ours = [s for s in sigs if s.name == field_name]
    if len(ours) != 1:
        raise unreadable(f"signature field {field_name} found {len(ours)} times")
    sig = ours[0]
    if sig.object_number <= above_object:
        # the bug of a wrong trailer /Size: the new signature took an existing object's number
        raise unreadable(f"signature object {sig.object_number} reuses a number <= {above_object}")
    if pages is not None and (sig.pages != pages or not sig.pages_ok):
        raise unreadable(f"{sig.pages} pages read back (ok: {sig.pages_ok}), {pages} expected")
    size = path.stat().st_size
    if whole_file and sig.end != size:
        raise unreadable(f"signature ends at {sig.end}, file at {size}")
    if not whole_file and sig.end > size:
        raise unreadable("signature past the end of the file")
    try:
        _check_cms(sig, prefix)
    except Exception as exc:
        raise unreadable(f"CMS: {type(exc).__name__}: {exc}") from None
    if doc_timestamp:
        last = max(sigs, key=lambda s: s.end)
        if last.name == field_name or last.end != size:
            raise unreadable(f"document timestamp: the last signature ends at {last.end}, "
                             f"file at {size}")
        try:
            _check_doc_timestamp(last)
        except Exception as exc:
            raise unreadable(f"document timestamp: {type(exc).__name__}: {exc}") from None


def _check_doc_timestamp(sig: SignatureOnDisk) -> None:
    """The document timestamp (B-LTA) covers the whole file: its token's messageImprint is
    the digest of the bytes its /ByteRange names, its messageDigest that of the token's
    TSTInfo, and the TSA's key verifies its signature."""
    from asn1crypto import cms, tsp

    from kyso.core.certs.asn1_names import ensure_registered

    ensure_registered()  # before reading CMS by name (see asn1_names)
    info = cms.ContentInfo.load(sig.contents)
    if info["content_type"].native != "signed_data":
        raise ValueError("not SignedData")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].native != "tst_info":
        raise ValueError("not a timestamp token")
    content = encap["content"].parsed
    tst_der = content.dump() if isinstance(content, tsp.TSTInfo) else bytes(encap["content"])
    tst = tsp.TSTInfo.load(tst_der)
    imprint = tst["message_imprint"]
    algo = imprint["hash_algorithm"]["algorithm"].native
    if imprint["hashed_message"].native != sig.digest(algo):
        raise ValueError("messageImprint does not match the file")
    signer = signed["signer_infos"][0]
    signer_algo = signer["digest_algorithm"]["algorithm"].native
    attrs = signer["signed_attrs"]
    digest = next((a["values"][0].native for a in attrs if a["type"].native == "message_digest"), None)
    if digest is None or digest != hashlib.new(signer_algo, tst_der).digest():
        raise ValueError("messageDigest does not match the timestamp token")
    certs = [c.chosen for c in signed["certificates"] or () if c.name == "certificate"]
    sid = signer["sid"]
    if sid.name == "issuer_and_serial_number":
        wanted = (sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native)
        cert = next((c for c in certs if (c.issuer.dump(), c.serial_number) == wanted), None)
    else:
        cert = next((c for c in certs if c.key_identifier == sid.chosen.native), None)
    if cert is None:
        raise ValueError("the TSA's certificate is not in the token")
    _verify_signature(cert, signer, signer_algo)


def _check_cms(sig: SignatureOnDisk, prefix: Any = None) -> None:
    from asn1crypto import cms

    from kyso.core.certs.asn1_names import ensure_registered

    ensure_registered()  # before reading CMS by name (see asn1_names)
    info = cms.ContentInfo.load(sig.contents)
    if info["content_type"].native != "signed_data":
        raise ValueError("not SignedData")
    signed = info["content"]
    certs = [c.chosen for c in signed["certificates"] or () if c.name == "certificate"]
    keys = [(c.issuer.dump(), c.serial_number) for c in certs]
    if len(set(keys)) != len(keys):
        raise ValueError("a certificate is in the CMS twice")
    signer = signed["signer_infos"][0]
    algo = signer["digest_algorithm"]["algorithm"].native
    attrs = signer["signed_attrs"]
    digest = next((a["values"][0].native for a in attrs if a["type"].native == "message_digest"), None)
    if digest is None or digest != sig.digest(algo, prefix):
        raise ValueError("messageDigest does not match the signed bytes")
    sid = signer["sid"]
    if sid.name != "issuer_and_serial_number":
        raise ValueError("signer identified by key id")
    wanted = (sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native)
    cert = next((c for c in certs if (c.issuer.dump(), c.serial_number) == wanted), None)
    if cert is None:
        raise ValueError("the signer's certificate is not in the CMS")
    _verify_signature(cert, signer, algo)


def _verify_signature(cert: Any, signer: Any, digest_algorithm: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    data = b"\x31" + signer["signed_attrs"].dump()[1:]  # [0] IMPLICIT → SET OF (RFC 5652 §5.4)
    signature = signer["signature"].native
    key = x509.load_der_x509_certificate(cert.dump()).public_key()
    chosen = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
    h = chosen.get(digest_algorithm)
    if h is None:
        raise ValueError(f"digest {digest_algorithm}")
    mechanism = signer["signature_algorithm"].signature_algo
    if isinstance(key, rsa.RSAPublicKey) and mechanism == "rsassa_pkcs1v15":
        key.verify(signature, data, padding.PKCS1v15(), h)
    elif isinstance(key, rsa.RSAPublicKey) and mechanism == "rsassa_pss":
        key.verify(signature, data, padding.PSS(padding.MGF1(h), padding.PSS.AUTO), h)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(h))
    else:
        raise ValueError(f"signature mechanism {mechanism}")


def written_expectations(prepared: Any, options: Any, plan: dict[str, Any]) -> dict[str, Any]:
    """:func:`check_written`'s expectations for a file signed from ``prepared``
    (:class:`~kyso.core.signing.inputs.PreparedInput`) with ``options`` (``SignOptions``)."""
    level = options.level
    added = 2 if level.value == "B-LTA" else 1  # B-LTA: the signature and a document timestamp
    return {
        "expected_signatures": prepared.report.signatures + added,
        "whole_file": not level.long_term,  # B-LT/LTA: validation data follow the signature
        "password": options.password,
        "pages": prepared.report.pages,
        "above_object": prepared.report.highest_object,
        "prefix": plan.get("prefix"),
        "doc_timestamp": level.value == "B-LTA",
    }
