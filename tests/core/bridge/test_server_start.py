"""The listener's start reports every failure, not only a busy port: a bundle without the
``websockets`` package (seen in a stale build) once logged "listening" while nothing listened,
and ``kyso-desktop --background`` then kept running for nothing."""

from __future__ import annotations

import sys

import pytest

from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer
from kyso.core.errors import KysoError


class _NoApp:
    pass


def test_a_listener_that_cannot_start_says_so(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "websockets.asyncio.server", None)  # import fails
    server = BridgeServer(_NoApp(), BridgePolicy(), port=0)  # type: ignore[arg-type]
    with pytest.raises(KysoError) as failed:
        server.start()
    assert failed.value.code == "bridge_port_busy"
    assert "websockets" in failed.value.en
    assert server._thread is not None
    server._thread.join(10)
    assert not server._thread.is_alive()
