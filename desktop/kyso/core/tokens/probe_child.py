"""The child side of the module probe: run as a script, never imported by Kyso itself.

``python -I -S probe_child.py PATH`` loads the PKCS#11 library at PATH and calls, in order,
C_GetFunctionList, C_Initialize(NULL) and C_GetSlotList, announcing each step on stdout
*before* taking it. If the driver kills the process or never returns, the parent knows
from the last line which step it was. Standard library only (it must start fast and must
not depend on how Kyso was installed); ends with ``os._exit`` so that no C_Finalize or
destructor of a broken driver can hang the exit.
"""

from __future__ import annotations

import os
import sys


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def probe(path: str) -> int:
    try:  # run as a script beside cryptoki.py
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from cryptoki import CKR_CRYPTOKI_ALREADY_INITIALIZED, CKR_OK, Cryptoki, CryptokiError
    except ImportError:  # inside a frozen build (see probe.run_child_if_requested)
        from kyso.core.tokens.cryptoki import (
            CKR_CRYPTOKI_ALREADY_INITIALIZED,
            CKR_OK,
            Cryptoki,
            CryptokiError,
        )

    _say("step load")
    try:
        lib = Cryptoki(path)
    except OSError as exc:
        _say(f"fail load {exc}")
        return 0
    _say("step C_GetFunctionList")
    try:
        lib.get_function_list()
    except AttributeError:
        _say("fail C_GetFunctionList no C_GetFunctionList symbol")
        return 0
    except CryptokiError as exc:
        _say(f"fail C_GetFunctionList {exc}")
        return 0
    _say("step C_Initialize")
    rv = lib.initialize()
    if rv not in (CKR_OK, CKR_CRYPTOKI_ALREADY_INITIALIZED):
        _say(f"fail C_Initialize C_Initialize returned 0x{rv:08X}")
        return 0
    _say("step C_GetSlotList")
    try:
        count = lib.slot_count()
    except CryptokiError as exc:
        _say(f"fail C_GetSlotList {exc}")
        return 0
    _say(f"ok {count}")
    return 0


def main(path: str) -> None:
    try:
        code = probe(path)
    except BaseException as exc:  # anything else: reported, never a traceback on stderr
        _say(f"fail internal {type(exc).__name__}: {exc}")
        code = 0
    os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1])
