"""Remote signing in the real main window (issue 17 item 3), under pytest-qt against the
HTTP doubles on 127.0.0.1: an account added in the "Remote signing account" dialog and
logged in (the session in the keyring, the password nowhere on disk), the account and its
certificate in the device tree with trust and two-tier badges, a PDF signed from the Sign
page with the approval on the (double's) phone — validated by pyHanko and poppler's pdfsig —
editing and removing the account, IT's presets, and adding an account's certificates to the
inventory with kind RSSP."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kyso.core.app.environment import Environment
from kyso.core.remote.accounts import KEYRING_SERVICE, AccountStore, SecretStore
from kyso.core.settings import Paths, Settings, load_settings
from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import Level
from kyso.ui.device_model import COL_STATUS, KIND_CERT, KIND_REMOTE_ACCOUNT, ROLE_REMOTE
from kyso.ui.main_window import MainWindow
from kyso.ui.remote.account_dialog import AccountDialog
from kyso.ui.remote.waiting import WaitingDialog
from tests.support.remote_services import RemoteCredential, RemoteServices
from tests.support.signing_fixtures import make_pdf, sign_world_base

__all__ = ["sign_world_base"]

SHOTS = Path(os.environ.get("KYSO_REMOTE_SHOTS", "")) if os.environ.get("KYSO_REMOTE_SHOTS") \
    else None


@pytest.fixture
def services(sign_world_base):
    certs = sign_world_base.certs
    svc = RemoteServices([
        RemoteCredential("org-1", certs.organization, [certs.pki.sub_ca], pin="1234"),
    ])
    yield svc
    svc.close()


@pytest.fixture
def window(qtbot, sign_world_base, services, tmp_path, memory_keyring, translations):
    SecretStore._memory.clear()
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world_base.certs.pki.root.pem)
    loaded = load_settings(Paths.under(tmp_path / "home"))
    loaded.values = Settings(anchors_path=str(anchors), tsa_url=sign_world_base.tsa.url,
                             revocation_timeout_s=2.0)
    env = Environment(loaded, modules=[])
    w = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15000):
        w.show()
    qtbot.waitUntil(lambda: w.checker is not None, timeout=15000)
    yield w
    w.shutdown()
    SecretStore._memory.clear()


def shot(w, name: str, size: tuple[int, int], qtbot=None) -> None:
    """Offscreen screenshots at the two common screen sizes (KYSO_REMOTE_SHOTS=folder); with
    ``qtbot``, after the Sign page's preview has drawn the page at the new size."""
    if qtbot is not None:
        with qtbot.waitSignal(w.sign_page.preview.rendered, timeout=10000, raising=False):
            w.resize(*size)
    w.resize(*size)
    w.grab()  # lays the window out at the new size
    image = w.grab().toImage()
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert image.save(str(SHOTS / f"{name}-{size[0]}x{size[1]}.png"))


def account_rows(w) -> dict[str, object]:
    group = w.model.remote_group()
    if group is None:
        return {}
    return {group.child(r, 0).data(Qt.ItemDataRole.UserRole + 2).account.name: group.child(r, 0)
            for r in range(group.rowCount())}


def account_status(w, name: str) -> str:
    """The status column of an account's row (the group is rebuilt on every listing)."""
    rows = account_rows(w)
    if name not in rows:
        return ""
    return w.model.remote_group().child(rows[name].row(), COL_STATUS).text()


def add_account_in_dialog(qtbot, w, name: str, provider: str, url: str, user: str,
                          password: str, *, oauth: bool = False) -> None:
    w.act_remote_accounts.trigger()
    dialog = w.account_dialog
    assert isinstance(dialog, AccountDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, name)
    combo = dialog.service_combo
    combo.setCurrentIndex(next(i for i in range(combo.count())
                               if combo.itemData(i) == ("provider", provider)))
    qtbot.keyClicks(dialog.url_edit, url)
    if dialog.auth_combo.isEnabled():
        dialog.auth_combo.setCurrentIndex(1 if oauth else 0)
    qtbot.keyClicks(dialog.user_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    # every field's label and the buttons fit: nothing is cut at its minimum size
    assert dialog.sizeHint().width() <= 800
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().toImage().save(str(SHOTS / f"account-{provider}.png"))
    with qtbot.waitSignal(dialog.saved, timeout=30000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def valid(world, path: Path) -> None:
    vc = ValidationContext(trust_roots=[ax509.Certificate.load(world.root_der)],
                           allow_fetching=False)
    with path.open("rb") as fh:
        status = validate_pdf_signature(PdfFileReader(fh).embedded_signatures[-1], vc)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in pdfsig, pdfsig


def test_add_account_see_it_in_the_tree_and_sign_with_phone_approval(
        qtbot, window, services, sign_world_base, tmp_path, isolated_home) -> None:
    w = window
    assert w.act_remote_accounts.isEnabled()
    assert w.act_remote_accounts.text() == "Tài khoản ký số từ xa…"
    add_account_in_dialog(qtbot, w, "vnpt-gd", "vnpt-smartca", services.vnpt_url,
                          services.user, services.password)
    # the session went to the keyring exactly as `kyso remote login` puts it
    assert SecretStore().in_keyring("vnpt-gd", "access_token")
    assert SecretStore().in_keyring("vnpt-gd", "refresh_token")
    stored = AccountStore(w.env.paths.config_dir).get("vnpt-gd")
    assert (stored.provider, stored.url, stored.user) == ("vnpt-smartca", services.vnpt_url,
                                                          services.user)
    for path in list(tmp_path.rglob("*")) + list(isolated_home.rglob("*")):
        if path.is_file():
            assert services.password.encode() not in path.read_bytes(), path

    # the tree: Ký số từ xa → account → the credential's certificate, with both badges
    qtbot.waitUntil(lambda: "vnpt-gd" in account_rows(w)
                    and account_rows(w)["vnpt-gd"].rowCount() == 1, timeout=20000)
    group = w.model.remote_group()
    assert group.text() == "Ký số từ xa"
    account_item = account_rows(w)["vnpt-gd"]
    assert account_item.text().startswith("vnpt-gd — VNPT SmartCA")
    status = group.child(account_item.row(), COL_STATUS)
    assert status.text() == "Đã đăng nhập"
    cert_item = account_item.child(0, 0)
    assert cert_item.data(ROLE_REMOTE) == ("vnpt-gd", "org-1")
    sha = cert_item.data(Qt.ItemDataRole.UserRole + 2).details.sha256
    qtbot.waitUntil(lambda: sha in w.model.checks, timeout=30000)
    account_item = account_rows(w)["vnpt-gd"]
    cert_item = account_item.child(0, 0)
    trust_text = account_item.child(0, 1).text()
    reform_text = account_item.child(0, 2).text()
    assert trust_text == w.model.trust_badge(w.model.checks[sha].trust.status)[0]
    assert trust_text.startswith("✔"), w.model.checks[sha].trust.reasons
    assert reform_text == w.model.reform_badge("current")[0]
    assert w.stack.currentIndex() == 1  # the tree, not the "no token" empty state
    # selecting it fills the details panel as a token's certificate does
    w.tree.setCurrentIndex(cert_item.index())
    assert any("Hưng Yên" in v for _, v in w.details.rows())
    assert w.act_add_inventory.isEnabled() and w.act_login.isEnabled()
    w.tree.setCurrentIndex(account_item.index())
    assert "vnpt-gd" in w.details.title.text()
    assert ("Địa chỉ dịch vụ", services.vnpt_url) in w.details.rows()
    # "Check all" covers the remote certificates as it covers tokens'
    w.check_all()
    qtbot.waitUntil(lambda: bool(w.check_rows), timeout=30000)
    assert [(r.token_label, r.token_serial) for r in w.check_rows] == [
        ("vnpt-gd", "remote:vnpt-gd/org-1")]
    assert w.check_rows[0].check.trust.status == "ok"
    shot(w, "devices", (1366, 768))
    shot(w, "devices", (1920, 1080))

    # the Sign page offers the remote certificate beside tokens
    page = w.sign_page
    w.tabs.setCurrentWidget(w.sign_tab)
    page.refresh_certificates()
    assert page.select_certificate(lambda c: c.remote is not None)
    chosen = page.current_candidate()
    assert chosen.holder_label == "vnpt-gd"
    row = page.cert_tree.currentItem()
    assert row.text(1) == "vnpt-gd" and services.vnpt_url in row.toolTip(1)
    assert row.text(2) == page.trust_label("ok") and row.text(3) == page.reform_label("current")
    src = make_pdf(tmp_path / "quyết định 15.pdf")
    before = src.read_bytes()
    page.add_paths([str(src)])
    qtbot.waitUntil(lambda: page.files == [src], timeout=10000)
    page.set_profile(Profile.COPY)
    page.set_level(Level.B_T)
    qtbot.waitUntil(lambda: page._preview_path == src, timeout=15000)
    shot(w, "sign", (1366, 768), qtbot)
    shot(w, "sign", (1920, 1080), qtbot)
    services.approval = "manual"
    with qtbot.waitSignal(page.finished, timeout=120000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.remote_prompter is not None
                        and isinstance(page.remote_prompter.waiting, WaitingDialog),
                        timeout=60000)
        waiting = page.remote_prompter.waiting
        assert "quyết định 15.pdf" in waiting.findChild(QLabel, "documents").text()
        assert waiting.windowTitle() == "Xác nhận trên điện thoại"
        w.resize(1366, 768)
        if SHOTS is not None:
            assert waiting.grab().toImage().save(str(SHOTS / "waiting.png"))
        services.approve_all()
    report = blocker.args[0]
    assert report is not None and [r.status for r in report.results] == ["signed"], \
        report.results
    out = report.results[0].output
    valid(sign_world_base, out)
    assert src.read_bytes() == before
    # the phone saw the document's name
    signhash = [b for p, b in services.requests if p.endswith("/csc/signature/signhash")]
    assert [d["name"] for d in signhash[-1]["datas"]] == ["quyết định 15.pdf"]


def test_rejected_on_the_phone_says_so_and_writes_nothing(
        qtbot, window, services, tmp_path) -> None:
    w = window
    add_account_in_dialog(qtbot, w, "vnpt", "vnpt-smartca", services.vnpt_url, services.user,
                          services.password)
    qtbot.waitUntil(lambda: "vnpt" in account_rows(w)
                    and account_rows(w)["vnpt"].rowCount() == 1, timeout=20000)
    page = w.sign_page
    page.refresh_certificates()
    assert page.select_certificate(lambda c: c.remote is not None)
    src = make_pdf(tmp_path / "a.pdf")
    page.add_paths([str(src)])
    qtbot.waitUntil(lambda: page.files == [src], timeout=10000)
    page.set_profile(Profile.COPY)
    page.set_level(Level.B_B)
    services.approval = "reject"
    with qtbot.waitSignal(page.finished, timeout=120000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report is None or not report.signed
    qtbot.waitUntil(lambda: page.message_box is not None, timeout=10000)
    assert "từ chối trên điện thoại" in page.message_box.text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["a.pdf"]


def test_wrong_password_in_the_dialog_is_said_and_the_account_kept(
        qtbot, window, services) -> None:
    w = window
    w.act_remote_accounts.trigger()
    dialog = w.account_dialog
    qtbot.keyClicks(dialog.name_edit, "bcy")
    combo = dialog.service_combo
    combo.setCurrentIndex(next(i for i in range(combo.count())
                               if combo.itemData(i) == ("provider", "vgca-rssp")))
    qtbot.keyClicks(dialog.url_edit, services.csc_url)
    qtbot.keyClicks(dialog.user_edit, services.user)
    qtbot.keyClicks(dialog.password_edit, "sai-mat-khau")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "mật khẩu" in dialog.status.text(), timeout=20000)
    assert dialog.isVisible()
    assert not SecretStore().in_keyring("bcy", "access_token")
    qtbot.waitUntil(lambda: "bcy" in account_rows(w), timeout=20000)
    qtbot.waitUntil(lambda: account_status(w, "bcy") == "Cần đăng nhập", timeout=20000)
    # the right password now: the same dialog logs in
    qtbot.keyClicks(dialog.password_edit, services.password)
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert SecretStore().in_keyring("bcy", "access_token")
    qtbot.waitUntil(lambda: account_rows(w)["bcy"].rowCount() == 1, timeout=20000)


def test_edit_and_remove_an_account(qtbot, window, services, memory_keyring) -> None:
    w = window
    add_account_in_dialog(qtbot, w, "bcy", "csc", services.csc_url, services.user,
                          services.password, oauth=True)
    assert AccountStore(w.env.paths.config_dir).get("bcy").options == {"oauth": True}
    qtbot.waitUntil(lambda: "bcy" in account_rows(w), timeout=20000)
    w.tree.setCurrentIndex(account_rows(w)["bcy"].index())
    dialog = w.open_account_dialog()
    assert dialog.name_edit.text() == "bcy" and dialog.remove_button.isVisible()
    assert dialog.auth_combo.currentIndex() == 1
    dialog.name_edit.setText("bcy-gd")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    names = [a.name for a in AccountStore(w.env.paths.config_dir).all()]
    assert names == ["bcy-gd"]
    assert not SecretStore().in_keyring("bcy", "access_token")  # the old session dropped
    qtbot.waitUntil(lambda: set(account_rows(w)) == {"bcy-gd"}, timeout=20000)
    w.tree.setCurrentIndex(account_rows(w)["bcy-gd"].index())
    dialog = w.open_account_dialog()
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert AccountStore(w.env.paths.config_dir).all() == []
    qtbot.waitUntil(lambda: w.model.remote_group() is None, timeout=10000)
    assert not [k for k in memory_keyring.store if k[0] == KEYRING_SERVICE]


def test_it_preset_is_offered_and_fixed(qtbot, sign_world_base, services, tmp_path,
                                        isolated_home, memory_keyring, translations) -> None:
    machine = isolated_home / "machine.toml"
    machine.write_text(
        machine.read_text(encoding="utf-8")
        + f'\n[remote.bcy-so]\nprovider = "vgca-rssp"\nurl = "{services.csc_url}"\n'
        'client_id = "kyso"\noauth = true\n',
        encoding="utf-8",
    )
    SecretStore._memory.clear()
    loaded = load_settings(Paths.under(tmp_path / "home"))
    env = Environment(loaded, modules=[])
    w = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15000):
        w.show()
    try:
        qtbot.waitUntil(lambda: "bcy-so" in account_rows(w), timeout=20000)
        preset_item = account_rows(w)["bcy-so"]
        assert "(CNTT đặt)" in preset_item.text()
        # a new account from IT's preset: address, client id and OAuth2 come from IT
        w.tree.clearSelection()
        w.tree.setCurrentIndex(w.model.index(-1, 0))
        dialog = w.open_account_dialog()
        combo = dialog.service_combo
        assert combo.itemData(0) == ("preset", "bcy-so")
        combo.setCurrentIndex(0)
        assert dialog.url_edit.text() == services.csc_url and not dialog.url_edit.isEnabled()
        assert dialog.auth_combo.currentIndex() == 1 and not dialog.auth_combo.isEnabled()
        qtbot.keyClicks(dialog.name_edit, "toi")
        qtbot.keyClicks(dialog.user_edit, services.user)
        qtbot.keyClicks(dialog.password_edit, services.password)
        with qtbot.waitSignal(dialog.saved, timeout=20000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        mine = AccountStore(env.paths.config_dir).get("toi")
        assert (mine.provider, mine.url, mine.client_id, mine.options["oauth"]) == (
            "vgca-rssp", services.csc_url, "kyso", True)
        assert any(p.endswith("/oauth2/token") for p, _ in services.requests)
        # IT's own account: only a login, no removal
        w.tree.setCurrentIndex(account_rows(w)["bcy-so"].index())
        dialog = w.open_account_dialog()
        assert not dialog.remove_button.isVisible() and not dialog.url_edit.isEnabled()
        dialog.reject()
    finally:
        w.shutdown()
        SecretStore._memory.clear()


def test_add_remote_account_to_the_inventory_as_rssp(qtbot, window, services) -> None:
    w = window
    add_account_in_dialog(qtbot, w, "bcy", "vgca-rssp", services.csc_url, services.user,
                          services.password)
    qtbot.waitUntil(lambda: "bcy" in account_rows(w)
                    and account_rows(w)["bcy"].rowCount() == 1, timeout=20000)
    inv_page = w.inventory_page
    store = inv_page._store()
    departments, _ = store.ensure_standard_groups()
    unit = store.add_unit("Văn phòng Sở", parent_id=departments, staff=2)
    inv_page.set_default_unit(unit)
    w.tree.setCurrentIndex(account_rows(w)["bcy"].index())
    assert w.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == KIND_REMOTE_ACCOUNT
    assert w.act_add_inventory.isEnabled()
    w.act_add_inventory.trigger()
    records = store.certificates()
    assert len(records) == 1
    rec = records[0]
    assert (rec.kind, rec.token_serial, rec.unit_id) == ("rssp", "remote:bcy/org-1", unit)
    assert rec.kind_label == "RSSP"
    # once more from the certificate row: updated, not doubled
    cert_item = account_rows(w)["bcy"].child(0, 0)
    assert cert_item.data(Qt.ItemDataRole.UserRole + 1) == KIND_CERT
    w.tree.setCurrentIndex(cert_item.index())
    w.act_add_inventory.trigger()
    assert len(store.certificates()) == 1


def test_item_4_fallback_rests_on_the_organization_certificate_in_the_account(
        qtbot, window, sign_world_base, tmp_path) -> None:
    """A leader's certificate still on the old structure signs an approval only under item 4;
    the organization's certificate on the new model that allows it is held in the same
    remote account (no token inserted, no inventory)."""
    certs = sign_world_base.certs
    svc = RemoteServices([
        RemoteCredential("leader", certs.leader_province, [certs.pki.sub_ca]),
        RemoteCredential("org", certs.organization, [certs.pki.sub_ca]),
    ])
    try:
        w = window
        add_account_in_dialog(qtbot, w, "smartca", "vnpt-smartca", svc.vnpt_url, svc.user,
                              svc.password)
        qtbot.waitUntil(lambda: "smartca" in account_rows(w)
                        and account_rows(w)["smartca"].rowCount() == 2, timeout=20000)
        page = w.sign_page
        page.refresh_certificates()
        assert page.select_certificate(
            lambda c: c.remote is not None and c.remote.credential.id == "leader")
        src = make_pdf(tmp_path / "khẩn.pdf")
        page.add_paths([str(src)])
        qtbot.waitUntil(lambda: page.files == [src], timeout=10000)
        page.set_profile(Profile.APPROVAL)
        page.set_level(Level.B_B)
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.emergency_dialog is not None
                        and page.emergency_dialog.isVisible(), timeout=30000)
        dialog = page.emergency_dialog
        dialog.reason_edit.setText("Ký lệnh phòng chống bão khẩn")
        with qtbot.waitSignal(page.finished, timeout=120000) as blocker:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        report = blocker.args[0]
        assert report is not None and [r.status for r in report.results] == ["signed"], \
            report.results
        valid(sign_world_base, report.results[0].output)
        audit = w.env.paths.data_dir / "audit.jsonl"
        assert '"emergency_sign"' in audit.read_text(encoding="utf-8").splitlines()[-1]
    finally:
        svc.close()


def test_without_a_keyring_the_dialog_says_the_session_lasts_until_kyso_closes(
        qtbot, window, services, isolated_home, tmp_path) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        w = window
        w.act_remote_accounts.trigger()
        dialog = w.account_dialog
        qtbot.keyClicks(dialog.name_edit, "bcy")
        combo = dialog.service_combo
        combo.setCurrentIndex(next(i for i in range(combo.count())
                                   if combo.itemData(i) == ("provider", "csc")))
        qtbot.keyClicks(dialog.url_edit, services.csc_url)
        qtbot.keyClicks(dialog.user_edit, services.user)
        qtbot.keyClicks(dialog.password_edit, services.password)
        with qtbot.waitSignal(dialog.saved, timeout=20000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "không có kho khóa" in dialog.status.text()
        # the session works for this process, and nothing of it is on disk
        qtbot.waitUntil(lambda: "bcy" in account_rows(w)
                        and account_rows(w)["bcy"].rowCount() == 1, timeout=20000)
        for path in list(tmp_path.rglob("*")) + list(isolated_home.rglob("*")):
            if path.is_file():
                blob = path.read_bytes()
                assert services.password.encode() not in blob
                for token in services.tokens:
                    assert token.encode() not in blob
        dialog.close_button.click()
    finally:
        keyring.set_keyring(previous)


def test_log_in_again_from_the_tree(qtbot, window, services, translations) -> None:
    """An account saved without a password shows "log in needed"; the toolbar's log-in asks
    the password (no echo) and the certificates appear."""
    w = window
    add_account_in_dialog(qtbot, w, "bcy", "vgca-rssp", services.csc_url, services.user, "")
    qtbot.waitUntil(lambda: "bcy" in account_rows(w), timeout=20000)
    qtbot.waitUntil(lambda: account_status(w, "bcy") == "Cần đăng nhập", timeout=20000)
    w.tree.setCurrentIndex(account_rows(w)["bcy"].index())
    assert w.act_login.isEnabled()
    w.act_login.trigger()
    prompter = w.remote_prompter
    qtbot.waitUntil(lambda: prompter.last_input is not None, timeout=20000)
    dialog = prompter.last_input
    assert dialog.textEchoMode().name == "Password"
    dialog.setTextValue(services.password)
    dialog.accept()
    qtbot.waitUntil(lambda: account_rows(w)["bcy"].rowCount() == 1, timeout=20000)
    assert account_status(w, "bcy") == "Đã đăng nhập"
    # the same rows in English after a language switch (rebuilt, badges kept)
    translations.use("en")
    try:
        w.change_language("en")
        assert w.model.remote_group().text() == "Remote signing"
        assert account_status(w, "bcy") == "Logged in"
        assert account_rows(w)["bcy"].rowCount() == 1
    finally:
        translations.use("vi")
        w.change_language("vi")


def test_csc_credential_with_a_pin_signs_from_the_sign_page(
        qtbot, window, services, sign_world_base, tmp_path) -> None:
    """Ban Cơ yếu's RSSP (CSC v2, explicit authorization): the PIN is asked without echo on
    the GUI thread, bound to the document's hash by the service; pyHanko and pdfsig accept
    the output."""
    w = window
    add_account_in_dialog(qtbot, w, "bcy", "vgca-rssp", services.csc_url, services.user,
                          services.password)
    qtbot.waitUntil(lambda: "bcy" in account_rows(w)
                    and account_rows(w)["bcy"].rowCount() == 1, timeout=20000)
    page = w.sign_page
    page.refresh_certificates()
    assert page.select_certificate(lambda c: c.remote is not None)
    src = make_pdf(tmp_path / "công văn 7.pdf")
    page.add_paths([str(src)])
    qtbot.waitUntil(lambda: page.files == [src], timeout=10000)
    page.set_profile(Profile.COPY)
    page.set_level(Level.B_T)
    with qtbot.waitSignal(page.finished, timeout=120000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.remote_prompter is not None
                        and page.remote_prompter.last_input is not None, timeout=60000)
        dialog = page.remote_prompter.last_input
        assert dialog.textEchoMode().name == "Password"
        assert "PIN" in dialog.labelText()
        dialog.setTextValue("1234")
        dialog.accept()
    report = blocker.args[0]
    assert report is not None and [r.status for r in report.results] == ["signed"], \
        report.results
    valid(sign_world_base, report.results[0].output)
    authorize = [b for p, b in services.requests if p.endswith("/credentials/authorize")]
    assert authorize and authorize[-1]["numSignatures"] == 1


def test_a_service_that_drops_the_connection_is_said_in_the_tree(
        qtbot, window, services) -> None:
    w = window
    add_account_in_dialog(qtbot, w, "bcy", "csc", services.csc_url, services.user,
                          services.password)
    qtbot.waitUntil(lambda: account_status(w, "bcy") == "Đã đăng nhập", timeout=20000)
    services.drop = True
    w.act_refresh.trigger()
    qtbot.waitUntil(lambda: account_status(w, "bcy") == "Không kết nối được", timeout=30000)
    rows = account_rows(w)
    assert rows["bcy"].rowCount() == 0  # nothing offered for signing meanwhile
    tip = w.model.remote_group().child(rows["bcy"].row(), COL_STATUS).toolTip()
    assert tip and "Traceback" not in tip
    w.sign_page.refresh_certificates()
    assert not [c for c in w.sign_page.candidates() if c.remote is not None]
    services.drop = False
    w.act_refresh.trigger()
    qtbot.waitUntil(lambda: account_status(w, "bcy") == "Đã đăng nhập", timeout=30000)
