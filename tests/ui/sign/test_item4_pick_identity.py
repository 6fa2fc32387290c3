"""The Sign page's item-4 dialog: picking the second of two certificates of one organization
(a token's and a remote account's, the same shown name) hands back that certificate, and the
decision records it (not the token's, which shares the name)."""

from __future__ import annotations

from kyso.core.certs.details import details_of
from kyso.core.demo.pki import organization_name, person_name
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    remote_organizations,
    token_organizations,
)
from tests.support.item4 import GOOD_TRUST, snapshot
from tests.support.item4 import entry as _entry

UBND = "UBND tỉnh Hưng Yên"


def test_the_dialogs_pick_of_the_remote_certificate_is_the_one_decided(qtbot, test_pki):
    from kyso.ui.sign.emergency import EmergencyDialog

    pki = test_pki.pki
    leader = pki.issue(
        person_name("Hoàng Văn Em", title="Chánh Văn phòng", ous=["Văn phòng"],
                    o="UBND tỉnh Thái Bình", locality="Thái Bình")
    )
    on_token = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    remote = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(on_token, "org"))]) + remote_organizations(
        [remote.cert]
    )
    reform = check_subject(leader.cert.subject).to_json()
    choices = fallback_choices(leader.cert, reform, orgs)
    dialog = EmergencyDialog("vi", UBND, choices=choices)
    qtbot.addWidget(dialog)
    assert dialog.organization_combo is not None and dialog.organization_combo.count() == 2
    dialog.organization_combo.setCurrentIndex(1)
    picked = dialog.organization()
    assert picked == UBND
    entry = _entry(leader, "leader")
    decision, _kind, shown = decide(
        snapshot(entry), entry, "approval", trust=GOOD_TRUST, reform=reform,
        organizations=orgs, emergency_reason="Ký lệnh phòng chống bão khẩn",
        allow_outdated_org_cert=False, organization_name=picked,
    )
    assert decision.allowed and decision.emergency_organization is not None
    assert decision.emergency_organization.source == "remote"
    assert decision.emergency_organization.sha256 == details_of(remote.cert).sha256
    assert shown == UBND
