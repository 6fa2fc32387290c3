"""``[bridge] enabled``: one rule for the app's start, the login start and the installers —
only a real boolean counts, anything else is off and reported; an unreadable machine file
keeps the listener off; a bare table is on everywhere (reviewer's enabled.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyso.core.bridge.config import it_enabled, read_config
from kyso.core.settings import Paths, load_settings


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kyso.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ['"false"', "0", '"no"', '"true"', "1", "[]"])
def test_a_non_boolean_enabled_is_off_and_reported(tmp_path, value) -> None:
    machine = _file(tmp_path, f"[bridge]\nenabled = {value}\n")
    assert read_config(machine).enabled is False
    assert it_enabled(machine) is False
    problems = load_settings(Paths.under(tmp_path / "home"), machine).problems
    assert [p.code for p in problems] == ["settings_type"]
    assert "enabled" in problems[0].en and "off" in problems[0].en


@pytest.mark.parametrize("text", [
    "[bridge\nenabled = true\n",          # TOML syntax error
    "[bridge]\nenabled = true\n\xff",     # not UTF-8 once written as latin-1
])
def test_an_unreadable_machine_file_keeps_the_listener_off(tmp_path, text) -> None:
    machine = tmp_path / "kyso.toml"
    machine.write_bytes(text.encode("latin-1"))
    assert read_config(machine).enabled is False
    assert it_enabled(machine) is False


def test_bridge_not_a_table_is_off_and_reported(tmp_path) -> None:
    machine = _file(tmp_path, "bridge = true\n")
    assert read_config(machine).enabled is False and it_enabled(machine) is False
    assert [p.code for p in load_settings(Paths.under(tmp_path / "h"), machine).problems] == [
        "settings_type"]


def test_booleans_and_the_bare_table(tmp_path) -> None:
    on = _file(tmp_path, "[bridge]\nenabled = true\n")
    assert read_config(on).enabled and it_enabled(on)
    off = _file(tmp_path, "[bridge]\nenabled = false\n")
    assert not read_config(off).enabled and not it_enabled(off)
    bare = _file(tmp_path, "[bridge]\n")
    assert read_config(bare).enabled and it_enabled(bare)  # the same answer everywhere
    assert load_settings(Paths.under(tmp_path / "h"), bare).problems == []


def test_no_table_or_no_file(tmp_path) -> None:
    """IT said nothing: the app's own start may listen (a user's ``kyso bridge setup``);
    the login start and the installers need IT's table."""
    none = _file(tmp_path, "[settings]\nuse_builtin_modules = false\n")
    assert read_config(none).enabled and not it_enabled(none)
    missing = tmp_path / "absent.toml"
    assert read_config(missing).enabled and not it_enabled(missing)
