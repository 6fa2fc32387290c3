"""Item 4 with several organization certificates (issue 15): the Sign page says which one
allows the emergency fallback, the best match by default with the reason, and lets the
user pick; the pick reaches the decision, the signature and the audit entry as ``kyso
sign --organization`` does.

A real SoftHSM2 token holds the outdated leader (OU=Sở Khoa học và Công nghệ, O=UBND tỉnh
Thái Bình) and two organization certificates on the new model: "Sở Khoa học và Công nghệ
tỉnh Hưng Yên" (the leader's own unit, the best match) and "UBND tỉnh Hưng Yên" (the
province above it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter

from kyso.core.demo.pki import organization_name
from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import Level
from kyso.core.tokens.slots import list_tokens
from kyso.core.tokens.softhsm import CertObject, KeyObject, SoftHSMStore
from tests.support.signing_fixtures import PIN, SO_PIN, make_pdf, sign_world_base
from tests.ui.sign.test_sign_page import EMERGENCY, Harness, answer_pin, validate

__all__ = ["sign_world_base"]

SO_OWN = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
UBND = "UBND tỉnh Hưng Yên"


@pytest.fixture(scope="module")
def two_orgs_serial(sign_world_base, tmp_path_factory) -> Iterator[str]:
    """A token with the outdated leader and two new-model organization certificates."""
    world = sign_world_base
    certs = world.certs
    ubnd = certs.pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên", uid="MST:0900000002"),
        not_before=certs.pki.now - dt.timedelta(days=10),
        days=5 * 365,
    )
    label = f"KYSO TEST ITEM4 {uuid.uuid4().hex[:6]}"
    staging = SoftHSMStore(tmp_path_factory.mktemp("item4-staging")).ensure()
    staging.init_token(label, so_pin=SO_PIN, user_pin=PIN)
    keys, objs = [], []
    for i, (name, issued) in enumerate(
        [("leader-province", certs.leader_province), ("organization", certs.organization),
         ("organization-ubnd", ubnd)],
        start=1,
    ):
        key_id = bytes([0x20 + i])
        keys.append(KeyObject(issued.key_pkcs8_der(), key_id, name))
        objs.append(CertObject(issued.der, key_id, name, issued.cert.subject.public_bytes()))
    for name, ca in (("root", certs.pki.root), ("sub-ca", certs.pki.sub_ca)):
        objs.append(CertObject(ca.der, b"", name, ca.cert.subject.public_bytes()))
    serial = staging.provision(label, user_pin=PIN, keys=keys, certs=objs)
    staging.move_token_to(serial, world.store)
    try:
        assert world.module.run(world.module.reinitialize_if_idle) or (
            world.module.sessions_in_use == 0
        )
        assert serial in {s.info.serial for s in list_tokens(world.module, rescan=False)}
        yield serial
    finally:
        try:
            world.store.delete_token(label)
        except subprocess.CalledProcessError:
            pass


@pytest.fixture
def harness(sign_world_base, two_orgs_serial, tmp_path, english):
    return Harness(sign_world_base, tmp_path, two_orgs_serial)


def _open_emergency(qtbot, harness, tmp_path):
    src = make_pdf(tmp_path / "khẩn.pdf")
    page = harness.page(qtbot)
    page.add_paths([src])
    assert page.select_certificate(lambda c: c.entry.label == "leader-province")
    page.set_profile(Profile.APPROVAL)
    page.set_level(Level.B_B)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.emergency_dialog is not None and page.emergency_dialog.isVisible(),
        timeout=15000,
    )
    return page, page.emergency_dialog


def _screenshot(page, dialog, path: Path) -> None:
    """The page at 1366×768 with the dialog drawn where it stands (offscreen)."""
    page.resize(1366, 768)
    shot = page.grab()
    painter = QPainter(shot)
    at = page.mapFromGlobal(dialog.mapToGlobal(QPoint(0, 0)))
    if not page.rect().contains(at):
        at = QPoint((1366 - dialog.width()) // 2, (768 - dialog.height()) // 2)
    painter.drawPixmap(at, dialog.grab())
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert shot.save(str(path))


def test_best_match_by_default_with_its_reason(qtbot, harness, tmp_path) -> None:
    page, dialog = _open_emergency(qtbot, harness, tmp_path)
    combo = dialog.organization_combo
    assert combo is not None and combo.isVisible()
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == [
        f"{SO_OWN} (on an inserted token) — best match",
        f"{UBND} (on an inserted token)",
    ]
    assert combo.currentIndex() == 0
    reason = dialog.organization_reason.text()
    assert SO_OWN in reason and "closest unit to the signer" in reason
    assert f"“{SO_OWN}” already has a certificate" in dialog.intro.text()
    shots = Path(os.environ.get("KYSO_SHOTS_DIR", tmp_path / "shots"))
    _screenshot(page, dialog, shots / "item4-choice-1366x768.png")
    combo.setCurrentIndex(1)
    assert UBND in dialog.organization_reason.text()
    assert "closest" not in dialog.organization_reason.text()
    assert f"“{UBND}” already has a certificate" in dialog.intro.text()
    dialog.reject()
    qtbot.waitUntil(lambda: "not confirmed" in page.status_label.text(), timeout=5000)


@pytest.mark.parametrize(("index", "chosen"), [(0, SO_OWN), (1, UBND)])
def test_the_pick_reaches_the_signature_and_the_audit_entry(
    qtbot, harness, tmp_path, index, chosen
) -> None:
    page, dialog = _open_emergency(qtbot, harness, tmp_path)
    dialog.organization_combo.setCurrentIndex(index)
    dialog.reason_edit.setText("Ký lệnh phòng chống bão khẩn")
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        answer_pin(qtbot, page)
    report = blocker.args[0]
    assert [r.status for r in report.results] == ["signed"]
    status, _rect, reason = validate(harness.world, report.results[0].output)
    assert status.intact and status.valid
    assert reason.startswith(EMERGENCY + ": ")
    audit = harness.loaded.paths.data_dir / "audit.jsonl"
    entries = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    signed = [e for e in entries if e["event"] == "emergency_sign"]
    assert signed and signed[-1]["data"]["new_model_organization"] == chosen
    assert all(e["data"].get("new_model_organization") == chosen for e in entries)


def test_one_organization_is_named_with_its_reason_and_nothing_to_pick(
    qtbot, sign_world_base, tmp_path, english
) -> None:
    # the main test token: the leader and only the Sở's organization certificate
    harness = Harness(sign_world_base, tmp_path, sign_world_base.serial)
    page, dialog = _open_emergency(qtbot, harness, tmp_path)
    assert dialog.organization_combo is None
    assert dialog.organization() is None  # the decision keeps its own
    assert dialog.organization_reason.isVisible()
    assert SO_OWN in dialog.organization_reason.text()
    assert "closest unit to the signer" in dialog.organization_reason.text()
    dialog.reject()
    qtbot.waitUntil(lambda: "not confirmed" in page.status_label.text(), timeout=5000)
