"""The Phụ lục I heading follows the directive saved in the Settings dialog at once.

The clerk enters the province's directive (number, date, issuer) in Settings and makes the
report: its heading cites that directive, not the one the window started with (found by a
fault hunter: the inventory page kept the directive read when the window opened, so the
report went out headed by the neutral line — or by Hà Nội's 4414 — until Kyso restarted).
Driven through the real main window and Settings dialog, the XLSX read back with openpyxl.
"""

from __future__ import annotations

import openpyxl

from kyso.core.inventory.phuluc import NEUTRAL_REFERENCE, Directive
from kyso.core.inventory.store import Inventory
from kyso.ui.settings_dialog import SettingsDialog

TIMEOUT = 10000


def _row3(path) -> str:
    wb = openpyxl.load_workbook(path)
    try:
        return str(wb["Phụ lục I"]["A3"].value)
    finally:
        wb.close()


def test_a_directive_saved_in_settings_heads_the_next_report(qtbot, main_window, tmp_path):
    env = main_window.env
    with Inventory.open_default(env.settings.values, env.paths) as inv:
        inv.set_reporting_unit_name("Sở Y tế tỉnh Hưng Yên")
        groups = inv.ensure_standard_groups()
        inv.add_unit("Khối Văn phòng", parent_id=groups[0], staff=10)
    page = main_window.inventory_page
    first = tmp_path / "truoc.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT):
        page.export_report("2025-08", first)
    assert _row3(first) == NEUTRAL_REFERENCE

    dialog = SettingsDialog(env.settings, main_window, language="vi")
    qtbot.addWidget(dialog)
    # Each of the three is captioned in Vietnamese, not by its key in the settings file.
    for name in ("phuluc_directive_number", "phuluc_directive_date", "phuluc_directive_issuer"):
        caption = dialog.form.labelForField(dialog.editors[name])
        assert caption is not None and "Phụ lục I" in caption.text(), name
    dialog.editors["phuluc_directive_number"].setText("Kế hoạch số 12/KH-UBND")
    dialog.editors["phuluc_directive_date"].setText("10/8/2025")
    dialog.editors["phuluc_directive_issuer"].setText("Ủy ban nhân dân tỉnh Hưng Yên")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted

    after = tmp_path / "sau.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT):
        page.export_report("2025-08", after)
    expected = Directive(
        "Kế hoạch số 12/KH-UBND", "10/8/2025", "Ủy ban nhân dân tỉnh Hưng Yên"
    ).reference
    assert _row3(after) == expected
