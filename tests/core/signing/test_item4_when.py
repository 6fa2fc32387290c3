"""Item 4 judged at the decision's ``now``, and two certificates of one organization told
apart.

The inventory carries each organization certificate's validity period
(:func:`inventory_organizations` reads no clock); whether it may ground the fallback is
judged at the ``now`` the caller decides at (:meth:`OrganizationCert.counts_for_item4`),
through :func:`decide`, :func:`fallback_choices` and the Sign page's and the bridge's
:func:`kyso.ui.sign.worker.policy_and_choices` — never at the machine's clock where the
caller gave a ``now``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from kyso.core.demo.pki import organization_name
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    FallbackChoice,
    decide,
    fallback_choices,
    inventory_organizations,
    telling_apart,
)
from kyso.core.signing.policy import OrganizationCert
from tests.support.item4 import GOOD_TRUST, snapshot, thai_binh_leader
from tests.support.item4 import entry as _entry

UBND = "UBND tỉnh Hưng Yên"
REASON = "Ký lệnh phòng chống bão khẩn"
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def pki(test_pki):
    return test_pki.pki


@pytest.fixture(scope="module")
def office_leader(pki):
    return pki.issue(
        thai_binh_leader(),
        days=10 * 365,
    )


@pytest.fixture(scope="module")
def ubnd(pki):
    """Valid today, for 200 days."""
    return pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên"),
        not_before=dt.datetime.now(UTC) - dt.timedelta(days=1), days=200,
    )


def _inventory(tmp_path: Path, issued) -> Path:
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(UBND, parent_id=groups[0], staff=30)
        inv.add_certificate(issued.cert, unit_id=unit,
                            reform=check_subject(issued.cert.subject).to_json(),
                            trust=GOOD_TRUST)
    return db


def _decide(leader, organizations, now=None):
    entry = _entry(leader, "leader")
    return decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST,
        reform=check_subject(leader.cert.subject).to_json(), organizations=organizations,
        emergency_reason=REASON, allow_outdated_org_cert=False, now=now,
    )[0]


@pytest.mark.parametrize("when", ["expired", "not_yet_valid"])
def test_an_inventory_certificate_unusable_at_now_grounds_nothing(
        office_leader, ubnd, tmp_path, when) -> None:
    orgs = inventory_organizations(_inventory(tmp_path, ubnd))
    # by the machine's clock the certificate is valid, and grounds the fallback
    assert _decide(office_leader, orgs).allowed
    cert = ubnd.cert
    now = (cert.not_valid_after_utc + dt.timedelta(days=1) if when == "expired"
           else cert.not_valid_before_utc - dt.timedelta(days=1))
    assert _decide(office_leader, orgs, now=now).allowed is False
    reform = check_subject(office_leader.cert.subject).to_json()
    assert fallback_choices(office_leader.cert, reform, orgs, now=now) == []
    # the record is still there, marked with its validity: the same certificate on a token
    # is the same certificate
    assert [o.not_after for o in orgs] == [cert.not_valid_after_utc]


def test_the_sign_pages_and_the_bridges_policy_call_decides_at_its_now(
        office_leader, ubnd, tmp_path) -> None:
    from kyso.core.signing.appearance import Profile
    from kyso.ui.sign.models import Candidate
    from kyso.ui.sign.worker import policy_and_choices

    db = _inventory(tmp_path, ubnd)
    entry = _entry(office_leader, "leader")
    snap = snapshot(entry)
    cached = SimpleNamespace(trust=SimpleNamespace(to_json=lambda: GOOD_TRUST),
                             reform=check_subject(office_leader.cert.subject))

    def call(now):
        return policy_and_choices(Candidate(snap, entry), Profile.APPROVAL, [snap], cached, None,
                                  emergency_reason=None, allow_outdated_org_cert=False,
                                  now=now, inventory_path=db)

    decision, _kind, _org, choices = call(None)
    assert decision.needs_emergency_confirmation and len(choices) == 1
    decision, _kind, _org, choices = call(ubnd.cert.not_valid_after_utc + dt.timedelta(days=1))
    assert not decision.needs_emergency_confirmation and not decision.allowed
    assert choices == [] and decision.emergency_organization is None


# -- two certificates of one organization ----------------------------------------------------


def _org(sha: str, name: str = UBND, source: str = "token") -> FallbackChoice:
    return FallbackChoice(OrganizationCert(name, sha, "current", source, name), name)


def test_certificates_sharing_a_name_are_told_apart_by_their_sha256() -> None:
    a, b = "ab12cd34" + "0" * 56, "ab12cd35" + "1" * 56
    other = "ff" * 32
    choices = [_org(a), _org(b), _org(other, "Sở Y tế tỉnh Hưng Yên")]
    assert telling_apart(choices) == ["ab12cd34", "ab12cd35", ""]


def test_as_many_digits_as_it_takes() -> None:
    a = "0123456789ab" + "0" * 52
    b = "0123456789ac" + "0" * 52
    assert telling_apart([_org(a), _org(b, source="remote")]) == ["0123456789ab",
                                                                   "0123456789ac"]


def test_one_certificate_needs_nothing() -> None:
    assert telling_apart([_org("ab" * 32)]) == [""]
    assert telling_apart([]) == []
