from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kyso.core.app.environment import Environment
from kyso.core.settings import load_settings
from kyso.ui.main_window import MainWindow


@pytest.fixture(scope="session")
def translations(qapp):
    """Vietnamese, as users see Kyso by default."""
    from kyso.ui.app import Translations

    t = Translations(qapp)
    assert t.use("vi"), "resources/translations/kyso_vi.qm missing: ./test.sh builds it"
    return t


@pytest.fixture
def main_window(qtbot, softhsm_module, translations):
    """The real main window over the test SoftHSM2 module, ready (watcher running)."""
    env = Environment(load_settings(), modules=[softhsm_module])
    window = MainWindow(lambda: env, language="vi")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    yield window
    window.shutdown()


@pytest.fixture
def english(translations):
    """Run a test with the English source strings (restores Vietnamese afterwards)."""
    translations.use("en")
    yield
    translations.use("vi")
