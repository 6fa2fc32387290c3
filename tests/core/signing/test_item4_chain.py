"""Item 4 of Công văn 393 for real leaders: the organization is found on the whole chain.

A leader whose certificate names "OU=Văn phòng, O=UBND tỉnh Thái Bình" (Thái Bình merged
into Hưng Yên) may use the emergency fallback once "UBND tỉnh Hưng Yên" has its new-model
certificate on an inserted token or in the inventory. The match tries each OU and O as the
two-tier check maps them to the new model, not only the lowest OU plus the province.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    fallback_organizations,
    inventory_organizations,
    organization_chain,
    token_organizations,
)
from kyso.core.signing.policy import OrganizationCert
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def certs(test_pki):
    pki = test_pki.pki
    leader = pki.issue(
        person_name(
            "Hoàng Văn Em",
            title="Chánh Văn phòng",
            ous=["Văn phòng"],
            o="UBND tỉnh Thái Bình",
            locality="Thái Bình",
            uid="CCCD:034080009999",
        )
    )
    ubnd = pki.issue(
        organization_name(
            "UBND tỉnh Hưng Yên", o="UBND tỉnh Hưng Yên", locality="Hưng Yên", uid="MST:0900000002"
        )
    )
    return leader, ubnd


def _decide(leader, organizations, **kwargs):
    entry = _entry(leader, "leader")
    reform = check_subject(leader.cert.subject).to_json()
    assert reform["status"] == "needs_change"
    return decide(
        snapshot(entry),
        entry,
        "approval",
        trust=GOOD_TRUST,
        reform=reform,
        organizations=organizations,
        emergency_reason=kwargs.pop("reason", None),
        allow_outdated_org_cert=False,
        **kwargs,
    )


def test_chain_is_mapped_to_the_new_model(certs) -> None:
    leader, _ = certs
    reform = check_subject(leader.cert.subject).to_json()
    chain = organization_chain(leader.cert, reform)
    # closest to the holder first: the office, the office under its new parent, the
    # office in the new province (the old guess), then the UBND above it
    assert chain == [
        "Văn phòng",
        "Văn phòng UBND tỉnh Hưng Yên",
        "Văn phòng tỉnh Hưng Yên",
        "UBND tỉnh Hưng Yên",
    ]


def test_organization_on_a_token_allows_the_fallback(certs) -> None:
    leader, ubnd = certs
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))])
    assert [(o.name, o.two_tier_status) for o in orgs] == [("UBND tỉnh Hưng Yên", "current")]
    decision, kind, organization = _decide(leader, orgs)
    assert kind == "person" and organization == "UBND tỉnh Hưng Yên"
    assert decision.needs_emergency_confirmation
    assert decision.emergency_organization is not None
    assert decision.emergency_organization.name == "UBND tỉnh Hưng Yên"
    confirmed, _, _ = _decide(leader, orgs, reason="Lệnh khẩn")
    assert confirmed.allowed and confirmed.emergency


def test_organization_in_the_inventory_allows_the_fallback(certs, tmp_path: Path) -> None:
    leader, ubnd = certs
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("UBND tỉnh Hưng Yên", parent_id=groups[0], staff=30)
        inv.add_certificate(
            ubnd.cert, unit_id=unit, reform=check_subject(ubnd.cert.subject).to_json()
        )
    orgs = inventory_organizations(db)
    decision, _, _ = _decide(leader, orgs, reason="Lệnh khẩn")
    assert decision.allowed and decision.emergency_organization.source == "inventory"


def test_an_outdated_organization_does_not_count(certs) -> None:
    leader, _ = certs
    outdated = [OrganizationCert("UBND tỉnh Hưng Yên", "ab", "needs_change", "token")]
    decision, _, _ = _decide(leader, outdated, reason="Lệnh khẩn")
    assert not decision.allowed


def test_a_named_organization_is_the_only_one_tried(certs) -> None:
    leader, _ = certs
    orgs = [
        OrganizationCert("UBND tỉnh Hưng Yên", "aa", "current", "token"),
        OrganizationCert("Văn phòng UBND tỉnh Hưng Yên", "bb", "current", "inventory"),
    ]
    reform = check_subject(leader.cert.subject).to_json()
    both = fallback_organizations(leader.cert, reform, orgs)
    # The holder's own unit first: "Văn phòng" under its new parent, then the UBND.
    assert [o.name for o in both] == ["Văn phòng UBND tỉnh Hưng Yên", "UBND tỉnh Hưng Yên"]
    choices = fallback_choices(leader.cert, reform, orgs)
    assert [c.best for c in choices] == [True, False]
    assert [c.matched for c in choices] == ["Văn phòng UBND tỉnh Hưng Yên", "UBND tỉnh Hưng Yên"]
    assert "đơn vị gần người ký nhất" in choices[0].reason("vi")
    assert "closest unit" in choices[0].reason("en") and "inventory" in choices[0].reason("en")
    assert "gần người ký nhất" not in choices[1].reason("vi")
    assert "trong token" in choices[1].reason("vi")
    named = fallback_organizations(leader.cert, reform, orgs, "ubnd TỈNH Hưng Yên")
    assert [o.name for o in named] == ["UBND tỉnh Hưng Yên"]
    decision, _, organization = _decide(
        leader, orgs, reason="Lệnh khẩn", organization_name="Sở Y tế tỉnh Hưng Yên"
    )
    assert not decision.allowed and organization == "Sở Y tế tỉnh Hưng Yên"
    decision, _, organization = _decide(
        leader, orgs, reason="Lệnh khẩn", organization_name="Văn phòng UBND tỉnh Hưng Yên"
    )
    assert decision.allowed and organization == "Văn phòng UBND tỉnh Hưng Yên"


def test_check_with_unit_warns(certs) -> None:
    # Nothing proposed (the unit's name is kept, nothing else is out of date): a warning.
    leader, _ = certs
    entry = _entry(leader, "leader")
    reform = dict(
        check_subject(leader.cert.subject).to_json(), status="check_with_unit", proposed={}
    )
    decision, _, _ = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform, organizations=[],
        emergency_reason=None, allow_outdated_org_cert=False,
    )
    assert decision.allowed
    assert [w.code for w in decision.warnings] == ["two_tier_check_with_unit"]


def test_check_with_unit_with_a_proposed_change_is_out_of_date(certs) -> None:
    # A change still proposed (L of the merged province): out of date like needs_change,
    # refused without an organization certificate, with the proposal named.
    leader, _ = certs
    entry = _entry(leader, "leader")
    reform = dict(check_subject(leader.cert.subject).to_json(), status="check_with_unit")
    assert reform["proposed"]
    decision, _, _ = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform, organizations=[],
        emergency_reason=None, allow_outdated_org_cert=False,
    )
    assert not decision.allowed
    codes = [r.code for r in decision.refusals]
    assert codes == ["two_tier_person_changes_proposed", "person_outdated"]
    assert "L = Hưng Yên" in decision.refusals[0].vi


@pytest.mark.parametrize(
    ("ous", "o", "other", "other_o"),
    [
        # A school of old Thái Bình; a school of the same name in old Hưng Yên.
        (["Trường THPT Nguyễn Du"], "Sở GD&ĐT tỉnh Thái Bình", "Trường THPT Nguyễn Du",
         "Sở Giáo dục và Đào tạo tỉnh Hưng Yên"),
        # A hospital of old Thái Bình; Hưng Yên's own general hospital.
        (["Bệnh viện Đa khoa"], "Sở Y tế tỉnh Thái Bình", "Bệnh viện Đa khoa tỉnh Hưng Yên",
         None),
        (["Trung tâm Kiểm soát bệnh tật"], "Sở Y tế tỉnh Thái Bình",
         "Trung tâm Kiểm soát bệnh tật tỉnh Hưng Yên", None),
    ],
)
def test_an_institution_of_the_new_province_with_the_same_name_is_another(
    test_pki, ous: list[str], o: str, other: str, other_o: str | None
) -> None:
    """The reform renames no school, hospital or centre: the one of the same name in the
    province the signer's merged into is another institution, and never grounds the
    signer's fallback (found by a fault hunter: it did)."""
    pki = test_pki.pki
    leader = pki.issue(
        person_name("Phạm Thị Hoa", title="Hiệu trưởng", ous=ous, o=o, locality="Thái Bình",
                    uid="CCCD:034080007777")
    )
    org = pki.issue(
        organization_name(other, o=other_o or other, locality="Hưng Yên", uid="MST:0900000077")
    )
    reform = check_subject(leader.cert.subject).to_json()
    chain = organization_chain(leader.cert, reform)
    assert all("Hưng Yên" not in name for name in chain[:1]), chain
    decision, _, organization = _decide(
        leader, token_organizations([snapshot(_entry(org, "org"))]), reason="Ký văn bản khẩn"
    )
    assert not decision.allowed, (chain, organization)
    assert decision.emergency_organization is None


def test_an_institution_in_a_province_that_did_not_merge_is_still_matched(test_pki) -> None:
    """Nghệ An did not merge: "Bệnh viện Đa khoa" under "Sở Y tế tỉnh Nghệ An" is the
    province's own general hospital, "Bệnh viện Đa khoa tỉnh Nghệ An"."""
    pki = test_pki.pki
    leader = pki.issue(
        person_name("Lê Văn Hải", title="Giám đốc", ous=["Bệnh viện Đa khoa"],
                    o="Sở Y tế tỉnh Nghệ An", locality="Nghệ An", uid="CCCD:040080001111")
    )
    reform = check_subject(leader.cert.subject).to_json()
    assert "Bệnh viện Đa khoa tỉnh Nghệ An" in organization_chain(leader.cert, reform)


def test_an_organization_whose_place_is_unknown_is_not_the_signers(test_pki) -> None:
    """Two provinces have a Xã Gia Lâm (Hà Nội, Ninh Bình): an inventory entry of "UBND xã
    Gia Lâm" whose province is not known is nobody's for item 4 (found by a fault hunter:
    it was taken for a Ninh Bình leader's); the same entry with its province is."""
    pki = test_pki.pki
    leader = pki.issue(
        person_name("Đinh Văn Nam", title="Chánh Văn phòng", ous=["Văn phòng"],
                    o="UBND xã Xích Thổ", locality="Ninh Bình", uid="CCCD:037080002222")
    )
    reform = check_subject(leader.cert.subject).to_json()
    assert reform["proposed"].get("O") == "UBND xã Gia Lâm"
    unknown = OrganizationCert("UBND xã Gia Lâm", source="inventory", on_new_model=True)
    assert fallback_choices(leader.cert, reform, [unknown]) == []
    known = OrganizationCert(
        "UBND xã Gia Lâm", source="inventory", on_new_model=True, province="Ninh Bình"
    )
    assert [c.organization for c in fallback_choices(leader.cert, reform, [known])] == [known]
    elsewhere = OrganizationCert(
        "UBND xã Gia Lâm", source="inventory", on_new_model=True, province="Hà Nội"
    )
    assert fallback_choices(leader.cert, reform, [elsewhere]) == []


def test_an_organization_written_decomposed_is_shown_composed(test_pki) -> None:
    """A CN written in NFD (some tools do) is shown and recorded in NFC: the warning, the
    audit log and the GUI never carry combining marks (found by a fault hunter)."""
    import unicodedata

    pki = test_pki.pki
    nfd = unicodedata.normalize("NFD", "UBND tỉnh Hưng Yên")
    org = pki.issue(organization_name(nfd, o=nfd, locality="Hưng Yên", uid="MST:0900000088"))
    [found] = token_organizations([snapshot(_entry(org, "org"))])
    assert unicodedata.is_normalized("NFC", found.name) and found.name == "UBND tỉnh Hưng Yên"
    assert unicodedata.is_normalized("NFC", found.shown_name)
