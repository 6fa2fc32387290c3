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
    paths = {}
    for name, data in out.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


@pytest.fixture
def verifier(verify_world: VerifyWorld, world, tmp_path: Path):
    return verify_world.verifier(tmp_path)


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
