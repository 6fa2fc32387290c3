"""The lenient reading of issue 12 item 4, each case failing without its leniency.

* Hybrid-reference files: an incremental update in hybrid form (a classic table plus
  ``/XRefStm``) whose table marks the object-stream objects free with next generation 0,
  as hybrid writers do. pyHanko's strict mode refuses such an entry outside the first
  revision; :func:`kyso.core.verify.document.open_reader` reads non-strictly, as pdfsig
  and mupdf do.
* Certificates with trailing garbage: the DSS carries the signer's CA with bytes after
  its DER; ``cryptography`` refuses it, :func:`kyso.core.verify.embedded.load_certificate`
  falls back to asn1crypto, which reads the certificate and ignores the tail. The signer's
  CMS holds only the signer's certificate, so without that CA no chain can be built.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.support import foreign_producers as fp
from tests.support.verify_fixtures import VerifyWorld, verify_world

__all__ = ["verify_world"]

GARBAGE = b"\x00\x00\r\n%% trailing bytes some producers leave"


@pytest.fixture
def verifier(verify_world: VerifyWorld, world, tmp_path: Path):
    return verify_world.verifier(tmp_path, online=False)


def test_signed_file_with_a_hybrid_update_is_read(verify_world, verifier, tmp_path) -> None:
    from pyhanko.pdf_utils.misc import PdfStrictReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    vw = verify_world
    vw.seed_cache(tmp_path)
    data = fp.sign_shaped(fp.hybrid_update(fp.classic_pdf()), vw.good, "Ky")
    with pytest.raises(PdfStrictReadError):
        PdfFileReader(io.BytesIO(data), strict=True)
    path = tmp_path / "hybrid-update.pdf"
    path.write_bytes(data)
    result = verifier.verify(path)
    assert result.error is None, result.error
    [sig] = result.signatures
    assert sig.intact and sig.modifications == "none"
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")


def test_ca_certificate_with_trailing_garbage_is_read(verify_world, verifier, tmp_path) -> None:
    from cryptography import x509

    vw = verify_world
    ca_der = fp.der(vw.pki.sub_ca)
    with pytest.raises(ValueError):
        x509.load_der_x509_certificate(ca_der + GARBAGE)
    signed = fp.sign_shaped(fp.classic_pdf(), vw.good, "Ky", embed_chain=False)
    crl = vw.pki.make_crl().public_bytes(fp.serialization.Encoding.DER)
    path = tmp_path / "garbage-cert.pdf"
    path.write_bytes(
        fp.itext_style_dss(signed, certs=[ca_der], crls=[crl], garbage_after_certs=GARBAGE)
    )
    [sig] = verifier.verify(path).signatures
    assert len(sig.chain) == 3, sig.chain
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    assert sig.revocation.status == "good" and sig.revocation.source == "embedded"
