"""Layouts that fit real screens (issue 16 §3): the main window at 1366×768 and 1920×1080,
at 100 %, 125 % and 150 % scaling, with the DEMO-like test token inserted and a PDF on the
Sign page. Each page is photographed (under the test's tmp folder, for a human to look at)
and the main actions must lie inside the window, visible and not clipped.

Scaling is simulated the way Qt applies it: ``QT_SCALE_FACTOR`` = s divides the logical
size a screen offers by s, so a 1366×768 screen at 125 % gives the window 1093×614 logical
pixels; the layout is the same either way. (The process-wide factor cannot change inside a
test process; ``test_scale_factor_in_a_child_process`` runs one real scaled start.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from tests.support.signing_fixtures import make_pdf

SCREENS = [(1366, 768), (1920, 1080)]
SCALES = [1.0, 1.25, 1.5]
TASKBAR = 48
"""Room the desktop's task bar and the window frame take (logical pixels at 100 %)."""


def _inside(widget: QWidget, window: QWidget) -> bool:
    """Widget visible, its whole rectangle inside the window's and not clipped by parents."""
    if not widget.isVisible():
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return False
    return widget.visibleRegion().boundingRect().size() == widget.size()


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES, ids=lambda s: f"{int(s * 100)}pct")
def test_main_actions_fit(qtbot, main_window, tokens, test_pki, tmp_path, screen, scale) -> None:
    w = main_window
    tokens.demo(test_pki, stem="KYSO DEMO")  # the DEMO banner takes its room too
    qtbot.waitUntil(lambda: w.demo_banner.isVisible(), timeout=5000)
    width, height = int(screen[0] / scale), int((screen[1] - TASKBAR) / scale)
    w.resize(width, height)
    qtbot.waitUntil(lambda: w.size().width() == width, timeout=2000)
    # the window can be this small at all (no page forces a larger minimum)
    assert w.minimumSizeHint().width() <= width and w.minimumSizeHint().height() <= height

    pdf = make_pdf(tmp_path / "công văn số 12-UBND.pdf", pages=2)
    w.open_files([str(pdf)], sign=True)
    page = w.sign_page
    qtbot.waitUntil(lambda: page.files == [pdf], timeout=5000)
    qtbot.waitUntil(lambda: page.cert_tree.topLevelItemCount() >= 5, timeout=5000)
    assert page.select_certificate(lambda c: c.entry.label == "organization")
    # the profile's default place is drawn with its appearance before anything is placed
    qtbot.waitUntil(
        lambda: page.preview.ghost is not None and page.preview.appearance is not None,
        timeout=10000,
    )
    shots = tmp_path / "screens"
    shots.mkdir(exist_ok=True)
    name = f"{screen[0]}x{screen[1]}@{int(scale * 100)}"
    w.grab().save(str(shots / f"sign-{name}.png"))
    for button in (page.sign_button, page.cancel_button):
        assert _inside(button, w), (name, button.objectName(), button.geometry())
    assert page.sign_button.isEnabled()
    # five certificates are listed without scrolling
    tree = page.cert_tree
    last = tree.visualItemRect(tree.topLevelItem(4))
    assert tree.viewport().rect().contains(last), (name, last, tree.viewport().rect())
    # the preview keeps a usable share of the width
    assert page.preview.width() >= width * 0.3
    # the file list shows the file's whole name while the other columns are empty (it was
    # cut to "công v…ND.pdf" in a 100-pixel column beside an empty, stretched one)
    files = page.file_tree
    needed = files.fontMetrics().horizontalAdvance(pdf.name) + 12
    assert files.columnWidth(0) >= needed, (name, files.columnWidth(0), needed)
    assert files.columnWidth(0) + files.columnWidth(1) + files.columnWidth(2) <= (
        files.viewport().width()
    ), name  # and no column runs off to the right

    w.tabs.setCurrentWidget(w.verify_tab)
    qtbot.wait(20)
    w.grab().save(str(shots / f"verify-{name}.png"))
    v = w.verify_page
    for button in (v.open_button, v.folder_button, v.export_pdf_button, v.clear_button):
        assert _inside(button, w), (name, button.text())
    w.tabs.setCurrentIndex(0)
    qtbot.wait(20)
    w.grab().save(str(shots / f"devices-{name}.png"))
    if w.inventory_page is not None:
        w.tabs.setCurrentWidget(w.inventory_tab)
        qtbot.wait(20)
        w.grab().save(str(shots / f"inventory-{name}.png"))
    assert (shots / f"sign-{name}.png").stat().st_size > 10_000


def test_scale_factor_in_a_child_process(tmp_path: Path) -> None:
    """A real start with QT_SCALE_FACTOR=1.5 on a 1366×768 offscreen screen: the default
    window fits the screen and its Sign button is inside it (measured by the child)."""
    script = tmp_path / "child.py"
    script.write_text(
        "import sys\n"
        "from PySide6.QtCore import QPoint, QRect\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from kyso.core.app.environment import Environment\n"
        "from kyso.core.settings import load_settings\n"
        "from kyso.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "w = MainWindow(lambda: Environment(load_settings(), modules=[]), language='vi')\n"
        "w.show(); w.tabs.setCurrentWidget(w.sign_tab); app.processEvents()\n"
        "b = w.sign_page.sign_button\n"
        "r = QRect(b.mapTo(w, QPoint(0, 0)), b.size())\n"
        "scr = app.primaryScreen().availableGeometry()\n"
        "print(w.width(), w.height(), scr.width(), scr.height(), "
        "int(w.rect().contains(r)), int(b.isVisible()))\n"
        "w.shutdown()\n"
    )
    screen = tmp_path / "screen.json"
    screen.write_text(
        '{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, '
        '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        QT_SCALE_FACTOR="1.5",
        KYSO_HOME=str(tmp_path / "home"),
    )
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    ww, wh, sw, sh, inside, visible = (int(v) for v in out.stdout.split()[-6:])
    assert (sw, sh) == (911, 512)  # 1366×768 at 150 %
    assert ww <= sw and wh <= sh, (ww, wh, sw, sh)
    assert inside and visible
