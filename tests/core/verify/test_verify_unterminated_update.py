"""An update appended after signing without its ``%%EOF``.

pyHanko reads a file up to its last ``%%EOF`` and tolerates whatever follows (Kyso too:
mail gateways append text). An ordinary update replacing the page's content stream, whose
end marker is missing or mangled (``%EOF``, ``%%EO``, a blank line), is therefore invisible
to pyHanko: its analysis finds no change after signing, pdfsig (bytes only) calls the
signature valid, and Kyso said TOTAL_PASSED with "no change". poppler and PDFium find the
update's ``startxref`` and show the replaced content. Kyso disagrees with both validators
and is right: every viewer shows what nobody signed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.verify.test_verify_shadow import pdfsig_valid, pyhanko_allows
from tests.support.foreign_producers import append_after_eof
from tests.support.shadow_attacks import FORGED, unterminated_content_update
from tests.support.verify_fixtures import (
    VerifyWorld,
    pdfium_text,
    poppler_text,
    simple_pdf,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]

SHOWN_BY_BOTH = {"percent_eof": b"%EOF\n", "cut_eof": b"%%EO", "blank_line": b"\n"}


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("unterminated")
    signed = verify_world.sign_bytes(simple_pdf(), field_name="Ky")
    out = {name: unterminated_content_update(signed, end) for name, end in SHOWN_BY_BOTH.items()}
    out["no_ending"] = unterminated_content_update(signed, b"")
    out["gateway_junk"] = append_after_eof(signed)  # control: text, no update
    return write_pdfs(folder, out)


@pytest.mark.parametrize("name", sorted(SHOWN_BY_BOTH))
def test_an_update_every_viewer_reads_is_caught(docs, verifier, verify_world, name) -> None:
    assert FORGED in poppler_text(docs[name]) and FORGED in pdfium_text(docs[name])
    [sig] = verifier.verify(docs[name]).signatures
    assert sig.intact and sig.modifications == "unknown", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_difference"
    assert "%%EOF" in (sig.modification_detail or "")
    # pyHanko does not see the update at all; pdfsig checks bytes only.
    assert pyhanko_allows(docs[name], verify_world.pki.root)
    assert pdfsig_valid(docs[name])


def test_an_update_only_poppler_reads_is_not_a_pass(docs, verifier) -> None:
    # PDFium stops at the last %%EOF as pyHanko does, so the visual check sees nothing;
    # poppler shows the replaced content. Kyso cannot draw what poppler draws, but knows
    # an update is there that it could not analyse.
    path = docs["no_ending"]
    assert FORGED in poppler_text(path) and FORGED not in pdfium_text(path)
    [sig] = verifier.verify(path).signatures
    assert sig.modifications == "unknown" and sig.conclusion == "INDETERMINATE", sig.to_json("en")
    assert sig.reasons[0].code == "changes_not_analysed"


def test_junk_that_holds_no_update_is_still_tolerated(docs, verifier) -> None:
    [sig] = verifier.verify(docs["gateway_junk"]).signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
