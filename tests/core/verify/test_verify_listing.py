"""Every signature-like object listed, integrity apart from the diff analysis (issue 12).

Each case is built with the test PKI and judged against poppler's ``pdfsig`` (which reads
signatures but not document timestamps) and pyHanko.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.verify_fixtures import (
    VerifyWorld,
    add_text_field_with_period,
    break_document_timestamp,
    document_timestamp_typed_sig,
    second_field_for_signature,
    simple_pdf,
    verify_world,
    with_empty_field,
    write_pdfs,
)

__all__ = ["verify_world"]


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    folder = tmp_path_factory.mktemp("listing")
    bb = vw.sign_bytes(simple_pdf(), level="B-B", field_name="ChuKy1")
    lta = vw.sign_bytes(simple_pdf(), level="B-LTA", field_name="ChuKyLTA")
    # A form with a field named "Ho.Ten", signed twice: analysing what the second
    # signature changed means reading the first revision's fields.
    form = add_text_field_with_period(with_empty_field(simple_pdf(), "ChoKy"))
    once = vw.sign_bytes(form, level="B-B", field_name="ChuKy1")
    out = {
        "period_field": vw.sign_bytes(once, level="B-B", field_name="ChuKy2"),
        "broken_doc_ts": break_document_timestamp(lta),
        "lta": lta,
        "empty_field": vw.sign_bytes(
            with_empty_field(simple_pdf(), "ChoKyPhoGiamDoc"), level="B-B", field_name="ChuKy1"
        ),
        "ts_typed_sig": document_timestamp_typed_sig(
            vw.sign_bytes(simple_pdf(), level="B-T", field_name="ChuKy1"), vw
        ),
        "two_fields": second_field_for_signature(bb),
    }
    return write_pdfs(folder, out)


def pdfsig(path: Path) -> list[str]:
    """pdfsig's validation line for each signature it lists."""
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    ).stdout
    return re.findall(r"Signature Validation: (.*)", out)


def test_diff_analysis_failure_is_indeterminate_not_damaged(docs, verifier) -> None:
    result = verifier.verify(docs["period_field"])
    assert result.error is None, result.to_json("en")
    sig, second = result.signatures
    assert second.conclusion == "TOTAL_PASSED" and second.modifications == "none"
    # The signed bytes are intact: the failure to analyse the later update must not say
    # otherwise (before issue 12 the whole file became "damaged", intact: false).
    assert sig.intact is True and sig.crypto_valid is True
    assert sig.coverage == "entire_revision" and sig.modifications == "unknown"
    assert (sig.conclusion, sig.sub_indication) == ("INDETERMINATE", "FORMAT_FAILURE")
    assert sig.reasons[0].code == "changes_not_analysed"
    assert sig.reasons[0].en.startswith("Could not analyse what changed after signing: ")
    assert "periods" in sig.reasons[0].en
    assert sig.to_json()["intact"] is True and sig.to_json()["modifications"] == "unknown"
    # pdfsig reads both signatures fine (their bytes verify).
    assert pdfsig(docs["period_field"]) == ["Signature is Valid."] * 2


def test_broken_document_timestamp_is_its_own_failed_entry(docs, verifier) -> None:
    good = verifier.verify(docs["lta"])
    assert [s.kind for s in good.signatures][0] == "signature"
    assert good.status == "passed"
    result = verifier.verify(docs["broken_doc_ts"])
    kinds = [s.kind for s in result.signatures]
    assert kinds[0] == "signature" and "document_timestamp" in kinds
    sig = result.signatures[0]
    ts = next(s for s in result.signatures if s.kind == "document_timestamp")
    assert (ts.conclusion, ts.sub_indication) == ("TOTAL_FAILED", "HASH_FAILURE")
    assert ts.reasons[0].code == "document_timestamp_broken"
    assert result.status == "failed"
    # The signature itself is intact and valid; its level is not silently lowered.
    assert sig.intact and sig.conclusion == "TOTAL_PASSED"
    assert (sig.format_level, sig.level) == ("B-LTA", "B-LT")
    assert any(r.code == "level_not_met" and "B-LTA" in r.en for r in sig.reasons)
    data = result.to_json()
    assert [s["kind"] for s in data["signatures"]] == kinds
    assert any(
        s["kind"] == "document_timestamp" and s["conclusion"] == "TOTAL_FAILED"
        for s in data["signatures"]
    )
    # pyHanko agrees the timestamp no longer matches what it covers.
    root = verifier.anchors.roots[0]
    assert not _pyhanko_doc_ts_intact(docs["broken_doc_ts"], root)
    assert _pyhanko_doc_ts_intact(docs["lta"], root)


def _pyhanko_doc_ts_intact(path: Path, root: object) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    from tests.support.verify_fixtures import _asn1

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    ts = reader.embedded_timestamp_signatures[0]
    status = asyncio.run(
        async_validate_pdf_timestamp(
            ts, ValidationContext(trust_roots=[_asn1(root)], allow_fetching=False), skip_diff=True
        )
    )
    return bool(status.intact)


def test_empty_fields_listed(docs, verifier) -> None:
    result = verifier.verify(docs["empty_field"])
    assert result.empty_fields == ["ChoKyPhoGiamDoc"]
    assert [s.field for s in result.signatures] == ["ChuKy1"]
    assert result.to_json()["empty_fields"] == ["ChoKyPhoGiamDoc"]
    assert result.status == "passed"


def test_rfc3161_with_type_sig_is_a_document_timestamp(docs, verifier) -> None:
    result = verifier.verify(docs["ts_typed_sig"])
    kinds = [(s.field, s.kind) for s in result.signatures]
    assert kinds == [("ChuKy1", "signature"), ("DauThoiGian", "document_timestamp")]
    assert result.status == "passed", result.to_json("en")
    ts = result.signatures[1]
    assert ts.conclusion == "TOTAL_PASSED" and ts.intact
    # pyHanko files it among regular signatures (by /Type) and cannot validate it as one.
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(docs["ts_typed_sig"].read_bytes()), strict=False)
    assert len(reader.embedded_regular_signatures) == 2


def test_one_signature_two_fields_is_one_entry(docs, verifier) -> None:
    result = verifier.verify(docs["two_fields"])
    [sig] = result.signatures
    assert sig.field == "ChuKy1 / BanSao"
    assert sig.intact and sig.crypto_valid
    json.dumps(result.to_json())


def test_legacy_pkcs7_sha1_is_listed_and_verified(verify_world, verifier, tmp_path) -> None:
    from tests.support.verify_fixtures import flip_signed_byte, sign_legacy_sha1

    path = tmp_path / "sha1.pdf"
    path.write_bytes(sign_legacy_sha1(simple_pdf(), verify_world.good))
    result = verifier.verify(path)
    # Before issue 12 this file was "không có chữ ký số nào" while pdfsig reads a valid one.
    assert result.error is None, result.to_json("en")
    [sig] = result.signatures
    assert sig.kind == "signature" and sig.subfilter == "/adbe.pkcs7.sha1"
    assert sig.intact and sig.crypto_valid and sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    assert pdfsig(path) == ["Signature is Valid."]
    # A changed signed byte breaks it, for Kyso and for pdfsig.
    bad = tmp_path / "sha1-bad.pdf"
    bad.write_bytes(flip_signed_byte(path.read_bytes()))
    [broken] = verifier.verify(bad).signatures
    assert (broken.conclusion, broken.sub_indication) == ("TOTAL_FAILED", "HASH_FAILURE")
    assert pdfsig(bad) != ["Signature is Valid."]


def test_encrypt_null_is_not_encryption(verify_world, verifier, tmp_path) -> None:
    from tests.support.verify_fixtures import encrypt_null_update

    path = tmp_path / "encrypt-null.pdf"
    path.write_bytes(encrypt_null_update(verify_world.sign_bytes(simple_pdf(), level="B-B")))
    result = verifier.verify(path)
    # Before issue 12 this was "damaged"; pdfsig reads the signature.
    assert result.error is None, result.to_json("en")
    [sig] = result.signatures
    assert sig.intact and sig.crypto_valid
    assert pdfsig(path) == ["Signature is Valid."]


def test_a_byte_changed_in_each_revision(verify_world, verifier, tmp_path) -> None:
    """Two signatures; one byte changed in the first revision, then in the second only.
    Each signature answers for its own bytes, as pdfsig says."""
    from tests.support.verify_fixtures import byte_range, flip_signed_byte

    first = verify_world.sign_bytes(simple_pdf(), level="B-B", field_name="Ky1")
    both = verify_world.sign_bytes(first, level="B-B", field_name="Ky2")
    a, b, c, d = byte_range(both, 0)
    second_contents = byte_range(both, -1)[1]
    at = both.index(b"endobj\n", c + d) + len(b"endobj")
    assert at < second_contents
    in_second = bytearray(both)
    in_second[at] = ord(" ")
    cases = {"rev1": flip_signed_byte(both), "rev2": bytes(in_second)}
    expected = {"rev1": [False, False], "rev2": [True, False]}
    for name, data in cases.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        sigs = verifier.verify(path).signatures
        assert [s.intact for s in sigs] == expected[name], name
        for s in sigs:
            if not s.intact:
                assert (s.conclusion, s.sub_indication) == ("TOTAL_FAILED", "HASH_FAILURE")
        assert [v == "Signature is Valid." for v in pdfsig(path)] == expected[name], name


def test_unsupported_type_is_listed_not_dropped(verify_world, verifier, tmp_path) -> None:
    data = verify_world.sign_bytes(simple_pdf(), level="B-B", field_name="Cu")
    old = b"/SubFilter /ETSI.CAdES.detached"
    assert old in data
    path = tmp_path / "rsa-sha1.pdf"
    path.write_bytes(data.replace(old, b"/SubFilter /adbe.x509.rsa_sha1 ", 1))
    result = verifier.verify(path)
    assert result.error is None, result.to_json("en")
    [sig] = result.signatures
    assert sig.kind == "unsupported" and sig.field == "Cu"
    assert (sig.conclusion, sig.sub_indication) == ("INDETERMINATE", None)
    assert sig.reasons[0].code == "unsupported_type" and "adbe.x509.rsa_sha1" in sig.reasons[0].vi
    data_json = result.to_json()["signatures"][0]
    assert data_json["intact"] == "unknown" and data_json["coverage"] == "unknown"
    assert data_json["modifications"] == "unknown" and data_json["trusted"] == "unknown"
    assert result.status == "indeterminate"
