"""Judge a signed PDF with four validators Kyso does not use to sign (issue 13).

:func:`check_signed_output` runs them all on one output and fails the test with what each
one said:

* poppler's ``pdfsig``: every signature found, "Signature is Valid", the last one "Total
  document signed";
* pyHanko's validation, including its diff analysis: every signature intact and valid,
  trusted under the test root, no modification pyHanko would not allow (DocMDP), the last
  one covering the whole file (or only DSS/timestamp updates after it);
* ``openssl cms`` on each extracted CMS: parsed, each certificate once (no duplicate
  issuer+serial), and ``openssl cms -verify`` over the bytes the /ByteRange names;
* endesive: hash, signature and certificate all ok for every signature.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class OutputReport:
    signatures: int
    cms_certificates: list[int] = field(default_factory=list)
    """Certificates in each signature's CMS, in the order the signatures appear."""
    pyhanko: list[Any] = field(default_factory=list)
    """pyHanko's status object per signature."""


# -- pdfsig ----------------------------------------------------------------------------


def pdfsig(path: Path, password: str | None = None) -> str:
    extra = ["-upw", password] if password else []
    done = subprocess.run(
        ["pdfsig", *extra, str(path)], capture_output=True, text=True, timeout=120
    )
    return done.stdout + done.stderr


def check_pdfsig(
    path: Path, expected: int, long_term: bool = False, password: str | None = None
) -> None:
    text = pdfsig(path, password)
    blocks = re.split(r"^Signature #\d+:", text, flags=re.M)[1:]
    # pdfsig also lists empty signature fields; they are no signature
    blocks = [b for b in blocks if "The signature form field is not signed." not in b]
    assert len(blocks) == expected, f"pdfsig found {len(blocks)} signatures, not {expected}:\n{text}"
    for i, block in enumerate(blocks):
        if "Signature Type: unknown" in block and "Timestamp" in block:
            continue  # a document timestamp: pdfsig cannot validate those (pyHanko does)
        assert "Signature Validation: Signature is Valid." in block, f"pdfsig #{i + 1}:\n{text}"
    if not long_term:  # B-LT/LTA append the DSS after the last signature
        # pdfsig lists signatures in field order, not file order: one of them covers it all
        assert any("- Total document signed" in b for b in blocks), text


# -- pyHanko -----------------------------------------------------------------------------


def check_pyhanko(
    path: Path, root_der: bytes, diff_analysis: bool = True, password: str | None = None
) -> list[Any]:
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    def vc() -> ValidationContext:
        return ValidationContext(
            trust_roots=[ax509.Certificate.load(root_der)], allow_fetching=False
        )

    statuses = []
    with path.open("rb") as fh:
        reader = PdfFileReader(fh, strict=False)
        if reader.encrypted:
            reader.decrypt((password or "").encode("utf-8"))
        sigs = reader.embedded_signatures
        assert sigs, f"pyHanko finds no signature in {path}"
        for i, sig in enumerate(sigs):
            try:
                if sig.sig_object.get("/Type") == "/DocTimeStamp":
                    status = validate_pdf_timestamp(sig, validation_context=vc())
                else:
                    status = validate_pdf_signature(sig, vc())
            except SignatureValidationError as exc:  # pragma: no cover - a failing check
                raise AssertionError(f"pyHanko #{i + 1}: {exc}") from exc
            details = (
                status.pretty_print_details()
                if hasattr(status, "pretty_print_details")
                else repr(status)
            )
            assert status.intact and status.valid and status.trusted, f"pyHanko #{i + 1}:\n{details}"
            # diff analysis: a later update pyHanko would not allow makes this False
            assert not diff_analysis or getattr(status, "docmdp_ok", None) is not False, f"pyHanko #{i + 1} (DocMDP):\n{details}"
            assert status.coverage in (
                SignatureCoverageLevel.ENTIRE_FILE,
                SignatureCoverageLevel.ENTIRE_REVISION,
            ), details
            statuses.append(status)
        last = statuses[-1]
        assert last.coverage is SignatureCoverageLevel.ENTIRE_FILE or _only_dss_after(
            reader
        ), "the last signature does not cover the file"
    return statuses


def _only_dss_after(reader: Any) -> bool:
    """B-LT: the DSS update after the last signature (pyHanko's diff analysis judged it)."""
    return reader.root.get("/DSS") is not None


# -- openssl cms -------------------------------------------------------------------------


def extract_cms(data: bytes, byte_range: list[int]) -> tuple[bytes, bytes]:
    """(the DER CMS in /Contents, the bytes the /ByteRange covers)."""
    from asn1crypto import cms

    a, b, c, d = byte_range
    hexstr = data[a + b + 1 : c - 1]
    raw = bytes.fromhex(hexstr.decode("ascii"))
    der = cms.ContentInfo.load(raw).dump()  # drops the zero padding
    return der, data[a : a + b] + data[c : c + d]


def _byte_ranges(data: bytes) -> list[list[int]]:
    ranges = []
    for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data):
        ranges.append([int(g) for g in m.groups()])
    return ranges


def check_openssl(path: Path, root_der: bytes, workdir: Path) -> list[int]:
    data = path.read_bytes()
    counts = []
    root_pem = workdir / "root.pem"
    root_pem.write_text(
        "-----BEGIN CERTIFICATE-----\n"
        + "\n".join(_b64_lines(root_der))
        + "\n-----END CERTIFICATE-----\n"
    )
    for i, br in enumerate(_byte_ranges(data)):
        der, signed = extract_cms(data, br)
        cms_file = workdir / f"sig{i}.p7s"
        content = workdir / f"sig{i}.bin"
        cms_file.write_bytes(der)
        content.write_bytes(signed)
        printed = subprocess.run(
            ["openssl", "cms", "-cmsout", "-inform", "DER", "-print", "-in", str(cms_file)],
            capture_output=True, text=True, timeout=60,
        )
        assert printed.returncode == 0, printed.stderr
        keys = _issuer_serials(printed.stdout)
        dupes = [k for k, n in Counter(keys).items() if n > 1]
        assert not dupes, f"openssl: certificates repeated in CMS #{i + 1}: {dupes}"
        counts.append(len(keys))
        is_timestamp = "id-smime-ct-TSTInfo" in printed.stdout.split("signerInfos")[0]
        if is_timestamp:
            continue  # a document timestamp signs its TSTInfo, checked by pyHanko and pdfsig
        verified = subprocess.run(
            ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(cms_file),
             "-content", str(content), "-CAfile", str(root_pem), "-purpose", "any",
             "-out", str(workdir / "verified.out")],
            capture_output=True, text=True, timeout=60,
        )
        assert verified.returncode == 0 and "Verification successful" in verified.stderr, (
            f"openssl cms -verify #{i + 1}: {verified.stderr}"
        )
    return counts


def _b64_lines(der: bytes) -> list[str]:
    import base64

    text = base64.b64encode(der).decode("ascii")
    return [text[i : i + 64] for i in range(0, len(text), 64)]


def _issuer_serials(printed: str) -> list[tuple[str, str]]:
    """(issuer, serial) of every certificate in ``openssl cms -print`` output."""
    keys = []
    for block in printed.split("cert_info:")[1:]:
        serial = re.search(r"serialNumber:\s*(\S+)", block)
        issuer = re.search(r"issuer:\s*(.+)", block)
        assert serial and issuer, block[:400]
        keys.append((issuer.group(1).strip(), serial.group(1)))
    return keys


# -- endesive ----------------------------------------------------------------------------


def _import_endesive() -> Any:
    """endesive, working around oscrypto 1.3.0 (its last release) misreading OpenSSL
    versions with a two-digit patch number such as 3.0.19 (fixed upstream, unreleased).
    The workaround only touches the test process; Kyso never imports either."""
    try:
        from endesive.pdf.verify import PDFVerifier
    except Exception as exc:  # the version regex; patch it and retry once
        if "version of libcrypto" not in str(exc):
            raise
        import importlib.util

        for name in list(sys.modules):
            if name.startswith(("oscrypto", "certvalidator", "endesive")):
                del sys.modules[name]
        spec = importlib.util.find_spec("oscrypto._openssl._libcrypto_cffi")
        assert spec is not None and spec.origin
        source = Path(spec.origin).read_text()
        source = source.replace(r"'\\b(\\d\\.\\d\\.\\d[a-z]*)\\b'", r"'\\b(\\d\\.\\d\\.\\d+[a-z]*)\\b'")
        import oscrypto._openssl  # noqa: F401 - the parent package first

        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        exec(compile(source, spec.origin, "exec"), module.__dict__)
        from endesive.pdf.verify import PDFVerifier
    return PDFVerifier


def check_endesive(path: Path, root_der: bytes) -> None:
    verifier = _import_endesive()

    data = path.read_bytes()
    results = verifier(data, [root_der]).verify_all_signatures()
    assert results, "endesive finds no signature"
    for i, r in enumerate(results):
        if r.signed_data is None:  # a document timestamp: endesive checks its token only
            continue
        assert r.hashok and r.signatureok and r.certok, (
            f"endesive #{i + 1}: hash {r.hashok}, signature {r.signatureok}, cert {r.certok}"
        )


# -- all four ----------------------------------------------------------------------------


def check_signed_output(
    path: Path,
    root_der: bytes,
    workdir: Path,
    *,
    signatures: int | None = None,
    diff_analysis: bool = True,
    password: str | None = None,
) -> OutputReport:
    """Run pdfsig, pyHanko (with diff analysis), openssl cms and endesive on ``path``.

    ``diff_analysis=False`` only for DocMDP P=3 documents: pyHanko's StandardDiffPolicy
    "was not designed to support DocMDP level 3" and flags any new annotation; the caller
    then checks the changes itself."""
    workdir.mkdir(parents=True, exist_ok=True)
    statuses = check_pyhanko(path, root_der, diff_analysis, password)
    expected = signatures if signatures is not None else len(statuses)
    assert len(statuses) == expected, f"pyHanko found {len(statuses)} signatures"
    check_pdfsig(path, expected, long_term=b"/DSS" in path.read_bytes(), password=password)
    counts = check_openssl(path, root_der, workdir)
    assert len(counts) == expected
    check_endesive(path, root_der)
    return OutputReport(expected, counts, statuses)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
