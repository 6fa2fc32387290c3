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


def test_crls_loaded_by_hand_reach_the_worker_processes(
    verify_world: VerifyWorld, world, tmp_path: Path, monkeypatch
) -> None:
    """The GUI's "Nạp CRL từ tệp…" builds a checker with ``crls=``; a batch verified in
    worker processes must use them there too (they were dropped: INDETERMINATE)."""
    from kyso.core.trust.revocation import load_crl_files
    from kyso.core.verify import validation
    from kyso.core.verify.validation import verify_many

    vw = verify_world
    crl = tmp_path / "sub-ca.crl"
    crl.write_bytes(vw.pki.make_crl().public_bytes(Encoding.DER))
    signed = vw.sign_bytes(simple_pdf(), level="B-B")
    files = []
    for i in range(4):
        files.append(tmp_path / f"f{i}.pdf")
        files[-1].write_bytes(signed)
    checker = TrustChecker(
        vw.world.settings(),
        vw.world.anchors(),
        RevocationCache(tmp_path / "cache" / "revocation"),
        crls=load_crl_files([crl]),
    )
    monkeypatch.setattr(validation, "FILES_PER_PROCESS", 1)  # workers even for 4 files
    monkeypatch.setattr(validation, "idle_cores", lambda: 2)  # and on a busy machine
    started = []
    real = validation._start_pool
    monkeypatch.setattr(
        validation, "_start_pool", lambda *a, **k: started.append(1) or real(*a, **k)
    )
    results = list(verify_many(files, workers=2, checker=checker, online=False))
    assert started == [1]
    for result in results:
        [sig] = result.signatures
        assert (sig.conclusion, sig.revocation.source) == ("TOTAL_PASSED", "file"), result.file
