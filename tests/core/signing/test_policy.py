"""The signing policy, table-tested (issue 5, item 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from kyso.core.signing.policy import (
    EMERGENCY_PREFIX,
    RULE_ITEM4_VI,
    CertificateFacts,
    OrganizationCert,
    PolicyInput,
    evaluate,
    fold_name,
    same_organization,
)

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
ORG_NEW = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
OK_TRUST = {"status": "ok", "reasons": [], "revocation": {"status": "good"}}


def person(**kw):
    base = dict(
        sha256="aa" * 32,
        subject="CN=Trần Thị Bình",
        not_before=NOW - dt.timedelta(days=100),
        not_after=NOW + dt.timedelta(days=700),
        holder_kind="person",
        organization=ORG_NEW,
    )
    base.update(kw)
    return CertificateFacts(**base)


def org(**kw):
    return person(holder_kind="organization", subject=f"CN={ORG_NEW}", **kw)


def verdict(status="current", kind="person"):
    return {"status": status, "holder_kind": kind}


ORGS = [OrganizationCert(ORG_NEW, "bb" * 32, "current", "token")]

# (name, certificate, profile, trust, two_tier, organizations, reason, allow_org, expect)
# expect: ("allowed"|"refused"|"confirm", codes that must appear, emergency?)
CASES = [
    ("ok person approval", person(), "approval", OK_TRUST, verdict(), [], None, False,
     ("allowed", [], False)),
    ("ok org issuance", org(), "issuance", OK_TRUST, verdict(kind="organization"), [], None,
     False, ("allowed", [], False)),
    ("expired", person(not_after=NOW - dt.timedelta(days=1)), "approval", OK_TRUST, verdict(),
     [], None, False, ("refused", ["expired"], False)),
    ("not yet valid", person(not_before=NOW + dt.timedelta(days=1)), "approval", OK_TRUST,
     verdict(), [], None, False, ("refused", ["not_yet_valid"], False)),
    ("revoked", person(), "approval",
     {"status": "failed", "reasons": [{"code": "revoked", "message": "x"}],
      "revocation": {"status": "revoked"}}, verdict(), [], None, False,
     ("refused", ["revoked"], False)),
    ("untrusted", person(), "approval",
     {"status": "failed", "reasons": [{"code": "no_path", "message": "Không có chuỗi"}],
      "revocation": {"status": "unknown"}}, verdict(), [], None, False,
     ("refused", ["untrusted"], False)),
    ("trust not checked", person(), "approval", None, verdict(), [], None, False,
     ("refused", ["trust_not_checked"], False)),
    ("trust warning allowed", person(), "approval",
     {"status": "warning", "reasons": [{"code": "offline", "message": "CRL offline"}]},
     verdict(), [], None, False, ("allowed", ["trust_warning"], False)),
    ("CA certificate", person(is_ca=True), "invisible", OK_TRUST, verdict(), [], None, False,
     ("refused", ["ca_certificate"], False)),
    ("no signing usage", person(key_usage=("key_encipherment", "data_encipherment")),
     "approval", OK_TRUST, verdict(), [], None, False, ("refused", ["no_signing_usage"], False)),
    ("no KeyUsage extension", person(key_usage=()), "approval", OK_TRUST, verdict(), [], None,
     False, ("allowed", [], False)),
    ("person for issuance", person(), "issuance", OK_TRUST, verdict(), [], None, False,
     ("refused", ["needs_organization_cert"], False)),
    ("org for approval", org(), "approval", OK_TRUST, verdict(kind="organization"), [], None,
     False, ("refused", ["needs_personal_cert"], False)),
    ("org outdated refused", org(), "issuance", OK_TRUST,
     verdict("needs_change", "organization"), [], None, False, ("refused", ["org_outdated"], False)),
    ("org outdated allowed by IT", org(), "copy", OK_TRUST,
     verdict("unit_abolished", "organization"), [], None, True,
     ("allowed", ["org_outdated_allowed"], False)),
    ("person outdated, no new-model org", person(), "approval", OK_TRUST,
     verdict("needs_change"), [], "Họp khẩn", False, ("refused", ["person_outdated"], False)),
    ("person outdated, org also outdated", person(), "approval", OK_TRUST,
     verdict("needs_change"), [OrganizationCert(ORG_NEW, two_tier_status="needs_change")],
     "Họp khẩn", False, ("refused", ["person_outdated"], False)),
    ("person outdated, other org", person(organization="Sở Y tế tỉnh Hưng Yên"), "approval",
     OK_TRUST, verdict("needs_change"), ORGS, "Họp khẩn", False,
     ("refused", ["person_outdated"], False)),
    ("person outdated, needs confirmation", person(), "approval", OK_TRUST,
     verdict("needs_change"), ORGS, None, False,
     ("confirm", ["emergency_confirmation_needed"], False)),
    ("person of an abolished unit gets no fallback", person(), "approval", OK_TRUST,
     verdict("unit_abolished"), ORGS, "Ký quyết định khẩn", False,
     ("refused", ["person_unit_abolished"], False)),
    ("org cert expired allows no fallback", person(), "approval", OK_TRUST,
     verdict("needs_change"),
     [OrganizationCert(ORG_NEW, "bb" * 32, not_after=NOW - dt.timedelta(days=1))],
     "Ký quyết định khẩn", False, ("refused", ["person_outdated"], False)),
    ("org cert not yet valid allows no fallback", person(), "approval", OK_TRUST,
     verdict("needs_change"),
     [OrganizationCert(ORG_NEW, "bb" * 32, not_before=NOW + dt.timedelta(days=1))],
     "Ký quyết định khẩn", False, ("refused", ["person_outdated"], False)),
    ("org cert found revoked allows no fallback", person(), "approval", OK_TRUST,
     verdict("needs_change"), [OrganizationCert(ORG_NEW, "bb" * 32, trust_status="failed")],
     "Ký quyết định khẩn", False, ("refused", ["person_outdated"], False)),
    ("org cert valid until now allows it", person(), "approval", OK_TRUST,
     verdict("needs_change"),
     [OrganizationCert(ORG_NEW, "bb" * 32, not_before=NOW - dt.timedelta(days=9),
                       not_after=NOW + dt.timedelta(days=9), trust_status="ok")],
     "Ký quyết định khẩn", False, ("allowed", ["emergency"], True)),
    ("person with a proposed change under check_with_unit", person(), "approval", OK_TRUST,
     {"status": "check_with_unit", "holder_kind": "person", "proposed": {"L": "Hưng Yên"}},
     ORGS, None, False,
     ("confirm", ["two_tier_person_changes_proposed", "emergency_confirmation_needed"], False)),
    ("person under check_with_unit, nothing proposed", person(), "approval", OK_TRUST,
     {"status": "check_with_unit", "holder_kind": "person", "proposed": {}}, [], None, False,
     ("allowed", ["two_tier_check_with_unit"], False)),
    # the organization's own certificate with other information out of date (L of a merged
    # province) is an outdated organization certificate: refused unless IT allows it
    ("org under check_with_unit with a proposal is out of date", org(), "issuance", OK_TRUST,
     {"status": "check_with_unit", "holder_kind": "organization", "proposed": {"L": "Hưng Yên"}},
     [], None, False, ("refused", ["two_tier_org_changes_proposed", "org_outdated"], False)),
    ("org under check_with_unit with a proposal, IT allows", org(), "issuance", OK_TRUST,
     {"status": "check_with_unit", "holder_kind": "organization", "proposed": {"L": "Hưng Yên"}},
     [], None, True,
     ("allowed", ["two_tier_org_changes_proposed", "org_outdated_allowed"], False)),
    ("org under check_with_unit, nothing proposed, only warns", org(), "issuance", OK_TRUST,
     {"status": "check_with_unit", "holder_kind": "organization", "proposed": {}},
     [], None, False, ("allowed", ["two_tier_check_with_unit"], False)),
    ("person outdated, blank reason", person(), "approval", OK_TRUST, verdict("needs_change"),
     ORGS, "   ", False, ("confirm", ["emergency_confirmation_needed"], False)),
    ("person outdated, too short", person(), "approval", OK_TRUST, verdict("needs_change"),
     ORGS, "gấp", False, ("refused", ["emergency_reason_length"], False)),
    ("emergency fallback", person(), "approval", OK_TRUST, verdict("needs_change"),
     [OrganizationCert("Sở KH&CN tỉnh Hưng Yên", source="inventory")],
     "Ký quyết định phòng chống bão", False, ("allowed", ["emergency"], True)),
    ("emergency does not lift expiry", person(not_after=NOW - dt.timedelta(days=2)),
     "approval", OK_TRUST, verdict("needs_change"), ORGS, "Ký quyết định khẩn", False,
     ("refused", ["expired"], True)),
    ("two-tier unknown warns", person(), "approval", OK_TRUST, verdict("unknown"), [], None,
     False, ("allowed", ["two_tier_unknown"], False)),
]


@pytest.mark.parametrize(
    "name,cert,profile,trust,two_tier,orgs,reason,allow_org,expect",
    CASES,
    ids=[c[0] for c in CASES],
)
def test_policy_table(name, cert, profile, trust, two_tier, orgs, reason, allow_org, expect):
    outcome, codes, emergency = expect
    d = evaluate(
        PolicyInput(
            cert, profile, trust, two_tier, orgs, reason, allow_outdated_org_cert=allow_org, now=NOW
        )
    )
    seen = {r.code for r in d.refusals} | {w.code for w in d.warnings}
    for code in codes:
        assert code in seen, (name, seen)
    if outcome == "allowed":
        assert d.allowed and not d.refusals, d.to_json()
    elif outcome == "refused":
        assert not d.allowed and d.refusals, d.to_json()
        assert all(r.vi and r.en for r in d.refusals)
    else:
        assert not d.allowed and d.needs_emergency_confirmation and not d.refusals
        assert RULE_ITEM4_VI in d.message()
    assert d.emergency == emergency
    if emergency:
        assert d.signature_reason == EMERGENCY_PREFIX + " ".join(reason.split())
        assert d.signature_reason.startswith("Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: ")


def test_fold_name():
    assert fold_name("Sở KH&CN tỉnh Hưng Yên") == fold_name("SỞ KHOA HỌC VÀ CÔNG NGHỆ  TỈNH HƯNG YÊN")
    assert same_organization("UBND xã Đông Hưng", "Ủy ban nhân dân xã Đông Hưng")
    assert not same_organization("", "")
    assert not same_organization("Sở Y tế", "Sở Tài chính")
    # One syllable written with a final i or y (as the two-tier check reads names).
    assert same_organization("UBND đặc khu Phú Quý", "UBND ĐẶC KHU PHÚ QUÍ")
    assert same_organization("UBND xã Kỳ Sơn", "UBND xa Ki Son")
    assert not same_organization("UBND xã Huy Giáp", "UBND xã Hui Giáp")  # u+y: two words
    # "TP.HCM", "TPHCM", "TP.HN": the cities' usual abbreviations.
    assert same_organization("UBND TP.HCM", "UBND Thành phố Hồ Chí Minh")
    assert same_organization("Sở Y tế TPHCM", "Sở Y tế TP Hồ Chí Minh")
    assert same_organization("UBND TP.HN", "UBND thành phố Hà Nội")
    assert not same_organization("UBND TP.HCM", "UBND thành phố Hà Nội")


def test_decision_json():
    d = evaluate(PolicyInput(person(), "approval", OK_TRUST, verdict("needs_change"), ORGS,
                             "Ký quyết định khẩn", now=NOW))
    j = d.to_json()
    assert j["allowed"] and j["emergency"] and j["emergency_organization"] == ORG_NEW
