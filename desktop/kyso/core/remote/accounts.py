"""Remote signing accounts: settings on disk, secrets never.

An account is a name, a provider dialect, the service's URL and the non-secret identifiers
the service needs (client id, user, profile). Accounts the user adds live in
``remote_accounts.json`` in the user's config folder; IT presets accounts in the per-machine
settings file (``[remote.<name>]`` tables), which the user cannot remove or change.

Secrets — passwords, access and refresh tokens, client secrets — go only to the OS keyring
(service ``Kyso remote``); where no keyring backend exists they are kept in memory for this
process and asked again next time. Never on disk in clear, never in a log line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError

log = logging.getLogger(__name__)

PROVIDERS = ("csc", "vgca-rssp", "vnpt-smartca", "viettel-mysign")
KEYRING_SERVICE = "Kyso remote"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class AccountError(KysoError):
    pass


@dataclass(frozen=True)
class Account:
    name: str
    provider: str
    url: str
    client_id: str = ""
    user: str = ""
    profile_id: str = ""
    preset: bool = False
    """Set by IT in the per-machine settings (not removable by the user)."""
    options: dict[str, Any] = field(default_factory=dict)
    """Dialect-specific, non-secret knobs (e.g. ``csc_version``, ``approval_timeout_s``)."""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", {}, None)}


def validate(account: Account) -> None:
    if not _NAME.match(account.name):
        raise AccountError(
            f"Tên tài khoản “{account.name}” không hợp lệ: dùng chữ không dấu, số, dấu chấm, "
            "gạch ngang (tối đa 40 ký tự).",
            f"Account name “{account.name}” is not valid: use ASCII letters, digits, dots and "
            "dashes (at most 40 characters).",
            code="remote_bad_name",
        )
    if account.provider not in PROVIDERS:
        raise AccountError(
            f"Không biết nhà cung cấp “{account.provider}”; chọn một trong: {', '.join(PROVIDERS)}.",
            f"Unknown provider “{account.provider}”; choose one of: {', '.join(PROVIDERS)}.",
            code="remote_bad_provider",
        )
    if not re.match(r"^https?://[^\s/]+", account.url):
        raise AccountError(
            f"Địa chỉ dịch vụ “{account.url}” không hợp lệ (cần https://…).",
            f"Service address “{account.url}” is not valid (https://… expected).",
            code="remote_bad_url",
        )


class AccountStore:
    """The user's accounts file plus IT's presets."""

    FILE = "remote_accounts.json"

    def __init__(self, config_dir: Path, presets: dict[str, Any] | None = None) -> None:
        self.path = Path(config_dir) / self.FILE
        self._presets = self._read_presets(presets or {})

    @staticmethod
    def _read_presets(table: dict[str, Any]) -> dict[str, Account]:
        out: dict[str, Account] = {}
        for name, values in table.items():
            if not isinstance(values, dict):
                continue
            known = {k: str(values[k]) for k in ("provider", "url", "client_id", "user",
                                                  "profile_id") if k in values}
            options = {k: v for k, v in values.items() if k not in known and not _secret(k)}
            try:
                acc = Account(name=str(name), preset=True, options=options, **known)
                validate(acc)
            except (TypeError, AccountError) as exc:
                log.warning("ignoring preset remote account %s: %s", name, exc)
                continue
            out[acc.name] = acc
        return out

    def _read_user(self) -> dict[str, Account]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AccountError(
                f"Không đọc được {self.path} ({type(exc).__name__}); sửa hoặc xóa tệp này rồi "
                "thêm lại tài khoản.",
                f"Could not read {self.path} ({type(exc).__name__}); fix or delete it and add "
                "the accounts again.",
                code="remote_accounts_unreadable",
            ) from None
        out: dict[str, Account] = {}
        for item in raw.get("accounts", []) if isinstance(raw, dict) else []:
            try:
                acc = Account(**{k: v for k, v in item.items() if k != "preset"})
                validate(acc)
            except (TypeError, AccountError):
                continue
            out[acc.name] = acc
        return out

    def all(self) -> list[Account]:
        accounts = {**self._read_user(), **self._presets}  # IT's preset wins a name clash
        return [accounts[n] for n in sorted(accounts)]

    def presets(self) -> list[Account]:
        """IT's accounts for this machine (the account dialog offers them as templates)."""
        return [self._presets[n] for n in sorted(self._presets)]

    def get(self, name: str) -> Account:
        for acc in self.all():
            if acc.name == name:
                return acc
        raise AccountError(
            f"Không có tài khoản ký số từ xa “{name}”. Xem danh sách: kyso remote list.",
            f"There is no remote signing account “{name}”. List them: kyso remote list.",
            code="remote_no_account",
        )

    def add(self, account: Account) -> None:
        validate(account)
        if account.name in self._presets or account.name in self._read_user():
            raise AccountError(
                f"Đã có tài khoản “{account.name}”; chọn tên khác hoặc xóa tài khoản cũ trước.",
                f"There is already an account “{account.name}”; choose another name or remove "
                "the old one first.",
                code="remote_account_exists",
            )
        users = self._read_user()
        users[account.name] = account
        self._write(users)

    def replace(self, old_name: str, account: Account) -> None:
        """Edit a user account (the GUI's account dialog): ``account`` takes the place of
        ``old_name``. IT's presets are refused; the secrets are the caller's to keep or drop."""
        validate(account)
        if old_name in self._presets:
            raise self._preset_error(old_name)
        users = self._read_user()
        if old_name not in users:
            self.get(old_name)  # raises the "no such account" error
        if account.name != old_name and (account.name in users or account.name in self._presets):
            raise AccountError(
                f"Đã có tài khoản “{account.name}”; chọn tên khác.",
                f"There is already an account “{account.name}”; choose another name.",
                code="remote_account_exists",
            )
        kept = {n: a for n, a in users.items() if n != old_name}
        kept[account.name] = account
        self._write(kept)

    @staticmethod
    def _preset_error(name: str) -> AccountError:
        return AccountError(
            f"Tài khoản “{name}” do CNTT đặt cho máy này; không sửa hay xóa được.",
            f"Account “{name}” is set by IT for this machine; it cannot be changed or removed.",
            code="remote_account_preset",
        )

    def remove(self, name: str) -> None:
        if name in self._presets:
            raise AccountError(
                f"Tài khoản “{name}” do CNTT đặt cho máy này; không xóa được.",
                f"Account “{name}” is set by IT for this machine; it cannot be removed.",
                code="remote_account_preset",
            )
        users = self._read_user()
        if name not in users:
            self.get(name)  # raises the "no such account" error
        del users[name]
        self._write(users)
        SecretStore().forget_account(name)

    def _write(self, accounts: dict[str, Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"accounts": [a.to_json() for a in accounts.values()]}
        fd, tmp = tempfile.mkstemp(prefix=".remote_accounts.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)
            os.replace(tmp, self.path)
        finally:
            Path(tmp).unlink(missing_ok=True)


def _secret(key: str) -> bool:
    return bool(re.search(r"(?i)secret|password|token|pin|otp", key))


class SecretStore:
    """Account secrets in the OS keyring, else in this process's memory only."""

    _memory: dict[tuple[str, str], str] = {}
    _lock = threading.Lock()

    def get(self, account: str, key: str) -> str | None:
        with self._lock:
            if (account, key) in self._memory:
                return self._memory[(account, key)]
        try:
            import keyring

            return keyring.get_password(KEYRING_SERVICE, f"{account}:{key}")
        except Exception as exc:  # no backend, locked keyring, D-Bus missing …
            log.info("keyring unavailable (%s); secrets kept in memory", type(exc).__name__)
            return None

    def in_keyring(self, account: str, key: str) -> bool:
        """Whether the OS keyring (not just this process) holds the secret."""
        try:
            import keyring

            return keyring.get_password(KEYRING_SERVICE, f"{account}:{key}") is not None
        except Exception:
            return False

    def put(self, account: str, key: str, value: str) -> bool:
        """Store a secret; True when the OS keyring took it (False: memory only)."""
        with self._lock:
            self._memory[(account, key)] = value
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, f"{account}:{key}", value)
        except Exception as exc:
            log.info("keyring unavailable (%s); secrets kept in memory", type(exc).__name__)
            return False
        return True

    def forget(self, account: str, key: str) -> None:
        with self._lock:
            self._memory.pop((account, key), None)
        try:
            import keyring

            keyring.delete_password(KEYRING_SERVICE, f"{account}:{key}")
        except Exception:
            pass

    def forget_account(self, account: str) -> None:
        for key in ("password", "access_token", "refresh_token", "token_expiry",
                    "client_secret"):
            self.forget(account, key)


def machine_presets(machine_file: Path) -> dict[str, Any]:
    """IT's ``[remote.<name>]`` tables from the per-machine settings file ({} when absent or
    unreadable: the settings loader reports a broken file)."""
    from kyso.core.settings import machine_table

    return machine_table("remote", machine_file)


def account_store(config_dir: Path, machine_file: Path) -> AccountStore:
    return AccountStore(config_dir, machine_presets(machine_file))
