"""A call's documents together: the batch's total limit (``[bridge] max_batch_mb``) cuts the
download that passes it, and the temporary folder must hold the documents and their signed
copies — on a real, small tmpfs where the machine allows mounting one. Either way the page
gets the protocol's refusal shape with a Vietnamese message, nothing is shown or signed,
and nothing is left in the folder."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from kyso.core.bridge import transfer
from kyso.core.bridge.config import read_config
from kyso.core.bridge.policy import MAX_BATCH, BridgePolicy
from kyso.core.bridge.server import BridgeServer
from tests.core.bridge.test_queue import Signer
from tests.support.web_app import WebApp

KB = 1024


def _pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + b"0" * (size - 9)


@pytest.fixture
def web():
    app = WebApp({"180k.pdf": _pdf(180 * KB), "300k.pdf": _pdf(300 * KB),
                  "2m.pdf": _pdf(2048 * KB)})
    yield app
    app.close()


def _bridge(web: WebApp, work: Path, **limits: int) -> tuple[BridgeServer, Signer]:
    signer = Signer([])
    policy = BridgePolicy(it_origins=(web.origin,), allow_http=True, **limits)
    server = BridgeServer(signer, policy, port=0, work_dir=work)
    server.start()
    return server, signer


def _batch(server: BridgeServer, web: WebApp, names: list[str]) -> dict:
    async def run() -> dict:
        async with connect(f"ws://127.0.0.1:{server.port}/SignCopy", origin=web.origin,
                           open_timeout=60) as ws:
            await ws.send(json.dumps({
                "Files": [{"FileID": str(i), "FileName": n, "URL": web.url(n)}
                          for i, n in enumerate(names)],
                "FileUploadHandler": web.url("upload")}))
            return json.loads(await asyncio.wait_for(ws.recv(), 120))

    return asyncio.run(run())


def _leftovers(work: Path) -> list[str]:
    return sorted(str(p.relative_to(work)) for p in work.rglob("*"))


def test_a_batch_over_the_total_is_cut_as_it_passes_it(web, tmp_path) -> None:
    """Each file is under the per-file limit; the third passes the batch's total: refused
    there (the fourth is never asked for), nothing shown, nothing left."""
    server, signer = _bridge(web, tmp_path, max_document=200 * KB, max_batch=500 * KB)
    try:
        within = _batch(server, web, ["180k.pdf", "180k.pdf"])
        assert within["Status"] == 0 and [f["FileID"] for f in within["Files"]] == ["0", "1"]
        web.downloads.clear()
        over = _batch(server, web, ["180k.pdf"] * 4)
    finally:
        server.stop()
    assert set(over) == {"Status", "Message", "Code"}
    assert over["Status"] == 3 and over["Code"] == "bridge_batch_too_large", over
    assert over["Message"] == (
        "Các văn bản trong yêu cầu này cộng lại lớn hơn giới hạn 0,5 MB cho một lần ký; "
        "không ký văn bản nào. Hãy chia thành nhiều lần ký nhỏ hơn.")
    assert len(web.downloads) == 3
    assert len(signer.jobs) == 1 and len(web.uploads) == 2
    assert _leftovers(tmp_path) == []


def test_one_file_over_its_own_limit_says_so(web, tmp_path) -> None:
    server, signer = _bridge(web, tmp_path, max_document=200 * KB, max_batch=10 * 1024 * KB)
    try:
        answer = _batch(server, web, ["180k.pdf", "300k.pdf"])
    finally:
        server.stop()
    assert answer["Code"] == "bridge_too_large" and signer.jobs == []
    assert _leftovers(tmp_path) == []


def test_max_batch_mb_from_it_settings(tmp_path) -> None:
    machine = tmp_path / "kyso.toml"
    machine.write_text("[bridge]\nmax_batch_mb = 20\n", encoding="utf-8")
    assert read_config(machine).policy(tmp_path).max_batch == 20 * 1024 * KB
    for bad in ("0", '"20"', "true", "-5", "2.5"):
        machine.write_text(f"[bridge]\nmax_batch_mb = {bad}\n", encoding="utf-8")
        assert read_config(machine).max_batch == MAX_BATCH
    machine.write_text("[bridge]\n", encoding="utf-8")
    assert read_config(machine).max_batch == MAX_BATCH == 200 * 1024 * KB


@contextlib.contextmanager
def _small_disk(path: Path, size_kb: int) -> Iterator[bool]:
    """A tmpfs of ``size_kb`` at ``path``; False when this machine cannot mount one."""
    path.mkdir()
    try:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                               str(path)], capture_output=True)
    except OSError:  # no mount command
        proc = None
    if proc is None or proc.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_a_full_disk_mid_download_refuses_and_leaves_nothing(web, tmp_path,
                                                             monkeypatch) -> None:
    """1.5 MB free (more than the reserve), a 2 MB document: the write fails with ENOSPC
    part-way; the page is told the folder has no room; the .part file is gone."""
    with _small_disk(tmp_path / "small", 1536) as real:
        work = tmp_path / "small"
        if not real:  # no tmpfs here: the same ENOSPC from the file the download writes
            real_fdopen = os.fdopen

            def fdopen(fd, *args, **kwargs):
                f = real_fdopen(fd, *args, **kwargs)
                if getattr(f, "name", None) is not None and "w" in (args[0] if args else ""):
                    written = [0]
                    write = f.write

                    def limited(data):
                        written[0] += len(data)
                        if written[0] > 1536 * KB:
                            raise OSError(errno.ENOSPC, "No space left on device")
                        return write(data)

                    f.write = limited
                return f

            monkeypatch.setattr("kyso.core.net.fetch.os.fdopen", fdopen)
            monkeypatch.setattr(transfer, "free_space", lambda _folder: 1536 * KB)
        server, signer = _bridge(web, work, max_document=4096 * KB)
        try:
            answer = _batch(server, web, ["2m.pdf"])
        finally:
            server.stop()
        assert answer["Status"] == 3 and answer["Code"] == "bridge_disk_full", answer
        assert "không đủ chỗ" in answer["Message"]
        assert signer.jobs == [] and _leftovers(work) == []


def test_no_room_for_the_signed_copies_refuses_before_the_window(web, tmp_path,
                                                                 monkeypatch) -> None:
    """The originals fit, their signed copies and the reserve would not: refused before the
    consent window (the user is never asked for a PIN only to fail), nothing left."""
    with _small_disk(tmp_path / "small", 1536) as real:
        work = tmp_path / "small"
        if not real:
            used = {"bytes": 0}

            def space(folder: Path) -> int:
                used["bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
                return 1536 * KB - used["bytes"]

            monkeypatch.setattr(transfer, "free_space", space)
        server, signer = _bridge(web, work)
        try:
            answer = _batch(server, web, ["300k.pdf"])
        finally:
            server.stop()
        assert answer["Status"] == 3 and answer["Code"] == "bridge_disk_full", answer
        assert signer.jobs == [] and _leftovers(work) == []
        assert web.downloads == ["/300k.pdf"]


def test_a_temporary_folder_that_cannot_be_written_is_an_answer(web, tmp_path) -> None:
    """No folder for the call (the temporary folder is gone): the page is answered, in the
    same words as a full disk, and the listener goes on."""
    server, signer = _bridge(web, tmp_path / "gone")
    try:
        answer = _batch(server, web, ["180k.pdf"])
        assert answer["Status"] == 3 and answer["Code"] == "bridge_disk_full", answer
        (tmp_path / "gone").mkdir()
        assert _batch(server, web, ["180k.pdf"])["Status"] == 0
    finally:
        server.stop()
    assert len(signer.jobs) == 1
