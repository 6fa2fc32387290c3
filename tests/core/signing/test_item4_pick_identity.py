"""Item 4: the certificate picked (two of one organization share its name) is the one the
decision records; ``--organization`` takes a SHA-256 prefix; the CLI lists each shared
name with its prefix; what the inventory knows of a certificate holds on the token."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from kyso.cli.sign import _say_emergency_organization, _typed_organization
from kyso.core.demo.pki import organization_name
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    one_per_certificate,
    remote_organizations,
    token_organizations,
)
from kyso.core.signing.policy import OrganizationCert, ShownName
from tests.support.item4 import GOOD_TRUST, snapshot, thai_binh_leader
from tests.support.item4 import entry as _entry

UBND = "UBND tỉnh Hưng Yên"


@pytest.fixture(scope="module")
def world(test_pki):
    pki = test_pki.pki
    leader = pki.issue(
        thai_binh_leader()
    )
    on_token = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    remote = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(on_token, "org"))]) + remote_organizations(
        [remote.cert]
    )
    return leader, orgs


def _decide(leader, orgs, named):
    entry = _entry(leader, "leader")
    decision, _kind, shown = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST,
        reform=check_subject(leader.cert.subject).to_json(), organizations=orgs,
        emergency_reason="Ký lệnh phòng chống bão khẩn", allow_outdated_org_cert=False, organization_name=named,
    )
    return decision, shown


def test_a_sha256_prefix_picks_that_certificate_and_the_appearance_shows_its_name(world):
    leader, orgs = world
    remote = orgs[1]
    decision, shown = _decide(leader, orgs, remote.sha256[:12].upper())
    assert decision.allowed and decision.emergency_organization.sha256 == remote.sha256
    assert shown == UBND
    args = argparse.Namespace(organization=remote.sha256[:12])
    assert _typed_organization(args, decision) == UBND


def test_a_plain_name_still_picks_the_first_and_a_prefix_of_nothing_picks_nothing(world):
    leader, orgs = world
    decision, _ = _decide(leader, orgs, UBND)
    assert decision.emergency_organization.sha256 == orgs[0].sha256
    decision, _ = _decide(leader, orgs, "00000000deadbeef")
    assert not decision.allowed and decision.emergency_organization is None


def test_the_shown_name_carries_its_certificate(world):
    _leader, orgs = world
    shown = orgs[1].shown_name
    assert isinstance(shown, ShownName) and shown == UBND and shown.sha256 == orgs[1].sha256


def test_the_cli_lists_two_certificates_of_one_name_with_their_prefixes(world, capsys):
    leader, orgs = world
    reform = check_subject(leader.cert.subject).to_json()
    decision, _ = _decide(leader, orgs, None)
    _say_emergency_organization(decision, fallback_choices(leader.cert, reform, orgs))
    err = capsys.readouterr().err
    assert f"SHA256 {orgs[0].sha256[:16]}" in err and f"SHA256 {orgs[1].sha256[:16]}" in err
    assert "--organization SHA256-PREFIX" in err


def test_one_per_certificate_keeps_the_tokens_entry_with_what_every_source_knows():
    now = dt.datetime.now(dt.timezone.utc)
    token = OrganizationCert(UBND, "AB:CD", source="token", not_after=now + dt.timedelta(days=9))
    listed = OrganizationCert(UBND, "abcd", source="inventory", device_status="to_return")
    revoked = OrganizationCert(UBND, "abcd", source="remote", trust_status="failed")
    merged = one_per_certificate([listed, revoked, token])
    assert len(merged) == 1 and merged[0].source == "token"
    assert merged[0].trust_status == "failed" and merged[0].device_status == "to_return"
    assert not merged[0].counts_for_item4(now)
    assert one_per_certificate([token])[0].counts_for_item4(now)
