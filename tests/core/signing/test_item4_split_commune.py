"""Item 4: a commune of the chain that was split (the check asks which new one the holder
works in: ``pick_unit``) is no unit of the chain under its old name.

Old Phường Phú Mỹ (Quận 7) was split between Phường Phú Thuận and Phường Tân Mỹ; since 1
July 2025 another ward of Hồ Chí Minh city is called Phường Phú Mỹ (old Bà Rịa – Vũng Tàu's).
Old Xã Cao Sơn (Lương Sơn, Hòa Bình) was split between Xã Lương Sơn and Xã Liên Sơn of Phú
Thọ, which has another Xã Cao Sơn. The old chairman's certificate, still naming the old
commune, named the namesake's unit as his own: its certificate allowed his emergency
signature (found by a fault hunter). The unit above (the city's or the province's UBND)
still counts, as for every leader of the chain.
"""

from __future__ import annotations

import pytest

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    organization_chain,
    token_organizations,
)
from kyso.core.subjects.admin_units import load
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


CASES = [
    # (the chairman's OUs, O, L, the namesake's province, the UBND above)
    (["UBND phường Phú Mỹ", "UBND quận 7"], "UBND thành phố Hồ Chí Minh", "Hồ Chí Minh",
     "UBND phường Phú Mỹ", "Hồ Chí Minh", "UBND thành phố Hồ Chí Minh"),
    (["UBND phường Phú Mỹ"], "UBND quận 7", "Hồ Chí Minh",
     "UBND phường Phú Mỹ", "Hồ Chí Minh", "UBND thành phố Hồ Chí Minh"),
    (["UBND xã Cao Sơn"], "UBND huyện Lương Sơn", "Hòa Bình",
     "UBND xã Cao Sơn", "Phú Thọ", "UBND tỉnh Phú Thọ"),
]


@pytest.mark.parametrize(("ous", "o", "locality", "namesake", "province", "above"), CASES)
def test_a_split_communes_namesake_allows_nothing(pki, ous, o, locality, namesake, province, above):
    leader = pki.issue(
        person_name("Nguyễn Văn An", title="Chủ tịch", ous=ous, o=o, locality=locality)
    )
    reform = check_subject(leader.cert.subject).to_json()
    assert reform["status"] == "needs_change" and reform["pick_unit"]
    assert namesake.removeprefix("UBND ").lower() in {
        c.name.lower() for c in load().communes_of(province)
    }
    chain = organization_chain(leader.cert, reform)
    assert not [u for u in chain if namesake.split()[-1] in u and "UBND" in u and u != above], chain

    other = pki.issue(organization_name(namesake, o=above, locality=province))
    orgs = token_organizations([snapshot(_entry(other, "org"))])
    assert orgs[0].new_model and orgs[0].province == province
    assert fallback_choices(leader.cert, reform, orgs) == []
    entry = _entry(leader, "leader")
    decision, _, _ = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform,
        organizations=orgs, emergency_reason="Ký công văn phòng chống bão",
        allow_outdated_org_cert=False,
    )
    assert not decision.allowed and decision.emergency_organization is None

    # The UBND above: a unit of his chain in the new model, as for every leader.
    ubnd = pki.issue(organization_name(above, o=above, locality=province))
    orgs = token_organizations([snapshot(_entry(ubnd, "ubnd"))])
    assert [c.organization.name for c in fallback_choices(leader.cert, reform, orgs)] == [above]
