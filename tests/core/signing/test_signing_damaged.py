"""Never call unreadable output signed (issue 13): damaged inputs are repaired into a new
file the user is told about, or refused before signing; a signed result is read back by qpdf
and checked before it is kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kyso.core.signing import inputs, output_check
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _wrong_size(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(re.sub(rb"/Size \d+", b"/Size 3", data))
    return dst


def test_wrong_trailer_size_is_repaired_and_the_user_told(sign_world, tmp_path):
    src = _wrong_size(make_pdf(tmp_path / "a.pdf", pages=2), tmp_path / "bad.pdf")
    report = inputs.inspect_pdf(src)  # what the CLI asks before the PIN
    assert any("/Size" in why for why in report.needs_repair)
    digest = sha256_file(src)
    result = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B))
    assert result.status == "signed", result.error
    assert sha256_file(src) == digest
    assert result.repaired == tmp_path / "bad.repaired.pdf" and result.repaired.is_file()
    assert result.notice.startswith("Tệp bị lỗi cấu trúc; Kyso đã lưu lại thành bản mới trước khi ký")
    assert result.to_json()["repaired"] == str(result.repaired)
    assert not inputs.inspect_pdf(result.repaired).needs_repair
    check_signed_output(result.output, sign_world.root_der, tmp_path / "checks", signatures=1)


def test_without_the_repair_the_self_check_refuses(sign_world, tmp_path, monkeypatch):
    """Control: with the input check switched off, pyHanko writes the broken file of issue 13
    (new objects reuse numbers) and the qpdf read-back refuses it; nothing is kept."""
    src = _wrong_size(make_pdf(tmp_path / "a.pdf", pages=2), tmp_path / "bad.pdf")
    real = inputs.inspect_pdf

    def blind(path, password=None):
        report = real(path, password)
        report.needs_repair.clear()
        return report

    monkeypatch.setattr(inputs, "inspect_pdf", blind)
    result = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B))
    assert result.status == "failed" and result.error.code == "output_unreadable", result.error
    assert "không lưu" in result.error.vi
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "bad.pdf"]


def test_self_check_catches_a_digest_that_does_not_match(sign_world, tmp_path):
    result = sign_world.signer().sign_file(make_pdf(tmp_path / "a.pdf"), SignOptions())
    assert result.status == "signed", result.error
    (sig,) = output_check.read_signatures(result.output)
    output_check.check_written(result.output, sig.name, expected_signatures=1, whole_file=True)
    data = bytearray(result.output.read_bytes())
    i = data.index(b"Tipe") if b"Tipe" in data else data.index(b"/Producer")
    data[i + 2] ^= 0x20  # one letter inside the signed range
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    with pytest.raises(output_check.OutputCheckError) as info:
        output_check.check_written(bad, sig.name, expected_signatures=1, whole_file=True)
    assert info.value.code == "output_unreadable"
    with pytest.raises(output_check.OutputCheckError):  # a field that is not there
        output_check.check_written(result.output, "other", expected_signatures=1, whole_file=True)
    with pytest.raises(output_check.OutputCheckError):  # bytes appended after the signature
        longer = tmp_path / "longer.pdf"
        longer.write_bytes(result.output.read_bytes() + b"\n% appended\n")
        output_check.check_written(longer, sig.name, expected_signatures=1, whole_file=True)


def test_damaged_signed_file_is_refused_not_repaired(sign_world, tmp_path):
    first = sign_world.signer().sign_file(make_pdf(tmp_path / "a.pdf"), SignOptions())
    src = _wrong_size(first.output, tmp_path / "b.pdf")
    with pytest.raises(inputs.InputError) as info:
        inputs.inspect_pdf(src)
    assert info.value.code in ("damaged_signed_pdf", "existing_signature_broken")
    result = sign_world.signer().sign_file(src, SignOptions())
    assert result.status == "failed" and result.error.code == info.value.code
    assert not (tmp_path / "b.repaired.pdf").exists() and not (tmp_path / "b.signed.pdf").exists()


def test_unreadable_file_is_refused_in_words(tmp_path):
    src = tmp_path / "x.pdf"
    src.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    with pytest.raises(inputs.InputError) as info:
        inputs.inspect_pdf(src)
    assert info.value.code == "damaged_pdf" and "bị hỏng" in info.value.vi
    assert "qpdf" not in info.value.vi and "Error" not in info.value.vi
