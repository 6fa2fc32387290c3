"""A certificate whose public key is RSASSA-PSS (SPKI algorithm id-RSASSA-PSS, RFC 4055):
the key may make PSS signatures only, so Kyso signs with PSS. Found by a fault hunter: Kyso
stopped with "cấu trúc PDF có chỗ Kyso không xử lý được … lưu lại thành bản mới" (pyHanko:
"Signature mechanism rsassa_pss is unsupported"), blaming a PDF that was fine.

The certificate is made by the openssl command line (cryptography cannot issue one), the
key put on a SoftHSM2 token; the output is judged by pdfsig, pyHanko, ``openssl cms`` and
endesive — except that poppler's pdfsig (NSS) rejects every signature by an id-RSASSA-PSS
key, pyHanko's own included, so its verdict is compared with its verdict on pyHanko's
output. A PSS key restricted to another hash than Kyso's SHA-256 is refused in words, never
signed against its restriction.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.core.demo.pki import Issued
from kyso.core.errors import KysoError
from kyso.core.keys.base import key_scheme
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.softhsm import KeyObject
from tests.conftest import USER_PIN
from tests.core.tokens.test_key_pairing import KEY_ID, _build, _cert_obj
from tests.support.output_checks import (
    check_endesive,
    check_openssl,
    check_pyhanko,
    pdfsig,
)
from tests.support.signing_fixtures import FixedPin, make_pdf, sign_world_base

__all__ = ["sign_world_base"]


def _pss_leaf(pki: Any, folder: Path, *key_options: str) -> Issued:
    """A leaf under the test sub-CA whose key is RSA-PSS (``key_options``: openssl
    ``-pkeyopt`` values, e.g. a hash restriction)."""
    folder.mkdir()
    options = [x for o in ("rsa_keygen_bits:2048", *key_options) for x in ("-pkeyopt", o)]
    run = lambda *args: subprocess.run(args, check=True, capture_output=True)  # noqa: E731
    run("openssl", "genpkey", "-algorithm", "RSA-PSS", *options, "-out", str(folder / "k.pem"))
    (folder / "ca.pem").write_bytes(pki.sub_ca.pem)
    (folder / "ca.key").write_bytes(
        pki.sub_ca.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (folder / "ext").write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
    )
    run("openssl", "req", "-new", "-key", str(folder / "k.pem"), "-subj",
        "/C=VN/ST=Hưng Yên/O=UBND tỉnh Hưng Yên/CN=Phạm Văn Pê Ét Ét", "-utf8",
        "-out", str(folder / "r.csr"))
    run("openssl", "x509", "-req", "-in", str(folder / "r.csr"), "-CA", str(folder / "ca.pem"),
        "-CAkey", str(folder / "ca.key"), "-CAcreateserial", "-days", "300", "-sha256",
        "-extfile", str(folder / "ext"), "-out", str(folder / "c.pem"))
    cert = x509.load_pem_x509_certificate((folder / "c.pem").read_bytes())
    assert cert.public_key_algorithm_oid.dotted_string == "1.2.840.113549.1.1.10"
    key = serialization.load_pem_private_key((folder / "k.pem").read_bytes(), None)
    return Issued(cert, key)  # type: ignore[arg-type]


def _pyhanko_reference(leaf: Issued, tmp_path: Path) -> Path:
    """The same PDF signed by pyHanko's own signer with the same PSS key and certificate."""
    import io

    from asn1crypto import algos, keys
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    sha256 = {"algorithm": "sha256"}
    mechanism = algos.SignedDigestAlgorithm({
        "algorithm": "rsassa_pss",
        "parameters": algos.RSASSAPSSParams({
            "hash_algorithm": sha256,
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": sha256},
            "salt_length": 32,
        }),
    })
    signer = signers.SimpleSigner(
        signing_cert=ax509.Certificate.load(leaf.der),
        signing_key=keys.PrivateKeyInfo.load(leaf.key_pkcs8_der()),
        cert_registry=None,
        signature_mechanism=mechanism,
    )
    src = make_pdf(tmp_path / "reference.pdf")
    writer = IncrementalPdfFileWriter(io.BytesIO(src.read_bytes()))
    out = signers.sign_pdf(
        writer, signers.PdfSignatureMetadata(field_name="S", md_algorithm="sha256"), signer=signer
    )
    target = tmp_path / "reference.signed.pdf"
    target.write_bytes(out.getvalue())
    return target


def _pdfsig_verdict(path: Path) -> list[str]:
    return [line.strip() for line in pdfsig(path).splitlines() if "Signature Validation" in line]


def _sign(built: Any, label: str, src: Path, pki: Any) -> Any:
    key = Pkcs11Key.for_entry(built.module, built.snapshot(), built.entry(label), FixedPin(USER_PIN))
    with key:
        report = sign_with_key(key, SignRequest(
            [src], SignOptions(level=Level.B_B),
            chain_pool=[pki.sub_ca.cert, pki.root.cert], trust_roots=[pki.root.cert]))
    return report.results[0]


def test_rsa_pss_certificate_signs_with_pss(tokens, softhsm_module, sign_world_base, tmp_path):
    pki = sign_world_base.certs.pki
    leaf = _pss_leaf(pki, tmp_path / "pss")
    built = _build(tokens, softhsm_module, sign_world_base,
                   keys=[KeyObject(leaf.key_pkcs8_der(), KEY_ID, "pss")],
                   certs=[_cert_obj(leaf, "pss")])
    result = _sign(built, "pss", make_pdf(tmp_path / "pss.pdf"), pki)
    assert result.status == "signed", result.error and result.error.vi
    root = sign_world_base.root_der
    check_pyhanko(result.output, root)
    (tmp_path / "openssl").mkdir()
    check_openssl(result.output, root, tmp_path / "openssl")
    check_endesive(result.output, root)
    # poppler (NSS) calls every signature by an id-RSASSA-PSS key invalid, pyHanko's own
    # too: its verdict on Kyso's output must be its verdict on pyHanko's, nothing worse
    reference = _pyhanko_reference(leaf, tmp_path)
    assert _pdfsig_verdict(result.output) == _pdfsig_verdict(reference), pdfsig(result.output)
    data = result.output.read_bytes()
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    info = cms.ContentInfo.load(bytes.fromhex(data[start : data.index(b">", start)].decode()))
    signer = info["content"]["signer_infos"][0]
    assert signer["signature_algorithm"]["algorithm"].native == "rsassa_pss"


def test_pss_key_restricted_to_another_hash_is_refused_in_words(tmp_path, sign_world_base):
    leaf = _pss_leaf(sign_world_base.certs.pki, tmp_path / "pss384",
                     "rsa_pss_keygen_md:sha384", "rsa_pss_keygen_mgf1_md:sha384",
                     "rsa_pss_keygen_saltlen:48")
    with pytest.raises(KysoError) as info:
        key_scheme(leaf.cert)
    assert info.value.code == "key_type_unsupported"
    assert "RSA-PSS" in info.value.vi and "SHA-384" in info.value.vi


