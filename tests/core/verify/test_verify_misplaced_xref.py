"""An update after signing that viewers read differently from the analysis.

pyHanko finds a cross-reference section whose ``startxref`` is a few bytes off by
looking nearby, and then sees an update that only adds an unused object (an allowed
leftover). PDFium and poppler take the same file as damaged and rebuild it by scanning
every object; the update also holds a new copy of the page's content stream that no
table lists, and the last copy wins: both show "NOI DUNG GIA MAO". pyHanko's analysis
allows the update and pdfsig (bytes only) calls the signature valid; Kyso called it
TOTAL_PASSED. Kyso now disagrees with both, and is right: what every viewer shows is not
what was signed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from tests.core.verify.test_verify_shadow import pdfsig_valid, pyhanko_allows
from tests.support.shadow_attacks import FORGED, update_read_differently
from tests.support.verify_fixtures import (
    VerifyWorld,
    add_dss,
    pdfium_text,
    poppler_text,
    simple_pdf,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]


def linearized(data: bytes) -> bytes:
    out = io.BytesIO()
    pikepdf.open(io.BytesIO(data)).save(out, linearize=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    folder = tmp_path_factory.mktemp("misplaced")
    signed = vw.sign_bytes(simple_pdf(), field_name="Ky")
    lin = vw.sign_bytes(linearized(simple_pdf(pages=3)), field_name="Ky")
    out = {
        "startxref_off": update_read_differently(signed, startxref_delta=2),
        "prev_off": update_read_differently(signed, prev_delta=2),
        "off_nothing_forged": update_read_differently(signed, startxref_delta=2, forge=False),
        "short_entries": update_read_differently(signed, short_entries=True),
        "short_entries_nothing_forged": update_read_differently(
            signed, short_entries=True, forge=False
        ),
        # controls: whitespace before the section is skipped by every reader; a
        # linearized document signed and given LTV data reads the same everywhere
        "whitespace_before": update_read_differently(signed, startxref_delta=-1),
        "linearized_ltv": add_dss(lin, certs=[vw.good.issued, vw.pki.sub_ca], crls=[]),
    }
    return write_pdfs(folder, out)


def test_content_a_rebuilding_viewer_shows_is_caught(docs, verifier, verify_world) -> None:
    name = "startxref_off"
    assert FORGED in poppler_text(docs[name])  # poppler rebuilds and shows it
    [sig] = verifier.verify(docs[name]).signatures
    assert sig.intact and sig.modifications == "unknown", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_difference"
    assert "not where the file says" in (sig.modification_detail or "")
    # pyHanko's analysis allows it, pdfsig calls it valid (see the module docstring).
    assert pyhanko_allows(docs[name], verify_world.pki.root)
    assert pdfsig_valid(docs[name])


def test_content_only_pdfium_shows_is_caught(docs, verifier, verify_world) -> None:
    """19-byte table entries: pyHanko and poppler read the table (poppler shows the
    signed text), PDFium rebuilds the file and shows the unlisted copy. pyHanko's
    analysis allows the update, pdfsig calls it valid; a reader in a PDFium-based viewer
    (Chrome, Edge) sees what nobody signed, so Kyso fails it."""
    name = "short_entries"
    assert FORGED in pdfium_text(docs[name]) and FORGED not in poppler_text(docs[name])
    [sig] = verifier.verify(docs[name]).signatures
    assert sig.intact and sig.modifications == "allowed", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_difference"
    assert pyhanko_allows(docs[name], verify_world.pki.root)
    assert pdfsig_valid(docs[name])
    # the same damage without a hidden copy: every page compared, nothing differs
    [sig] = verifier.verify(docs["short_entries_nothing_forged"]).signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")


def test_a_prev_off_was_already_refused(docs, verifier) -> None:
    # A /Prev a few bytes off no longer leads to where the signed revision's section
    # starts, so the signature does not cover its revision (pyHanko's coverage check).
    assert FORGED in poppler_text(docs["prev_off"])
    [sig] = verifier.verify(docs["prev_off"]).signatures
    assert sig.conclusion == "TOTAL_FAILED", sig.to_json("en")


def test_a_misplaced_section_alone_is_not_a_pass(docs, verifier) -> None:
    # Nothing forged: the pages look the same, but what the update holds was read by
    # guessing, so the changes are unknown (a broken writer, or an attack on a reader
    # Kyso does not render with).
    [sig] = verifier.verify(docs["off_nothing_forged"]).signatures
    assert sig.modifications == "unknown" and sig.conclusion == "INDETERMINATE", sig.to_json("en")
    assert sig.reasons[0].code == "changes_not_analysed"
    assert pdfsig_valid(docs["off_nothing_forged"])


@pytest.mark.parametrize("name", ["whitespace_before", "linearized_ltv"])
def test_sections_every_reader_finds_still_pass(docs, verifier, name) -> None:
    assert FORGED not in poppler_text(docs[name])
    [sig] = verifier.verify(docs[name]).signatures
    assert sig.modifications == "allowed" and sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
