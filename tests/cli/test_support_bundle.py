"""``kyso support-bundle`` and ``kyso about --json`` for IT (issue: IT rollout).

The bundle is opened and every file in it searched for the secrets this test planted in the
settings files and the logs: none may appear, in any form the test knows of.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import kyso_cli_env, kyso_cmd

PIN = "918273"
PROXY_PASSWORD = "Pr0xy-Pass-77"
CLIENT_SECRET = "cs-5f1e9a0b-secret"
REFRESH = "rt-AAAABBBBCCCC-1234"
UPLOAD_TOKEN = "one-time-7c1d2e"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFkZXIifQ.c2lnbmF0dXJlLXZhbHVl"
SECRETS = [PIN, PROXY_PASSWORD, CLIENT_SECRET, REFRESH, UPLOAD_TOKEN, JWT]


def run(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=120)


def _plant_secrets(home: Path) -> None:
    machine = home / "machine.toml"
    machine.write_text(
        "[settings]\nuse_builtin_modules = false\n"
        f'tsa_url = "http://kyso:{PROXY_PASSWORD}@127.0.0.1:9/tsa"\n'
        "[remote.vnpt]\n"
        f'client_secret = "{CLIENT_SECRET}"\n',
        encoding="utf-8",
    )
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(
        json.dumps({"language": "vi", "refresh_token": REFRESH}), encoding="utf-8"
    )
    log_dir = home / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    # A library that echoes its arguments, as the log filter's docstring fears.
    (log_dir / "kyso.log").write_text(
        "2026-11-29 10:00:00 INFO pkcs11: C_Login user_pin=" + PIN + "\n"
        "2026-11-29 10:00:01 WARNING kyso.core.trust: CRL fetch failed for "
        f"https://qlvb.example.gov.vn/upload?token={UPLOAD_TOKEN}&x=1\n"
        f"2026-11-29 10:00:02 ERROR kyso.remote: HTTP 401 Authorization: Bearer {JWT}\n"
        f'2026-11-29 10:00:03 ERROR kyso.remote: body {{"refresh_token": "{REFRESH}"}}\n',
        encoding="utf-8",
    )
    (log_dir / "kyso.log.1").write_text(
        f"2026-11-28 09:00:00 WARNING kyso: password: {PROXY_PASSWORD}\n", encoding="utf-8"
    )


def test_bundle_has_what_it_needs_and_no_secret(softhsm_store, isolated_home, tmp_path) -> None:
    _plant_secrets(isolated_home)
    env = kyso_cli_env(softhsm_store, isolated_home)
    out = tmp_path / "ho-tro.zip"
    proc = run(env, "--demo", "support-bundle", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Đã tạo gói hỗ trợ" in proc.stdout
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {"about.json", "settings.json", "errors.txt", "audit.json", "README.txt",
                "logs/kyso.log", "logs/kyso.log.1"} <= names
        blobs = {n: z.read(n) for n in names}
    for name, blob in blobs.items():
        for secret in SECRETS:
            assert secret.encode() not in blob, f"{secret!r} leaked into {name}"
    about = json.loads(blobs["about.json"])
    assert about["demo"] is True
    assert about["settings_sources"]["machine"]["present"] is True
    assert len(about["settings_sources"]["machine"]["sha256"]) == 64
    demo_roots = about["anchors"]["demo"]
    assert demo_roots and len(demo_roots[0]["sha256"]) == 64
    assert about["modules"], "the DEMO module is listed"
    settings = json.loads(blobs["settings.json"])
    assert settings["machine"]["values"]["remote"]["vnpt"]["client_secret"] == "***"
    assert settings["user"]["values"]["refresh_token"] == "***"
    assert settings["machine"]["values"]["settings"]["tsa_url"] == "http://***@127.0.0.1:9/tsa"
    errors = blobs["errors.txt"].decode()
    assert "CRL fetch failed" in errors and "HTTP 401" in errors
    assert "C_Login" not in errors  # INFO lines are in logs/, not in the error summary


def test_bundle_never_overwrites(softhsm_store, isolated_home, tmp_path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    out = tmp_path / "bundle.zip"
    out.write_bytes(b"earlier bundle")
    proc = run(env, "support-bundle", str(out))
    assert proc.returncode == 1
    assert "không ghi đè" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_bytes() == b"earlier bundle"
    assert list(tmp_path.iterdir()) == [out]  # no partial file left beside it


def test_bundle_into_a_missing_folder_is_refused_in_words(softhsm_store, isolated_home,
                                                          tmp_path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = run(env, "support-bundle", str(tmp_path / "nope" / "b.zip"))
    assert proc.returncode == 1
    assert "Không có thư mục" in proc.stderr and "Traceback" not in proc.stderr


def test_about_json_carries_the_fleet_facts(softhsm_store, isolated_home) -> None:
    """What an inventory script over SSH/WinRM reads from 1,000 desktops."""
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = run(env, "--demo", "about", "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    for key in ("version", "modules", "host", "settings_sources", "anchors"):
        assert key in info
    machine = info["settings_sources"]["machine"]
    expected = __import__("hashlib").sha256((isolated_home / "machine.toml").read_bytes())
    assert machine["sha256"] == expected.hexdigest()
    assert info["settings_sources"]["locked"] == ["use_builtin_modules"]
    assert info["anchors"]["demo"][0]["sha256"]


def test_check_update_only_on_request_and_from_its_server(softhsm_store, isolated_home,
                                                         tmp_path) -> None:
    """Kyso never phones home: without IT's address it says so; with it, it reads the JSON."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            hits.append(self.path)
            body = '{"version": "9.1.0", "url": "https://intranet/kyso.deb", "notes": "sửa lỗi"}'.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = kyso_cli_env(softhsm_store, isolated_home)
        run(env, "about", "--json")
        assert hits == []  # about alone asks nobody
        missing = run(env, "about", "--check-update")
        assert missing.returncode == 1 and "CNTT chưa đặt" in missing.stderr
        machine = isolated_home / "machine.toml"
        machine.write_text(machine.read_text() + "\n[updates]\nlatest_url = "
                           f'"http://127.0.0.1:{server.server_address[1]}/latest.json"\n',
                           encoding="utf-8")
        proc = run(env, "about", "--check-update", "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["newer"] is True and hits == ["/latest.json"]
        assert "Có phiên bản mới: Kyso 9.1.0" in run(env, "about", "--check-update").stdout
    finally:
        server.shutdown()
        server.server_close()


def test_check_update_goes_through_it_proxy(softhsm_store, isolated_home) -> None:
    """IT's ``proxy_url`` (and nothing in the environment) carries the version check: the
    command applies the machine file's proxy before it asks."""
    from tests.support import http_servers as hs
    from tests.support.proxy import PROXY_VARIABLES, ForwardingProxy

    latest = json.dumps({"version": "9.1.0", "url": "https://intranet/kyso.deb"}).encode()
    origin = hs.RawHttpServer(hs.routes({"/latest.json": hs.ok(latest)}))
    proxy = ForwardingProxy({"updates.kyso.test": origin.port})
    try:
        env = kyso_cli_env(softhsm_store, isolated_home)
        for name in PROXY_VARIABLES:
            env.pop(name, None)
        (isolated_home / "machine.toml").write_text(
            f'[settings]\nuse_builtin_modules = false\nproxy_url = "{proxy.url}"\n'
            '[updates]\nlatest_url = "http://updates.kyso.test/latest.json"\n',
            encoding="utf-8",
        )
        proc = run(env, "about", "--check-update", "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["latest"] == "9.1.0"
        assert [line for line, _ in proxy.requests] == [
            "GET http://updates.kyso.test/latest.json HTTP/1.1"
        ]
    finally:
        proxy.stop()
        origin.stop()
