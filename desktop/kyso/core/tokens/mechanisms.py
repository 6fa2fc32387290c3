"""Which signing mechanism to ask a token for, from the mechanisms it says it offers.

Many tokens offer only raw CKM_ECDSA for EC keys (the hash is computed outside the token),
and some RSA tokens only raw CKM_RSA_PKCS; asking for the combined mechanism
(CKM_ECDSA_SHA256, CKM_SHA256_RSA_PKCS) there fails with CKR_MECHANISM_INVALID. So the
choice is made from the token's own list (C_GetMechanismList), preferring the combined
mechanism when offered (the token hashes: nothing to get wrong in Kyso) and falling back to
the raw one with the hash computed in Kyso.

For pyHanko's ``PKCS11Signer`` a raw choice is ``use_raw_mechanism=True``: pyHanko then
hashes the signed attributes itself (and wraps a DigestInfo for RSA) and asks for CKM_ECDSA
or CKM_RSA_PKCS.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kyso.core.errors import TokenError

# PKCS#11 v2.40 mechanism numbers (so callers need not import pkcs11).
CKM_RSA_PKCS = 0x0001
CKM_RSA_PKCS_PSS = 0x000D
CKM_SHA256_RSA_PKCS = 0x0040
CKM_SHA384_RSA_PKCS = 0x0041
CKM_SHA512_RSA_PKCS = 0x0042
CKM_SHA256_RSA_PKCS_PSS = 0x0043
CKM_SHA384_RSA_PKCS_PSS = 0x0044
CKM_SHA512_RSA_PKCS_PSS = 0x0045
CKM_ECDSA = 0x1041
CKM_ECDSA_SHA256 = 0x1044
CKM_ECDSA_SHA384 = 0x1045
CKM_ECDSA_SHA512 = 0x1046

_COMBINED = {
    ("rsa", "sha256"): CKM_SHA256_RSA_PKCS,
    ("rsa", "sha384"): CKM_SHA384_RSA_PKCS,
    ("rsa", "sha512"): CKM_SHA512_RSA_PKCS,
    ("rsa-pss", "sha256"): CKM_SHA256_RSA_PKCS_PSS,
    ("rsa-pss", "sha384"): CKM_SHA384_RSA_PKCS_PSS,
    ("rsa-pss", "sha512"): CKM_SHA512_RSA_PKCS_PSS,
    ("ec", "sha256"): CKM_ECDSA_SHA256,
    ("ec", "sha384"): CKM_ECDSA_SHA384,
    ("ec", "sha512"): CKM_ECDSA_SHA512,
}
_RAW = {"rsa": CKM_RSA_PKCS, "ec": CKM_ECDSA}
_NAMES = {
    CKM_RSA_PKCS: "CKM_RSA_PKCS",
    CKM_RSA_PKCS_PSS: "CKM_RSA_PKCS_PSS",
    CKM_SHA256_RSA_PKCS: "CKM_SHA256_RSA_PKCS",
    CKM_SHA384_RSA_PKCS: "CKM_SHA384_RSA_PKCS",
    CKM_SHA512_RSA_PKCS: "CKM_SHA512_RSA_PKCS",
    CKM_SHA256_RSA_PKCS_PSS: "CKM_SHA256_RSA_PKCS_PSS",
    CKM_SHA384_RSA_PKCS_PSS: "CKM_SHA384_RSA_PKCS_PSS",
    CKM_SHA512_RSA_PKCS_PSS: "CKM_SHA512_RSA_PKCS_PSS",
    CKM_ECDSA: "CKM_ECDSA",
    CKM_ECDSA_SHA256: "CKM_ECDSA_SHA256",
    CKM_ECDSA_SHA384: "CKM_ECDSA_SHA384",
    CKM_ECDSA_SHA512: "CKM_ECDSA_SHA512",
}


@dataclass(frozen=True)
class MechanismChoice:
    key_type: str
    """"rsa", "rsa-pss" or "ec"."""
    digest: str
    mechanism: int
    raw: bool
    """The token signs a digest Kyso computed (CKM_ECDSA, CKM_RSA_PKCS with a DigestInfo)."""

    @property
    def name(self) -> str:
        return _NAMES.get(self.mechanism, f"0x{self.mechanism:08X}")


def choose_signing_mechanism(
    offered: Iterable[int] | None, key_type: str, digest: str = "sha256"
) -> MechanismChoice:
    """The mechanism to sign with. ``offered``: the token's C_GetMechanismList (None when
    the token would not say: then the combined mechanism is assumed, as before).

    Raises :class:`TokenError` (``mechanism_unsupported``) when the token offers neither.
    RSASSA-PSS has no raw form here (pyHanko has none): combined only.
    """
    key_type = key_type.lower()
    digest = digest.lower()
    combined = _COMBINED.get((key_type, digest))
    if offered is None:
        if combined is None:
            raise _unsupported(key_type, digest)
        return MechanismChoice(key_type, digest, combined, raw=False)
    mechanisms = {int(m) for m in offered}
    if combined is not None and combined in mechanisms:
        return MechanismChoice(key_type, digest, combined, raw=False)
    raw = _RAW.get(key_type)
    if raw is not None and raw in mechanisms:
        return MechanismChoice(key_type, digest, raw, raw=True)
    raise _unsupported(key_type, digest)


def _unsupported(key_type: str, digest: str) -> TokenError:
    kind = {"rsa": "RSA", "rsa-pss": "RSA-PSS", "ec": "EC (ECDSA)"}.get(key_type, key_type)
    return TokenError(
        f"Token không hỗ trợ cách ký cần cho khóa {kind} với {digest.upper()}. Cập nhật trình "
        "điều khiển của token hoặc hỏi đơn vị cấp chứng thư.",
        f"The token offers no mechanism to sign with a {kind} key and {digest.upper()}. Update "
        "the token's driver or ask the issuing CA.",
        code="mechanism_unsupported",
    )


def token_mechanisms(module: Any, serial: str) -> set[int] | None:
    """The mechanisms the token offers (C_GetMechanismList); None if it will not say.

    Runs on the module thread (``module.run``)."""
    from kyso.core.tokens.slots import _clean

    def work() -> set[int] | None:
        for slot in module.lib.get_slots(token_present=True):
            try:
                if _clean(slot.get_token().serial) != serial:
                    continue
            except Exception:
                continue  # another slot that cannot be read now
            try:
                return {int(m) for m in slot.get_mechanisms()}
            except Exception:
                return None
        return None

    return module.run(work)
