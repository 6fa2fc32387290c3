"""Shared signing choices: candidates and item 4's organizations from tokens and inventory."""

from __future__ import annotations

from pathlib import Path

from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    inventory_organizations,
    signing_candidates,
    token_organizations,
)
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


def test_candidates_never_offer_ca_or_missing_keys(test_pki) -> None:
    snap = _snap(
        _entry(test_pki.leader, "leader"),
        _entry(test_pki.organization, "org", has_key=False),
        _entry(test_pki.pki.sub_ca, "ca"),
    )
    found = signing_candidates([snap])
    assert [e.label for _, e in found] == ["leader"]
    prefix = test_pki.leader.cert.fingerprint(__import__("cryptography").hazmat.primitives.hashes.SHA256()).hex()[:12]
    assert signing_candidates([snap], sha256_prefix=prefix.upper())
    assert signing_candidates([snap], token_serial="other") == []


def test_item4_from_an_inventory_organization(test_pki, tmp_path: Path) -> None:
    """The outdated leader may sign in an emergency when the organization's new-model
    certificate is in the inventory, even with its token not inserted."""
    leader = _entry(test_pki.leader_province, "leader-province")
    snap = _snap(leader)
    reform = check_subject(test_pki.leader_province.cert.subject).to_json()
    assert reform["status"] == "needs_change"
    assert token_organizations([snap]) == []
    no_org, _, _ = decide(
        snap, leader, "approval", trust=GOOD_TRUST, reform=reform, organizations=[],
        emergency_reason="Lệnh khẩn", allow_outdated_org_cert=False,
    )
    assert not no_org.allowed
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("Sở Khoa học và Công nghệ", parent_id=groups[0], staff=30)
        inv.add_certificate(
            test_pki.organization.cert,
            unit_id=unit,
            reform=check_subject(test_pki.organization.cert.subject).to_json(),
        )
    orgs = inventory_organizations(db)
    assert [(o.name, o.source) for o in orgs] == [("Sở Khoa học và Công nghệ tỉnh Hưng Yên", "inventory")]
    decision, kind, organization = decide(
        snap, leader, "approval", trust=GOOD_TRUST, reform=reform, organizations=orgs,
        emergency_reason="Lệnh khẩn chống lũ", allow_outdated_org_cert=False,
    )
    assert kind == "person" and organization == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    assert decision.allowed and decision.emergency
    assert decision.signature_reason.startswith("Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT")
    assert inventory_organizations(tmp_path / "absent.sqlite3") == []


def _snap(*entries: CertificateEntry) -> TokenSnapshot:
    return snapshot(*entries, serial="S1")
