"""A ``multipart/form-data`` body holding one file, streamed from disk.

Web document systems take a signed PDF as a form upload (VGCA Sign Service sends it in the
field ``uploadfile``). A signed batch can be large, so the body is never built in memory:
it is the form head, the file read in chunks, and the closing boundary, with its length
known beforehand (``Content-Length``; upload handlers on IIS and PHP do not all accept
chunked requests).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 64 * 1024


def _quoted(name: str) -> str:
    """A file name as a form header carries it: ASCII, no quote or line break (the server
    sees a readable name; the bytes of the file are what matter)."""
    text = name.encode("ascii", "replace").decode("ascii")
    return "".join("_" if ch in '"\\\r\n' else ch for ch in text)


@dataclass(frozen=True)
class FileForm:
    """One form field ``name`` carrying the file at ``path``."""

    name: str
    path: Path
    filename: str = ""
    """What the server is told the file is called; the path's name by default."""
    content_type: str = "application/octet-stream"
    boundary: str = field(default_factory=lambda: uuid.uuid4().hex)

    def _head(self) -> bytes:
        filename = _quoted(self.filename or self.path.name)
        return (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quoted(self.name)}"; '
            f'filename="{filename}"\r\n'
            f"Content-Type: {self.content_type}\r\n\r\n"
        ).encode("ascii")

    def _tail(self) -> bytes:
        return f"\r\n--{self.boundary}--\r\n".encode("ascii")

    def headers(self) -> dict[str, str]:
        """``Content-Type`` (with the boundary) and ``Content-Length`` for the request."""
        length = len(self._head()) + self.path.stat().st_size + len(self._tail())
        return {
            "Content-Type": f"multipart/form-data; boundary={self.boundary}",
            "Content-Length": str(length),
        }

    def chunks(self) -> Iterator[bytes]:
        """The body, at most :data:`CHUNK` bytes of the file at a time."""
        yield self._head()
        with self.path.open("rb") as f:
            while block := f.read(CHUNK):
                yield block
        yield self._tail()
