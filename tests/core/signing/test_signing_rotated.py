"""Appearances on rotated pages and pages whose boxes are not at the origin (issue 13):
rendered by poppler and PDFium, the ink is where the box is as the reader sees the page,
and it matches an upright FreeType rendering of the layout (so text runs left to right)."""

from __future__ import annotations

import pikepdf
import pytest

from kyso.core.signing import appearance as ap
from kyso.core.signing import placement
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions
from tests.support import render_compare as rc
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base, signature_png

__all__ = ["sign_world", "sign_world_base"]

MIN_MATCH = 0.90
CASES = [(0, "offset"), (90, "plain"), (90, "offset"), (180, "plain"), (270, "offset")]


def _page(tmp_path, rotate: int, boxes: str):
    src = make_pdf(tmp_path / "plain.pdf")
    dst = tmp_path / f"r{rotate}-{boxes}.pdf"
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        if boxes == "offset":  # a MediaBox away from the origin and a smaller CropBox in it
            page.obj.MediaBox = pikepdf.Array([100, 200, 695.28, 1041.89])
            page.obj.CropBox = pikepdf.Array([130, 240, 665.28, 1001.89])
            page.obj.Contents = pdf.make_stream(b"q 1 0 0 1 100 200 cm Q " + page.obj.Contents.read_bytes())
        if rotate:
            page.obj.Rotate = rotate
        pdf.save(dst)
    return dst


def _poppler(pdf, page, out_png):
    """pdftoppm as a viewer shows the page: the CropBox (pdftoppm's default is the MediaBox)."""
    import subprocess

    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-cropbox", "-r", str(rc.DPI), "-png", "-singlefile", "-f", str(page + 1),
         "-l", str(page + 1), str(pdf), str(out_png.with_suffix(""))],
        check=True, capture_output=True,
    )
    return Image.open(out_png).convert("RGB")


def _displayed(result, src):
    with pikepdf.open(src) as pdf:
        crop, rotate = placement.page_geometry(pdf.pages[0].obj)
    return crop, rotate, placement.user_to_display(result.box, crop, rotate)


@pytest.mark.parametrize(("rotate", "boxes"), CASES)
@pytest.mark.parametrize("profile", [Profile.APPENDIX, Profile.APPROVAL])
def test_upright_where_placed(sign_world, tmp_path, rotate, boxes, profile):
    src = _page(tmp_path, rotate, boxes)
    with pikepdf.open(src) as pdf:
        crop, rot = placement.page_geometry(pdf.pages[0].obj)
    assert rot == rotate
    shown_w, shown_h = placement.display_size(crop, rotate)
    if profile is Profile.APPENDIX:  # default place: top right as the reader sees the page
        spec = AppearanceSpec(profile, number_symbol="125/QĐ-UBND")
        cert = "organization"
    else:  # the user drew a box on the displayed page: lower right, 180 × 80
        wanted = (shown_w - 240, 120, shown_w - 60, 200)
        spec = AppearanceSpec(
            profile, box=placement.display_to_user(wanted, crop, rotate), image_png=signature_png()
        )
        cert = "leader-province"
    result = sign_world.signer(cert).sign_file(src, SignOptions(level=Level.B_B, appearance=spec))
    assert result.status == "signed", result.error
    check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=1)
    _, _, shown = _displayed(result, src)
    if profile is Profile.APPENDIX:
        assert abs(shown[2] - (shown_w - ap.CORNER_MARGIN)) <= 1.5
        assert abs(shown[3] - (shown_h - ap.CORNER_MARGIN)) <= 1.5
    else:
        assert all(abs(a - b) <= 1.0 for a, b in zip(shown, wanted, strict=True))
    upright = (shown[2] - shown[0], shown[3] - shown[1])
    layout = ap.layout_appearance(spec, result.signing_time, (0, 0, *upright))
    ref = rc.reference(layout)
    box_px = (round(shown[0] * rc.SCALE), round((shown_h - shown[3]) * rc.SCALE),
              round(shown[2] * rc.SCALE), round((shown_h - shown[1]) * rc.SCALE))
    for name, render in (("poppler", _poppler), ("pdfium", rc.render_pdfium)):
        before = render(src, 0, tmp_path / f"{name}-unsigned.png")
        page = render(result.output, 0, tmp_path / f"{name}.png")
        assert page.size == before.size
        assert abs(page.size[0] - shown_w * rc.SCALE) <= 2  # rendered as the reader sees it
        got = rc.crop_box(page, shown, shown_h)
        got.save(tmp_path / f"{name}-box.png")
        match = rc.compare_ink(got, ref)
        assert match.ok(MIN_MATCH), (name, match)
        assert rc.ink_outside(before, page, box_px) == 0, name
