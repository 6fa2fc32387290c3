"""Entry points (issue 16 §5): files given at start-up. To verify, they wait for the trust
checker (DEMO roots or IT's anchors loaded), or a DEMO-signed file came out "no certificate
chain found"; ``--sign`` opens them on the Sign page."""

from __future__ import annotations

from kyso.core.app.environment import Environment
from kyso.core.settings import load_settings
from kyso.ui.app import parse_args
from kyso.ui.main_window import MainWindow
from tests.support.signing_fixtures import make_pdf


def _window(qtbot, softhsm_module) -> MainWindow:
    env = Environment(load_settings(), modules=[softhsm_module])
    window = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(window)
    return window


def test_files_to_verify_wait_for_the_checker(
    qtbot, softhsm_module, translations, tmp_path, monkeypatch
) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    w = _window(qtbot, softhsm_module)
    seen: list[object] = []
    monkeypatch.setattr(w.verify_page, "open_paths", lambda paths: seen.append(w.checker))
    w.open_files_when_ready([str(pdf)])  # at start-up: nothing is loaded yet
    assert seen == []
    w.show()
    qtbot.waitUntil(lambda: seen != [], timeout=30000)
    assert seen[0] is not None and seen[0] is w.checker
    assert w.tabs.currentWidget() is w.verify_tab
    w.shutdown()


def test_sign_flag_opens_the_sign_page(qtbot, softhsm_module, translations, tmp_path) -> None:
    args = parse_args(["--sign", "x.pdf", "y.pdf"])
    assert args.sign and args.files == ["x.pdf", "y.pdf"]
    pdf = make_pdf(tmp_path / "b.pdf")
    w = _window(qtbot, softhsm_module)
    w.open_files_when_ready([str(pdf)], sign=True)
    with qtbot.waitSignal(w.ready, timeout=10000):
        w.show()
    qtbot.waitUntil(lambda: w.sign_page.files == [pdf], timeout=5000)
    assert w.tabs.currentWidget() is w.sign_tab
    w.shutdown()
