"""Kyso quitting (SIGTERM, as at the end of the session) while a web page's call is
downloading its document: the real ``kyso-desktop --background`` in a child process (its
temporary folder under the test's TMPDIR), a page over TLS, a document server that trickles.
Kyso ends cleanly and leaves no ``kyso-bridge-*`` folder behind."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from websockets.asyncio.client import connect

from kyso.core.bridge import local_ca
from tests.support import http_servers as hs

REPO = Path(__file__).resolve().parents[3]
BOUND = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _leftovers(tmp: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")
                  if "kyso-bridge-" in str(p.relative_to(tmp)))


def test_sigterm_mid_download_leaves_no_temporary_file(isolated_home, tmp_path) -> None:
    slow = hs.RawHttpServer(hs.trickle_body(0.05))
    origin = slow.url("").rstrip("/")
    machine = isolated_home / "machine.toml"
    machine.write_text(
        "[settings]\nuse_builtin_modules = false\n\n"
        f'[bridge]\nenabled = true\nallow_http = true\norigins = ["{origin}"]\n',
        encoding="utf-8")
    certs = local_ca.create(isolated_home / "data" / "bridge")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    runtime = tempfile.mkdtemp(prefix="kyso-rt-")  # short: a socket path has ~100 characters
    os.chmod(runtime, 0o700)
    home = tmp_path / "home"
    home.mkdir()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(home), "XDG_RUNTIME_DIR": runtime, "KYSO_BRIDGE_PORT": str(port),
           "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "kyso.ui.app", "--background"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    page_ended = threading.Event()

    def page() -> None:
        async def run() -> None:
            ctx = ssl.create_default_context(cafile=str(certs.ca))
            async with connect(f"wss://127.0.0.1:{port}/SignApproved", origin=origin,
                               ssl=ctx, open_timeout=60) as ws:
                await ws.send(json.dumps({"FileName": f"{origin}/doc.pdf",
                                          "FileUploadHandler": f"{origin}/upload"}))
                try:
                    await ws.recv()
                except Exception:
                    pass

        try:
            asyncio.run(run())
        finally:
            page_ended.set()

    try:
        for _ in range(int(BOUND * 5)):
            assert proc.poll() is None, proc.communicate()[1]
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        threading.Thread(target=page, daemon=True).start()
        for _ in range(int(BOUND * 5)):
            if any(p.name.endswith(".part") for p in tmp.rglob("*")):
                break
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.2)
        else:
            raise AssertionError(f"the download never started: {_leftovers(tmp)}")
        proc.terminate()  # SIGTERM
        _, err = proc.communicate(timeout=BOUND)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        assert _leftovers(tmp) == []
        assert page_ended.wait(BOUND)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        slow.stop()
        shutil.rmtree(runtime, ignore_errors=True)
