"""An action added after signing: a script run when the page opens.

Signature fields may be added after an approval signature, and pyHanko's difference
analysis clears a new signature field together with everything it holds — including a
widget's ``/AA << /PO << /S /JavaScript … >> >>`` written directly in the field (as an
indirect object the script is "unexplained" and refused). pdfsig checks bytes only. Both
call the signature valid, Kyso called the change "allowed (other signatures…)". But
poppler's ``pdfinfo -js`` lists a script the signer never had in the document: in a
viewer that runs it, it can rewrite fields and hide annotations (code injection, Mainka
et al., IEEE S&P 2021). Kyso disagrees with both validators and is right.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.core.verify.test_verify_shadow import OVER_BLANK, pdfsig_valid, pyhanko_allows
from tests.support.shadow_attacks import SCRIPT, field_with_script, signature_field_with_script
from tests.support.verify_fixtures import (
    VerifyWorld,
    fill_text_field,
    form_with_text_field,
    simple_pdf,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]

FILL = b"0 g BT /Helv 12 Tf 4 20 Td (Nguyen Van A) Tj ET"


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    folder = tmp_path_factory.mktemp("actions")
    signed = vw.sign_bytes(simple_pdf(), field_name="Ky")
    with_script = vw.sign_bytes(
        field_with_script(form_with_text_field(OVER_BLANK)), field_name="Ky"
    )
    out = {
        "signed": signed,
        "script_direct": signature_field_with_script(signed),
        "script_indirect": signature_field_with_script(signed, indirect=True),
        # control: a form whose field had a script when it was signed, filled later
        "fill_scripted_field": fill_text_field(with_script, "Nguyen Van A", FILL),
    }
    return write_pdfs(folder, out)


def scripts(path: Path) -> str:
    return subprocess.run(
        ["pdfinfo", "-js", str(path)], capture_output=True, text=True, timeout=60
    ).stdout


def test_a_page_open_script_in_a_new_signature_field_is_refused(
    docs, verifier, verify_world
) -> None:
    # poppler: no script when signed, one now
    assert SCRIPT not in scripts(docs["signed"])
    assert SCRIPT in scripts(docs["script_direct"])
    [sig] = verifier.verify(docs["script_direct"]).signatures
    assert sig.intact and sig.modifications == "not_allowed", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "modified_after_signing"
    assert "actions" in (sig.modification_detail or "") and "/AA in" in sig.modification_detail
    # Both other validators pass it (see the module docstring for why Kyso is right).
    assert pyhanko_allows(docs["script_direct"], verify_world.pki.root)
    assert pdfsig_valid(docs["script_direct"])


def test_the_same_script_as_its_own_object_is_refused_by_pyhanko_too(
    docs, verifier, verify_world
) -> None:
    [sig] = verifier.verify(docs["script_indirect"]).signatures
    assert sig.modifications == "not_allowed" and sig.conclusion == "TOTAL_FAILED"
    assert not pyhanko_allows(docs["script_indirect"], verify_world.pki.root)


def test_filling_a_field_that_had_a_script_when_signed_stays_allowed(docs, verifier) -> None:
    assert SCRIPT in scripts(docs["fill_scripted_field"])
    [sig] = verifier.verify(docs["fill_scripted_field"]).signatures
    assert sig.modifications == "allowed" and sig.changed_fields == ["GhiChu"], sig.to_json("en")
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
