"""The token host: a child process that owns the PKCS#11 module while a key signs.

The module probe (:mod:`kyso.core.tokens.probe`) keeps a driver that crashes at load out of
Kyso; a driver that crashes later — in C_Login, C_FindObjects or C_Sign, which vendor
modules do on a bad card state — would still take ``kyso sign`` or the whole window with
it (and leave a half-written ``.part`` file). So a :class:`~kyso.core.tokens.key.Pkcs11Key`
does its login, key pairing, signing and audit-head writes in a child process
(:mod:`kyso.core.tokens.token_host_child`) that loads the module on its own. The parent
talks to it over pipes, one JSON line each way; the PIN travels over the pipe only, never
in argv or the environment.

A child that dies, or does not answer in time, becomes :class:`DriverCrashedError`: the
token's driver stopped working, which module file, what to do. The batch then reports the
files as failed (their temporary files are removed), and Kyso carries on.

What stays in Kyso's own process: listing slots, tokens and certificates, the PIN state
(C_GetTokenInfo) and the token watcher, which run on the module's own thread.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError, TokenError

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 120.0
"""Time one operation gets (a C_Sign of a batch's digests, a key search). Generous: some
tokens take seconds per RSA signature. ``KYSO_TOKEN_HOST_TIMEOUT_S`` overrides it."""
LOGIN_TIMEOUT_S = 300.0
"""C_Login on a reader's keypad waits for the holder to type the PIN (also overridden by
``KYSO_TOKEN_HOST_TIMEOUT_S``)."""

HOST_FLAG = "--kyso-token-host"

_STEPS = {
    "open": ("khi đăng nhập token (C_Login)", "while logging in (C_Login)"),
    "pair": ("khi tìm khóa bí mật (C_FindObjects)", "while finding the private key (C_FindObjects)"),
    "sign": ("khi ký (C_Sign)", "while signing (C_Sign)"),
    "sign_reauth": ("khi ký (C_Sign)", "while signing (C_Sign)"),
    "read_head": ("khi đọc đầu chuỗi nhật ký trên token", "while reading the log head on the token"),
    "write_head": ("khi ghi đầu chuỗi nhật ký lên token", "while writing the log head to the token"),
    "ping": ("khi kiểm tra token", "while checking the token"),
}


class DriverCrashedError(TokenError):
    """The token's PKCS#11 driver killed or hung the token host."""

    def __init__(self, module: str, op: str, what_en: str, *, hung: bool = False) -> None:
        step_vi, step_en = _STEPS.get(op, ("khi dùng token", "while using the token"))
        if hung:
            vi_what, en_what = "không trả lời", "stopped answering"
        else:
            vi_what, en_what = "bị lỗi và dừng đột ngột", "crashed"
        super().__init__(
            f"Trình điều khiển (driver) của token {vi_what} {step_vi} ({module}); Kyso vẫn "
            "chạy bình thường và không ghi tệp nào dở dang. Rút token ra, cắm lại rồi thử lại; "
            "nếu vẫn lỗi, cài bản trình điều khiển mới từ trang của nhà cung cấp token.",
            f"The token's driver {en_what} {step_en} ({module}; {what_en}); Kyso is still "
            "running and wrote no partial file. Unplug the token, plug it in again and retry; "
            "if it happens again, install the latest driver from the token vendor's site.",
            code="driver_hung" if hung else "driver_crashed",
        )
        self.module = module


def call_timeout_s(default: float = CALL_TIMEOUT_S) -> float:
    """``default``, or ``KYSO_TOKEN_HOST_TIMEOUT_S`` when set (IT, tests)."""
    try:
        value = float(os.environ.get("KYSO_TOKEN_HOST_TIMEOUT_S", ""))
    except ValueError:
        return default
    return value if 0.1 <= value <= 3600 else default


def _command() -> tuple[list[str], dict[str, str]]:
    if getattr(sys, "frozen", False):  # a PyInstaller build: the app is the host itself
        return [sys.executable, HOST_FLAG], dict(os.environ)
    import kyso

    source_root = str(Path(kyso.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (source_root, env.get("PYTHONPATH", "")) if p
    )
    return [sys.executable, "-m", "kyso.core.tokens.token_host_child"], env


def run_host_if_requested(argv: list[str]) -> None:
    """For a frozen build: with ``--kyso-token-host`` run the token host and exit."""
    if len(argv) >= 2 and argv[1] == HOST_FLAG:
        from kyso.core.tokens.token_host_child import main

        main()


def signal_name(returncode: int | None) -> str:
    """How a driver's child process ended, for a message: the POSIX signal's name
    ("SIGSEGV") or the exit code in hex, where Windows puts its crash status
    (0xC0000005: an access violation). Shared with :mod:`~kyso.core.tokens.probe`."""
    if returncode is None:
        return "no answer"
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit code 0x{returncode & 0xFFFFFFFF:08X}"


class TokenHost:
    """One child process for one module and one token; calls are serialised."""

    def __init__(self, module_path: str) -> None:
        self.module_path = module_path
        self._lock = threading.Lock()
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._dead: DriverCrashedError | None = None
        command, env = _command()
        popen_kw: dict[str, Any] = {}
        if sys.platform.startswith("win"):
            popen_kw["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        else:
            popen_kw["start_new_session"] = True  # a driver's helper processes die with it
        try:
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
                encoding="utf-8",
                errors="replace",
                **popen_kw,
            )
        except OSError as exc:
            raise TokenError(
                f"Không khởi động được tiến trình làm việc với token ({exc.strerror or exc}).",
                f"Could not start the token process ({exc.strerror or exc}).",
                code="token_host_failed",
            ) from None
        threading.Thread(target=self._read, name="kyso-token-host", daemon=True).start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        try:
            for line in self._proc.stdout:
                self._answers.put(line)
        except (OSError, ValueError):  # the pipe was closed under the reader
            pass
        self._answers.put(None)  # the pipe closed: the child is gone

    def call(self, op: str, timeout: float | None = None, **args: Any) -> dict[str, Any]:
        """Send one operation; its answer, or the error it stands for."""
        with self._lock:
            if self._dead is not None:
                raise self._dead
            message = json.dumps({"op": op, **args})
            args.clear()  # the PIN is not kept in this frame
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.write(message + "\n")
                self._proc.stdin.flush()
            except (OSError, ValueError):
                pass  # it died; the reader says so
            message = ""
            wait = call_timeout_s() if timeout is None else timeout
            try:
                line = self._answers.get(timeout=wait)
            except queue.Empty:
                self._kill()
                self._dead = DriverCrashedError(self.module_path, op, f"no answer in {wait:g} s",
                                                hung=True)
                log.error("token host for %s hung in %s", self.module_path, op)
                raise self._dead from None
            if line is None:
                try:
                    code = self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._kill()
                    code = None
                self._dead = DriverCrashedError(self.module_path, op, signal_name(code))
                log.error("token host for %s died in %s: %s", self.module_path, op,
                          signal_name(code))
                raise self._dead
        answer: dict[str, Any] = json.loads(line)
        if answer.get("ok"):
            return answer
        raise _rebuild(answer.get("error") or {})

    def close(self) -> None:
        if self._dead is None and self._proc.poll() is None:
            try:
                self.call("close", timeout=10)
            except KysoError:
                pass
        if self._proc.poll() is None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill()
        for pipe in (self._proc.stdin, self._proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass

    def kill(self) -> None:
        """End the child now, whatever it is doing (a pulled token); any call waiting on it
        fails."""
        self._kill()

    def _kill(self) -> None:
        try:
            if sys.platform.startswith("win"):
                self._proc.kill()
            else:
                os.killpg(self._proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            self._proc.kill()
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _rebuild(error: dict[str, Any]) -> BaseException:
    """The child's error as the exception the in-process code would have seen."""
    kind, name = error.get("kind"), str(error.get("type", ""))
    if kind == "kyso":
        from kyso.core.keys import base

        cls = getattr(base, name, None)
        if cls is base.KeyMismatchError:
            exc: KysoError = base.KeyMismatchError()
        elif cls is base.KeyNotFoundError:
            exc = base.KeyNotFoundError()
        else:
            exc = TokenError(error.get("vi", ""), error.get("en", ""))
        exc.vi, exc.en, exc.code = error.get("vi", exc.vi), error.get("en", exc.en), \
            error.get("code", exc.code)
        exc.args = (exc.vi,)
        return exc
    if kind == "pkcs11":
        import pkcs11.exceptions as p11

        cls = getattr(p11, name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            return cls()
    return RuntimeError(f"{name}: {error.get('text', '')}")
