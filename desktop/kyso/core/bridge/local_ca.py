"""Trusted local TLS without browser flags: a per-machine CA that can mint nothing else.

:func:`create` makes a CA whose name constraints permit only ``localhost`` and
``127.0.0.1``, issues the listener's certificate with it, and lets the CA's private key go
out of scope without ever serialising it — so even a stolen CA certificate in the browsers'
stores could not vouch for any other site. The CA certificate then goes into the trust stores
(:func:`trust`): NSS databases (Chrome/Chromium and Firefox on Linux, via ``certutil``), the
Linux system store (as root), the Windows root store (crypt32, :mod:`windows_store`: the
user's, or the machine's for an administrator); :func:`untrust` removes it on uninstall, and
:func:`status` says where it is trusted.

Two set-ups: IT's per machine (``kyso bridge setup --machine``, run by the installers when the
``[bridge]`` table enables the bridge: :func:`machine_folder`, the system store) — each user's
NSS databases then learn the machine's CA at the app's first start
(:func:`trust_machine_ca_for_user`) — or a user's own (``kyso bridge setup``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NICKNAME = "Kyso local signing bridge CA"
CA_FILE, CERT_FILE, KEY_FILE = "bridge-ca.pem", "bridge-server.pem", "bridge-server.key"
SYSTEM_CA = Path("/usr/local/share/ca-certificates/kyso-bridge-ca.crt")
MACHINE_FOLDER = Path("/var/lib/kyso/bridge")
"""Where ``kyso bridge setup --machine`` (as root) keeps the machine's certificates (Linux)."""


def machine_folder(platform: str = sys.platform) -> Path:
    """The machine's certificates: /var/lib/kyso/bridge, or %ProgramData%\\Kyso\\bridge."""
    if platform == "win32":
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "Kyso" / "bridge"
    return MACHINE_FOLDER


Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess[str]:
    # stdin from /dev/null: certutil asks for an NSS database's primary password on the
    # terminal when one is set, and would hang (an uninstall, a start) until the timeout
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


@dataclass(frozen=True)
class BridgeCertificates:
    folder: Path

    @property
    def ca(self) -> Path:
        return self.folder / CA_FILE

    @property
    def cert(self) -> Path:
        return self.folder / CERT_FILE

    @property
    def key(self) -> Path:
        return self.folder / KEY_FILE

    def exists(self) -> bool:
        return self.ca.is_file() and self.cert.is_file() and self.key.is_file()

    def server_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert.read_bytes())

    def ssl_context(self) -> object:
        import ssl

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def create(folder: Path, *, days: int = 825, now: dt.datetime | None = None,
           shared: bool = False) -> BridgeCertificates:
    """A new CA and server certificate in ``folder`` (replacing older ones).

    ``shared`` (the machine's set-up, made as root): the server key is readable by every
    local user, whose own Kyso serves the listener with it. That is a real risk where several
    people use one machine at once (terminal servers): any local user who binds
    127.0.0.1:8987 before another user's Kyso can present a certificate every user's browser
    trusts, and so receive what a web page sends the bridge (its ``JWTToken``, the one-time
    upload URL, the document's URL). The name constraints only keep the CA from vouching for
    other sites. On multi-user machines use each user's own set-up (``kyso bridge setup``
    without ``--machine``: a CA and a 0600 key of the user's own); ``kyso bridge status`` says
    when the key is readable by every local user (installers/README-IT.md)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kyso"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{NICKNAME} ({os.uname().nodename if hasattr(os, 'uname') else 'local'})"),
    ])
    localhost = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days + 1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                       critical=True)
        .add_extension(
            x509.NameConstraints(
                permitted_subtrees=[x509.DNSName("localhost"),
                                    x509.IPAddress(ipaddress.ip_network("127.0.0.1/32"))],
                excluded_subtrees=None,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(localhost), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       False)
        .sign(ca_key, hashes.SHA256())
    )
    del ca_key  # never serialised: the CA can mint nothing after this function returns
    certs = BridgeCertificates(folder)
    certs.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    certs.cert.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    mode = 0o644 if shared else 0o600
    if certs.key.exists():
        certs.key.unlink()  # a new file gets ``mode``; an existing one would keep its own
    fd = os.open(certs.key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(server_key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
    os.chmod(certs.key, mode)  # whatever the umask took away
    for public in (certs.ca, certs.cert):
        os.chmod(public, 0o644)
    if shared:
        os.chmod(folder, 0o755)
    return certs


def nss_databases(home: Path | None = None) -> list[Path]:
    """The user's NSS databases: Chrome/Chromium's ``~/.pki/nssdb`` and each Firefox profile."""
    home = home or Path.home()
    found = []
    chrome = home / ".pki" / "nssdb"
    if (chrome / "cert9.db").exists() or not chrome.exists():
        found.append(chrome)
    for profiles in (home / ".mozilla" / "firefox", home / "snap/firefox/common/.mozilla/firefox"):
        if profiles.is_dir():
            found += [p for p in profiles.iterdir() if (p / "cert9.db").exists()]
    return found


@dataclass
class TrustReport:
    stores: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _windows_store(machine: bool, crypt32: Any | None) -> Any:
    from kyso.core.bridge.windows_store import WindowsRootStore, load_crypt32

    return WindowsRootStore(crypt32 if crypt32 is not None else load_crypt32(), machine=machine)


def _store_name(machine: bool) -> str:
    return "windows-root-machine" if machine else "windows-root-user"


def trust(certs: BridgeCertificates, *, home: Path | None = None, system: bool = False,
          nss: bool = True, run: Runner = _run, platform: str = sys.platform,
          crypt32: Any | None = None) -> TrustReport:
    """Put the CA into the trust stores this user (or, with ``system``, the machine) uses.

    Linux: the user's NSS databases (unless ``nss`` is false) and, with ``system``, the system
    store (``update-ca-certificates``). Windows: the user's root store, or the machine's with
    ``system`` (older Kyso CAs are taken out first). ``crypt32``: the tests' stand-in."""
    report = TrustReport()
    if platform == "win32":
        from kyso.core.bridge.windows_store import kyso_cas

        store = _windows_store(system, crypt32)
        name = _store_name(system)
        der = x509.load_pem_x509_certificate(certs.ca.read_bytes()).public_bytes(
            serialization.Encoding.DER)
        try:
            for old in kyso_cas(store.certificates(), NICKNAME):
                if old != der:
                    store.delete(old)
            store.add(der)
            report.stores[name] = True
        except Exception as exc:  # a KysoError in words, or the OS's own
            report.stores[name] = False
            report.problems.append(getattr(exc, "vi", None) or str(exc))
        return report
    certutil = shutil.which("certutil")
    for db in nss_databases(home) if nss else []:
        name = f"nss:{db}"
        if certutil is None:
            report.stores[name] = False
            report.problems.append("certutil not found (apt-get install libnss3-tools)")
            continue
        db.mkdir(parents=True, exist_ok=True)
        if not (db / "cert9.db").exists():
            run([certutil, "-N", "-d", f"sql:{db}", "--empty-password"])
        run([certutil, "-D", "-d", f"sql:{db}", "-n", NICKNAME])  # an older CA, if any
        proc = run([certutil, "-A", "-d", f"sql:{db}", "-t", "C,,", "-n", NICKNAME,
                    "-i", str(certs.ca)])
        report.stores[name] = proc.returncode == 0
        if proc.returncode:
            report.problems.append(proc.stderr.strip())
    if system:
        SYSTEM_CA.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(certs.ca, SYSTEM_CA)
        os.chmod(SYSTEM_CA, 0o644)
        proc = run(["update-ca-certificates"])
        report.stores["system"] = proc.returncode == 0
        if proc.returncode:
            report.problems.append(proc.stderr.strip() or "update-ca-certificates failed")
    return report


def untrust(*, home: Path | None = None, system: bool = False, nss: bool = True,
            run: Runner = _run, platform: str = sys.platform,
            crypt32: Any | None = None) -> TrustReport:
    """Take Kyso's CA out of the stores :func:`trust` put it in (every Kyso CA, older ones
    too). ``stores`` says which stores had it and no longer do."""
    report = TrustReport()
    if platform == "win32":
        from kyso.core.bridge.windows_store import kyso_cas

        store = _windows_store(system, crypt32)
        try:
            found = kyso_cas(store.certificates(), NICKNAME)
            for der in found:
                store.delete(der)
            report.stores[_store_name(system)] = bool(found)
        except Exception as exc:
            report.problems.append(getattr(exc, "vi", None) or str(exc))
        return report
    certutil = shutil.which("certutil")
    if certutil and nss:
        for db in nss_databases(home):
            if (db / "cert9.db").exists():
                proc = run([certutil, "-D", "-d", f"sql:{db}", "-n", NICKNAME])
                report.stores[f"nss:{db}"] = proc.returncode == 0
    if system and SYSTEM_CA.exists():
        SYSTEM_CA.unlink()
        proc = run(["update-ca-certificates", "--fresh"])
        report.stores["system"] = proc.returncode == 0
    return report


def untrust_every_user(*, run: Runner = _run, passwd: Sequence[Any] | None = None) -> TrustReport:
    """As root on removal (Linux): take the CA out of every local user's NSS databases, each
    ``certutil`` run as that user (``runuser``), so no file in a home changes owner.

    Users are the password database's accounts with a login uid (≥ 1000) and a home. One
    user's failure (a home root cannot read, a ``certutil`` that times out on a hung network
    home) is a problem in the report, and the other users are still done."""
    import pwd

    report = TrustReport()
    certutil = shutil.which("certutil")
    runuser = shutil.which("runuser")
    if certutil is None or runuser is None:
        return report
    for user in passwd if passwd is not None else pwd.getpwall():
        try:
            if user.pw_uid < 1000 or user.pw_uid == 65534 or not Path(user.pw_dir).is_dir():
                continue
            databases = nss_databases(Path(user.pw_dir))
        except OSError as exc:  # e.g. a home root may not read (NFS root squash)
            report.problems.append(f"{user.pw_name}: {user.pw_dir}: {exc.strerror or exc}")
            continue
        for db in databases:
            try:
                if not (db / "cert9.db").exists():
                    continue
                proc = run([runuser, "-u", user.pw_name, "--", certutil, "-D", "-d",
                            f"sql:{db}", "-n", NICKNAME])
            except subprocess.TimeoutExpired:
                report.stores[f"nss:{db}"] = False
                report.problems.append(f"{user.pw_name}: certutil quá thời gian / timed out: {db}")
                continue
            except OSError as exc:
                report.stores[f"nss:{db}"] = False
                report.problems.append(f"{user.pw_name}: {db}: {exc.strerror or exc}")
                continue
            report.stores[f"nss:{db}"] = proc.returncode == 0
    return report


def nss_trusts(db: Path, *, run: Runner = _run) -> bool:
    certutil = shutil.which("certutil")
    if certutil is None or not (db / "cert9.db").exists():
        return False
    return run([certutil, "-L", "-d", f"sql:{db}", "-n", NICKNAME]).returncode == 0


def trust_machine_ca_for_user(*, home: Path | None = None, run: Runner = _run,
                              platform: str = sys.platform) -> TrustReport:
    """At the app's start (Linux): the machine's CA (IT's set-up) into this user's NSS
    databases where it is missing — Chrome and Firefox do not read the system store. Nothing
    when IT set up no machine certificates."""
    report = TrustReport()
    certs = BridgeCertificates(machine_folder(platform))
    if platform == "win32" or not certs.exists():
        return report
    missing = [db for db in nss_databases(home) if not nss_trusts(db, run=run)]
    if not missing:
        return report
    return trust(certs, home=home, run=run, platform=platform)


def status(certs: BridgeCertificates, *, home: Path | None = None, run: Runner = _run,
           platform: str = sys.platform, crypt32: Any | None = None) -> dict[str, object]:
    """The certificate's validity and which stores trust the CA (for ``kyso bridge status``)."""
    out: dict[str, object] = {"certificates": str(certs.folder), "exists": certs.exists()}
    if not certs.exists():
        return out
    server = certs.server_certificate()
    out["valid_until"] = server.not_valid_after_utc.isoformat()
    if platform != "win32":
        # the machine's shared key (0644): any local user could serve a trusted listener
        out["key_readable_by_all_users"] = bool(certs.key.stat().st_mode & 0o004)
    out["expired"] = server.not_valid_after_utc <= dt.datetime.now(dt.timezone.utc)
    stores: dict[str, bool] = {}
    if platform == "win32":
        der = x509.load_pem_x509_certificate(certs.ca.read_bytes()).public_bytes(
            serialization.Encoding.DER)
        for machine in (False, True):
            try:
                stores[_store_name(machine)] = der in _windows_store(machine, crypt32).certificates()
            except Exception:
                stores[_store_name(machine)] = False
    else:
        for db in nss_databases(home):
            stores[f"nss:{db}"] = nss_trusts(db, run=run)
        stores["system"] = SYSTEM_CA.exists() and SYSTEM_CA.read_bytes() == certs.ca.read_bytes()
    out["trusted_by"] = stores
    return out


def certificates_for(data_dir: Path) -> BridgeCertificates | None:
    """The certificates the listener uses: the machine's (set up by IT) if they exist, else
    this user's (``kyso bridge setup``); None when neither was set up."""
    for folder in (machine_folder(), Path(data_dir) / "bridge"):
        certs = BridgeCertificates(folder)
        if certs.exists():
            return certs
    return None
