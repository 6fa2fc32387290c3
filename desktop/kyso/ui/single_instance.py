"""One Kyso per user session.

The first start takes a lock file in the user's data folder (:class:`QLockFile`: a lock left
by a crashed Kyso is recognised by its process id and taken over) and listens on a local
socket (:class:`QLocalServer`) only this user can reach. A later start does not open a second
window nor a second signing bridge (port 8987 is busy anyway): it finds the lock taken, sends
its request on the socket — "show the window", with the PDF files it was given — and exits 0.

The names depend on the data folder, so ``--temp-dir`` runs (tests, smoke runs) are separate
instances. On Linux/macOS the socket never lives under a name another user could create first
(a squatter would otherwise make our start fail to listen and receive the file list of every
later start): it goes into ``$XDG_RUNTIME_DIR`` when that folder is ours (``runuser`` keeps
root's), else into ``/tmp/kyso-<uid>`` made 0700 and checked with ``lstat`` (ours, a real
folder, private), else into the data folder. A later start sends only to a socket owned by this
user (the file's owner, and on Linux the listening process's ``SO_PEERCRED``). On Windows it is a
named pipe restricted to the user (``UserAccessOption``).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import socket
import stat
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024
"""A request is one JSON line (a few file names); anything longer is not Kyso talking."""
OK = b"ok\n"


UNIX_PATH_MAX = 107
"""An AF_UNIX socket path has 108 bytes with its terminating NUL."""


def _private_folder(folder: Path, *, create: bool) -> bool:
    """True when ``folder`` is a real folder (not a symlink) owned by this user that no one
    else may write to or list; ``create`` makes it (0700) when missing."""
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        return False
    if st.st_mode & 0o077:
        if not create:
            return False
        try:  # ours: an older Kyso (or umask) left it open
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def _socket_folder(data_dir: Path) -> Path:
    """Where this user's instance socket goes (POSIX): see the module docstring."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and _private_folder(Path(runtime), create=False) \
            and os.access(runtime, os.W_OK | os.X_OK):
        return Path(runtime)
    tmp = Path(tempfile.gettempdir()) / f"kyso-{os.getuid()}"
    if _private_folder(tmp, create=True):
        return tmp
    log.warning("single instance: %s is not a private folder of this user (another user "
                "made it?); the socket goes into the data folder", tmp)
    return data_dir


def instance_names(data_dir: Path) -> tuple[str, Path]:
    """The local socket's name and the lock file for the user's Kyso over ``data_dir``."""
    data_dir = Path(data_dir).resolve()
    key = hashlib.sha256(str(data_dir).encode("utf-8")).hexdigest()[:12]
    if sys.platform == "win32":
        try:
            user = getpass.getuser()
        except Exception:  # no user name in the environment nor the password database
            user = "user"
        server = f"kyso-{re.sub(r'[^A-Za-z0-9_.-]', '_', user)}-{key}"
        return server, data_dir / "instance.lock"
    server = str(_socket_folder(data_dir) / f"kyso-{key}.sock")
    if len(os.fsencode(server)) > UNIX_PATH_MAX:
        # only a deep data folder gets here; Qt would fail to listen, say why now
        log.warning("single instance: socket path longer than %d bytes: %s", UNIX_PATH_MAX,
                    server)
    return server, data_dir / "instance.lock"


def _peer_uid(sock: QLocalSocket) -> int | None:
    """The uid of the process at the other end (Linux ``SO_PEERCRED``; None elsewhere)."""
    if not sys.platform.startswith("linux") or not hasattr(socket, "SO_PEERCRED"):
        return None
    fd = int(sock.socketDescriptor())
    if fd < 0:
        return None
    dup = socket.socket(fileno=os.dup(fd))
    try:
        creds = dup.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    finally:
        dup.close()
    return struct.unpack("3i", creds)[1]


class SingleInstance(QObject):
    """The lock and the socket. :meth:`claim` once at start; the first instance then gets
    each later start's request through :attr:`request`."""

    request = Signal(object)
    """A later start's request (a dict), on the GUI thread."""

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server_name, lock_path = instance_names(data_dir)
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(lock_path))
        # held for the whole session: never "stale" by age, only when its process is gone
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytearray] = {}

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def claim(self) -> bool:
        """True when this is the first Kyso of the session (now listening for later starts);
        False when another one holds the lock."""
        if not self._lock.tryLock(0):
            return False
        if not self._held_by_another_user():
            QLocalServer.removeServer(self.server_name)  # a socket left by a crashed Kyso
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.server_name):
            # still the first Kyso (we hold the lock); later starts will not reach it
            log.warning("single instance: cannot listen on %s: %s", self.server_name,
                        server.errorString())
            return True
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def _held_by_another_user(self) -> bool:
        """True (and logged) when the socket's name is held by another user's file."""
        if sys.platform == "win32":
            return False
        try:
            owner = os.lstat(self.server_name).st_uid
        except OSError:
            return False
        if owner == os.getuid():
            return False
        log.warning("single instance: %s belongs to another user (uid %s); not trusted",
                    self.server_name, owner)
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    # -- the first instance ----------------------------------------------------------------
    @Slot()
    def _accept(self) -> None:
        assert self._server is not None
        while (sock := self._server.nextPendingConnection()) is not None:
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))
            if sock.bytesAvailable():
                self._read(sock)

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        buf = self._buffers.get(sock)
        if buf is None:
            return
        buf += bytes(sock.readAll().data())
        if b"\n" not in buf:
            if len(buf) > MAX_MESSAGE:
                sock.abort()
            return
        line = bytes(buf.split(b"\n", 1)[0])
        del self._buffers[sock]
        try:
            message: Any = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            message = None
        if not isinstance(message, dict):
            log.warning("single instance: an unreadable request was ignored")
            sock.abort()
            return
        sock.write(OK)
        sock.flush()
        sock.disconnectFromServer()
        self.request.emit(message)

    # -- a later start ---------------------------------------------------------------------
    def send(self, message: dict[str, Any], timeout_s: float = 10.0) -> bool:
        """Hand ``message`` to the first instance; True once it acknowledged it. Tried again
        until ``timeout_s``: the first Kyso may hold the lock a moment before it listens."""
        data = json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"
        deadline = time.monotonic() + timeout_s
        while True:
            if self._held_by_another_user():
                return False  # never hand a user's file names to someone else's socket
            sock = QLocalSocket()
            sock.connectToServer(self.server_name)
            if sock.waitForConnected(1000):
                peer = _peer_uid(sock)
                if peer is not None and peer != os.getuid():
                    log.warning("single instance: %s is answered by another user (uid %s); "
                                "not trusted", self.server_name, peer)
                    sock.abort()
                    return False
                sock.write(data)
                sock.waitForBytesWritten(2000)
                reply = bytearray()
                # short waits: a first instance that hung up without answering ends it early
                while OK not in reply and time.monotonic() < deadline:
                    sock.waitForReadyRead(50)
                    reply += bytes(sock.readAll().data())
                    if sock.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                        break
                    time.sleep(0.01)
                sock.abort()
                if reply.startswith(OK):
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)
