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
