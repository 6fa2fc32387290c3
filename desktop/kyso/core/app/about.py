"""What "About Kyso" and ``kyso about`` show: version, build, data, modules, folders."""

from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path
from typing import Any

from kyso import __version__
from kyso.core.app.environment import Environment
from kyso.core.errors import KysoError
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


def _file_facts(path: Path) -> dict[str, Any]:
    """Whether a settings file is there and its SHA-256 (IT compares it with the file it
    deployed), never its values."""
    try:
        data = path.read_bytes()
    except OSError:
        return {"path": str(path), "present": False}
    return {"path": str(path), "present": True, "sha256": hashlib.sha256(data).hexdigest()}


def anchor_facts(env: Environment) -> dict[str, Any]:
    """The trust anchors this desktop uses, by fingerprint: the configured ``anchors_path``,
    the downloaded Ban Cơ yếu roots and the DEMO root one by one; the OS store by count."""
    from cryptography.hazmat.primitives import hashes

    from kyso.core.trust.anchors import (
        TrustAnchors,
        anchors_from_path,
        downloaded_anchors,
        downloaded_anchors_dir,
        system_anchors,
    )

    def listed(anchors: TrustAnchors) -> list[dict[str, str]]:
        return [
            {"subject": c.subject.rfc4514_string(), "sha256": c.fingerprint(hashes.SHA256()).hex()}
            for c in anchors.roots
        ]

    facts: dict[str, Any] = {"configured_path": env.settings.values.anchors_path or None}
    problems: list[str] = []
    try:
        configured = env.settings.values.anchors_path
        facts["configured"] = listed(anchors_from_path(configured)) if configured else []
    except KysoError as exc:
        facts["configured"] = []
        problems.append(exc.en)
    try:
        facts["downloaded"] = listed(downloaded_anchors(downloaded_anchors_dir(env.paths)))
    except KysoError as exc:
        facts["downloaded"] = []
        problems.append(exc.en)
    try:
        facts["demo"] = (
            listed(anchors_from_path(env.demo.anchors_file)) if env.demo is not None else []
        )
    except KysoError as exc:
        facts["demo"] = []
        problems.append(exc.en)
    try:
        facts["system_roots"] = len(system_anchors().roots)
    except Exception:  # the OS store is informative only here
        facts["system_roots"] = None
    facts["problems"] = problems
    return facts


def about(env: Environment | None, *, fleet: bool = False) -> dict[str, Any]:
    """The facts of "About Kyso". ``fleet`` adds what IT audits across many desktops (host
    name, settings files' fingerprints, trust anchors); ``kyso about --json`` and the
    support bundle ask for it."""
    paths = env.paths if env else None
    info = {
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
    if fleet and env is not None and paths is not None:
        info["host"] = platform.node()
        info["settings_sources"] = {
            "machine": _file_facts(machine_settings_file()),
            "user": _file_facts(paths.user_settings_file),
            "user_set": sorted(env.settings.user_values),
            "locked": sorted(env.settings.locked),
            "problems": [p.en for p in env.settings.problems],
        }
        info["anchors"] = anchor_facts(env)
        info["demo"] = env.demo is not None
    return info
