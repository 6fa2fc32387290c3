"""``kyso bridge``: the local signing bridge's certificates and trust (for users and IT)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_FINDINGS, EXIT_OK, print_json
from kyso.core.app.environment import Environment


def bridge_folder(env: Environment) -> Path:
    from kyso.core.bridge.local_ca import user_folder

    return user_folder(env.paths.data_dir)


def _trusted_line(store: str, ok: bool) -> str:
    return f"  {'tin cậy' if ok else 'CHƯA tin cậy'}: {store}"


def cmd_bridge_status(args: argparse.Namespace, env: Environment) -> int:
    """This user's listener certificate, its validity, which of this user's stores trust
    its CA, and warnings: a key other users can read, an older version's shared key."""
    from kyso.core.bridge.local_ca import BridgeCertificates, status
    from kyso.core.bridge.policy import PORT

    state: dict[str, Any] = {"port": PORT, **status(BridgeCertificates(bridge_folder(env)))}
    state["listening"] = _listening(PORT)
    if args.json:
        print_json(state)
    else:
        print(f"Cổng ký số cho trang web: 127.0.0.1:{PORT} — "
              f"{'đang mở' if state['listening'] else 'chưa mở (Kyso chưa chạy?)'}")
        if not state["exists"]:
            print(f"Chưa có chứng thư TLS cục bộ của bạn ({state['certificates']}). Kyso tạo "
                  "khi khởi động nếu CNTT đã bật cổng ký số; hoặc: kyso bridge setup")
        else:
            print(f"Chứng thư TLS cục bộ của bạn: {state['certificates']}, hạn đến "
                  f"{state['valid_until']}"
                  + (" (ĐÃ HẾT HẠN)" if state["expired"] else
                     " (sẽ được làm mới ở lần khởi động tới)" if state["renewal_due"] else ""))
            for store, ok in state["trusted_by"].items():
                print(_trusted_line(store, ok))
            if state.get("windows_trust_declined"):
                print("Bạn đã từ chối tin cậy chứng thư này khi Windows hỏi; Kyso không hỏi lại "
                      "mỗi lần khởi động. Để được hỏi lại: kyso bridge setup")
            if state.get("key_readable_by_others"):
                print(f"CẢNH BÁO: người dùng khác đọc được khóa {state['certificates']} "
                      f"(quyền {state['key_mode']}, cần 0o600); Kyso sẽ tạo khóa mới ở lần "
                      "khởi động tới, hoặc chạy: kyso bridge setup --renew / WARNING: other "
                      "users can read the listener's key; it is replaced at the next start.")
        if state.get("legacy_machine_certificates"):
            print("CẢNH BÁO: còn chứng thư dùng chung của phiên bản Kyso cũ (khóa mọi người "
                  f"dùng đọc được): {', '.join(state['legacy_machine_certificates'])}. Gỡ: "
                  "sudo kyso bridge setup --machine / WARNING: an older version's shared "
                  "bridge key is still on this machine (installers/README-IT.md).")
    ok = (state["exists"] and not state.get("expired")
          and any(state.get("trusted_by", {}).values())
          and not state.get("key_readable_by_others")
          and not state.get("legacy_machine_certificates"))
    return EXIT_OK if ok else EXIT_FINDINGS


def _print_report(report: Any, done: str, failed: str) -> None:
    for store, ok in report.stores.items():
        print(f"{done if ok else failed}: {store}")
    for p in report.problems:
        print(f"  {p}", file=sys.stderr)


def cmd_bridge_setup(args: argparse.Namespace, env: Environment) -> int:
    """The listener's certificates and their trust.

    Without ``--machine`` (a user): this user's own CA and certificate in the user's data
    folder (made when missing, due for renewal, or with ``--renew``), trusted by this user's
    stores only. With ``--if-enabled``, only when IT's ``[bridge]`` table enables the bridge.

    ``--machine`` (the installers, as root/administrator): no key is made — each user's
    first start makes that user's own. It removes what older versions made for the whole
    machine (a shared key every user could read, its CA in the system store and in each
    user's NSS databases), whether or not the bridge is enabled, and says what happens next."""
    from kyso.core.bridge.config import it_enabled
    from kyso.core.bridge.local_ca import (
        prepare_user_certificates,
        remove_legacy_machine_material,
        trust,
        trust_for_user,
    )
    from kyso.core.settings import machine_settings_file

    enabled = it_enabled(machine_settings_file())
    if args.machine:
        report = remove_legacy_machine_material()
        _print_report(report, "Đã gỡ chứng thư dùng chung cũ khỏi",
                      "KHÔNG gỡ được chứng thư dùng chung cũ khỏi")
        if enabled:
            print("Cổng ký số đã được CNTT bật: mỗi người dùng có chứng thư TLS cục bộ riêng, "
                  "tạo ở lần đầu Kyso khởi động cho người đó (không có khóa dùng chung). / "
                  "Each user's first start makes that user's own local certificate.")
        else:
            print("Cổng ký số cho trang web chưa được CNTT bật ([bridge] trong "
                  f"{machine_settings_file()}).")
        return EXIT_OK if not report.problems and all(report.stores.values()) else EXIT_FINDINGS
    if args.if_enabled and not enabled:
        print("Cổng ký số cho trang web chưa được CNTT bật ([bridge] trong "
              f"{machine_settings_file()}); không cài chứng thư.")
        return EXIT_OK
    certs, made = prepare_user_certificates(env.paths.data_dir, make=True, renew=args.renew)
    assert certs is not None  # make=True
    # new certificates replace whatever Kyso CA the stores hold; else only where missing
    report = trust(certs) if made else trust_for_user(certs, ask_again=True)
    print(f"Chứng thư TLS cục bộ của bạn: {certs.folder}"
          + (" (mới tạo)" if made else " (đã có)"))
    _print_report(report, "Đã thêm vào", "KHÔNG thêm được vào")
    if not made and not report.stores and not report.problems:
        print("Các kho tin cậy của bạn đã tin chứng thư này.")
        return EXIT_OK
    return EXIT_OK if report.stores and all(report.stores.values()) else EXIT_FINDINGS


def cmd_bridge_remove(args: argparse.Namespace, env: Environment) -> int:
    """Take Kyso's CA out of the stores and delete the certificates.

    Without ``--machine``: this user's stores and this user's certificates. ``--machine``
    (the installers' uninstall, as root/administrator): an older version's shared material,
    and on Linux every Kyso CA in every user's NSS databases (each user's own included). On
    Windows the other users' own root stores cannot be reached from here (installers/
    README-IT.md); their CA there vouches only for that user's own key."""
    import shutil

    from kyso.core.bridge.local_ca import (
        TrustReport,
        remove_legacy_machine_material,
        untrust,
        untrust_every_user,
        user_folder,
    )

    report = TrustReport()
    if args.machine:
        steps = [remove_legacy_machine_material]
        if sys.platform != "win32":
            steps.append(untrust_every_user)
        folder = None
    else:
        steps = [untrust]
        folder = user_folder(env.paths.data_dir)
    try:
        for step in steps:
            try:
                done = step()
            except Exception as exc:  # said below; the other steps still run
                report.problems.append(getattr(exc, "vi", None) or f"{type(exc).__name__}: {exc}")
                continue
            report.stores.update(done.stores)
            report.problems += done.problems
    finally:
        if folder is not None:  # the key goes whatever happened above
            shutil.rmtree(folder, ignore_errors=True)
    _print_report(report, "Đã gỡ khỏi", "KHÔNG gỡ được khỏi")
    if folder is not None:
        print(f"Đã xóa {folder}" if not folder.exists() else f"KHÔNG xóa được {folder}")
    elif sys.platform == "win32":
        print("Kho gốc riêng của từng người dùng Windows không gỡ được từ đây: mỗi người chạy "
              "`kyso bridge remove` (trước khi gỡ Kyso) hoặc xóa trong certmgr.msc. / Other "
              "users' own root stores are not reachable here (installers/README-IT.md).")
    ok = not report.problems and all(report.stores.values()) and (
        folder is None or not folder.exists())
    return EXIT_OK if ok else EXIT_FINDINGS


def _listening(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def add_bridge_commands(subparsers: Any) -> None:
    bridge = subparsers.add_parser(
        "bridge", help="cổng ký số cho trang web / the local signing bridge for web apps"
    )
    sub = bridge.add_subparsers(dest="bridge_command", metavar="ACTION", required=True)
    st = sub.add_parser("status", help="trạng thái, chứng thư TLS, nơi tin cậy")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_bridge_status)
    setup = sub.add_parser("setup", help="tạo chứng thư TLS cục bộ và thêm vào trình duyệt")
    setup.add_argument("--machine", "--system", dest="machine", action="store_true",
                       help="cho cả máy (quản trị; bộ cài dùng): không tạo khóa nào — mỗi "
                            "người dùng có chứng thư riêng; gỡ chứng thư dùng chung của "
                            "phiên bản cũ")
    setup.add_argument("--if-enabled", action="store_true",
                       help="chỉ khi CNTT bật cổng ký số (bảng [bridge] trong kyso.toml)")
    setup.add_argument("--renew", action="store_true", help="tạo lại chứng thư")
    setup.set_defaults(func=cmd_bridge_setup)
    remove = sub.add_parser("remove", help="gỡ chứng thư TLS cục bộ khỏi nơi tin cậy và xóa nó")
    remove.add_argument("--machine", "--system", dest="machine", action="store_true",
                        help="cho cả máy (quản trị; bộ cài dùng khi gỡ)")
    remove.set_defaults(func=cmd_bridge_remove)
