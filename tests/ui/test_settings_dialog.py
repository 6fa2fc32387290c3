"""Settings dialog: locked settings show locked and cannot be changed; others save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from kyso.core.settings import Paths, load_settings


def test_locked_settings_are_shown_locked(qtbot, tmp_path: Path, translations) -> None:
    from kyso.ui.settings_dialog import SettingsDialog

    machine = tmp_path / "machine.toml"
    machine.write_text('[settings]\ntsa_url = "http://tsa.it.local"\n', encoding="utf-8")
    paths = Paths.under(tmp_path)
    settings = load_settings(paths, machine)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    tsa = dialog.editors["tsa_url"]
    assert not tsa.isEnabled() and tsa.text() == "http://tsa.it.local"
    assert "CNTT" in tsa.toolTip()
    assert not dialog.editors["allow_outdated_org_cert"].isEnabled()  # IT's decision only
    assert dialog.editors["expiry_warning_days"].isEnabled()
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert any(t.startswith("🔒") for t in labels)
    dialog.editors["expiry_warning_days"].setValue(45)
    dialog.editors["pkcs11_modules"].setPlainText("/opt/a.so\n\n/opt/b.so\n")
    dialog.save()
    again = load_settings(paths, machine)
    assert again.values.expiry_warning_days == 45
    assert again.values.pkcs11_modules == ["/opt/a.so", "/opt/b.so"]
    assert again.values.tsa_url == "http://tsa.it.local"
