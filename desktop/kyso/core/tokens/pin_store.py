"""Keeping a token's PIN in the operating system's keyring — the one exception to "a PIN
lives only as long as its login" (DESIGN.md, Secrets).

Two keys must both turn: IT allows it on the machine (``pin_in_keyring``, a per-machine-only
setting, off by default) and the user ticks "remember" for that token in the PIN dialog.
A stored PIN that turns out wrong is deleted at once and never tried again: three wrong
PINs lock a VGCA token.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kyso.core.tokens.slots import TokenKey

log = logging.getLogger(__name__)

SERVICE = "Kyso"


def account(key: TokenKey) -> str:
    """One keyring entry per token: the module's file name and the token's serial."""
    return f"{Path(key.module_path).name}:{key.serial}"


class PinStore:
    def __init__(self, allowed: bool) -> None:
        self.allowed = allowed

    def get(self, key: TokenKey) -> str | None:
        if not self.allowed:
            return None
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, account(key))
        except KeyringError as exc:  # no usable keyring: behave as if nothing is stored
            log.info("keyring unavailable: %s", type(exc).__name__)
            return None

    def put(self, key: TokenKey, pin: str) -> bool:
        if not self.allowed:
            return False
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, account(key), pin)
        except KeyringError as exc:
            log.info("keyring unavailable: %s", type(exc).__name__)
            return False
        return True

    def forget(self, key: TokenKey) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, account(key))
        except (PasswordDeleteError, KeyringError):
            pass
