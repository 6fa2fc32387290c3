"""Item 4 through the web bridge decides as the Sign page does (issue 15 item 4), with what
the main window already knows: its cached trust checks and its remote signing accounts.

Without them, an organization certificate the GUI's trust check had found revoked still
grounded the bridge's emergency fallback, and one held only in a remote account did not —
while the Sign page, on the same inputs, decided the opposite both times. Each test runs
both faces on the same token, the same cached checks and the same remote credentials.

A real SoftHSM2 token holds the outdated leader (OU=Sở Khoa học và Công nghệ, O=UBND tỉnh
Thái Bình) and "UBND tỉnh Hưng Yên"'s new-model certificate, revoked at the test CA (its CRL
served on 127.0.0.1): the window's trust check finds it revoked. The remote account (the
CSC double on 127.0.0.1, logged in as the GUI logs in) holds "Sở Khoa học và Công nghệ tỉnh
Hưng Yên"'s certificate. A second token holds the leader and two certificates of "UBND tỉnh
Hưng Yên" (the same name, two SHA-256): the consent window tells them apart and the one
picked is the one signed for and audited.
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
from PySide6.QtCore import Qt

from kyso.core.checkup.token_checks import check_snapshot
from kyso.core.demo.pki import organization_name
from kyso.core.remote.accounts import Account, SecretStore
from kyso.core.settings import Paths, Settings, load_settings
from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import Level
from kyso.core.tokens.slots import list_tokens
from kyso.core.tokens.softhsm import CertObject, KeyObject, SoftHSMStore
from kyso.core.trust.anchors import TrustAnchors
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from kyso.ui.bridge.consent import ConsentDialog
from kyso.ui.pin_dialog import GuiPinPrompter
from kyso.ui.remote.accounts import log_in
from kyso.ui.sign.context import SigningContext
from kyso.ui.sign.page import SignPage
from tests.support.output_checks import check_signed_output
from tests.support.remote_services import RemoteCredential, RemoteServices
from tests.support.signing_fixtures import PIN, SO_PIN, make_pdf, sign_world, sign_world_base
from tests.ui.bridge.test_bridge_signing import _ask, _assessed, _pick, bridge_world

__all__ = ["sign_world", "sign_world_base"]

UBND = "UBND tỉnh Hưng Yên"
SO_OWN = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
REASON = "Ký lệnh phòng chống bão khẩn"


def _token(world, tmp_path_factory, items) -> tuple[str, str]:
    """A token in the world's SoftHSM2 store holding ``items`` ((label, issued) pairs, each
    with its key) and the test CA certificates; (serial, label)."""
    label = f"KYSO TEST KNOWN {uuid.uuid4().hex[:6]}"
    staging = SoftHSMStore(tmp_path_factory.mktemp("known-staging")).ensure()
    staging.init_token(label, so_pin=SO_PIN, user_pin=PIN)
    keys, objs = [], []
    for i, (name, issued) in enumerate(items, start=1):
        key_id = bytes([0x40 + i])
        keys.append(KeyObject(issued.key_pkcs8_der(), key_id, name))
        objs.append(CertObject(issued.der, key_id, name, issued.cert.subject.public_bytes()))
    pki = world.certs.pki
    for name, ca in (("root", pki.root), ("sub-ca", pki.sub_ca)):
        objs.append(CertObject(ca.der, b"", name, ca.cert.subject.public_bytes()))
    serial = staging.provision(label, user_pin=PIN, keys=keys, certs=objs)
    staging.move_token_to(serial, world.store)
    assert world.module.run(world.module.reinitialize_if_idle) or (
        world.module.sessions_in_use == 0
    )
    assert serial in {s.info.serial for s in list_tokens(world.module, rescan=False)}
    return serial, label


def _delete(world, label: str) -> None:
    try:
        world.store.delete_token(label)
    except subprocess.CalledProcessError:
        pass


@pytest.fixture(scope="module")
def revoked_org(sign_world_base, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(token serial, SHA-256 of the revoked UBND certificate on it)."""
    certs = sign_world_base.certs
    ubnd = certs.pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên", uid="MST:0900000002"),
        not_before=certs.pki.now - dt.timedelta(days=10), days=5 * 365,
    )
    certs.pki.revoke(ubnd)  # the CRL server makes its CRL fresh for every request
    serial, label = _token(sign_world_base, tmp_path_factory,
                           [("leader-province", certs.leader_province),
                            ("organization-ubnd", ubnd)])
    try:
        yield serial, ubnd.cert.fingerprint(_sha256()).hex()
    finally:
        _delete(sign_world_base, label)


@pytest.fixture(scope="module")
def same_name(sign_world_base, tmp_path_factory) -> Iterator[tuple[str, list[str]]]:
    """(token serial, the SHA-256 of the two "UBND tỉnh Hưng Yên" certificates on it): the
    old one, valid for a year more, and the new one."""
    certs = sign_world_base.certs
    subject = organization_name(UBND, o=UBND, locality="Hưng Yên", uid="MST:0900000002")
    old = certs.pki.issue(subject, not_before=certs.pki.now - dt.timedelta(days=700),
                          days=700 + 365)
    new = certs.pki.issue(subject, not_before=certs.pki.now - dt.timedelta(days=3),
                          days=5 * 365)
    serial, label = _token(sign_world_base, tmp_path_factory,
                           [("leader-province", certs.leader_province),
                            ("ubnd-old", old), ("ubnd-new", new)])
    try:
        yield serial, [i.cert.fingerprint(_sha256()).hex() for i in (old, new)]
    finally:
        _delete(sign_world_base, label)


def _sha256():
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def _window_checks(world, serial: str, tmp_path: Path) -> dict[str, object]:
    """The main window's cache: every user certificate of the token checked as the window
    checks it (trust with revocation, two-tier), by SHA-256."""
    loaded = load_settings(Paths.under(tmp_path / "gui-home"))
    loaded.values = Settings(tsa_url=world.tsa.url, revocation_timeout_s=2.0)
    checker = TrustChecker(loaded.values, TrustAnchors(roots=(world.certs.pki.root.cert,)),
                           RevocationCache(tmp_path / "gui-revocation"))
    snaps = [s for s in list_tokens(world.module, rescan=False) if s.info.serial == serial]
    return {row.check.sha256: row.check for snap in snaps for row in check_snapshot(snap, checker)}


class Prompter:
    """The account's password, as the GUI's login dialog would give it."""

    def __init__(self, password: str) -> None:
        self.password = password

    def ask_secret(self, kind, prompt_vi, prompt_en):
        return self.password

    def waiting_for_approval(self, documents, deadline_s, *, part=None):
        pass

    def approval_finished(self):
        pass


@pytest.fixture
def remote_org(sign_world_base, memory_keyring) -> Iterator[list]:
    """The remote account's credentials as the window lists them after logging in
    (:class:`kyso.ui.remote.accounts.RemoteCredentialState`): the organization certificate
    of "Sở Khoa học và Công nghệ tỉnh Hưng Yên", nowhere else."""
    certs = sign_world_base.certs
    SecretStore._memory.clear()
    svc = RemoteServices([RemoteCredential("org", certs.organization, [certs.pki.sub_ca])])
    try:
        state = log_in(Account("bcy", "csc", svc.csc_url, user=svc.user),
                       Prompter(svc.password), 10)
        assert [c.credential.id for c in state.credentials] == ["org"]
        yield list(state.credentials)
    finally:
        svc.close()
        SecretStore._memory.clear()


# -- the Sign page, on the same inputs -------------------------------------------------------


def _sign_page(qtbot, world, serial: str, tmp_path: Path, checks: dict, remote: list) -> SignPage:
    loaded = load_settings(Paths.under(tmp_path / "home"))  # the bridge's settings folder
    loaded.values = Settings(tsa_url=world.tsa.url, revocation_timeout_s=2.0)
    checker = TrustChecker(loaded.values, TrustAnchors(roots=(world.certs.pki.root.cert,)),
                           RevocationCache(tmp_path / "page-revocation"))
    context = SigningContext(
        snapshots=lambda: [s for s in list_tokens(world.module, rescan=False)
                           if s.info.serial == serial],
        module_for=lambda path: world.module if path == world.module.path else None,
        checks=lambda: checks,
        settings=lambda: loaded,
        prompter=None,  # type: ignore[arg-type]  # set below (needs a parent widget)
        checker=lambda: checker,
        remote=lambda: remote,
    )
    page = SignPage(context, language="vi")
    qtbot.addWidget(page)
    context.prompter = GuiPinPrompter(page, "vi")
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    page.add_paths([make_pdf(tmp_path / "trang-ky.pdf")])
    assert page.select_certificate(
        lambda c: c.snapshot is not None and c.entry.label == "leader-province")
    page.set_profile(Profile.APPROVAL)
    page.set_level(Level.B_B)
    return page


def _page_refusal(qtbot, page: SignPage) -> list[str]:
    """Sign on the page; it refuses: the refusal's lines (no emergency dialog, no PIN)."""
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] is None
    assert page.emergency_dialog is None
    assert page.message_box is not None
    lines = page.message_box.text().split("\n")[1:]
    page.message_box.close()
    return lines


def _page_emergency(qtbot, page: SignPage):
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.emergency_dialog is not None
                    and page.emergency_dialog.isVisible(), timeout=60000)
    return page.emergency_dialog


# -- the bridge ------------------------------------------------------------------------------


def _consent(qtbot, server, certs, web, app, leader: str):
    box = _ask(server, certs, web, "SignApproved")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    dialog = app.last_dialog
    dialog.fit_screen(1366, 768)
    _pick(dialog, leader)
    _assessed(qtbot, dialog)
    return dialog, box


def _reassess(qtbot, dialog: ConsentDialog, leader: str) -> None:
    """Choose another certificate and the leader's again: the window asks the policy anew."""
    other = next(i for i in range(dialog.certificates.count())
                 if leader not in dialog.certificates.itemText(i))
    dialog.certificates.setCurrentIndex(other)
    _assessed(qtbot, dialog)
    _pick(dialog, leader)
    _assessed(qtbot, dialog)


def _audit(tmp_path: Path) -> list[dict]:
    return [json.loads(line) for line in
            (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]


def test_an_organization_certificate_the_window_found_revoked_grounds_nothing(
        qtbot, sign_world, revoked_org, tmp_path) -> None:
    serial, ubnd_sha = revoked_org
    checks = _window_checks(sign_world, serial, tmp_path)
    assert checks[ubnd_sha].trust.to_json()["status"] == "failed"  # the window's check says so
    leader = sign_world.entries["leader-province"].details.common_name
    seen: dict = {}  # what the window knows; nothing checked yet
    server, certs, web, app = bridge_world(qtbot, sign_world, tmp_path, serial, "vi",
                                           checks=seen)
    try:
        dialog, box = _consent(qtbot, server, certs, web, app, leader)
        # before the window's check: the token's certificate looks usable, as it does to
        # the Sign page with an empty cache (nothing is fetched for it when deciding)
        assert dialog.emergency()
        # the window's check comes in while the consent window is open: read when deciding
        seen.update(checks)
        _reassess(qtbot, dialog, leader)
        assert not dialog.emergency() and not dialog.emergency_group.isVisible()
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
        answer = box["answer"]
        assert answer["Status"] == 1 and answer["Code"] == "bridge_policy_refused", answer
        assert web.uploads == [] and not (tmp_path / "audit.jsonl").exists()
    finally:
        server.stop()
        web.close()
    # The Sign page, on the same token with the same cache, refuses in the same words.
    page = _sign_page(qtbot, sign_world, serial, tmp_path, checks, [])
    lines = _page_refusal(qtbot, page)
    assert lines and " ".join(lines) == answer["Message"]


def test_an_organization_certificate_in_a_remote_account_grounds_the_fallback(
        qtbot, sign_world, revoked_org, remote_org, tmp_path) -> None:
    serial, ubnd_sha = revoked_org
    checks = _window_checks(sign_world, serial, tmp_path)
    org_sha = sign_world.entries["organization"].details.sha256.lower()
    leader = sign_world.entries["leader-province"].details.common_name
    # The Sign page first: its emergency dialog rests on the remote account's certificate.
    page = _sign_page(qtbot, sign_world, serial, tmp_path, checks, remote_org)
    page_dialog = _page_emergency(qtbot, page)
    page_choices = [(c.organization.shown_name, c.organization.sha256.lower(),
                     c.organization.source) for c in page_dialog.choices]
    assert page_choices == [(SO_OWN, org_sha, "remote")]
    page_dialog.reject()
    server, certs, web, app = bridge_world(qtbot, sign_world, tmp_path, serial, "vi",
                                           checks=checks, remote=remote_org)
    try:
        dialog, box = _consent(qtbot, server, certs, web, app, leader)
        assert dialog.emergency() and dialog.emergency_group.isVisible()
        combo = dialog.organization_combo  # one choice: named, nothing to pick
        assert not combo.isVisible() and dialog.organization_reason.isVisible()
        bridge_choices = [(c.organization.shown_name, c.organization.sha256.lower(),
                           c.organization.source)
                          for c in (combo.itemData(i) for i in range(combo.count()))]
        assert bridge_choices == page_choices
        assert SO_OWN in dialog.emergency_intro.text()
        assert "trong tài khoản ký số từ xa" in dialog.organization_reason.text()
        dialog.reason_edit.setText(REASON)
        qtbot.waitUntil(dialog.preview.has_image, timeout=20000)
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
        assert box["answer"]["Status"] == 0, box["answer"]
        entries = _audit(tmp_path)
        assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"]
        data = entries[-1]["data"]
        assert data["new_model_organization"] == SO_OWN
        assert data["new_model_organization_source"] == "remote"
        assert data["new_model_organization_sha256"] == org_sha
        out = web.save_upload(0, tmp_path / "khan.pdf")
        check_signed_output(out, sign_world.certs.pki.root.der, tmp_path / "checks",
                            signatures=1)
    finally:
        server.stop()
        web.close()


def test_two_certificates_of_one_organization_are_told_apart_and_the_pick_is_signed(
        qtbot, sign_world, same_name, tmp_path, english) -> None:
    serial, shas = same_name
    leader = sign_world.entries["leader-province"].details.common_name
    checks = _window_checks(sign_world, serial, tmp_path)
    assert all(checks[s].trust.to_json()["status"] == "ok" for s in shas)
    server, certs, web, app = bridge_world(qtbot, sign_world, tmp_path, serial, "en",
                                           checks=checks)
    try:
        dialog, box = _consent(qtbot, server, certs, web, app, leader)
        assert dialog.emergency()
        combo = dialog.organization_combo
        assert combo.isVisible() and combo.count() == 2
        labels = [combo.itemText(i) for i in range(combo.count())]
        picked = [combo.itemData(i).organization.sha256.lower() for i in range(2)]
        assert sorted(picked) == sorted(shas)
        # both named by the organization, each told apart by its certificate
        assert all(label.startswith(f"{UBND} (on an inserted token) — SHA-256 ")
                   for label in labels), labels
        assert labels[0] != labels[1]
        for label, sha in zip(labels, picked, strict=True):
            assert f"SHA-256 {sha[:8]}" in label and "valid until " in label, label
        combo.setCurrentIndex(1)
        assert dialog.answer().emergency_organization.sha256.lower() == picked[1]
        dialog.reason_edit.setText(REASON)
        qtbot.waitUntil(dialog.preview.has_image, timeout=20000)
        # the longer lines still fit a 1366×768 laptop
        assert dialog.width() <= 1366 and dialog.height() <= 768
        shots = Path(os.environ.get("KYSO_SHOTS_DIR", tmp_path / "shots"))
        shots.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(shots / "bridge-item4-same-name-1366x768.png"))
        dialog.sign_button.click()
        qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
        assert box["answer"]["Status"] == 0, box["answer"]
        entries = _audit(tmp_path)
        assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"]
        data = entries[-1]["data"]
        assert data["new_model_organization"] == UBND
        assert data["new_model_organization_sha256"] == picked[1] != picked[0]
        out = web.save_upload(0, tmp_path / "khan.pdf")
        assert "Signature is Valid" in subprocess.run(
            ["pdfsig", str(out)], capture_output=True, text=True).stdout
        # and by the validators Kyso does not use: pyHanko with its diff analysis, openssl
        # cms on the extracted CMS, endesive
        check_signed_output(out, sign_world.certs.pki.root.der, tmp_path / "checks",
                            signatures=1)
    finally:
        server.stop()
        web.close()
