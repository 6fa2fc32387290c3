"""Shadow attacks (issue 12): what is shown must be what was signed.

A text field is prepared in the signed revision over the signed text, with an empty
appearance. Later "form filling" — a change every difference analysis allows — gives it
an appearance that paints the text over with other words (hide and replace). pyHanko's
analysis calls it allowed form filling and pdfsig a valid signature; Kyso renders the
page as signed and as it is now and reports the region.
"""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.verify_fixtures import (
    VerifyWorld,
    _asn1,
    fill_text_field,
    form_with_text_field,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]

# The signed text is drawn at (72, 760); the field covers it.
OVER_TEXT = (60.0, 740.0, 420.0, 790.0)
# A field over blank paper lower on the page.
OVER_BLANK = (60.0, 300.0, 420.0, 350.0)
REPLACE = b"1 g 0 0 360 50 re f 0 g BT /Helv 14 Tf 12 22 Td (Noi dung da bi thay doi) Tj ET"
FILL = b"0 g BT /Helv 12 Tf 4 20 Td (Nguyen Van A) Tj ET"


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    folder = tmp_path_factory.mktemp("shadow")
    attack_base = vw.sign_bytes(form_with_text_field(OVER_TEXT), level="B-B", field_name="Ky")
    benign_base = vw.sign_bytes(form_with_text_field(OVER_BLANK), level="B-B", field_name="Ky")
    out = {
        "hide_replace": fill_text_field(attack_base, "x", REPLACE),
        "benign_fill": fill_text_field(benign_base, "Nguyen Van A", FILL),
        "second_signature": vw.sign_bytes(
            benign_base, level="B-B", field_name="Ky2", visible=(0, (300, 80, 520, 160))
        ),
    }
    return write_pdfs(folder, out)


def pyhanko_allows(path: Path, root: object) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    sig = reader.embedded_regular_signatures[0]
    status = asyncio.run(
        async_validate_pdf_signature(
            sig, ValidationContext(trust_roots=[_asn1(root)], allow_fetching=False)
        )
    )
    return bool(status.intact and status.valid and status.docmdp_ok)


def pdfsig_valid(path: Path) -> bool:
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    ).stdout
    return re.findall(r"Signature Validation: (.*)", out)[0] == "Signature is Valid."


def test_hide_and_replace_is_caught(docs, verifier, verify_world) -> None:
    [sig] = verifier.verify(docs["hide_replace"]).signatures
    assert sig.intact and sig.modifications == "allowed" and sig.changed_fields == ["GhiChu"]
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    finding = sig.reasons[0]
    assert finding.code == "visual_difference" and "trang 1" in finding.vi
    # The region is where the field painted over the signed text.
    m = re.search(r"region \((\d+), (\d+)\)–\((\d+), (\d+)\)", finding.en)
    assert m, finding.en
    x1, y1, x2, y2 = (float(v) for v in m.groups())
    assert sig.visual_differences == [(0, (x1, y1, x2, y2))]
    assert OVER_TEXT[0] - 2 <= x1 and x2 <= OVER_TEXT[2] + 2
    assert OVER_TEXT[1] - 2 <= y1 and y2 <= OVER_TEXT[3] + 2
    # Kyso disagrees with both other validators, and is right: they judge objects
    # (a field's value and appearance may change) or bytes (the signed ranges are
    # intact), not what the reader sees; the page now shows words nobody signed.
    assert pyhanko_allows(docs["hide_replace"], verify_world.pki.root)
    assert pdfsig_valid(docs["hide_replace"])


def test_form_filling_over_blank_and_later_signatures_are_explained(docs, verifier) -> None:
    [sig] = verifier.verify(docs["benign_fill"]).signatures
    assert sig.modifications == "allowed" and sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    first, second = verifier.verify(docs["second_signature"]).signatures
    assert second.appearance is not None
    assert first.conclusion == "TOTAL_PASSED", first.to_json("en")
    assert second.conclusion == "TOTAL_PASSED"


# -- overlay and replace-only (tests.support.shadow_attacks) ------------------------------

COVER = b"1 g 0 0 360 50 re f 0 g BT /Helv 14 Tf 12 22 Td (Da duyet chi 500.000 dong) Tj ET"
SHOWN = b"0 g BT /Helv 12 Tf 4 8 Td (So tien: 1.000.000 dong) Tj ET"
PREPARED = b"0 g BT /Helv 12 Tf 4 8 Td (So tien: 9.000.000 dong) Tj ET"
FIELD = (60.0, 600.0, 420.0, 630.0)
# A sticky note's place: blank paper, far from the signed text.
OVER_BLANK_CORNER = (480.0, 300.0, 510.0, 330.0)


@pytest.fixture(scope="module")
def attacks(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.support import shadow_attacks as sa
    from tests.support.verify_fixtures import simple_pdf

    vw = verify_world
    folder = tmp_path_factory.mktemp("shadow-more")
    signed = vw.sign_bytes(simple_pdf(), level="B-B", field_name="Ky")
    certified_p3 = vw.sign_bytes(simple_pdf(), level="B-B", field_name="Ky", certify=3)
    prepared, prepared_id = sa.form_with_prepared_replacement(FIELD, SHOWN, PREPARED, "1.000.000")
    signed_form = vw.sign_bytes(prepared, level="B-B", field_name="Ky")
    out = {
        "overlay_annotation": sa.overlay_annotation(signed, OVER_TEXT, COVER),
        "overlay_annotation_p3": sa.overlay_annotation(certified_p3, OVER_TEXT, COVER),
        "comment_text_p3": sa.comment_annotation(certified_p3, OVER_BLANK_CORNER, "/Text"),
        "comment_freetext_p3": sa.comment_annotation(certified_p3, OVER_BLANK_CORNER, "/FreeText"),
        "overlay_signature_field": sa.overlay_signature_field(signed, OVER_TEXT, COVER, "Ky2"),
        "replace_only": sa.swap_to_prepared(signed_form, "9.000.000", prepared_id),
    }
    return write_pdfs(folder, out)


def pyhanko_modification(path: Path, root: object) -> tuple[bool, str]:
    """(pyHanko accepts the later changes, its modification level)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    sig = reader.embedded_regular_signatures[0]
    status = asyncio.run(
        async_validate_pdf_signature(
            sig, ValidationContext(trust_roots=[_asn1(root)], allow_fetching=False)
        )
    )
    return bool(status.docmdp_ok), str(status.modification_level)


def _region(sig) -> tuple[float, float, float, float]:
    [(page, box)] = sig.visual_differences
    assert page == 0
    return box


def _inside(box, rect) -> bool:
    return (
        rect[0] - 2 <= box[0]
        and box[2] <= rect[2] + 2
        and rect[1] - 2 <= box[1]
        and (box[3] <= rect[3] + 2)
    )


def test_overlay_annotation_is_not_a_clean_pass(attacks, verifier, verify_world) -> None:
    [sig] = verifier.verify(attacks["overlay_annotation"]).signatures
    assert sig.intact and sig.conclusion == "TOTAL_FAILED", sig.to_json("en")
    assert sig.sub_indication == "FORMAT_FAILURE"
    # An annotation after an approval signature is no allowed change: Kyso and pyHanko agree.
    assert sig.modifications == "not_allowed"
    assert sig.reasons[0].code != "allowed_changes"
    assert pyhanko_modification(attacks["overlay_annotation"], verify_world.pki.root)[0] is False


def test_overlay_annotation_under_p3_certification_is_not_a_clean_pass(
    attacks, verifier, verify_world
) -> None:
    """The Evil Annotation Attack: ISO 32000 lets P=3 allow annotations. Kyso's object
    analysis (pyHanko's rules) refuses any new annotation, P=3 or not, so the attack is
    a failure already there — as it is for pyHanko, whose StandardDiffPolicy "was not
    designed to support DocMDP level 3"."""
    [sig] = verifier.verify(attacks["overlay_annotation_p3"]).signatures
    assert sig.intact and sig.conclusion == "TOTAL_FAILED", sig.to_json("en")
    assert sig.sub_indication == "FORMAT_FAILURE"
    assert sig.modifications == "not_allowed"
    assert "unexplained xrefs" in (sig.modification_detail or "")
    assert pyhanko_modification(attacks["overlay_annotation_p3"], verify_world.pki.root)[0] is False


@pytest.mark.parametrize("name", ["comment_text_p3", "comment_freetext_p3"])
def test_plain_comment_under_p3_certification_is_refused_as_pyhanko_does(
    attacks, verifier, verify_world, name
) -> None:
    """ISO 32000 lets a P=3 certification be followed by annotations, but Kyso judges
    objects with pyHanko's difference analysis, which has no rule for annotations: adding
    one rewrites the page's /Annots, an object nothing explains, so even a harmless sticky
    note (or FreeText comment) over blank paper is "changes outside any allowed kind".
    Kyso keeps that: a hand-made annotation rule would have to prove, object by object,
    that the new annotation hides nothing (the overlay test above is the reason), and
    pyHanko — the maintained analysis Kyso relies on — does not allow it either (its own
    warning: the policy "was not designed to support DocMDP level 3"). pdfsig says the
    signature is valid: it checks the signed bytes only and never judges later changes
    (it only notes "Not total document signed")."""
    [sig] = verifier.verify(attacks[name]).signatures
    assert sig.intact and sig.modifications == "not_allowed", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert "unexplained xrefs" in (sig.modification_detail or "")
    ok, level = pyhanko_modification(attacks[name], verify_world.pki.root)
    assert (ok, level) == (False, "ModificationLevel.OTHER")
    assert pdfsig_valid(attacks[name])


def test_overlay_signature_field_is_caught(attacks, verifier, verify_world) -> None:
    """A new signature field is an allowed change after an approval signature (Kyso and
    pyHanko agree); its widget painting over the signed text is not."""
    [sig] = verifier.verify(attacks["overlay_signature_field"]).signatures
    assert sig.intact and sig.modifications == "allowed", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_difference"
    assert _inside(_region(sig), OVER_TEXT)
    # Kyso disagrees with pyHanko (objects only: a signature field may be added) and
    # pdfsig (bytes only), and is right: the page shows words nobody signed.
    ok, level = pyhanko_modification(attacks["overlay_signature_field"], verify_world.pki.root)
    assert ok, level
    assert pdfsig_valid(attacks["overlay_signature_field"])


def test_replace_only_is_caught(attacks, verifier, verify_world) -> None:
    """The field showed a value when it was signed; the later "fill" swaps in an
    appearance that was itself part of the signed revision. Filling a field that was
    blank is explained; changing what a signed field showed is not."""
    [sig] = verifier.verify(attacks["replace_only"]).signatures
    assert sig.intact and sig.modifications == "allowed", sig.to_json("en")
    assert sig.changed_fields == ["SoTien"]
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_difference"
    assert _inside(_region(sig), FIELD)
    # pyHanko calls it form filling and pdfsig a valid signature (see above for why
    # Kyso is right).
    ok, level = pyhanko_modification(attacks["replace_only"], verify_world.pki.root)
    assert ok and "FORM_FILLING" in level, level
    assert pdfsig_valid(attacks["replace_only"])


def test_a_visual_check_that_cannot_run_is_no_pass(attacks, verifier, monkeypatch) -> None:
    """Pages changed after signing that cannot be compared (PDFium failing on them, made
    to fail here) leave the signature INDETERMINATE, never a clean pass: otherwise a
    shadow attacker would only need a file the comparison chokes on."""
    from kyso.core.verify import visual

    def broken(*args, **kwargs):
        raise RuntimeError("PDFium could not render the page")

    monkeypatch.setattr(visual, "compare", broken)
    [sig] = verifier.verify(attacks["overlay_signature_field"]).signatures
    assert (sig.conclusion, sig.sub_indication) == ("INDETERMINATE", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_not_checked"
    assert all(r.code != "passed" for r in sig.reasons)


def _break_last_signature(data: bytes) -> bytes:
    """The file with one hex digit of its last signature's value changed: the signed bytes
    and the file's structure untouched, the CMS no longer valid."""
    at = data.rindex(b"/Contents <") + len(b"/Contents <")
    der = bytes.fromhex(data[at : at + 16].decode())
    assert der[0] == 0x30 and der[1] & 0x80  # SEQUENCE, long-form length
    n = der[1] & 0x7F
    length = 2 + n + int.from_bytes(der[2 : 2 + n], "big")
    digit = at + 2 * length - 10  # inside the signature value, which ends the SignerInfo
    flipped = b"0" if data[digit : digit + 1] != b"0" else b"1"
    return data[:digit] + flipped + data[digit + 1 :]


def test_a_broken_later_signature_explains_nothing_it_draws(
    docs, verifier, verify_world, tmp_path
) -> None:
    """A later signature whose CMS is broken: its stamp over blank paper is content nobody
    signed. The earlier signature is not a clean pass (as with any annotation added after
    signing); pyHanko and pdfsig judge the earlier signature alone and pass it."""
    broken = tmp_path / "broken_second.pdf"
    broken.write_bytes(_break_last_signature(docs["second_signature"].read_bytes()))
    first, second = verifier.verify(broken).signatures
    assert second.appearance is not None
    assert second.crypto_valid is False and second.conclusion == "TOTAL_FAILED"
    assert first.intact and first.crypto_valid
    assert (first.conclusion, first.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert first.reasons[0].code == "visual_difference"
    [(page, box)] = first.visual_differences
    stamp = second.appearance.box
    assert page == second.appearance.page and _inside(box, stamp)
    # Kyso disagrees with both, and is right: they judge the first signature's bytes and
    # objects (a new signature field is allowed), not what the page now shows; the stamp
    # they let pass is vouched for by no valid signature. With the second signature
    # intact, Kyso passes both (test_form_filling_over_blank_and_later_signatures_…).
    assert pdfsig_valid(broken)
    assert pyhanko_allows(broken, verify_world.pki.root)
