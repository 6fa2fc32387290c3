"""Render signed PDFs with poppler and PDFium and compare with a FreeType reference.

The reference is drawn with Pillow (FreeType) from the same :class:`AppearanceLayout`
(same text, font file, size and baseline positions) — an independent rasterizer, so a
wrong font program, wrong glyph widths or blank glyphs in the PDF show up as ink in the
wrong places.

Comparison (:func:`compare_ink`): "ink" is any pixel whose darkest channel is below 150
(blue, black and red strokes all count). Each mask is dilated by ``tolerance_px`` pixels;
``precision`` is the share of the PDF's ink lying within the dilated reference ink, and
``recall`` the share of the reference's ink lying within the dilated PDF ink. Letters
spread twice too far apart or left blank push both far below 0.9.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageStat

from kyso.core.signing.appearance import AppearanceLayout, font_path

DPI = 144
SCALE = DPI / 72.0
INK_THRESHOLD = 150


def render_poppler(pdf: Path, page: int, out_png: Path) -> Image.Image:
    prefix = out_png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(page + 1), "-l", str(page + 1),
         str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    return Image.open(out_png).convert("RGB")


def render_pdfium(pdf: Path, page: int, out_png: Path) -> Image.Image:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc.init_forms()
        pg = doc[page]
        bitmap = pg.render(scale=SCALE, may_draw_forms=True)
        img = bitmap.to_pil().convert("RGB")
        bitmap.close()
        pg.close()
    finally:
        doc.close()
    img.save(out_png)
    return img


def crop_box(img: Image.Image, box: tuple[float, float, float, float], page_height: float) -> Image.Image:
    x1, y1, x2, y2 = box
    return img.crop(
        (round(x1 * SCALE), round((page_height - y2) * SCALE), round(x2 * SCALE), round((page_height - y1) * SCALE))
    )


def reference(layout: AppearanceLayout) -> Image.Image:
    w, h = round(layout.width * SCALE), round(layout.height * SCALE)
    img = Image.new("RGB", (w, h), "white")
    for im in layout.images:
        png = Image.open(io.BytesIO(im.png)).convert("RGBA")
        size = (max(1, round(im.width * SCALE)), max(1, round(im.height * SCALE)))
        png = png.resize(size, Image.LANCZOS)
        img.paste(png, (round(im.x * SCALE), h - round(im.y * SCALE) - size[1]), png)
    draw = ImageDraw.Draw(img)
    for line in layout.lines:
        font = ImageFont.truetype(str(font_path()), size=line.size * SCALE)
        color = tuple(round(c * 255) for c in line.color)
        draw.text((line.x * SCALE, h - line.baseline * SCALE), line.text, font=font, fill=color, anchor="ls")
    return img


def ink(img: Image.Image) -> Image.Image:
    r, g, b = img.split()
    darkest = ImageChops.darker(ImageChops.darker(r, g), b)
    return darkest.point(lambda v: 255 if v < INK_THRESHOLD else 0)


@dataclass
class Match:
    precision: float
    recall: float
    ink_pdf: int
    ink_ref: int

    def ok(self, minimum: float) -> bool:
        return self.precision >= minimum and self.recall >= minimum


def _count(mask: Image.Image) -> int:
    """Pixels set in a 0/255 mask."""
    return mask.histogram()[255]


def compare_ink(rendered: Image.Image, ref: Image.Image, tolerance_px: int = 2) -> Match:
    if rendered.size != ref.size:
        rendered = rendered.resize(ref.size)
    a, b = ink(rendered), ink(ref)
    size = 2 * tolerance_px + 1
    a_dil, b_dil = a.filter(ImageFilter.MaxFilter(size)), b.filter(ImageFilter.MaxFilter(size))
    na, nb = _count(a), _count(b)
    a_in_b = _count(ImageChops.multiply(a, b_dil))
    b_in_a = _count(ImageChops.multiply(b, a_dil))
    return Match(a_in_b / na if na else 0.0, b_in_a / nb if nb else 0.0, na, nb)


def ink_outside(before: Image.Image, after: Image.Image, box_px: tuple[int, int, int, int], margin: int = 3) -> int:
    """Pixels that changed between two page renderings outside ``box_px`` (grown by margin)."""
    diff = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 40 else 0)
    x1, y1, x2, y2 = box_px
    draw = ImageDraw.Draw(diff)
    draw.rectangle((x1 - margin, y1 - margin, x2 + margin, y2 + margin), fill=0)
    return _count(diff)


def mean_ink_color(img: Image.Image) -> tuple[float, float, float]:
    mask = ink(img)
    if not _count(mask):
        return (255.0, 255.0, 255.0)
    r, g, b = ImageStat.Stat(img, mask).mean
    return (r, g, b)
