"""A TCP listener on 127.0.0.1 serving each connection on its own thread — the part the
misbehaving HTTP servers (:mod:`http_servers`) and the forwarding proxy (:mod:`proxy`)
share. ``stop()`` sets :attr:`stopping` (every hang and trickle ends at once), closes the
listener and joins every thread."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable


class ThreadedListener:
    def __init__(self, serve: Callable[[socket.socket], None]) -> None:
        self.serve = serve
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.port: int = self._socket.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self.serve, args=(conn,), daemon=True)
            with self._lock:
                self._threads.append(thread)
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._socket.close()
        self._acceptor.join()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join()
