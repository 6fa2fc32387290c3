"""Item 4 never rests on an organization certificate naming a commune its province no
longer has.

Old Thái Bình had two "xã Quang Trung" (Hưng Hà, Kiến Xương), merged on 1 July 2025 into
Xã Diên Hà and Xã Kiến Xương of Hưng Yên; the new Hưng Yên has no "xã Quang Trung". A
certificate half changed — "CN=UBND xã Quang Trung, O=UBND tỉnh Hưng Yên" (O and L changed,
the commune kept) — names a unit that does not exist in the new model: it is no
organization certificate on the new model, and the chairman of the old commune may not sign
on it (found by a fault hunter: the two-tier check reads it ``current`` and it allowed
the chairman's emergency signature). A certificate of a commune the new model does have
(any of them, every province) still counts.
"""

from __future__ import annotations

import pytest

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    inventory_organizations,
    names_only_new_communes,
    token_organizations,
)
from kyso.core.subjects.admin_units import load
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.fixture(scope="module")
def chairman(pki):
    return pki.issue(
        person_name("Trần Văn Dũng", title="Chủ tịch", ous=[], o="UBND xã Quang Trung",
                    locality="Thái Bình")
    )


@pytest.fixture(scope="module")
def half_changed(pki):
    return pki.issue(
        organization_name("UBND xã Quang Trung", o="UBND tỉnh Hưng Yên", locality="Hưng Yên")
    )


def test_the_premise():
    assert not [c for c in load().communes_of("Hưng Yên") if c.name == "Xã Quang Trung"]


def test_a_token_certificate_of_a_lost_commune_allows_nothing(chairman, half_changed):
    orgs = token_organizations([snapshot(_entry(half_changed, "org"))])
    assert [o.new_model for o in orgs] == [False]
    reform = check_subject(chairman.cert.subject).to_json()
    assert reform["status"] == "needs_change"
    assert fallback_choices(chairman.cert, reform, orgs) == []
    entry = _entry(chairman, "leader")
    decision, _, _ = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform,
        organizations=orgs, emergency_reason="Ký công văn phòng chống bão",
        allow_outdated_org_cert=False,
    )
    assert not decision.allowed and decision.emergency_organization is None
    assert "person_outdated" in [r.code for r in decision.refusals]


def test_an_inventory_certificate_of_a_lost_commune_allows_nothing(
    chairman, half_changed, tmp_path
):
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("UBND xã Quang Trung", parent_id=groups[0], staff=10)
        inv.add_certificate(half_changed.cert, unit_id=unit, trust=GOOD_TRUST,
                            reform=check_subject(half_changed.cert.subject).to_json())
    reform = check_subject(chairman.cert.subject).to_json()
    assert fallback_choices(chairman.cert, reform, inventory_organizations(db)) == []


def test_a_new_communes_certificate_still_counts(pki):
    leader = pki.issue(
        person_name("Trần Văn Dũng", title="Chủ tịch", ous=[], o="UBND xã Kiến Xương",
                    locality="Thái Bình")
    )
    own = pki.issue(
        organization_name("UBND xã Kiến Xương", o="UBND tỉnh Hưng Yên", locality="Hưng Yên")
    )
    orgs = token_organizations([snapshot(_entry(own, "org"))])
    assert [o.new_model for o in orgs] == [True]
    reform = check_subject(leader.cert.subject).to_json()
    assert [c.organization.name for c in fallback_choices(leader.cert, reform, orgs)] == [
        "UBND xã Kiến Xương"
    ]


def test_every_commune_of_the_new_model_is_one():
    # The oracle: each of the new model's communes (xã, phường, đặc khu) of every province,
    # as a certificate names its People's Committee, in capitals and without diacritics too.
    wrong = []
    for commune in load().new_communes:
        province = commune.province.short
        for name in (f"UBND {commune.name}", f"Ủy ban nhân dân {commune.name}".upper()):
            if not names_only_new_communes(name, province):
                wrong.append((name, province))
    assert not wrong, wrong[:20]


def test_an_institution_named_after_an_old_commune_keeps_counting():
    # The reform renames no institution: a school's certificate still naming the old
    # commune is the school's, on the new model once its province is.
    assert names_only_new_communes("Trường THCS xã Quang Trung", "Hưng Yên")
    assert not names_only_new_communes("Đảng ủy xã Quang Trung", "Hưng Yên")
    assert not names_only_new_communes("HĐND xã Quang Trung", "Hưng Yên")
