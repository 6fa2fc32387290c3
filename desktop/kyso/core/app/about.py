"""What "About Kyso" and ``kyso about`` show: version, build, data, modules, folders."""

from __future__ import annotations

import platform
import sys
from typing import Any

from kyso import __version__
from kyso.core.app.environment import Environment
from kyso.core.logs import LOG_NAME
from kyso.core.settings import machine_settings_file


def build_date() -> str:
    """Set by the installer build (``kyso/_build.py``); "source tree" otherwise."""
    try:
        from kyso import _build  # type: ignore[attr-defined]
    except ImportError:
        return "source tree"
    return str(getattr(_build, "BUILD_DATE", "unknown"))


def admin_data_version() -> dict[str, str]:
    from kyso.core.subjects.admin_units import load

    return {str(k): str(v) for k, v in load().source.items()}


def about(env: Environment | None) -> dict[str, Any]:
    paths = env.paths if env else None
    return {
        "version": __version__,
        "build_date": build_date(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "admin_units_data": admin_data_version(),
        "modules": [m.to_json() for m in env.modules] if env else [],
        "settings": {
            "user_file": str(paths.user_settings_file) if paths else None,
            "machine_file": str(machine_settings_file()),
            "locked": sorted(env.settings.locked) if env else [],
        },
        "logs": str(paths.log_dir / LOG_NAME) if paths else None,
        "data_dir": str(paths.data_dir) if paths else None,
    }
