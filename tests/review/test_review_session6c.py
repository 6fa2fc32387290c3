"""Review session 6c (issue 15 item 4): the merged pieces of the emergency fallback — the
decision, the choices, the dedupe, the sources (token, remote, inventory) — against each
other. Each test shows one defect; its comment says what is wrong and what is right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kyso.core.certs.details import details_of
from kyso.core.demo.pki import organization_name, person_name
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
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


def _decide(leader, organizations, reason: str | None = REASON, named: str | None = None,
            now: dt.datetime | None = None):
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
        organization_name=named,
        now=now,
    )
    return decision


def _inventory(tmp_path: Path, issued, *, trust=None) -> Path:
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(UBND, parent_id=groups[0], staff=30)
        inv.add_certificate(
            issued.cert, unit_id=unit, reform=check_subject(issued.cert.subject).to_json(),
            trust=trust,
        )
    return db


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


@pytest.fixture(scope="module")
def director(pki):
    return pki.issue(
        person_name("Đỗ Văn Giang", title="Giám đốc", ous=["Ban Giám đốc"], o=HOSPITAL,
                    locality="Thái Bình")
    )


def test_certificate_found_revoked_on_the_token_is_not_waved_through_by_its_inventory_record(
    office_leader, ubnd, tmp_path
):
    # Wrong: the token's cached check found the UBND's certificate revoked, yet the same
    # certificate's inventory record (checked good earlier) grounds item 4 — the dedupe runs
    # after the usability filter. Right: a certificate Kyso knows is revoked grounds nothing.
    sha = details_of(ubnd.cert).sha256
    on_token = token_organizations([snapshot(_entry(ubnd, "org"))], {sha: REVOKED_TRUST})
    in_inventory = inventory_organizations(_inventory(tmp_path, ubnd, trust=GOOD_TRUST))
    assert on_token[0].sha256.lower().replace(":", "") == in_inventory[0].sha256.lower()
    decision = _decide(office_leader, on_token + in_inventory)
    assert decision.emergency_organization is None and not decision.allowed


def test_institution_certificate_already_changed_counts_from_the_inventory_as_from_a_token(
    pki, director, tmp_path
):
    # Wrong: the hospital's changed certificate (check_with_unit, nothing proposed) grounds
    # item 4 on a token but not from the inventory (its record's on_new_model is only
    # "current"). Right: the inventory counts it as the token does (item 4 holds whether or
    # not the organization's token is inserted).
    changed = pki.issue(organization_name(HOSPITAL, o=HOSPITAL, locality="Hưng Yên"))
    assert _decide(director, token_organizations([snapshot(_entry(changed, "org"))])).allowed
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(HOSPITAL, parent_id=groups[0], staff=30)
        inv.add_certificate(changed.cert, unit_id=unit,
                            reform=check_subject(changed.cert.subject).to_json(),
                            trust=GOOD_TRUST)
    decision = _decide(director, inventory_organizations(db))
    assert decision.allowed and decision.emergency


def test_the_pick_of_one_of_two_certificates_of_the_same_organization_reaches_the_decision(
    pki, office_leader, ubnd
):
    # Wrong: the UBND holds two certificates (a USB token's and a remote account's); both are
    # offered, but the pick is handed back by shown name only, so picking the remote one
    # signs and audits (new_model_organization_sha256/_source) the token's. Right: the
    # certificate picked is the one the decision records.
    remote_cert = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))]) + remote_organizations(
        [remote_cert.cert]
    )
    reform = check_subject(office_leader.cert.subject).to_json()
    choices = fallback_choices(office_leader.cert, reform, orgs)
    assert [c.organization.source for c in choices] == ["token", "remote"]
    picked = choices[1].organization
    decision = _decide(office_leader, orgs, named=picked.shown_name)
    assert decision.emergency_organization is not None
    assert decision.emergency_organization.sha256 == picked.sha256


def test_a_commune_of_the_same_name_in_another_province_grounds_nothing(pki):
    # Wrong: the chairman of Hà Nội's old xã Lệ Chi (now xã Thuận An, Hà Nội) gets item 4 on
    # the certificate of xã Thuận An of Lâm Đồng (246 new communes share a name): the chain's
    # "UBND xã Thuận An" is matched against the bare CN. Right: a certificate whose O/L puts
    # it in another province is another organization and allows nothing.
    chairman = pki.issue(
        person_name("Nguyễn Văn An", title="Chủ tịch", ous=[], o="UBND xã Lệ Chi",
                    locality="Hà Nội")
    )
    assert check_subject(chairman.cert.subject).proposed.get("O") == "UBND xã Thuận An"
    other = pki.issue(
        organization_name("UBND xã Thuận An", o="UBND tỉnh Lâm Đồng", locality="Lâm Đồng")
    )
    assert check_subject(other.cert.subject).status == "current"
    orgs = token_organizations([snapshot(_entry(other, "org"))])
    reform = check_subject(chairman.cert.subject).to_json()
    assert fallback_choices(chairman.cert, reform, orgs) == []
    decision = _decide(chairman, orgs)
    assert decision.emergency_organization is None and not decision.allowed


def test_the_new_communes_own_certificate_grounds_item_4_for_its_chairman(pki):
    # Wrong: the chairman of old xã Lệ Chi (huyện Gia Lâm, now xã Thuận An, Hà Nội) is
    # offered nothing for "CN=UBND xã Thuận An, O=UBND xã Thuận An, L=Hà Nội" — the commune's
    # own new-model certificate, written as the UBND tỉnh's is — because its L is ignored
    # and a bare commune name counts only with a parent. Right: it is his organization's.
    chairman = pki.issue(
        person_name("Nguyễn Văn An", title="Chủ tịch", ous=["UBND xã Lệ Chi"],
                    o="UBND huyện Gia Lâm", locality="Hà Nội")
    )
    reform = check_subject(chairman.cert.subject).to_json()
    assert reform["proposed"].get("OU") == "UBND xã Thuận An"
    own = pki.issue(
        organization_name("UBND xã Thuận An", o="UBND xã Thuận An", locality="Hà Nội")
    )
    assert check_subject(own.cert.subject).status == "current"
    orgs = token_organizations([snapshot(_entry(own, "org"))])
    assert [c.organization.sha256 for c in fallback_choices(chairman.cert, reform, orgs)] == [
        orgs[0].sha256
    ]
    decision = _decide(chairman, orgs)
    assert decision.allowed and decision.emergency


def test_an_abolished_units_leader_naming_an_organization_is_not_told_to_pick_another(
    pki, ubnd
):
    # Wrong: a leader of abolished huyện Vũ Thư who names "Sở Y tế tỉnh Hưng Yên" is first
    # told to "pick (or name with --organization) your own organization", which no pick can
    # satisfy (his unit gets no fallback at all). Right: the refusal says his unit was
    # abolished and nothing about picking another organization.
    chairman = pki.issue(
        person_name("Trần Văn Bình", title="Chủ tịch", ous=["UBND huyện Vũ Thư"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))])
    decision = _decide(chairman, orgs, named="Sở Y tế tỉnh Hưng Yên")
    assert not decision.allowed
    assert [r.code for r in decision.refusals] == ["person_unit_abolished"]
    assert "--organization" not in decision.message("vi") + decision.message("en")


def test_the_director_of_a_so_under_ban_giam_doc_finds_the_sos_certificate(pki):
    # Wrong: "OU=Ban Giám đốc, OU=Sở Y tế, O=UBND tỉnh Thái Bình" (the Sở's director, its
    # real leader) is offered nothing for "CN=Sở Y tế tỉnh Hưng Yên" on the token, while
    # the same subject without "Ban Giám đốc" is: only the lowest OU gets the new province.
    # Right: every unit of the chain is tried under the new province, so the Sở is found.
    director = pki.issue(
        person_name("Lê Văn Cường", title="Giám đốc", ous=["Ban Giám đốc", "Sở Y tế"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    so = pki.issue(
        organization_name("Sở Y tế tỉnh Hưng Yên", o="Sở Y tế tỉnh Hưng Yên",
                          locality="Hưng Yên")
    )
    orgs = token_organizations([snapshot(_entry(so, "org"))])
    reform = check_subject(director.cert.subject).to_json()
    choices = fallback_choices(director.cert, reform, orgs)
    assert [c.organization.shown_name for c in choices] == ["Sở Y tế tỉnh Hưng Yên"]
    decision = _decide(director, orgs)
    assert decision.allowed and decision.emergency


def test_a_token_whose_device_the_inventory_lists_for_return_grounds_nothing(
    office_leader, ubnd, tmp_path
):
    # Wrong: the inventory lists the UBND certificate's device for return (mục 6: no longer
    # needed), which drops only the inventory's entry; the same certificate on the inserted
    # token still grounds item 4. Right: as the docstrings promise (counts_for_item4, "its
    # device not listed for return"), a device listed for return grounds nothing anywhere.
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(UBND, parent_id=groups[0], staff=30)
        added = inv.add_certificate(
            ubnd.cert, unit_id=unit, reform=check_subject(ubnd.cert.subject).to_json(),
            trust=GOOD_TRUST,
        )
        inv.mark_to_return(added.record.id, reason="không còn nhu cầu sử dụng")
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))]) + inventory_organizations(db)
    decision = _decide(office_leader, orgs)
    assert decision.emergency_organization is None and not decision.allowed


def test_hdnd_written_out_is_the_same_organization_as_its_abbreviation(pki):
    # Wrong: the chairman of HĐND tỉnh Thái Bình (proposed O = "HĐND tỉnh Hưng Yên") finds
    # nothing in "CN=Hội đồng nhân dân tỉnh Hưng Yên" on the token: fold_name writes out
    # "UBND" but not "HĐND". Right: HĐND and Hội đồng nhân dân name the same body.
    chairman = pki.issue(
        person_name("Phạm Văn Dũng", title="Chủ tịch", ous=[], o="HĐND tỉnh Thái Bình",
                    locality="Thái Bình")
    )
    written_out = "Hội đồng nhân dân tỉnh Hưng Yên"
    council = pki.issue(organization_name(written_out, o=written_out, locality="Hưng Yên"))
    assert check_subject(council.cert.subject).status == "current"
    orgs = token_organizations([snapshot(_entry(council, "org"))])
    decision = _decide(chairman, orgs)
    assert decision.allowed and decision.emergency


def test_organization_named_with_the_usual_khcn_abbreviation_is_accepted(pki):
    # Wrong: --organization "Sở KHCN tỉnh Hưng Yên" (as Công văn 393 itself writes it) is
    # refused for the Sở Khoa học và Công nghệ's leader although that Sở's certificate is
    # on the token: only "KH&CN" is read. Right: "KHCN" names the same Sở.
    leader = pki.issue(
        person_name("Vũ Văn Hải", title="Giám đốc", ous=["Sở Khoa học và Công nghệ"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    own = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    so = pki.issue(organization_name(own, o=own, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(so, "org"))])
    assert _decide(leader, orgs, named=own).allowed
    decision = _decide(leader, orgs, named="Sở KHCN tỉnh Hưng Yên")
    assert decision.allowed and decision.emergency


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        ("CN=Văn phòng Tỉnh ủy,O=Tỉnh ủy Hưng Yên,L=Hưng Yên,C=VN",
         "Văn phòng Tỉnh ủy Hưng Yên"),
        ("CN=Văn phòng Sở Y tế,O=Sở Y tế tỉnh Hưng Yên,L=Hưng Yên,C=VN",
         "Văn phòng Sở Y tế tỉnh Hưng Yên"),
    ],
)
def test_shown_name_does_not_repeat_the_body(subject, shown):
    # Wrong: the name shown in the dialog, the CLI and the audit log repeats the body
    # ("Văn phòng Tỉnh ủy Tỉnh ủy Hưng Yên", "Văn phòng Sở Y tế Sở Y tế tỉnh Hưng Yên"): the O is
    # appended whole when the CN already names the body without its place. Right: the
    # body once, with its place.
    from cryptography import x509

    from kyso.core.signing.choice import organization_full_name
    from kyso.core.signing.policy import OrganizationCert

    name = x509.Name.from_rfc4514_string(subject)
    cn = str(name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value)
    org = OrganizationCert(cn, full_name=organization_full_name(name))
    assert org.shown_name == shown


def test_another_provinces_office_of_the_same_kind_of_so_grounds_nothing(pki):
    # Wrong: the Chánh Văn phòng of Thái Bình's Sở Y tế ("OU=Văn phòng, OU=Sở Y tế, O=UBND
    # tỉnh Thái Bình", now Hưng Yên) is offered Nghệ An's "CN=Văn phòng Sở Y tế, O=Sở Y tế
    # tỉnh Nghệ An": the chain's "Văn phòng Sở Y tế" counts as a whole name and is matched
    # against the bare CN. Right: every province's Sở Y tế has a Văn phòng; another
    # province's is not his organization.
    leader = pki.issue(
        person_name("Bùi Văn Hòa", title="Chánh Văn phòng", ous=["Văn phòng", "Sở Y tế"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    other = pki.issue(
        organization_name("Văn phòng Sở Y tế", o="Sở Y tế tỉnh Nghệ An", locality="Nghệ An")
    )
    assert check_subject(other.cert.subject).status == "current"
    orgs = token_organizations([snapshot(_entry(other, "org"))])
    reform = check_subject(leader.cert.subject).to_json()
    assert fallback_choices(leader.cert, reform, orgs) == []
    assert not _decide(leader, orgs).allowed


def test_a_token_certificate_the_inventory_found_revoked_grounds_nothing(
    office_leader, ubnd, tmp_path
):
    # Wrong: the inventory's last trust check found the UBND's certificate revoked (its
    # record is dropped), but the same certificate on the inserted token, with no cached
    # check of its own, still grounds item 4. Right: what Kyso knows of one certificate
    # (revoked) applies wherever it is held.
    db = _inventory(tmp_path, ubnd, trust=REVOKED_TRUST)
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))]) + inventory_organizations(db)
    decision = _decide(office_leader, orgs)
    assert decision.emergency_organization is None and not decision.allowed
