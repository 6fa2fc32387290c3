"""A page that closes its WebSocket while its consent window is open: the window closes (the
user is not left signing for nobody), nothing is signed, the call's files are deleted and
the next page's window opens. The real bridge and consent window, a page on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading

import shiboken6
from PySide6.QtWidgets import QWidget
from websockets.asyncio.client import connect

from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer
from kyso.ui.bridge.consent import CertificateChoice, ConsentDialog
from kyso.ui.bridge.gui_app import GuiBridgeApp
from tests.support.signing_fixtures import make_pdf
from tests.support.web_app import WebApp


def test_the_window_closes_when_its_page_leaves(qtbot, translations, tmp_path) -> None:
    web = WebApp({"a.pdf": make_pdf(tmp_path / "a.pdf").read_bytes(),
                  "b.pdf": make_pdf(tmp_path / "b.pdf").read_bytes()})
    window = QWidget()
    qtbot.addWidget(window)
    signed: list[str] = []
    app = GuiBridgeApp(window, lambda: [CertificateChoice("Trần Thị Bình (token TEST)", "k")],
                       lambda job, answer: signed.append(job.names[0]) or [],
                       answer_timeout=120)
    work = tmp_path / "work"
    work.mkdir()
    server = BridgeServer(app, BridgePolicy(it_origins=(web.origin,), allow_http=True),
                          port=0, work_dir=work)
    server.start()
    leave = threading.Event()
    answers: list[dict] = []

    def page(name: str) -> None:
        async def run() -> None:
            async with connect(f"ws://127.0.0.1:{server.port}/SignApproved",
                               origin=web.origin, open_timeout=60) as ws:
                await ws.send(json.dumps({"FileName": web.url(name),
                                          "FileUploadHandler": web.url("upload")}))
                if name == "a.pdf":
                    await asyncio.get_running_loop().run_in_executor(None, leave.wait, 120)
                    return  # the page closes its socket without waiting for the answer
                answers.append(json.loads(await asyncio.wait_for(ws.recv(), 120)))

        asyncio.run(run())

    a = threading.Thread(target=page, args=("a.pdf",), daemon=True)
    a.start()
    try:
        qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=60000)
        first = app.last_dialog
        assert first.isVisible()
        b = threading.Thread(target=page, args=("b.pdf",), daemon=True)
        b.start()
        leave.set()
        qtbot.waitUntil(lambda: not shiboken6.isValid(first) or not first.isVisible(),
                        timeout=60000)
        # B's window, the next in the queue, opens once A's is closed
        qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog)
                        and app.last_dialog is not first, timeout=60000)
        app.last_dialog.reject()
        qtbot.waitUntil(lambda: bool(answers), timeout=60000)
        assert answers[0]["Status"] == 2
        assert signed == []
        qtbot.waitUntil(lambda: list(work.iterdir()) == [], timeout=60000)
    finally:
        leave.set()
        server.stop()
        a.join(60)
        web.close()
