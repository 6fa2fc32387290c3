"""The Windows root store code (crypt32 through ctypes), run on Linux over a stand-in crypt32
made of ctypes callbacks with the very prototypes Kyso declares: every argument crosses the
same ctypes conversion (flags as DWORDs, the store name as a wide string, the DER as a
pointer and a length, the SHA-1 in a CRYPT_HASH_BLOB, contexts as CERT_CONTEXT structures)
that the real crypt32.dll would receive. It never ran against Windows itself.
"""

from __future__ import annotations

import ctypes
import hashlib
import itertools

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.core.bridge import local_ca
from kyso.core.bridge import windows_store as ws


class FakeCrypt32:
    """A crypt32 with system stores in memory, reached only through ctypes."""

    def __init__(self, *, deny_machine: bool = False) -> None:
        self.stores: dict[tuple[int, str], list[bytes]] = {}
        self.open: dict[int, tuple[int, str, int]] = {}
        self.calls: list[tuple] = []
        self.deny_machine = deny_machine
        self.error = 0
        self._handles = itertools.count(0x1000)
        self._contexts: dict[int, tuple[ws.CERT_CONTEXT, object, tuple[int, str], bytes]] = {}
        impl = {
            "CertOpenStore": self.open_store,
            "CertCloseStore": self.close_store,
            "CertAddEncodedCertificateToStore": self.add,
            "CertEnumCertificatesInStore": self.enum,
            "CertFindCertificateInStore": self.find,
            "CertDeleteCertificateFromStore": self.delete,
            "CertFreeCertificateContext": self.free,
        }
        self.callbacks = {
            name: ctypes.CFUNCTYPE(restype, *argtypes)(impl[name])
            for name, (restype, argtypes) in ws.PROTOTYPES.items()
        }
        self.api = ws.Crypt32(dict(self.callbacks), lambda: self.error)

    def _context(self, key: tuple[int, str], der: bytes) -> int:
        buf = ctypes.create_string_buffer(der, len(der))
        ctx = ws.CERT_CONTEXT(ws.X509_ASN_ENCODING,
                              ctypes.cast(buf, ctypes.POINTER(ctypes.c_ubyte)), len(der), None,
                              None)
        address = ctypes.addressof(ctx)
        self._contexts[address] = (ctx, buf, key, der)
        return address

    # -- the functions -------------------------------------------------------------------
    def open_store(self, provider, encoding, hprov, flags, name):
        self.calls.append(("open", provider, encoding, hprov, flags, name))
        location = flags & 0xFFFF0000
        if self.deny_machine and location == ws.CERT_SYSTEM_STORE_LOCAL_MACHINE and not (
            flags & ws.CERT_STORE_READONLY_FLAG
        ):
            self.error = 5  # ERROR_ACCESS_DENIED
            return None
        handle = next(self._handles)
        self.open[handle] = (location, name, flags)
        self.stores.setdefault((location, name), [])
        return handle

    def close_store(self, handle, flags):
        self.calls.append(("close", handle, flags))
        del self.open[handle]
        return 1

    def add(self, handle, encoding, pb, cb, disposition, out):
        der = ctypes.string_at(pb, cb)
        self.calls.append(("add", encoding, der, disposition, out))
        location, name, flags = self.open[handle]
        assert not flags & ws.CERT_STORE_READONLY_FLAG
        store = self.stores[(location, name)]
        if der not in store:
            store.append(der)
        return 1

    def enum(self, handle, prev):
        location, name, _ = self.open[handle]
        store = self.stores[(location, name)]
        index = 0
        if prev:
            index = store.index(self._contexts.pop(prev)[3]) + 1  # frees prev, as crypt32 does
        return self._context((location, name), store[index]) if index < len(store) else None

    def find(self, handle, encoding, flags, find_type, para, prev):
        blob = ws.CRYPT_HASH_BLOB.from_address(para)
        digest = ctypes.string_at(blob.pbData, blob.cbData)
        self.calls.append(("find", encoding, flags, find_type, digest, prev))
        location, name, _ = self.open[handle]
        for der in self.stores[(location, name)]:
            if hashlib.sha1(der).digest() == digest:
                return self._context((location, name), der)
        return None

    def delete(self, ctx):
        _, _, key, der = self._contexts.pop(ctx)
        self.calls.append(("delete", der))
        self.stores[key].remove(der)
        return 1

    def free(self, ctx):
        self._contexts.pop(ctx, None)
        return 1

    def root(self, machine: bool) -> list[bytes]:
        location = ws.CERT_SYSTEM_STORE_LOCAL_MACHINE if machine else ws.CERT_SYSTEM_STORE_CURRENT_USER
        return self.stores.get((location, "ROOT"), [])


def _der(certs: local_ca.BridgeCertificates) -> bytes:
    return x509.load_pem_x509_certificate(certs.ca.read_bytes()).public_bytes(
        serialization.Encoding.DER)


def test_trust_status_untrust_through_crypt32(tmp_path) -> None:
    """A user's own CA goes into the current user's root store only, never the machine's."""
    crypt = FakeCrypt32()
    other = b"\x30\x03\x02\x01\x00"  # someone else's root stays put
    location = ws.CERT_SYSTEM_STORE_CURRENT_USER
    crypt.stores[(location, "ROOT")] = [other]
    old = local_ca.create(tmp_path / "old")
    certs = local_ca.create(tmp_path / "new")
    local_ca.trust(old, platform="win32", crypt32=crypt.api)
    report = local_ca.trust(certs, platform="win32", crypt32=crypt.api)
    assert report.stores == {"windows-root-user": True}, report.problems
    # the older Kyso CA was taken out, the new one is in, the other root untouched
    assert crypt.root(False) == [other, _der(certs)]
    assert crypt.root(True) == []  # never the machine's store
    assert local_ca.status(certs, platform="win32", crypt32=crypt.api)["trusted_by"] == {
        "windows-root-user": True}
    # the marshalled arguments, as crypt32.dll receives them
    opens = [c for c in crypt.calls if c[0] == "open"]
    assert all(c[1] == ws.CERT_STORE_PROV_SYSTEM_W == 10 and c[5] == "ROOT" for c in opens)
    assert all(c[2] == 0 and c[3] is None for c in opens)
    assert {c[4] & 0xFFFF0000 for c in opens} == {location} == {0x10000}
    writes = [c for c in opens if not c[4] & ws.CERT_STORE_READONLY_FLAG]
    assert {c[4] for c in writes} == {location | ws.CERT_STORE_OPEN_EXISTING_FLAG}
    add = [c for c in crypt.calls if c[0] == "add"][-1]
    assert add[1:] == (ws.X509_ASN_ENCODING, _der(certs), ws.CERT_STORE_ADD_REPLACE_EXISTING, None)
    find = [c for c in crypt.calls if c[0] == "find"][0]
    assert find[1:] == (0x00010001, 0, 0x10000, hashlib.sha1(_der(old)).digest(), None)
    assert crypt.open == {}, "a store was left open"

    crypt.calls.clear()  # trusted already: the start only looks
    assert local_ca.trust_for_user(certs, platform="win32", crypt32=crypt.api).stores == {}
    assert [c[0] for c in crypt.calls if c[0] in ("add", "delete")] == []

    removed = local_ca.untrust(platform="win32", crypt32=crypt.api)
    assert removed.stores == {"windows-root-user": True}
    assert crypt.root(False) == [other]
    assert local_ca.untrust(platform="win32", crypt32=crypt.api).stores == {
        "windows-root-user": False}  # nothing left to remove
    assert crypt.open == {}


def test_upgrade_removes_the_older_versions_machine_ca_and_shared_key(tmp_path,
                                                                      monkeypatch) -> None:
    """An older version put a shared CA in the machine's root store and a key every user
    could read in %ProgramData%\\Kyso\\bridge: the machine step takes both away, and leaves
    a user's own CA in that user's store alone."""
    monkeypatch.setenv("ProgramData", str(tmp_path / "ProgramData"))
    shared = local_ca.create(local_ca.machine_folder("win32"))
    own = local_ca.create(tmp_path / "own")
    crypt = FakeCrypt32()
    crypt.stores[(ws.CERT_SYSTEM_STORE_LOCAL_MACHINE, "ROOT")] = [_der(shared)]
    crypt.stores[(ws.CERT_SYSTEM_STORE_CURRENT_USER, "ROOT")] = [_der(own)]
    assert local_ca.legacy_machine_material("win32") == [shared.folder]
    report = local_ca.remove_legacy_machine_material(platform="win32", crypt32=crypt.api)
    assert report.stores == {"windows-root-machine": True,
                             f"deleted:{shared.folder}": True}, report.problems
    assert crypt.root(True) == [] and crypt.root(False) == [_der(own)]
    assert not shared.folder.exists()
    assert local_ca.legacy_machine_material("win32") == []
    again = local_ca.remove_legacy_machine_material(platform="win32", crypt32=crypt.api)
    assert again.stores == {} and again.problems == []


class DecliningCrypt32(FakeCrypt32):
    """The user answers "No" to Windows's question about a new root in the user's store."""

    def __init__(self) -> None:
        super().__init__()
        self.declines = True

    def add(self, handle, encoding, pb, cb, disposition, out):
        if self.declines and self.open[handle][0] == ws.CERT_SYSTEM_STORE_CURRENT_USER:
            self.calls.append(("declined",))
            self.error = ws.ERROR_CANCELLED
            return 0
        return super().add(handle, encoding, pb, cb, disposition, out)


def test_a_user_who_declines_is_not_asked_at_every_start(tmp_path) -> None:
    crypt = DecliningCrypt32()
    certs, _ = local_ca.prepare_user_certificates(tmp_path / "data", make=True)
    report = local_ca.trust_for_user(certs, platform="win32", crypt32=crypt.api)
    assert report.stores == {"windows-root-user": False}
    assert "từ chối" in report.problems[0] and "kyso bridge setup" in report.problems[0]
    assert certs.declined.exists()
    assert local_ca.status(certs, platform="win32", crypt32=crypt.api)[
        "windows_trust_declined"] is True
    crypt.calls.clear()  # the next start: not asked again
    again = local_ca.trust_for_user(certs, platform="win32", crypt32=crypt.api)
    assert again.stores == {"windows-root-user": False}
    assert ("declined",) not in crypt.calls and not [c for c in crypt.calls if c[0] == "add"]
    crypt.declines = False  # `kyso bridge setup` asks again, and the user says yes
    yes = local_ca.trust_for_user(certs, platform="win32", crypt32=crypt.api, ask_again=True)
    assert yes.stores == {"windows-root-user": True} and not certs.declined.exists()
    assert crypt.root(False) == [_der(certs)]


def test_no_administrator_rights_is_said_in_words(tmp_path) -> None:
    crypt = FakeCrypt32(deny_machine=True)
    shared = local_ca.create(tmp_path / "c")
    crypt.stores[(ws.CERT_SYSTEM_STORE_LOCAL_MACHINE, "ROOT")] = [_der(shared)]
    report = local_ca.untrust(system=True, platform="win32", crypt32=crypt.api)
    assert "mã lỗi 5" in report.problems[0] and "quyền quản trị" in report.problems[0]
    assert crypt.root(True) == [_der(shared)] and crypt.open == {}


def test_prototypes_match_the_windows_sdk() -> None:
    """Pointer-sized handles, 32-bit DWORD flags, the SDK's structure layouts."""
    p = ws.PROTOTYPES
    assert p["CertOpenStore"][1] == (ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p,
                                     ctypes.c_uint32, ctypes.c_wchar_p)
    assert p["CertOpenStore"][0] is ctypes.c_void_p  # HCERTSTORE
    assert [f[1] for f in ws.CERT_CONTEXT._fields_] == [
        ctypes.c_uint32, ctypes.POINTER(ctypes.c_ubyte), ctypes.c_uint32, ctypes.c_void_p,
        ctypes.c_void_p]
    ptr = ctypes.sizeof(ctypes.c_void_p)
    assert ctypes.sizeof(ws.CRYPT_HASH_BLOB) == 2 * ptr  # DWORD padded, then the pointer
    assert ctypes.sizeof(ws.CERT_CONTEXT) == 5 * ptr
    with pytest.raises(OSError):
        ws.load_crypt32()  # not Windows: never loads anything


def test_kyso_cas_picks_only_kyso_bridge_cas(tmp_path) -> None:
    certs = local_ca.create(tmp_path / "c")
    server = certs.server_certificate().public_bytes(serialization.Encoding.DER)
    assert ws.kyso_cas([_der(certs), server, b"junk"], local_ca.NICKNAME) == [_der(certs)]
