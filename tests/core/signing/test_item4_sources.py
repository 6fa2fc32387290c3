"""Which organization certificates ground item 4 of Công văn 393, and who may use it.

Only a usable certificate on the new model counts — in its validity period, not found revoked
by a trust check Kyso already has, its device not listed for return (mục 6) — wherever it is:
an inserted token, a remote signing account, the inventory. A person whose own unit was
abolished gets no fallback; a person whose institution keeps its name but whose certificate
still has a proposed change (L of a merged province) is out of date and needs item 4, which
the institution's own changed certificate can ground.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kyso.core.certs.details import details_of
from kyso.core.demo.pki import organization_name, person_name
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    FallbackChoice,
    decide,
    fallback_choices,
    inventory_organizations,
    remote_organizations,
    token_organizations,
)
from tests.support.item4 import GOOD_TRUST, REVOKED_TRUST, snapshot, thai_binh_leader
from tests.support.item4 import entry as _entry

UBND = "UBND tỉnh Hưng Yên"
HOSPITAL = "Bệnh viện Đa khoa tỉnh Thái Bình"
REASON = "Ký lệnh phòng chống bão khẩn"


def _decide(leader, organizations, reason: str | None = REASON):
    entry = _entry(leader, "leader")
    decision, _kind, _org = decide(
        snapshot(entry),
        entry,
        "approval",
        trust=GOOD_TRUST,
        reform=check_subject(leader.cert.subject).to_json(),
        organizations=organizations,
        emergency_reason=reason,
        allow_outdated_org_cert=False,
    )
    return decision


@pytest.fixture(scope="module")
def pki(test_pki):
    return test_pki.pki


@pytest.fixture(scope="module")
def office_leader(pki):
    return pki.issue(
        thai_binh_leader()
    )


@pytest.fixture(scope="module")
def ubnd(pki):
    return pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))


def _inventory(tmp_path: Path, issued, *, trust=None, device: str | None = None) -> Path:
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(UBND, parent_id=groups[0], staff=30)
        added = inv.add_certificate(
            issued.cert, unit_id=unit, reform=check_subject(issued.cert.subject).to_json(),
            trust=trust,
        )
        if device is not None:
            inv.mark_to_return(added.record.id, reason="không còn nhu cầu sử dụng")
            if device == "returned":
                inv.mark_returned(added.record.id)
    return db


# -- the inventory: as Phụ lục I counts it ---------------------------------------------------


def test_valid_organization_certificate_in_the_inventory_allows_the_fallback(
    office_leader, ubnd, tmp_path
):
    # The control for the refusals below: the same record, checked good, counts.
    orgs = inventory_organizations(_inventory(tmp_path, ubnd, trust=GOOD_TRUST))
    assert [o.source for o in orgs] == ["inventory"]
    decision = _decide(office_leader, orgs)
    assert decision.allowed and decision.emergency


def test_device_listed_to_return_allows_no_fallback(office_leader, ubnd, tmp_path):
    # Listed to return (not yet handed over): no longer needed, as Phụ lục I reads it.
    db = _inventory(tmp_path, ubnd, trust=GOOD_TRUST, device="to_return")
    # Returned marked (so the same certificate on a token is refused too), never counting.
    assert [o.device_status for o in inventory_organizations(db)] == ["to_return"]
    assert not any(o.counts_for_item4() for o in inventory_organizations(db))
    decision = _decide(office_leader, inventory_organizations(db))
    assert not decision.allowed and decision.emergency_organization is None


def test_revoked_in_the_inventory_is_refused_with_the_reason(office_leader, ubnd, tmp_path):
    db = _inventory(tmp_path, ubnd, trust=REVOKED_TRUST)
    decision = _decide(office_leader, inventory_organizations(db))
    assert [r.code for r in decision.refusals] == ["person_outdated"]
    assert "bị thu hồi" in decision.refusals[0].vi and "revoked" in decision.refusals[0].en


# -- tokens: validity, and the trust verdict where Kyso has one -----------------------------


def test_not_yet_valid_organization_certificate_on_a_token_allows_no_fallback(pki, office_leader):
    now = dt.datetime.now(dt.timezone.utc)
    future = pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên"),
        not_before=now + dt.timedelta(days=5),
        not_after=now + dt.timedelta(days=500),
    )
    orgs = token_organizations([snapshot(_entry(future, "org"))])
    reform = check_subject(office_leader.cert.subject).to_json()
    assert fallback_choices(office_leader.cert, reform, orgs) == []
    assert not _decide(office_leader, orgs).allowed


def test_token_certificate_found_revoked_by_a_cached_check_allows_no_fallback(
    office_leader, ubnd
):
    snap = snapshot(_entry(ubnd, "org"))
    sha = details_of(ubnd.cert).sha256
    assert _decide(office_leader, token_organizations([snap], {sha: GOOD_TRUST})).allowed
    revoked = token_organizations([snap], {sha: REVOKED_TRUST})
    assert revoked[0].trust_status == "failed"
    decision = _decide(office_leader, revoked)
    assert not decision.allowed and decision.emergency_organization is None


# -- remote signing accounts ----------------------------------------------------------------


def test_remote_account_certificate_is_said_to_be_in_the_remote_account(office_leader, ubnd):
    orgs = remote_organizations([ubnd.cert])
    assert [o.source for o in orgs] == ["remote"]
    decision = _decide(office_leader, orgs)
    assert decision.allowed and decision.emergency
    choice = FallbackChoice(orgs[0], UBND, best=True)
    assert "tài khoản ký số từ xa" in choice.reason("vi")
    assert "remote signing account" in choice.reason("en")
    assert "token" not in choice.reason("vi") + choice.reason("en")


# -- who may use item 4 ---------------------------------------------------------------------


def test_abolished_unit_is_told_to_change_to_the_unit_he_works_in(pki, ubnd):
    chairman = pki.issue(
        person_name("Trần Văn Bình", title="Chủ tịch", ous=["UBND huyện Vũ Thư"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    decision = _decide(chairman, token_organizations([snapshot(_entry(ubnd, "org"))]))
    assert not decision.allowed and not decision.needs_emergency_confirmation
    (refusal,) = [r for r in decision.refusals if r.code == "person_unit_abolished"]
    assert "Huyện Vũ Thư" in refusal.vi and "không còn" in refusal.vi
    assert "đơn vị đang công tác" in refusal.vi
    assert "Huyện Vũ Thư" in refusal.en and "the unit you work in now" in refusal.en


@pytest.fixture(scope="module")
def director(pki):
    return pki.issue(
        person_name("Đỗ Văn Giang", title="Giám đốc", ous=["Ban Giám đốc"], o=HOSPITAL,
                    locality="Thái Bình")
    )


def test_institution_director_with_an_old_province_needs_item_4(director):
    # The hospital keeps its name, but L = Thái Bình is out of date: refused without an
    # organization certificate, the refusal naming the proposed change.
    decision = _decide(director, [], reason=None)
    assert not decision.allowed
    assert [r.code for r in decision.refusals] == [
        "two_tier_person_changes_proposed", "person_outdated",
    ]
    assert "L = Hưng Yên" in decision.refusals[0].vi
    assert "L = Hưng Yên" in decision.refusals[0].en


def test_institution_certificate_already_changed_grounds_item_4(pki, director):
    # The hospital's own certificate already changed (L = Hưng Yên; the check proposes
    # nothing more) is on the new model: its director may sign in an emergency.
    changed = pki.issue(organization_name(HOSPITAL, o=HOSPITAL, locality="Hưng Yên"))
    verdict = check_subject(changed.cert.subject)
    assert verdict.status == "check_with_unit" and not verdict.proposed
    orgs = token_organizations([snapshot(_entry(changed, "org"))])
    asking = _decide(director, orgs, reason=None)
    assert asking.needs_emergency_confirmation and not asking.refusals
    assert asking.warnings[0].code == "two_tier_person_changes_proposed"
    decision = _decide(director, orgs)
    assert decision.allowed and decision.emergency
    assert decision.emergency_organization is not None
    assert decision.emergency_organization.name == HOSPITAL


def test_institution_certificate_not_changed_yet_grounds_nothing(pki, director):
    old = pki.issue(organization_name(HOSPITAL, o=HOSPITAL, locality="Thái Bình"))
    assert check_subject(old.cert.subject).proposed == {"L": "Hưng Yên"}
    decision = _decide(director, token_organizations([snapshot(_entry(old, "org"))]))
    assert not decision.allowed and decision.emergency_organization is None


def test_institution_director_naming_another_organization_is_refused(pki, director, ubnd):
    # Out of date like needs_change, so a named organization outside the chain is refused
    # as for any outdated leader (not waved through on the UBND's certificate).
    entry = _entry(director, "leader")
    decision, _kind, _org = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST,
        reform=check_subject(director.cert.subject).to_json(),
        organizations=token_organizations([snapshot(_entry(ubnd, "org"))]),
        emergency_reason=REASON, allow_outdated_org_cert=False, organization_name=UBND,
    )
    assert not decision.allowed
    assert decision.refusals[0].code == "organization_not_in_chain"
