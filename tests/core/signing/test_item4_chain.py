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
