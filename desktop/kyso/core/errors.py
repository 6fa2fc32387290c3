"""Kyso's own exception types.

Every error that reaches a user carries a Vietnamese message first and an English one
second, and says what the user can do. pkcs11, pyHanko and OS errors are translated into
these at the boundary of core; a traceback shown to a user is a bug.
"""

from __future__ import annotations


class KysoError(Exception):
    """An error a user can act on. ``vi`` is shown first; ``en`` in English mode."""

    def __init__(self, vi: str, en: str | None = None, *, code: str = "error") -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en or vi
        self.code = code

    def message(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi

    def __str__(self) -> str:
        return self.vi if self.en == self.vi else f"{self.vi} ({self.en})"


class ModuleLoadError(KysoError):
    """A PKCS#11 module file could not be loaded or initialized."""


class TokenError(KysoError):
    """A token is missing, was removed, or refused an operation."""


class TokenRemovedError(TokenError):
    """The token was pulled out while Kyso was using it."""


class PinError(TokenError):
    """Wrong PIN, locked token, or a PIN entry that was cancelled."""


class PinCancelled(PinError):
    """The user cancelled the PIN entry."""


class SettingsError(KysoError):
    """A settings file is malformed; the message names the file and the line."""


class DemoError(KysoError):
    """The demo token cannot be created (usually: SoftHSM2 is not installed)."""
