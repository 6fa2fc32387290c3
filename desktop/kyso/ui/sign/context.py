"""What the sign page needs from the main window, as callables read when needed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.sessions import PinPrompter
from kyso.core.tokens.slots import TokenSnapshot


@dataclass
class SigningContext:
    """The main window's state the sign page reads (all callables: read when needed)."""

    snapshots: Callable[[], list[TokenSnapshot]]
    """Tokens inserted now (the watcher's snapshots)."""
    module_for: Callable[[str], Pkcs11Module | None]
    """The loaded module for a module path."""
    checks: Callable[[], dict[str, Any]]
    """Cached :class:`kyso.core.checkup.certificate.CertificateCheck` by certificate SHA-256."""
    settings: Callable[[], Any]
    """:class:`kyso.core.settings.LoadedSettings` (None while the environment loads)."""
    prompter: PinPrompter
    """:class:`kyso.ui.pin_dialog.GuiPinPrompter` (``last_dialog`` for tests)."""
    checker: Callable[[], Any] = lambda: None
    """The :class:`kyso.core.trust.checker.TrustChecker`, for certificates not checked yet."""
    anchors_pool: Callable[[], Sequence[x509.Certificate]] | None = None
    """Certificates that may complete a chain (IT's roots and intermediates); by default
    the checker's anchors."""
    remote: Callable[[], list[Any]] = lambda: []
    """The remote signing accounts' credentials listed now
    (:class:`kyso.ui.remote.accounts.RemoteCredentialState`)."""

    def paths(self) -> Any:
        loaded = self.settings()
        return loaded.paths if loaded is not None else None

    def pool(self) -> list[x509.Certificate]:
        if self.anchors_pool is not None:
            return list(self.anchors_pool())
        checker = self.checker()
        anchors = getattr(checker, "anchors", None)
        return list(anchors.all_certificates) if anchors is not None else []

    @classmethod
    def for_window(cls, window: Any) -> SigningContext:
        """Over :class:`kyso.ui.main_window.MainWindow` (its watcher, model, checker, env)."""

        def snapshots() -> list[TokenSnapshot]:
            return window.watcher.snapshots() if window.watcher is not None else []

        def module_for(path: str) -> Pkcs11Module | None:
            env = window.env
            return env.module_for(path) if env is not None else None

        return cls(
            snapshots=snapshots,
            module_for=module_for,
            checks=lambda: window.model.checks,
            settings=lambda: window.env.settings if window.env is not None else None,
            prompter=window.prompter,
            checker=lambda: window.checker,
            remote=lambda: window.remote.credentials() if window.remote is not None else [],
        )
