"""Findings of the independent review of verification (reviewer: revsig, commit b88a64e).

Each test is a defect found by attacking Kyso with tools it does not use itself; each
comment says what was wrong, what it should be, and which external tool gives the
evidence (pyHanko, pdfsig, openssl, PDFium/poppler renderings).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.support.verify_fixtures import (
    VerifyWorld,
    _appearance_stream,
    fill_text_field,
    simple_pdf,
    verify_world,
)

__all__ = ["verify_world"]

Rect = tuple[float, float, float, float]
# simple_pdf draws its text at (72, 760) on every page; the field covers it.
OVER_TEXT: Rect = (60.0, 740.0, 420.0, 790.0)
REPLACE = b"1 g 0 0 360 50 re f 0 g BT /Helv 14 Tf 12 22 Td (Noi dung da bi thay doi) Tj ET"


def _n(name: str) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.pdf_name(name)


def _writer(data: bytes) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)


def _out(w: Any) -> bytes:
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def prepared_form(pages: int, page_index: int, rect: Rect, name: str = "GhiChu") -> bytes:
    """A document with an empty text field over the signed text of page ``page_index``
    (the shadow attacker's preparation, signed afterwards)."""
    from pyhanko.pdf_utils import generic

    w = _writer(simple_pdf(pages))
    page_ref = w.root["/Pages"]["/Kids"][page_index]
    page = page_ref.get_object()
    x1, y1, x2, y2 = rect
    widget = generic.DictionaryObject(
        {
            _n("/Type"): _n("/Annot"),
            _n("/Subtype"): _n("/Widget"),
            _n("/FT"): _n("/Tx"),
            _n("/T"): generic.pdf_string(name),
            _n("/V"): generic.pdf_string(""),
            _n("/F"): generic.NumberObject(4),
            _n("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in rect]),
            _n("/P"): page_ref,
            _n("/AP"): generic.DictionaryObject(
                {_n("/N"): _appearance_stream(w, b"", x2 - x1, y2 - y1)}
            ),
        }
    )
    widget_ref = w.add_object(widget)
    page[_n("/Annots")] = generic.ArrayObject([widget_ref])
    w.update_container(page)
    w.root[_n("/AcroForm")] = w.add_object(
        generic.DictionaryObject({_n("/Fields"): generic.ArrayObject([widget_ref])})
    )
    w.update_root()
    return _out(w)


def pyhanko_verdict(data: bytes, root: object) -> tuple[bool, bool, str]:
    """(intact and valid, docmdp_ok, modification level) by pyHanko's own validation."""
    import asyncio

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from tests.support.verify_fixtures import _asn1

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sig = reader.embedded_regular_signatures[0]
    status = asyncio.run(
        async_validate_pdf_signature(
            sig, ValidationContext(trust_roots=[_asn1(root)], allow_fetching=False)
        )
    )
    return (
        bool(status.intact and status.valid),
        bool(status.docmdp_ok),
        str(status.modification_level),
    )


def pdfsig_valid(path: Path) -> bool:
    """Whether poppler's pdfsig calls every signature of ``path`` valid."""
    import re
    import subprocess

    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    ).stdout
    found = re.findall(r"Signature Validation: (.*)", out)
    return bool(found) and all(v == "Signature is Valid." for v in found)


def pyhanko_dss_verdict(vw: VerifyWorld, data: bytes) -> tuple[bool, bool]:
    """pyHanko's (intact and valid, trusted) with only the document's own data (its DSS)
    and revocation data required, as in tests/core/verify/test_verify_paths.py."""
    import asyncio

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from tests.support.verify_fixtures import _asn1

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    [sig] = reader.embedded_regular_signatures
    vc = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {
            "trust_roots": [_asn1(vw.pki.root)],
            "allow_fetching": False,
            "revocation_mode": "require",
        }
    )
    status = asyncio.run(async_validate_pdf_signature(sig, vc, skip_diff=True))
    return bool(status.intact and status.valid), bool(status.trusted)


# -- 1. Embedded CRLs are taken as proof whatever their scope -----------------------------
#
# WHAT IS WRONG: kyso.core.verify.embedded.EmbeddedData.status_for accepts any CRL in the
# document (DSS, CMS) that the issuer signed as "good" for every certificate it does not
# list. It never calls trust.revocation.crl_scope, so a delta CRL, a CRL that covers only
# CA certificates, only some reasons, another distribution point's partition, or one with
# an unknown critical extension — each is proof of "not revoked". The online trust check
# (RevocationChecker._decide_crls) refuses every one of these (issue 21), so the rule
# exists; `kyso verify` simply does not use it for what a PDF carries. Because the embedded
# answer wins over "unknown", a revoked signer passes whenever the CA's own CRL/OCSP cannot
# be reached: `kyso verify --offline` (offline desktops are a supported case), or online
# with the CA's server down. (For a CA in the path the trust check's own path revocation
# still finds the revocation online; that case held.)
# WHAT IT SHOULD BE: an embedded CRL counts only where crl_scope says COMPLETE (partial
# ones only as evidence of revocation, as online); otherwise the status is unknown and the
# cache/network is asked, exactly as for fetched CRLs.
# EVIDENCE: with the same CRL, pyhanko-certvalidator raises InsufficientRevinfoError for
# all five ("CRL only contains CA certificates…", "do not cover all revocation reasons",
# "no revocation information could be found", "unrecognized critical extensions");
# `openssl verify -crl_check` says "different CRL scope" (ca_only, other_partition) and
# "unhandled critical CRL extension". pyHanko on the whole PDF with the DSS as its only
# data (revocation required) does not call the signature trusted.

SCOPES_UNDER_TEST = ["ca_only", "some_reasons", "other_partition", "delta", "unknown_critical"]


@pytest.mark.parametrize("scope", SCOPES_UNDER_TEST)
def test_embedded_crl_out_of_scope_is_no_proof_for_a_revoked_signer(
    scope: str, verify_world: VerifyWorld, world, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives import serialization

    from tests.support.pki_cases import SCOPES, make_crl
    from tests.support.verify_fixtures import add_dss

    vw = verify_world
    # The signer is revoked (on the sub-CA's real CRL); the document carries a genuinely
    # signed sub-CA CRL whose scope does not cover it.
    signed = vw.sign_bytes(simple_pdf(), vw.revoked, field_name="Ky")
    crl = make_crl(world, extensions=SCOPES[scope])
    data = add_dss(signed, crls=[crl.public_bytes(serialization.Encoding.DER)])
    path = tmp_path / f"{scope}.pdf"
    path.write_bytes(data)

    [sig] = vw.verifier(tmp_path, online=False).verify(path).signatures

    # Control: pyHanko, given this DSS as its only revocation data, does not trust it.
    assert pyhanko_dss_verdict(vw, data)[1] is False
    revocation = sig.to_json("en")["revocation"]
    assert revocation["status"] != "good", (scope, revocation)
    assert sig.conclusion != "TOTAL_PASSED", (scope, sig.to_json("en"))
    # The verdict says why the document's CRL proved nothing (not "no data at all").
    assert "embedded_revocation_unused" in {r.code for r in sig.reasons}, sig.to_json("en")


# -- 2. The visual shadow-attack check stops at page 50 -----------------------------------
#
# WHAT IS WRONG: kyso.core.verify.visual.touched_pages looks at pages[:MAX_PAGES] (50)
# only. A hide-and-replace shadow attack on page 51 or later of a signed document (a
# contract with annexes is easily that long) is never rendered, and the signature is
# TOTAL_PASSED with "allowed changes" — not even "visual_not_checked". The same attack on
# page 1 is caught (TOTAL_FAILED, visual_difference), so only the page number decides.
# WHAT IT SHOULD BE: every page the later revisions touch is compared; if a limit is kept
# for cost, pages beyond it make the signature INDETERMINATE with visual_not_checked
# (as visual.py already does when the comparison cannot run), never a silent pass.
# EVIDENCE: `pdftoppm -f 55 -l 55` of the output shows "Noi dung da bi thay doi" over the
# signed text of page 55; pyHanko's diff analysis calls the update FORM_FILLING and pdfsig
# says "Signature is Valid" — the case Kyso's own visual check exists for.


def test_shadow_attack_after_page_50_is_not_a_silent_pass(
    verify_world: VerifyWorld, verifier, tmp_path: Path
) -> None:
    vw = verify_world
    page1 = fill_text_field(
        vw.sign_bytes(prepared_form(1, 0, OVER_TEXT), field_name="Ky"), "x", REPLACE
    )
    page55 = fill_text_field(
        vw.sign_bytes(prepared_form(60, 54, OVER_TEXT), field_name="Ky"), "x", REPLACE
    )
    (tmp_path / "p1.pdf").write_bytes(page1)
    (tmp_path / "p55.pdf").write_bytes(page55)

    # Control: on page 1 Kyso catches it.
    [first] = verifier.verify(tmp_path / "p1.pdf").signatures
    assert (first.conclusion, first.reasons[0].code) == ("TOTAL_FAILED", "visual_difference")
    # pyHanko: allowed form filling, so only a visual comparison can catch it.
    assert pyhanko_verdict(page55, vw.pki.root)[1:] == (True, "ModificationLevel.FORM_FILLING")

    [sig] = verifier.verify(tmp_path / "p55.pdf").signatures
    assert sig.conclusion != "TOTAL_PASSED", sig.to_json("en")
    assert {r.code for r in sig.reasons} & {"visual_difference", "visual_not_checked"}


# -- 4. A later signature's appearance may paint over signed text (Sneaky Signature) -------
#
# WHAT IS WRONG: visual.check_what_is_shown masks the whole widget box of every later
# signature ("its appearance is expected; a seal may cover a signature"). The rationale
# covers a seal over the leader's *signature*; the rule covers anything. Any holder of a
# trusted certificate (a clerk of the unit) adds a visible signature whose appearance is a
# white box with other words, placed over the text the leader signed: the leader's
# signature is TOTAL_PASSED with "allowed changes", the page now reads differently. This is
# the Sneaky Signature Attack (Mainka, Mladenov, Rohlmann, "Breaking the Specification: PDF
# Certification", IEEE S&P 2021) — the shape visual.py was written to catch for form fields,
# where the same over-broad rule was already narrowed to "over what was blank".
# WHAT IT SHOULD BE: a later signature's appearance is explained over blank paper and over
# earlier signatures' own appearances (so the seal-over-leader layout of Nghị định 30 still
# passes), not over signed page content; there the earlier signature gets the
# visual_difference finding.
# EVIDENCE: `pdftoppm` of the output shows "Noi dung da bi thay doi" where the signed page
# read "Van ban thu nghiem - trang 1"; pyHanko (new signature field = allowed) and pdfsig
# (both signatures valid) accept it, so only Kyso's visual comparison could notice.


def test_later_signature_painted_over_signed_text_is_not_explained(
    verify_world: VerifyWorld, world, verifier, tmp_path: Path
) -> None:
    import asyncio

    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    from tests.support.verify_fixtures import Signer, leaf

    vw = verify_world
    clerk = Signer(
        leaf(vw.pki, "Lê Thị Văn Thư", world.leaf_key), [vw.pki.sub_ca, vw.pki.root], "clerk"
    )
    signed = vw.sign_bytes(simple_pdf(), field_name="LanhDao")
    cover = TextStampStyle(
        stamp_text="Noi dung da bi thay doi",
        background=RawContent(b"1 g 0 0 360 50 re f", box=BoxConstraints(360, 50)),
        background_opacity=1.0,
        border_width=0,
    )
    meta = signers.PdfSignatureMetadata(
        field_name="VanThu", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    box = (60, 740, 420, 790)  # over the signed text at (72, 760)
    pdf_signer = signers.PdfSigner(
        meta,
        signer=clerk.pyhanko_signer(),
        stamp_style=cover,
        new_field_spec=fields.SigFieldSpec("VanThu", on_page=0, box=box),
    )
    out = io.BytesIO()
    asyncio.run(pdf_signer.async_sign_pdf(_writer(signed), output=out))
    path = tmp_path / "sneaky.pdf"
    path.write_bytes(out.getvalue())

    assert pdfsig_valid(path)  # control: poppler calls both signatures valid
    leader, later = verifier.verify(path).signatures
    assert later.conclusion == "TOTAL_PASSED"  # the clerk's own signature is fine
    assert leader.conclusion != "TOTAL_PASSED", leader.to_json("en")
    assert leader.reasons[0].code == "visual_difference"


def crl_without_next_update(issuer: Any, this_update: Any, revoked: tuple[int, ...] = ()) -> bytes:
    """A CRL with no nextUpdate (RFC 5280 allows omitting it; cryptography cannot build one),
    signed with ``issuer``'s key (tests.support.demo Issued)."""
    from asn1crypto import algos
    from asn1crypto import crl as acrl
    from asn1crypto import x509 as ax
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    subject = ax.Certificate.load(issuer.der).subject
    alg = algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"})
    fields: dict[str, Any] = {
        "version": "v2",
        "signature": alg,
        "issuer": subject,
        "this_update": ax.Time({"utc_time": this_update}),
    }
    if revoked:
        fields["revoked_certificates"] = [
            {"user_certificate": s, "revocation_date": ax.Time({"utc_time": this_update})}
            for s in revoked
        ]
    tbs = acrl.TbsCertList(fields)
    signature = issuer.key.sign(tbs.dump(), padding.PKCS1v15(), hashes.SHA256())
    return acrl.CertificateList(
        {"tbs_cert_list": tbs, "signature_algorithm": alg, "signature": signature}
    ).dump()


# -- 5. An embedded CRL without nextUpdate counts forever ----------------------------------
#
# WHAT IS WRONG: EmbeddedData.status_for skips a CRL only when its nextUpdate is before the
# time that counts; a CRL with no nextUpdate is never skipped. The README promises "an
# embedded answer counts only inside its window (one without nextUpdate only for an hour
# after it was made)", and status_for applies that to OCSP answers
# (NO_NEXT_UPDATE_MAX_AGE) but not to CRLs; the online path (revocation.is_current) applies
# it to both. A sub-CA CRL 400 days old, without nextUpdate, embedded in a B-B document
# whose signer has been revoked since: `kyso verify --offline` says TOTAL_PASSED, revocation
# "good" (embedded).
# WHAT IT SHOULD BE: the same window as OCSP and as online: such a CRL speaks only for
# NO_NEXT_UPDATE_MAX_AGE after its thisUpdate; here the status is unknown → INDETERMINATE.
# EVIDENCE: pyHanko validating the same PDF with its DSS as the only data (revocation
# required) does not call the signer trusted.


def test_embedded_crl_without_next_update_is_not_good_forever(
    verify_world: VerifyWorld, world, tmp_path: Path
) -> None:
    import datetime as dt

    from tests.support.verify_fixtures import add_dss

    vw = verify_world
    stale = crl_without_next_update(vw.pki.sub_ca, vw.pki.now - dt.timedelta(days=400))
    signed = vw.sign_bytes(simple_pdf(), vw.revoked, field_name="Ky")
    data = add_dss(signed, crls=[stale])
    path = tmp_path / "stale_crl.pdf"
    path.write_bytes(data)

    [sig] = vw.verifier(tmp_path, online=False).verify(path).signatures

    assert pyhanko_dss_verdict(vw, data) == (True, False)
    assert sig.to_json("en")["revocation"]["status"] != "good", sig.to_json("en")
    assert sig.conclusion != "TOTAL_PASSED"
    unused = [r for r in sig.reasons if r.code == "embedded_revocation_unused"]
    assert unused and "one hour" in unused[0].en, sig.to_json("en")


# -- 6. Shadow attack through /NeedAppearances: nothing on the page changes, what it shows does
#
# WHAT IS WRONG: visual.touched_pages compares only pages whose dictionary or one of whose
# annotations changed. The attacker signs a document with a text field whose appearance
# shows "So tien: 1.000.000 dong" while its value (/V) is "So tien: 9.000.000 dong"
# (invisible: the appearance is what viewers draw). Later an incremental update sets
# /AcroForm /NeedAppearances true — nothing else. Viewers then regenerate the field's
# appearance from /V and show 9.000.000. No page and no annotation changed, so Kyso renders
# nothing and reports TOTAL_PASSED with "allowed changes".
# WHAT IT SHOULD BE: an update that can change how fields are drawn (/AcroForm
# /NeedAppearances, /DA, /DR) touches every page with a widget; those pages are compared
# (here the comparison Kyso already has would find the region: PDFium draws the new value).
# EVIDENCE: pdftoppm (poppler) and PDFium (pypdfium2 with init_forms, as visual.py renders)
# both show "1.000.000" for the signed revision and "9.000.000" for the file; pyHanko's
# diff analysis classes the update LTA_UPDATES (allowed), pdfsig says the signature is
# valid.


def _value_differs_from_appearance(rect: Rect) -> bytes:
    from pyhanko.pdf_utils import generic

    w = _writer(prepared_form(1, 0, rect))
    x1, y1, x2, y2 = rect
    for ref in w.root["/AcroForm"]["/Fields"]:
        field_dict = ref.get_object()
        field_dict[_n("/V")] = generic.pdf_string("So tien: 9.000.000 dong")
        field_dict[_n("/DA")] = generic.pdf_string("/Helv 12 Tf 0 g")
        shown = b"0 g BT /Helv 12 Tf 4 8 Td (So tien: 1.000.000 dong) Tj ET"
        field_dict[_n("/AP")] = generic.DictionaryObject(
            {_n("/N"): _appearance_stream(w, shown, x2 - x1, y2 - y1)}
        )
        w.mark_update(ref)
    acroform = w.root["/AcroForm"]
    font = w.add_object(
        generic.DictionaryObject(
            {
                _n("/Type"): _n("/Font"),
                _n("/Subtype"): _n("/Type1"),
                _n("/BaseFont"): _n("/Helvetica"),
            }
        )
    )
    acroform[_n("/DR")] = generic.DictionaryObject(
        {_n("/Font"): generic.DictionaryObject({_n("/Helv"): font})}
    )
    acroform[_n("/DA")] = generic.pdf_string("/Helv 12 Tf 0 g")
    w.update_container(acroform)
    return _out(w)


def _set_need_appearances(data: bytes) -> bytes:
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    acroform = w.root["/AcroForm"]
    acroform[_n("/NeedAppearances")] = generic.BooleanObject(True)
    w.update_container(acroform)
    return _out(w)


def _rendered(data: bytes) -> Any:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    doc.init_forms()
    try:
        return doc[0].render(scale=1, may_draw_forms=True, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def test_need_appearances_swap_is_caught(
    verify_world: VerifyWorld, verifier, tmp_path: Path
) -> None:
    from PIL import ImageChops

    vw = verify_world
    signed = vw.sign_bytes(
        _value_differs_from_appearance((60.0, 600.0, 420.0, 630.0)), field_name="Ky"
    )
    attacked = _set_need_appearances(signed)
    path = tmp_path / "need_appearances.pdf"
    path.write_bytes(attacked)

    # Controls: the page really shows something else now (PDFium, as Kyso renders), and
    # pyHanko allows the update.
    assert ImageChops.difference(_rendered(signed), _rendered(attacked)).getbbox() is not None
    assert pyhanko_verdict(attacked, vw.pki.root)[1] is True
    assert pdfsig_valid(path)  # poppler checks the byte range only

    [sig] = verifier.verify(path).signatures
    assert sig.conclusion != "TOTAL_PASSED", sig.to_json("en")
    assert sig.reasons[0].code in ("visual_difference", "visual_not_checked")
    assert "form_redrawn" in {r.code for r in sig.reasons}  # and the verdict says why


# -- 9. B-LT stops being B-LT when the OCSP responder's certificate expires -----------------
#
# WHAT IS WRONG: EmbeddedData.status_for hands parse_ocsp_response the *verification* time
# (max(now, at)), and _ocsp_signer refuses a delegated responder whose certificate is not
# valid at that time. So an embedded OCSP answer — valid, produced while its responder's
# certificate was valid, covering the signature's timestamp — is thrown away as soon as the
# responder's certificate expires. Responder certificates are short-lived (months, some CAs
# days), documents are kept for years: a B-T signature with the signer's OCSP answer in its
# DSS verifies TOTAL_PASSED at level B-LT today and INDETERMINATE ("revocation_offline",
# level B-T) offline 60 days later, though nothing in the file changed. CRLs do not suffer
# this (check_crl does not judge the issuer's validity at verification time), only OCSP.
# WHAT IT SHOULD BE: a responder's certificate is judged at the answer's producedAt (RFC
# 6960 §4.2.2.2 authorises the answer when it is made; ETSI EN 319 102-1 validates
# revocation data at its issuance, which the signature timestamp proves existed). What
# B-LT promises (README: "verified years later without a network") then holds.
# EVIDENCE: the same file, the same offline verifier, only `now` moved 60 days: day 0
# TOTAL_PASSED / B-LT / revocation good (embedded); day 60 INDETERMINATE / B-T / unknown.
# With the responder certificate issued for 365 days instead of 30, day 60 passes: the
# responder's expiry is the only cause.
# (pyHanko's AdES process was tried as a second opinion but demands answers fresher than
# the validation time itself, so it does not separate the two cases.)


def test_embedded_ocsp_survives_its_responder_certificate(
    verify_world: VerifyWorld, world, tmp_path: Path
) -> None:
    import datetime as dt

    from asn1crypto import ocsp as aocsp
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from tests.support.verify_fixtures import _asn1

    vw = verify_world
    pki = vw.pki
    responder = pki.issue_service(
        "OCSP ngắn hạn (TEST)",
        ExtendedKeyUsageOID.OCSP_SIGNING,
        extensions=[(x509.OCSPNoCheck(), False)],
        days=30,
    )

    def answer(cert: x509.Certificate, signer: Any = None) -> Any:
        req = (
            ocsp.OCSPRequestBuilder().add_certificate(cert, pki.sub_ca.cert, hashes.SHA1()).build()
        )
        resp = pki.make_ocsp_response(req, responder=signer)
        return aocsp.OCSPResponse.load(resp.public_bytes(serialization.Encoding.DER))

    buf = io.BytesIO(vw.sign_bytes(simple_pdf(), field_name="Ky", level="B-T"))
    DocumentSecurityStore.add_dss(
        buf,
        None,
        certs=[_asn1(pki.sub_ca), _asn1(responder)],
        # the signer's answer from the delegated responder, the TSA's from the sub-CA itself
        ocsps=[answer(vw.good.issued.cert, responder), answer(vw.tsa.cert.cert)],
        strict=False,
    )
    path = tmp_path / "ocsp_lt.pdf"
    path.write_bytes(buf.getvalue())
    today = dt.datetime.now(dt.timezone.utc)

    [now] = vw.verifier(tmp_path / "a", online=False).verify(path, now=today).signatures
    assert (now.conclusion, now.level) == ("TOTAL_PASSED", "B-LT"), now.to_json("en")

    later = today + dt.timedelta(days=60)  # the responder's certificate has expired
    [sig] = vw.verifier(tmp_path / "b", online=False).verify(path, now=later).signatures
    assert sig.to_json("en")["revocation"]["status"] == "good", sig.to_json("en")
    assert (sig.conclusion, sig.level) == ("TOTAL_PASSED", "B-LT")


# -- what the fixes promise beyond the reviewer's cases ------------------------------------


def _touched(data: bytes) -> tuple[list[int], bool]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from kyso.core.verify.document import page_refs
    from kyso.core.verify.visual import form_drawing_changed, touched_pages

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    revision = reader.embedded_regular_signatures[0].signed_revision
    return (
        touched_pages(reader, revision, page_refs(reader)),
        form_drawing_changed(reader, revision),
    )


def test_only_the_changed_page_of_a_long_document_is_rendered(
    verify_world: VerifyWorld, verifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are picked by object comparison, not by rendering: a 500-page contract with
    one filled field on page 480 has that one page to render."""
    vw = verify_world
    signed = vw.sign_bytes(prepared_form(500, 479, OVER_TEXT), field_name="Ky")
    assert _touched(signed) == ([], False)  # nothing after the signature
    attacked = fill_text_field(signed, "x", REPLACE)
    assert _touched(attacked) == ([479], False)
    # and the verification renders that page only: as signed and as it is now
    from kyso.core.verify import visual

    rendered: list[int] = []
    real_render = visual._render
    monkeypatch.setattr(visual, "_render", lambda page: rendered.append(1) or real_render(page))
    path = tmp_path / "long.pdf"
    path.write_bytes(attacked)
    [sig] = verifier.verify(path).signatures
    assert sig.reasons[0].code == "visual_difference" and len(rendered) == 2


def test_need_appearances_touches_the_pages_with_widgets_only(
    verify_world: VerifyWorld, verifier, tmp_path: Path
) -> None:
    vw = verify_world
    signed = vw.sign_bytes(prepared_form(3, 1, (60.0, 300.0, 420.0, 350.0)), field_name="Ky")
    # turning NeedAppearances on: every page with a widget (the field's page, 1, and the
    # invisible signature's page 0) is compared; page 2 has no widget
    touched, regenerate = _touched(_set_need_appearances(signed))
    assert regenerate and set(touched) == {0, 1} and 2 not in touched
    # A later signature changes /AcroForm (/Fields) too, but not how fields are drawn.
    second = vw.sign_bytes(signed, field_name="Ky2")
    assert _touched(second)[1] is False
    # An empty field redrawn from its empty value shows the same: no false alarm.
    path = tmp_path / "benign.pdf"
    path.write_bytes(_set_need_appearances(signed))
    [sig] = verifier.verify(path).signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")


def test_later_signature_over_blank_paper_or_the_earlier_signature_passes(
    verify_world: VerifyWorld, verifier, tmp_path: Path
) -> None:
    """Control for the Sneaky Signature rule: a visible later signature over blank paper,
    and one over the earlier signature's own box (seal over the leader's signature),
    leave the earlier signature passed."""
    vw = verify_world
    leader_box = (300, 200, 520, 300)
    signed = vw.sign_bytes(simple_pdf(), field_name="LanhDao", visible=(0, leader_box))
    over_blank = vw.sign_bytes(signed, field_name="VanThu", visible=(0, (60, 80, 280, 160)))
    over_leader = vw.sign_bytes(signed, field_name="Dau", visible=(0, (320, 210, 500, 290)))
    for name, data in (("blank", over_blank), ("leader", over_leader)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        leader, later = verifier.verify(path).signatures
        assert (leader.conclusion, later.conclusion) == ("TOTAL_PASSED", "TOTAL_PASSED"), (
            name,
            leader.to_json("en"),
        )


def test_embedded_ocsp_of_a_revoked_responder_stays_refused_after_it_expired(
    verify_world: VerifyWorld, world, tmp_path: Path
) -> None:
    """Judging a responder when it answered must not resurrect a revoked one (RFC 6960
    §4.2.2.2.1): revoked before the signature's timestamp, its answers prove nothing,
    today and after its certificate expired."""
    import datetime as dt

    from asn1crypto import ocsp as aocsp
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from tests.support.ocsp_delegation import responder_cert
    from tests.support.verify_fixtures import _asn1

    vw = verify_world
    pki = vw.pki
    responder = responder_cert(pki, "OCSP bị thu hồi (TEST)", nocheck=False)

    def answer(cert: Any, signer: Any = None) -> Any:
        req = (
            ocsp.OCSPRequestBuilder().add_certificate(cert, pki.sub_ca.cert, hashes.SHA1()).build()
        )
        resp = pki.make_ocsp_response(req, responder=signer)
        return aocsp.OCSPResponse.load(resp.public_bytes(serialization.Encoding.DER))

    signed = vw.sign_bytes(simple_pdf(), field_name="Ky", level="B-T")
    signer_answer = answer(vw.good.issued.cert, responder)  # made while it was not revoked
    pki.revoke(responder)  # one day before now: before the signature's timestamp
    try:
        responder_answer = answer(responder.cert)  # the sub-CA says: revoked
    finally:
        pki.revocations.pop()
    buf = io.BytesIO(signed)
    DocumentSecurityStore.add_dss(
        buf,
        None,
        certs=[_asn1(pki.sub_ca), _asn1(responder)],
        ocsps=[signer_answer, responder_answer, answer(vw.tsa.cert.cert)],
        strict=False,
    )
    path = tmp_path / "revoked_responder.pdf"
    path.write_bytes(buf.getvalue())
    today = dt.datetime.now(dt.timezone.utc)
    for days in (0, 400):  # the responder certificate (a year) has expired at day 400
        verifier = vw.verifier(tmp_path / str(days), online=False)
        [sig] = verifier.verify(path, now=today + dt.timedelta(days=days)).signatures
        assert sig.to_json("en")["revocation"]["status"] != "good", (days, sig.to_json("en"))
        assert sig.conclusion != "TOTAL_PASSED", days
