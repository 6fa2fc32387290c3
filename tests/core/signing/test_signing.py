"""PAdES signing through SoftHSM2 with the test PKI, TSA and CRL server (issue 5)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _vc(world):
    from asn1crypto import x509 as ax509

    return ValidationContext(
        trust_roots=[ax509.Certificate.load(world.root_der)], allow_fetching=False
    )


def _validate(world, path: Path, index: int = -1):
    with path.open("rb") as fh:
        r = PdfFileReader(fh)
        sig = r.embedded_signatures[index]
        status = validate_pdf_signature(sig, _vc(world))
        return status


def _pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_sign_bb_invisible(sign_world, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    before = sha256_file(src)
    signer = sign_world.signer()
    result = signer.sign_file(src, SignOptions(level=Level.B_B, tsa_url=sign_world.tsa.url))
    assert result.status == "signed", result.error
    assert sha256_file(src) == before
    status = _validate(sign_world, result.output)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert "Signature is Valid" in _pdfsig(result.output)
    report = check_signed_output(result.output, sign_world.root_der, tmp_path / "checks")
    # the signer, the sub-CA and the root: each once (pyHanko alone puts the signer in twice)
    assert report.cms_certificates == [3]


@pytest.mark.parametrize("level", [Level.B_T, Level.B_LT, Level.B_LTA])
def test_levels(sign_world, tmp_path, level):
    src = make_pdf(tmp_path / "a.pdf")
    spec = AppearanceSpec(Profile.APPENDIX, number_symbol="125/QĐ-UBND")
    result = sign_world.signer().sign_file(
        src, SignOptions(level=level, tsa_url=sign_world.tsa.url, appearance=spec)
    )
    assert result.status == "signed", result.error
    status = _validate(sign_world, result.output, 0)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert "Signature is Valid" in _pdfsig(result.output)
    report = check_signed_output(result.output, sign_world.root_der, tmp_path / "checks")
    assert report.cms_certificates[0] == 3
    with result.output.open("rb") as fh:
        r = PdfFileReader(fh)
        dss = r.root.get("/DSS")
        if level is Level.B_T:
            assert dss is None
            # control: without embedded revocation data a hard-fail check cannot trust it
            from asn1crypto import x509 as ax509

            hard = ValidationContext(
                trust_roots=[ax509.Certificate.load(sign_world.root_der)],
                allow_fetching=False,
                revocation_mode="hard-fail",
                crls=[],
                ocsps=[],
            )
            assert not validate_pdf_signature(r.embedded_signatures[0], hard).trusted
        else:  # revocation data of the signer's chain and the TSA's, in the DSS
            dss = dss.get_object()
            assert len(dss["/CRLs"].get_object()) >= 1 and len(dss["/Certs"].get_object()) >= 3
        if level.long_term:  # validates from the embedded data alone: no fetching, hard-fail
            from asn1crypto import x509 as ax509
            from pyhanko.sign.validation.dss import DocumentSecurityStore

            vc = DocumentSecurityStore.read_dss(r).as_validation_context(
                {
                    "trust_roots": [ax509.Certificate.load(sign_world.root_der)],
                    "allow_fetching": False,
                    "revocation_mode": "hard-fail",
                }
            )
            lt = validate_pdf_signature(r.embedded_signatures[0], vc)
            assert lt.intact and lt.valid and lt.trusted, lt.pretty_print_details()
        if level is Level.B_LTA:
            assert len(r.embedded_signatures) == 2  # the signature + a document timestamp
            assert r.embedded_signatures[1].sig_object["/Type"] == "/DocTimeStamp"
            # nothing after the document timestamp (pyHanko's own DSS revision there would
            # name pyHanko the producer): it covers the whole file, its TSA's data included
            from pyhanko.sign.validation.status import SignatureCoverageLevel

            ts = r.embedded_signatures[1]
            assert ts.evaluate_signature_coverage() is SignatureCoverageLevel.ENTIRE_FILE


def test_retries_with_more_room(sign_world, tmp_path, caplog):
    """A container that does not fit the first reservation is signed again, larger."""
    src = make_pdf(tmp_path / "a.pdf")
    signer = sign_world.signer()
    signer.first_reserve = lambda level: 600  # far too small for RSA + chain + timestamp
    with caplog.at_level("INFO", logger="kyso.core.signing.pades"):
        result = signer.sign_file(src, SignOptions(level=Level.B_T, tsa_url=sign_world.tsa.url))
    assert result.status == "signed", result.error
    assert "too small" in caplog.text
    status = _validate(sign_world, result.output)
    assert status.intact and status.valid and status.timestamp_validity.valid
    assert not list(tmp_path.glob("*.part"))


def test_one_tsa_request_per_signature(sign_world, tmp_path):
    signer = sign_world.signer()
    before = sign_world.tsa.hits
    for i in range(3):
        src = make_pdf(tmp_path / f"{i}.pdf")
        r = signer.sign_file(src, SignOptions(level=Level.B_T, tsa_url=sign_world.tsa.url))
        assert r.status == "signed", r.error
    assert sign_world.tsa.hits - before == 3


def test_tsa_down_is_a_clear_error(sign_world, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    sign_world.tsa.mode = "down"
    try:
        r = sign_world.signer().sign_file(src, SignOptions(level=Level.B_T, tsa_url=sign_world.tsa.url))
    finally:
        sign_world.tsa.mode = "ok"
    assert r.status == "failed" and r.error.code == "tsa_failed", r.error
    assert "dấu thời gian" in r.error.vi
    # one language at a time, no errno, no library text (issue 16)
    assert "Could not" not in r.error.vi and "Errno" not in r.error.vi
    assert "Không" not in r.error.en and "Errno" not in r.error.en
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "a.signed.pdf").exists()


def test_signing_time_is_utc_inside(sign_world, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    r = sign_world.signer().sign_file(src, SignOptions())
    with r.output.open("rb") as fh:
        m = str(PdfFileReader(fh).embedded_signatures[0].sig_object["/M"])
    assert m.endswith("Z") or m.endswith("+00'00'") or m.endswith("+00'00"), m
    assert r.signing_time.utcoffset().total_seconds() == 0


def test_large_file_digest_is_taken_while_copying(sign_world, tmp_path):
    """The streamed digest (no second read of the whole file) is really used with the
    installed pyHanko; if an upgrade changes its internals this fails instead of quietly
    falling back to the slow path."""
    from kyso.core.signing import pades as signing

    src = make_pdf(tmp_path / "a.pdf")
    before = dict(signing.DIGEST_PATHS)
    result = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B))
    assert result.status == "signed", result.error
    assert signing.DIGEST_PATHS["streamed"] == before["streamed"] + 1
    assert signing.DIGEST_PATHS["read_back"] == before["read_back"]
    status = _validate(sign_world, result.output)
    assert status.intact and status.valid


def test_token_key_signs_on_its_module_thread(sign_world, tmp_path):
    """DESIGN: one thread owns each PKCS#11 module. The signing loop only awaits the key; the
    C_Sign itself runs on the module's thread."""
    signer = sign_world.signer()
    seen = []
    original = signer.key._sign_now

    def spy(digests, algorithm):
        seen.append(sign_world.module.on_module_thread())
        return original(digests, algorithm)

    signer.key._sign_now = spy
    result = signer.sign_file(make_pdf(tmp_path / "a.pdf"), SignOptions())
    assert result.status == "signed", result.error
    assert seen == [True]
    assert signer.key.pairing is not None and signer.key.pairing.how == "public_key"
