"""A reference the signed revision leaves dangling, filled in after signing.

The attacker prepares the document with a catalog entry pointing at an object the file
does not contain (``/OCProperties 90 0 R``, ``/OpenAction 90 0 R``): viewers read it as
null, so the signer sees the whole contract. After signing, an incremental update adds
object 90 and touches nothing else. pyHanko's difference analysis takes a new object that
no *new or rewritten* object refers to for an unused leftover and allows it (LTA_UPDATES);
pdfsig checks bytes only. Both call the signature valid. But object 90 is now what the
signed catalog refers to: an optional-content configuration that switches the clause off
(poppler and PDFium both stop showing it), or a script run when the file opens.
Kyso disagrees with both validators and is right: the document shows what nobody signed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.verify.test_verify_shadow import pdfsig_valid, pyhanko_allows
from tests.support.shadow_attacks import (
    CLAUSE,
    DANGLING,
    prepared_with_dangling_reference,
    supply_object,
)
from tests.support.verify_fixtures import (
    VerifyWorld,
    add_dss,
    poppler_text,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]

HIDE_CLAUSE = b"<< /OCGs [5 0 R] /D << /Order [5 0 R] /OFF [5 0 R] >> >>"
SCRIPT = b"<< /Type /Action /S /JavaScript /JS (app.alert('Da ky')) >>"


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    folder = tmp_path_factory.mktemp("dangling")
    ocg = vw.sign_bytes(
        prepared_with_dangling_reference(b"/OCProperties %d 0 R" % DANGLING), field_name="Ky"
    )
    action = vw.sign_bytes(
        prepared_with_dangling_reference(b"/OpenAction %d 0 R" % DANGLING), field_name="Ky"
    )
    out = {
        "ocg_signed": ocg,
        "ocg_hidden": supply_object(ocg, DANGLING, HIDE_CLAUSE),
        "open_action": supply_object(action, DANGLING, SCRIPT),
        # control: LTV data added to the same prepared document, the reference left alone
        "ocg_ltv": add_dss(ocg, certs=[vw.good.issued, vw.pki.sub_ca], crls=[]),
    }
    return write_pdfs(folder, out)


def test_hidden_by_an_optional_content_configuration_supplied_later(
    docs, verifier, verify_world
) -> None:
    # what a reader sees, judged by poppler: the clause was there when signed, is gone now
    assert CLAUSE in poppler_text(docs["ocg_signed"])
    assert CLAUSE not in poppler_text(docs["ocg_hidden"])
    [sig] = verifier.verify(docs["ocg_hidden"]).signatures
    assert sig.intact and sig.modifications == "not_allowed", sig.to_json("en")
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "modified_after_signing"
    assert f"{DANGLING} 0 R at /Root/OCProperties" in (sig.modification_detail or "")
    # Both other validators pass it (see the module docstring for why Kyso is right).
    assert pyhanko_allows(docs["ocg_hidden"], verify_world.pki.root)
    assert pdfsig_valid(docs["ocg_hidden"])


def test_a_script_supplied_later_for_the_signed_open_action(docs, verifier, verify_world) -> None:
    [sig] = verifier.verify(docs["open_action"]).signatures
    assert sig.modifications == "not_allowed" and sig.conclusion == "TOTAL_FAILED"
    assert f"{DANGLING} 0 R at /Root/OpenAction" in (sig.modification_detail or "")
    assert pyhanko_allows(docs["open_action"], verify_world.pki.root)
    assert pdfsig_valid(docs["open_action"])


def test_the_prepared_document_itself_and_ltv_data_added_to_it_pass(docs, verifier) -> None:
    # A dangling reference alone is no finding (a viewer reads null, as when signed);
    # only filling it in is. The LTV update rewrites the catalog that holds the dangling
    # reference: pyHanko's own leftover finder raised KeyError on it, so Kyso could not
    # analyse the change (INDETERMINATE) where pdfsig reads a valid signature.
    assert pdfsig_valid(docs["ocg_ltv"])
    for name in ("ocg_signed", "ocg_ltv"):
        [sig] = verifier.verify(docs[name]).signatures
        assert sig.conclusion == "TOTAL_PASSED", (name, sig.to_json("en"))
    [sig] = verifier.verify(docs["ocg_ltv"]).signatures
    assert sig.modifications == "allowed"
