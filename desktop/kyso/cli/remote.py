"""``kyso remote``: remote signing accounts (add, login, list, remove).

Secrets come from the terminal without echo, or with ``--password-stdin`` from stdin, one
per line in the order asked (password, then PIN/OTP when signing), so scripts can drive it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from typing import Any

from kyso.cli.common import EXIT_OK, err, print_json
from kyso.core.app.environment import Environment
from kyso.core.remote.accounts import PROVIDERS, Account, SecretStore, account_store
from kyso.core.remote.factory import credential_json, list_remote, provider_for
from kyso.core.remote.pending import PendingJournal
from kyso.core.settings import machine_settings_file


class CliRemotePrompter:
    """Secrets from stdin (one per line) or the terminal; waiting shown on stderr."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        if self.from_stdin:
            line = sys.stdin.readline()
            return line.rstrip("\r\n") or None
        try:
            return getpass.getpass(f"{prompt_vi}: ") or None
        except (EOFError, KeyboardInterrupt):
            return None

    def waiting_for_approval(
        self,
        documents: Sequence[str],
        deadline_s: float,
        *,
        part: tuple[int, int] | None = None,
    ) -> None:
        names = ", ".join(documents[:5]) + (" …" if len(documents) > 5 else "")
        which = f"Phần {part[0]}/{part[1]}: " if part is not None else ""
        print(
            f"{which}Đã gửi yêu cầu ký {len(documents)} văn bản ({names}) tới điện thoại. Mở "
            f"ứng dụng ký số và xác nhận trong {deadline_s:.0f} giây.",
            file=sys.stderr,
            flush=True,
        )

    def approval_finished(self) -> None:
        pass


def _store(env: Environment) -> Any:
    return account_store(env.paths.config_dir, machine_settings_file())


def cmd_remote_add(args: argparse.Namespace, env: Environment) -> int:
    account = Account(
        name=args.name, provider=args.provider, url=args.url, client_id=args.client_id or "",
        user=args.user or "", profile_id=args.profile_id or "",
    )
    _store(env).add(account)
    if args.json:
        print_json(account.to_json())
    else:
        print(f"Đã thêm tài khoản ký số từ xa “{account.name}”. Đăng nhập: kyso remote login "
              f"{account.name}")
    return EXIT_OK


def cmd_remote_login(args: argparse.Namespace, env: Environment) -> int:
    account = _store(env).get(args.name)
    provider = provider_for(account, timeout=env.settings.values.revocation_timeout_s * 6)
    prompter = CliRemotePrompter(args.password_stdin)
    provider.session.login(prompter, force=True)  # type: ignore[attr-defined]
    credentials = provider.credentials()
    kept = SecretStore().in_keyring(account.name, "access_token")
    if args.json:
        print_json({"account": account.name, "credentials": [credential_json(c)
                                                              for c in credentials]})
    else:
        print(f"Đã đăng nhập “{account.name}”: {len(credentials)} chứng thư.")
        for c in credentials:
            print(f"  • {c.certificate.subject.rfc4514_string()} (mã {c.id})")
    if not kept:
        err("Máy này không có kho khóa của hệ điều hành: phiên đăng nhập chỉ giữ trong lần chạy "
            "này; lần sau Kyso hỏi lại mật khẩu.")
    return EXIT_OK


def report_abandoned(env: Environment) -> None:
    """Requests a crashed Kyso left waiting on the phone: said once, then forgotten."""
    for item in PendingJournal(env.paths.data_dir).abandoned():
        err(item.notice().vi)


def cmd_remote_list(args: argparse.Namespace, env: Environment) -> int:
    report_abandoned(env)
    accounts = _store(env).all()
    listing = list_remote(accounts)
    if args.json:
        print_json(listing)
        return EXIT_OK
    if not accounts:
        print("Chưa có tài khoản ký số từ xa nào. Thêm: kyso remote add TÊN --provider … --url …")
    for entry in listing:
        preset = " (CNTT đặt)" if entry["preset"] else ""
        print(f"“{entry['account']}” — {entry['provider']} {entry['url']}{preset}")
        if entry["error"]:
            print(f"  {entry['error']}")
        for c in entry["credentials"]:
            print(f"  • {c['subject']} (mã {c['credential_id']}, hết hạn {c['not_after'][:10]})")
    return EXIT_OK


def cmd_remote_remove(args: argparse.Namespace, env: Environment) -> int:
    _store(env).remove(args.name)
    print(f"Đã xóa tài khoản “{args.name}” và phiên đăng nhập của nó.")
    return EXIT_OK


def add_remote_commands(subparsers: Any) -> None:
    remote = subparsers.add_parser(
        "remote", help="tài khoản ký số từ xa / remote signing accounts"
    )
    sub = remote.add_subparsers(dest="remote_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="thêm tài khoản / add an account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--provider", required=True, choices=PROVIDERS)
    add.add_argument("--url", required=True, metavar="URL", help="địa chỉ dịch vụ (https://…)")
    add.add_argument("--client-id", metavar="ID")
    add.add_argument("--user", metavar="USER", help="tên đăng nhập / số định danh")
    add.add_argument("--profile-id", metavar="ID", help="Viettel MySign: profile_id")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_remote_add)
    login = sub.add_parser("login", help="đăng nhập / log in")
    login.add_argument("name", metavar="NAME")
    login.add_argument("--password-stdin", action="store_true",
                       help="đọc mật khẩu từ stdin (một dòng) / read the password from stdin")
    login.add_argument("--json", action="store_true")
    login.set_defaults(func=cmd_remote_login)
    lst = sub.add_parser("list", help="liệt kê tài khoản và chứng thư / list accounts")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_remote_list)
    rm = sub.add_parser("remove", help="xóa tài khoản / remove an account")
    rm.add_argument("name", metavar="NAME")
    rm.set_defaults(func=cmd_remote_remove)
