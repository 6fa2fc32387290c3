"""Field locks of signatures already in a document are respected before the PIN (issue 13):
a signature field's /Lock dictionary (Action All/Include/Exclude, and /P) and the /FieldMDP
reference pyHanko writes from it. The test documents are signed by pyHanko's own signer;
pyHanko's diff analysis and pdfsig judge every output Kyso makes, and control tests show
that without Kyso's check the earlier signature would break."""

from __future__ import annotations

import pytest

from kyso.core.signing import certification, inputs
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import SignOptions, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import (
    locked_pdf,
    make_pdf,
    sign_world,
    sign_world_base,
    signature_png,
)

__all__ = ["sign_world", "sign_world_base"]

LEADER = (330.0, 120.0, 510.0, 200.0)
DEPUTY = (330.0, 300.0, 510.0, 380.0)


def _visible(box=None):
    return AppearanceSpec(Profile.APPROVAL, box=box, image_png=signature_png())


def _refused(world, src, spec, code):
    """Refused before the PIN (no token: inputs.preflight) and by the signer, in words,
    with the input untouched and nothing written."""
    with pytest.raises(inputs.InputError) as info:
        inputs.preflight(src, None, spec)
    assert info.value.code == code
    digest = sha256_file(src)
    result = world.signer().sign_file(src, SignOptions(appearance=spec))
    assert result.status == "failed" and result.error.code == code
    assert sha256_file(src) == digest
    assert not list(src.parent.glob("*.signed.pdf"))
    return info.value


def test_report_reads_the_lock(sign_world, tmp_path):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["LanhDaoKy"], empty_fields={"LanhDaoKy": LEADER},
    )
    report = inputs.inspect_pdf(src)
    assert report.locks == [inputs.FieldLock("DonViKy", "Include", ("LanhDaoKy",), None)]
    lock = report.locks[0]
    assert lock.locks("LanhDaoKy") and lock.locks("LanhDaoKy.con")
    assert not lock.locks("PhoGiamDoc") and not lock.locks("LanhDaoKy2")


def test_lock_all_refuses_any_new_field(sign_world, tmp_path):
    src = locked_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf", action="All")
    error = _refused(sign_world, src, _visible(LEADER), "locked_new_field")
    assert "DonViKy" in error.vi and "kể cả chữ ký không hiển thị" in error.vi
    assert "DonViKy" in error.en and "even an invisible one" in error.en
    _refused(sign_world, src, AppearanceSpec(), "locked_new_field")


def test_lock_all_control_even_an_invisible_field_breaks_the_signature(
    sign_world, tmp_path, monkeypatch
):
    """Why invisible is refused too: pyHanko's diff analysis flags a new invisible
    signature under an All lock."""
    src = locked_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf", action="All")
    monkeypatch.setattr(certification, "plan_certified", lambda report, spec: None)
    result = sign_world.signer().sign_file(src, SignOptions())
    assert result.status == "signed", result.error
    with pytest.raises(AssertionError, match="DocMDP|locked"):
        check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)


def test_lock_exclude_signs_into_the_field_it_leaves_free(sign_world, tmp_path):
    """Exclude [“PhoGiamDoc”]: every other field is locked, so a visible signature goes into
    that free field (not a new one); invisible is refused (it would be a new field)."""
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Exclude", locked=["PhoGiamDoc"],
        empty_fields={"LanhDaoKy": LEADER, "PhoGiamDoc": DEPUTY},
    )
    error = _refused(sign_world, src, AppearanceSpec(), "locked_new_field")
    assert "trang 1" in error.vi
    result = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(LEADER)))
    assert result.status == "signed", result.error
    assert result.box == tuple(int(v) for v in DEPUTY)
    report = check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)
    assert report.pyhanko[0].docmdp_ok, report.pyhanko[0].pretty_print_details()


def test_lock_exclude_without_a_free_field_is_refused(sign_world, tmp_path):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Exclude", locked=["GhiChu"], empty_fields={"LanhDaoKy": LEADER},
    )
    error = _refused(sign_world, src, _visible(LEADER), "field_locked")
    assert "LanhDaoKy" in error.vi and "không hiển thị" not in error.vi


def test_lock_all_control_a_new_visible_field_breaks_the_signature(sign_world, tmp_path, monkeypatch):
    """Without Kyso's check the new visible field is written, and pyHanko's diff analysis
    says the locking signature no longer holds: the check is what keeps it valid."""
    src = locked_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf", action="All")
    monkeypatch.setattr(certification, "plan_certified", lambda report, spec: None)
    result = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(LEADER)))
    assert result.status == "signed", result.error
    with pytest.raises(AssertionError, match="DocMDP|locked"):
        check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)


def test_lock_include_of_other_fields_allows_a_new_visible_field(sign_world, tmp_path):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["GhiChu"],
    )
    result = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(LEADER)))
    assert result.status == "signed", result.error
    report = check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)
    assert report.pyhanko[0].docmdp_ok, report.pyhanko[0].pretty_print_details()


def test_certified_p2_skips_a_locked_empty_field(sign_world, tmp_path):
    """Certified (P=2) with a lock on “LanhDaoKy”: the visible signature goes into the free
    field “PhoGiamDoc” on the page, never into the locked one."""
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["LanhDaoKy"], certify=2,
        empty_fields={"LanhDaoKy": LEADER, "PhoGiamDoc": DEPUTY},
    )
    spec = _visible((320, 110, 500, 190))  # drawn over the locked field
    planned = certification.plan_certified(inputs.inspect_pdf(src), spec)
    assert planned is not None and planned.name == "PhoGiamDoc"
    result = sign_world.signer().sign_file(src, SignOptions(appearance=spec))
    assert result.status == "signed", result.error
    assert result.box == tuple(int(v) for v in DEPUTY)
    report = check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)
    assert report.pyhanko[0].docmdp_ok, report.pyhanko[0].pretty_print_details()


def test_certified_p2_only_a_locked_field_is_refused_invisible_allowed(sign_world, tmp_path):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["LanhDaoKy"], certify=2, empty_fields={"LanhDaoKy": LEADER},
    )
    error = _refused(sign_world, src, _visible(LEADER), "field_locked")
    assert "LanhDaoKy" in error.vi and "DonViKy" in error.vi and "khóa" in error.vi
    assert "LanhDaoKy" in error.en and "locked" in error.en
    invisible = sign_world.signer().sign_file(src, SignOptions())
    assert invisible.status == "signed", invisible.error
    report = check_signed_output(invisible.output, sign_world.root_der, tmp_path / "k", signatures=2)
    assert report.pyhanko[0].docmdp_ok, report.pyhanko[0].pretty_print_details()


def test_certified_p2_control_signing_the_locked_field_breaks_it(sign_world, tmp_path, monkeypatch):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["LanhDaoKy"], certify=2, empty_fields={"LanhDaoKy": LEADER},
    )
    field = inputs.inspect_pdf(src).empty_fields[0]
    monkeypatch.setattr(certification, "plan_certified", lambda report, spec: field)
    result = sign_world.signer().sign_file(src, SignOptions(appearance=_visible(LEADER)))
    assert result.status == "signed", result.error
    with pytest.raises(AssertionError, match="DocMDP|locked"):
        check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=2)


def test_lock_permission_1_refuses_any_signature(sign_world, tmp_path):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["GhiChu"], lock_permission=1,
    )
    assert inputs.inspect_pdf(src).locks[0].permission == 1
    error = _refused(sign_world, src, AppearanceSpec(), "locked_no_changes")
    assert "DonViKy" in error.vi and "không cho phép ký thêm" in error.vi


def test_lock_permission_2_allows_invisible_only_without_a_field(sign_world, tmp_path):
    src = locked_pdf(
        sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "l.pdf",
        action="Include", locked=["GhiChu"], lock_permission=2,
    )
    error = _refused(sign_world, src, _visible(LEADER), "certified_needs_field")
    assert "DonViKy" in error.vi
    invisible = sign_world.signer().sign_file(src, SignOptions())
    assert invisible.status == "signed", invisible.error
    report = check_signed_output(invisible.output, sign_world.root_der, tmp_path / "k", signatures=2)
    assert report.pyhanko[0].docmdp_ok, report.pyhanko[0].pretty_print_details()
