"""The Sign page survives a token driver that crashes while signing (review finding 3).

The page signs through Pkcs11Key, which logs in and signs in a token host; here the host
is killed with SIGSEGV as it is asked to sign — what a driver crashing in C_Sign does to it
(the real crashing driver is tests/cli/test_sign_driver_crash.py's shim). The window stays,
says which driver failed and what to do, and no file or temporary file is left.
"""

from __future__ import annotations

import os
import signal
import sys

import pytest

from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import Level
from kyso.core.tokens import token_host
from tests.support.signing_fixtures import make_pdf, sign_world_base
from tests.ui.sign.test_sign_page import Harness, sign_and_wait

__all__ = ["sign_world_base"]


@pytest.fixture
def harness(sign_world_base, tmp_path, english):
    return Harness(sign_world_base, tmp_path, sign_world_base.serial)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGSEGV")
def test_driver_crash_in_c_sign_is_a_message_not_a_dead_window(
    qtbot, harness, tmp_path, monkeypatch
) -> None:
    real_call = token_host.TokenHost.call

    def crashing(self, op, timeout=None, **args):
        if op == "sign":
            os.kill(self._proc.pid, signal.SIGSEGV)
        return real_call(self, op, timeout, **args)

    monkeypatch.setattr(token_host.TokenHost, "call", crashing)
    pdf = make_pdf(tmp_path / "vanban.pdf")
    page = harness.page(qtbot)
    page.add_paths([pdf])
    assert page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)

    report = sign_and_wait(qtbot, page)

    [result] = report.results
    assert result.status == "failed" and result.error.code == "driver_crashed"
    box = page.message_box
    assert box is not None and box.isVisible()
    assert "The token's driver crashed while signing" in box.text()
    assert harness.world.module.path in box.text()
    # the window is alive and usable again
    assert page.isVisible() and not page.is_busy() and page.sign_button.isEnabled()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")] == ["vanban.pdf"]
