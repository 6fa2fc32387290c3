"""Review of "[bridge] max_batch_mb out of range is said to IT by every command"
(core/settings.py ``_bridge_problems``, ``BRIDGE_MAX_BATCH_MB``; core/bridge/config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyso.core.bridge.config import read_config
from kyso.core.bridge.policy import MAX_BATCH
from kyso.core.settings import Paths, load_settings


def _said(tmp_path: Path, text: str) -> list[str]:
    machine = tmp_path / "kyso.toml"
    machine.write_text(text, encoding="utf-8")
    loaded = load_settings(Paths.under(tmp_path / "home"), machine_file=machine)
    return [p.vi for p in loaded.problems if "[bridge]" in p.vi or "bridge" in p.en]


def test_a_broken_switch_and_a_broken_batch_limit_are_both_said(tmp_path: Path) -> None:
    """Found by review, fixed: IT's file has ``enabled = "yes"`` and ``max_batch_mb = 0``: every command
    says only the first (the bridge is off), returning before the limit is looked at. IT
    fixes the switch, restarts, and only then learns that the limit is ignored too (200 MB
    used) — one broken line per round trip, where every other settings problem is said
    all at once."""
    said = _said(tmp_path, '[bridge]\nenabled = "yes"\nmax_batch_mb = 0\n')
    assert any("enabled" in s and "dòng 2" in s for s in said), said
    assert any("max_batch_mb" in s and "dòng 3" in s for s in said), said


@pytest.mark.parametrize(
    "value", ["20.0", "9223372036854775807", "-9223372036854775808", "1e3", "[500]", "{}"]
)
def test_values_toml_allows_are_said_and_replaced_by_the_default(
    tmp_path: Path, value: str
) -> None:
    """Pinned by review: a float that is a whole number, the largest and smallest TOML
    integers, an array, a table: every command says it with its line, and the bridge uses
    200 MB — what is said is what is done."""
    said = _said(tmp_path, f"[bridge]\nenabled = true\nmax_batch_mb = {value}\n")
    assert [s for s in said if "max_batch_mb" in s and "dòng 3" in s and "200 MB" in s], said
    assert read_config(tmp_path / "kyso.toml").max_batch == MAX_BATCH


@pytest.mark.parametrize("value", [1, 200, 100_000])
def test_values_in_range_are_used_and_not_said(tmp_path: Path, value: int) -> None:
    """Pinned by review: the bounds themselves are accepted by both the report and the
    bridge."""
    said = _said(tmp_path, f"[bridge]\nmax_batch_mb = {value}\n")
    assert not [s for s in said if "max_batch_mb" in s], said
    assert read_config(tmp_path / "kyso.toml").max_batch == value * 1024 * 1024


def test_a_limit_in_an_inline_table_is_said(tmp_path: Path) -> None:
    """Pinned by review: ``bridge = { max_batch_mb = 0 }`` is said too (without a line
    number: the key is not at the start of a line)."""
    said = _said(tmp_path, "bridge = { max_batch_mb = 0 }\n")
    assert [s for s in said if "max_batch_mb" in s and "200 MB" in s], said


def test_a_bridge_that_is_not_a_table_is_said_once(tmp_path: Path) -> None:
    """Pinned by review: ``bridge = 5`` is said once (the bridge is off), with its line."""
    said = _said(tmp_path, "bridge = 5\n")
    assert len(said) == 1 and "dòng 1" in said[0], said
    assert read_config(tmp_path / "kyso.toml").enabled is False
