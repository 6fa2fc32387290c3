"""Pages that share one /Annots array (legal, written by some generators: one indirect
array object named by several pages). Found by a fault hunter: a visible signature placed on
page 1 was added to that shared array, so every viewer drew the stamp on page 2 as well —
a signature the signer never placed there — and pdfsig, pyHanko, openssl and endesive all
accepted it. Now the chosen page gets its own array (the other pages keep the shared one).

Judged by pikepdf (which annotations each page lists), poppler's rendering of the other page
against the input's, and the four validators, also after a second signature on top.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf

from kyso.core.signing import appearance as ap
from kyso.core.signing.pades import Level, SignOptions
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _shared_annots_pdf(folder: Path) -> Path:
    src = make_pdf(folder / "a.pdf", pages=3)
    with pikepdf.open(src) as pdf:
        note = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
            Contents=pikepdf.String("ghi chú dùng chung"),
        ))
        shared = pdf.make_indirect(pikepdf.Array([note]))
        for page in pdf.pages:
            page.obj.Annots = shared
        pdf.save(folder / "shared.pdf")
    return folder / "shared.pdf"


def _widgets(path: Path) -> list[int]:
    """How many signature widgets each page lists."""
    with pikepdf.open(path) as pdf:
        return [
            sum(1 for a in page.obj.get("/Annots", []) if a.get("/FT") == "/Sig")
            for page in pdf.pages
        ]


def _render(path: Path, page: int, stem: Path) -> bytes:
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", str(page), "-l", str(page),
                    str(path), str(stem)], check=True, capture_output=True)
    (out,) = stem.parent.glob(stem.name + "*.pgm")
    return out.read_bytes()


def test_stamp_only_on_the_chosen_page(sign_world, tmp_path):
    src = _shared_annots_pdf(tmp_path)
    approval = ap.AppearanceSpec(profile=ap.Profile.APPROVAL, signer_name="Nguyễn Thị Ánh Tuyết")
    first = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B, appearance=approval))
    assert first.status == "signed", first.error and first.error.vi
    assert _widgets(first.output) == [1, 0, 0]
    assert _render(first.output, 2, tmp_path / "out2") == _render(src, 2, tmp_path / "in2")
    check_signed_output(first.output, sign_world.root_der, tmp_path / "c1", signatures=1)
    # a second signature on page 3: the first stays valid under pyHanko's diff analysis
    third = ap.AppearanceSpec(profile=ap.Profile.APPROVAL, signer_name="Trần Văn Bình", page=2)
    second = sign_world.signer().sign_file(
        first.output, SignOptions(level=Level.B_B, appearance=third, out_dir=tmp_path / "2")
    )
    assert second.status == "signed", second.error and second.error.vi
    assert _widgets(second.output) == [1, 0, 1]
    check_signed_output(second.output, sign_world.root_der, tmp_path / "c2", signatures=2)
