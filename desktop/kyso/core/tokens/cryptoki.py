"""The few raw Cryptoki calls Kyso makes without python-pkcs11, through ctypes.

Two users: the module probe (:mod:`kyso.core.tokens.probe`), which must see each step
(load, C_GetFunctionList, C_Initialize, C_GetSlotList) on its own to say where a driver
failed; and the login state (:mod:`kyso.core.tokens.login_state`), which must call C_Login
and C_Logout on a session it opened itself, so that a failed login closes its session and
closing one user's session never logs the token out for another (python-pkcs11 ties
C_Logout to closing the session that logged in).

Inside the process the library is opened again by path: the OS hands back the same loaded
image python-pkcs11 uses, so both see one function table and one login state.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

CK_ULONG = ctypes.c_ulong  # CK_ULONG is "unsigned long" on every platform, as ctypes'
CK_RV = CK_ULONG

CKR_OK = 0x0
CKR_USER_ALREADY_LOGGED_IN = 0x100
CKR_USER_NOT_LOGGED_IN = 0x101
CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191
CKU_USER = 1
CKS_RO_USER_FUNCTIONS = 1
CKS_RW_USER_FUNCTIONS = 3

# Positions in CK_FUNCTION_LIST (PKCS#11 v2.40 §5.2; unchanged in 3.x).
_INDEX = {
    "C_Initialize": 0,
    "C_Finalize": 1,
    "C_GetInfo": 2,
    "C_GetFunctionList": 3,
    "C_GetSlotList": 4,
    "C_GetSessionInfo": 15,
    "C_Login": 18,
    "C_Logout": 19,
    "C_SignInit": 42,
    "C_Sign": 43,
}
CKU_CONTEXT_SPECIFIC = 2
CKR_PIN_INCORRECT = 0xA0
CKR_PIN_LOCKED = 0xA4


class CK_VERSION(ctypes.Structure):
    _fields_ = [("major", ctypes.c_ubyte), ("minor", ctypes.c_ubyte)]


# Cryptoki structures are packed to 1 byte on Windows (pkcs11.h, #pragma pack(1)).
_PACK = 1 if sys.platform.startswith("win") else 0


class CK_FUNCTION_LIST(ctypes.Structure):
    if _PACK:
        _pack_ = _PACK
    # 68 functions in v2.40; only those named in _INDEX are ever read.
    _fields_ = [("version", CK_VERSION), ("functions", ctypes.c_void_p * 68)]


class CK_MECHANISM(ctypes.Structure):
    if _PACK:
        _pack_ = _PACK
    _fields_ = [("mechanism", CK_ULONG), ("pParameter", ctypes.c_void_p),
                ("ulParameterLen", CK_ULONG)]


class CK_RSA_PKCS_PSS_PARAMS(ctypes.Structure):
    if _PACK:
        _pack_ = _PACK
    _fields_ = [("hashAlg", CK_ULONG), ("mgf", CK_ULONG), ("sLen", CK_ULONG)]


class CK_SESSION_INFO(ctypes.Structure):
    if _PACK:
        _pack_ = _PACK
    _fields_ = [
        ("slotID", CK_ULONG),
        ("state", CK_ULONG),
        ("flags", CK_ULONG),
        ("ulDeviceError", CK_ULONG),
    ]


_PROTOTYPES: dict[str, tuple[Any, ...]] = {
    "C_Initialize": (ctypes.c_void_p,),
    "C_Finalize": (ctypes.c_void_p,),
    "C_GetSlotList": (ctypes.c_ubyte, ctypes.POINTER(CK_ULONG), ctypes.POINTER(CK_ULONG)),
    "C_GetSessionInfo": (CK_ULONG, ctypes.POINTER(CK_SESSION_INFO)),
    "C_Login": (CK_ULONG, CK_ULONG, ctypes.c_char_p, CK_ULONG),
    "C_Logout": (CK_ULONG,),
    "C_SignInit": (CK_ULONG, ctypes.POINTER(CK_MECHANISM), CK_ULONG),
    "C_Sign": (CK_ULONG, ctypes.c_char_p, CK_ULONG, ctypes.c_char_p, ctypes.POINTER(CK_ULONG)),
}


class CryptokiError(Exception):
    def __init__(self, function: str, rv: int) -> None:
        super().__init__(f"{function} returned 0x{rv:08X}")
        self.function = function
        self.rv = rv


class Cryptoki:
    """A module's function table, reached through ctypes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.dll = ctypes.CDLL(path)  # raises OSError when the file is no loadable library
        self._table: CK_FUNCTION_LIST | None = None

    def get_function_list(self) -> None:
        get = self.dll.C_GetFunctionList  # AttributeError when the symbol is missing
        get.restype = CK_RV
        get.argtypes = [ctypes.POINTER(ctypes.POINTER(CK_FUNCTION_LIST))]
        table = ctypes.POINTER(CK_FUNCTION_LIST)()
        rv = get(ctypes.byref(table))
        if rv != CKR_OK:
            raise CryptokiError("C_GetFunctionList", rv)
        if not table:
            raise CryptokiError("C_GetFunctionList", -1)
        self._table = table.contents

    def _fn(self, name: str) -> Any:
        if self._table is None:
            self.get_function_list()
        assert self._table is not None
        address = self._table.functions[_INDEX[name]]
        if not address:
            raise CryptokiError(name, -1)
        return ctypes.CFUNCTYPE(CK_RV, *_PROTOTYPES[name])(address)

    def initialize(self) -> int:
        """C_Initialize(NULL), as python-pkcs11 calls it; returns the CK_RV."""
        return int(self._fn("C_Initialize")(None))

    def finalize(self) -> int:
        return int(self._fn("C_Finalize")(None))

    def slot_count(self) -> int:
        count = CK_ULONG(0)
        rv = self._fn("C_GetSlotList")(0, None, ctypes.byref(count))
        if rv != CKR_OK:
            raise CryptokiError("C_GetSlotList", int(rv))
        return int(count.value)

    def session_state(self, session: int) -> int | None:
        """CK_SESSION_INFO.state, or None when the session is no longer valid."""
        info = CK_SESSION_INFO()
        rv = self._fn("C_GetSessionInfo")(session, ctypes.byref(info))
        return int(info.state) if rv == CKR_OK else None

    def login(self, session: int, pin: bytes | None) -> int:
        """C_Login as the user; ``pin`` None: the PIN is typed on the reader's keypad."""
        return int(self._fn("C_Login")(session, CKU_USER, pin, len(pin) if pin else 0))

    def logout(self, session: int) -> int:
        return int(self._fn("C_Logout")(session))

    def sign_with_context_login(
        self,
        session: int,
        key: int,
        mechanism: int,
        data: bytes,
        pin: bytes | None,
        pss: tuple[int, int, int] | None = None,
    ) -> tuple[int, bytes]:
        """C_SignInit, C_Login(CKU_CONTEXT_SPECIFIC), C_Sign: a signature with a key that
        carries CKA_ALWAYS_AUTHENTICATE. Returns (CK_RV of the first failing call or CKR_OK,
        the signature). Module thread only."""
        params = None
        mech = CK_MECHANISM(mechanism, None, 0)
        if pss is not None:
            params = CK_RSA_PKCS_PSS_PARAMS(*pss)
            mech = CK_MECHANISM(mechanism, ctypes.cast(ctypes.pointer(params), ctypes.c_void_p),
                                ctypes.sizeof(params))
        rv = int(self._fn("C_SignInit")(session, ctypes.byref(mech), key))
        if rv != CKR_OK:
            return rv, b""
        rv = int(self._fn("C_Login")(session, CKU_CONTEXT_SPECIFIC, pin, len(pin) if pin else 0))
        if rv != CKR_OK:
            # The operation stays active after a failed login; a zero-length output query
            # is not enough to end it everywhere, so the caller closes this session.
            return rv, b""
        size = CK_ULONG(0)
        rv = int(self._fn("C_Sign")(session, data, len(data), None, ctypes.byref(size)))
        if rv != CKR_OK:
            return rv, b""
        out = ctypes.create_string_buffer(int(size.value))
        rv = int(self._fn("C_Sign")(session, data, len(data), out, ctypes.byref(size)))
        return rv, out.raw[: int(size.value)]
