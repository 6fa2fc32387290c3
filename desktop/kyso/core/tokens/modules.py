"""PKCS#11 modules: which ones Kyso looks for, loading each once, and its own thread.

Before a module is loaded into the process it is tried in a child process
(:mod:`kyso.core.tokens.probe`): a driver that crashes or hangs there is reported and not
loaded. One that hangs later blocks only its own (daemon) thread.

Every call into a module goes through that module's single worker thread
(:meth:`Pkcs11Module.call`). A module is loaded (C_Initialize) once and kept for the
process's life: several vendors' modules misbehave on repeated C_Finalize/C_Initialize.
Differences between modules live in :data:`QUIRKS`, not in ``if`` statements elsewhere.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kyso.core.errors import ModuleLoadError
from kyso.core.tokens.probe import ProbeResult, probe_modules

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class KnownModule:
    """A vendor's PKCS#11 module and where its installer puts it on each OS."""

    vendor: str
    windows: tuple[str, ...] = ()
    linux: tuple[str, ...] = ()
    macos: tuple[str, ...] = ()

    def paths(self, platform: str) -> tuple[str, ...]:
        if platform.startswith("win"):
            return self.windows
        if platform == "darwin":
            return self.macos
        return self.linux


_WIN = r"C:\Windows\System32"
_LIBDIRS = ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/lib/x86_64-linux-gnu")


def _linux(*names: str) -> tuple[str, ...]:
    return tuple(f"{d}/{n}" for n in names for d in _LIBDIRS)


# Order matters: VGCA's own tokens first (Bit4id, then SafeNet), then the other Vietnamese
# CAs, then generic drivers (domain.md §4).
KNOWN_MODULES: tuple[KnownModule, ...] = (
    KnownModule(
        "Bit4id (VGCA Token)",
        windows=(rf"{_WIN}\bit4xpki.dll",),
        linux=("/usr/lib/bit4id/libbit4xpki.so", *_linux("libbit4xpki.so")),
        macos=("/Library/bit4id/pkcs11/libbit4xpki.dylib", "/usr/local/lib/libbit4xpki.dylib"),
    ),
    KnownModule(
        "SafeNet eToken (VGCA)",
        windows=(rf"{_WIN}\eTPKCS11.dll",),
        linux=_linux("libeTPkcs11.so", "libeToken.so"),
        macos=("/usr/local/lib/libeTPkcs11.dylib",),
    ),
    KnownModule("Bkav CA", windows=(rf"{_WIN}\BkavCA.dll", rf"{_WIN}\bkavcaetoken.dll")),
    KnownModule(
        "Viettel CA",
        windows=(rf"{_WIN}\viettel-ca_v6.dll",),
        linux=_linux("viettel-ca_v6.so"),
    ),
    KnownModule(
        "VNPT CA",
        windows=(rf"{_WIN}\vnpt-ca_csp11.dll", rf"{_WIN}\vnptca_p11_v8.dll", rf"{_WIN}\wdpkcs.dll"),
    ),
    KnownModule("FPT CA", windows=(rf"{_WIN}\fpt-ca.dll",)),
    KnownModule("Nacencomm CA", windows=(rf"{_WIN}\nca_v6.dll",)),
    KnownModule(
        "Feitian ePass2003",
        windows=(rf"{_WIN}\eps2003csp11.dll",),
        linux=_linux("libcastle.so.1.0.0", "libepass2003.so"),
    ),
    KnownModule("Gemalto / Thales", windows=(rf"{_WIN}\gclib.dll",), linux=_linux("libgclib.so")),
    KnownModule(
        "OpenSC",
        windows=(r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",),
        linux=("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", *_linux("opensc-pkcs11.so")),
        macos=("/Library/OpenSC/lib/opensc-pkcs11.so",),
    ),
)


@dataclass(frozen=True)
class ModuleQuirks:
    """How a module departs from the PKCS#11 book."""

    reinit_to_see_new_tokens: bool = False
    """C_GetSlotList never shows tokens created after C_Initialize (SoftHSM2): the watcher
    re-initializes the module (only while none of its sessions is in use)."""
    wrong_pin_may_be_general_error: bool = False
    """A wrong PIN may come back as CKR_GENERAL_ERROR without updating the PIN flags."""


QUIRKS: dict[str, ModuleQuirks] = {
    "softhsm": ModuleQuirks(reinit_to_see_new_tokens=True),
    "eps2003": ModuleQuirks(wrong_pin_may_be_general_error=True),
    "castle": ModuleQuirks(wrong_pin_may_be_general_error=True),
}


def quirks_for(path: str) -> ModuleQuirks:
    name = Path(path).name.lower()
    for key, quirks in QUIRKS.items():
        if key in name:
            return quirks
    return ModuleQuirks()


def vendor_for(path: str) -> str:
    name = Path(path).name.lower()
    for known in KNOWN_MODULES:
        for candidate in (*known.windows, *known.linux, *known.macos):
            if Path(candidate.replace("\\", "/")).name.lower() == name:
                return known.vendor
    if "softhsm" in name:
        return "SoftHSM2"
    return Path(path).name


def module_paths_from_env(environ: dict[str, str] | None = None) -> list[str]:
    """``KYSO_PKCS11_MODULES``: paths separated by the OS path separator."""
    environ = dict(os.environ) if environ is None else environ
    raw = environ.get("KYSO_PKCS11_MODULES", "")
    return [p for p in raw.split(os.pathsep) if p.strip()]


def candidate_module_paths(
    *,
    settings_paths: Iterable[str] = (),
    use_builtin: bool = True,
    environ: dict[str, str] | None = None,
    platform: str | None = None,
) -> list[str]:
    """Every module path worth trying, in order, without duplicates.

    Order: ``KYSO_PKCS11_MODULES``, the settings (per-user and per-machine), then the
    built-in table. Paths that do not exist are dropped quietly here.
    """
    platform = platform or sys.platform
    ordered: list[str] = [*module_paths_from_env(environ), *settings_paths]
    if use_builtin:
        for known in KNOWN_MODULES:
            ordered.extend(known.paths(platform))
    seen: set[str] = set()
    result: list[str] = []
    for path in ordered:
        if not Path(path).is_file():
            continue
        key = os.path.normcase(os.path.realpath(path))
        if key in seen:
            continue
        seen.add(key)
        result.append(path)
    return result


class _ModuleThread:
    """One daemon thread running a module's calls in order.

    Not a ThreadPoolExecutor: its threads are joined at interpreter exit, so one driver call
    that never returns would keep Kyso from ever exiting. A daemon thread stuck in a driver
    blocks only the callers that wait for it.
    """

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._busy_since: float | None = None
        self.thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self.thread.start()

    def submit(self, fn: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put((future, fn, args))
        return future

    def busy_for(self) -> float:
        """Seconds the current call has been running (0 when idle)."""
        since = self._busy_since
        return 0.0 if since is None else time.monotonic() - since

    def _loop(self) -> None:
        while True:
            future, fn, args = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            self._busy_since = time.monotonic()
            try:
                result = fn(*args)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)
            finally:
                self._busy_since = None
            del future, fn, args


class Pkcs11Module:
    """One loaded PKCS#11 library and the single thread that may call it.

    ``probe``: the result of trying the library in a child process first
    (:mod:`kyso.core.tokens.probe`); a module whose probe failed is never loaded here.
    """

    LOAD_TIMEOUT_S = 30.0
    """The in-process load after a good probe: if even that never returns, the module is
    reported unresponsive and its thread is left behind (a daemon: it cannot stop Kyso)."""

    def __init__(self, path: str, probe: ProbeResult | None = None) -> None:
        self.path = path
        self.vendor = vendor_for(path)
        self.quirks = quirks_for(path)
        self.probe = probe
        self.lib: Any = None
        self.error: ModuleLoadError | None = None
        self.description = ""
        self.unresponsive = False
        """Set by the watcher (or the load) when a call has not returned for far too long."""
        self.logins: dict[str, Any] = {}
        """serial → :class:`~kyso.core.tokens.login_state.TokenLogin`; module thread only."""
        self.cryptoki: Any = None
        """The raw function table for C_Login/C_Logout (login_state); module thread only."""
        self._sessions_in_use = 0
        self._lock = threading.Lock()
        self._long_call = 0
        self._worker = _ModuleThread(f"pkcs11-{Path(path).stem}")
        probe_error = probe.error() if probe is not None else None
        if probe_error is not None:
            self.error = probe_error
            return
        try:
            self.call(self._load).result(self.LOAD_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            self.unresponsive = True
            self.error = ModuleLoadError(
                f"Trình điều khiển PKCS#11 {path} không trả lời khi nạp vào Kyso. Các token "
                "khác vẫn dùng được. Rút token ra, khởi động lại Kyso; nếu vẫn lỗi, cài lại "
                "trình điều khiển.",
                f"The PKCS#11 driver {path} did not answer while loading. The other tokens "
                "still work. Remove the token and restart Kyso; if it persists, reinstall the "
                "driver.",
                code="module_hung",
            )
            log.warning("%s", self.error.en)

    @property
    def loaded(self) -> bool:
        return self.lib is not None

    def _load(self) -> None:
        import pkcs11

        try:
            self.lib = pkcs11.lib(self.path)
            self.description = f"{self.lib.manufacturer_id} {self.lib.library_description}".strip()
        except Exception as exc:  # any failure: not a PKCS#11 library, C_Initialize failed …
            self.lib = None
            detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
            self.error = ModuleLoadError(
                f"Không nạp được thư viện PKCS#11 {self.path} ({detail}). Kiểm tra đã cài đúng "
                "trình điều khiển (driver) của token, hoặc bỏ đường dẫn này khỏi thiết lập.",
                f"Could not load the PKCS#11 library {self.path} ({detail}). Check that the "
                "token's driver is installed correctly, or remove this path from the settings.",
                code="module_load",
            )
            log.warning("%s", self.error.en)

    # -- the module's thread -----------------------------------------------------------
    def call(self, fn: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        """Run ``fn(*args)`` on this module's thread."""
        return self._worker.submit(fn, *args)

    def run(self, fn: Callable[..., T], *args: Any, timeout: float | None = None) -> T:
        """Run ``fn(*args)`` on this module's thread and wait (never from the GUI thread)."""
        if self.on_module_thread():
            return fn(*args)  # already on the module thread: calling through would deadlock
        return self.call(fn, *args).result(timeout)

    def on_module_thread(self) -> bool:
        """True on this module's own thread (by identity: two modules with one file stem
        have threads of the same name)."""
        return threading.get_ident() == self._worker.thread.ident

    def busy_for(self) -> float:
        """Seconds the module's current call has been running (0 when idle)."""
        return self._worker.busy_for()

    @contextlib.contextmanager
    def long_call(self) -> Iterator[None]:
        """Marks a call that may rightly take long (a PIN typed on the reader's keypad), so
        the watcher does not call the module unresponsive meanwhile."""
        with self._lock:
            self._long_call += 1
        try:
            yield
        finally:
            with self._lock:
                self._long_call -= 1

    @property
    def in_long_call(self) -> bool:
        with self._lock:
            return self._long_call > 0

    # -- sessions in use ---------------------------------------------------------------
    def session_opened(self) -> None:
        with self._lock:
            self._sessions_in_use += 1

    def session_closed(self) -> None:
        with self._lock:
            self._sessions_in_use = max(0, self._sessions_in_use - 1)

    @property
    def sessions_in_use(self) -> int:
        with self._lock:
            return self._sessions_in_use

    def reinitialize_if_idle(self) -> bool:
        """Re-initialize (only for modules that need it, and never under an open session).

        Must run on the module thread.
        """
        if not (self.lib and self.quirks.reinit_to_see_new_tokens):
            return False
        if self.sessions_in_use:
            return False
        self.lib.reinitialize()
        return True

    def unresponsive_error(self) -> ModuleLoadError:
        """The module's thread has not come back from a call: say so, and mark it."""
        self.unresponsive = True
        return ModuleLoadError(
            f"Trình điều khiển PKCS#11 {self.path} không trả lời (đang bận hoặc bị treo). Các "
            "token khác vẫn dùng được. Rút token của trình điều khiển này ra rồi cắm lại; nếu "
            "vẫn vậy, khởi động lại Kyso hoặc cài lại trình điều khiển.",
            f"The PKCS#11 driver {self.path} does not answer (busy or hung). The other tokens "
            "still work. Remove its token and insert it again; if it persists, restart Kyso "
            "or reinstall the driver.",
            code="module_unresponsive",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "vendor": self.vendor,
            "loaded": self.loaded,
            "error": self.error.vi if self.error else None,
            "probe": self.probe.to_json() if self.probe is not None else None,
            "responsive": not self.unresponsive,
        }


class ModuleRegistry:
    """The process's modules, each loaded at most once, kept until the process ends."""

    _instance: ModuleRegistry | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self._modules: dict[str, Pkcs11Module] = {}
        self._lock = threading.Lock()

    @classmethod
    def instance(cls) -> ModuleRegistry:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = ModuleRegistry()
            return cls._instance

    def load(self, paths: Iterable[str], *, probe: bool = True) -> list[Pkcs11Module]:
        """Load (or reuse) each existing path; missing files are skipped quietly.

        A path not loaded yet is first probed in a child process (all of them at once); one
        that crashes, hangs or fails there is kept as an unloaded module with its error.
        """
        existing = [p for p in paths if Path(p).is_file()]
        with self._lock:
            new = [p for p in existing if self._key(p) not in self._modules]
        probes = probe_modules(new) if probe else {}
        result: list[Pkcs11Module] = []
        for path in existing:
            key = self._key(path)
            with self._lock:
                module = self._modules.get(key)
                if module is None:
                    module = Pkcs11Module(path, probes.get(path))
                    self._modules[key] = module
            if module not in result:
                result.append(module)
        return result

    @staticmethod
    def _key(path: str) -> str:
        return os.path.normcase(os.path.realpath(path))

    def modules(self) -> list[Pkcs11Module]:
        with self._lock:
            return list(self._modules.values())

    def get(self, path: str) -> Pkcs11Module | None:
        key = os.path.normcase(os.path.realpath(path))
        with self._lock:
            return self._modules.get(key)
