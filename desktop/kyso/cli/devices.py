"""``kyso devices``: the tokens and certificates found, once or watching hot-plug."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Any

from kyso.cli.common import EXIT_OK, print_json, warn
from kyso.core.app.environment import Environment
from kyso.core.errors import KysoError
from kyso.core.tokens.slots import TokenSnapshot, list_tokens
from kyso.core.tokens.watching import TokenEvent, TokenWatcher

log = logging.getLogger(__name__)


def all_tokens(env: Environment) -> list[TokenSnapshot]:
    """The tokens of every loaded module; a module that fails is noted in ``env.problems``
    (one broken module must not hide the others)."""
    tokens: list[TokenSnapshot] = []
    for module in env.modules:
        if not module.loaded:
            continue
        try:
            tokens.extend(list_tokens(module))
        except Exception as exc:
            log.warning("listing tokens of %s failed", module.path, exc_info=True)
            env.problems.append(
                KysoError(
                    f"Lỗi khi đọc mô-đun {module.path}: {type(exc).__name__}. Rút token ra, "
                    "cắm lại rồi chạy lại lệnh.",
                    f"Error reading module {module.path}: {type(exc).__name__}. Remove the "
                    "token, insert it again and rerun the command.",
                    code="module_failed",
                )
            )
    return tokens


def _token_lines(snap: TokenSnapshot) -> list[str]:
    i = snap.info
    demo = " [DEMO]" if i.is_demo else ""
    lines = [
        f"Token “{i.label}”{demo} — {i.manufacturer} {i.model}, số sê-ri {i.serial}",
        f"  Mô-đun: {i.module_path}",
        f"  PIN: {i.pin.describe('vi')}",
    ]
    if snap.error:
        lines.append(f"  Lỗi: {snap.error}")
    users, cas = snap.user_certificates(), snap.ca_certificates()
    if not snap.certificates:
        lines.append("  (không có chứng thư nào)")
    for c in users:
        if c.details is None:
            lines.append(f"  ! Chứng thư không đọc được “{c.label}”: {c.error}")
            continue
        key = {True: "có khóa", False: "không có khóa", None: "khóa: chưa biết (cần đăng nhập)"}[
            c.has_private_key
        ]
        lines.append(f"  • {c.details.subject}")
        lines.append(
            f"    hết hạn {c.details.not_after:%d/%m/%Y} · {key} · SHA-256 {c.details.sha256[:16]}…"
        )
    for c in cas:
        assert c.details is not None
        lines.append(f"  (CA) {c.details.subject}")
    return lines


def cmd_devices(args: argparse.Namespace, env: Environment) -> int:
    if args.watch:
        return _watch(args, env)
    tokens = all_tokens(env)
    if args.json:
        print_json(
            {
                "modules": [m.to_json() for m in env.modules],
                "tokens": [t.to_json() for t in tokens],
                "demo": env.demo is not None,
            }
        )
        return EXIT_OK
    for p in env.problems:
        warn(p)
    if not tokens:
        print(
            "Không tìm thấy token nào. Cắm token vào máy; Kyso tìm trình điều khiển của "
            "Bit4id, SafeNet (VGCA), Viettel, VNPT, BkavCA, FPT, Nacencomm, ePass2003, "
            "Gemalto và OpenSC ở vị trí cài đặt thông thường. Thêm đường dẫn mô-đun khác bằng "
            "biến KYSO_PKCS11_MODULES hoặc trong thiết lập. Dùng thử: kyso --demo devices"
        )
        return EXIT_OK
    for t in tokens:
        print("\n".join(_token_lines(t)))
    return EXIT_OK


def _watch(args: argparse.Namespace, env: Environment) -> int:
    stop = threading.Event()

    def on_event(event: TokenEvent) -> None:
        if event.kind not in ("added", "removed"):
            return
        if args.json:
            print_json(event.to_json())
        else:
            verb = "Đã cắm" if event.kind == "added" else "Đã rút"
            i = event.snapshot.info
            print(f"{verb}: “{i.label}” ({i.serial})", flush=True)
            if event.had_session:
                print("  Phiên làm việc đang mở trên token này đã đóng.", flush=True)

    watcher = TokenWatcher(
        env.modules, on_event, interval_s=env.settings.values.watch_interval_ms / 1000
    )

    def handle_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle_signal)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, handle_signal)
    watcher.start()
    try:
        while not stop.wait(0.2):
            pass
    finally:
        watcher.stop()
    return EXIT_OK

def add_devices_commands(subparsers: Any) -> None:
    devices = subparsers.add_parser(
        "devices", help="liệt kê token và chứng thư / list tokens and certificates"
    )
    devices.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    devices.add_argument(
        "--watch",
        action="store_true",
        help="theo dõi cắm/rút token đến khi dừng (Ctrl+C) / watch until interrupted",
    )
    devices.set_defaults(func=cmd_devices)
