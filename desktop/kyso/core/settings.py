"""Kyso's settings: declared once, typed, with defaults.

Precedence, lowest first:

1. the defaults declared in :class:`Settings`;
2. ``[defaults]`` of the per-machine file (IT's suggestions; the user may change them);
3. the per-user file (``settings.json`` in the user's config folder, written by Kyso);
4. ``[settings]`` of the per-machine file (IT's decisions; *locked*: the user's values
   are ignored and the GUI shows them as locked).

``allow_outdated_org_cert`` and ``pin_in_keyring`` are IT's alone (:data:`MACHINE_ONLY`):
only the per-machine file may turn them on.

The per-machine file is TOML: ``/etc/kyso/kyso.toml`` on Linux and macOS,
``%ProgramData%\\Kyso\\kyso.toml`` on Windows, or ``$KYSO_MACHINE_CONFIG``.

Nothing in a settings file can stop the app. A file that cannot be used as a whole (not
UTF-8 — a UTF-8 byte-order mark is fine —, not TOML/JSON, nested deeper than
:data:`MAX_DEPTH`, larger than :data:`MAX_FILE_BYTES`, not a regular file) is reported with
the file and line and ignored; a single value of the wrong type or out of its range
(:data:`RANGES`, :data:`CHOICES`) is reported with the file, line and value and ignored on
its own. :func:`load_settings` never raises.

``KYSO_HOME`` (or ``--temp-dir`` on the command line) puts every per-user folder under one
directory, for tests and smoke runs.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import logging
import math
import os
import re
import reprlib
import stat
import sys
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from kyso.core.errors import SettingsError

log = logging.getLogger(__name__)

APP_NAME = "Kyso"


@dataclass
class Settings:
    """Every setting Kyso has. Add new ones here, with a type and a default."""

    language: str = "vi"
    """UI language: "vi" or "en"."""
    pkcs11_modules: list[str] = field(default_factory=list)
    """Extra PKCS#11 module paths, tried after the built-in table."""
    use_builtin_modules: bool = True
    """Look for the known Vietnamese CA modules (Bit4id, SafeNet, …) in their usual places."""
    watch_interval_ms: int = 500
    """How often the token watcher polls the modules."""
    tsa_url: str = "http://ca.gov.vn/tsa"
    """RFC 3161 time-stamp server (the address VGCA's own set-up guide gives)."""
    anchors_path: str = ""
    """A PEM/DER file or a folder of trust anchors (and intermediates) that IT deploys."""
    revocation_timeout_s: float = 5.0
    """Total deadline of one OCSP/CRL/CA-certificate download (connect, headers and body
    together), seconds; one trust check spends at most twice this on the network."""
    crl_dir: str = ""
    """A folder of CRL files (``*.crl``, ``*.pem``, ``*.der``) IT copies by hand on closed
    networks; they are read like fetched CRLs (verified, scope and freshness judged)."""
    expiry_warning_days: int = 30
    allow_outdated_org_cert: bool = False
    """Whether an organization certificate the two-tier check calls out of date may sign."""
    pin_in_keyring: bool = False
    """Whether a user may keep a token's PIN in the OS keyring (off unless IT allows it)."""
    inventory_path: str = ""
    """The SQLite inventory file; empty means ``inventory.sqlite3`` in the data folder."""
    proxy_url: str = ""
    """HTTP proxy for every download: empty = the system's proxy settings, ``"none"`` = no
    proxy, or ``http://[user:password@]host:port`` (Basic authentication only)."""
    proxy_bypass: str = ""
    """Hosts reached without the proxy, comma-separated (``*.gov.vn, 10.0.0.0/8,
    <local>``), besides the loopback addresses that never use one."""
    phuluc_directive_number: str = ""
    """The province's directive Phụ lục I answers, as written after "Kèm theo" ("Công văn số
    4414/UBND-ĐMPT"); with ``_date`` and ``_issuer``. Empty: the unit's province's known
    directive, else a neutral heading (see kyso.core.inventory.phuluc)."""
    phuluc_directive_date: str = ""
    """"05/8/2025"."""
    phuluc_directive_issuer: str = ""
    """"Ủy ban nhân dân thành phố Hà Nội"."""


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Settings))

MACHINE_ONLY: frozenset[str] = frozenset({"allow_outdated_org_cert", "pin_in_keyring"})
"""Decisions only IT may take (in the per-machine file); a per-user value is ignored."""

RANGES: dict[str, tuple[float, float]] = {
    "watch_interval_ms": (100, 60_000),
    "revocation_timeout_s": (0.5, 120.0),
    "expiry_warning_days": (0, 3650),
}
"""Inclusive bounds of the numeric settings (a timeout of -5 or 1e308 is a typo, not a wish)."""

CHOICES: dict[str, frozenset[str]] = {"language": frozenset({"vi", "en"})}

URL_SETTINGS = frozenset({"tsa_url", "proxy_url"})
"""Empty or an ``http``/``https`` URL with a host (``proxy_url`` also takes ``"none"``)."""

DOCUMENT_TEXT_SETTINGS = frozenset(
    {"phuluc_directive_number", "phuluc_directive_date", "phuluc_directive_issuer"}
)
"""Text printed in a document a clerk sends (the Phụ lục I heading): one line of printable
text. A control character (a TOML ``"\u0001"``, text pasted from another program) cannot
be written into an XLSX cell and is never meant: the value is refused (:func:`unprintable`)."""

MAX_TEXT = 4096
MAX_LIST = 100
MAX_FILE_BYTES = 256 * 1024
"""A settings file is a few hundred bytes; anything near this is not one."""
MAX_DEPTH = 16
"""Nesting (arrays, inline tables, dotted keys) a settings file may have; tomllib is slow and
recursive on deep nesting, so deeper files are refused before parsing."""


@dataclass
class Paths:
    """The per-user folders Kyso writes to."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> Paths:
        home = os.environ.get("KYSO_HOME")
        if home:
            return cls.under(Path(home))
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def under(cls, root: Path) -> Paths:
        return cls(root / "config", root / "data", root / "cache", root / "log")

    @property
    def user_settings_file(self) -> Path:
        return self.config_dir / "settings.json"


def machine_settings_file() -> Path:
    override = os.environ.get("KYSO_MACHINE_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("ProgramData", r"C:\ProgramData")
        return Path(base) / APP_NAME / "kyso.toml"
    return Path("/etc/kyso/kyso.toml")


_repr = reprlib.Repr()
_repr.maxstring = 60
_repr.maxother = 60
_repr.maxlevel = 2


def shown(value: Any) -> str:
    """A value as a message shows it: short, one line, never recursing deeply."""
    return _repr.repr(value).replace("\n", " ")


def _where(source: str, line: int | None) -> str:
    return f"{source}, dòng {line}" if line else source


def _where_en(source: str, line: int | None) -> str:
    return f"{source}, line {line}" if line else source


def _coerce(name: str, value: Any, source: str, line: int | None = None) -> Any:
    """Check ``value`` against the declared type and range of setting ``name``."""
    default = getattr(Settings(), name)
    checked: Any = _TYPE_MISMATCH
    if isinstance(default, bool):
        if isinstance(value, bool):
            checked = value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            checked = value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            checked = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(default, str):
        if isinstance(value, str):
            checked = value
    elif isinstance(default, list):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            checked = list(value)
    if checked is _TYPE_MISMATCH:
        raise SettingsError(
            f"{_where(source, line)}: giá trị {shown(value)} của “{name}” không đúng kiểu "
            f"({_TYPE_VI[type(default).__name__]}); đã bỏ qua giá trị này.",
            f"{_where_en(source, line)}: “{name}” = {shown(value)} has the wrong type "
            f"(expected {type(default).__name__}); the value was ignored.",
            code="settings_type",
        )
    problem = _out_of_range(name, checked)
    if problem:
        raise SettingsError(
            f"{_where(source, line)}: giá trị {shown(value)} của “{name}” không hợp lệ "
            f"({problem[0]}); đã bỏ qua giá trị này.",
            f"{_where_en(source, line)}: “{name}” = {shown(value)} is not valid "
            f"({problem[1]}); the value was ignored.",
            code="settings_range",
        )
    return checked


_TYPE_MISMATCH = object()
_TYPE_VI = {
    "bool": "true hoặc false",
    "int": "số nguyên",
    "float": "số",
    "str": "chuỗi",
    "list": "danh sách chuỗi",
}


def _out_of_range(name: str, value: Any) -> tuple[str, str] | None:
    """Why ``value`` (of the right type) is not acceptable for ``name`` (vi, en), or None."""
    if name in RANGES:
        low, high = RANGES[name]
        if not (math.isfinite(value) and low <= value <= high):
            return (f"phải từ {low:g} đến {high:g}", f"must be between {low:g} and {high:g}")
    if name in CHOICES and value not in CHOICES[name]:
        options = ", ".join(sorted(CHOICES[name]))
        return (f"chỉ nhận {options}", f"one of {options}")
    texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    if isinstance(value, list) and len(value) > MAX_LIST:
        return (f"quá {MAX_LIST} mục", f"more than {MAX_LIST} entries")
    for text in texts:
        if len(text) > MAX_TEXT or "\0" in text:
            return ("chuỗi quá dài hoặc có ký tự NUL", "text too long or with a NUL character")
    if name in DOCUMENT_TEXT_SETTINGS and isinstance(value, str):
        bad = unprintable(value)
        if bad is not None:
            code = f"U+{ord(bad):04X}"
            return (
                f"có ký tự điều khiển {code}, không in được trong báo cáo; gõ lại giá trị "
                "trên một dòng",
                f"it holds the control character {code}, which a report cannot print; type "
                "the value again on one line",
            )
    if name in URL_SETTINGS and value and not (name == "proxy_url" and value == "none"):
        if not _is_http_url(value):
            return (
                "phải là địa chỉ http:// hoặc https:// có tên máy",
                "must be an http:// or https:// address with a host",
            )
        if name == "proxy_url" and not value.startswith("http://"):
            # Kyso speaks plain HTTP to the proxy (CONNECT for https downloads).
            return ("proxy phải là địa chỉ http://", "the proxy must be an http:// address")
    return None


def unprintable(text: str) -> str | None:
    """The first character of ``text`` that is no printable text — a control character
    (tab and line breaks included: one line), a lone surrogate, U+FFFE or U+FFFF — or
    None."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            return char
    return None


def _is_http_url(text: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and text.strip() == text


@dataclass
class LoadedSettings:
    """The effective settings plus where they came from."""

    values: Settings
    paths: Paths
    locked: frozenset[str] = frozenset()
    problems: list[SettingsError] = field(default_factory=list)
    user_values: dict[str, Any] = field(default_factory=dict)

    def is_locked(self, name: str) -> bool:
        return name in self.locked or name in MACHINE_ONLY

    def set_user(self, name: str, value: Any) -> None:
        """Change a per-user setting and save it. Refused when IT locked it."""
        if name not in SETTING_NAMES:
            raise SettingsError(f"Không có thiết lập “{name}”.", f"No setting named “{name}”.")
        if self.is_locked(name):
            raise SettingsError(
                f"Thiết lập “{name}” do bộ phận CNTT khóa trên máy này; liên hệ CNTT để thay đổi.",
                f"The setting “{name}” is locked by IT on this machine; ask IT to change it.",
                code="settings_locked",
            )
        value = _coerce(name, value, "settings")
        self.user_values[name] = value
        setattr(self.values, name, value)
        save_user_settings(self.paths, self.user_values)


def _malformed(path: Path, vi: str, en: str) -> SettingsError:
    return SettingsError(
        f"Tệp thiết lập {path} bị lỗi và đã bị bỏ qua: {vi}",
        f"The settings file {path} is malformed and was ignored: {en}",
        code="settings_malformed",
    )


def _read_text(path: Path, problems: list[SettingsError]) -> str | None:
    """The file's text (UTF-8, a BOM dropped), or None (missing, or reported)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block the start forever; a device could be endless.
            problems.append(
                _malformed(path, "không phải một tệp thông thường.", "not a regular file.")
            )
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(
                _malformed(
                    path,
                    f"tệp quá lớn ({info.st_size} byte).",
                    f"the file is too large ({info.st_size} bytes).",
                )
            )
            return None
        data = path.read_bytes()[: MAX_FILE_BYTES + 1]
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(_malformed(path, str(exc.strerror or exc), str(exc.strerror or exc)))
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]  # Windows editors add one; harmless
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\0" in data[:200]:
        problems.append(
            _malformed(
                path,
                "tệp được lưu bằng UTF-16; hãy lưu lại bằng UTF-8 (dòng 1).",
                "the file is saved as UTF-16; save it as UTF-8 (line 1).",
            )
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            _malformed(
                path,
                f"không phải văn bản UTF-8 (dòng {line}); hãy lưu lại bằng UTF-8.",
                f"not UTF-8 text (line {line}); save it as UTF-8.",
            )
        )
        return None


def _too_deep(text: str) -> int | None:
    """The line where ``text`` nests deeper than :data:`MAX_DEPTH`, or None.

    A lexical scan (strings skipped) of brackets, braces and dotted keys: cheap, and enough
    to keep tomllib and json (both recursive) away from hostile nesting."""
    depth = 0
    line = 1
    quote = ""
    dots = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            dots = 0
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c == ".":
            dots += 1
        elif c == "=":
            dots = 0
        if depth > MAX_DEPTH or dots > MAX_DEPTH:
            return line
        i += 1
    return None


def _check_depth(path: Path, text: str, problems: list[SettingsError]) -> bool:
    line = _too_deep(text)
    if line is None:
        return True
    problems.append(
        _malformed(
            path,
            f"lồng nhau quá sâu (dòng {line}).",
            f"nested too deeply (line {line}).",
        )
    )
    return False


OTHER_MACHINE_TABLES = ("bridge", "remote", "updates")
"""IT's tables besides the settings, each read by its package through :func:`machine_table`
(so not reported as unknown)."""


def machine_table(name: str, machine_file: Path | None = None) -> dict[str, Any]:
    """A table of IT's per-machine file other than the settings (``[bridge]``, ``[remote]``,
    ``[updates]``), read with the same guards (size, encoding, nesting); {} when the file or
    the table is missing or malformed (the settings loader reports a broken file)."""
    data, _ = _read_toml(machine_file or machine_settings_file(), [])
    table = data.get(name)
    return table if isinstance(table, dict) else {}


def read_machine_file(machine_file: Path | None = None) -> dict[str, Any] | None:
    """IT's per-machine file as a whole, read with the same guards; {} when there is none,
    None when it exists but cannot be read (malformed, not UTF-8, too large…): a caller for
    whom "IT said nothing" and "IT's file is broken" differ (the signing bridge) tells them
    apart. The settings loader reports the problem."""
    problems: list[SettingsError] = []
    data, _ = _read_toml(machine_file or machine_settings_file(), problems)
    return None if problems else data


BRIDGE_MAX_BATCH_MB = (1, 100_000, 200)
"""``[bridge] max_batch_mb``: lowest, highest, and the default used instead of a value out
of that range (kyso.core.bridge.config reads it; here for the settings' report)."""


def _bridge_problems(machine: dict[str, Any], path: Path, text: str) -> list[SettingsError]:
    """``[bridge]``'s switch must be a real boolean: ``enabled = "false"`` or ``0`` would read
    as "on" to a person; Kyso treats such a value as off (kyso.core.bridge.config) and says so."""
    if "bridge" not in machine:
        return []
    table = machine["bridge"]
    if not isinstance(table, dict):
        line = _line_of(text, "bridge", None)
        return [SettingsError(
            f"{_where(str(path), line)}: “bridge” phải là một bảng ([bridge]); cầu nối ký số "
            "được coi là tắt.",
            f"{_where_en(str(path), line)}: “bridge” must be a table ([bridge]); the signing "
            "bridge is treated as off.",
            code="settings_type",
        )]
    problems: list[SettingsError] = []
    if "enabled" in table and not isinstance(table["enabled"], bool):
        line = _line_of(text, "enabled", "bridge")
        problems.append(SettingsError(
            f"{_where(str(path), line)}: [bridge] enabled phải là true hoặc false (không có "
            f"ngoặc kép), không phải {shown(table['enabled'])}; cầu nối ký số được coi là tắt.",
            f"{_where_en(str(path), line)}: [bridge] enabled must be true or false (no "
            f"quotes), not {shown(table['enabled'])}; the signing bridge is treated as off.",
            code="settings_type",
        ))
    low, high, default = BRIDGE_MAX_BATCH_MB
    batch = table.get("max_batch_mb", default)
    if isinstance(batch, bool) or not isinstance(batch, int) or not low <= batch <= high:
        line = _line_of(text, "max_batch_mb", "bridge")
        problems.append(SettingsError(
            f"{_where(str(path), line)}: [bridge] max_batch_mb phải là một số MB nguyên từ "
            f"{low} đến {high}, không phải {shown(batch)}; Kyso dùng {default} MB.",
            f"{_where_en(str(path), line)}: [bridge] max_batch_mb must be a whole number of MB "
            f"from {low} to {high}, not {shown(batch)}; Kyso uses {default} MB.",
            code="settings_type",
        ))
    return problems


def _read_toml(path: Path, problems: list[SettingsError]) -> tuple[dict[str, Any], str]:
    text = _read_text(path, problems)
    if text is None or not _check_depth(path, text, problems):
        return {}, ""
    try:
        return tomllib.loads(text), text
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        # tomllib's message carries "(at line N, column M)".
        problems.append(
            SettingsError(
                f"Tệp thiết lập của máy {path} bị lỗi và đã bị bỏ qua: {exc}",
                f"The machine settings file {path} is malformed and was ignored: {exc}",
                code="settings_malformed",
            )
        )
        return {}, ""


def _read_json(path: Path, problems: list[SettingsError]) -> tuple[dict[str, Any], str]:
    text = _read_text(path, problems)
    if text is None or not _check_depth(path, text, problems):
        return {}, ""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        problems.append(_malformed(path, str(exc), str(exc)))
        return {}, ""
    if not isinstance(data, dict):
        problems.append(
            SettingsError(
                f"Tệp thiết lập {path} không phải một đối tượng JSON; đã bỏ qua.",
                f"The settings file {path} is not a JSON object; ignored.",
                code="settings_malformed",
            )
        )
        return {}, ""
    return data, text


def _line_of(text: str, name: str, table: str | None) -> int | None:
    """The line where ``name`` is set (in TOML table ``table``, or anywhere in JSON)."""
    current: str | None = None
    key = re.compile(
        rf"""^\s*(?:{re.escape(name)}|"{re.escape(name)}"|'{re.escape(name)}')\s*[=:]"""
    )
    header = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-]+)\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        found = header.match(line)
        if found:
            current = found.group(1)
            continue
        if (table is None or current == table) and key.match(line):
            return number
    return None


def _apply(
    target: Settings,
    table: Any,
    source: str,
    problems: list[SettingsError],
    *,
    text: str = "",
    table_name: str | None = None,
) -> dict[str, Any]:
    applied: dict[str, Any] = {}
    if not isinstance(table, dict):
        problems.append(
            SettingsError(
                f"{source}: “{table_name}” phải là một bảng ([{table_name}]); đã bỏ qua.",
                f"{source}: “{table_name}” must be a table ([{table_name}]); ignored.",
                code="settings_type",
            )
        )
        return applied
    for name, value in table.items():
        line = _line_of(text, str(name), table_name) if text else None
        if name not in SETTING_NAMES:
            problems.append(
                SettingsError(
                    f"{_where(source, line)}: không có thiết lập “{shown(name)[1:-1]}”; đã bỏ qua.",
                    f"{_where_en(source, line)}: unknown setting “{shown(name)[1:-1]}”; ignored.",
                    code="settings_unknown",
                )
            )
            continue
        try:
            applied[name] = _coerce(name, value, source, line)
        except SettingsError as exc:
            problems.append(exc)
            continue
        setattr(target, name, applied[name])
    return applied


def _unknown_tables(machine: dict[str, Any], path: Path, text: str) -> list[SettingsError]:
    problems = []
    for name in machine:
        if name in ("defaults", "settings") or name in OTHER_MACHINE_TABLES:
            continue  # the other tables are read where they are used (machine_table)
        line = _line_of(text, name, None) or _header_line(text, name)
        hint_vi = " (đặt nó trong [settings] hoặc [defaults])" if name in SETTING_NAMES else ""
        hint_en = " (put it under [settings] or [defaults])" if name in SETTING_NAMES else ""
        problems.append(
            SettingsError(
                f"{_where(str(path), line)}: “{shown(name)[1:-1]}” không thuộc bảng [settings] "
                f"hay [defaults]; đã bỏ qua{hint_vi}.",
                f"{_where_en(str(path), line)}: “{shown(name)[1:-1]}” is outside the [settings] "
                f"and [defaults] tables; ignored{hint_en}.",
                code="settings_unknown",
            )
        )
    return problems


def _header_line(text: str, name: str) -> int | None:
    pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*[\].]")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def load_settings(paths: Paths | None = None, machine_file: Path | None = None) -> LoadedSettings:
    """Read defaults, the per-machine file and the per-user file; never raises."""
    paths = paths or Paths.default()
    machine_file = machine_file or machine_settings_file()
    problems: list[SettingsError] = []
    values = Settings()
    machine, machine_text = _read_toml(machine_file, problems)
    problems.extend(_unknown_tables(machine, machine_file, machine_text))
    problems.extend(_bridge_problems(machine, machine_file, machine_text))
    if "defaults" in machine:
        _apply(
            values,
            machine["defaults"],
            str(machine_file),
            problems,
            text=machine_text,
            table_name="defaults",
        )
    user_raw, user_text = _read_json(paths.user_settings_file, problems)
    for name in sorted(MACHINE_ONLY & set(user_raw)):
        problems.append(
            SettingsError(
                f"{paths.user_settings_file}: “{name}” chỉ do CNTT đặt trong tệp thiết lập của "
                "máy; đã bỏ qua giá trị của người dùng.",
                f"{paths.user_settings_file}: “{name}” can only be set by IT in the machine "
                "settings file; the user's value was ignored.",
                code="settings_machine_only",
            )
        )
        del user_raw[name]
    user_values = _apply(values, user_raw, str(paths.user_settings_file), problems, text=user_text)
    locked: dict[str, Any] = {}
    if "settings" in machine:
        locked = _apply(
            values,
            machine["settings"],
            str(machine_file),
            problems,
            text=machine_text,
            table_name="settings",
        )
    for p in problems:
        log.warning("%s", p.en)
    return LoadedSettings(values, paths, frozenset(locked), problems, user_values)


def save_user_settings(paths: Paths, user_values: dict[str, Any]) -> None:
    """Write the per-user file atomically (temporary file, then rename)."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    target = paths.user_settings_file
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(user_values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, target)
