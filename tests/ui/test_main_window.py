"""The main window driven for real (pytest-qt, offscreen) over SoftHSM2 tokens."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from kyso.core.resources import resource_path
from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import TokenKey
from kyso.ui.device_model import KIND_CERT, payload

from ..core.tokens.test_tokens import Pin


def _labels(window) -> list[str]:
    model = window.model
    out = []

    def walk(parent) -> None:
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            out.append(idx.data())
            walk(idx)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def test_empty_state_then_token_appears_and_goes(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    if w.model.token_count() == 0:
        assert w.stack.currentWidget() is w.empty
        assert "Bit4id" in w.empty.text.text() and "KYSO_PKCS11_MODULES" in w.empty.text.text()
        assert w.empty.demo_button.text() == "Dùng thử token DEMO"
    tok = tokens.demo(test_pki)
    created = time.monotonic()
    qtbot.waitUntil(lambda: any(tok.label in (s or "") for s in _labels(w)), timeout=1000)
    assert time.monotonic() - created < 1.0
    assert w.stack.currentWidget() is w.splitter
    assert "Nguyễn Văn An" in _labels(w)
    assert "Chứng thư CA (không dùng để ký)" in _labels(w)
    tokens.delete(tok)
    deleted = time.monotonic()
    qtbot.waitUntil(lambda: not any(tok.label in (s or "") for s in _labels(w)), timeout=1000)
    assert time.monotonic() - deleted < 1.0


def test_certificate_details_by_vietnamese_name(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    tok = tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Nguyễn Văn An" in _labels(w), timeout=2000)
    assert w.select_certificate(lambda c: c.label == "leader")
    rows = dict(w.details.rows())
    assert rows["Tên (CN)"] == "Nguyễn Văn An"
    assert rows["Chức vụ (T)"] == "Chủ tịch"
    assert rows["Đơn vị (OU)"] == "UBND huyện Vũ Thư"
    assert rows["Cơ quan (O)"] == "UBND tỉnh Thái Bình"
    assert rows["Tỉnh/Thành phố (L)"] == "Thái Bình"
    assert rows["Mã định danh (UID)"] == "CCCD:034080001234"
    assert rows["Khóa bí mật trên token"] == "Chưa biết (cần đăng nhập)"
    assert "+07:00" in rows["Hiệu lực đến"] and "còn" in rows["Hiệu lực đến"]
    assert len(rows["Dấu vân tay SHA-256"]) == 64
    assert "Ký số" in rows["Mục đích sử dụng khóa"]
    # the token row shows the token panel
    item = w.model.token_item(TokenKey(w.env.modules[0].path, tok.serial))
    w.tree.setCurrentIndex(item.index())
    rows = dict(w.details.rows())
    assert rows["Số sê-ri"] == tok.serial and rows["Trạng thái mã PIN"] == "Mã PIN bình thường."


def test_login_through_the_pin_dialog(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    tok = tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Nguyễn Văn An" in _labels(w), timeout=2000)
    w.select_certificate(lambda c: c.label == "leader")
    assert w.act_login.isEnabled()
    w.act_login.trigger()
    qtbot.waitUntil(lambda: w.prompter.last_dialog is not None, timeout=5000)
    dialog = w.prompter.last_dialog
    assert dialog.isVisible()
    assert dialog.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert "bình thường" in dialog.state_label.text()
    qtbot.keyClicks(dialog.pin_edit, tok.pin)
    dialog.accept()
    qtbot.waitUntil(
        lambda: w.select_certificate(lambda c: c.label == "leader" and c.has_private_key is True),
        timeout=5000,
    )
    kind, cert = payload(w.tree.currentIndex())
    assert kind == KIND_CERT and cert.has_private_key is True
    assert dict(w.details.rows())["Khóa bí mật trên token"] == "Có"


def test_wrong_pin_shows_error(qtbot, main_window, tokens) -> None:
    w = main_window
    tok = tokens.empty()
    qtbot.waitUntil(lambda: any(tok.label in (s or "") for s in _labels(w)), timeout=2000)
    item = w.model.token_item(TokenKey(w.env.modules[0].path, tok.serial))
    w.tree.setCurrentIndex(item.index())
    w.act_login.trigger()
    qtbot.waitUntil(lambda: w.prompter.last_dialog is not None, timeout=5000)
    dialog = w.prompter.last_dialog
    qtbot.keyClicks(dialog.pin_edit, "000000")
    dialog.accept()
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "errorBox") is not None, timeout=5000)
    box = w.findChild(QMessageBox, "errorBox")
    assert "Mã PIN không đúng" in box.text()
    box.close()


def test_cancel_pin_dialog(qtbot, main_window, tokens) -> None:
    w = main_window
    tok = tokens.empty()
    qtbot.waitUntil(lambda: any(tok.label in (s or "") for s in _labels(w)), timeout=2000)
    w.tree.setCurrentIndex(w.model.token_item(TokenKey(w.env.modules[0].path, tok.serial)).index())
    w.act_login.trigger()
    qtbot.waitUntil(lambda: w.prompter.last_dialog is not None, timeout=5000)
    w.prompter.last_dialog.done(QDialog.DialogCode.Rejected)
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "errorBox") is not None, timeout=5000)
    assert "hủy" in w.findChild(QMessageBox, "errorBox").text()


def test_user_told_when_token_pulled_during_session(qtbot, main_window, tokens) -> None:
    w = main_window
    tok = tokens.empty()
    qtbot.waitUntil(lambda: any(tok.label in (s or "") for s in _labels(w)), timeout=2000)
    module = w.env.modules[0]
    session = login(module, TokenKey(module.path, tok.serial), Pin(tok.pin))
    try:
        tokens.delete(tok)
        qtbot.waitUntil(
            lambda: w.findChild(QMessageBox, "tokenRemovedBox") is not None, timeout=2000
        )
        assert tok.label in w.findChild(QMessageBox, "tokenRemovedBox").text()
        assert session.removed
    finally:
        session.close()


def test_switch_to_english(qtbot, main_window, translations) -> None:
    w = main_window
    assert w.act_refresh.text() == "Làm mới"
    try:
        translations.use("en")
        qtbot.waitUntil(lambda: w.act_refresh.text() == "Refresh", timeout=2000)
        assert w.model.headerData(0, Qt.Orientation.Horizontal) == "Device / certificate"
    finally:
        translations.use("vi")
    qtbot.waitUntil(lambda: w.act_refresh.text() == "Làm mới", timeout=2000)


def test_every_ui_string_has_a_vietnamese_translation() -> None:
    ts = resource_path("translations", "kyso_vi.ts")
    tree = ET.parse(ts)
    unfinished = [
        m.findtext("source")
        for m in tree.iter("message")
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
        or not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []
    assert resource_path("translations", "kyso_vi.qm").exists(), "run ./test.sh (builds .qm)"


def test_ts_file_covers_every_tr_call() -> None:
    """Re-run lupdate into a temporary file: no source string may be missing from the .ts,
    under its context (the class whose ``tr`` it is: a string moved to another class needs
    its translation moved too, or it shows in English)."""
    import shutil
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    ui = Path(__file__).resolve().parents[2] / "desktop" / "kyso" / "ui"
    sources = sorted(ui.rglob("*.py"))  # the pages' packages too (ui/sign/, ui/inventory/, …)
    assert any(p.parent != ui for p in sources)

    def pairs(ts: Path) -> set[tuple[str, str]]:
        return {
            (ctx.findtext("name"), m.findtext("source"))
            for ctx in ET.parse(ts).iter("context")
            for m in ctx.iter("message")
        }

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "check.ts"
        subprocess.run(
            [str(lupdate), *map(str, sources), "-ts", str(out)],
            check=True,
            capture_output=True,
        )
        found = pairs(out)
    have = pairs(resource_path("translations", "kyso_vi.ts"))
    assert found - have == set(), "run pyside6-lupdate and translate the new strings"


def test_the_pages_parts_are_translated(qtbot, main_window) -> None:
    """Strings set by a page's parts (mixins in their own modules) are translated under the
    part's own context: Qt looks the context up along the page's class hierarchy."""
    w = main_window
    qtbot.waitUntil(lambda: w.inventory_page is not None, timeout=10000)
    contexts = {
        ctx.findtext("name"): ctx
        for ctx in ET.parse(resource_path("translations", "kyso_vi.ts")).iter("context")
    }
    for context in ("SignAppearanceMixin", "InventoryLayoutMixin"):
        assert context in contexts
    assert "The profile's default place" not in {
        m.findtext("source") for m in contexts["SignPage"].iter("message")
    }  # only the part's context has it
    assert w.sign_page.place_label.text() == "Vị trí mặc định của kiểu ký"
    assert w.inventory_page.import_files_button.text() == "Nhập tệp chứng thư…"


def test_window_state_is_remembered(qtbot, softhsm_module, translations, tmp_path) -> None:
    from kyso.core.app.environment import Environment
    from kyso.core.settings import load_settings
    from kyso.ui.main_window import MainWindow

    ini = tmp_path / "window.ini"
    env = Environment(load_settings(), modules=[softhsm_module])
    first = MainWindow(lambda: env, settings_file=ini)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.ready, timeout=10000):
        first.show()
    first.resize(first.minimumSizeHint().width(), 520)  # default height is 680
    saved = first.size()
    first.close()  # saves the state
    assert ini.exists()
    second = MainWindow(lambda: env, settings_file=ini)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.ready, timeout=10000):
        second.show()
    assert second.height() == saved.height() == 520  # width is clamped to the 800 px screen
    second.shutdown()


def test_about_dialog(qtbot, main_window) -> None:
    from kyso import __version__
    from kyso.ui.about_dialog import AboutDialog

    main_window.act_about.trigger()
    qtbot.waitUntil(lambda: main_window.findChild(AboutDialog) is not None, timeout=3000)
    dialog = main_window.findChild(AboutDialog)
    text = dialog.text.toPlainText()
    assert __version__ in text and "vietnamadminunits" in text
    assert main_window.env.modules[0].path in text
    dialog.close()


def test_open_files_from_the_file_manager(qtbot, main_window, tmp_path) -> None:
    """`kyso-desktop FILE.pdf` ("Open with Kyso") verifies the files on the verify page."""
    pdf = tmp_path / "khong-ky.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "unsigned")
    c.save()
    w = main_window
    with qtbot.waitSignal(w.verify_page.finished, timeout=30000):
        w.open_files([str(pdf)])
    assert w.tabs.currentWidget() is w.verify_tab
    assert len(w.verify_page.results) == 1
    assert w.verify_page.results[0].status == "error"  # no signatures: a clear per-file result


def test_app_accepts_pdf_arguments() -> None:
    from kyso.ui.app import parse_args

    args = parse_args(["--sign", "a.pdf", "b.pdf"])
    assert args.files == ["a.pdf", "b.pdf"] and args.sign


def test_pinpad_reader_tells_the_user(qtbot, main_window, tokens) -> None:
    """Protected authentication path: the PIN is typed on the reader, Kyso says so."""
    import threading

    from PySide6.QtWidgets import QMessageBox

    from kyso.core.tokens.sessions import PinRequest
    from kyso.core.tokens.slots import PinState, TokenInfo

    w = main_window
    info = TokenInfo("m", 1, "VGCA Token", "bit4id", "TokenME", "123", 0x100)
    request = PinRequest(info, PinState.from_flags(info.flags))
    assert request.pin_state.protected_path
    threading.Thread(target=w.prompter.pinpad_started, args=(request,)).start()
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "pinpadBox") is not None, timeout=3000)
    assert "VGCA Token" in w.findChild(QMessageBox, "pinpadBox").text()
    w.prompter.pinpad_finished()
    qtbot.waitUntil(lambda: w.pinpad_box is None, timeout=3000)


def test_open_files_for_signing(qtbot, main_window, tmp_path) -> None:
    """`kyso-desktop --sign FILE.pdf` ("Ký số với Kyso") puts the files on the sign page."""
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "can-ky.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "to sign")
    c.save()
    w = main_window
    w.open_files([str(pdf)], sign=True)
    assert w.tabs.currentWidget() is w.sign_tab
    assert str(pdf) in [str(p) for p in w.sign_page.files]


def test_pin_dialog_offers_remember_only_when_allowed(qtbot) -> None:
    from kyso.core.tokens.sessions import PinRequest
    from kyso.core.tokens.slots import PinState, TokenInfo
    from kyso.ui.pin_dialog import PinDialog

    info = TokenInfo("m", 1, "VGCA Token", "bit4id", "TokenME", "123", 0x40D)
    plain = PinDialog(PinRequest(info, PinState.from_flags(info.flags)), "vi")
    qtbot.addWidget(plain)
    assert plain.remember.isHidden()
    allowed = PinDialog(PinRequest(info, PinState.from_flags(info.flags), can_remember=True), "vi")
    qtbot.addWidget(allowed)
    assert not allowed.remember.isHidden()


def test_damaged_inventory_does_not_stop_start_up(
    qtbot, softhsm_module, translations, tmp_path
) -> None:
    """A damaged inventory file: the window still becomes ready (checker built), the
    Inventory tab says what is wrong and what to do."""
    from kyso.core.app.environment import Environment
    from kyso.core.settings import Paths, load_settings
    from kyso.ui.main_window import MainWindow

    damaged = Paths.default().data_dir / "inventory.sqlite3"
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"\x00garbage, not SQLite\x00" * 100)
    env = Environment(load_settings(), modules=[softhsm_module])
    w = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(w)
    try:
        with qtbot.waitSignal(w.ready, timeout=10000):
            w.show()
        page = w.inventory_page
        assert page is not None and w.tabs.indexOf(w.inventory_tab) >= 0  # the page scrolls in its tab
        assert page.open_error is not None and page.open_error.code == "inventory_open"
        w.tabs.setCurrentWidget(w.inventory_tab)
        assert page.open_error_label.isVisible() and str(damaged) in page.open_error_label.text()
        assert "Thiết lập" in page.open_error_label.text()  # Vietnamese: what to do
        qtbot.waitUntil(lambda: w.checker is not None, timeout=30000)
        assert w.act_check_all.isEnabled()
    finally:
        w.shutdown()


def test_new_checker_does_not_reenable_check_all_while_it_runs(qtbot, main_window) -> None:
    w = main_window
    qtbot.waitUntil(lambda: w.act_check_all.isEnabled(), timeout=30000)
    w.check_all()
    assert w.progress is not None and not w.act_check_all.isEnabled()
    w._checker_ready(w.checker)  # e.g. new root certificates downloaded meanwhile
    assert not w.act_check_all.isEnabled()
    qtbot.waitUntil(lambda: w.progress is None, timeout=30000)
    assert w.act_check_all.isEnabled()


def test_login_result_reaches_the_watcher_snapshots(
    qtbot, main_window, tokens, test_pki
) -> None:
    """What "Log in to check keys" found is what the Sign page (reading the watcher) sees."""
    w = main_window
    tok = tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Nguyễn Văn An" in _labels(w), timeout=2000)
    key = TokenKey(w.env.modules[0].path, tok.serial)
    qtbot.waitUntil(lambda: key in w.watcher.current, timeout=2000)
    before = {c.label: c.has_private_key for c in w.watcher.current[key].user_certificates()}
    assert before["leader"] is not True
    w.select_certificate(lambda c: c.label == "leader")
    w.act_login.trigger()
    qtbot.waitUntil(lambda: w.prompter.last_dialog is not None, timeout=5000)
    dialog = w.prompter.last_dialog
    qtbot.keyClicks(dialog.pin_edit, tok.pin)
    dialog.accept()
    qtbot.waitUntil(
        lambda: {c.label: c.has_private_key for c in w.watcher.current[key].user_certificates()}
        .get("leader") is True,
        timeout=5000,
    )


def test_export_checks_adds_the_extension_and_asks_before_replacing(
    qtbot, main_window, tmp_path
) -> None:
    import openpyxl

    w = main_window
    existing = tmp_path / "ket-qua.xlsx"
    existing.write_bytes(b"keep me")

    def choose(path) -> None:
        w.ask_export_checks()
        dialog = w.save_asker.dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        dialog.selectFile(str(path))
        dialog.accept()

    choose(tmp_path / "ket-qua")  # typed without ".xlsx"
    box = w.save_asker.confirm
    assert box is not None and box.isVisible() and "ket-qua.xlsx" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    qtbot.wait(100)
    assert existing.read_bytes() == b"keep me"

    choose(tmp_path / "ket-qua")
    with qtbot.waitSignal(w.exported, timeout=10000) as sig:
        w.save_asker.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert sig.args == [str(existing)]
    openpyxl.load_workbook(existing).close()  # a real workbook now

    with qtbot.waitSignal(w.exported, timeout=10000) as sig:
        choose(tmp_path / "moi")  # a new name: no question
    assert sig.args == [str(tmp_path / "moi.xlsx")]


def test_help_writes_a_support_bundle(qtbot, main_window, tmp_path) -> None:
    """Help → "Tạo gói hỗ trợ gửi CNTT…": the same bundle as ``kyso support-bundle``."""
    import zipfile

    action = main_window.act_support
    assert action in main_window.help_menu.actions()
    assert action.text() == "Tạo gói hỗ trợ gửi CNTT…"
    out = tmp_path / "ho-tro.zip"
    action.write(out)
    qtbot.waitUntil(lambda: action.last_path is not None, timeout=20000)
    assert action.last_path == out
    assert {"about.json", "settings.json", "README.txt"} <= set(zipfile.ZipFile(out).namelist())
    box = main_window.findChild(QMessageBox, "supportBundleBox")
    assert box is not None and str(out) in box.text()
    box.close()


def test_a_shared_login_is_said_not_asked(qtbot, main_window, tokens, test_pki,
                                          softhsm_module) -> None:
    """Issue 20: a second login while the token is logged in asks nothing and the window
    says so ("đã đăng nhập"), instead of "logged in; private keys checked"."""
    import threading

    from kyso.core.tokens.sessions import login
    from kyso.core.tokens.slots import TokenKey, list_tokens
    from tests.support.signing_fixtures import FixedPin

    tok = tokens.demo(test_pki)
    qtbot.waitUntil(lambda: any(s.info.serial == tok.serial
                                for s in list_tokens(softhsm_module)), timeout=10000)
    key = TokenKey(softhsm_module.path, tok.serial)
    first = login(softhsm_module, key, FixedPin("123456"))
    try:
        box: dict = {}
        t = threading.Thread(target=lambda: box.setdefault(
            "s", login(softhsm_module, key, main_window.prompter)), daemon=True)
        t.start()
        qtbot.waitUntil(lambda: "đã đăng nhập" in main_window.statusBar().currentMessage(),
                        timeout=20000)
        t.join(20)
        assert box["s"].shared_login
        assert main_window.prompter.last_dialog is None  # no PIN dialog was shown
        box["s"].close()
    finally:
        first.close()


def test_a_splitter_never_shown_does_not_shrink_the_tree_next_time(
    qtbot, softhsm_module, tokens, test_pki, translations, tmp_path
) -> None:
    """A session that never showed a token (the "no token" page, or only the Sign tab) saved
    the device splitter's unlaid sizes (70 : 181): every later start gave the tree a quarter
    of the width and cut the certificates' names to "…". Such sizes are neither saved nor,
    from an older Kyso's file, restored."""
    from PySide6.QtCore import QSettings

    from kyso.core.app.environment import Environment
    from kyso.core.settings import load_settings
    from kyso.ui.main_window import MainWindow

    ini = tmp_path / "window.ini"
    env = Environment(load_settings(), modules=[softhsm_module])

    def window() -> MainWindow:
        w = MainWindow(lambda: env, settings_file=ini)
        qtbot.addWidget(w)
        with qtbot.waitSignal(w.ready, timeout=10000):
            w.show()
        return w

    def tree_share(w: MainWindow) -> float:
        w.resize(780, 560)
        qtbot.waitUntil(lambda: w.splitter.isVisible() and w.splitter.width() > 500,
                        timeout=5000)
        sizes = w.splitter.sizes()
        return sizes[0] / sum(sizes)

    first = window()
    assert first.stack.currentWidget() is not first.splitter  # no token: never shown
    first.close()
    assert ini.exists()
    tokens.demo(test_pki, stem="KYSO DEMO")
    second = window()
    qtbot.waitUntil(lambda: second.stack.currentWidget() is second.splitter, timeout=10000)
    assert tree_share(second) >= 0.55
    second.splitter.setSizes([300, 470])  # the user narrows the tree
    second.close()  # laid out this time: saved and restored as the user left it
    third = window()
    qtbot.waitUntil(lambda: third.stack.currentWidget() is third.splitter, timeout=10000)
    assert 0.3 <= tree_share(third) <= 0.45
    third.shutdown()

    # the file an older Kyso wrote: restored as the 3 : 2 split, not as 70 : 181
    from PySide6.QtWidgets import QSplitter, QWidget

    unlaid = QSplitter()
    unlaid.addWidget(QWidget())
    unlaid.addWidget(QWidget())
    unlaid.setSizes([70, 181])
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    settings.setValue("splitter", unlaid.saveState())
    settings.sync()
    fourth = window()
    qtbot.waitUntil(lambda: fourth.stack.currentWidget() is fourth.splitter, timeout=10000)
    assert tree_share(fourth) >= 0.55
    fourth.shutdown()
