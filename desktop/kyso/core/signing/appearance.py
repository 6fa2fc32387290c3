"""Visible signatures as Nghị định 30/2020/NĐ-CP, Phụ lục I asks (domain.md §5).

Profiles:

* ``approval`` (phê duyệt): the leader's handwritten signature image (transparent PNG);
* ``issuance`` (phát hành): the organization's red seal covering about the left third of the
  leader's signature, with the organization's name, the signing time and, optionally, the
  document's number and symbol;
* ``appendix`` (phụ lục): top right of page 1, no image: number and symbol, signing time;
  Liberation Serif (Times New Roman's metrics) 10 pt, blue;
* ``copy`` (bản sao): top right of page 1, no image: the copying organization, signing time;
  10 pt, black;
* ``invisible``.

**How the appearance is drawn.** pyHanko 0.38's own OpenType text path
(``TextStampStyle`` + ``GlyphAccumulatorFactory``) writes the CIDFont's ``/W`` array in
font design units (2048 per em for Liberation, Tinos, DejaVu) where PDF wants thousandths
of an em, so every viewer advances each glyph about 2.05 times too far; ``pdftotext``
does not look at widths and extracts the text perfectly, which is why the fault hides.
Kyso does not use that path. It lays the appearance out here (:class:`AppearanceLayout`:
lines of text with their baseline positions, images with their boxes), draws it as a
one-page vector PDF the size of the box with ReportLab (a TrueType subset with correct
``/Widths`` and a ``/ToUnicode`` map; Vietnamese precomposed letters need no shaping),
and pyHanko imports that page as the widget's appearance stream
(:class:`PdfBytesContent`). Tests render the signed file with poppler and PDFium and
compare it with a FreeType rendering of the same layout.
"""

from __future__ import annotations

import binascii
import datetime as dt
import enum
import io
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader

from kyso.core.errors import KysoError
from kyso.core.resources import resource_path
from kyso.core.vntime import VN_TZ, vn_datetime  # noqa: F401 - VN_TZ is part of this API

FONT_FILE = "LiberationSerif-Regular.ttf"
FONT_NAME = "KysoSerif"
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation-serif",
    "/usr/share/fonts/TTF",
    "/Library/Fonts",
)

BLUE = (0.0, 0.0, 1.0)
BLACK = (0.0, 0.0, 0.0)
RED = (0.8, 0.0, 0.0)

Box = tuple[float, float, float, float]
"""``(x1, y1, x2, y2)`` in PDF points, origin at the page's lower left corner."""


class AppearanceError(KysoError):
    """An image or a box for the visible signature is unusable."""


class Profile(str, enum.Enum):
    APPROVAL = "approval"
    ISSUANCE = "issuance"
    APPENDIX = "appendix"
    COPY = "copy"
    INVISIBLE = "invisible"

    @property
    def label_vi(self) -> str:
        return {
            "approval": "Phê duyệt",
            "issuance": "Phát hành",
            "appendix": "Phụ lục",
            "copy": "Bản sao",
            "invisible": "Không hiển thị",
        }[self.value]

    @property
    def needs_organization_cert(self) -> bool:
        return self in (Profile.ISSUANCE, Profile.APPENDIX, Profile.COPY)


@dataclass
class AppearanceSpec:
    """What the caller chose for one signature's look (placement is in PDF points)."""

    profile: Profile = Profile.INVISIBLE
    page: int = 0
    """0-based page index; appendix and copy are always on page 1 (index 0) by default."""
    box: Box | None = None
    """None: the profile's default place (top right for appendix/copy)."""
    image_png: bytes | None = None
    """Approval: the leader's signature. Issuance: the seal."""
    signer_name: str = ""
    """Approval without an image shows the signer's name as text."""
    organization: str = ""
    """Issuance: the issuing organization; copy: the copying organization."""
    number_symbol: str = ""
    """Số và ký hiệu văn bản (issuance: optional; appendix: expected)."""
    font_size: float = 10.0
    seal_only: bool = False
    """Issuance over the leader's signature: the seal alone (the organization and signing
    time stay in the signature's own data), so no text is printed over the signature."""

    @property
    def visible(self) -> bool:
        return self.profile is not Profile.INVISIBLE


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    baseline: float
    size: float
    color: tuple[float, float, float]


@dataclass(frozen=True)
class ImageBox:
    png: bytes
    x: float
    y: float
    width: float
    height: float


@dataclass
class AppearanceLayout:
    """Everything drawn in the box, in box coordinates (origin lower left)."""

    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    images: list[ImageBox] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# -- times ---------------------------------------------------------------------------


def vn_signing_time(when: dt.datetime) -> str:
    """``dd/mm/yyyy hh:mm:ss +07:00``: Vietnam time with the zone written out."""
    if when.tzinfo is None:
        raise ValueError("signing time must be timezone-aware")
    return vn_datetime(when)


# -- fonts ---------------------------------------------------------------------------


def font_path() -> Path:
    """Liberation Serif: bundled under resources/fonts, else the system's copy."""
    bundled = resource_path("fonts", FONT_FILE)
    if bundled.is_file():
        return bundled
    for folder in SYSTEM_FONT_DIRS:
        candidate = Path(folder) / FONT_FILE
        if candidate.is_file():
            return candidate
    raise AppearanceError(
        "Không tìm thấy phông chữ Liberation Serif để vẽ chữ ký hiển thị. Cài gói "
        "fonts-liberation2 hoặc cài lại Kyso.",
        "The Liberation Serif font for visible signatures is missing. Install "
        "fonts-liberation2 or reinstall Kyso.",
        code="font_missing",
    )


_font_lock = threading.Lock()
_font_registered = False


def register_font() -> None:
    global _font_registered
    with _font_lock:
        if _font_registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
        _font_registered = True


def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    register_font()
    return float(pdfmetrics.stringWidth(text, FONT_NAME, size))


# -- images --------------------------------------------------------------------------


def check_png(data: bytes, what_vi: str = "ảnh", what_en: str = "image") -> tuple[int, int]:
    """Refuse anything that is not a readable PNG; its pixel size."""
    from PIL import Image, UnidentifiedImageError

    bad = AppearanceError(
        f"Tệp {what_vi} không phải ảnh PNG hợp lệ. Chọn một tệp .png (nền trong suốt).",
        f"The {what_en} file is not a valid PNG. Pick a .png file (transparent background).",
        code="bad_png",
    )
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise bad
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            return img.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise bad from None


# -- layout --------------------------------------------------------------------------

LINE_GAP = 1.25
PAD = 3.0
CORNER_MARGIN = 20.0
"""Appendix/copy: distance of the box from the page's top and right edges (points)."""


def info_lines(spec: AppearanceSpec, when: dt.datetime) -> list[str]:
    """The text lines a profile shows (Vietnamese, as in VGCA's tools), composed (NFC).

    Text typed with Unikey's "Unicode tổ hợp", or read from a certificate written
    decomposed, puts each mark after its letter; drawn glyph by glyph (no mark positioning)
    the marks would land beside the letters. Composed, each letter is one glyph of the font.
    """
    return [unicodedata.normalize("NFC", line) for line in _info_lines(spec, when)]


def _info_lines(spec: AppearanceSpec, when: dt.datetime) -> list[str]:
    time_line = f"Thời gian ký: {vn_signing_time(when)}"
    p = spec.profile
    if p is Profile.ISSUANCE:
        lines = [spec.organization] if spec.organization else []
        if spec.number_symbol:
            lines.append(f"Số, ký hiệu: {spec.number_symbol}")
        return [*lines, time_line]
    if p is Profile.APPENDIX:
        lines = [f"Số, ký hiệu: {spec.number_symbol}"] if spec.number_symbol else []
        return [*lines, time_line]
    if p is Profile.COPY:
        return [spec.organization, time_line]
    if p is Profile.APPROVAL and not spec.image_png:
        return [f"Người ký: {spec.signer_name}", time_line]
    return []


def text_block_size(lines: list[str], size: float) -> tuple[float, float]:
    width = max((text_width(t, size) for t in lines), default=0.0)
    height = len(lines) * size * LINE_GAP
    return width + 2 * PAD, height + 2 * PAD


def default_box(spec: AppearanceSpec, when: dt.datetime, page_size: tuple[float, float]) -> Box:
    """The profile's default place on a page of ``page_size`` (width, height) points."""
    pw, ph = page_size
    if spec.profile in (Profile.APPENDIX, Profile.COPY):
        w, h = text_block_size(info_lines(spec, when), spec.font_size)
        x2, y2 = pw - CORNER_MARGIN, ph - CORNER_MARGIN
        return (x2 - w, y2 - h, x2, y2)
    if spec.profile is Profile.ISSUANCE:
        w, h = 260.0, 110.0
    else:
        w, h = 180.0, 80.0
    # the signature block: lower right quarter of the page
    x2 = pw - 60.0
    return (x2 - w, 120.0, x2, 120.0 + h)


def issuance_box_over(signature_box: Box, width: float = 260.0, height: float = 110.0) -> Box:
    """A box for the issuance appearance whose seal covers the left third of the leader's
    signature at ``signature_box`` (the seal is a square of the box's height at its left)."""
    x1, y1, x2, y2 = signature_box
    seal = height
    right_of_seal = x1 + (x2 - x1) / 3.0
    left = right_of_seal - seal
    mid = (y1 + y2) / 2.0
    return (left, mid - height / 2.0, left + width, mid + height / 2.0)


def _fit(img_w: float, img_h: float, box_w: float, box_h: float) -> tuple[float, float]:
    scale = min(box_w / img_w, box_h / img_h)
    return img_w * scale, img_h * scale


def _text_lines(
    lines: list[str], x: float, top: float, size: float, color: tuple[float, float, float]
) -> list[TextLine]:
    out: list[TextLine] = []
    step = size * LINE_GAP
    for i, text in enumerate(lines):
        # baseline sits about 0.8 em below the top of its line box
        baseline = top - i * step - size * 0.95
        out.append(TextLine(text, x, baseline, size, color))
    return out


MIN_FONT_SIZE = 6.0


def _wrap(lines: list[str], max_width: float, size: float) -> list[str]:
    """Word-wrap each line to ``max_width`` points (a word wider than that stays whole)."""
    out: list[str] = []
    for line in lines:
        words = line.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, size) > max_width:
                out.append(current)
                current = word
            else:
                current = candidate
        out.append(current)
    return out


def fit_text(
    lines: list[str], max_width: float, max_height: float, size: float
) -> tuple[list[str], float]:
    """Wrap to the width; if the block is still too tall or too wide, shrink the font.

    Nghị định 30 asks for 10 pt in the appendix and copy profiles, so wrapping comes first
    and the size only drops when the user's box cannot hold the text otherwise. Nothing is
    ever clipped at the box edge.
    """
    while True:
        wrapped = _wrap(lines, max_width, size)
        block_h = len(wrapped) * size * LINE_GAP
        widest = max((text_width(t, size) for t in wrapped), default=0.0)
        if (block_h <= max_height and widest <= max_width) or size <= MIN_FONT_SIZE:
            return wrapped, size
        size = max(MIN_FONT_SIZE, size - 0.5)


def layout_appearance(spec: AppearanceSpec, when: dt.datetime, box: Box) -> AppearanceLayout:
    """Place text and images in ``box`` (its size only; box coordinates)."""
    width, height = box[2] - box[0], box[3] - box[1]
    if width < 10 or height < 10:
        raise AppearanceError(
            "Khung chữ ký quá nhỏ; kéo khung lớn hơn.",
            "The signature box is too small; drag a larger box.",
            code="box_too_small",
        )
    layout = AppearanceLayout(width, height)
    size = spec.font_size
    p = spec.profile
    if p is Profile.APPROVAL:
        if spec.image_png:
            iw, ih = check_png(spec.image_png, "ảnh chữ ký", "signature image")
            w, h = _fit(iw, ih, width, height)
            layout.images.append(ImageBox(spec.image_png, (width - w) / 2, (height - h) / 2, w, h))
        else:
            lines, fsize = fit_text(info_lines(spec, when), width - 2 * PAD, height - 2 * PAD, size)
            layout.lines = _text_lines(lines, PAD, height - PAD, fsize, BLUE)
    elif p is Profile.ISSUANCE:
        text_x = PAD
        if spec.image_png:
            iw, ih = check_png(spec.image_png, "ảnh con dấu", "seal image")
            w, h = _fit(iw, ih, height, height)
            layout.images.append(ImageBox(spec.image_png, 0.0, (height - h) / 2, w, h))
            text_x = w + PAD
        if not (spec.seal_only and spec.image_png):
            lines, fsize = fit_text(
                info_lines(spec, when), width - text_x - PAD, height - 2 * PAD, size
            )
            block_h = len(lines) * fsize * LINE_GAP
            top = (height + block_h) / 2
            layout.lines = _text_lines(lines, text_x, top, fsize, BLUE)
    elif p in (Profile.APPENDIX, Profile.COPY):
        colour = BLUE if p is Profile.APPENDIX else BLACK
        lines, fsize = fit_text(info_lines(spec, when), width - 2 * PAD, height - 2 * PAD, size)
        layout.lines = _text_lines(lines, PAD, height - PAD, fsize, colour)
    return layout


# -- drawing -------------------------------------------------------------------------


def _without_soft_mask(png: bytes) -> tuple[Any, list[int] | None]:
    """The image for a PDF/A-1 file, which forbids soft masks (ISO 19005-1 §6.4): partly
    transparent pixels laid on white, the clear ones (alpha below half) one colour the
    image does not use, masked by colour key (/Mask [..], which PDF/A-1 allows) — so the
    seal still lets what is under it show."""
    from PIL import Image, ImageChops
    from reportlab.lib.utils import ImageReader

    img = Image.open(io.BytesIO(png)).convert("RGBA")
    white = Image.new("RGBA", img.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(white, img).convert("RGB")
    alpha = img.getchannel("A")
    clear = alpha.point(lambda a: 255 if a < 128 else 0)
    if not clear.getbbox():
        return ImageReader(flat), None
    # the key colour must mark the clear pixels only: an opaque pixel of that very colour
    # is nudged by one step (invisible), in linear time and memory whatever the image
    key = (255, 0, 255)
    diff = ImageChops.difference(flat, Image.new("RGB", flat.size, key))
    same = None
    for band in diff.split():
        hit = band.point(lambda v: 255 if v == 0 else 0)
        same = hit if same is None else ImageChops.multiply(same, hit)
    if same is not None and same.getbbox():
        flat.paste((254, 0, 255), mask=same)
    flat.paste(key, mask=clear)
    r, g, b = key
    return ImageReader(flat), [r, r, g, g, b, b]


def render_appearance_pdf(layout: AppearanceLayout, pdfa1: bool = False) -> bytes:
    """A one-page PDF exactly the size of the box, holding the appearance as vectors.

    ``pdfa1``: for a PDF/A-1 document, images carry no soft mask (see
    :func:`_without_soft_mask`)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    register_font()
    out = io.BytesIO()
    # ReportLab starts every page with its initial font selected ("/F1 12 Tf"); left at its
    # default that is an unembedded Helvetica, which PDF/A forbids: start with ours instead.
    c = canvas.Canvas(
        out,
        pagesize=(layout.width, layout.height),
        pageCompression=1,
        initialFontName=FONT_NAME,
        initialFontSize=10,
    )
    c.setTitle("Kyso signature appearance")
    for image in layout.images:
        reader, mask = (
            _without_soft_mask(image.png)
            if pdfa1
            else (ImageReader(io.BytesIO(image.png)), "auto")
        )
        c.drawImage(reader, image.x, image.y, image.width, image.height, mask=mask)
    for line in layout.lines:
        c.setFillColorRGB(*line.color)
        c.setFont(FONT_NAME, line.size)
        c.drawString(line.x, line.baseline, line.text)
    c.showPage()
    c.save()
    return out.getvalue()


class PdfBytesContent(PdfContent):  # type: ignore[misc]
    """Page 1 of an in-memory PDF, imported as a form XObject into the appearance stream.

    (pyHanko's ``ImportedPdfPage`` wants a file name; the appearance never touches disk.)
    """

    def __init__(self, data: bytes, rotate: int = 0) -> None:
        self.data = data
        self.rotate = rotate % 360
        super().__init__()

    def render(self) -> bytes:
        writer = self._ensure_writer
        reader = PdfFileReader(io.BytesIO(self.data))
        xobj = writer.import_page_as_xobject(reader, page_ix=0)
        name = b"/KysoAp" + binascii.hexlify(uuid.uuid4().bytes[:8])
        self.resources.xobject[name.decode("ascii")] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        w, h = abs(x1 - x2), abs(y1 - y2)
        # The page is shown turned clockwise by /Rotate: turn the upright drawing (w × h as
        # the reader sees it) counter-clockwise by as much, into the widget's h × w box.
        matrix = {
            90: f"0 1 -1 0 {h:g} 0",
            180: f"-1 0 0 -1 {w:g} {h:g}",
            270: f"0 -1 1 0 0 {w:g}",
        }.get(self.rotate)
        if self.rotate in (90, 270):
            self.box = BoxConstraints(width=h, height=w)
        else:
            self.box = BoxConstraints(width=w, height=h)
        if matrix is None:
            return name + b" Do"
        return b"q " + matrix.encode("ascii") + b" cm " + name + b" Do Q"


def stamp_style(appearance_pdf: bytes, rotate: int = 0) -> object:
    """A pyHanko stamp style that paints ``appearance_pdf`` 1:1 with no border, turned
    against the page's /Rotate so that it reads upright."""
    from pyhanko.pdf_utils import layout as hl
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        background=PdfBytesContent(appearance_pdf, rotate),
        border_width=0,
        background_opacity=1.0,
        background_layout=hl.SimpleBoxLayoutRule(
            x_align=hl.AxisAlignment.ALIGN_MIN,
            y_align=hl.AxisAlignment.ALIGN_MIN,
            margins=hl.Margins.uniform(0),
            inner_content_scaling=hl.InnerScaling.NO_SCALING,
        ),
    )
