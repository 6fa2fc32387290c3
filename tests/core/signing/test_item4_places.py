"""Item 4 matches an organization certificate to the leader's chain by name *and place*
(review session 6c): many new communes share a name and every body has a "Văn phòng", so
another province's certificate of the same name grounds nothing; the usual abbreviations of
bodies' names read as written out; the shown name never repeats the body."""

from __future__ import annotations

import pytest
from cryptography import x509

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    fallback_choices,
    inventory_organizations,
    organization_chain,
    organization_full_name,
    token_organizations,
)
from kyso.core.signing.policy import OrganizationCert, same_organization
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.mark.parametrize(
    ("abbreviated", "written"),
    [
        ("Sở KH&CN tỉnh Hưng Yên", "Sở Khoa học và Công nghệ tỉnh Hưng Yên"),
        ("Sở KHCN tỉnh Hưng Yên", "Sở Khoa học và Công nghệ tỉnh Hưng Yên"),
        ("Sở GD&ĐT tỉnh Hưng Yên", "Sở Giáo dục và Đào tạo tỉnh Hưng Yên"),
        ("Sở GDĐT tỉnh Hưng Yên", "Sở Giáo dục và Đào tạo tỉnh Hưng Yên"),
        ("Sở TN&MT tỉnh Thái Bình", "Sở Tài nguyên và Môi trường tỉnh Thái Bình"),
        ("Sở NN&PTNT tỉnh Thái Bình", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình"),
        ("Sở NN&MT tỉnh Hưng Yên", "Sở Nông nghiệp và Môi trường tỉnh Hưng Yên"),
        ("Sở VH-TT&DL tỉnh Hưng Yên", "Sở Văn hóa, Thể thao và Du lịch tỉnh Hưng Yên"),
        ("Sở VH&TT thành phố Hà Nội", "Sở Văn hóa và Thể thao thành phố Hà Nội"),
        ("Sở LĐ-TB&XH tỉnh Thái Bình", "Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình"),
        ("Sở GTVT tỉnh Thái Bình", "Sở Giao thông vận tải tỉnh Thái Bình"),
        ("Sở KH&ĐT tỉnh Thái Bình", "Sở Kế hoạch và Đầu tư tỉnh Thái Bình"),
        ("UBND tỉnh Hưng Yên", "Ủy ban nhân dân tỉnh Hưng Yên"),
        ("HĐND tỉnh Hưng Yên", "Hội đồng nhân dân tỉnh Hưng Yên"),
    ],
)
def test_usual_abbreviations_name_the_same_body(abbreviated, written):
    assert same_organization(abbreviated, written)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở KHCN tỉnh Hưng Yên", "Sở Tài chính tỉnh Hưng Yên"),
        ("Sở TN&MT tỉnh Thái Bình", "Sở Nông nghiệp và Môi trường tỉnh Thái Bình"),
        ("HĐND tỉnh Hưng Yên", "UBND tỉnh Hưng Yên"),
        ("Sở KH&CN tỉnh Hưng Yên", "Sở KH&CN tỉnh Thái Bình"),
    ],
)
def test_abbreviations_do_not_join_different_bodies(a, b):
    assert not same_organization(a, b)


@pytest.mark.parametrize(
    ("subject", "full"),
    [
        ("CN=Văn phòng UBND,O=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN", "Văn phòng UBND tỉnh Hưng Yên"),
        ("CN=Văn phòng,O=Sở Y tế tỉnh Lạng Sơn,L=Lạng Sơn,C=VN", "Văn phòng Sở Y tế tỉnh Lạng Sơn"),
        ("CN=UBND tỉnh Hưng Yên,O=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN", "UBND tỉnh Hưng Yên"),
    ],
)
def test_full_name_writes_the_body_once(subject, full):
    assert organization_full_name(x509.Name.from_rfc4514_string(subject)) == full


def test_the_same_office_in_the_holders_own_province_is_offered(pki):
    # The counterpart of another province's "Văn phòng Sở Y tế": Hưng Yên's is his.
    leader = pki.issue(
        person_name("Bùi Văn Hòa", title="Chánh Văn phòng", ous=["Văn phòng", "Sở Y tế"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    own = pki.issue(
        organization_name("Văn phòng Sở Y tế", o="Sở Y tế tỉnh Hưng Yên", locality="Hưng Yên")
    )
    orgs = token_organizations([snapshot(_entry(own, "org"))])
    assert orgs[0].province == "Hưng Yên"
    reform = check_subject(leader.cert.subject).to_json()
    choices = fallback_choices(leader.cert, reform, orgs)
    assert [c.organization.shown_name for c in choices] == ["Văn phòng Sở Y tế tỉnh Hưng Yên"]


def test_a_bare_commune_name_needs_the_certificates_place_known(pki):
    chairman = pki.issue(
        person_name("Nguyễn Văn An", title="Chủ tịch", ous=["UBND xã Lệ Chi"],
                    o="UBND huyện Gia Lâm", locality="Hà Nội")
    )
    reform = check_subject(chairman.cert.subject).to_json()
    unknown = OrganizationCert("UBND xã Thuận An", "aa" * 32, province="")
    hanoi = OrganizationCert("UBND xã Thuận An", "bb" * 32, province="Hà Nội")
    other = OrganizationCert("UBND xã Thuận An", "cc" * 32, province="Lâm Đồng")
    choices = fallback_choices(chairman.cert, reform, [unknown, other, hanoi])
    assert [c.organization.sha256 for c in choices] == ["bb" * 32]


def test_every_ou_of_the_chain_is_paired_with_the_new_province(pki):
    director = pki.issue(
        person_name("Lê Văn Cường", title="Giám đốc", ous=["Ban Giám đốc", "Sở Y tế"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    chain = organization_chain(director.cert, check_subject(director.cert.subject).to_json())
    assert "Sở Y tế tỉnh Hưng Yên" in chain


def test_inventory_records_carry_their_province(pki, tmp_path):
    other = pki.issue(
        organization_name("UBND xã Thuận An", o="UBND tỉnh Lâm Đồng", locality="Lâm Đồng")
    )
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("UBND xã Thuận An", parent_id=groups[0], staff=10)
        inv.add_certificate(other.cert, unit_id=unit,
                            reform=check_subject(other.cert.subject).to_json(), trust=GOOD_TRUST)
    assert [o.province for o in inventory_organizations(db)] == ["Lâm Đồng"]
