"""What a PDF/A file needs to stay PDF/A after signing (issue 13): the input's XMP and
Info kept byte for byte (no "pyHanko" producer) in every revision Kyso writes — the
signature's, and at B-LT/B-LTA the DSS and document timestamp revisions too — every font
Kyso adds embedded (a subset), no unembedded Helvetica. These are the PDF/A rules signing
can break.

No PDF/A validator is run: veraPDF could not be installed on this project's machines
(Debian has no veraPDF package; its CLI is downloaded from Maven Central or
software.verapdf.org, neither of which can be reached from here)."""

from __future__ import annotations

import pikepdf
import pytest

from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, seal_png, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _pdfa_like(tmp_path):
    src = make_pdf(tmp_path / "plain.pdf")
    dst = tmp_path / "pdfa.pdf"
    with pikepdf.open(src) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["dc:title"] = "Quyết định số 125/QĐ-UBND"
            meta["pdf:Producer"] = "Hệ thống quản lý văn bản"
        pdf.docinfo["/Producer"] = "Hệ thống quản lý văn bản"
        pdf.save(dst)
    return dst


def _fonts(pdf: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Dictionary]:
    return {
        o.objgen: o for o in pdf.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font
    }


def _embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == pikepdf.Name.Type0:
        return all(_embedded(d) for d in font.DescendantFonts)
    desc = font.get("/FontDescriptor")
    return isinstance(desc, pikepdf.Dictionary) and any(
        k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


@pytest.mark.parametrize(
    ("profile", "level"),
    [
        (Profile.APPENDIX, Level.B_B),
        (Profile.ISSUANCE, Level.B_T),
        (Profile.INVISIBLE, Level.B_B),
        # the DSS revision (B-LT) and the document timestamp's (B-LTA) are Kyso's too
        (Profile.APPENDIX, Level.B_LT),
        (Profile.INVISIBLE, Level.B_LTA),
    ],
)
def test_xmp_kept_and_fonts_embedded(sign_world, tmp_path, profile, level):
    src = _pdfa_like(tmp_path)
    spec = AppearanceSpec(
        profile, box=(300, 100, 560, 200) if profile is Profile.ISSUANCE else None,
        image_png=seal_png() if profile is Profile.ISSUANCE else None,
        organization="Sở Khoa học và Công nghệ tỉnh Hưng Yên", number_symbol="125/QĐ-UBND",
    )
    result = sign_world.signer("organization").sign_file(
        src, SignOptions(level=level, tsa_url=sign_world.tsa.url, appearance=spec)
    )
    assert result.status == "signed", result.error
    revisions = 2 if level is Level.B_LTA else 1  # + the document timestamp
    check_signed_output(
        result.output, sign_world.root_der, tmp_path / "k", signatures=revisions
    )
    assert b"pyHanko" not in result.output.read_bytes()
    with pikepdf.open(src) as before, pikepdf.open(result.output) as after:
        assert after.Root.Metadata.read_bytes() == before.Root.Metadata.read_bytes()
        assert str(after.docinfo["/Producer"]) == "Hệ thống quản lý văn bản"
        with after.open_metadata() as xmp:
            assert xmp["pdf:Producer"] == "Hệ thống quản lý văn bản"
            assert xmp["pdfaid:part"] == "2"
        assert ("/DSS" in after.Root) is level.long_term
        added = {k: f for k, f in _fonts(after).items() if k not in _fonts(before)}
        if profile in (Profile.APPENDIX, Profile.ISSUANCE):
            assert added, "the appearance's text has a font"
        for font in added.values():
            assert _embedded(font), font
            assert str(font.get("/BaseFont", "")).split("+")[-1] == "LiberationSerif", font
            assert "+" in str(font.get("/BaseFont", ""))  # a subset


def _pdfa1(tmp_path):
    src = make_pdf(tmp_path / "plain.pdf")  # its line of text at (72, 760)
    dst = tmp_path / "pdfa1.pdf"
    with pikepdf.open(src) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "1"
            meta["pdfaid:conformance"] = "B"
        pdf.save(dst)
    return dst


def _transparency(obj, seen=None):
    """What ISO 19005-1 §6.4 forbids anywhere under ``obj``: a soft mask, a transparency
    group, a constant alpha below 1, a blend mode other than Normal."""
    seen = set() if seen is None else seen
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        if obj.objgen in seen:
            return []
        seen.add(obj.objgen)
    found = []
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in obj.keys():
            value = obj[key]
            if key == "/SMask" and value != pikepdf.Name.None_:
                found.append("SMask")
            if key == "/Group" and isinstance(value, pikepdf.Dictionary) and value.get("/S") == "/Transparency":
                found.append("transparency group")
            if key in ("/CA", "/ca") and float(value) < 1:
                found.append(f"{key} {float(value)}")
            if key == "/BM" and value not in (pikepdf.Name.Normal, pikepdf.Name.Compatible):
                found.append(f"BM {value}")
            if key not in ("/Parent", "/P"):
                found += _transparency(value, seen)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            found += _transparency(value, seen)
    return found


def test_pdfa1_stays_without_transparency_and_the_seal_lets_the_text_show(sign_world, tmp_path):
    """PDF/A-1 forbids transparency (soft masks): found by a fault hunter, a seal or
    signature image on a PDF/A-1b file came with an /SMask, so the signed file was no longer
    PDF/A-1b. Its transparent parts are now a colour-key /Mask (allowed by PDF/A-1): the
    seal still lets the text under it show, and no transparency is added."""
    import subprocess

    from PIL import Image

    src = _pdfa1(tmp_path)
    spec = AppearanceSpec(Profile.ISSUANCE, box=(60, 730, 300, 800), image_png=seal_png(),
                          organization="UBND tỉnh Hưng Yên", seal_only=True)
    result = sign_world.signer("organization").sign_file(
        src, SignOptions(level=Level.B_B, appearance=spec)
    )
    assert result.status == "signed", result.error
    check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=1)
    with pikepdf.open(result.output) as after:
        widgets = [a for a in after.pages[0].Annots if a.get("/FT") == "/Sig"]
        assert widgets and not _transparency(widgets[0]), _transparency(widgets[0])
        with after.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "1"
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-x", "60", "-y", "42", "-W", "240",
                    "-H", "70", str(result.output), str(tmp_path / "box")], check=True)
    (png,) = tmp_path.glob("box*.png")
    img = Image.open(png).convert("RGB")
    pixels = [img.getpixel((x, y)) for y in range(img.height) for x in range(img.width)]
    red = sum(1 for r, g, b in pixels if r > 150 and g < 90 and b < 90)
    dark = sum(1 for r, g, b in pixels if r < 80 and g < 80 and b < 80)
    assert red > 50, "the seal is drawn"
    assert dark > 20, "the text under the seal still shows through its transparent parts"
