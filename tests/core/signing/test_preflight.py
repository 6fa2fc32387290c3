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
    from kyso.core.signing.appearance import AppearanceSpec
    from kyso.core.signing.preflight import check_files

    [check] = check_files([tmp_path / "gone.pdf"], password=None, appearance=AppearanceSpec())
    assert check.error is not None and check.error.code == "input_missing"
    assert not check.needs_password and check.repaired_to is None


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
    """The per-file check (the CLI's inputs.preflight) refuses P=1 in words; P=2 with an
    invisible signature and an uncertified file pass."""
    from pyhanko.sign.fields import MDPPerm

    from kyso.core.signing.appearance import AppearanceSpec
    from kyso.core.signing.preflight import check_files

    src = make_pdf(tmp_path / "a.pdf")
    locked = _certified(src, MDPPerm.NO_CHANGES)
    fillable = _certified(src, MDPPerm.FILL_FORMS)
    found = check_files([src, locked, fillable], password=None, appearance=AppearanceSpec())
    assert [c.error.code if c.error else None for c in found] == [
        None, "certified_no_changes", None,
    ]
    assert locked.name in found[1].error.vi and "chứng thực" in found[1].error.vi


def test_damaged_input_is_told_where_its_repaired_copy_goes(tmp_path: Path) -> None:
    """A wrong trailer /Size: repairable; the check says the new file's name (the first
    free one) before the PIN, and writes nothing yet."""
    from kyso.core.signing.appearance import AppearanceSpec
    from kyso.core.signing.preflight import check_files
    src = tmp_path / "hong.pdf"
    src.write_bytes(re.sub(rb"/Size \d+", b"/Size 3", make_pdf(tmp_path / "a.pdf").read_bytes()))
    out = tmp_path / "ra"
    [check] = check_files([src], password=None, appearance=AppearanceSpec(), out_dir=out)
    assert check.error is None and check.repaired_to == out / "hong.repaired.pdf"
    assert not out.exists()
    (tmp_path / "hong.repaired.pdf").write_bytes(b"someone else's")
    [check] = check_files([src], password=None, appearance=AppearanceSpec())
    assert check.repaired_to == tmp_path / "hong.repaired-2.pdf"


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


def test_one_password_for_a_batch_of_plain_and_encrypted_files(tmp_path: Path) -> None:
    """The GUI and ``kyso sign`` give one password for the whole list: a plain file checked
    with it is fine (pikepdf warns when a password is given to a file that needs none, and
    warnings fail this suite); the encrypted one asks for it until it is right."""
    import pikepdf

    from kyso.core.signing.appearance import AppearanceSpec
    from kyso.core.signing.preflight import check_files

    plain = make_pdf(tmp_path / "a.pdf")
    locked = tmp_path / "b.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="mật-khẩu", owner="chủ", R=6))
    spec = AppearanceSpec()
    none = check_files([plain, locked], password=None, appearance=spec)
    assert [c.needs_password for c in none] == [False, True]
    assert none[1].error is not None and none[1].error.code == "encrypted_pdf"
    wrong = check_files([plain, locked], password="sai", appearance=spec)
    assert wrong[1].needs_password and wrong[1].error.code == "bad_password"
    right = check_files([plain, locked], password="mật-khẩu", appearance=spec)
    assert [(c.error, c.needs_password) for c in right] == [(None, False), (None, False)]
