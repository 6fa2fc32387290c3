"""Certified documents (DocMDP) are respected before the PIN (issue 13); pyHanko's diff
analysis of the certification signature is the judge."""

from __future__ import annotations

import pytest

from kyso.core.signing import inputs
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import (
    certify_pdf,
    make_pdf,
    sign_world,
    sign_world_base,
    signature_png,
)

__all__ = ["sign_world", "sign_world_base"]

FIELD = (330.0, 120.0, 510.0, 200.0)


def _visible(box=None):
    return AppearanceSpec(Profile.APPROVAL, box=box, image_png=signature_png())


def test_p1_is_refused_in_words_before_the_pin(sign_world, tmp_path):
    src = certify_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "c.pdf", 1)
    with pytest.raises(inputs.InputError) as info:
        inputs.preflight(src, None, AppearanceSpec())  # no token needed: before the PIN
    assert "văn bản" in info.value.vi.lower() and "đã được chứng thực, không cho phép ký thêm" in info.value.vi
    assert info.value.code == "certified_no_changes"
    digest = sha256_file(src)
    result = sign_world.signer().sign_file(src, SignOptions())
    assert result.status == "failed" and result.error.code == "certified_no_changes"
    assert sha256_file(src) == digest and not (tmp_path / "c.signed.pdf").exists()


def test_p2_visible_goes_into_the_empty_field(sign_world, tmp_path):
    src = certify_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "c.pdf", 2, empty_field=FIELD
    )
    report = inputs.preflight(src, None, _visible((300, 100, 480, 180)))
    assert report.certification == 2
    assert [f.name for f in report.empty_fields] == ["LanhDaoKy"]
    result = sign_world.signer().sign_file(
        src, SignOptions(level=Level.B_B, appearance=_visible((300, 100, 480, 180)))
    )
    assert result.status == "signed", result.error
    assert result.box == tuple(int(v) for v in FIELD)  # the field's place, not a new widget
    report = check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)
    cert_status = report.pyhanko[0]
    assert cert_status.docmdp_ok, cert_status.pretty_print_details()
    import pikepdf

    with pikepdf.open(result.output) as pdf:
        assert len(pdf.pages[0].obj.get("/Annots")) == 2  # the certifier's and the field's


def test_p2_without_a_field_allows_invisible_and_explains_visible(sign_world, tmp_path):
    src = certify_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "c.pdf", 2)
    with pytest.raises(inputs.InputError) as info:
        inputs.preflight(src, None, _visible(FIELD))
    assert info.value.code == "certified_needs_field"
    assert "ô chữ ký" in info.value.vi and "không hiển thị" in info.value.vi
    refused = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(FIELD)))
    assert refused.status == "failed" and refused.error.code == "certified_needs_field"
    invisible = sign_world.signer().sign_file(src, SignOptions())
    assert invisible.status == "signed", invisible.error
    report = check_signed_output(invisible.output, sign_world.root_der, tmp_path / "k", signatures=2)
    assert report.pyhanko[0].docmdp_ok


def test_p2_control_a_new_widget_breaks_the_certification(sign_world, tmp_path, monkeypatch):
    """Without Kyso's check, the visible signature adds a widget and pyHanko's diff analysis
    flags the certification: the check above is what keeps it valid."""
    from kyso.core.signing import certification

    src = certify_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "c.pdf", 2)
    monkeypatch.setattr(certification, "plan_certified", lambda report, spec: None)
    result = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(FIELD)))
    if result.status == "signed":  # pyHanko may itself refuse; if it signs, it is broken
        with pytest.raises(AssertionError):
            check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)
    else:
        assert result.error.code != "certified_needs_field"


def test_p3_allows_a_new_visible_signature(sign_world, tmp_path):
    """P=3 allows annotations. pyHanko's diff policy does not support P=3 (it says so and
    flags any new widget), so the changes are checked here: the page gained exactly the new
    signature's widget, its content and every other object the certifier signed are as
    they were."""
    import pikepdf

    src = certify_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "c.pdf", 3)
    assert inputs.preflight(src, None, _visible(FIELD)).certification == 3
    result = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(FIELD)))
    assert result.status == "signed", result.error
    check_signed_output(
        result.output, sign_world.root_der, tmp_path / "k", signatures=2, diff_analysis=False
    )
    with pikepdf.open(src) as before, pikepdf.open(result.output) as after:
        old_page, new_page = before.pages[0].obj, after.pages[0].obj
        assert old_page.Contents.read_bytes() == new_page.Contents.read_bytes()
        old_annots = [a.objgen for a in old_page.Annots]
        new_annots = [a.objgen for a in new_page.Annots]
        assert new_annots[: len(old_annots)] == old_annots and len(new_annots) == len(old_annots) + 1
        added = new_page.Annots[-1]
        assert added.Subtype == "/Widget" and added.FT == "/Sig"
