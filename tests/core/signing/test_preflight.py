"""Checks before the PIN (issue 16 §2) against a real RFC 3161 TSA on 127.0.0.1, a port
nobody listens on, a TSA that answers junk, and folders that cannot be written."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from kyso.core.demo.token import demo_certificates
from kyso.core.signing.pades import Level
from kyso.core.signing.preflight import check_before_pin, check_output, check_tsa
from tests.support.signing_fixtures import make_pdf
from tests.support.tsa import TimeStampAuthority, TsaServer, issue_tsa_certificate


@pytest.fixture(scope="module")
def tsa():
    pki = demo_certificates("TEST").pki
    server = TsaServer(TimeStampAuthority(issue_tsa_certificate(pki), [pki.sub_ca]))
    yield server
    server.stop()


def _closed_port_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nobody listens there now
    return f"http://127.0.0.1:{port}/"


def _one_language(text: str, other: str) -> None:
    """No errno, no library words, and none of the other language's text."""
    assert "Errno" not in text and "[" not in text and "Connection refused" not in text
    assert other not in text


def test_a_working_tsa_passes_and_was_asked(tsa) -> None:
    tsa.mode = "ok"
    before = tsa.hits
    assert check_tsa(tsa.url, timeout=5) is None
    assert tsa.hits == before + 1  # a real request, not a guess


def test_unreachable_tsa_in_one_language_without_errno() -> None:
    found = check_tsa(_closed_port_url(), timeout=3)
    assert found is not None and found.code == "tsa_unreachable"
    vi, en = found.message("vi"), found.message("en")
    assert "Không liên lạc được" in vi and "B-B" in vi
    assert "cannot be reached" in en
    _one_language(vi, "cannot be reached")
    _one_language(en, "Không")


def test_a_tsa_answering_junk_is_refused(tsa) -> None:
    tsa.mode = "garbage"
    try:
        found = check_tsa(tsa.url, timeout=5)
    finally:
        tsa.mode = "ok"
    assert found is not None and found.code == "tsa_refused"


def test_fallback_to_b_b_only_when_allowed(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    url = _closed_port_url()
    strict = check_before_pin([pdf], level=Level.B_T, tsa_url=url, timeout=3)
    assert not strict.ready and strict.fallback is None and strict.tsa_problem is not None
    lenient = check_before_pin(
        [pdf], level=Level.B_T, tsa_url=url, timeout=3, fallback_levels=(Level.B_B,)
    )
    assert lenient.fallback is Level.B_B and not lenient.problems
    # B-B asks no TSA at all
    assert check_before_pin([pdf], level=Level.B_B, tsa_url=url).ready


def test_output_folder_that_cannot_be_written(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    not_a_folder = tmp_path / "a-file.txt"
    not_a_folder.write_text("x")
    found = check_output([pdf], not_a_folder / "signed")
    assert [f.code for f in found] == ["output_not_writable"]
    assert str(not_a_folder / "signed") in found[0].vi
    assert re.search(r"Errno|\[|\]", found[0].vi) is None
    # a folder that does not exist yet but can be made is fine (the signer creates it)
    assert check_output([pdf], tmp_path / "new" / "deeper") == []
    assert check_output([pdf], None) == []


def test_missing_input(tmp_path: Path) -> None:
    report = check_before_pin([tmp_path / "gone.pdf"], level=Level.B_B, tsa_url="http://x.invalid/")
    assert [f.code for f in report.problems] == ["input_missing"]


def _certified(path: Path, permission) -> Path:
    """``path``'s PDF certified by the test PKI's organization with ``permission``
    (pyHanko's own signer, not Kyso's)."""
    from asn1crypto import keys, x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = demo_certificates("TEST")
    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(certs.organization.der),
        signing_key=keys.PrivateKeyInfo.load(certs.organization.key_pkcs8_der()),
        cert_registry=SimpleCertificateStore.from_certs([]),
    )
    with path.open("rb") as fh:
        writer = IncrementalPdfFileWriter(fh)
        out = signers.sign_pdf(
            writer,
            signers.PdfSignatureMetadata(
                field_name="ChungNhan", certify=True, docmdp_permissions=permission
            ),
            signer=signer,
        )
    target = path.with_name(path.stem + f"-certified-{permission.value}.pdf")
    target.write_bytes(out.getvalue())
    return target


def test_certified_no_changes_is_refused_before_the_pin(tmp_path: Path) -> None:
    from pyhanko.sign.fields import MDPPerm

    from kyso.core.signing.preflight import check_certification

    src = make_pdf(tmp_path / "a.pdf")
    locked = _certified(src, MDPPerm.NO_CHANGES)
    fillable = _certified(src, MDPPerm.FILL_FORMS)
    found = check_certification([src, locked, fillable])
    assert [f.code for f in found] == ["input_certified_no_changes"]
    assert str(locked) in found[0].vi and "chứng nhận" in found[0].vi
    report = check_before_pin([locked], level=Level.B_B, tsa_url="http://x.invalid/")
    assert [f.code for f in report.problems] == ["input_certified_no_changes"]


def test_b_lt_needs_a_revocation_list_before_the_pin(tmp_path: Path) -> None:
    from kyso.core.demo.pki import PkiUrls
    from kyso.core.signing.preflight import check_revocation
    from tests.support.responders import CrlServer

    crl = CrlServer()
    try:
        online = demo_certificates("TEST", PkiUrls(crl_url=crl.url("/sub.crl")))
        crl.publish("sub.crl", online.pki)
        assert check_revocation([online.organization.cert]) is None
        offline = demo_certificates("TEST", PkiUrls(crl_url=_closed_port_url() + "sub.crl"))
        found = check_revocation([offline.organization.cert], timeout=3)
        assert found is not None and found.code == "revocation_unreachable"
        assert "B-T" in found.vi and "Errno" not in found.vi
        pdf = make_pdf(tmp_path / "a.pdf")
        report = check_before_pin(
            [pdf], level=Level.B_LT, tsa_url=crl.url("/none"), timeout=3,
            certificates=[offline.organization.cert], fallback_levels=(Level.B_B,),
        )
        assert "revocation_unreachable" in [f.code for f in report.problems]
        # the caller's own revocation data (the DEMO's cached CRL) is enough
        report = check_before_pin(
            [pdf], level=Level.B_LT, tsa_url=crl.url("/none"), timeout=3,
            certificates=[offline.organization.cert], have_revocation_data=True,
        )
        assert "revocation_unreachable" not in [f.code for f in report.problems]
        # no certificate names a CRL: nothing to fetch, nothing to refuse
        assert check_revocation([]) is None
    finally:
        crl.stop()
