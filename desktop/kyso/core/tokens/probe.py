"""Trying a PKCS#11 module in a child process before it is loaded into Kyso's own.

Vendor drivers crash (SIGSEGV in C_GetFunctionList) or never return (C_Initialize waiting
on a service, C_GetSlotList on a reader) in the field. Loaded straight into Kyso, one such
driver takes the GUI or ``kyso devices`` down with it and the good tokens never show. So
each module is first loaded in a throw-away child (:mod:`kyso.core.tokens.probe_child`)
that takes the same first steps Kyso will (load, C_GetFunctionList, C_Initialize,
C_GetSlotList) under a deadline. A module that crashes, hangs or fails there is reported
— which file, what happened, what to do — and never loaded; the others carry on.

The result is cached for the process by (real path, size, modification time): the GUI's
"use the DEMO token" or a second environment in the same run does not probe again, and a
driver updated on disk is probed afresh.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyso.core.errors import ModuleLoadError
from kyso.core.tokens.token_host import signal_name

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 10.0
"""Time a module gets for load + C_GetFunctionList + C_Initialize + C_GetSlotList. Generous:
some vendors' C_Initialize starts a smart-card service. ``KYSO_PKCS11_PROBE_TIMEOUT_S``
overrides it (IT, tests)."""

STEPS_VI = {
    "start": "khởi động tiến trình thử",
    "load": "nạp thư viện",
    "C_GetFunctionList": "lấy danh sách hàm (C_GetFunctionList)",
    "C_Initialize": "khởi tạo (C_Initialize)",
    "C_GetSlotList": "liệt kê khe cắm token (C_GetSlotList)",
    "internal": "chạy thử",
}
STEPS_EN = {
    "start": "starting the probe process",
    "load": "loading the library",
    "C_GetFunctionList": "C_GetFunctionList",
    "C_Initialize": "C_Initialize",
    "C_GetSlotList": "C_GetSlotList",
    "internal": "probing",
}

_WHAT_TO_DO_VI = (
    "Kyso không nạp thư viện này để khỏi bị treo hay tắt đột ngột; các token khác vẫn dùng "
    "được. Cài lại hoặc cập nhật trình điều khiển (driver) của token từ trang của nhà cung "
    "cấp; nếu không dùng token này, gỡ trình điều khiển hoặc bỏ đường dẫn khỏi thiết lập "
    "(pkcs11_modules, use_builtin_modules)."
)
_WHAT_TO_DO_EN = (
    "Kyso does not load this library, so it cannot hang or crash Kyso; the other tokens still "
    "work. Reinstall or update the token's driver from the vendor's site; if you do not use "
    "this token, uninstall its driver or remove the path from the settings (pkcs11_modules, "
    "use_builtin_modules)."
)


def probe_timeout_s(environ: dict[str, str] | None = None) -> float:
    raw = (os.environ if environ is None else environ).get("KYSO_PKCS11_PROBE_TIMEOUT_S", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if 0.1 <= value <= 600 else DEFAULT_TIMEOUT_S


@dataclass(frozen=True)
class ProbeResult:
    """What the child process saw."""

    path: str
    outcome: str
    """"ok", "failed" (an error code or not a library), "crashed" or "hung"."""
    step: str
    """The last step reached: load, C_GetFunctionList, C_Initialize, C_GetSlotList."""
    detail: str = ""
    slots: int | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def error(self) -> ModuleLoadError | None:
        """The problem to show the user, or None when the module may be loaded."""
        step_vi = STEPS_VI.get(self.step, self.step)
        step_en = STEPS_EN.get(self.step, self.step)
        if self.outcome == "ok":
            return None
        if self.outcome == "crashed":
            return ModuleLoadError(
                f"Trình điều khiển PKCS#11 {self.path} bị lỗi nghiêm trọng ({self.detail}) khi "
                f"{step_vi}. {_WHAT_TO_DO_VI}",
                f"The PKCS#11 driver {self.path} crashed ({self.detail}) during {step_en}. "
                f"{_WHAT_TO_DO_EN}",
                code="module_crashed",
            )
        if self.outcome == "hung":
            return ModuleLoadError(
                f"Trình điều khiển PKCS#11 {self.path} không trả lời sau {self.detail} giây khi "
                f"{step_vi}. {_WHAT_TO_DO_VI}",
                f"The PKCS#11 driver {self.path} did not answer within {self.detail} s during "
                f"{step_en}. {_WHAT_TO_DO_EN}",
                code="module_hung",
            )
        return ModuleLoadError(
            f"Không nạp được thư viện PKCS#11 {self.path} (lỗi khi {step_vi}: {self.detail}). "
            "Kiểm tra đã cài đúng trình điều khiển (driver) của token, hoặc bỏ đường dẫn này "
            "khỏi thiết lập.",
            f"Could not load the PKCS#11 library {self.path} ({step_en} failed: {self.detail}). "
            "Check that the token's driver is installed correctly, or remove this path from "
            "the settings.",
            code="module_load",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "step": self.step,
            "detail": self.detail,
            "slots": self.slots,
            "seconds": round(self.seconds, 3),
        }


def _child_command(path: str) -> list[str]:
    if getattr(sys, "frozen", False):  # a PyInstaller build: the app runs the probe itself
        return [sys.executable, PROBE_FLAG, path]
    script = Path(__file__).with_name("probe_child.py")
    # -I -S: no site-packages, no PYTHON* variables: starts in a few tens of milliseconds.
    return [sys.executable, "-I", "-S", str(script), path]


PROBE_FLAG = "--kyso-pkcs11-probe"


def run_child_if_requested(argv: list[str]) -> None:
    """For a frozen build, whose executable is Kyso itself: the entry points call this
    first; with ``--kyso-pkcs11-probe PATH`` it runs the probe and exits the process, with
    ``--kyso-token-host`` the token host (:mod:`kyso.core.tokens.token_host`)."""
    from kyso.core.tokens.token_host import run_host_if_requested

    run_host_if_requested(argv)
    if len(argv) >= 3 and argv[1] == PROBE_FLAG:
        from kyso.core.tokens.probe_child import main

        main(argv[2])


def _parse(path: str, out: str) -> tuple[str, str, str, int | None]:
    """(outcome or "", last step, detail, slot count) from the child's lines."""
    step, outcome, detail, slots = "start", "", "", None
    for line in out.splitlines():
        word, _, rest = line.partition(" ")
        if word == "step":
            step = rest.strip()
        elif word == "fail":
            failed_step, _, detail = rest.partition(" ")
            step, outcome = failed_step, "failed"
        elif word == "ok":
            outcome = "ok"
            try:
                slots = int(rest)
            except ValueError:
                slots = None
    return outcome, step, detail.strip(), slots


def run_probe(path: str, timeout_s: float | None = None) -> ProbeResult:
    """Probe ``path`` in a child process (not cached; see :func:`probe_module`)."""
    timeout = probe_timeout_s() if timeout_s is None else timeout_s
    started = time.monotonic()
    popen_kw: dict[str, Any] = {}
    if sys.platform.startswith("win"):
        popen_kw["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    else:
        popen_kw["start_new_session"] = True  # a driver's helper processes die with it
    try:
        proc = subprocess.Popen(
            _child_command(path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            **popen_kw,
        )
    except OSError as exc:
        return ProbeResult(path, "failed", "start", f"{type(exc).__name__}: {exc}")
    hung = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        hung = True
        _kill(proc)
        out, _ = proc.communicate()
    seconds = time.monotonic() - started
    outcome, step, detail, slots = _parse(path, out or "")
    if hung:
        return ProbeResult(path, "hung", step, f"{timeout:g}", seconds=seconds)
    if outcome:
        return ProbeResult(path, outcome, step, detail, slots, seconds)
    # No verdict: the driver took the process down at `step`.
    return ProbeResult(path, "crashed", step, signal_name(proc.returncode), seconds=seconds)


def _kill(proc: subprocess.Popen[str]) -> None:
    try:
        if sys.platform.startswith("win"):
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()


_cache: dict[tuple[str, int, int], ProbeResult] = {}
_cache_lock = threading.Lock()


def _cache_key(path: str) -> tuple[str, int, int]:
    real = os.path.normcase(os.path.realpath(path))
    st = os.stat(real)
    return (real, st.st_size, st.st_mtime_ns)


def probe_module(path: str, timeout_s: float | None = None) -> ProbeResult:
    """The probe result for ``path``, from this process's cache when the file is unchanged."""
    try:
        key = _cache_key(path)
    except OSError as exc:
        return ProbeResult(path, "failed", "load", f"{type(exc).__name__}: {exc}")
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached if cached.path == path else _with_path(cached, path)
    result = run_probe(path, timeout_s)
    if result.outcome == "ok":
        log.info("probed %s: ok, %s slot(s), %.3f s", path, result.slots, result.seconds)
    else:
        log.warning("probed %s: %s at %s (%s)", path, result.outcome, result.step, result.detail)
    with _cache_lock:
        _cache[key] = result
    return result


def _with_path(result: ProbeResult, path: str) -> ProbeResult:
    return ProbeResult(
        path, result.outcome, result.step, result.detail, result.slots, result.seconds
    )


def probe_modules(paths: Iterable[str], timeout_s: float | None = None) -> dict[str, ProbeResult]:
    """Probe several modules at once (in parallel: a hanging one costs one deadline, not one
    per module)."""
    unique = list(dict.fromkeys(paths))
    if not unique:
        return {}
    if len(unique) == 1:
        return {unique[0]: probe_module(unique[0], timeout_s)}
    with concurrent.futures.ThreadPoolExecutor(
        max_workers=min(8, len(unique)), thread_name_prefix="kyso-probe"
    ) as pool:
        results = pool.map(lambda p: probe_module(p, timeout_s), unique)
        return dict(zip(unique, results, strict=True))


def forget_cache() -> None:
    """Tests: probe again."""
    with _cache_lock:
        _cache.clear()
