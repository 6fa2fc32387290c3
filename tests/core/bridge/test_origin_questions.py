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
