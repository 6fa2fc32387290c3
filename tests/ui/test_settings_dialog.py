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
    # the padlock is a picture from resources (an emoji showed as an empty box without a
    # colour-emoji font): it has opaque pixels, beside the locked setting's label
    icons = dialog.findChildren(QLabel, "lockIcon")
    assert icons
    image = icons[0].pixmap().toImage()
    assert not image.isNull()
    opaque = sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 200
    )
    assert opaque > image.width() * image.height() // 4
    assert not any("🔒" in w.text() for w in dialog.findChildren(QLabel))
    dialog.editors["expiry_warning_days"].setValue(45)
    dialog.editors["pkcs11_modules"].setPlainText("/opt/a.so\n\n/opt/b.so\n")
    dialog.save()
    again = load_settings(paths, machine)
    assert again.values.expiry_warning_days == 45
    assert again.values.pkcs11_modules == ["/opt/a.so", "/opt/b.so"]
    assert again.values.tsa_url == "http://tsa.it.local"


def test_save_error_is_shown_in_the_dialog_language(
    qtbot, tmp_path: Path, translations, monkeypatch
) -> None:
    from kyso.core.errors import SettingsError
    from kyso.ui.settings_dialog import SettingsDialog

    settings = load_settings(Paths.under(tmp_path), tmp_path / "none.toml")

    def refuse(name: str, value: object) -> None:
        raise SettingsError("Không lưu được thiết lập.", "Could not save the settings.")

    monkeypatch.setattr(settings, "set_user", refuse)
    english = SettingsDialog(settings, language="en")
    qtbot.addWidget(english)
    english.editors["expiry_warning_days"].setValue(46)
    english.save()
    assert english.error.text() == "Could not save the settings."
    assert english.result() == 0  # stays open
    default = SettingsDialog(settings)  # the settings' own language: Vietnamese
    qtbot.addWidget(default)
    default.editors["expiry_warning_days"].setValue(46)
    default.save()
    assert default.error.text() == "Không lưu được thiết lập."


def test_every_setting_is_captioned_in_words(qtbot, tmp_path: Path, translations) -> None:
    """No setting shows its file key ("crl_dir", "proxy_url"…) as its caption (Vietnamese,
    the app's first language)."""
    from kyso.core.settings import SETTING_NAMES
    from kyso.ui.settings_dialog import SettingsDialog

    settings = load_settings(Paths.under(tmp_path), tmp_path / "machine.toml")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    for name in SETTING_NAMES:
        caption = dialog.form.labelForField(dialog.editors[name])
        labels = [caption] if isinstance(caption, QLabel) else caption.findChildren(QLabel)
        text = " ".join(label.text() for label in labels).strip()  # a locked one: its padlock
        assert text and name not in text, (name, text)
