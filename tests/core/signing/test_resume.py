"""Batches that survive interruption (issue 14, item 5): outputs made before are recognised,
Kyso's own leftover temporary files are removed and nothing else is touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.batch import sign_batch
from kyso.core.signing.pades import Level, SignOptions, _temp_beside
from kyso.core.signing.resume import (
    ALREADY_SIGNED,
    is_own_part,
    process_started,
    remove_stale_parts,
)
from tests.core.signing.test_signing_batch import _files
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _options(out_dir: Path | None = None) -> SignOptions:
    return SignOptions(level=Level.B_B, appearance=AppearanceSpec(Profile.COPY), out_dir=out_dir)


def test_own_temporary_names_recognised(tmp_path):
    """The pattern follows pades._temp_beside itself, not a copy of its naming."""
    for name in ("a.signed.pdf", "văn bản 01.signed.pdf", ".x.signed.pdf"):
        part = _temp_beside(tmp_path / name)
        assert is_own_part(part.name), part.name
    for other in (
        ".a.signed.pdf.abc.part",  # not 8 characters
        "a.signed.pdf.abcdefgh.part",  # not hidden
        ".a.pdf.abcdefgh.part",  # not a signed output's name
        ".a.signed.pdf.abcdefgh.tmp",
        ".a.signed.pdf.ABCDEFGH.part",
        "notes.txt",
    ):
        assert not is_own_part(other), other


def test_stale_parts_removed_and_nothing_else(tmp_path):
    old = time.time() - 3600
    stale = _temp_beside(tmp_path / "a.signed.pdf")
    stale.write_bytes(b"%PDF-1.7 half")
    os.utime(stale, (old, old))
    fresh = _temp_beside(tmp_path / "b.signed.pdf")  # a process started after ours
    lookalike_dir = tmp_path / ".c.signed.pdf.abcdefgh.part"
    lookalike_dir.mkdir()
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"keep")
    link = tmp_path / ".d.signed.pdf.abcdefgh.part"
    link.symlink_to(target)
    others = [tmp_path / n for n in ("x.part", ".x.pdf.abcdefgh.part", "e.signed.pdf")]
    for p in others:
        p.write_bytes(b"other")
        os.utime(p, (old, old))
    os.utime(lookalike_dir, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    removed = remove_stale_parts([tmp_path / "a.pdf"], None, before=time.time() - 60)
    assert removed == [stale]
    assert fresh.exists() and lookalike_dir.is_dir() and link.is_symlink() and target.exists()
    assert all(p.exists() for p in others)


def test_process_start_is_in_the_past():
    assert process_started() <= time.time()


def test_rerun_reports_already_signed_and_signs_the_rest(sign_world, tmp_path):
    files = _files(tmp_path / "in", 3)
    signer = sign_world.signer("organization")
    first = sign_batch(signer, files[:2], _options())
    assert len(first.signed) == 2
    outputs = {r.input: r.output.read_bytes() for r in first.signed}
    again = sign_batch(signer, files, _options())
    assert [r.status for r in again.results] == [ALREADY_SIGNED, ALREADY_SIGNED, "signed"]
    assert again.done and again.to_json()["already_signed"] == 2
    for r in again.results[:2]:
        assert r.output.read_bytes() == outputs[r.input]  # untouched


def test_output_by_another_certificate_is_still_output_exists(sign_world, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    sign_batch(sign_world.signer("organization"), [src], _options())
    report = sign_batch(sign_world.signer("leader-province"), [src], _options())
    assert report.results[0].status == "failed"
    assert report.results[0].error.code == "output_exists"


def test_output_of_another_input_or_damaged_is_not_skipped(sign_world, tmp_path):
    signer = sign_world.signer("organization")
    src = make_pdf(tmp_path / "a.pdf")
    sign_batch(signer, [src], _options())
    make_pdf(src, text="Một văn bản khác")  # the input changed since
    report = sign_batch(signer, [src], _options())
    assert report.results[0].error.code == "output_exists"
    other = make_pdf(tmp_path / "b.pdf")
    sign_batch(signer, [other], _options())
    out = tmp_path / "b.signed.pdf"
    data = bytearray(out.read_bytes())
    data[-300] ^= 0x01  # a flipped byte inside the signed revision
    out.write_bytes(bytes(data))
    report = sign_batch(signer, [other], _options())
    assert report.results[0].error.code == "output_exists"


def test_a_part_still_open_by_a_process_is_kept(tmp_path):
    """An older Kyso process still writing (a remote approval can take minutes)."""
    old = time.time() - 3600
    part = _temp_beside(tmp_path / "a.signed.pdf")
    with part.open("r+b"):
        os.utime(part, (old, old))
        assert remove_stale_parts([tmp_path / "a.pdf"], None, before=time.time()) == []
    assert part.exists()
    assert remove_stale_parts([tmp_path / "a.pdf"], None, before=time.time()) == [part]


def test_b_lta_output_recognised_despite_its_document_timestamp(sign_world, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    signer = sign_world.signer("organization")
    options = SignOptions(
        level=Level.B_LTA, tsa_url=sign_world.tsa.url, appearance=AppearanceSpec(Profile.COPY)
    )
    first = sign_batch(signer, [src], options)
    assert first.results[0].status == "signed", first.to_json()
    from pyhanko.pdf_utils.reader import PdfFileReader

    with first.results[0].output.open("rb") as fh:
        kinds = [s.sig_object.get("/Type") for s in PdfFileReader(fh).embedded_signatures]
    assert kinds[-1] == "/DocTimeStamp"  # the holder's signature is not the last one
    again = sign_batch(signer, [src], options)
    assert again.results[0].status == ALREADY_SIGNED
