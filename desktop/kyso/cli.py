"""The ``kyso`` command line: a thin face over :mod:`kyso.core`.

Exit codes: 0 ok, 1 an error the user can fix (message on stderr), 2 bad usage,
3 a check found problems (``check``, ``verify``), 130 interrupted. An exception no handler
expected is logged with its traceback and reported in one line (never a traceback).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kyso import __version__
from kyso.cli_common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    print_json,
    unexpected_error,
    warn,
)
from kyso.core.check_export import REFORM_VI, TRUST_VI
from kyso.core.environment import Environment, open_environment, use_temp_dir
from kyso.core.errors import KysoError
from kyso.core.logs import setup_logging
from kyso.core.tokens import TokenSnapshot, list_tokens
from kyso.core.watching import TokenEvent, TokenWatcher
from kyso.inventory_cli import add_inventory_commands
from kyso.sign_cli import add_sign_commands
from kyso.verify_cli import add_verify_commands

log = logging.getLogger(__name__)


# -- devices -------------------------------------------------------------------------------
def _all_tokens(env: Environment) -> list[TokenSnapshot]:
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
    tokens = _all_tokens(env)
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


# -- check ---------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.checkup import (
        CertificateCheck,
        check_certificate_full,
        check_subject_only,
        make_checker,
    )
    from kyso.core.token_checks import check_snapshot
    from kyso.core.trust import load_certificates

    results: list[CertificateCheck] = []
    for subject in args.subject or []:
        results.append(check_subject_only(subject))
    needs_checker = bool(args.files) or not args.subject
    if needs_checker:
        checker = make_checker(
            env.settings.values,
            env.paths,
            anchors_override=args.anchors,
            demo=env.demo,
        )
        online = not args.offline
        if args.files:
            for path in args.files:
                certs = load_certificates(Path(path))
                for cert in certs:
                    others = [c for c in certs if c is not cert]
                    results.append(
                        check_certificate_full(cert, checker, extra_certs=others, online=online)
                    )
        elif not args.subject:
            for snap in _all_tokens(env):
                results.extend(r.check for r in check_snapshot(snap, checker, online=online))
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        for p in env.problems:
            warn(p)
        if not results:
            print("Không có chứng thư nào để kiểm tra. Cắm token, hoặc chỉ tệp chứng thư.")
        for r in results:
            print(_check_lines(r))
    return EXIT_FINDINGS if any(r.has_findings for r in results) else EXIT_OK


def _check_lines(r: Any) -> str:
    lines = [f"• {r.subject}"]
    if r.sha256:
        lines.append(f"  SHA-256 {r.sha256}")
    if r.trust is not None:
        lines.append(f"  Tin cậy: {TRUST_VI[r.trust.status]}")
        for reason in r.trust.reasons:
            lines.append(f"    - {reason.message('vi')}")
    data = r.reform.to_json()
    lines.append(f"  Mô hình hai cấp: {REFORM_VI.get(data['status'], data['status'])}")
    for text in data["reasons"]:
        lines.append(f"    - {text}")
    for attr, value in (data.get("proposed") or {}).items():
        lines.append(f"    đề xuất {attr} = {value}")
    return "\n".join(lines)


# -- anchors -------------------------------------------------------------------------------
def cmd_anchors_download(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.anchors import download_bcy_roots, downloaded_anchors_dir

    dest = Path(args.dest) if args.dest else downloaded_anchors_dir(env.paths)
    kwargs: dict[str, Any] = {}
    if args.url:
        kwargs["urls"] = tuple(args.url)
    result = download_bcy_roots(dest, **kwargs)
    for path in result.saved:
        print(f"Đã lưu chứng thư gốc (đúng dấu vân tay đã ghim): {path}")
    for url, why in result.rejected:
        print(f"Bỏ qua {url}: {why}", file=sys.stderr)
    return EXIT_OK


# -- about ---------------------------------------------------------------------------------
def cmd_about(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.about import about

    info = about(env)
    if args.json:
        print_json(info)
        return EXIT_OK
    print(f"Kyso {info['version']} (bản dựng: {info['build_date']}, Python {info['python']})")
    data = info["admin_units_data"]
    print(
        f"Dữ liệu đơn vị hành chính: {data.get('package', '?')} {data.get('version', '')}"
        f" — dữ liệu {data.get('data_date', '?')}"
    )
    print("Mô-đun PKCS#11:")
    for m in info["modules"]:
        state = "đã nạp" if m["loaded"] else f"lỗi: {m['error']}"
        print(f"  {m['path']} ({state})")
    print(f"Thiết lập người dùng: {info['settings']['user_file']}")
    print(f"Thiết lập của máy (CNTT): {info['settings']['machine_file']}")
    if info["settings"]["locked"]:
        print(f"  khóa bởi CNTT: {', '.join(info['settings']['locked'])}")
    print(f"Nhật ký: {info['logs']}")
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
    check = sub.add_parser(
        "check",
        help="kiểm tra chứng thư: tin cậy và mô hình hai cấp / check trust and the two-tier model",
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="tệp chứng thư PEM/DER")
    check.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    check.add_argument(
        "--subject",
        action="append",
        metavar="DN",
        help="kiểm tra một chủ thể RFC 4514 (lặp lại được) / check a subject string",
    )
    check.add_argument("--anchors", metavar="PATH", help="tệp/thư mục gốc tin cậy cho lần chạy này")
    check.add_argument(
        "--offline", action="store_true", help="không tra cứu thu hồi qua mạng / no network"
    )
    check.set_defaults(func=cmd_check)
    add_inventory_commands(sub)
    add_verify_commands(sub)
    add_sign_commands(sub)
    anchors = sub.add_parser("anchors", help="chứng thư gốc tin cậy / trust anchors")
    anchors_sub = anchors.add_subparsers(dest="anchors_command", metavar="ACTION", required=True)
    download = anchors_sub.add_parser(
        "download",
        help="tải chứng thư gốc của Ban Cơ yếu (chỉ nhận đúng dấu vân tay đã ghim)",
    )
    download.add_argument(
        "--dest", metavar="DIR", help="thư mục lưu (mặc định: dữ liệu người dùng)"
    )
    download.add_argument("--url", action="append", metavar="URL", help=argparse.SUPPRESS)
    download.set_defaults(func=cmd_anchors_download)
    about = sub.add_parser("about", help="phiên bản, dữ liệu, mô-đun, thư mục / about Kyso")
    about.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    about.set_defaults(func=cmd_about)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # verification workers are spawned processes
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.temp_dir:
        use_temp_dir(args.temp_dir)
    log_file: Path | None = None
    try:
        env = open_environment(demo=args.demo)
        log_file = setup_logging(env.paths.log_dir)
        if args.demo and env.demo is None:
            for p in env.problems:
                warn(p)
            return EXIT_ERROR
        return int(args.func(args, env))
    except KysoError as exc:
        warn(exc)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("kyso: đã dừng (Ctrl+C) / interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last resort: a traceback is a bug, never shown
        if log_file is None:
            log_file = _fallback_log()
        return unexpected_error(exc, log_file)


def _fallback_log() -> Path | None:
    """The log file when the failure came before the environment was open."""
    from kyso.core.settings import Paths

    try:
        return setup_logging(Paths.default().log_dir)
    except Exception:
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
