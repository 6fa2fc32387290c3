"""The user guide (issue 16 §7): opened from Help in the UI's language, its pictures are the
tests' own screenshots, and every button it names exists in the UI's translations."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from kyso.core.app.environment import Environment
from kyso.core.resources import resource_path
from kyso.core.settings import load_settings
from kyso.ui.guide_dialog import guide_file
from kyso.ui.main_window import MainWindow
from tests.ui.guide_shots import GUIDE_IMAGES, guide_shot

SECTIONS_VI = [
    "Kiểm tra token",
    "Mẫu 04",
    "Ký và phát hành văn bản",
    "Kiểm tra chữ ký trên văn bản",
    "Phụ lục I",
]
SECTIONS_EN = ["Check a token", "Form 04", "Sign and issue", "Verify a document", "Appendix I"]
NOT_UI_WORDS = {"+", "−", "Ký số với Kyso", "Mẫu 04", "Form 04"}
"""Bold words in the guide that are not Kyso's own labels (the zoom signs, the file
manager's menu entry, the form's name)."""


@pytest.fixture
def trusting_window(qtbot, softhsm_module, translations, test_pki, tmp_path):
    """The main window with the test PKI's root as IT's anchor (the guide shows a trusted
    token, as at a real office), over the test SoftHSM2 module."""
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(test_pki.pki.root.pem)
    loaded = load_settings()
    loaded.values.anchors_path = str(anchors)
    loaded.values.revocation_timeout_s = 1.0
    env = Environment(loaded, modules=[softhsm_module])
    window = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    yield window
    window.shutdown()


def test_screens_for_the_guide(qtbot, trusting_window, tokens, test_pki, tmp_path) -> None:
    w = trusting_window
    w.resize(1100, 680)
    tokens.demo(test_pki, stem="KYSO DEMO")
    qtbot.waitUntil(lambda: w.demo_banner.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: w.act_check_all.isEnabled(), timeout=30000)
    assert w.select_certificate(lambda c: c.label == "leader-province")
    w.act_check_all.trigger()
    qtbot.waitUntil(lambda: w.progress is None, timeout=60000)
    assert w.select_certificate(lambda c: c.label == "leader-province")
    w.side_tabs.setCurrentIndex(0)
    qtbot.wait(50)
    guide_shot(w, "devices.png", tmp_path)
    w.side_tabs.setCurrentIndex(1)
    qtbot.wait(50)
    guide_shot(w, "two-tier.png", tmp_path)
    w.tabs.setCurrentWidget(w.inventory_tab)
    qtbot.wait(50)
    guide_shot(w, "inventory.png", tmp_path)
    for name in ("devices.png", "two-tier.png", "inventory.png"):
        assert not QImage(str(tmp_path / "guide" / name)).isNull()


def test_guide_opens_from_help_in_the_ui_language(qtbot, main_window, translations) -> None:
    w = main_window
    assert w.act_guide.text() == "Hướng dẫn sử dụng"
    w.act_guide.trigger()
    dialog = w.guide_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for title in SECTIONS_VI:
        assert title in text, title
    try:
        translations.use("en")
        w.change_language("en")
        w.act_guide.trigger()
        text = dialog.browser.toPlainText()
        for title in SECTIONS_EN:
            assert title in text, title
    finally:
        translations.use("vi")
        w.change_language("vi")
    dialog.close()


def test_every_picture_exists_and_every_button_named_exists() -> None:
    ts = ET.parse(resource_path("translations", "kyso_vi.ts"))
    labels = {m.findtext("translation") for m in ts.iter("message")}
    labels |= {m.findtext("source") for m in ts.iter("message")}
    for language in ("vi", "en"):
        html = guide_file(language).read_text(encoding="utf-8")
        pictures = re.findall(r'<img src="img/([^"]+)"', html)
        assert sorted(pictures) == sorted(GUIDE_IMAGES)
        for name in pictures:
            image = QImage(str(resource_path("guide", "img") / name))
            assert not image.isNull() and image.width() >= 600, name
        for bold in set(re.findall(r"<b>(.*?)</b>", html)) - NOT_UI_WORDS:
            plain = bold.replace("&amp;", "&")
            assert plain in labels or plain.rstrip(".") in labels or plain.startswith(
                ("DEMO", "Token DEMO")
            ), (language, bold)
