"""Trusted local TLS without browser flags: a CA of each user's own that can mint nothing else.

Every user's Kyso serves the listener with a key only that user can read. At the user's first
start (when IT's ``[bridge]`` table enables the bridge, or after the user ran ``kyso bridge
setup``), :func:`prepare_user_certificates` makes, in the user's data folder (0700, the key
0600; on Windows the user's profile, which other users cannot read), a CA whose name
constraints permit only ``localhost`` and ``127.0.0.1``, issues the listener's certificate with
it, and lets the CA's private key go out of scope without ever serialising it (:func:`create`).
:func:`trust_for_user` then puts that CA into this user's stores only: the user's NSS databases
(Chrome/Chromium ``~/.pki/nssdb`` and each Firefox profile, via ``certutil``) on Linux, the
current user's root store on Windows (crypt32, :mod:`windows_store`; Windows asks the user to
confirm — that is the user's consent). Never the Linux system store nor the machine's Windows
root store: a CA there would vouch for one user's listener to every user of the machine.

So a second user who binds 127.0.0.1:8987 first can only present a certificate of *their* own
CA, which this user's browser does not trust: port squatting can deny the service, not read
what a page sends the bridge (its ``JWTToken``, the one-time upload URL).

The server certificate lives 825 days; a start within :data:`RENEW_WITHIN` of its end makes a
new CA and certificate, and the trust entries are replaced (the old CA goes).

Older Kyso versions made one *shared* CA and a key every local user could read
(``/var/lib/kyso/bridge``, ``%ProgramData%\\Kyso\\bridge``, the system store):
:func:`remove_legacy_machine_material` (``kyso bridge setup --machine`` at install or
upgrade, ``kyso bridge remove --machine`` at removal) deletes them everywhere, including
that CA in every user's NSS databases. The machine step creates no key any more.
"""

from __future__ import annotations

import datetime as dt
import getpass
import ipaddress
import logging
import os
import secrets
import shutil
import stat
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

log = logging.getLogger(__name__)

NICKNAME = "Kyso local signing bridge CA"
"""The NSS nickname of every Kyso bridge CA, and the start of its subject's common name (how
the Windows stores and the removal find it) — the same for the older shared CA and for each
user's own."""
CA_FILE, CERT_FILE, KEY_FILE = "bridge-ca.pem", "bridge-server.pem", "bridge-server.key"
DECLINED_FILE = "windows-trust-declined"
"""Written when the user answered "No" to Windows's question about this CA: later starts do
not ask again (``kyso bridge setup`` and a renewal do)."""
VALIDITY_DAYS = 825
RENEW_WITHIN = dt.timedelta(days=30)
SYSTEM_CA = Path("/usr/local/share/ca-certificates/kyso-bridge-ca.crt")
"""Where older versions put the shared CA in the Linux system store (removed on upgrade)."""
MACHINE_FOLDER = Path("/var/lib/kyso/bridge")
"""Where older versions' ``kyso bridge setup --machine`` kept the shared CA, certificate and a
key readable by every local user (Linux); removed on upgrade."""


def machine_folder(platform: str = sys.platform) -> Path:
    """Older versions' shared certificates: /var/lib/kyso/bridge, or %ProgramData%\\Kyso\\bridge."""
    if platform == "win32":
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "Kyso" / "bridge"
    return MACHINE_FOLDER


def user_folder(data_dir: Path) -> Path:
    """This user's listener certificates: the ``bridge`` folder of the user's data folder."""
    return Path(data_dir) / "bridge"


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

    @property
    def declined(self) -> Path:
        return self.folder / DECLINED_FILE

    def exists(self) -> bool:
        return self.ca.is_file() and self.cert.is_file() and self.key.is_file()

    def server_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert.read_bytes())

    def ca_der(self) -> bytes:
        return x509.load_pem_x509_certificate(self.ca.read_bytes()).public_bytes(
            serialization.Encoding.DER)

    def key_readable_by_others(self) -> bool:
        """The key file's mode lets the group or other users read it (POSIX; on Windows the
        profile's ACLs keep other users out and the mode bits say nothing)."""
        return os.name == "posix" and bool(self.key.stat().st_mode & 0o077)

    def ssl_context(self) -> object:
        import ssl

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def _owner() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _host() -> str:
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "local")


def create(folder: Path, *, days: int = VALIDITY_DAYS, now: dt.datetime | None = None
           ) -> BridgeCertificates:
    """A new CA and server certificate in ``folder`` (replacing older ones), for this user.

    The folder is made 0700 and the key 0600 (whatever the umask), so no other local user
    can read the key; the CA's key is never written anywhere. A folder that
    :func:`folder_problem` finds unsafe (a link, another user's, open to others, holding a
    link or another user's file) is removed, never followed, and made anew; every file is
    written beside its place and renamed over it, so a link there is never written through."""
    now = now or dt.datetime.now(dt.timezone.utc)
    problem = folder_problem(folder) if os.path.lexists(folder) else "missing"
    if problem is not None:
        if problem != "missing":
            log.warning("bridge certificates: %s; making them in a new folder", problem)
        _fresh_folder(folder)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kyso"),
        # the user in the name: one CA per user, told apart in a store's list
        x509.NameAttribute(NameOID.COMMON_NAME, f"{NICKNAME} ({_owner()}@{_host()})"[:64]),
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
    certs.declined.unlink(missing_ok=True)  # a new CA: the user is asked about it (unlink
    # removes a link itself, never its target)
    _write_new(certs.key, server_key.private_bytes(serialization.Encoding.PEM,
                                                   serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()), 0o600)
    _write_new(certs.ca, ca.public_bytes(serialization.Encoding.PEM), 0o644)
    _write_new(certs.cert, server.public_bytes(serialization.Encoding.PEM), 0o644)
    return certs


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows has none (the profile's ACLs guard it)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """``data`` into ``path`` without ever following a link: a new file beside it (created
    exclusively, with ``mode`` from the start, never through a link), then renamed over
    ``path`` (``os.replace`` replaces a link itself, never its target)."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            if os.name == "posix":
                os.fchmod(f.fileno(), mode)  # whatever the umask
            f.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` may not hold this user's listener key (None: it may). It must be a
    real folder (not a link) of this user's, closed to others (0700), and every file in it
    a regular file (not a link) of this user's that nobody else may write — otherwise
    another local user may have swapped the CA or planted links for the next creation.
    POSIX only: on Windows the profile folder's ACLs keep other users out; a link is still
    refused there."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return f"{folder} is a link"
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder} is not a folder"
    posix = os.name == "posix"
    if posix and st.st_uid != os.geteuid():
        return f"{folder} belongs to another user (uid {st.st_uid})"
    if posix and stat.S_IMODE(st.st_mode) & 0o077:
        return f"{folder} is open to other users (mode {oct(stat.S_IMODE(st.st_mode))})"
    with os.scandir(folder) as entries:
        for entry in entries:
            est = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(est.st_mode):
                return f"{entry.path} is a link"
            if posix and est.st_uid != os.geteuid():
                return f"{entry.path} belongs to another user (uid {est.st_uid})"
            if posix and stat.S_IMODE(est.st_mode) & 0o022:
                return f"{entry.path} is writable by other users"
    return None


def _fresh_folder(folder: Path) -> None:
    """``folder`` made anew, empty and 0700: a link there is removed (never followed), a
    folder (whoever owns it) is moved aside and deleted without following any link in it."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            # renamed first: the name is free at once even if deleting another user's
            # files fails (the data folder is this user's, so the rename works)
            aside = folder.with_name(f".{folder.name}.unsafe-{secrets.token_hex(6)}")
            os.rename(folder, aside)
            shutil.rmtree(aside, ignore_errors=True)  # rmtree never follows links inside
            if os.path.lexists(aside):
                log.warning("could not delete the unsafe bridge folder %s", aside)
        else:
            os.unlink(folder)  # a link (or a file): the entry itself, never its target
    folder.parent.mkdir(parents=True, exist_ok=True)
    os.mkdir(folder, 0o700)  # fails if anything took the name since: never reused
    if os.name == "posix":
        os.chmod(folder, 0o700)  # whatever the umask (the folder was just made by us)


def renewal_due(certs: BridgeCertificates, now: dt.datetime | None = None) -> bool:
    """The listener's certificate ends within :data:`RENEW_WITHIN` (or has ended)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return certs.server_certificate().not_valid_after_utc - now <= RENEW_WITHIN


def prepare_user_certificates(data_dir: Path, *, make: bool, renew: bool = False,
                              now: dt.datetime | None = None
                              ) -> tuple[BridgeCertificates | None, bool]:
    """This user's listener certificates at a start: ``(certificates, made)``.

    Made when missing (and ``make``: IT enabled the bridge, or the user asked), when the
    certificate is within :data:`RENEW_WITHIN` of its end, when ``renew``, when the key
    file has become readable by other users (it may have been read: a new key, a new CA),
    and when the folder is unsafe (:func:`folder_problem`; made anew, the reason logged).
    ``(None, False)`` when there are none and ``make`` is false."""
    certs = BridgeCertificates(user_folder(data_dir))
    problem = folder_problem(certs.folder)
    if problem is not None and (make or certs.exists()):
        # never reused: another user may have swapped the CA or planted links; create()
        # makes a fresh folder (and says why in the log)
        return create(certs.folder, now=now), True
    if certs.exists():
        try:
            fresh = (not renew and not renewal_due(certs, now)
                     and not certs.key_readable_by_others() and _key_matches(certs))
        except ValueError:  # a damaged file: make new ones
            fresh = False
        if fresh:
            return certs, False
    elif not make:
        return None, False
    return create(certs.folder, now=now), True


def _key_matches(certs: BridgeCertificates) -> bool:
    """The key file holds the certificate's key (not so after a copy or an interrupted write)."""
    key = serialization.load_pem_private_key(certs.key.read_bytes(), None)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(serialization.Encoding.DER, public) == \
        certs.server_certificate().public_key().public_bytes(serialization.Encoding.DER, public)


def certificates_for(data_dir: Path) -> BridgeCertificates | None:
    """This user's listener certificates, when they exist (never another user's or a
    machine's)."""
    certs = BridgeCertificates(user_folder(data_dir))
    return certs if certs.exists() else None


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


def _pem_ders(text: str) -> list[bytes]:
    try:
        return [c.public_bytes(serialization.Encoding.DER)
                for c in x509.load_pem_x509_certificates(text.encode())]
    except ValueError:
        return []


def nss_certificates(db: Path, *, run: Runner = _run, prefix: Sequence[str] = ()) -> list[bytes]:
    """The DER of the certificates an NSS database holds under Kyso's nickname (``prefix``:
    e.g. ``runuser -u USER --``, to read it as its owner)."""
    certutil = shutil.which("certutil")
    if certutil is None or not (db / "cert9.db").exists():
        return []
    proc = run([*prefix, certutil, "-L", "-d", f"sql:{db}", "-n", NICKNAME, "-a"])
    return _pem_ders(proc.stdout) if proc.returncode == 0 else []


def nss_trusts(db: Path, *, run: Runner = _run, ca: bytes | None = None) -> bool:
    """The database holds a Kyso bridge CA — ``ca`` (DER) itself, when given."""
    if ca is not None:
        return ca in nss_certificates(db, run=run)
    certutil = shutil.which("certutil")
    if certutil is None or not (db / "cert9.db").exists():
        return False
    return run([certutil, "-L", "-d", f"sql:{db}", "-n", NICKNAME]).returncode == 0


def trust(certs: BridgeCertificates, *, home: Path | None = None, nss: bool = True,
          run: Runner = _run, platform: str = sys.platform, crypt32: Any | None = None,
          databases: Sequence[Path] | None = None) -> TrustReport:
    """Put this user's CA into this user's stores, replacing any older Kyso CA there.

    Linux: the user's NSS databases (``databases``, else all of them; none unless ``nss``).
    Windows: the current user's root store (Windows asks the user to confirm). Never the
    system store nor the machine's root store: see the module's docstring. ``crypt32``: the
    tests' stand-in."""
    report = TrustReport()
    if platform == "win32":
        from kyso.core.bridge.windows_store import declined_by_user, kyso_cas

        store = _windows_store(False, crypt32)
        name = _store_name(False)
        der = certs.ca_der()
        try:
            for old in kyso_cas(store.certificates(), NICKNAME):
                if old != der:
                    try:
                        store.delete(old)
                    except Exception as exc:  # e.g. an older version's CA in the machine's
                        report.problems.append(getattr(exc, "vi", None) or str(exc))
            store.add(der)
            report.stores[name] = True
            certs.declined.unlink(missing_ok=True)
        except Exception as exc:  # a KysoError in words, or the OS's own
            report.stores[name] = False
            report.problems.append(getattr(exc, "vi", None) or str(exc))
            if declined_by_user(exc):  # remembered: the next start does not ask again
                certs.declined.touch()
        return report
    certutil = shutil.which("certutil")
    targets = list(databases) if databases is not None else nss_databases(home) if nss else []
    for db in targets:
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
    return report


def trust_for_user(certs: BridgeCertificates, *, home: Path | None = None, run: Runner = _run,
                   platform: str = sys.platform, crypt32: Any | None = None,
                   ask_again: bool = False) -> TrustReport:
    """At the app's start: this user's CA into each of this user's stores that does not hold
    it yet (a store holding another Kyso CA — an older one, or an older version's shared one —
    gets this one instead). Nothing when every store already trusts it.

    Windows asks the user to confirm; a user who answered "No" is not asked again at every
    start (``ask_again``: ``kyso bridge setup``)."""
    der = certs.ca_der()
    if platform == "win32":
        try:
            present = der in _windows_store(False, crypt32).certificates()
        except Exception:
            present = False
        if present:
            return TrustReport()
        if certs.declined.exists() and not ask_again:
            return TrustReport({_store_name(False): False},
                               ["declined by the user (kyso bridge setup asks again)"])
        return trust(certs, platform=platform, crypt32=crypt32)
    missing = [db for db in nss_databases(home) if not nss_trusts(db, run=run, ca=der)]
    if not missing:
        return TrustReport()
    return trust(certs, run=run, platform=platform, databases=missing)


def untrust(*, home: Path | None = None, system: bool = False, nss: bool = True,
            run: Runner = _run, platform: str = sys.platform,
            crypt32: Any | None = None) -> TrustReport:
    """Take Kyso's CAs out of this user's stores (every Kyso CA, older ones too); with
    ``system`` (as root/administrator) out of the Linux system store or the machine's root
    store, where only older versions put one. ``stores`` says which stores had it and no
    longer do."""
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


def untrust_every_user(*, run: Runner = _run, passwd: Sequence[Any] | None = None,
                       only: bytes | None = None) -> TrustReport:
    """As root (Linux): take Kyso's CA out of every local user's NSS databases, each
    ``certutil`` run as that user (``runuser``), so no file in a home changes owner.

    A database without a Kyso CA is left alone and not reported (a user who never used the
    bridge is no failure). ``only`` (a CA's DER): take out that CA alone — an older version's shared CA at an
    upgrade, leaving each user's own in place; without it (package removal) every Kyso CA,
    the users' own included (they share the nickname).

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
        as_user = [runuser, "-u", user.pw_name, "--"]
        for db in databases:
            try:
                if not (db / "cert9.db").exists():
                    continue
                held = nss_certificates(db, run=run, prefix=as_user)
                if not held or (only is not None and only not in held):
                    continue  # no Kyso CA there, or the user's own when only the old one goes
                proc = run([*as_user, certutil, "-D", "-d", f"sql:{db}", "-n", NICKNAME])
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


def legacy_machine_ca(platform: str = sys.platform) -> bytes | None:
    """The DER of an older version's shared CA still on this machine (its folder, or the
    Linux system store), or None."""
    candidates = [machine_folder(platform) / CA_FILE]
    if platform != "win32":
        candidates.append(SYSTEM_CA)
    for path in candidates:
        try:
            return x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(
                serialization.Encoding.DER)
        except (OSError, ValueError):
            continue
    return None


def legacy_machine_material(platform: str = sys.platform) -> list[Path]:
    """What of an older version's shared set-up is still on this machine."""
    paths = [machine_folder(platform)] + ([SYSTEM_CA] if platform != "win32" else [])
    return [p for p in paths if p.exists()]


def remove_legacy_machine_material(*, run: Runner = _run, passwd: Sequence[Any] | None = None,
                                   platform: str = sys.platform,
                                   crypt32: Any | None = None) -> TrustReport:
    """As root/administrator: remove an older version's shared CA and its world-readable key.

    Linux: that CA out of every user's NSS databases (only where it is that CA: a user's own
    stays), out of the system store, and the folder deleted. Windows: every Kyso CA out of
    the machine's root store (only the older versions put one there) and
    %ProgramData%\\Kyso\\bridge deleted. The folder goes whatever else failed: the key must
    not linger. Nothing to do (an empty report) when there is no such material."""
    report = TrustReport()
    folder = machine_folder(platform)
    try:
        if platform == "win32":
            done = untrust(system=True, nss=False, platform=platform, crypt32=crypt32)
            report.stores.update({k: v for k, v in done.stores.items() if v})
            report.problems += done.problems
        else:
            legacy = legacy_machine_ca(platform)
            if legacy is not None:
                done = untrust_every_user(run=run, passwd=passwd, only=legacy)
                report.stores.update(done.stores)
                report.problems += done.problems
            done = untrust(system=True, nss=False, run=run, platform=platform)
            report.stores.update(done.stores)
            report.problems += done.problems
    except Exception as exc:  # said in the report; the key still goes below
        report.problems.append(getattr(exc, "vi", None) or f"{type(exc).__name__}: {exc}")
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            report.stores[f"deleted:{folder}"] = not folder.exists()
    return report


def status(certs: BridgeCertificates, *, home: Path | None = None, run: Runner = _run,
           platform: str = sys.platform, crypt32: Any | None = None,
           now: dt.datetime | None = None) -> dict[str, object]:
    """This user's certificate, its validity and which of this user's stores trust its CA
    (for ``kyso bridge status``)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    out: dict[str, object] = {"certificates": str(certs.folder), "exists": certs.exists()}
    legacy = legacy_machine_material(platform)
    if legacy:
        # an older version's shared key: removed by `kyso bridge setup --machine` (as root)
        out["legacy_machine_certificates"] = [str(p) for p in legacy]
    if not certs.exists():
        return out
    server = certs.server_certificate()
    out["valid_until"] = server.not_valid_after_utc.isoformat()
    out["expired"] = server.not_valid_after_utc <= now
    out["renewal_due"] = renewal_due(certs, now)
    if platform != "win32":
        out["key_mode"] = oct(certs.key.stat().st_mode & 0o777)
        out["key_readable_by_others"] = certs.key_readable_by_others()
    der = certs.ca_der()
    stores: dict[str, bool] = {}
    if platform == "win32":
        try:
            stores[_store_name(False)] = der in _windows_store(False, crypt32).certificates()
        except Exception:
            stores[_store_name(False)] = False
        out["windows_trust_declined"] = certs.declined.exists()
    else:
        for db in nss_databases(home):
            stores[f"nss:{db}"] = nss_trusts(db, run=run, ca=der)
    out["trusted_by"] = stores
    return out
