"""The item-4 dialog names each organization certificate by its shown name and says where
Kyso found it (issue 15, review session 6)."""

from __future__ import annotations

from kyso.core.signing.choice import FallbackChoice
from kyso.core.signing.policy import OrganizationCert
from kyso.ui.sign.emergency import EmergencyDialog

UBND = "UBND tỉnh Hưng Yên"


def test_each_choice_says_where_its_certificate_is(qtbot, english) -> None:
    office = OrganizationCert("Văn phòng", "aa" * 32, "current", "remote", f"Văn phòng {UBND}")
    ubnd = OrganizationCert(UBND, "bb" * 32, "current", "inventory", UBND)
    choices = [FallbackChoice(office, f"Văn phòng {UBND}", best=True), FallbackChoice(ubnd, UBND)]
    dialog = EmergencyDialog("en", "Văn phòng", choices=choices)
    qtbot.addWidget(dialog)
    combo = dialog.organization_combo
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == [
        f"Văn phòng {UBND} (in the remote signing account) — best match",
        f"{UBND} (in the inventory)",
    ]
    assert dialog.organization() == f"Văn phòng {UBND}"
    combo.setCurrentIndex(1)
    assert dialog.organization() == UBND
    assert f"“{UBND}” already has a certificate" in dialog.intro.text()


def test_the_remote_account_is_said_in_vietnamese(qtbot, translations) -> None:
    translations.use("vi")
    office = OrganizationCert("Văn phòng", "aa" * 32, "current", "remote", f"Văn phòng {UBND}")
    ubnd = OrganizationCert(UBND, "bb" * 32, "current", "token", UBND)
    choices = [FallbackChoice(office, f"Văn phòng {UBND}", best=True), FallbackChoice(ubnd, UBND)]
    dialog = EmergencyDialog("vi", "Văn phòng", choices=choices)
    qtbot.addWidget(dialog)
    assert dialog.organization_combo is not None
    assert dialog.organization_combo.itemText(0) == (
        f"Văn phòng {UBND} (trong tài khoản ký số từ xa) — khớp nhất"
    )
    assert dialog.organization_combo.itemText(1) == f"{UBND} (trong token đang cắm)"
