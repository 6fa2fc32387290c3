"""Item 4 never rests on the certificate of a department merged away in 2025.

NĐ 45/2025 merged the Sở Tài nguyên và Môi trường with the Sở Nông nghiệp và Phát triển
nông thôn into the Sở Nông nghiệp và Môi trường, and the Sở Kế hoạch và Đầu tư into the
Sở Tài chính. A certificate still named "Sở Tài nguyên và Môi trường tỉnh Hưng Yên" names
a body that no longer exists: it is no organization certificate on the new model, however
well its province is written (the check says ``check_with_unit`` with the name among
``merged_names``, and proposes nothing: the new name is asked). It allowed the emergency
signature of the old department's director (found by a fault hunter). An institution whose
name the reform keeps (a hospital) still counts.
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
    organization_on_new_model,
    token_organizations,
)
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.fixture(scope="module")
def director(pki):
    return pki.issue(
        person_name("Đỗ Văn Khang", title="Giám đốc", ous=["Sở Tài nguyên và Môi trường"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )


@pytest.fixture(scope="module")
def merged_away(pki):
    return pki.issue(
        organization_name("Sở Tài nguyên và Môi trường tỉnh Hưng Yên", o="UBND tỉnh Hưng Yên",
                          locality="Hưng Yên")
    )


def test_the_premise(merged_away):
    verdict = check_subject(merged_away.cert.subject).to_json()
    assert verdict["status"] == "check_with_unit" and not verdict["proposed"]
    assert verdict["merged_names"] == ["CN"]
    assert not organization_on_new_model(verdict)


def test_a_token_certificate_of_a_merged_department_allows_nothing(director, merged_away):
    orgs = token_organizations([snapshot(_entry(merged_away, "org"))])
    assert [o.new_model for o in orgs] == [False]
    reform = check_subject(director.cert.subject).to_json()
    assert fallback_choices(director.cert, reform, orgs) == []
    entry = _entry(director, "leader")
    decision, _, _ = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform,
        organizations=orgs, emergency_reason="Ký công văn phòng chống bão",
        allow_outdated_org_cert=False,
    )
    assert not decision.allowed and decision.emergency_organization is None


def test_an_inventory_certificate_of_a_merged_department_allows_nothing(
    director, merged_away, tmp_path
):
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("Sở Tài nguyên và Môi trường", parent_id=groups[0], staff=10)
        inv.add_certificate(merged_away.cert, unit_id=unit, trust=GOOD_TRUST,
                            reform=check_subject(merged_away.cert.subject).to_json())
    reform = check_subject(director.cert.subject).to_json()
    assert inventory_organizations(db) == []
    assert fallback_choices(director.cert, reform, inventory_organizations(db)) == []


def test_a_kept_institutions_certificate_still_counts(pki):
    hospital = pki.issue(
        organization_name("Bệnh viện Đa khoa tỉnh Thái Bình", o="Sở Y tế tỉnh Hưng Yên",
                          locality="Hưng Yên")
    )
    verdict = check_subject(hospital.cert.subject).to_json()
    assert verdict["status"] == "check_with_unit" and verdict["kept_names"] == ["CN"]
    assert organization_on_new_model(verdict)
    assert [o.new_model for o in token_organizations([snapshot(_entry(hospital, "h"))])] == [True]
