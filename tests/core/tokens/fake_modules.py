"""Tiny PKCS#11 modules built with the C compiler at test time, to break Kyso on purpose.

One C source, shaped by ``-D`` flags: a C_GetFunctionList that segfaults, a C_Initialize
that never returns, a C_GetSlotList that blocks while a file exists (a driver that hangs
later, or a module kept busy), a C_GetTokenInfo that fails once, and otherwise a working
module with one token (PIN 123456) whose sessions and login state are real enough for
python-pkcs11 and Kyso's login code. ``fake_open_sessions()`` is exported so tests can
see sessions leak.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FAKE_PIN = "123456"

SOURCE = r"""
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct {
  CK_VERSION cryptokiVersion; unsigned char manufacturerID[32]; CK_ULONG flags;
  unsigned char libraryDescription[32]; CK_VERSION libraryVersion;
} CK_INFO;
typedef struct {
  unsigned char slotDescription[64]; unsigned char manufacturerID[32]; CK_ULONG flags;
  CK_VERSION hardwareVersion; CK_VERSION firmwareVersion;
} CK_SLOT_INFO;
typedef struct {
  unsigned char label[32]; unsigned char manufacturerID[32]; unsigned char model[16];
  unsigned char serialNumber[16]; CK_ULONG flags;
  CK_ULONG ulMaxSessionCount, ulSessionCount, ulMaxRwSessionCount, ulRwSessionCount;
  CK_ULONG ulMaxPinLen, ulMinPinLen, ulTotalPublicMemory, ulFreePublicMemory;
  CK_ULONG ulTotalPrivateMemory, ulFreePrivateMemory;
  CK_VERSION hardwareVersion, firmwareVersion; unsigned char utcTime[16];
} CK_TOKEN_INFO;
typedef struct { CK_ULONG slotID, state, flags, ulDeviceError; } CK_SESSION_INFO;
typedef struct { CK_VERSION version; void *f[68]; } CK_FUNCTION_LIST;

#define CKR_OK 0x0
#define CKR_SLOT_ID_INVALID 0x3
#define CKR_DEVICE_ERROR 0x30
#define CKR_FUNCTION_NOT_SUPPORTED 0x54
#define CKR_PIN_INCORRECT 0xA0
#define CKR_SESSION_HANDLE_INVALID 0xB3
#define CKR_TOKEN_NOT_PRESENT 0xE0
#define CKR_USER_ALREADY_LOGGED_IN 0x100
#define CKR_USER_NOT_LOGGED_IN 0x101
#define CKR_BUFFER_TOO_SMALL 0x150

#ifndef SERIAL
#define SERIAL "FAKE0001"
#endif
#ifndef LABEL
#define LABEL "FAKE TOKEN"
#endif

static CK_FUNCTION_LIST table;
static int open_sessions[64];
static int logged_in;

static int exists(const char *path) { return path[0] && access(path, F_OK) == 0; }
static void pad(unsigned char *dst, const char *src, size_t n) {
  memset(dst, ' ', n); memcpy(dst, src, strlen(src) < n ? strlen(src) : n);
}
static int present(void) {
#ifdef REMOVED_FILE
  if (exists(REMOVED_FILE)) return 0;
#endif
  return 1;
}
static CK_RV not_supported(void) { return CKR_FUNCTION_NOT_SUPPORTED; }

static CK_RV initialize(void *args) {
#ifdef HANG_INITIALIZE
  for (;;) sleep(1000);
#endif
  return CKR_OK;
}
static CK_RV finalize(void *r) { return CKR_OK; }
static CK_RV get_info(CK_INFO *i) {
  memset(i, 0, sizeof *i); i->cryptokiVersion.major = 2; i->cryptokiVersion.minor = 40;
  pad(i->manufacturerID, "Kyso tests", 32); pad(i->libraryDescription, "fake module", 32);
  return CKR_OK;
}
static CK_RV get_slot_list(unsigned char token_present, CK_ULONG *list, CK_ULONG *count) {
#ifdef HANG_FILE
  while (exists(HANG_FILE)) usleep(10000);
#endif
  CK_ULONG n = (token_present && !present()) ? 0 : 1;
  if (list && *count < n) { *count = n; return CKR_BUFFER_TOO_SMALL; }
  if (list && n) list[0] = 7;
  *count = n; return CKR_OK;
}
static CK_RV get_slot_info(CK_ULONG slot, CK_SLOT_INFO *i) {
  if (slot != 7) return CKR_SLOT_ID_INVALID;
  memset(i, 0, sizeof *i); pad(i->slotDescription, "fake slot", 64);
  pad(i->manufacturerID, "Kyso tests", 32); i->flags = present() ? 1 : 0;
  return CKR_OK;
}
static CK_RV get_token_info(CK_ULONG slot, CK_TOKEN_INFO *t) {
  if (slot != 7) return CKR_SLOT_ID_INVALID;
  if (!present()) return CKR_TOKEN_NOT_PRESENT;
#ifdef FAIL_TOKEN_INFO_FILE
  if (exists(FAIL_TOKEN_INFO_FILE)) { unlink(FAIL_TOKEN_INFO_FILE); return CKR_DEVICE_ERROR; }
#endif
  memset(t, 0, sizeof *t);
  pad(t->label, LABEL, 32); pad(t->manufacturerID, "Kyso tests", 32);
  pad(t->model, "fake", 16); pad(t->serialNumber, SERIAL, 16);
  t->flags = 0x4 | 0x8 | 0x400;  /* login required, user PIN set, initialized */
  t->ulMaxPinLen = 32; t->ulMinPinLen = 4;
  return CKR_OK;
}
static int valid(CK_ULONG h) { return h > 0 && h < 64 && open_sessions[h]; }
static CK_RV open_session(CK_ULONG slot, CK_ULONG flags, void *app, void *notify, CK_ULONG *h) {
  if (slot != 7) return CKR_SLOT_ID_INVALID;
  if (!present()) return CKR_TOKEN_NOT_PRESENT;
  for (CK_ULONG i = 1; i < 64; i++) if (!open_sessions[i]) { open_sessions[i] = 1; *h = i; return CKR_OK; }
  return CKR_DEVICE_ERROR;
}
static int count_open(void) { int n = 0; for (int i = 1; i < 64; i++) n += open_sessions[i]; return n; }
static CK_RV close_session(CK_ULONG h) {
  if (!valid(h)) return CKR_SESSION_HANDLE_INVALID;
  open_sessions[h] = 0; if (!count_open()) logged_in = 0;  /* PKCS#11: last close logs out */
  return CKR_OK;
}
static CK_RV close_all(CK_ULONG slot) { memset(open_sessions, 0, sizeof open_sessions); logged_in = 0; return CKR_OK; }
static CK_RV get_session_info(CK_ULONG h, CK_SESSION_INFO *i) {
  if (!valid(h)) return CKR_SESSION_HANDLE_INVALID;
  i->slotID = 7; i->state = logged_in ? 3 : 2; i->flags = 6; i->ulDeviceError = 0;
  return CKR_OK;
}
static CK_RV login(CK_ULONG h, CK_ULONG type, unsigned char *pin, CK_ULONG len) {
  if (!valid(h)) return CKR_SESSION_HANDLE_INVALID;
  if (logged_in) return CKR_USER_ALREADY_LOGGED_IN;
  if (len != 6 || memcmp(pin, "123456", 6) != 0) return CKR_PIN_INCORRECT;
  logged_in = 1; return CKR_OK;
}
static CK_RV logout(CK_ULONG h) {
  if (!valid(h)) return CKR_SESSION_HANDLE_INVALID;
  if (!logged_in) return CKR_USER_NOT_LOGGED_IN;
  logged_in = 0; return CKR_OK;
}
static CK_RV find_init(CK_ULONG h, void *t, CK_ULONG n) { return valid(h) ? CKR_OK : CKR_SESSION_HANDLE_INVALID; }
static CK_RV find(CK_ULONG h, CK_ULONG *o, CK_ULONG max, CK_ULONG *n) { *n = 0; return valid(h) ? CKR_OK : CKR_SESSION_HANDLE_INVALID; }
static CK_RV find_final(CK_ULONG h) { return valid(h) ? CKR_OK : CKR_SESSION_HANDLE_INVALID; }
static CK_RV random_bytes(CK_ULONG h, unsigned char *buf, CK_ULONG len) {
  if (!valid(h)) return CKR_SESSION_HANDLE_INVALID;
  if (!logged_in) return CKR_USER_NOT_LOGGED_IN;  /* stricter than the book: shows login state */
  for (CK_ULONG i = 0; i < len; i++) buf[i] = (unsigned char)(i * 37 + 11);
  return CKR_OK;
}

int fake_open_sessions(void) { return count_open(); }
int fake_logged_in(void) { return logged_in; }

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **out) {
#ifdef CRASH_GET_FUNCTION_LIST
  *(volatile int *)0 = 1;
#endif
  table.version.major = 2; table.version.minor = 40;
  for (int i = 0; i < 68; i++) table.f[i] = (void *)not_supported;
  table.f[0] = initialize; table.f[1] = finalize; table.f[2] = get_info;
  table.f[3] = C_GetFunctionList; table.f[4] = get_slot_list; table.f[5] = get_slot_info;
  table.f[6] = get_token_info; table.f[12] = open_session; table.f[13] = close_session;
  table.f[14] = close_all; table.f[15] = get_session_info; table.f[18] = login;
  table.f[19] = logout; table.f[26] = find_init; table.f[27] = find; table.f[28] = find_final;
  table.f[64] = random_bytes;
  *out = &table;
  return CKR_OK;
}
"""


@dataclass
class FakeModule:
    path: Path
    serial: str
    label: str
    hang_file: Path
    """While this file exists, C_GetSlotList blocks (the driver hangs / is kept busy)."""
    fail_token_info_file: Path
    """When this file exists, the next C_GetTokenInfo fails (and removes the file)."""
    removed_file: Path
    """While this file exists, the token is out of its slot."""

    def hang(self) -> None:
        self.hang_file.touch()

    def release(self) -> None:
        self.hang_file.unlink(missing_ok=True)

    def open_sessions(self) -> int:
        import ctypes

        return int(ctypes.CDLL(str(self.path)).fake_open_sessions())

    def logged_in(self) -> bool:
        import ctypes

        return bool(ctypes.CDLL(str(self.path)).fake_logged_in())


def gcc() -> str:
    found = shutil.which("gcc") or shutil.which("cc")
    assert found, "a C compiler is needed: apt-get install gcc libc6-dev"
    return found


def build_module(
    folder: Path,
    name: str = "libfake-pkcs11.so",
    *,
    crash_in_get_function_list: bool = False,
    hang_in_initialize: bool = False,
    serial: str = "FAKE0001",
    label: str = "FAKE TOKEN",
) -> FakeModule:
    """Compile a fake module into ``folder/name`` (the folder is created)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / (name + ".c")
    source.write_text(SOURCE)
    fake = FakeModule(
        folder / name,
        serial,
        label,
        folder / (name + ".hang"),
        folder / (name + ".fail-token-info"),
        folder / (name + ".removed"),
    )
    defines = [
        f'-DHANG_FILE="{fake.hang_file}"',
        f'-DFAIL_TOKEN_INFO_FILE="{fake.fail_token_info_file}"',
        f'-DREMOVED_FILE="{fake.removed_file}"',
        f'-DSERIAL="{serial}"',
        f'-DLABEL="{label}"',
    ]
    if crash_in_get_function_list:
        defines.append("-DCRASH_GET_FUNCTION_LIST")
    if hang_in_initialize:
        defines.append("-DHANG_INITIALIZE")
    subprocess.run(
        [gcc(), "-shared", "-fPIC", "-O0", "-w", *defines, "-o", str(fake.path), str(source)],
        check=True,
        capture_output=True,
    )
    return fake


# A shim over SoftHSM2 that forwards every call and breaks in chosen functions (review
# finding 3: drivers that crash while signing). Function-list slots (PKCS#11 v2.40 order):
# 3 C_GetFunctionList, 18 C_Login, 26 C_FindObjectsInit, 43 C_Sign, 44 C_SignUpdate,
# 45 C_SignFinal. C_FindObjects breaks only once this process has logged in, so the token
# can still be listed (Kyso lists without logging in) — a bad card state after login.
SHIM_SOURCE = r"""
#include <dlfcn.h>
#include <string.h>
#include <unistd.h>
typedef unsigned long CK_RV;
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct { CK_VERSION version; void *f[68]; } CK_FUNCTION_LIST;
typedef CK_RV (*GFL)(CK_FUNCTION_LIST **);
typedef CK_RV (*LOGIN)(unsigned long, unsigned long, unsigned char *, unsigned long);
typedef CK_RV (*FINDINIT)(unsigned long, void *, unsigned long);
static CK_FUNCTION_LIST table;
static void *real_login, *real_find_init;
static int logged_in;
static CK_RV crash(void) { volatile int *p = 0; *p = 1; return 0; }
static CK_RV hang(void) { for (;;) pause(); return 0; }
static CK_RV login(unsigned long s, unsigned long u, unsigned char *pin, unsigned long n) {
  CK_RV rv = ((LOGIN)real_login)(s, u, pin, n);
  if (rv == 0 || rv == 0x100) logged_in = 1;
  return rv;
}
static CK_RV find_init(unsigned long s, void *t, unsigned long n) {
  if (logged_in) BREAK_FIND;
  return ((FINDINIT)real_find_init)(s, t, n);
}
CK_RV C_GetFunctionList(CK_FUNCTION_LIST **out);
CK_RV C_GetFunctionList(CK_FUNCTION_LIST **out) {
  void *h = dlopen(SOFTHSM, RTLD_NOW | RTLD_LOCAL);
  if (!h) return 5;
  CK_FUNCTION_LIST *real; CK_RV rv = ((GFL)dlsym(h, "C_GetFunctionList"))(&real);
  if (rv) return rv;
  memcpy(&table, real, sizeof(table));
  table.f[3] = (void *)C_GetFunctionList;
  real_login = table.f[18]; table.f[18] = (void *)login;
  real_find_init = table.f[26]; table.f[26] = (void *)find_init;
  BREAK
  *out = &table; return 0;
}
"""

BREAKS = ("C_Login", "C_FindObjects", "C_Sign")


def build_breaking_shim(folder: Path, where: str, how: str = "crash") -> Path:
    """A module that works like SoftHSM2 (same tokens) until ``where`` (one of BREAKS),
    where it segfaults (``how="crash"``) or never returns (``"hang"``)."""
    from kyso.core.tokens.softhsm import find_softhsm_module

    softhsm = find_softhsm_module()
    assert softhsm, "SoftHSM2 is required: apt-get install softhsm2"
    assert where in BREAKS and how in ("crash", "hang")
    source_text = SHIM_SOURCE.replace(
        "BREAK_FIND", f"return {how}()" if where == "C_FindObjects" else "(void)0"
    ).replace(
        "BREAK",
        {
            "C_Login": f"table.f[18] = (void *){how};",
            "C_FindObjects": "",
            "C_Sign": " ".join(f"table.f[{i}] = (void *){how};" for i in (43, 44, 45)),
        }[where],
    )
    source = folder / f"shim_{where}_{how}.c"
    source.write_text(source_text, encoding="utf-8")
    out = folder / f"lib{how}-{where.lower().replace('_', '')}.so"
    subprocess.run(
        [gcc(), "-shared", "-fPIC", f'-DSOFTHSM="{softhsm}"', "-o", str(out), str(source)],
        check=True,
        timeout=120,
    )
    return out
