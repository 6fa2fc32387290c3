"""The GUI PIN prompter: one dialog at a time, each answer to its own request."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from kyso.core.tokens.sessions import PinRequest
from kyso.core.tokens.slots import PinState, TokenInfo
from kyso.ui.pin_dialog import GuiPinPrompter


def _request(label: str) -> PinRequest:
    info = TokenInfo("m", 1, label, "maker", "model", label, 0x40D)
    return PinRequest(info, PinState.from_flags(info.flags))


def test_two_logins_never_swap_pins(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    prompter = GuiPinPrompter(parent, "vi")
    answers: dict[str, str | None] = {}

    def ask(label: str) -> None:
        answers[label] = prompter.ask_pin(_request(label))

    threads = [threading.Thread(target=ask, args=(label,)) for label in ("TOKEN-A", "TOKEN-B")]
    for t in threads:
        t.start()
    for _ in range(2):
        qtbot.waitUntil(lambda: prompter.last_dialog is not None, timeout=5000)
        dialog = prompter.last_dialog
        label = dialog.request.token.label
        qtbot.keyClicks(dialog.pin_edit, f"PIN-OF-{label}")
        dialog.accept()
        qtbot.waitUntil(lambda label=label: label in answers, timeout=5000)
    for t in threads:
        t.join(5)
    assert answers == {"TOKEN-A": "PIN-OF-TOKEN-A", "TOKEN-B": "PIN-OF-TOKEN-B"}


def test_shutdown_releases_a_waiting_worker(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    prompter = GuiPinPrompter(parent, "vi")
    result: list[str | None] = []
    worker = threading.Thread(target=lambda: result.append(prompter.ask_pin(_request("T"))))
    worker.start()
    qtbot.waitUntil(lambda: prompter.last_dialog is not None, timeout=5000)
    prompter.shutdown()
    worker.join(5)
    assert not worker.is_alive() and result == [None]
    prompter.last_dialog.close()
