"""One end-to-end call from a real browser: headless Chromium (Debian's package), trusting
the local CA through its NSS database (no --ignore-certificate-errors), opens the test web
app's page, whose script calls the bridge over wss://127.0.0.1; the test's app approves the
consent, and the upload handler receives a signed PDF that pdfsig validates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from kyso.core.bridge import local_ca
from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer
from tests.core.bridge.test_bridge import App
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base
from tests.support.web_app import WebApp

__all__ = ["sign_world", "sign_world_base"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PAGE = """<!doctype html><meta charset="utf-8"><title>QLVB</title>
<script>
const ws = new WebSocket("wss://127.0.0.1:%(port)d/SignApproved");
ws.onopen = () => ws.send(JSON.stringify({FileName: location.origin + "/doc.pdf",
  FileUploadHandler: location.origin + "/upload?token=abc", DocNumber: "7/UBND"}));
ws.onmessage = (e) => fetch("/result?" + encodeURIComponent(e.data));
ws.onerror = () => fetch("/result?" + encodeURIComponent("websocket error"));
</script>"""

CLIENT_PAGE = """<!doctype html><meta charset="utf-8"><title>QLVB</title>
<script src="/kyso-bridge.js"></script>
<script>
kyso.port = %(port)d;
kyso.sign({url: location.origin + "/doc.pdf", profile: "approval", docNumber: "7/UBND",
           upload: location.origin + "/upload?token=abc"})
  .then((answer) => fetch("/result?" + encodeURIComponent(JSON.stringify(answer))))
  .catch((e) => fetch("/result?" + encodeURIComponent("websocket error")));
</script>"""
REPO_JS = __import__("pathlib").Path(__file__).resolve().parents[3] / "resources/web/kyso-bridge.js"


@pytest.mark.parametrize(("page", "trusted"), [("vgca", True), ("client", True), ("vgca", False),
                                              ("vgca", "another user")])
def test_chromium_page_signs_through_the_bridge(sign_world, tmp_path, page, trusted) -> None:
    """A page in the VGCA style and one with Kyso's JavaScript client (resources/web), the
    listener serving this user's own certificates (made and trusted as the app's first start
    does). ``trusted=False`` is the control: without the CA in the NSS database the browser
    refuses the connection, so the passes are the local CA's doing. ``"another user"``: the
    port is held by another user's Kyso with that user's own CA — this user's browser, which
    trusts this user's CA, refuses it (what per-user keys are for)."""
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is required (./test.sh installs it)")
    home = tmp_path / "home"
    certs, made = local_ca.prepare_user_certificates(tmp_path / "data", make=True)
    assert made and certs is not None
    if trusted:
        report = local_ca.trust_for_user(certs, home=home)
        assert report.stores and all(report.stores.values()), report.problems
    if trusted == "another user":
        certs, _ = local_ca.prepare_user_certificates(tmp_path / "other-user-data", make=True)
        assert certs is not None
        trusted = False
    web = WebApp({"doc.pdf": make_pdf(tmp_path / "src.pdf").read_bytes(),
                  "kyso-bridge.js": REPO_JS.read_bytes()})
    app = App(sign_world, tmp_path)
    server = BridgeServer(app, BridgePolicy(it_origins=(web.origin,), allow_http=True),
                          ssl_context=certs.ssl_context(), port=0, work_dir=tmp_path)
    server.start()
    web.page = PAGE % {"port": server.port} if page == "vgca" else CLIENT_PAGE % {"port": server.port}
    env = dict(os.environ, HOME=str(home))
    log_path = tmp_path / "chromium.log"
    with log_path.open("wb") as log_file:
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             # --no-sandbox does not spare the GPU process its pre-sandbox check (Chromium
             # 156 reads /proc/self/task there without root's capabilities): on a machine
             # whose /proc or /usr/lib lost their search bit that check fails, the GPU
             # process dies three times and the browser quits ("GPU process isn't usable.
             # Goodbye.") a second after loading the page, closing its WebSocket with 1001.
             # The GPU sandbox has nothing to do with what this test proves.
             "--disable-gpu-sandbox",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--enable-logging=stderr", f"--user-data-dir={tmp_path / 'profile'}",
             web.origin + "/"],
            env=env, stdout=subprocess.DEVNULL, stderr=log_file,
        )
    try:
        deadline = time.monotonic() + 90
        while not web.results and browser.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        browser.kill()
        browser.wait()
        server.stop()
        web.close()
    chromium_log = log_path.read_text(errors="replace")
    assert web.results, "the page never reported back; Chromium said:\n" + _fatal(chromium_log)
    if not trusted:
        assert web.results == ["websocket error"] and app.jobs == []
        # refused for the right reason: net_error -202 is ERR_CERT_AUTHORITY_INVALID
        assert "net_error -202" in chromium_log, _fatal(chromium_log)
        return
    answer = json.loads(web.results[0])
    assert answer["Status"] == 0, answer
    assert app.jobs[0].origin == web.origin and app.jobs[0].doc_number == "7/UBND"
    out = web.save_upload(0, tmp_path / "uploaded.pdf")
    pdfsig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in pdfsig


def _fatal(log: str) -> str:
    """The lines of Chromium's log that say why it failed (the whole log is mostly noise)."""
    lines = [ln for ln in log.splitlines() if ":FATAL:" in ln or ":ERROR:" in ln]
    return "\n".join(lines[-20:]) or log[-2000:]
