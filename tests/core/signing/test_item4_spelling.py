"""Item 4 tells apart organizations whose names differ only by their diacritics.

Eight provinces of the new model each have two communes whose names are one word folded
without accents: Hải Phòng's "Xã Cẩm Giang" and "Xã Cẩm Giàng", Quảng Ngãi's "Xã Sơn Hà"
and "Xã Sơn Hạ", Tây Ninh's "Xã Tân Thạnh" and "Xã Tân Thành"… The chairman of one commune
is not the leader of the other: its new-model certificate must not allow his emergency
signature (found by a fault hunter: it did — a signature the rules forbid). A name written
without any diacritics (typed in ASCII) still matches as before, and so do the same name
in capitals, decomposed (NFD) or with the tone mark placed the other way ("Hoà"/"Hòa").
"""

from __future__ import annotations

import unicodedata

import pytest
from cryptography.hazmat.primitives import hashes

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import decide, fallback_choices, token_organizations
from kyso.core.signing.policy import same_organization
from kyso.core.subjects.admin_units import load
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND xã Cẩm Giang", "UBND xã Cẩm Giàng"),
        ("Ủy ban nhân dân xã Sơn Hà", "UBND xã Sơn Hạ"),
        ("UBND XÃ TÂN THẠNH", "UBND xã Tân Thành"),
        ("UBND xã Lộc Thạnh tỉnh Đồng Nai", "UBND xã Lộc Thành tỉnh Đồng Nai"),
        (unicodedata.normalize("NFD", "UBND xã Văn Lang"), "UBND xã Văn Lăng"),
    ],
)
def test_names_differing_only_by_diacritics_are_two_organizations(a, b):
    assert not same_organization(a, b)
    assert not same_organization(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND xã Cẩm Giàng", "UBND xa Cam Giang"),  # typed without diacritics
        ("UBND xã Cẩm Giàng", "UBND XÃ CẨM GIÀNG"),
        ("UBND xã Cẩm Giàng", unicodedata.normalize("NFD", "UBND xã Cẩm Giàng")),
        ("UBND xã An Hoà", "Ủy ban nhân dân xã An Hòa"),  # tone placement
        ("UBND xã Phú Quý", "UBND xã Phú Quí"),
        ("Sở KH&CN tỉnh Hưng Yên", "Sở Khoa học và Công nghệ tỉnh Hưng Yên"),
        ("UBND TP Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng"),
        ("UBND tỉnh Đắk Lắk", "UBND tỉnh Đăk Lăk"),  # both spellings in use
        ("Uy ban nhân dân tỉnh Hưng Yên", "Ủy ban nhân dân tỉnh Hưng Yên"),  # a mark left out
        ("Uy ban nhan dan xã Cẩm Giàng", "UBND xã Cẩm Giàng"),
    ],
)
def test_the_same_name_written_another_way_is_one_organization(a, b):
    assert same_organization(a, b)


def test_both_communes_exist_in_the_new_model():
    # The premise, from the data set: two communes of Hải Phòng, not one name spelt twice.
    names = {c.name for c in load().communes_of("Hải Phòng")}
    assert {"Xã Cẩm Giang", "Xã Cẩm Giàng"} <= names


def _sha(issued) -> str:
    return issued.cert.fingerprint(hashes.SHA256()).hex()


def _chairman(pki):
    # Chủ tịch UBND xã Cẩm Giang, a certificate still naming old Hải Dương (now Hải Phòng).
    return pki.issue(
        person_name("Phạm Văn Bình", title="Chủ tịch", ous=[], o="UBND xã Cẩm Giang",
                    locality="Hải Dương")
    )


def _decide(leader, orgs, **kwargs):
    entry = _entry(leader, "leader")
    reform = check_subject(leader.cert.subject).to_json()
    assert reform["status"] == "needs_change"
    return decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform,
        organizations=orgs, emergency_reason="Ký công văn phòng chống bão",
        allow_outdated_org_cert=False, **kwargs,
    )


def test_another_communes_certificate_allows_no_fallback(pki):
    leader = _chairman(pki)
    other = pki.issue(
        organization_name("UBND xã Cẩm Giàng", o="UBND thành phố Hải Phòng", locality="Hải Phòng")
    )
    orgs = token_organizations([snapshot(_entry(other, "org"))])
    assert orgs[0].new_model and orgs[0].province == "Hải Phòng"
    reform = check_subject(leader.cert.subject).to_json()
    assert fallback_choices(leader.cert, reform, orgs) == []
    decision, _, _ = _decide(leader, orgs)
    assert not decision.allowed and not decision.emergency
    assert decision.emergency_organization is None
    assert "person_outdated" in [r.code for r in decision.refusals]


def test_another_commune_named_in_ascii_allows_no_fallback(pki):
    # --organization typed without diacritics names the chairman's own commune; the
    # certificate on the token is the other commune's.
    leader = _chairman(pki)
    other = pki.issue(
        organization_name("UBND xã Cẩm Giàng", o="UBND thành phố Hải Phòng", locality="Hải Phòng")
    )
    orgs = token_organizations([snapshot(_entry(other, "org"))])
    reform = check_subject(leader.cert.subject).to_json()
    assert fallback_choices(leader.cert, reform, orgs, "UBND xa Cam Giang") == []
    decision, _, _ = _decide(leader, orgs, organization_name="UBND xa Cam Giang")
    assert not decision.allowed and not decision.emergency


def test_the_own_communes_certificate_still_allows_it(pki):
    leader = _chairman(pki)
    own = pki.issue(
        organization_name("UBND XÃ CẨM GIANG", o="UBND thành phố Hải Phòng", locality="Hải Phòng")
    )
    other = pki.issue(
        organization_name("UBND xã Cẩm Giàng", o="UBND thành phố Hải Phòng", locality="Hải Phòng")
    )
    orgs = token_organizations([snapshot(_entry(other, "other"), _entry(own, "own"))])
    reform = check_subject(leader.cert.subject).to_json()
    choices = fallback_choices(leader.cert, reform, orgs)
    assert [c.organization.sha256 for c in choices] == [_sha(own)]
    decision, _, _ = _decide(leader, orgs, organization_name="UBND xa Cam Giang")
    assert decision.allowed and decision.emergency
    assert decision.emergency_organization is not None
    assert decision.emergency_organization.sha256 == _sha(own)


def test_a_certificate_written_without_diacritics_that_could_be_either_allows_nothing(pki):
    # "UBND xa Cam Giang" (an old certificate typed in ASCII) is Cẩm Giang or Cẩm Giàng:
    # Kyso cannot tell which commune's it is, so it grounds neither chairman's item 4.
    ascii_cert = pki.issue(
        organization_name("UBND xa Cam Giang", o="UBND thanh pho Hai Phong", locality="Hai Phong")
    )
    orgs = token_organizations([snapshot(_entry(ascii_cert, "org"))])
    assert orgs[0].new_model and orgs[0].province == "Hải Phòng"
    other = pki.issue(
        person_name("Vũ Văn Cường", title="Chủ tịch", ous=[], o="UBND xã Cẩm Giàng",
                    locality="Hải Dương")
    )
    for leader in (_chairman(pki), other):
        reform = check_subject(leader.cert.subject).to_json()
        assert fallback_choices(leader.cert, reform, orgs) == []


def test_a_certificate_written_without_diacritics_of_one_commune_still_counts(pki):
    leader = pki.issue(
        person_name("Nguyễn Văn Hải", title="Chủ tịch", ous=["UBND xã Hòa Phú", "UBND huyện Ứng Hòa"],
                    o="UBND thành phố Hà Nội", locality="Hà Nội")
    )
    ascii_cert = pki.issue(
        organization_name("UBND xa Hoa Xa", o="UBND thanh pho Ha Noi", locality="Ha Noi")
    )
    orgs = token_organizations([snapshot(_entry(ascii_cert, "org"))])
    reform = check_subject(leader.cert.subject).to_json()
    assert [c.organization.name for c in fallback_choices(leader.cert, reform, orgs)] == [
        "UBND xa Hoa Xa"
    ]
