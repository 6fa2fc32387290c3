"""Every string in the user's language (issue 16 §4): Qt's own strings in Vietnamese, the
run-time switch retranslating every page, no raw OIDs, no raw markers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from kyso.ui.about_dialog import AboutDialog
from kyso.ui.widgets.names import readable_name


def _labels(w) -> list[str]:
    out: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(w.model.rowCount(parent)):
            index = w.model.index(row, 0, parent)
            out.append(w.model.data(index) or "")
            walk(index)

    walk(QModelIndex())
    return out


def test_qt_own_strings_in_vietnamese(qtbot, translations) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(box)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"Lưu", "Đóng"}
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    captions = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Tìm &trong:", "&Tên tệp:", "&Loại tệp:"} <= captions


def test_switching_language_retranslates_every_page(
    qtbot, main_window, tokens, test_pki, translations
) -> None:
    w = main_window
    tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Nguyễn Văn An" in _labels(w), timeout=5000)
    assert "Chứng thư CA (không dùng để ký)" in _labels(w), _labels(w)
    assert w.tabs.tabText(w.tabs.indexOf(w.inventory_tab)) == "Danh mục chứng thư"
    assert w.inventory_page.tabs.tabText(0) != "Certificates"
    try:
        translations.use("en")
        w.change_language("en")
        assert "CA certificates (not for signing)" in _labels(w)
        assert "Chứng thư CA (không dùng để ký)" not in _labels(w)
        assert w.tabs.tabText(w.tabs.indexOf(w.inventory_tab)) == "Inventory"
        assert w.tabs.tabText(w.tabs.indexOf(w.sign_tab)) == "Sign"
        assert w.sign_page.sign_button.text() == "Sign"
        assert w.verify_page.open_button.text() == "Open PDF files…"
        # the inventory page's own texts follow too
        page = w.inventory_page
        assert page.import_files_button.text() == "Import certificate files…"
        assert page.tabs.tabText(0) == "Certificates"
        assert page.cert_table.horizontalHeaderItem(0).text() == "Subject"
    finally:
        translations.use("vi")
        w.change_language("vi")
    assert w.tabs.tabText(w.tabs.indexOf(w.inventory_tab)) == "Danh mục chứng thư"
    assert w.inventory_page.tabs.tabText(0) != "Certificates"


def test_no_raw_oids_or_markers(qtbot, translations) -> None:
    raw = "UID=CCCD:1,CN=Trần Thị Bình,2.5.4.12=Giám đốc,OU=Sở KH&CN,O=UBND tỉnh Thái Bình,C=VN"
    text = readable_name(raw, "vi")
    assert "Chức vụ: Giám đốc" in text and "2.5.4.12" not in text
    assert text.startswith("Mã định danh: CCCD:1; Tên: Trần Thị Bình")
    assert "Title: Giám đốc" in readable_name(raw, "en")
    assert readable_name("không phải tên", "vi") == "không phải tên"
    from kyso.core.app.about import about as about_info

    info = about_info(None)
    info["build_date"] = "source tree"  # what a run from the source tree reports
    dialog = AboutDialog(info)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "source tree" not in text and "chạy từ mã nguồn" in text


def test_demo_banner_explains_the_normal_and_the_emergency_path(
    qtbot, main_window, tokens, test_pki
) -> None:
    """Issue 16 §6: with a DEMO token in, the banner names the leader who signs normally and
    the one who signs only through the emergency rule; it goes with the token."""
    w = main_window
    assert not w.demo_banner.isVisible()
    tok = tokens.demo(test_pki, stem="KYSO DEMO")
    qtbot.waitUntil(lambda: w.demo_banner.isVisible(), timeout=5000)
    text = w.demo_banner.label.text()
    assert "Vũ Thị Hà" in text and "ký bình thường" in text
    assert "Trần Thị Bình" in text and "khẩn cấp" in text and "123456" in text
    w.demo_banner.hide_button.click()  # the user needs the room: gone for this run
    assert not w.demo_banner.isVisible()
    w._update_demo_banner()
    assert not w.demo_banner.isVisible()
    w.demo_banner.dismissed = False
    w._update_demo_banner()
    assert w.demo_banner.isVisible()
    tokens.delete(tok)
    qtbot.waitUntil(lambda: not w.demo_banner.isVisible(), timeout=5000)
