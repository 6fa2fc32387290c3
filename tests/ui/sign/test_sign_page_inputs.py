"""The sign page checks each input file before the PIN with the CLI's own per-file check
(issue 13): an encrypted file's password is asked in a password dialog and handed to the
signer as ``kyso sign`` hands it; a damaged file's repair is said, with the new file's name,
before the PIN. Real files: encrypted by pikepdf (qpdf), damaged by a wrong trailer /Size."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pikepdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import Level, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world_base
from tests.ui.sign.test_sign_page import Harness, answer_pin

__all__ = ["sign_world_base"]

PASSWORD = "Mật-khẩu-văn-thư 2026"
SHOTS = os.environ.get("KYSO_SHOTS")
"""A folder to save screenshots of the dialogs in (for a person to look at), if set."""


def _page(qtbot, sign_world_base, tmp_path, files):
    harness = Harness(sign_world_base, tmp_path, sign_world_base.serial)
    page = harness.page(qtbot)
    page.add_paths(files)
    assert page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)
    return page


def _shot(widget, name: str) -> None:
    if SHOTS:
        assert widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _encrypted(tmp_path: Path) -> Path:
    src = make_pdf(tmp_path / "plain.pdf")
    dst = tmp_path / "mat.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(dst, encryption=pikepdf.Encryption(user=PASSWORD, owner="chủ-sở-hữu", R=6))
    return dst


def _damaged(tmp_path: Path) -> Path:
    dst = tmp_path / "hong.pdf"
    data = make_pdf(tmp_path / "goc.pdf", pages=2).read_bytes()
    dst.write_bytes(re.sub(rb"/Size \d+", b"/Size 3", data))
    return dst


def test_encrypted_input_asks_the_password_before_the_pin(
    qtbot, sign_world_base, tmp_path, english, caplog
) -> None:
    src = _encrypted(tmp_path)
    digest = sha256_file(src)
    page = _page(qtbot, sign_world_base, tmp_path, [src])
    prompter = page.context.prompter
    caplog.set_level(logging.DEBUG)

    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.password_dialog is not None, timeout=30000)
    dialog = page.password_dialog
    assert prompter.last_dialog is None  # no PIN asked yet
    assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
    assert "mat.pdf" in dialog.labelText() and "password" in dialog.labelText()
    edit = dialog.findChild(QLineEdit)
    qtbot.keyClicks(edit, "sai")
    _shot(dialog, "pdf-password")
    dialog.accept()

    # a wrong password: asked again, saying so; still no PIN
    qtbot.waitUntil(
        lambda: page.password_dialog is not None and page.password_dialog is not dialog,
        timeout=30000,
    )
    again = page.password_dialog
    assert "Wrong password" in again.labelText() and prompter.last_dialog is None
    # typed as text: QTest cannot send key events for Vietnamese letters
    again.findChild(QLineEdit).setText(PASSWORD)
    assert again.textValue() == PASSWORD
    _shot(again, "pdf-password-again")
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        again.accept()
        answer_pin(qtbot, page)
    report = blocker.args[0]
    assert [r.status for r in report.results] == ["signed"], report.results[0].error
    out = report.results[0].output
    assert sha256_file(src) == digest
    check_signed_output(
        out, sign_world_base.root_der, tmp_path / "k", signatures=1, password=PASSWORD
    )
    with pikepdf.open(out, password=PASSWORD) as pdf:  # the file's encryption is kept
        assert pdf.is_encrypted
    try:
        pikepdf.open(out).close()
        raise AssertionError("the signed file opens without its password")
    except pikepdf.PasswordError:
        pass
    # the password is in no log line, no repr of the options
    assert PASSWORD not in caplog.text and "sai" not in re.findall(r"\w+", caplog.text)
    assert page.password_dialog is None


def test_encrypted_input_not_signed_when_the_password_is_refused(
    qtbot, sign_world_base, tmp_path, english
) -> None:
    """Cancelled: the encrypted file is not signed (in words, in its row and the dialog);
    the other file is, on one PIN."""
    src = _encrypted(tmp_path)
    other = make_pdf(tmp_path / "thuong.pdf")
    page = _page(qtbot, sign_world_base, tmp_path, [src, other])
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.password_dialog is not None, timeout=30000)
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        page.password_dialog.reject()
        answer_pin(qtbot, page)
    report = blocker.args[0]
    assert [r.status for r in report.results] == ["failed", "signed"]
    assert report.results[0].error.code == "encrypted_pdf"
    assert not src.with_name("mat.signed.pdf").exists()
    row = page.file_tree.topLevelItem(0).text(page.COL_STATUS)
    assert row.startswith("Failed:") and "password" in row
    assert page.message_box is not None and "mat.pdf" in page.message_box.text()


def test_damaged_input_repair_is_said_before_the_pin(
    qtbot, sign_world_base, tmp_path, english
) -> None:
    src = _damaged(tmp_path)
    digest = sha256_file(src)
    page = _page(qtbot, sign_world_base, tmp_path, [src])
    prompter = page.context.prompter

    # "Do not sign": nothing written, no PIN
    with qtbot.waitSignal(page.finished, timeout=30000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.repair_box is not None, timeout=30000)
        box = page.repair_box
        assert prompter.last_dialog is None
        text = box.text()
        assert "hong.pdf" in text and str(tmp_path / "hong.repaired.pdf") in text
        assert "damaged" in text
        _shot(box, "repair-notice")
        box.button(QMessageBox.StandardButton.No).click()
    assert blocker.args == [None]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["goc.pdf", "hong.pdf"]

    # "Repair and sign": the new file named in the notice is what was signed
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.repair_box is not None, timeout=30000)
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        page.repair_box.button(QMessageBox.StandardButton.Yes).click()
        answer_pin(qtbot, page)
    report = blocker.args[0]
    result = report.results[0]
    assert result.status == "signed", result.error
    assert result.repaired == tmp_path / "hong.repaired.pdf" and result.repaired.is_file()
    assert sha256_file(src) == digest
    check_signed_output(result.output, sign_world_base.root_der, tmp_path / "k", signatures=1)
    row = page.file_tree.topLevelItem(0).text(page.COL_STATUS)
    assert row == "Signed (the repaired copy hong.repaired.pdf)"


def test_vietnamese_password_dialog_and_repair_notice(
    qtbot, sign_world_base, tmp_path, translations
) -> None:
    """Vietnamese, as users see it: both questions are translated."""
    enc, bad = _encrypted(tmp_path), _damaged(tmp_path)
    page = _page(qtbot, sign_world_base, tmp_path, [enc, bad])
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.password_dialog is not None, timeout=30000)
    dialog = page.password_dialog
    assert "mật khẩu" in dialog.labelText()
    dialog.findChild(QLineEdit).setText(PASSWORD)
    _shot(dialog, "pdf-password-vi")
    dialog.accept()
    qtbot.waitUntil(lambda: page.repair_box is not None, timeout=30000)
    box = page.repair_box
    assert "hong.repaired.pdf" in box.text() and "lỗi cấu trúc" in box.text()
    _shot(box, "repair-notice-vi")
    with qtbot.waitSignal(page.finished, timeout=30000):
        box.button(QMessageBox.StandardButton.No).click()
