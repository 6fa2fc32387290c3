"""Trust and two-tier verdicts in the device view; "Check all" with progress; export."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from cryptography.hazmat.primitives import hashes

from kyso.ui.device_model import COL_REFORM, COL_STATUS

from .test_main_window import _labels


def _sha(issued) -> str:
    return issued.cert.fingerprint(hashes.SHA256()).hex()


def _row_texts(w, sha: str) -> tuple[str, str]:
    name = w.model._certs[sha][0]
    parent = name.parent()
    return parent.child(name.row(), COL_STATUS).text(), parent.child(name.row(), COL_REFORM).text()


def test_badges_appear_after_insert(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    tokens.demo(test_pki)
    leader, org = _sha(test_pki.leader), _sha(test_pki.organization)
    qtbot.waitUntil(lambda: leader in w.model.checks and org in w.model.checks, timeout=15000)
    trust, reform = _row_texts(w, leader)
    # No anchors are configured in the test home: the TEST root is not trusted.
    assert trust == "✖ Không đạt"
    assert reform == "✖ Đơn vị đã giải thể"
    assert _row_texts(w, org)[1] == "✔ Mô hình mới"
    assert _row_texts(w, _sha(test_pki.leader_province))[1] == "✎ Cần thay đổi"
    w.select_certificate(lambda c: c.label == "leader")
    rows = w.details.rows()
    assert ("Tin cậy", "Không đạt") in rows
    assert any(k == "Lý do" and "gốc" in v.lower() for k, v in rows), rows


def test_check_all_with_progress_and_export(
    qtbot, main_window, tokens, test_pki, tmp_path: Path
) -> None:
    w = main_window
    tok = tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Nguyễn Văn An" in _labels(w), timeout=3000)
    qtbot.waitUntil(lambda: w.act_check_all.isEnabled(), timeout=15000)
    w.act_check_all.trigger()
    assert w.progress is not None
    qtbot.waitUntil(lambda: w.act_export.isEnabled(), timeout=30000)
    assert w.progress is None
    mine = [r for r in w.check_rows if r.token_serial == tok.serial]
    assert len(mine) == len(test_pki.leaves()) == 6  # every leaf, the new-model leader too
    out = tmp_path / "ket-qua.xlsx"
    try:
        with qtbot.waitSignal(w.exported, timeout=10000):
            w.export_checks(out)
    except Exception:
        from PySide6.QtCore import QThreadPool

        pool = QThreadPool.globalInstance()
        raise AssertionError(
            f"status={w.statusBar().currentMessage()!r} active={pool.activeThreadCount()}"
        ) from None
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws["A2"].value == "STT" and ws["H2"].value == "Tin cậy"
    values = [row for row in ws.iter_rows(min_row=3, values_only=True)]
    wb.close()
    assert {v[3] for v in values if v[2] == tok.serial} >= {"Nguyễn Văn An", "Trần Thị Bình"}
    assert all(v[7] in ("Tin cậy", "Cần lưu ý", "Không đạt") for v in values)
    csv_out = tmp_path / "ket-qua.csv"
    with qtbot.waitSignal(w.exported, timeout=10000):
        w.export_checks(csv_out)
    with csv_out.open(encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][0] == "STT" and len(lines) == len(values) + 1
    # never overwrite unless asked
    w.export_checks(csv_out)
    qtbot.waitUntil(
        lambda: (
            w.findChild(
                __import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox, "errorBox"
            )
            is not None
        ),
        timeout=5000,
    )


def test_check_all_can_be_cancelled(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Nguyễn Văn An" in _labels(w), timeout=3000)
    qtbot.waitUntil(lambda: w.act_check_all.isEnabled(), timeout=15000)
    w.act_check_all.trigger()
    w.progress.cancel()
    qtbot.waitUntil(lambda: w.progress is None, timeout=30000)
    assert w.act_check_all.isEnabled()


def test_add_to_inventory_from_device_view(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    tokens.demo(test_pki)
    leader = _sha(test_pki.leader)
    qtbot.waitUntil(lambda: leader in w.model.checks, timeout=15000)
    page = w.inventory_page
    assert page is not None and w.tabs.indexOf(w.inventory_tab) > 0
    with page.open_inventory() as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit("Văn phòng UBND", parent_id=groups[0], staff=12)
    page.set_default_unit(unit)
    w.select_certificate(lambda c: c.label == "leader")
    assert w.act_add_inventory.isEnabled()
    with qtbot.waitSignal(page.certificate_added, timeout=10000):
        w.act_add_inventory.trigger()
    w.act_add_inventory.trigger()  # a re-scan updates, never duplicates
    qtbot.wait(200)
    with page.open_inventory() as inv:
        records = [r for r in inv.certificates() if r.fingerprint == leader]
    assert len(records) == 1
    rec = records[0]
    assert rec.unit_id == unit and rec.holder_kind == "person"
    assert rec.on_new_model is False


def test_two_tier_panel_follows_selection(qtbot, main_window, tokens, test_pki) -> None:
    w = main_window
    tokens.demo(test_pki)
    qtbot.waitUntil(lambda: "Trần Thị Bình" in _labels(w), timeout=3000)
    w.select_certificate(lambda c: c.label == "leader-province")
    assert w.reform_panel.result.status == "needs_change"
    assert w.reform_panel.changed_rows() == ["O", "L"]
    assert w.side_tabs.tabText(1) == "Mô hình hai cấp"
    w.select_certificate(lambda c: c.label == "organization")
    assert w.reform_panel.result.status == "current"
    assert w.reform_panel.changed_rows() == []


def test_download_roots_refuses_unpinned(qtbot, main_window, world, monkeypatch) -> None:
    import functools

    from PySide6.QtWidgets import QMessageBox

    import kyso.ui.main_window as mw
    from kyso.core.trust.anchors import download_bcy_roots
    from tests.support.responders import CaIssuersServer

    server = CaIssuersServer()
    try:
        server.files["/rootcag2.crt"] = world.pki.root.der
        monkeypatch.setattr(
            mw,
            "download_bcy_roots",
            functools.partial(download_bcy_roots, urls=[server.url("/rootcag2.crt")], timeout=2),
        )
        main_window.act_download_roots.trigger()
        qtbot.waitUntil(
            lambda: main_window.findChild(QMessageBox, "errorBox") is not None, timeout=10000
        )
        assert "dấu vân tay" in main_window.findChild(QMessageBox, "errorBox").text()
    finally:
        server.stop()
