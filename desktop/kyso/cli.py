"""The ``kyso`` command line: a thin face over :mod:`kyso.core`.

Exit codes: 0 ok, 1 an error the user can fix (message on stderr), 2 bad usage,
3 a check found problems (``check``, ``verify``).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from kyso import __version__
from kyso.core.environment import Environment, open_environment, use_temp_dir
from kyso.core.errors import KysoError
from kyso.core.tokens import TokenSnapshot, list_tokens
from kyso.core.watching import TokenEvent, TokenWatcher

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FINDINGS = 0, 1, 2, 3


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _warn(err: KysoError) -> None:
    print(f"kyso: {err.vi}", file=sys.stderr)


# -- devices -------------------------------------------------------------------------------
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
    tokens: list[TokenSnapshot] = []
    for module in env.modules:
        if module.loaded:
            try:
                tokens.extend(list_tokens(module))
            except Exception as exc:  # one broken module must not hide the others
                env.problems.append(
                    KysoError(
                        f"Lỗi khi đọc mô-đun {module.path}: {type(exc).__name__}",
                        f"Error reading module {module.path}: {type(exc).__name__}",
                    )
                )
    if args.json:
        _print_json(
            {
                "modules": [m.to_json() for m in env.modules],
                "tokens": [t.to_json() for t in tokens],
                "demo": env.demo is not None,
            }
        )
        return EXIT_OK
    for p in env.problems:
        _warn(p)
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
            _print_json(event.to_json())
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


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kyso",
        description="Kyso — trợ lý chữ ký số chuyên dùng công vụ "
        "(Vietnam public-service digital signatures).",
    )
    parser.add_argument("--version", action="version", version=f"kyso {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="dùng token DEMO (SoftHSM2) / use the DEMO token"
    )
    parser.add_argument(
        "--temp-dir",
        metavar="DIR",
        help="giữ mọi tệp của lần chạy này trong DIR / keep this run's files under DIR",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    devices = sub.add_parser(
        "devices", help="liệt kê token và chứng thư / list tokens and certificates"
    )
    devices.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    devices.add_argument(
        "--watch",
        action="store_true",
        help="theo dõi cắm/rút token đến khi dừng (Ctrl+C) / watch until interrupted",
    )
    devices.set_defaults(func=cmd_devices)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.temp_dir:
        use_temp_dir(args.temp_dir)
    try:
        env = open_environment(demo=args.demo)
        if args.demo and env.demo is None:
            for p in env.problems:
                _warn(p)
            return EXIT_ERROR
        return int(args.func(args, env))
    except KysoError as exc:
        _warn(exc)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
