"""A CRL given by file (``crl_dir``, ``kyso check --crl``, the GUI's "Nạp CRL từ tệp…") is
reported as such: source ``file``, not ``online`` (nothing was fetched) nor ``cached``."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from kyso.cli.verify import _text
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from kyso.core.verify.validation import Verifier
from tests.support.verify_fixtures import VerifyWorld, simple_pdf, verify_world

__all__ = ["verify_world"]


def test_a_crl_from_a_file_is_reported_as_file(
    verify_world: VerifyWorld, world, tmp_path: Path
) -> None:
    vw = verify_world
    crl_dir = tmp_path / "crl"
    crl_dir.mkdir()
    (crl_dir / "sub-ca.crl").write_bytes(vw.pki.make_crl().public_bytes(Encoding.DER))
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(vw.sign_bytes(simple_pdf(), level="B-B"))
    checker = TrustChecker(
        vw.world.settings(crl_dir=str(crl_dir)),
        vw.world.anchors(),
        RevocationCache(tmp_path / "cache" / "revocation"),  # empty: the file is the only data
    )
    result = Verifier(checker, online=False).verify(pdf)
    [sig] = result.signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    assert (sig.revocation.status, sig.revocation.source) == ("good", "file")
    signer = sig.to_json("en", details=True)["details"]["path_revocation"][0]
    assert (signer["role"], signer["status"], signer["source"]) == ("signer", "good", "file")
    assert "thu hồi: chưa bị thu hồi (tệp CRL nạp vào máy)" in _text(result)
