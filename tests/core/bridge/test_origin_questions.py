"""First-use questions (reviewer's exp_starve.py): calls from one unknown origin share one
question; past a small cap of origins waiting, further unknown origins are refused at once;
an IT-allowed page is answered while questions wait."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from websockets.asyncio.client import connect

from kyso.core.bridge.policy import BridgePolicy, OriginDecisions
from kyso.core.bridge.server import MAX_PENDING_QUESTIONS, BridgeServer

GOOD = "https://good.example"


class SlowUser:
    """Answers the first-use question only when the test says so."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()

    def ask_origin(self, origin):
        with self.lock:
            self.asked.append(origin)
        assert self.release.wait(60)
        return True

    def sign(self, job):
        raise AssertionError("not asked to sign")

    def verify(self, document):
        raise AssertionError("not asked to verify")

    def certificate_info(self, origin):
        return {"Subject": "CN=Test"}


@pytest.fixture
def server(tmp_path):
    user = SlowUser()
    policy = BridgePolicy(it_origins=(GOOD,), decisions=OriginDecisions(tmp_path / "o.json"))
    srv = BridgeServer(user, policy, port=0, work_dir=tmp_path)
    srv.start()
    yield srv, user
    user.release.set()
    srv.stop()


async def _call(port: int, origin: str, op: str = "Config") -> dict:
    async with connect(f"ws://127.0.0.1:{port}/{op}", origin=origin, open_timeout=60) as ws:
        await ws.send("{}")
        return json.loads(await asyncio.wait_for(ws.recv(), 120))


async def _until(predicate) -> None:
    for _ in range(6000):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never happened")


def test_one_question_per_origin_and_a_cap_on_waiting_origins(server) -> None:
    srv, user = server

    async def main() -> None:
        same = [asyncio.create_task(_call(srv.port, "https://a.example")) for _ in range(6)]
        await _until(lambda: len(user.asked) == 1)
        others = [asyncio.create_task(_call(srv.port, f"https://b{i}.example"))
                  for i in range(MAX_PENDING_QUESTIONS - 1)]
        await _until(lambda: len(user.asked) == MAX_PENDING_QUESTIONS)
        # one origin more than the cap: refused now, in the protocol's refusal shape
        extra = await _call(srv.port, "https://c.example")
        assert extra["Status"] != 0 and extra["Code"] == "bridge_question_waiting", extra
        assert extra["Message"]
        # the IT-allowed page is not starved by the waiting questions
        good = await _call(srv.port, GOOD)
        assert good["Status"] == 0 and good["Product"] == "Kyso"
        # every call is in before the user answers (the old code asked once per call)
        await _until(lambda: len(srv._server.connections) == len(same) + len(others))
        user.release.set()
        answers = await asyncio.gather(*same, *others)
        assert [a["Status"] for a in answers] == [0] * len(answers)
        assert sorted(user.asked) == sorted(
            ["https://a.example"] + [f"https://b{i}.example"
                                     for i in range(MAX_PENDING_QUESTIONS - 1)])
        # answered and remembered: the cap is free again, no new question for a.example
        assert (await _call(srv.port, "https://a.example"))["Status"] == 0
        assert user.asked.count("https://a.example") == 1

    asyncio.run(main())


def test_unsupported_operations_ask_nothing(server) -> None:
    srv, user = server
    answer = asyncio.run(_call(srv.port, "https://d.example", "SignXML"))
    assert answer["Code"] == "unsupported" and user.asked == []


class Dismisser(SlowUser):
    """Closes every first-use question without answering."""

    def ask_origin(self, origin):
        with self.lock:
            self.asked.append(origin)
        return None


def _dismissing(tmp_path, rate: int = 20) -> tuple[BridgeServer, Dismisser]:
    user = Dismisser()
    policy = BridgePolicy(decisions=OriginDecisions(tmp_path / "o.json"), rate_per_minute=rate)
    srv = BridgeServer(user, policy, port=0, work_dir=tmp_path)
    srv.start()
    return srv, user


def test_an_origin_over_its_rate_gets_no_question(tmp_path) -> None:
    """The rate limit is counted before the window opens, not only after an answer."""
    srv, user = _dismissing(tmp_path, rate=3)
    try:
        for _ in range(3):
            srv.policy.check_rate("https://busy.example")
        answer = asyncio.run(_call(srv.port, "https://busy.example"))
    finally:
        srv.stop()
    assert answer["Code"] == "bridge_rate_limited", answer
    assert user.asked == []


def test_a_dismissed_question_is_not_asked_again_at_once(tmp_path) -> None:
    srv, user = _dismissing(tmp_path)
    try:
        first = asyncio.run(_call(srv.port, "https://spam.example"))
        again = asyncio.run(_call(srv.port, "https://spam.example"))
        other = asyncio.run(_call(srv.port, "https://other.example"))
    finally:
        srv.stop()
    # closed unanswered: refused, and refused again without a window during the cool-down
    assert first["Code"] == again["Code"] == "bridge_origin_refused", (first, again)
    assert "một phút" in again["Message"]
    # another origin is still asked; nothing was remembered as the user's answer
    assert other["Code"] == "bridge_origin_refused"
    assert user.asked == ["https://spam.example", "https://other.example"]
    assert srv.policy.decisions is not None
    assert srv.policy.decisions.get("https://spam.example") is None
