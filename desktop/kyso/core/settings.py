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
``%ProgramData%\\Kyso\\kyso.toml`` on Windows, or ``$KYSO_MACHINE_CONFIG``. A malformed
file is reported (file and line) and ignored; it never stops the app.

``KYSO_HOME`` (or ``--temp-dir`` on the command line) puts every per-user folder under one
directory, for tests and smoke runs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
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
    tsa_url: str = "http://tsa.ca.gov.vn"
    anchors_path: str = ""
    """A PEM/DER file or a folder of trust anchors (and intermediates) that IT deploys."""
    revocation_timeout_s: float = 5.0
    expiry_warning_days: int = 30
    allow_outdated_org_cert: bool = False
    """Whether an organization certificate the two-tier check calls out of date may sign."""
    pin_in_keyring: bool = False
    """Whether a user may keep a token's PIN in the OS keyring (off unless IT allows it)."""
    inventory_path: str = ""
    """The SQLite inventory file; empty means ``inventory.sqlite3`` in the data folder."""
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


def _coerce(name: str, value: Any, source: str) -> Any:
    """Check ``value`` against the declared type of setting ``name``."""
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
    elif isinstance(default, list):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    raise SettingsError(
        f"{source}: giá trị của “{name}” không đúng kiểu ({type(default).__name__}); "
        "đã bỏ qua giá trị này.",
        f"{source}: “{name}” has the wrong type (expected {type(default).__name__}); "
        "the value was ignored.",
        code="settings_type",
    )


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


def _read_toml(path: Path, problems: list[SettingsError]) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # tomllib's message carries "(at line N, column M)".
        problems.append(
            SettingsError(
                f"Tệp thiết lập của máy {path} bị lỗi và đã bị bỏ qua: {exc}",
                f"The machine settings file {path} is malformed and was ignored: {exc}",
                code="settings_malformed",
            )
        )
        return {}


def _read_json(path: Path, problems: list[SettingsError]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        problems.append(
            SettingsError(
                f"Tệp thiết lập {path} bị lỗi và đã bị bỏ qua: {exc}",
                f"The settings file {path} is malformed and was ignored: {exc}",
                code="settings_malformed",
            )
        )
        return {}
    if not isinstance(data, dict):
        problems.append(
            SettingsError(
                f"Tệp thiết lập {path} không phải một đối tượng JSON; đã bỏ qua.",
                f"The settings file {path} is not a JSON object; ignored.",
                code="settings_malformed",
            )
        )
        return {}
    return data


def _apply(
    target: Settings, table: Any, source: str, problems: list[SettingsError]
) -> dict[str, Any]:
    applied: dict[str, Any] = {}
    if not isinstance(table, dict):
        return applied
    for name, value in table.items():
        if name not in SETTING_NAMES:
            problems.append(
                SettingsError(
                    f"{source}: không có thiết lập “{name}”; đã bỏ qua.",
                    f"{source}: unknown setting “{name}”; ignored.",
                    code="settings_unknown",
                )
            )
            continue
        try:
            applied[name] = _coerce(name, value, source)
        except SettingsError as exc:
            problems.append(exc)
            continue
        setattr(target, name, applied[name])
    return applied


def load_settings(paths: Paths | None = None, machine_file: Path | None = None) -> LoadedSettings:
    """Read defaults, the per-machine file and the per-user file; never raises."""
    paths = paths or Paths.default()
    machine_file = machine_file or machine_settings_file()
    problems: list[SettingsError] = []
    values = Settings()
    machine = _read_toml(machine_file, problems)
    _apply(values, machine.get("defaults", {}), str(machine_file), problems)
    user_raw = _read_json(paths.user_settings_file, problems)
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
    user_values = _apply(values, user_raw, str(paths.user_settings_file), problems)
    locked = _apply(values, machine.get("settings", {}), str(machine_file), problems)
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
