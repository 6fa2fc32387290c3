"""A CropBox that reaches beyond the MediaBox: viewers show only where the two overlap
(ISO 32000-1 §14.11.2), so that is the page a default place is measured on. Found by a
fault hunter: on a page whose CropBox was larger than its MediaBox (left so by tools that
resize pages), the appendix/copy stamp went to the CropBox's top right corner, off the
page: "Đã ký", every validator content, and nothing to see in any viewer.

Judged by poppler's rendering (it shows the overlap): the stamp's ink is on the page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _render(path: Path, stem: Path) -> bytes:
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(path), str(stem)],
                   check=True, capture_output=True)
    (pgm,) = stem.parent.glob(stem.name + "*.pgm")
    return pgm.read_bytes()


@pytest.mark.parametrize("crop", [
    [0, 0, 1191, 1684],     # twice the page, from the origin
    [-100, -100, 900, 1000],  # beyond every edge
])
@pytest.mark.parametrize("profile", [Profile.APPENDIX, Profile.COPY, Profile.APPROVAL])
def test_default_place_is_on_the_page_viewers_show(sign_world, tmp_path, crop, profile):
    src = make_pdf(tmp_path / "a.pdf")
    wide = tmp_path / "wide.pdf"
    with pikepdf.open(src) as pdf:
        pdf.pages[0].obj.MediaBox = [0, 0, 595, 842]
        pdf.pages[0].obj.CropBox = crop
        pdf.save(wide)
    spec = AppearanceSpec(profile, organization="Văn phòng UBND tỉnh Hưng Yên",
                          number_symbol="125/QĐ-UBND", signer_name="Nguyễn Thị Ánh Tuyết")
    result = sign_world.signer().sign_file(wide, SignOptions(level=Level.B_B, appearance=spec))
    assert result.status == "signed", result.error
    x1, y1, x2, y2 = result.box
    assert 0 <= x1 < x2 <= 595 and 0 <= y1 < y2 <= 842, result.box
    assert _render(result.output, tmp_path / "out") != _render(wide, tmp_path / "in"), (
        "the stamp shows where viewers draw the page"
    )
    check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=1)


@pytest.mark.parametrize("box", [
    (700, 900, 800, 1000),  # beyond the page's top right corner
    (500, 700, 700, 800),   # half off the right edge
    (100, 100, 300, 180),   # on the MediaBox, outside a CropBox that starts at (200, 200)
])
def test_a_box_off_the_page_is_refused_in_words(sign_world, tmp_path, box):
    """A box given off the part of the page viewers show was signed ("Đã ký") with a stamp
    nobody could see, or half of one. Found by a fault hunter. It is refused, nothing
    written."""
    src = make_pdf(tmp_path / "a.pdf")
    with pikepdf.open(src) as pdf:
        pdf.pages[0].obj.CropBox = [200, 200, 595, 842] if box[0] == 100 else [0, 0, 595, 842]
        pdf.save(tmp_path / "page.pdf")
    spec = AppearanceSpec(Profile.APPROVAL, box=box, signer_name="Nguyễn Thị Ánh Tuyết")
    result = sign_world.signer().sign_file(
        tmp_path / "page.pdf", SignOptions(level=Level.B_B, appearance=spec)
    )
    assert result.status == "failed"
    assert result.error.code == "box_off_page"
    assert result.error.vi.startswith("Khung chữ ký") and "trang 1" in result.error.vi
    assert not list(tmp_path.glob("*.signed.pdf")) and not list(tmp_path.glob(".*.part"))
