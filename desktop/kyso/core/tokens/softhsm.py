"""SoftHSM2: the software PKCS#11 module behind the demo token and the test suite.

Tokens are created with ``softhsm2-util`` and filled with keys and certificates in a
*separate process* (``python -m kyso.core.tokens.softhsm provision …``): a PKCS#11 library may be
initialized only once per process, and the running app's copy belongs to its module thread.
SoftHSM2 reads ``SOFTHSM2_CONF`` when it is initialized, so the process that loads the module
must have it in its environment first (:meth:`SoftHSMStore.activate`).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyso.core.errors import DemoError

SOFTHSM_MODULE_CANDIDATES: tuple[str, ...] = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/lib64/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    r"C:\SoftHSM2\lib\softhsm2-x64.dll",
)

INSTALL_HINT_VI = (
    "Chưa cài SoftHSM2 (cần cho thiết bị DEMO). Trên Debian/Ubuntu: "
    "sudo apt-get install softhsm2; trên Windows: cài SoftHSM2 vào C:\\SoftHSM2."
)
INSTALL_HINT_EN = (
    "SoftHSM2 is not installed (the DEMO token needs it). On Debian/Ubuntu: "
    "sudo apt-get install softhsm2; on Windows: install SoftHSM2 into C:\\SoftHSM2."
)

# CKF_* token flags (PKCS#11 v2.40 §3.2)
CKF_USER_PIN_COUNT_LOW = 0x00010000
CKF_USER_PIN_FINAL_TRY = 0x00020000
CKF_USER_PIN_LOCKED = 0x00040000
# SoftHSM2 keeps the token flags in token.object as vendor attribute CKA_OS_TOKENFLAGS.
_CKA_OS_TOKENFLAGS = 0x8000534B


def find_softhsm_module() -> str | None:
    override = os.environ.get("KYSO_SOFTHSM_MODULE")
    if override:
        return override if Path(override).exists() else None
    for candidate in SOFTHSM_MODULE_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def find_softhsm_util() -> str | None:
    return shutil.which("softhsm2-util") or (
        r"C:\SoftHSM2\bin\softhsm2-util.exe"
        if Path(r"C:\SoftHSM2\bin\softhsm2-util.exe").exists()
        else None
    )


def require_softhsm() -> tuple[str, str]:
    module, util = find_softhsm_module(), find_softhsm_util()
    if not module or not util:
        raise DemoError(INSTALL_HINT_VI, INSTALL_HINT_EN, code="softhsm_missing")
    return module, util


@dataclass
class KeyObject:
    """A private key to put on a token (PKCS#8 DER)."""

    pkcs8_der: bytes
    key_id: bytes
    label: str
    private: bool = True
    """CKA_PRIVATE: hidden before login (as on Bit4id tokens) when true."""
    always_authenticate: bool = False
    """CKA_ALWAYS_AUTHENTICATE: the PIN again for every signature (some qualified tokens)."""


@dataclass
class CertObject:
    """A certificate object; ``der`` may be garbage on purpose (tests of unreadable certs)."""

    der: bytes
    key_id: bytes
    label: str
    subject_der: bytes = b""


@dataclass
class SoftHSMStore:
    """A SoftHSM2 token directory with its own configuration file."""

    root: Path

    @property
    def conf_path(self) -> Path:
        return self.root / "softhsm2.conf"

    @property
    def token_dir(self) -> Path:
        return self.root / "tokens"

    def ensure(self) -> SoftHSMStore:
        self.token_dir.mkdir(parents=True, exist_ok=True)
        if not self.conf_path.exists():
            self.conf_path.write_text(
                f"directories.tokendir = {self.token_dir}\n"
                "objectstore.backend = file\n"
                "log.level = ERROR\n"
                "slots.removable = true\n",
                encoding="utf-8",
            )
        return self

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["SOFTHSM2_CONF"] = str(self.conf_path)
        return env

    def activate(self) -> None:
        """Point this process's SoftHSM2 at this store (before the module is loaded)."""
        os.environ["SOFTHSM2_CONF"] = str(self.conf_path)

    # -- tokens ------------------------------------------------------------------------
    def init_token(self, label: str, *, so_pin: str, user_pin: str) -> None:
        _, util = require_softhsm()
        self.ensure()
        proc = subprocess.run(
            [
                util,
                "--init-token",
                "--free",
                "--label",
                label,
                "--so-pin",
                so_pin,
                "--pin",
                user_pin,
            ],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise DemoError(
                f"Không tạo được token SoftHSM2 “{label}”: {proc.stderr.strip() or proc.stdout.strip()}",
                f"Could not create the SoftHSM2 token “{label}”: {proc.stderr.strip() or proc.stdout.strip()}",
                code="softhsm_init",
            )

    def delete_token(self, label: str) -> None:
        _, util = require_softhsm()
        subprocess.run(
            [util, "--delete-token", "--token", label],
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
        )

    def provision(
        self,
        label: str,
        *,
        user_pin: str,
        keys: list[KeyObject] = (),  # type: ignore[assignment]
        certs: list[CertObject] = (),  # type: ignore[assignment]
    ) -> str:
        """Put keys and certificates on token ``label`` (in a child process); returns its serial."""
        module, _ = require_softhsm()
        spec = {
            "module": module,
            "label": label,
            "pin": user_pin,
            "keys": [
                {
                    "der": base64.b64encode(k.pkcs8_der).decode(),
                    "id": k.key_id.hex(),
                    "label": k.label,
                    "private": k.private,
                    "always_authenticate": k.always_authenticate,
                }
                for k in keys
            ],
            "certs": [
                {
                    "der": base64.b64encode(c.der).decode(),
                    "id": c.key_id.hex(),
                    "label": c.label,
                    "subject": base64.b64encode(c.subject_der).decode(),
                }
                for c in certs
            ],
        }
        proc = subprocess.run(
            [sys.executable, "-m", "kyso.core.tokens.softhsm", "provision"],
            input=json.dumps(spec),
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise DemoError(
                f"Không ghi được khóa/chứng thư lên token “{label}”: {proc.stderr.strip()[-500:]}",
                f"Could not write keys/certificates to token “{label}”: {proc.stderr.strip()[-500:]}",
                code="softhsm_provision",
            )
        return proc.stdout.strip()

    def move_token_to(self, serial: str, other: SoftHSMStore) -> None:
        """Move a finished token into ``other``'s directory in one rename.

        To a process watching ``other`` this looks like plugging in a token that already
        holds its keys and certificates (as a real one does), not an empty one filling up.
        """
        token_dir = self.token_object_file(serial).parent
        other.ensure()
        os.replace(token_dir, other.token_dir / token_dir.name)

    def token_object_file(self, serial: str) -> Path:
        """The token.object file of the token with this serial (for flag surgery in tests)."""
        for candidate in self.token_dir.glob("*/token.object"):
            if serial.encode() in candidate.read_bytes():
                return candidate
        raise FileNotFoundError(serial)

    def set_user_pin_flags(
        self, serial: str, *, count_low: bool = False, final_try: bool = False, locked: bool = False
    ) -> None:
        """Drive a token's PIN state, which SoftHSM2 itself never locks.

        SoftHSM2 stores the CK_TOKEN_INFO flags in its token.object file and reports them
        from there; a real VGCA token locks after three wrong PINs. Tests use this to put a
        real SoftHSM2 token into the final-try and locked states.
        """
        path = self.token_object_file(serial)
        data = bytearray(path.read_bytes())
        marker = struct.pack(">QQ", _CKA_OS_TOKENFLAGS, 2)  # type, kind ulong, then the value
        pos = data.find(marker)
        if pos < 0:
            raise ValueError("token flags not found in SoftHSM2 token.object")
        value_at = pos + len(marker)
        (flags,) = struct.unpack(">Q", data[value_at : value_at + 8])
        flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED)
        if count_low:
            flags |= CKF_USER_PIN_COUNT_LOW
        if final_try:
            flags |= CKF_USER_PIN_FINAL_TRY
        if locked:
            flags |= CKF_USER_PIN_LOCKED
        data[value_at : value_at + 8] = struct.pack(">Q", flags)
        path.write_bytes(bytes(data))


def _provision_main(spec: dict[str, Any]) -> str:
    """Child-process side of :meth:`SoftHSMStore.provision`."""
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key

    lib = pkcs11.lib(spec["module"])
    token = lib.get_token(token_label=spec["label"])
    with token.open(rw=True, user_pin=spec["pin"]) as session:
        for k in spec["keys"]:
            key = serialization.load_der_private_key(base64.b64decode(k["der"]), password=None)
            from cryptography.hazmat.primitives.asymmetric import ec

            if isinstance(key, ec.EllipticCurvePrivateKey):
                # An EC key (tokens of some CAs hold P-256): CKA_EC_PARAMS names the curve,
                # CKA_VALUE is the private scalar.
                from pkcs11 import KeyType
                from pkcs11.util.ec import encode_named_curve_parameters

                size = (key.curve.key_size + 7) // 8
                attrs = {
                    Attribute.CLASS: ObjectClass.PRIVATE_KEY,
                    Attribute.KEY_TYPE: KeyType.EC,
                    Attribute.EC_PARAMS: encode_named_curve_parameters(key.curve.name),
                    Attribute.VALUE: key.private_numbers().private_value.to_bytes(size, "big"),
                }
            else:
                pkcs1 = key.private_bytes(  # type: ignore[union-attr]
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.TraditionalOpenSSL,
                    serialization.NoEncryption(),
                )
                attrs = decode_rsa_private_key(pkcs1)
            attrs.update(
                {
                    Attribute.TOKEN: True,
                    Attribute.ID: bytes.fromhex(k["id"]),
                    Attribute.LABEL: k["label"],
                    Attribute.PRIVATE: bool(k["private"]),
                    Attribute.SENSITIVE: True,
                    Attribute.EXTRACTABLE: False,
                    Attribute.SIGN: True,
                    Attribute.ALWAYS_AUTHENTICATE: bool(k.get("always_authenticate", False)),
                }
            )
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                attrs[Attribute.DECRYPT] = True
            session.create_object(attrs)
        for c in spec["certs"]:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: False,
                    Attribute.VALUE: base64.b64decode(c["der"]),
                    Attribute.SUBJECT: base64.b64decode(c["subject"]),
                    Attribute.ID: bytes.fromhex(c["id"]),
                    Attribute.LABEL: c["label"],
                }
            )
    return token.serial.decode("ascii", "replace").strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kyso.core.tokens.softhsm")
    parser.add_argument("command", choices=["provision"])
    parser.parse_args(argv)
    spec = json.loads(sys.stdin.read())
    print(_provision_main(spec))
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess
    raise SystemExit(main())
