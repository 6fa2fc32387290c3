"""Trusted local TLS without browser flags: a per-machine CA that can mint nothing else.

:func:`create` makes a CA whose name constraints permit only ``localhost`` and
``127.0.0.1``, issues the listener's certificate with it, and lets the CA's private key go
out of scope without ever serialising it — so even a stolen CA certificate in the browsers'
stores could not vouch for any other site. The CA certificate then goes into the trust stores
(:func:`trust`): NSS databases (Chrome/Chromium and Firefox on Linux, via ``certutil``), the
Linux system store (as root), the Windows root store (``certutil -addstore Root``);
:func:`untrust` removes it on uninstall, and :func:`status` says where it is trusted.
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

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NICKNAME = "Kyso local signing bridge CA"
CA_FILE, CERT_FILE, KEY_FILE = "bridge-ca.pem", "bridge-server.pem", "bridge-server.key"
SYSTEM_CA = Path("/usr/local/share/ca-certificates/kyso-bridge-ca.crt")
MACHINE_FOLDER = Path("/var/lib/kyso/bridge")
"""Where ``kyso bridge setup --system`` (as root) keeps the machine's certificates (Linux)."""

Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=60)


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


def create(folder: Path, *, days: int = 825, now: dt.datetime | None = None) -> BridgeCertificates:
    """A new CA and server certificate in ``folder`` (replacing older ones)."""
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
    fd = os.open(certs.key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(server_key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
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


def trust(certs: BridgeCertificates, *, home: Path | None = None, system: bool = False,
          run: Runner = _run, platform: str = sys.platform) -> TrustReport:
    """Put the CA into the trust stores this user (or, with ``system``, the machine) uses."""
    report = TrustReport()
    if platform == "win32":
        proc = run(["certutil", "-addstore", "-f", "Root", str(certs.ca)])
        report.stores["windows-root"] = proc.returncode == 0
        if proc.returncode:
            report.problems.append(proc.stderr.strip() or proc.stdout.strip())
        return report
    certutil = shutil.which("certutil")
    for db in nss_databases(home):
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
        proc = run(["update-ca-certificates"])
        report.stores["system"] = proc.returncode == 0
    return report


def untrust(*, home: Path | None = None, system: bool = False, run: Runner = _run,
            platform: str = sys.platform) -> None:
    if platform == "win32":
        run(["certutil", "-delstore", "Root", NICKNAME])
        return
    certutil = shutil.which("certutil")
    if certutil:
        for db in nss_databases(home):
            if (db / "cert9.db").exists():
                run([certutil, "-D", "-d", f"sql:{db}", "-n", NICKNAME])
    if system and SYSTEM_CA.exists():
        SYSTEM_CA.unlink()
        run(["update-ca-certificates", "--fresh"])


def status(certs: BridgeCertificates, *, home: Path | None = None, run: Runner = _run,
           platform: str = sys.platform) -> dict[str, object]:
    """The certificate's validity and which stores trust the CA (for ``kyso bridge status``)."""
    out: dict[str, object] = {"certificates": str(certs.folder), "exists": certs.exists()}
    if not certs.exists():
        return out
    server = certs.server_certificate()
    out["valid_until"] = server.not_valid_after_utc.isoformat()
    out["expired"] = server.not_valid_after_utc <= dt.datetime.now(dt.timezone.utc)
    stores: dict[str, bool] = {}
    if platform == "win32":
        proc = run(["certutil", "-verifystore", "Root", NICKNAME])
        stores["windows-root"] = proc.returncode == 0
    else:
        certutil = shutil.which("certutil")
        for db in nss_databases(home):
            if certutil and (db / "cert9.db").exists():
                proc = run([certutil, "-L", "-d", f"sql:{db}", "-n", NICKNAME])
                stores[f"nss:{db}"] = proc.returncode == 0
            else:
                stores[f"nss:{db}"] = False
        stores["system"] = SYSTEM_CA.exists()
    out["trusted_by"] = stores
    return out


def certificates_for(data_dir: Path) -> BridgeCertificates | None:
    """The certificates the listener uses: the machine's (Linux, set up by IT) if they exist,
    else this user's (``kyso bridge setup``); None when neither was set up."""
    folders = ([] if sys.platform == "win32" else [MACHINE_FOLDER]) + [Path(data_dir) / "bridge"]
    for folder in folders:
        certs = BridgeCertificates(folder)
        if certs.exists():
            return certs
    return None
