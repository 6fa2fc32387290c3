"""The Windows root certificate store, through crypt32 (ctypes), for the bridge's local CA.

``certutil -addstore`` needs an elevated prompt for the machine store and prints localised
text we would have to parse; crypt32 answers with return codes. The calls:

* ``CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, <location> | CERT_STORE_OPEN_EXISTING_FLAG
  …, L"ROOT")`` — the current user's (``CERT_SYSTEM_STORE_CURRENT_USER``; Windows asks the
  user to confirm a new root there) or the machine's (``CERT_SYSTEM_STORE_LOCAL_MACHINE``,
  administrators only: what the installers use);
* ``CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, len,
  CERT_STORE_ADD_REPLACE_EXISTING, NULL)``;
* ``CertEnumCertificatesInStore`` to find Kyso's CAs (by subject), then
  ``CertFindCertificateInStore(…, CERT_FIND_SHA1_HASH, &CRYPT_HASH_BLOB, NULL)`` and
  ``CertDeleteCertificateFromStore`` for each (a delete frees the context, so each is found
  afresh rather than deleted in the middle of an enumeration);
* ``CertCloseStore``.

The library is loaded only on Windows (:func:`load_crypt32`); elsewhere the same code runs
over any object with these functions, which is how the argument marshalling is tested on
Linux (ctypes callbacks with the same prototypes). This module has never run on Windows in
Kyso's CI.
"""

from __future__ import annotations

import ctypes
import hashlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kyso.core.errors import KysoError

CERT_STORE_PROV_SYSTEM_W = 10
X509_ASN_ENCODING = 0x00000001
PKCS_7_ASN_ENCODING = 0x00010000
ENCODING = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING
CERT_SYSTEM_STORE_CURRENT_USER = 1 << 16
CERT_SYSTEM_STORE_LOCAL_MACHINE = 2 << 16
CERT_STORE_OPEN_EXISTING_FLAG = 0x00004000
CERT_STORE_READONLY_FLAG = 0x00008000
CERT_STORE_ADD_REPLACE_EXISTING = 3
CERT_FIND_SHA1_HASH = 1 << 16  # CERT_COMPARE_SHA1_HASH << CERT_COMPARE_SHIFT
ROOT = "ROOT"
ERROR_CANCELLED = 1223
"""What crypt32 reports when the user answers "No" to Windows's question about a new root in
the user's store (seen as the Win32 code or as its HRESULT, 0x800704C7)."""


class CRYPT_HASH_BLOB(ctypes.Structure):  # the Windows SDK's name
    _fields_ = [("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_ubyte))]


class CERT_CONTEXT(ctypes.Structure):  # the Windows SDK's name
    _fields_ = [
        ("dwCertEncodingType", ctypes.c_uint32),
        ("pbCertEncoded", ctypes.POINTER(ctypes.c_ubyte)),
        ("cbCertEncoded", ctypes.c_uint32),
        ("pCertInfo", ctypes.c_void_p),
        ("hCertStore", ctypes.c_void_p),
    ]


PCCERT_CONTEXT = ctypes.POINTER(CERT_CONTEXT)

# name -> (restype, argtypes). Handles and contexts travel as void pointers (a ctypes
# callback, used by the tests, may only return simple types); contexts are cast to
# CERT_CONTEXT where read.
PROTOTYPES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "CertOpenStore": (
        ctypes.c_void_p,
        (ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_wchar_p),
    ),
    "CertCloseStore": (ctypes.c_int, (ctypes.c_void_p, ctypes.c_uint32)),
    "CertAddEncodedCertificateToStore": (
        ctypes.c_int,
        # the DER as a plain pointer: c_char_p would stop a reader at its first zero byte
        (ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32,
         ctypes.c_void_p),
    ),
    "CertEnumCertificatesInStore": (ctypes.c_void_p, (ctypes.c_void_p, ctypes.c_void_p)),
    "CertFindCertificateInStore": (
        ctypes.c_void_p,
        (ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p,
         ctypes.c_void_p),
    ),
    "CertDeleteCertificateFromStore": (ctypes.c_int, (ctypes.c_void_p,)),
    "CertFreeCertificateContext": (ctypes.c_int, (ctypes.c_void_p,)),
}


class Crypt32:
    """The crypt32 functions Kyso calls, with their prototypes set."""

    def __init__(self, functions: dict[str, Callable[..., Any]],
                 last_error: Callable[[], int] = lambda: 0) -> None:
        missing = set(PROTOTYPES) - set(functions)
        if missing:
            raise ValueError(f"crypt32 lacks {sorted(missing)}")
        self.f = functions
        self.last_error = last_error


def load_crypt32() -> Crypt32:
    """crypt32.dll (Windows only)."""
    if sys.platform != "win32":
        raise OSError("crypt32 exists only on Windows")
    lib = ctypes.WinDLL("crypt32", use_last_error=True)  # type: ignore[attr-defined]
    functions = {}
    for name, (restype, argtypes) in PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, list(argtypes)
        functions[name] = fn
    return Crypt32(functions, ctypes.get_last_error)  # type: ignore[attr-defined]


class WindowsStoreError(KysoError):
    """A root store call failed; ``winerror`` is Windows's code."""

    def __init__(self, vi: str, en: str, *, winerror: int) -> None:
        super().__init__(vi, en, code="bridge_windows_store")
        self.winerror = winerror


def declined_by_user(exc: BaseException) -> bool:
    """The user answered "No" when Windows asked to trust the certificate."""
    return getattr(exc, "winerror", None) in (ERROR_CANCELLED, 0x800704C7)


def _store_error(action_vi: str, action_en: str, code: int, machine: bool) -> KysoError:
    where_vi = "kho gốc của máy" if machine else "kho gốc của người dùng"
    where_en = "the machine's root store" if machine else "the user's root store"
    hint_vi = " Chạy với quyền quản trị." if machine and code == 5 else ""
    hint_en = " Run as an administrator." if machine and code == 5 else ""
    if code in (ERROR_CANCELLED, 0x800704C7):
        return WindowsStoreError(
            "Bạn đã từ chối tin cậy chứng thư của cổng ký số; trình duyệt sẽ không kết nối được "
            "với Kyso. Chạy `kyso bridge setup` để được hỏi lại.",
            "You declined to trust the signing bridge's certificate; browsers will not connect "
            "to Kyso. Run `kyso bridge setup` to be asked again.",
            winerror=code,
        )
    return WindowsStoreError(
        f"Không {action_vi} {where_vi} của Windows (mã lỗi {code}).{hint_vi}",
        f"Could not {action_en} {where_en} of Windows (error {code}).{hint_en}",
        winerror=code,
    )


class WindowsRootStore:
    """The ROOT system store of the current user or of the machine."""

    def __init__(self, api: Crypt32, *, machine: bool) -> None:
        self.api = api
        self.machine = machine

    def _flags(self, readonly: bool) -> int:
        location = CERT_SYSTEM_STORE_LOCAL_MACHINE if self.machine else CERT_SYSTEM_STORE_CURRENT_USER
        return location | CERT_STORE_OPEN_EXISTING_FLAG | (CERT_STORE_READONLY_FLAG if readonly else 0)

    @contextmanager
    def _open(self, *, readonly: bool) -> Iterator[int]:
        handle = self.api.f["CertOpenStore"](CERT_STORE_PROV_SYSTEM_W, 0, None,
                                             self._flags(readonly), ROOT)
        if not handle:
            raise _store_error("mở được", "open", self.api.last_error(), self.machine)
        try:
            yield handle
        finally:
            self.api.f["CertCloseStore"](handle, 0)

    def certificates(self) -> list[bytes]:
        """The DER of every certificate in the store."""
        out = []
        with self._open(readonly=True) as store:
            ctx = None
            while True:
                ctx = self.api.f["CertEnumCertificatesInStore"](store, ctx)
                if not ctx:  # the enumeration freed the last context itself
                    break
                c = ctypes.cast(ctx, PCCERT_CONTEXT).contents
                out.append(ctypes.string_at(c.pbCertEncoded, c.cbCertEncoded))
        return out

    def add(self, der: bytes) -> None:
        with self._open(readonly=False) as store:
            ok = self.api.f["CertAddEncodedCertificateToStore"](
                store, X509_ASN_ENCODING, der, len(der), CERT_STORE_ADD_REPLACE_EXISTING, None)
            if not ok:
                raise _store_error("thêm được chứng thư vào", "add the certificate to",
                                   self.api.last_error(), self.machine)

    def delete(self, der: bytes) -> bool:
        """Remove the certificate (by its SHA-1 thumbprint, as Windows finds it); False if it
        was not there."""
        digest = hashlib.sha1(der, usedforsecurity=False).digest()
        buffer = (ctypes.c_ubyte * len(digest)).from_buffer_copy(digest)
        blob = CRYPT_HASH_BLOB(len(digest), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ubyte)))
        with self._open(readonly=False) as store:
            ctx = self.api.f["CertFindCertificateInStore"](
                store, ENCODING, 0, CERT_FIND_SHA1_HASH, ctypes.addressof(blob), None)
            if not ctx:
                return False
            if not self.api.f["CertDeleteCertificateFromStore"](ctx):  # frees ctx either way
                raise _store_error("xóa được chứng thư khỏi", "remove the certificate from",
                                   self.api.last_error(), self.machine)
        return True


def kyso_cas(ders: list[bytes], nickname: str) -> list[bytes]:
    """The certificates among ``ders`` that are a Kyso bridge CA (subject CN starts with
    ``nickname``)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    out = []
    for der in ders:
        try:
            cert = x509.load_der_x509_certificate(der)
            names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        except ValueError:
            continue
        if names and str(names[0].value).startswith(nickname):
            out.append(der)
    return out
