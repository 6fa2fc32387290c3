"""An account's access token: obtained, kept (keyring or memory), refreshed, dropped.

Shared by every dialect: each provides ``_password_login`` and, where the service has them,
``_refresh``. A call that meets an expired token refreshes once and retries; without a
refresh token (Viettel MySign has none) the holder is asked to log in again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from kyso.core.remote.accounts import SecretStore
from kyso.core.remote.http import RemoteHttpError
from kyso.core.remote.provider import RemoteAuthFailed, RemoteLoginNeeded, RemotePrompter


class TokenSession:
    def __init__(
        self,
        account: str,
        password_login: Callable[[str], dict[str, Any]],
        refresh: Callable[[str], dict[str, Any]] | None,
        secrets: SecretStore | None = None,
    ) -> None:
        self.account = account
        self._password_login = password_login
        self._refresh = refresh
        self.secrets = secrets or SecretStore()
        self._lock = threading.Lock()

    # -- the token ---------------------------------------------------------------------
    def _store(self, answer: dict[str, Any]) -> str:
        token = str(answer.get("access_token") or "")
        if not token:
            raise RemoteAuthFailed("thông tin đăng nhập", "login")
        self.secrets.put(self.account, "access_token", token)
        expires = float(answer.get("expires_in") or 3600)
        self.secrets.put(self.account, "token_expiry", str(time.time() + expires))
        if answer.get("refresh_token"):
            self.secrets.put(self.account, "refresh_token", str(answer["refresh_token"]))
        return token

    def token(self) -> str | None:
        token = self.secrets.get(self.account, "access_token")
        expiry = self.secrets.get(self.account, "token_expiry")
        try:
            if token and expiry and float(expiry) > time.time() + 30:
                return token
        except ValueError:
            pass
        return self._refreshed()

    def _refreshed(self) -> str | None:
        refresh = self.secrets.get(self.account, "refresh_token")
        if not refresh or self._refresh is None:
            return None
        try:
            return self._store(self._refresh(refresh))
        except RemoteHttpError:
            # An expired or revoked refresh token: a new login is needed.
            self.secrets.forget(self.account, "refresh_token")
            return None

    def login(self, prompter: RemotePrompter, *, force: bool = False) -> None:
        """Log in with the password (asked through ``prompter``) unless a token works."""
        with self._lock:
            if not force and self.token():
                return
            password = prompter.ask_secret(
                "password",
                f"Mật khẩu tài khoản ký số từ xa “{self.account}”",
                f"Password of remote signing account “{self.account}”",
            )
            if not password:
                raise RemoteLoginNeeded(self.account)
            try:
                self._store(self._password_login(password))
            except RemoteHttpError as exc:
                if exc.status in (400, 401, 403):
                    raise RemoteAuthFailed("mật khẩu", "password") from None
                raise

    def logout(self) -> None:
        for key in ("access_token", "refresh_token", "token_expiry"):
            self.secrets.forget(self.account, key)

    def call(self, fn: Callable[[str], Any]) -> Any:
        """``fn(access_token)``; on 401 refresh once and retry, else ask for a login."""
        token = self.token()
        if not token:
            raise RemoteLoginNeeded(self.account)
        try:
            return fn(token)
        except RemoteHttpError as exc:
            if exc.status != 401:
                raise
        self.secrets.forget(self.account, "access_token")
        token = self._refreshed()
        if not token:
            raise RemoteLoginNeeded(self.account)
        try:
            return fn(token)
        except RemoteHttpError as exc:
            if exc.status == 401:
                raise RemoteLoginNeeded(self.account) from None
            raise
