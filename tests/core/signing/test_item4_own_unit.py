"""Item 4: the holder's own unit is taken as the two-tier check proposes it, however many
OUs the certificate has.

Old xã Hòa Phú (huyện Ứng Hòa, Hà Nội) was merged into Xã Hòa Xá on 1 July 2025; another
commune of Hà Nội is called Xã Hòa Phú since. The chairman of the old commune, whose
certificate reads "OU=UBND xã Hòa Phú, OU=UBND huyện Ứng Hòa, O=UBND thành phố Hà Nội",
is the leader of neither the new Xã Hòa Phú nor its UBND: its certificate ("UBND xã Hòa
Phú thành phố Hà Nội") must not allow his emergency signature. With several OUs the check
proposes ``OU[1]`` (the lowest), not ``OU``; the old guess "the lowest OU + the province"
read the OU as written, the old commune's name (found by a fault hunter: it allowed it).
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
    person_organization,
    token_organizations,
)
from kyso.core.signing.policy import same_organization
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.fixture(scope="module")
def chairman(pki):
    return pki.issue(
        person_name("Nguyễn Văn Hải", title="Chủ tịch",
                    ous=["UBND xã Hòa Phú", "UBND huyện Ứng Hòa"],
                    o="UBND thành phố Hà Nội", locality="Hà Nội")
    )


def _reform(leader):
    reform = check_subject(leader.cert.subject).to_json()
    assert reform["status"] == "needs_change"
    assert reform["proposed"].get("OU[1]") == "UBND xã Hòa Xá"
    return reform


def test_the_old_commune_is_not_in_the_chain(chairman):
    reform = _reform(chairman)
    assert person_organization(chairman.cert, reform) == "UBND xã Hòa Xá thành phố Hà Nội"
    chain = organization_chain(chairman.cert, reform)
    assert not [u for u in chain if "Hòa Phú" in u], chain


def test_the_new_commune_of_the_same_name_allows_nothing(pki, chairman):
    namesake = pki.issue(
        organization_name("UBND xã Hòa Phú thành phố Hà Nội", o="UBND thành phố Hà Nội",
                          locality="Hà Nội")
    )
    orgs = token_organizations([snapshot(_entry(namesake, "org"))])
    assert orgs[0].new_model
    reform = _reform(chairman)
    assert fallback_choices(chairman.cert, reform, orgs) == []
    entry = _entry(chairman, "leader")
    decision, _, _ = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform,
        organizations=orgs, emergency_reason="Ký công văn phòng chống bão",
        allow_outdated_org_cert=False,
    )
    assert not decision.allowed and decision.emergency_organization is None


def test_the_commune_it_was_merged_into_allows_it(pki, chairman):
    own = pki.issue(
        organization_name("UBND xã Hòa Xá", o="UBND thành phố Hà Nội", locality="Hà Nội")
    )
    orgs = token_organizations([snapshot(_entry(own, "org"))])
    choices = fallback_choices(chairman.cert, _reform(chairman), orgs)
    assert [c.organization.name for c in choices] == ["UBND xã Hòa Xá"]
    assert choices[0].best and same_organization(choices[0].matched, "UBND xã Hòa Xá")
