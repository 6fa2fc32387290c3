"""The Sign page's item-4 dialog: picking the second of two certificates of one organization
(a token's and a remote account's, the same shown name) hands back that certificate, and the
decision records it (not the token's, which shares the name)."""

from __future__ import annotations

import os
from pathlib import Path

from kyso.core.certs.details import details_of
from kyso.core.demo.pki import organization_name
from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    remote_organizations,
    token_organizations,
)
from tests.support.item4 import GOOD_TRUST, snapshot, thai_binh_leader
from tests.support.item4 import entry as _entry

UBND = "UBND tỉnh Hưng Yên"


def test_the_dialogs_pick_of_the_remote_certificate_is_the_one_decided(qtbot, test_pki):
    from kyso.ui.sign.emergency import EmergencyDialog

    pki = test_pki.pki
    leader = pki.issue(
        thai_binh_leader()
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


def test_two_certificates_of_one_organization_on_tokens_are_told_apart(qtbot, test_pki):
    """Two "UBND tỉnh Hưng Yên" certificates on inserted tokens (the old one not yet
    returned and the new one): the dialog's lines differ by the SHA-256 prefix
    ``kyso sign --organization`` accepts back, and a default naming one certificate (a
    ShownName) selects that one, not the first of the name."""
    from kyso.core.signing.policy import ShownName
    from kyso.ui.sign.emergency import EmergencyDialog

    pki = test_pki.pki
    leader = pki.issue(
        thai_binh_leader()
    )
    first = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    second = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations(
        [snapshot(_entry(first, "org1")), snapshot(_entry(second, "org2"))]
    )
    reform = check_subject(leader.cert.subject).to_json()
    choices = fallback_choices(leader.cert, reform, orgs)
    assert len(choices) == 2
    wanted = choices[1].organization.sha256
    dialog = EmergencyDialog("vi", ShownName(UBND, wanted), choices=choices)
    qtbot.addWidget(dialog)
    combo = dialog.organization_combo
    assert combo is not None and combo.count() == 2
    lines = [combo.itemText(i) for i in range(2)]
    assert lines[0] != lines[1]
    for line, choice in zip(lines, choices, strict=True):
        digest = choice.organization.sha256.lower().replace(":", "")
        assert f"SHA-256 {digest[:8]}" in line
    assert combo.currentIndex() == 1
    assert dialog.organization().sha256 == wanted  # type: ignore[union-attr]
    shots = os.environ.get("KYSO_SHOTS_DIR")
    if shots:  # looked at by hand: each line as the dialog shows it
        for i in range(combo.count()):
            combo.setCurrentIndex(i)
            dialog.grab().save(str(Path(shots) / f"item4-same-name-dialog-{i + 1}.png"))
