"""Putting a run together: settings, the module list (plus the DEMO token), the modules.

Both faces (CLI and GUI) start here, so they see the same tokens the same way.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from kyso.core.demo.token import DemoToken, ensure_demo_token
from kyso.core.errors import KysoError
from kyso.core.net.proxy import configure as configure_proxy
from kyso.core.settings import LoadedSettings, Paths, load_settings
from kyso.core.tokens.modules import ModuleRegistry, Pkcs11Module, candidate_module_paths
from kyso.core.tokens.slots import list_tokens

log = logging.getLogger(__name__)


@dataclass
class Environment:
    settings: LoadedSettings
    modules: list[Pkcs11Module] = field(default_factory=list)
    demo: DemoToken | None = None
    problems: list[KysoError] = field(default_factory=list)

    @property
    def paths(self) -> Paths:
        return self.settings.paths

    def module_for(self, path: str | os.PathLike[str]) -> Pkcs11Module | None:
        """The module of this run loaded from ``path`` (a token's ``module_path``), or None
        when it is not (or no longer) one of this run's modules."""
        wanted = os.fspath(path)
        return next((m for m in self.modules if m.path == wanted), None)


def use_temp_dir(path: str | os.PathLike[str]) -> None:
    """Keep every per-user file of this run under ``path`` (tests, smoke runs)."""
    os.environ["KYSO_HOME"] = str(Path(path).resolve())


def open_environment(
    *, demo: bool = False, demo_if_empty: bool = False, modules: bool = True
) -> Environment:
    """Load settings and modules; with ``demo``, add the DEMO token (created once).

    ``demo_if_empty``: add the DEMO token only when no real token is present.
    ``modules=False``: no PKCS#11 module is loaded (a command that reads no token, such as
    ``kyso check --subject``): no driver probed in a child process, no driver's thread in
    this process (:mod:`kyso.core.checkup.subject_batch` forks only a process without one).
    """
    settings = load_settings()
    env = Environment(settings, problems=list(settings.problems))
    values = settings.values
    # Every download of this run (trust checks, time stamps, roots) uses this proxy.
    configure_proxy(values.proxy_url, values.proxy_bypass)
    if not modules and not demo and not demo_if_empty:
        return env
    paths = candidate_module_paths(
        settings_paths=values.pkcs11_modules, use_builtin=values.use_builtin_modules
    )
    if demo or demo_if_empty:
        real = ModuleRegistry.instance().load(paths)
        has_real_token = any(_has_tokens(m, env) for m in real)
        if demo or not has_real_token:
            demo_path = _enable_demo(env)
            if demo_path:
                paths = [*paths, demo_path]
    # Each module not loaded yet is first tried in a child process (crash, hang); one that
    # fails there stays unloaded with its error, reported here, and the others carry on.
    env.modules = ModuleRegistry.instance().load(paths)
    for module in env.modules:
        if module.error and module.error not in env.problems:
            env.problems.append(module.error)
    return env


def _has_tokens(module: Pkcs11Module, env: Environment) -> bool:
    """A module that does not answer counts as having none (and is reported)."""
    if not module.loaded:
        return False
    try:
        return bool(list_tokens(module, rescan=False))
    except KysoError as exc:
        env.problems.append(exc)
        return False


def _enable_demo(env: Environment) -> str | None:
    """Create the DEMO token if needed and point SoftHSM2 at it; the module path or None."""
    try:
        env.demo = ensure_demo_token(env.settings.paths.data_dir)
    except KysoError as exc:
        env.problems.append(exc)
        return None
    registry = ModuleRegistry.instance()
    if registry.get(env.demo.module_path) is None:
        env.demo.store.activate()
    elif os.environ.get("SOFTHSM2_CONF") != str(env.demo.store.conf_path):
        env.problems.append(
            KysoError(
                "SoftHSM2 đã được nạp với cấu hình khác nên không hiện được token DEMO; "
                "khởi động lại Kyso với --demo.",
                "SoftHSM2 is already loaded with another configuration, so the DEMO token "
                "cannot show; restart Kyso with --demo.",
                code="demo_conflict",
            )
        )
    return env.demo.module_path


def add_demo(env: Environment) -> list[Pkcs11Module]:
    """Turn the DEMO token on in a running app (the "Use the DEMO token" button)."""
    path = _enable_demo(env)
    if not path:
        return []
    new = [m for m in ModuleRegistry.instance().load([path]) if m not in env.modules]
    env.modules.extend(new)
    return new
