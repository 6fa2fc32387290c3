"""Settings precedence: defaults < machine [defaults] < per-user < machine [settings] (locked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyso.core.errors import SettingsError
from kyso.core.settings import Paths, Settings, load_settings, save_user_settings


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("machine", "user", "expected", "locked"),
    [
        ("", {}, 500, False),
        ("[defaults]\nwatch_interval_ms = 800\n", {}, 800, False),
        ("[defaults]\nwatch_interval_ms = 800\n", {"watch_interval_ms": 300}, 300, False),
        ("[settings]\nwatch_interval_ms = 1000\n", {"watch_interval_ms": 300}, 1000, True),
        (
            "[defaults]\nwatch_interval_ms = 800\n[settings]\nwatch_interval_ms = 900\n",
            {"watch_interval_ms": 300},
            900,
            True,
        ),
    ],
)
def test_precedence(tmp_path: Path, machine: str, user: dict, expected: int, locked: bool) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, user)
    loaded = load_settings(paths, _write(tmp_path / "machine.toml", machine))
    assert loaded.values.watch_interval_ms == expected
    assert loaded.is_locked("watch_interval_ms") is locked
    assert loaded.problems == []


def test_defaults_are_declared_once() -> None:
    s = Settings()
    assert s.watch_interval_ms == 500 and s.expiry_warning_days == 30
    assert s.tsa_url == "http://tsa.ca.gov.vn"
    assert s.pin_in_keyring is False and s.allow_outdated_org_cert is False


def test_malformed_machine_file_is_reported_with_line_and_ignored(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, {"expiry_warning_days": 45})
    bad = _write(tmp_path / "machine.toml", "[settings]\nexpiry_warning_days = 10\ntsa_url = \n")
    loaded = load_settings(paths, bad)
    assert loaded.values.expiry_warning_days == 45  # the whole bad file is ignored
    assert len(loaded.problems) == 1
    assert "line 3" in loaded.problems[0].vi and str(bad) in loaded.problems[0].vi


def test_wrong_types_and_unknown_names_are_reported(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    machine = _write(
        tmp_path / "machine.toml",
        '[settings]\nexpiry_warning_days = "ten"\nno_such_thing = 1\npin_in_keyring = true\n',
    )
    loaded = load_settings(paths, machine)
    assert loaded.values.expiry_warning_days == 30
    assert loaded.values.pin_in_keyring is True
    codes = sorted(p.code for p in loaded.problems)
    assert codes == ["settings_type", "settings_unknown"]


def test_malformed_user_file_is_ignored(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    paths.config_dir.mkdir(parents=True)
    paths.user_settings_file.write_text("{not json", encoding="utf-8")
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert loaded.values == Settings()
    assert loaded.problems and "line 1" in loaded.problems[0].en


def test_set_user_saves_and_respects_locks(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    machine = _write(tmp_path / "machine.toml", '[settings]\ntsa_url = "http://tsa.local"\n')
    loaded = load_settings(paths, machine)
    loaded.set_user("language", "en")
    assert load_settings(paths, machine).values.language == "en"
    with pytest.raises(SettingsError) as info:
        loaded.set_user("tsa_url", "http://other")
    assert info.value.code == "settings_locked"
    with pytest.raises(SettingsError):
        loaded.set_user("watch_interval_ms", "fast")


def test_machine_only_settings_ignore_user_values(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    save_user_settings(paths, {"allow_outdated_org_cert": True, "pin_in_keyring": True})
    loaded = load_settings(paths, tmp_path / "none.toml")
    assert loaded.values.allow_outdated_org_cert is False
    assert loaded.values.pin_in_keyring is False
    assert sorted(p.code for p in loaded.problems) == ["settings_machine_only"] * 2
    with pytest.raises(SettingsError):
        loaded.set_user("allow_outdated_org_cert", True)
    machine = _write(tmp_path / "machine.toml", "[settings]\nallow_outdated_org_cert = true\n")
    assert load_settings(paths, machine).values.allow_outdated_org_cert is True
