"""A dictionary with the same key twice, read one way by pyHanko and another by viewers.

pyHanko keeps the first value of a repeated key; PDFium and poppler keep the last. The
attacker prepares the page resources as ``/XObject << >> /XObject << /X2 90 0 R >>`` and a
link as ``/A <<…signed address…>> /A 91 0 R``, objects 90 and 91 missing: every reader
shows the signed amount and link. After signing, an update only adds objects 90 (a form
painting another amount) and 91 (a link elsewhere). To pyHanko nothing refers to them:
unused leftovers, an allowed change; pdfsig checks bytes only. Both call the signature
valid and Kyso said TOTAL_PASSED; poppler and PDFium show the new amount and poppler's
``pdfinfo -url`` the new address. Kyso disagrees with both validators and is right.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.core.verify.test_verify_shadow import pdfsig_valid, pyhanko_allows
from tests.support.shadow_attacks import (
    AMOUNT_FORGED,
    AMOUNT_SIGNED,
    LINK_FORGED,
    forged_amount_form,
    forged_link,
    prepared_with_duplicate_keys,
    supply_object,
)
from tests.support.verify_fixtures import VerifyWorld, pdfium_text, verify_world, write_pdfs

__all__ = ["verify_world"]


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("duplicate_keys")
    signed = verify_world.sign_bytes(prepared_with_duplicate_keys(), field_name="Ky")
    out = {
        "signed": signed,
        "amount": supply_object(signed, 90, forged_amount_form()),
        "link": supply_object(signed, 91, forged_link()),
    }
    return write_pdfs(folder, out)


def poppler(path: Path, *args: str) -> str:
    tool = "pdfinfo" if args else "pdftotext"
    cmd = [tool, *args, str(path)] if args else [tool, str(path), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout


def test_the_signed_document_shows_the_signed_amount(docs, verifier) -> None:
    for text in (poppler(docs["signed"]), pdfium_text(docs["signed"])):
        assert AMOUNT_SIGNED in text and "900" not in text
    [sig] = verifier.verify(docs["signed"]).signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")


def test_a_form_only_viewers_draw_is_caught(docs, verifier, verify_world) -> None:
    path = docs["amount"]
    # pdftotext merges the two overlapping lines; the forged amount is there
    assert "900" in poppler(path) and AMOUNT_FORGED in pdfium_text(path)
    [sig] = verifier.verify(path).signatures
    assert sig.intact and sig.modifications == "allowed", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "visual_difference"
    assert pyhanko_allows(path, verify_world.pki.root)
    assert pdfsig_valid(path)


def test_a_link_only_viewers_follow_is_caught(docs, verifier, verify_world) -> None:
    path = docs["link"]
    assert LINK_FORGED in poppler(path, "-url")
    [sig] = verifier.verify(path).signatures
    assert sig.modifications == "not_allowed" and sig.conclusion == "TOTAL_FAILED"
    assert "/URI action 91 0 R" in (sig.modification_detail or "")
    assert pyhanko_allows(path, verify_world.pki.root)
    assert pdfsig_valid(path)
