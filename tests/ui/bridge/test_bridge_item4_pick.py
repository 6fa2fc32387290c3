"""Item 4 in the web bridge's consent window with several organization certificates (issue
15 item 4: "the GUI shows which organization certificate allows the fallback and lets the
user pick when several could"): the same choices as the Sign page's emergency dialog, the
best match by default with its reason, and the pick reaches the decision, the signature and
the audit entry.

A real SoftHSM2 token (tests.ui.sign.test_item4_choice) holds the outdated leader (OU=Sở
Khoa học và Công nghệ, O=UBND tỉnh Thái Bình) and two new-model organization certificates:
the Sở of Hưng Yên (the leader's own unit, best match) and UBND tỉnh Hưng Yên above it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from kyso.ui.bridge.consent import ConsentDialog
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import sign_world, sign_world_base
from tests.ui.bridge.test_bridge_signing import _ask, _assessed, _pick, bridge_world
from tests.ui.sign.test_item4_choice import SO_OWN, UBND, two_orgs_serial

__all__ = ["sign_world", "sign_world_base", "two_orgs_serial"]

REASON = "Ký lệnh phòng chống bão khẩn"


@pytest.fixture
def two_orgs(qtbot, sign_world, two_orgs_serial, tmp_path, english):
    server, certs, web, app = bridge_world(qtbot, sign_world, tmp_path, two_orgs_serial, "en")
    yield server, certs, web, app
    server.stop()
    web.close()


@pytest.fixture
def one_org(qtbot, sign_world, tmp_path):
    server, certs, web, app = bridge_world(qtbot, sign_world, tmp_path, sign_world.pin_serial, "vi")
    yield server, certs, web, app
    server.stop()
    web.close()


def _emergency_window(qtbot, server, certs, web, app, leader: str) -> tuple[ConsentDialog, dict]:
    box = _ask(server, certs, web, "SignApproved")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    dialog = app.last_dialog
    dialog.fit_screen(1366, 768)
    _pick(dialog, leader)
    _assessed(qtbot, dialog)
    assert dialog.emergency() and dialog.emergency_group.isVisible()
    return dialog, box


def test_several_organizations_are_offered_best_first_and_the_pick_is_signed_and_audited(
        qtbot, two_orgs, tmp_path, sign_world) -> None:
    server, certs, web, app = two_orgs
    leader = sign_world.entries["leader-province"].details.common_name
    dialog, box = _emergency_window(qtbot, server, certs, web, app, leader)
    combo = dialog.organization_combo
    assert combo.isVisible() and dialog.organization_pick.isVisible()
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert len(labels) == 2, labels
    # the leader's own unit is the default, said to be the best match, with its reason
    assert labels[0].startswith(SO_OWN) and labels[0].endswith("best match"), labels
    assert "on an inserted token" in labels[0]
    assert labels[1].startswith(UBND), labels
    assert combo.currentIndex() == 0
    assert SO_OWN in dialog.emergency_intro.text()
    assert dialog.organization_reason.text().startswith(f"Allowed by: “{SO_OWN}”")
    # the other one: the window says it, and the answer carries it
    combo.setCurrentIndex(1)
    assert UBND in dialog.emergency_intro.text()
    assert dialog.organization_reason.text().startswith(f"Allowed by: “{UBND}”")
    assert "a unit of the signer's chain" in dialog.organization_reason.text()
    dialog.reason_edit.setText(REASON)
    assert dialog.sign_button.isEnabled()
    qtbot.waitUntil(dialog.preview.has_image, timeout=20000)
    shots = Path(os.environ.get("KYSO_SHOTS_DIR", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(shots / "bridge-item4-pick-1366x768.png"))
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 0, box["answer"]
    entries = [json.loads(line) for line in
               (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"]
    assert entries[-1]["data"]["new_model_organization"] == UBND
    assert entries[-1]["data"]["new_model_organization_source"] == "token"
    out = web.save_upload(0, tmp_path / "khan.pdf")
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout
    # and by the validators Kyso does not use: pyHanko with its diff analysis, openssl cms
    # on the extracted CMS, endesive
    check_signed_output(out, sign_world.certs.pki.root.der, tmp_path / "checks", signatures=1)


def test_the_default_pick_is_the_best_match(qtbot, two_orgs, tmp_path, sign_world) -> None:
    server, certs, web, app = two_orgs
    leader = sign_world.entries["leader-province"].details.common_name
    dialog, box = _emergency_window(qtbot, server, certs, web, app, leader)
    dialog.reason_edit.setText(REASON)
    assert dialog.answer().emergency_organization == SO_OWN
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 0, box["answer"]
    entries = [json.loads(line) for line in
               (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert entries[-1]["data"]["new_model_organization"] == SO_OWN


def test_one_organization_is_named_with_its_reason_and_nothing_to_pick(
        qtbot, one_org, sign_world) -> None:
    server, certs, web, app = one_org
    leader = sign_world.entries["leader-province"].details.common_name
    dialog, box = _emergency_window(qtbot, server, certs, web, app, leader)
    org = sign_world.entries["organization"].details.common_name
    assert not dialog.organization_combo.isVisible()
    assert not dialog.organization_pick.isVisible()
    assert dialog.organization_reason.isVisible()
    # Vietnamese: the window's language is the main window's
    assert org in dialog.organization_reason.text()
    assert "trong token đang cắm" in dialog.organization_reason.text()
    dialog.reason_edit.setText(REASON)
    assert dialog.answer().emergency_organization is None  # the decision keeps its own
    dialog.reject()
    qtbot.waitUntil(lambda: "answer" in box, timeout=60000)
    assert box["answer"]["Status"] == 2 and web.uploads == []
