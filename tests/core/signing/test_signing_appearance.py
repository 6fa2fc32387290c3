"""Nghị định 30 appearances: text extracts back exactly, and poppler and PDFium draw what a
FreeType reference rendering of the same layout shows, inside the expected box.

Tolerance: ink masks at 144 dpi, each dilated by 2 px; at least 90 % of each rendering's
ink must lie within the other's (see tests/support/render_compare.py). The PNGs are kept
in the test's tmp_path (``poppler.png``, ``pdfium.png``, ``reference.png``) to look at.
"""

from __future__ import annotations

import subprocess

import pytest

from kyso.core.signing import appearance as ap
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from tests.support import render_compare as rc
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import (
    make_pdf,
    seal_png,
    sign_world,
    sign_world_base,
    signature_png,
)

__all__ = ["sign_world", "sign_world_base"]

MIN_MATCH = 0.90
A4 = (595.2756, 841.8898)


def _spec(profile: Profile) -> tuple[AppearanceSpec, str]:
    if profile is Profile.APPROVAL:
        return AppearanceSpec(profile, box=(330, 120, 510, 200), image_png=signature_png()), "leader-province"
    if profile is Profile.ISSUANCE:
        box = ap.issuance_box_over((330, 120, 510, 200), width=250, height=90)
        return (
            AppearanceSpec(
                profile,
                box=box,
                image_png=seal_png(),
                organization="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
                number_symbol="125/QĐ-SKHCN",
                font_size=8,
            ),
            "organization",
        )
    if profile is Profile.APPENDIX:
        return AppearanceSpec(profile, number_symbol="125/QĐ-UBND"), "organization"
    return AppearanceSpec(profile, organization="Văn phòng UBND tỉnh Hưng Yên — Đà Nẵng, ơ ư ờ ẵ ả"), "organization"


def _pdftotext(pdf, box, page_h):
    x1, y1, x2, y2 = box
    out = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-r", "72", "-x", str(int(x1) - 1), "-y",
         str(int(page_h - y2) - 1), "-W", str(int(x2 - x1) + 3), "-H", str(int(y2 - y1) + 3),
         "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("profile", [Profile.APPROVAL, Profile.ISSUANCE, Profile.APPENDIX, Profile.COPY])
def test_appearance_renders_like_reference(sign_world, tmp_path, profile):
    spec, cert = _spec(profile)
    src = make_pdf(tmp_path / "vb.pdf")
    digest = sha256_file(src)
    result = sign_world.signer(cert).sign_file(
        src, SignOptions(level=Level.B_T, tsa_url=sign_world.tsa.url, appearance=spec)
    )
    assert result.status == "signed", result.error
    assert sha256_file(src) == digest
    check_signed_output(result.output, sign_world.root_der, tmp_path / "checks", signatures=1)
    when = result.signing_time
    box = result.box
    expected = spec.box or ap.default_box(spec, when, A4)
    assert all(abs(a - b) <= 0.5 for a, b in zip(box, expected, strict=True))
    layout = ap.layout_appearance(spec, when, box)

    # the text extracts back exactly
    assert _pdftotext(result.output, box, A4[1]) == [ln.text for ln in layout.lines]
    time_text = ap.vn_signing_time(when)
    assert time_text.endswith(" +07:00")
    if layout.lines:
        assert any(time_text in ln.text for ln in layout.lines)

    ref = rc.reference(layout)
    ref.save(tmp_path / "reference.png")
    box_px = (round(box[0] * rc.SCALE), round((A4[1] - box[3]) * rc.SCALE),
              round(box[2] * rc.SCALE), round((A4[1] - box[1]) * rc.SCALE))
    for name, render in (("poppler", rc.render_poppler), ("pdfium", rc.render_pdfium)):
        before = render(src, 0, tmp_path / f"{name}-unsigned.png")
        page = render(result.output, 0, tmp_path / f"{name}.png")
        got = rc.crop_box(page, box, A4[1])
        got.save(tmp_path / f"{name}-box.png")
        match = rc.compare_ink(got, ref)
        assert match.ok(MIN_MATCH), (name, match)
        # nothing drawn outside the expected box
        assert rc.ink_outside(before, page, box_px) == 0, name
        if profile is Profile.APPENDIX:
            r, g, b = rc.mean_ink_color(got)
            assert b > 150 and r < 110 and g < 110, (name, (r, g, b))
        if profile is Profile.COPY:
            r, g, b = rc.mean_ink_color(got)
            assert max(r, g, b) < 110 and abs(b - r) < 30, (name, (r, g, b))


def test_appendix_and_copy_default_to_top_right_of_page_one(sign_world):
    when = __import__("datetime").datetime(2026, 1, 2, 3, 4, 5, tzinfo=ap.VN_TZ)
    for profile in (Profile.APPENDIX, Profile.COPY):
        spec, _ = _spec(profile)
        x1, y1, x2, y2 = ap.default_box(spec, when, A4)
        assert spec.page == 0
        assert A4[0] - x2 == pytest.approx(ap.CORNER_MARGIN)
        assert A4[1] - y2 == pytest.approx(ap.CORNER_MARGIN)
        layout = ap.layout_appearance(spec, when, (x1, y1, x2, y2))
        assert all(ln.size == 10 for ln in layout.lines)
        assert all(ln.color == (ap.BLUE if profile is Profile.APPENDIX else ap.BLACK) for ln in layout.lines)
        assert not layout.images
        assert layout.lines[-1].text == "Thời gian ký: 02/01/2026 03:04:05 +07:00"


def test_signing_time_shown_in_vietnam_time():
    import datetime as dt

    utc = dt.datetime(2026, 3, 31, 20, 15, 0, tzinfo=dt.timezone.utc)
    assert ap.vn_signing_time(utc) == "01/04/2026 03:15:00 +07:00"
    with pytest.raises(ValueError):
        ap.vn_signing_time(dt.datetime(2026, 1, 1))


def test_issuance_seal_covers_left_third_of_signature():
    sig = (330.0, 120.0, 510.0, 200.0)
    x1, y1, x2, y2 = ap.issuance_box_over(sig, width=250, height=90)
    seal_right = x1 + (y2 - y1)
    assert seal_right == pytest.approx(sig[0] + (sig[2] - sig[0]) / 3)
    assert (y1 + y2) / 2 == pytest.approx((sig[1] + sig[3]) / 2)


def test_cause_of_pyhanko_opentype_trap(tmp_path):
    """Why Kyso does not draw text with pyHanko's OpenType path (TextStampStyle +
    GlyphAccumulatorFactory): its CIDFont /W array holds advance widths in font design
    units (2048 per em for Liberation Serif) where PDF wants 1/1000 em, so viewers advance
    each glyph ~2.05x too far. Kyso's own appearance (ReportLab) writes 1/1000-em widths.
    If this test starts failing, pyHanko fixed it."""
    import uharfbuzz  # noqa: F401 - pyHanko's OpenType path needs it (test extra)
    from fontTools.ttLib import TTFont
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStamp, TextStampStyle

    font = str(ap.font_path())
    src = make_pdf(tmp_path / "blank.pdf")
    with src.open("rb") as fh:
        w = IncrementalPdfFileWriter(fh)
        style = TextStampStyle(
            stamp_text="Nẵng",
            text_box_style=TextBoxStyle(font=_InMemoryFont(font)),
            border_width=0,
        )
        TextStamp(w, style).apply(0, 50, 700)
        with (tmp_path / "stamped.pdf").open("wb") as out:
            w.write(out)
    tt = TTFont(font)
    upem = tt["head"].unitsPerEm
    n_gid = tt.getGlyphID(tt.getBestCmap()[ord("N")])
    n_advance = tt["hmtx"][tt.getGlyphName(n_gid)][0]
    data = (tmp_path / "stamped.pdf").read_bytes()
    with (tmp_path / "stamped.pdf").open("rb") as fh:
        r = PdfFileReader(fh)
        widths: dict[int, int] = {}
        for num in range(1, int(r.trailer["/Size"])):
            try:
                obj = generic.Reference(num, 0, r).get_object()
            except Exception:
                continue
            if isinstance(obj, generic.DictionaryObject) and obj.get("/Subtype") == "/CIDFontType2":
                arr = list(obj["/W"])
                for start, ws in zip(arr[::2], arr[1::2], strict=True):
                    for k, wv in enumerate(ws):
                        widths[int(start) + k] = int(wv)
    assert data and widths
    assert upem == 2048
    assert widths[n_gid] == n_advance  # design units …
    assert widths[n_gid] != round(n_advance * 1000 / upem)  # … not thousandths of an em
    # Kyso's appearance font: /Widths in 1/1000 em (N = 722 in Times metrics)
    assert round(ap.text_width("N", 1000)) == round(n_advance * 1000 / upem) == 722


class _InMemoryFont:
    """Like pyHanko's GlyphAccumulatorFactory, minus its unclosed font file handle."""

    def __init__(self, path: str) -> None:
        with open(path, "rb") as fh:
            self.data = fh.read()

    def create_font_engine(self, writer, obj_stream=None):
        import io

        from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

        return GlyphAccumulator(writer, io.BytesIO(self.data), 14, obj_stream=obj_stream)


def test_text_is_wrapped_or_shrunk_never_clipped():
    import datetime as dt

    from kyso.core.signing.appearance import AppearanceSpec, Profile, layout_appearance, text_width

    when = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.timezone.utc)
    spec = AppearanceSpec(
        Profile.ISSUANCE,
        organization="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        number_symbol="123/SKHCN-VP",
    )
    box = (0.0, 0.0, 120.0, 60.0)
    layout = layout_appearance(spec, when, box)
    assert layout.lines
    for line in layout.lines:
        assert line.x + text_width(line.text, line.size) <= 120.0 + 0.01, line
        assert line.baseline >= 0
    joined = " ".join(line.text for line in layout.lines)
    assert "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in joined


@pytest.mark.parametrize("given", ["none", "room", "tight"])
def test_issuance_without_a_box_places_the_seal_over_the_leaders_signature(sign_world, tmp_path, given):
    """The văn thư issues what the leader approved: the seal lands on the left third of the
    leader's signature already on the page (Nghị định 30, Phụ lục I), the organization and
    the time beside it, never on the leader's image. ``given``: the văn thư drew a box with
    room left of the seal ("room": the same layout inside it), or one whose only free part
    lies over the leader's signature ("tight": the seal alone; the text of issue 13 landed
    there)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    src = make_pdf(tmp_path / "to.pdf")
    leader_box = (330, 120, 510, 200)
    approved = sign_world.signer("leader-province").sign_file(
        src,
        SignOptions(
            level=Level.B_B,
            appearance=AppearanceSpec(Profile.APPROVAL, box=leader_box, image_png=signature_png()),
        ),
    )
    assert approved.status == "signed", approved.error
    issued = sign_world.signer("organization").sign_file(
        approved.output,
        SignOptions(
            level=Level.B_B,
            appearance=AppearanceSpec(
                Profile.ISSUANCE, image_png=seal_png(), organization="Sở KH&CN tỉnh Hưng Yên",
                box={
                    "none": None,
                    "room": (390 - 90 - 140, 115, 390, 205),
                    "tight": ap.issuance_box_over(leader_box, width=250, height=90),
                }[given],
            ),
        ),
    )
    assert issued.status == "signed", issued.error
    x1, y1, x2, y2 = issued.box
    third = leader_box[0] + (leader_box[2] - leader_box[0]) / 3
    if given == "none":
        assert x1 < leader_box[0] and abs(x2 - third) <= 1.5  # seal at the right, text left
    assert y1 < (leader_box[1] + leader_box[3]) / 2 < y2
    # what the issuance drew: on the leader's image only the seal, up to its left third
    from PIL import ImageChops

    before = rc.render_poppler(approved.output, 0, tmp_path / "approved.png")
    after = rc.render_poppler(issued.output, 0, tmp_path / "issued.png")
    changed = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 40 else 0)
    lx1, ly1, lx2, ly2 = (round(leader_box[0] * rc.SCALE), round((A4[1] - leader_box[3]) * rc.SCALE),
                          round(leader_box[2] * rc.SCALE), round((A4[1] - leader_box[1]) * rc.SCALE))
    on_leader = changed.crop((lx1, ly1, lx2, ly2)).getbbox()
    assert on_leader is not None, "the seal covers part of the leader's signature"
    assert on_leader[2] <= (third - leader_box[0]) * rc.SCALE + 3, on_leader
    # the organization and the time are there, readable, beside the seal
    text = " ".join(_pdftotext(issued.output, (x1, y1, x2, y2), A4[1]))
    if given != "tight":
        assert "Sở KH&CN tỉnh Hưng Yên" in text and "Thời gian ký" in text, text
    assert not _pdftotext(issued.output, leader_box, A4[1])  # no text on the leader's image
    with issued.output.open("rb") as fh:
        sigs = PdfFileReader(fh).embedded_signatures
        assert len(sigs) == 2
    check_signed_output(issued.output, sign_world.root_der, tmp_path / "checks", signatures=2)


def test_seal_only_prints_no_text_over_the_signature():
    import datetime as dt

    when = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.timezone.utc)
    spec = AppearanceSpec(
        Profile.ISSUANCE, image_png=seal_png(), organization="Sở KH&CN", seal_only=True
    )
    layout = ap.layout_appearance(spec, when, (0.0, 0.0, 110.0, 110.0))
    assert layout.lines == [] and len(layout.images) == 1


@pytest.mark.parametrize("profile", [Profile.APPROVAL, Profile.ISSUANCE, Profile.COPY])
def test_decomposed_text_is_drawn_composed(sign_world, tmp_path, profile):
    """Text typed with Unikey's "Unicode tổ hợp" or taken from a certificate written
    decomposed (NFD: a letter, then its combining marks) is drawn composed. Found by a fault
    hunter: the marks were drawn as separate glyphs beside their letters ("Nguyễn" with the
    tilde after the n, "Quỳnh" with the grave after the y). Judged by poppler: the signed
    stamp renders like the one made from composed text, and extracts as composed text."""
    import datetime as dt
    import unicodedata

    when = dt.datetime(2026, 11, 30, 3, 4, 5, tzinfo=dt.timezone.utc)
    texts = {"signer_name": "Nguyễn Thị Ánh Tuyết – Đoàn Quỳnh",
             "organization": "Ủy ban nhân dân xã Quỳnh Phụ, tỉnh Hưng Yên",
             "number_symbol": "12/QĐ-UBND"}
    box = (150, 300, 560, 380)

    def spec(form: str) -> AppearanceSpec:
        return AppearanceSpec(profile, box=box, font_size=12,
                              **{k: unicodedata.normalize(form, v) for k, v in texts.items()})

    signed = {}
    for form in ("NFC", "NFD"):
        layout = ap.layout_appearance(spec(form), when, (0, 0, box[2] - box[0], box[3] - box[1]))
        (tmp_path / f"{form}.pdf").write_bytes(ap.render_appearance_pdf(layout))
        result = sign_world.signer().sign_file(
            make_pdf(tmp_path / f"{form}-in.pdf"),
            SignOptions(level=Level.B_B, appearance=spec(form), out_dir=tmp_path / form),
        )
        assert result.status == "signed", result.error
        signed[form] = result.output
    renders = {}
    for form in ("NFC", "NFD"):
        subprocess.run(["pdftoppm", "-r", "100", "-gray", str(tmp_path / f"{form}.pdf"),
                        str(tmp_path / f"r{form}")], check=True)
        (pgm,) = tmp_path.glob(f"r{form}*.pgm")
        renders[form] = pgm.read_bytes()
    assert renders["NFD"] == renders["NFC"], "the stamp renders like the composed text"
    def text(form: str) -> list[str]:  # the signing times differ by the second
        lines = _pdftotext(signed[form], box, A4[1])
        return [line for line in lines if not line.startswith("Thời gian ký")]

    composed = text("NFC")
    assert composed == text("NFD")
    assert any("Quỳnh" in line or "Hưng Yên" in line or "QĐ" in line for line in composed)
    check_signed_output(signed["NFD"], sign_world.root_der, tmp_path / "k", signatures=1)
