"""A unit's web document system, for the bridge tests: a real HTTP server on 127.0.0.1 that
serves documents and a page, and an upload handler that records what it receives."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class WebApp:
    def __init__(self, documents: dict[str, bytes], page: str = "") -> None:
        self.documents = documents
        self.page = page
        self.uploads: list[tuple[str, bytes]] = []
        self.downloads: list[str] = []
        self.results: list[str] = []
        """Query strings of GET /result?… (what a page's script reports back)."""
        app = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path == "/result":
                    from urllib.parse import unquote

                    app.results.append(unquote(self.path.partition("?")[2]))
                    body, ctype = b"ok", "text/plain"
                elif path == "/" and app.page:
                    body, ctype = app.page.encode(), "text/html; charset=utf-8"
                elif path.lstrip("/") in app.documents:
                    app.downloads.append(path)
                    body = app.documents[path.lstrip("/")]
                    ctype = "text/javascript" if path.endswith(".js") else "application/pdf"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                m = re.search(rb'name="uploadfile"; filename="([^"]*)"\r\n[^\r]*\r\n\r\n', body)
                boundary = self.headers.get("Content-Type", "").split("boundary=")[-1].encode()
                if m is None:
                    answer = b'{"Status": 1, "Message": "no uploadfile"}'
                else:
                    data = body[m.end():body.rindex(b"\r\n--" + boundary)]
                    app.uploads.append((self.path, data))
                    answer = (b'{"Status": 0, "Message": "ok", "FileName": "signed-'
                              + str(len(app.uploads)).encode() + b'.pdf", '
                              b'"FileServer": "https://files.example"}')
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, name: str) -> str:
        return f"{self.origin}/{name}"

    def save_upload(self, index: int, path: Path) -> Path:
        path.write_bytes(self.uploads[index][1])
        return path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
