"""The signing queue holds only the consent window (and the PIN and signing): a page's slow
download or trickling upload handler never holds another page's window; each page gets its
own answer; a page that leaves (or a call the user cancels, or the bridge stopping) cuts its
own transfer; the call's temporary files (downloaded originals, signed copies) are gone on
every way out. Real HTTP servers on 127.0.0.1 (the unit's web app and a scripted upload
handler that holds its answer until the test lets it go); events are compared by order,
never by time."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import threading
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer, SignJob, SignOutcome, Transfer
from tests.support import http_servers as hs
from tests.support.web_app import WebApp

PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 200 + b"%%EOF\n"
BOUND = 60.0
"""How long a test waits for something that must happen (never a timing assert: only a
bound after which the test fails instead of hanging)."""


class Signer:
    """The desktop app's part: records the consent windows it is asked for, in order, and
    "signs" by writing a signed copy into the call's folder (as the token signer does)."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.jobs: list[SignJob] = []
        self.consent = True

    def ask_origin(self, origin: str) -> bool | None:
        return False

    def sign(self, job: SignJob) -> SignOutcome:
        self.jobs.append(job)
        self.events.append(f"consent {job.names[0]}")
        if not self.consent:
            return SignOutcome(None)
        out_dir = job.documents[0].parent / "signed-x"
        out_dir.mkdir()
        out = []
        for doc in job.documents:
            signed = out_dir / doc.name
            shutil.copyfile(doc, signed)
            out.append(signed)
        return SignOutcome(out)

    def verify(self, document: Path) -> dict:
        return {}

    def certificate_info(self, origin: str) -> dict:
        return {"Subject": "CN=Test"}


class HeldHandler:
    """An upload handler on the page's host that takes the signed file, then holds its
    answer until :meth:`release` — or notices the client cut the connection."""

    def __init__(self, events: list[str], name: str = "A") -> None:
        self.events = events
        self.name = name
        self.released = threading.Event()
        self.cut = threading.Event()
        self.server = hs.RawHttpServer(self._script)

    def _script(self, ex: hs.Exchange) -> None:
        ex.body()
        self.events.append(f"{self.name} upload started")
        ex.conn.settimeout(0.2)
        while not self.released.is_set() and not ex.stop.is_set():
            try:
                if ex.conn.recv(1) == b"":
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        else:
            answer = json.dumps({"Status": 0, "Message": f"{self.name} received",
                                 "FileName": f"{self.name}.pdf"}).encode()
            ex.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + str(len(answer)).encode() + b"\r\nConnection: close\r\n\r\n" + answer)
            return
        self.events.append(f"{self.name} upload cut")
        self.cut.set()

    def url(self) -> str:
        return self.server.url("/upload?token=A")

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def events() -> list[str]:
    return []


@pytest.fixture
def web():
    app = WebApp({"a.pdf": PDF, "b.pdf": PDF, "c.pdf": PDF})
    yield app
    app.close()


@pytest.fixture
def held(events):
    handler = HeldHandler(events)
    yield handler
    handler.release()
    handler.server.stop()


@pytest.fixture
def bridge(events, web, tmp_path):
    signer = Signer(events)
    work = tmp_path / "work"
    work.mkdir()
    policy = BridgePolicy(it_origins=(web.origin,), allow_http=True)
    server = BridgeServer(signer, policy, port=0, work_dir=work)
    progress: list[Transfer] = []
    server.on_progress = progress.append
    server.start()
    yield server, signer, work, progress
    server.stop()


async def _until(predicate, what: str) -> None:
    for _ in range(int(BOUND * 50)):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"never happened: {what}")


def _request(web: WebApp, name: str, upload: str) -> str:
    return json.dumps({"FileName": web.url(name), "FileUploadHandler": upload})


async def _call(port: int, origin: str, message: str, op: str = "SignApproved") -> dict:
    async with connect(f"ws://127.0.0.1:{port}/{op}", origin=origin, open_timeout=60) as ws:
        await ws.send(message)
        return json.loads(await asyncio.wait_for(ws.recv(), 2 * BOUND))


def _leftovers(work: Path) -> list[str]:
    return sorted(str(p.relative_to(work)) for p in work.rglob("*"))


def test_a_trickling_upload_does_not_hold_another_pages_consent(bridge, web, held,
                                                                events) -> None:
    """Page A's upload handler holds its answer; page B's consent window opens, is answered
    and B gets its own answer while A's upload is still in progress. (Before the queue held
    only the window, B's window waited for A's upload: B's consent came after "A answered".)"""
    server, _signer, work, _ = bridge

    async def main() -> None:
        a = asyncio.create_task(_call(server.port, web.origin,
                                      _request(web, "a.pdf", held.url())))
        await _until(lambda: "A upload started" in events, "A's upload")
        b = asyncio.create_task(_call(server.port, web.origin,
                                      _request(web, "b.pdf", web.url("upload?token=B"))))
        done, _ = await asyncio.wait({b}, timeout=BOUND)
        if b in done:
            answer_b = b.result()
            events.append("B answered")
            assert answer_b["Status"] == 0 and answer_b["FileName"] == "signed-1.pdf"
        events.append("A released")
        held.release()
        answer_a = await a
        events.append("A answered")
        assert answer_a == {"Status": 0, "Message": "A received", "FileName": "A.pdf"}
        if b not in done:
            await b
            events.append("B answered")

    asyncio.run(main())
    assert events == ["consent a.pdf", "A upload started", "consent b.pdf", "B answered",
                      "A released", "A answered"]
    assert [path for path, _ in web.uploads] == ["/upload?token=B"]
    assert _leftovers(work) == []


def test_a_page_that_leaves_cuts_its_own_upload_and_leaves_nothing(bridge, web, held,
                                                                   events) -> None:
    server, _signer, work, _ = bridge

    async def main() -> None:
        async with connect(f"ws://127.0.0.1:{server.port}/SignApproved", origin=web.origin,
                           open_timeout=60) as ws:
            await ws.send(_request(web, "a.pdf", held.url()))
            await _until(lambda: "A upload started" in events, "A's upload")
        # the page closed its socket: its upload is cut, its folder deleted
        await _until(held.cut.is_set, "the upload cut")
        await _until(lambda: _leftovers(work) == [], "the call's folder deleted")
        # and the window is free for the next page
        answer = await _call(server.port, web.origin,
                             _request(web, "b.pdf", web.url("upload")))
        assert answer["Status"] == 0

    asyncio.run(main())
    assert events == ["consent a.pdf", "A upload started", "A upload cut", "consent b.pdf"]
    assert _leftovers(work) == []


def test_a_page_that_leaves_mid_download_is_never_shown(bridge, web, events) -> None:
    """The document trickles; the page closes: the download stops, no window, no file."""
    server, signer, work, _ = bridge
    cut = threading.Event()

    def trickle(ex: hs.Exchange) -> None:
        if not ex.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n%PDF-1.7\n"):
            return
        while not ex.stop.wait(0.05):
            if not ex.send(b"0" * 512):
                cut.set()
                return

    slow = hs.RawHttpServer(trickle)
    try:
        async def main() -> None:
            async with connect(f"ws://127.0.0.1:{server.port}/SignIssued", origin=web.origin,
                               open_timeout=60) as ws:
                await ws.send(json.dumps({"FileName": slow.url("/doc.pdf"),
                                          "FileUploadHandler": web.url("upload")}))
                await _until(lambda: any(work.rglob("*.part")), "the download under way")
            await _until(cut.is_set, "the download cut")
            await _until(lambda: _leftovers(work) == [], "the call's folder deleted")

        asyncio.run(main())
    finally:
        slow.stop()
    assert signer.jobs == [] and events == []


def test_the_user_cancels_an_upload_in_progress(bridge, web, held, events) -> None:
    """The tray's cancel (``BridgeServer.cancel``): the upload is cut, the page is answered
    "cancelled"; the progress told each step."""
    server, _signer, work, progress = bridge

    async def main() -> dict:
        call = asyncio.create_task(_call(server.port, web.origin,
                                         _request(web, "a.pdf", held.url())))
        await _until(lambda: "A upload started" in events, "A's upload")
        (number,) = {t.call for t in progress}
        server.cancel(number)
        return await call

    answer = asyncio.run(main())
    assert answer["Status"] == 2 and answer["Code"] == "cancelled", answer
    assert held.cut.is_set()
    assert [(t.stage, t.done, t.total) for t in progress] == [
        ("download", 0, 1), ("waiting", 0, 0), ("signing", 0, 0), ("upload", 0, 1),
        ("done", 0, 0)]
    assert {t.origin for t in progress} == {web.origin}
    assert _leftovers(work) == []


def test_cancelled_consent_and_a_failed_upload_leave_nothing(bridge, web, events) -> None:
    server, signer, work, _ = bridge
    failing = hs.RawHttpServer(lambda ex: (ex.body(), ex.send(
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")))
    try:
        signer.consent = False
        cancelled = asyncio.run(_call(server.port, web.origin,
                                      _request(web, "a.pdf", web.url("upload"))))
        assert cancelled["Status"] == 2 and _leftovers(work) == []
        signer.consent = True
        failed = asyncio.run(_call(server.port, web.origin,
                                   _request(web, "b.pdf", failing.url("/up"))))
        assert failed["Status"] == 3 and failed["Code"] == "bridge_upload_failed", failed
        assert _leftovers(work) == []
    finally:
        failing.stop()
    assert web.uploads == []


def test_stopping_the_bridge_mid_download_cancels_and_deletes(bridge, web, events) -> None:
    """What Kyso does when it quits (the tray's "Thoát", SIGTERM): ``stop()`` returns only
    once the call in flight is cut and its folder deleted."""
    server, signer, work, _ = bridge
    slow = hs.RawHttpServer(hs.trickle_body(0.05))
    closed = threading.Event()

    def page() -> None:
        async def run() -> None:
            async with connect(f"ws://127.0.0.1:{server.port}/SignApproved",
                               origin=web.origin, open_timeout=60) as ws:
                await ws.send(json.dumps({"FileName": slow.url("/doc.pdf"),
                                          "FileUploadHandler": web.url("upload")}))
                try:
                    await ws.recv()
                except Exception:
                    pass
            closed.set()

        asyncio.run(run())

    thread = threading.Thread(target=page, daemon=True)
    thread.start()
    try:
        asyncio.run(_until(lambda: any(work.rglob("*.part")), "the download under way"))
        server.stop()
        assert _leftovers(work) == []
        assert closed.wait(BOUND)
    finally:
        slow.stop()
        thread.join(BOUND)
    assert signer.jobs == []


def test_the_rate_limit_still_counts_signing_calls(web, tmp_path, events) -> None:
    signer = Signer(events)
    policy = BridgePolicy(it_origins=(web.origin,), allow_http=True, rate_per_minute=2)
    server = BridgeServer(signer, policy, port=0, work_dir=tmp_path)
    server.start()
    try:
        async def main() -> list[dict]:
            calls = [_call(server.port, web.origin, _request(web, "a.pdf", web.url("upload")))
                     for _ in range(3)]
            return list(await asyncio.gather(*calls))

        answers = asyncio.run(main())
    finally:
        server.stop()
    assert sorted(a["Status"] for a in answers) == [0, 0, 3]
    assert [a.get("Code") for a in answers if a["Status"] == 3] == ["bridge_rate_limited"]
    assert len(web.uploads) == 2


def test_each_page_gets_its_own_answer(bridge, web) -> None:
    """Three pages at once, each with its own one-time upload token: each answer is the
    handler's answer to that page's own upload."""
    server, _signer, work, _ = bridge
    marker = threading.Lock()
    answers_by_token: dict[str, str] = {}

    def own(ex: hs.Exchange) -> None:
        ex.body()
        token = ex.path.split("token=")[1]
        answer = json.dumps({"Status": 0, "Message": token}).encode()
        with marker:
            answers_by_token[token] = token
        ex.send(b"HTTP/1.1 200 OK\r\nContent-Length: " + str(len(answer)).encode()
                + b"\r\nConnection: close\r\n\r\n" + answer)

    handler = hs.RawHttpServer(own)
    try:
        async def main() -> list[dict]:
            return list(await asyncio.gather(*[
                _call(server.port, web.origin,
                      _request(web, f"{name}.pdf", handler.url(f"/up?token={name}")))
                for name in ("a", "b", "c")]))

        answers = asyncio.run(main())
    finally:
        handler.stop()
    assert [a["Message"] for a in answers] == ["a", "b", "c"]
    assert sorted(answers_by_token) == ["a", "b", "c"]
    assert _leftovers(work) == []


def test_stopping_the_bridge_cuts_a_verify_download_too(bridge, web) -> None:
    """VerifyPDF downloads carry a cancel flag like signing calls: ``stop()`` cuts them and
    deletes their folder before it returns (issue 18 review)."""
    server, _signer, work, progress = bridge
    slow = hs.RawHttpServer(hs.trickle_body(0.05))
    answered: list[dict] = []

    def page() -> None:
        async def run() -> None:
            async with connect(f"ws://127.0.0.1:{server.port}/VerifyPDF",
                               origin=web.origin, open_timeout=60) as ws:
                await ws.send(json.dumps({"FileName": slow.url("/doc.pdf")}))
                with contextlib.suppress(Exception):
                    answered.append(json.loads(await ws.recv()))

        asyncio.run(run())

    thread = threading.Thread(target=page, daemon=True)
    thread.start()
    try:
        asyncio.run(_until(lambda: any(work.rglob("*.part")), "the download under way"))
        server.stop()
        assert _leftovers(work) == []
        thread.join(BOUND)
        assert not thread.is_alive()
    finally:
        slow.stop()
    assert all(a.get("Code") == "cancelled" for a in answered), answered
    assert progress == []  # a verification is not a signing call for the tray
