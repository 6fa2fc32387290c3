"""Item 4's organization certificates by the names a user reads and types back (issue 15,
review session 6): the shown name, the place abbreviations of ``--organization``, one
choice per certificate, and refusals that name what would be accepted."""

from __future__ import annotations

import pytest

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import decide, fallback_choices, token_organizations
from kyso.core.signing.policy import OrganizationCert, fold_name, same_organization
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry

UBND = "UBND tỉnh Hưng Yên"


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.fixture(scope="module")
def office_leader(pki):
    return pki.issue(
        person_name(
            "Hoàng Văn Em",
            title="Chánh Văn phòng",
            ous=["Văn phòng"],
            o="UBND tỉnh Thái Bình",
            locality="Thái Bình",
        )
    )


def _decide(leader, organizations, named):
    entry = _entry(leader, "leader")
    return decide(
        snapshot(entry),
        entry,
        "approval",
        trust=GOOD_TRUST,
        reform=check_subject(leader.cert.subject).to_json(),
        organizations=organizations,
        emergency_reason="Ký lệnh phòng chống bão khẩn",
        allow_outdated_org_cert=False,
        organization_name=named,
    )


@pytest.mark.parametrize(
    ("written", "spelt"),
    [
        ("UBND T. Hưng Yên", "UBND tỉnh Hưng Yên"),
        ("UBND T.P Hải Phòng", "UBND thành phố Hải Phòng"),
        ("UBND TX. Kỳ Anh", "UBND thị xã Kỳ Anh"),
        ("UBND H. Kiến Xương", "UBND huyện Kiến Xương"),
        ("UBND TT. Vũ Thư", "UBND thị trấn Vũ Thư"),
        ("UBND Q.1", "UBND quận 1"),
        ("UBND T. Hưng Yên".upper(), "UBND tỉnh Hưng Yên"),
    ],
)
def test_place_abbreviations_are_read_as_the_subject_reader_reads_them(written, spelt):
    assert same_organization(written, spelt)


def test_a_type_word_of_another_body_is_not_an_abbreviation():
    # "Tỉnh ủy" is the Party committee, not the People's Committee of the province.
    assert not same_organization("Tỉnh ủy Thái Bình", "UBND tỉnh Thái Bình")
    assert fold_name("Tỉnh ủy Thái Bình") != fold_name("tỉnh Thái Bình")
    # A lone initial before something that is no province stays what it is.
    assert fold_name("Phòng T. Hợp") == "phong t hop"


def test_shown_name_is_the_cn_unless_the_cn_is_a_bare_unit():
    office = OrganizationCert("Văn phòng", full_name=f"Văn phòng {UBND}")
    so = OrganizationCert(
        "Sở Y tế tỉnh Hưng Yên", full_name=f"Sở Y tế tỉnh Hưng Yên {UBND}"
    )
    assert office.shown_name == f"Văn phòng {UBND}"
    assert so.shown_name == "Sở Y tế tỉnh Hưng Yên"
    assert OrganizationCert(UBND, full_name=UBND).shown_name == UBND
    assert OrganizationCert("Bộ Tài chính").shown_name == "Bộ Tài chính"


def test_the_token_entry_wins_over_the_same_certificate_in_the_inventory(pki, office_leader):
    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    (on_token,) = token_organizations([snapshot(_entry(ubnd, "org"))])
    in_inventory = OrganizationCert(
        UBND, on_token.sha256.upper(), "current", "inventory", UBND
    )
    reform = check_subject(office_leader.cert.subject).to_json()
    for orgs in ([in_inventory, on_token], [on_token, in_inventory]):
        (choice,) = fallback_choices(office_leader.cert, reform, orgs)
        assert choice.organization.source == "token"


def test_a_unit_of_the_chain_without_a_certificate_is_refused_naming_the_one_that_has(
    pki, office_leader
):
    # The office is in the leader's chain but has no certificate; the UBND's is there:
    # not "no certificate of its organization", but the name that would be accepted.
    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))])
    decision, _kind, _org = _decide(office_leader, orgs, f"Văn phòng {UBND}")
    assert not decision.allowed
    assert [r.code for r in decision.refusals] == ["organization_without_certificate"]
    assert f"cho phép ký khẩn cấp: “{UBND}”." in decision.refusals[0].vi
    assert f"allows it: “{UBND}”." in decision.refusals[0].en


def test_a_named_organization_outside_the_chain_is_told_which_names_are_accepted(
    pki, office_leader
):
    office = pki.issue(organization_name("Văn phòng", o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(office, "office"))])
    decision, _kind, _org = _decide(office_leader, orgs, "UBND tỉnh Nghệ An")
    assert [r.code for r in decision.refusals] == ["organization_not_in_chain"]
    assert f"cho phép ký khẩn cấp: “Văn phòng {UBND}”." in decision.refusals[0].vi
    # ... and the name it gives is accepted back.
    again, _kind, shown = _decide(office_leader, orgs, f"Văn phòng {UBND}")
    assert again.allowed and again.emergency and shown == f"Văn phòng {UBND}"


def test_without_any_certificate_the_general_refusal_stays(pki, office_leader):
    decision, _kind, _org = _decide(office_leader, [], "UBND tỉnh Nghệ An")
    codes = [r.code for r in decision.refusals]
    assert codes == ["organization_not_in_chain", "person_outdated"]
