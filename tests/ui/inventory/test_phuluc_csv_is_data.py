"""The Phụ lục I CSV is the table as data, the XLSX the report a clerk sends (review session
6, item 18). Every face says so: the export and merge dialogs, `kyso report --help`; and the
CSV stays one table (the header row, one row per unit, "Tổng cộng"), with no heading lines
that a program reading it as data would trip over."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from kyso.core.inventory.phuluc import build_report
from kyso.core.inventory.report_files import CSV_HEADER, TOTAL_LABEL, write_csv
from kyso.core.inventory.store import FocalPerson, Inventory
from kyso.ui.inventory.dialogs import ExportDialog, FileChooser, MergeDialog


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("kind", [ExportDialog, MergeDialog])
def test_dialogs_say_the_csv_is_the_table_and_the_xlsx_is_sent(qtbot, kind) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = kind(parent, FileChooser(parent))
    tip = dialog.with_csv.toolTip()
    assert "data" in tip and "XLSX" in tip and "send" in tip


@pytest.mark.usefixtures("translations")
def test_the_tooltip_is_translated(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    tip = ExportDialog(parent, FileChooser(parent)).with_csv.toolTip()
    assert "số liệu" in tip and "XLSX" in tip and "gửi" in tip


def test_cli_help_says_so() -> None:
    from kyso.cli.inventory import add_inventory_commands

    parser = argparse.ArgumentParser(prog="kyso")
    add_inventory_commands(parser.add_subparsers())
    sub = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    text = sub["report"].format_help()
    assert "số liệu" in text and "XLSX" in text


def test_csv_is_one_table(tmp_path: Path) -> None:
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.set_reporting_unit_name("Sở Y tế thành phố Hà Nội")
        inv.set_focal_person(FocalPerson("Nguyễn Văn An"))
        groups = inv.ensure_standard_groups()
        inv.add_unit("Văn phòng", parent_id=groups[0], staff=5)
        report = build_report(inv, "2025-08")
    out = write_csv(report, tmp_path / "pl1.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == CSV_HEADER
    assert all(len(r) == len(CSV_HEADER) for r in rows)
    assert rows[-1][1] == TOTAL_LABEL
    assert not any("4414" in c or "PHỤ LỤC" in c for r in rows for c in r)
