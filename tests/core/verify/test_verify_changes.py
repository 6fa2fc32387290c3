"""What changed after signing, judged right (issue 12): LTV additions are allowed, DocMDP
P=1/2/3 decides the rest; and the emergency reason is shown.

Compared with pyHanko's default difference analysis; where Kyso differs a comment says why.
"""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
from pathlib import Path

import pytest

from kyso.cli.verify import _text
from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.verify_fixtures import (
    VerifyWorld,
    _asn1,
    sign_ignoring_docmdp,
    simple_pdf,
    verify_world,
    write_pdfs,
)

__all__ = ["verify_world"]

EMERGENCY = (
    "Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: Tổ chức đã theo mô hình mới nhưng "
    "chưa được cấp chứng thư số"
)


def update_vri(data: bytes, crl_der: bytes) -> bytes:
    """Refresh the VRI entry of the first signature with one more CRL, as LTV tools do:
    the entry is rewritten (a new direct dictionary under the same key)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    dss_ref = w.root.raw_get("/DSS")
    dss = dss_ref.get_object()
    vri_ref = dss.raw_get("/VRI")
    vri = vri_ref.get_object()
    [key] = list(vri.keys())
    old = vri[key]
    crl_ref = w.add_object(generic.StreamObject(stream_data=crl_der))
    crls = generic.ArrayObject([*list(old.get("/CRL", [])), crl_ref])
    fresh = generic.DictionaryObject({generic.pdf_name("/CRL"): crls})
    for k in ("/Cert", "/OCSP"):
        if k in old:
            fresh[generic.pdf_name(k)] = old.raw_get(k)
    vri[key] = fresh
    w.mark_update(vri_ref if isinstance(vri_ref, generic.IndirectObject) else dss_ref)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def vri_entries(data: bytes) -> dict[str, int]:
    """VRI key → number of CRLs in its entry."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    vri = reader.root["/DSS"]["/VRI"]
    return {str(k): len(vri[k].get("/CRL", [])) for k in vri}


def pyhanko_modification(data: bytes, root: object, index: int = 0) -> str:
    """pyHanko's default diff verdict for a signature: ``ok`` or ``suspicious``."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sig = reader.embedded_regular_signatures[index]
    status = asyncio.run(
        async_validate_pdf_signature(
            sig, ValidationContext(trust_roots=[_asn1(root)], allow_fetching=False)
        )
    )
    return "ok" if status.docmdp_ok else "suspicious"


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    folder = tmp_path_factory.mktemp("changes")
    lt = vw.sign_bytes(simple_pdf(), level="B-LT", field_name="ChuKy1")
    from cryptography.hazmat.primitives import serialization

    extra_crl = vw.pki.make_crl(issuer=vw.pki.root).public_bytes(serialization.Encoding.DER)
    out = {
        # A second signature made after the first one's DSS/VRI was added; then the first
        # one's VRI entry is refreshed: for the second signature an existing VRI entry
        # changed after it was made.
        "lt": vw.sign_bytes(lt, level="B-B", field_name="ChuKy2"),
        "emergency": vw.sign_bytes(simple_pdf(), level="B-T", reason=EMERGENCY),
    }
    for p in (1, 2, 3):
        certified = vw.sign_bytes(simple_pdf(), level="B-B", field_name="XacThuc", certify=p)
        out[f"p{p}_signed_again"] = sign_ignoring_docmdp(certified, vw.good, "KyThem")
    out["p1_dss_added"] = update_vri(
        vw.sign_bytes(simple_pdf(), level="B-LT", field_name="XacThuc", certify=1), extra_crl
    )
    out["vri_update"] = update_vri(out["lt"], extra_crl)
    return write_pdfs(folder, out)


def test_vri_update_after_signing_is_allowed(docs, verifier, verify_world) -> None:
    before = vri_entries(docs["lt"].read_bytes())
    after = vri_entries(docs["vri_update"].read_bytes())
    assert before.keys() == after.keys() and before != after  # the entry was rewritten
    first, sig = verifier.verify(docs["vri_update"]).signatures
    assert sig.field == "ChuKy2"
    assert sig.modifications == "allowed", sig.to_json("en")
    assert sig.conclusion == "TOTAL_PASSED" and first.conclusion == "TOTAL_PASSED"
    # pyHanko's default policy calls this suspicious ("VRI key … was modified or
    # deleted"). Kyso is right to allow it: refreshing a signature's validation data is
    # what PAdES long-term validation is (ETSI EN 319 142-1 §5.4 lets later DSS updates
    # add to or replace it), and DSS content is never rendered, so nothing a reader sees
    # changes.
    assert pyhanko_modification(docs["vri_update"].read_bytes(), verify_world.pki.root, 1) == (
        "suspicious"
    )


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("p1_signed_again", False),
        ("p2_signed_again", True),
        ("p3_signed_again", True),
        ("p1_dss_added", True),
    ],
)
def test_docmdp_decides_later_changes(docs, verifier, verify_world, name, allowed) -> None:
    result = verifier.verify(docs[name])
    first = result.signatures[0]
    assert first.field == "XacThuc"
    if allowed:
        assert first.modifications == "allowed", first.to_json("en")
        assert first.conclusion == "TOTAL_PASSED"
    else:
        assert first.modifications == "not_allowed"
        assert (first.conclusion, first.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")
        assert "P=1" in (first.modification_detail or "")
    if name != "p1_dss_added":  # pyHanko agrees on everything but the VRI rewrite
        assert pyhanko_modification(docs[name].read_bytes(), verify_world.pki.root) == (
            "ok" if allowed else "suspicious"
        )


def test_emergency_reason_shown_on_its_own(docs, verifier) -> None:
    result = verifier.verify(docs["emergency"])
    [sig] = result.signatures
    assert sig.emergency_reason == ("Tổ chức đã theo mô hình mới nhưng chưa được cấp chứng thư số")
    assert sig.to_json()["emergency_reason"] == sig.emergency_reason
    text = _text(result)
    assert "Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: Tổ chức đã theo mô hình mới" in text
    # The signer's name heads the signature; no raw code in the Vietnamese text.
    assert "Chữ ký của “Nguyễn Văn Ký”" in text
    for code in ("TOTAL_PASSED", "needs_change", "current", "(CACHE)", "cached", "TRY_LATER"):
        assert code not in text


def test_cli_json_lists_emergency_reason_and_timestamps(
    docs, world, softhsm_store, isolated_home, verify_world
) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = subprocess.run(
        kyso_cmd("verify", "--json", "--anchors", str(world.anchors_dir), str(docs["emergency"])),
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [doc] = json.loads(proc.stdout)
    [sig] = doc["signatures"]
    assert sig["emergency_reason"].startswith("Tổ chức đã theo mô hình mới")
    assert sig["kind"] == "signature" and sig["signer_name"] == "Nguyễn Văn Ký"


def _locked_field(p: int) -> bytes:
    """A signature field whose /Lock says: lock this field, and DocMDP P=``p`` once signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    w = IncrementalPdfFileWriter(io.BytesIO(simple_pdf()), strict=False)
    fields.append_signature_field(
        w,
        fields.SigFieldSpec(
            "LanhDao",
            field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.INCLUDE, ["LanhDao"]),
            doc_mdp_update_value=fields.MDPPerm(p),
        ),
    )
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("p", "allowed"), [(1, False), (2, True)])
def test_field_lock_decides_later_changes(
    verify_world, verifier, tmp_path: Path, p: int, allowed: bool
) -> None:
    signed = verify_world.sign_bytes(_locked_field(p), level="B-B", field_name="LanhDao")
    path = tmp_path / f"lock-p{p}.pdf"
    path.write_bytes(sign_ignoring_docmdp(signed, verify_world.good, "KyThem"))
    first, second = verifier.verify(path).signatures
    assert first.field == "LanhDao" and second.conclusion == "TOTAL_PASSED"
    assert first.modifications == ("allowed" if allowed else "not_allowed"), first.to_json("en")
    assert (first.conclusion == "TOTAL_PASSED") == allowed
    assert pyhanko_modification(path.read_bytes(), verify_world.pki.root) == (
        "ok" if allowed else "suspicious"
    )
