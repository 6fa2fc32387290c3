"""The device tree model: the PIN state stays in words and colour as a token changes, and
texts from core follow the model's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.slots import TokenInfo, TokenSnapshot
from kyso.ui.device_model import COL_STATUS, DeviceModel

pytestmark = pytest.mark.usefixtures("english")

RED = QColor("#b00020")
FINAL_TRY, LOCKED = 0x20000, 0x40000  # CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED
OK_FLAGS = 0x40D  # RNG, LOGIN_REQUIRED, USER_PIN_INITIALIZED, TOKEN_INITIALIZED


def _snap(module: Pkcs11Module, flags: int) -> TokenSnapshot:
    return TokenSnapshot(TokenInfo(module.path, 1, "Token A", "m", "model", "SER-1", flags))


def _status(model: DeviceModel, snap: TokenSnapshot):
    item = model.token_item(snap.key)
    assert item is not None
    return item.parent().child(item.row(), COL_STATUS)


def _is_red(status) -> bool:
    brush = status.data(Qt.ItemDataRole.ForegroundRole)
    return brush is not None and brush.color() == RED


def test_token_changed_repaints_the_pin_colour(qtbot, softhsm_module: Pkcs11Module) -> None:
    model = DeviceModel("en")
    model.set_modules([softhsm_module])
    snap = _snap(softhsm_module, OK_FLAGS)
    model.token_added(softhsm_module, snap)
    status = _status(model, snap)
    assert status.text() == "PIN OK" and not _is_red(status)

    model.token_changed(_snap(softhsm_module, OK_FLAGS | FINAL_TRY))
    status = _status(model, snap)
    assert status.text() == "PIN: final try" and _is_red(status)

    model.token_changed(_snap(softhsm_module, OK_FLAGS | LOCKED))
    status = _status(model, snap)
    assert status.text() == "PIN locked" and _is_red(status)

    # unlocked by the officer (PIN reset): back to normal, not red any more
    model.token_changed(_snap(softhsm_module, OK_FLAGS))
    status = _status(model, snap)
    assert status.text() == "PIN OK" and not _is_red(status)


def test_module_error_follows_the_language(qtbot, tmp_path: Path) -> None:
    broken = Pkcs11Module(str(tmp_path / "no-such-driver.so"))
    assert not broken.loaded and broken.error is not None
    model = DeviceModel("vi")
    model.set_modules([broken])
    status = model.item(0, COL_STATUS)
    assert status.toolTip() == broken.error.vi
    model.set_language("en")
    assert model.item(0, COL_STATUS).toolTip() == broken.error.en
    assert model.item(0, COL_STATUS).text() == "Failed to load"


def test_one_token_through_two_modules_is_one_row(qtbot, tmp_path: Path) -> None:
    """Issue 20 item 4 in the GUI: the vendor's module wins over OpenSC, the other module is
    named in the tooltip, and pulling the shown module's view brings the other one back."""
    opensc = Pkcs11Module(str(tmp_path / "opensc-pkcs11.so"))
    vendor = Pkcs11Module(str(tmp_path / "libcastle.so"))
    model = DeviceModel("en")
    model.set_modules([opensc, vendor])
    via_opensc = TokenSnapshot(TokenInfo(opensc.path, 1, "ePass", "FT", "ePass2003", "S1", OK_FLAGS))
    via_vendor = TokenSnapshot(TokenInfo(vendor.path, 3, "ePass", "FT", "ePass2003", "S1", OK_FLAGS))
    model.token_added(opensc, via_opensc)
    model.token_added(vendor, via_vendor)
    assert model.token_count() == 1
    shown = model.token_item(via_vendor.key)
    assert shown is not None and model.token_item(via_opensc.key) is None
    assert opensc.path in shown.toolTip()
    model.token_removed(via_vendor.key)
    assert model.token_count() == 1 and model.token_item(via_opensc.key) is not None
    model.token_removed(via_opensc.key)
    assert model.token_count() == 0
