"""One token, one entry: the same token seen through several PKCS#11 modules.

An ePass2003 answers through its vendor's module and through OpenSC, both in Kyso's
built-in table; listing it twice doubles every certificate and makes the choice of a signing
certificate ambiguous. Snapshots that agree on serial, label, manufacturer and the set of
certificates are the same token: Kyso keeps one, preferring the vendor's module (the one
the CA supports) over generic ones (OpenSC, SoftHSM2), and records the others in
``also_via``. ``kyso sign --module PATH`` (and the GUI's token choice) can still pick a
module explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kyso.core.tokens.slots import TokenSnapshot

GENERIC_MODULES = ("opensc-pkcs11", "opensc", "libsofthsm2", "softhsm2", "p11-kit")
"""File stems of modules that speak for many tokens; a vendor's own module wins over them."""


def identity(snap: TokenSnapshot) -> tuple[object, ...]:
    i = snap.info
    certs = frozenset(c.details.sha256 for c in snap.certificates if c.details is not None)
    return (i.serial.strip(), i.label.strip(), i.manufacturer.strip(), certs)


def _generic(module_path: str) -> bool:
    stem = Path(module_path).name.lower()
    return any(stem.startswith(g) for g in GENERIC_MODULES)


def merge_same_tokens(
    snapshots: Sequence[TokenSnapshot], preferred_module: str | None = None
) -> list[TokenSnapshot]:
    """One snapshot per physical token, in first-seen order. ``preferred_module`` (a path)
    wins when it shows the token; else a vendor module over a generic one; else the first."""
    groups: dict[tuple[object, ...], list[TokenSnapshot]] = {}
    order: list[tuple[object, ...]] = []
    for snap in snapshots:
        key = identity(snap)
        if not snap.info.serial.strip():  # no serial: cannot tell tokens apart, keep all
            key = (id(snap),)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(snap)
    out = []
    for key in order:
        group = groups[key]

        def rank(s: TokenSnapshot) -> tuple[int, int]:
            is_preferred = preferred_module is not None and _same_path(
                s.info.module_path, preferred_module)
            return (0 if is_preferred else 1, 1 if _generic(s.info.module_path) else 0)

        kept = min(group, key=rank)
        kept.also_via = [s.info.module_path for s in group if s is not kept]
        out.append(kept)
    return out


def same_module(a: str, b: str) -> bool:
    """Whether two module paths name the same file."""
    return _same_path(a, b)


def _same_path(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b
