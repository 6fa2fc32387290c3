"""The audit log: append-only JSON lines, each entry holding the hash of the one before.

Each line is one JSON object ``{"seq", "time", "event", "data", "prev", "hash"}``:
``prev`` is the previous entry's ``hash`` (64 zeros for the first), and ``hash`` is the
SHA-256 of the entry's canonical JSON without ``hash``. Editing a line breaks its hash;
deleting, inserting or reordering lines breaks the ``prev``/``seq`` links. Dropping the
*last* lines leaves a shorter chain that is still consistent, so the head (count and last
hash) is also kept in ``<log>.head`` and compared. :func:`verify_audit_log` reports the
first problem with its line number.

What goes in: signatures made under item 4's emergency fallback (and any other event a
caller records). Never a PIN.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError

GENESIS = "0" * 64
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class AuditError(KysoError):
    """The audit log cannot be written or read."""


def _canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(_canonical(body)).hexdigest()


def _lock_for(path: Path) -> threading.Lock:
    key = os.path.normcase(os.path.abspath(path))
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


class AuditLog:
    """Appends entries to one log file (thread-safe within the process)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.name + ".head")

    def _last(self) -> tuple[int, str]:
        if not self.path.exists():
            return 0, GENESIS
        last = ""
        with self.path.open("rb") as fh:
            # read backwards for the last non-empty line
            fh.seek(0, os.SEEK_END)
            end = fh.tell()
            pos, chunk = end, b""
            while pos > 0:
                step = min(4096, pos)
                pos -= step
                fh.seek(pos)
                chunk = fh.read(step) + chunk
                lines = [ln for ln in chunk.split(b"\n") if ln.strip()]
                if len(lines) >= 2 or (pos == 0 and lines):
                    last = lines[-1].decode("utf-8")
                    break
        if not last:
            return 0, GENESIS
        try:
            entry = json.loads(last)
            return int(entry["seq"]), str(entry["hash"])
        except (ValueError, KeyError, TypeError):
            raise AuditError(
                f"Nhật ký kiểm tra {self.path} bị hỏng ở dòng cuối; chạy “kyso audit verify”.",
                f"The audit log {self.path} is damaged at its last line; run “kyso audit verify”.",
                code="audit_damaged",
            ) from None

    def append(self, event: str, data: dict[str, Any], *, when: dt.datetime | None = None) -> dict[str, Any]:
        """Add one entry and return it (with its hash)."""
        when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        with _lock_for(self.path):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                seq, prev = self._last()
                entry: dict[str, Any] = {
                    "seq": seq + 1,
                    "time": when.isoformat(timespec="seconds"),
                    "event": event,
                    "data": data,
                    "prev": prev,
                }
                entry["hash"] = entry_hash(entry)
                line = _canonical(entry) + b"\n"
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                try:
                    os.write(fd, line)
                    os.fsync(fd)
                finally:
                    os.close(fd)
                tmp = self.head_path.with_name(self.head_path.name + ".tmp")
                tmp.write_text(
                    json.dumps({"count": entry["seq"], "hash": entry["hash"]}), encoding="utf-8"
                )
                os.replace(tmp, self.head_path)
            except OSError as exc:
                raise AuditError(
                    f"Không ghi được nhật ký kiểm tra {self.path}: {exc.strerror or exc}.",
                    f"Could not write the audit log {self.path}: {exc.strerror or exc}.",
                    code="audit_write",
                ) from None
        return entry


@dataclass
class AuditProblem:
    line: int
    code: str
    vi: str
    en: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, "message": self.vi, "message_en": self.en}


@dataclass
class AuditVerification:
    path: Path
    entries: int = 0
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "ok": self.ok,
            "entries": self.entries,
            "problems": [p.to_json() for p in self.problems],
        }


def verify_audit_log(path: str | Path) -> AuditVerification:
    """Check every line's hash and link; report problems with their line numbers (1-based).

    A missing log is reported as the problem ``missing``; a path that cannot be read (a
    folder, no permission, an I/O error) raises :class:`AuditError`.
    """
    path = Path(path)
    try:
        return _verify(path)
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError) -> AuditError:
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return AuditError(
            f"{path} là một thư mục, không phải tệp nhật ký kiểm tra. Chỉ đúng tệp nhật ký "
            "(ví dụ audit.jsonl), hoặc bỏ trống để dùng nhật ký mặc định của Kyso.",
            f"{path} is a folder, not an audit log file. Name the log file itself (e.g. "
            "audit.jsonl), or leave it out to use Kyso's default log.",
            code="audit_is_folder",
        )
    return AuditError(
        f"Không đọc được nhật ký kiểm tra {path}: {exc.strerror or exc}. Kiểm tra quyền đọc "
        "tệp rồi chạy lại.",
        f"Could not read the audit log {path}: {exc.strerror or exc}. Check that the file can "
        "be read and run again.",
        code="audit_unreadable",
    )


def _verify(path: Path) -> AuditVerification:
    result = AuditVerification(path)
    if not path.exists():
        result.problems.append(
            AuditProblem(0, "missing", f"Không có tệp nhật ký {path}.", f"No log file {path}.")
        )
        return result
    prev, seq = GENESIS, 0
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                result.problems.append(
                    AuditProblem(number, "blank_line", f"Dòng {number} trống.", f"Line {number} is blank.")
                )
                return result
            try:
                entry = json.loads(raw.decode("utf-8"))
                stored = entry["hash"]
                entry_seq = int(entry["seq"])
                entry_prev = entry["prev"]
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                result.problems.append(
                    AuditProblem(
                        number,
                        "unreadable",
                        f"Dòng {number} không đọc được (không phải một mục nhật ký).",
                        f"Line {number} is not a readable entry.",
                    )
                )
                return result
            if entry_hash(entry) != stored:
                result.problems.append(
                    AuditProblem(
                        number,
                        "edited",
                        f"Dòng {number} đã bị sửa (mã băm không khớp nội dung).",
                        f"Line {number} was edited (its hash does not match its content).",
                    )
                )
                return result
            if entry_prev != prev or entry_seq != seq + 1:
                result.problems.append(
                    AuditProblem(
                        number,
                        "broken_chain",
                        f"Chuỗi nhật ký bị đứt tại dòng {number}: có mục bị xóa, chèn hoặc đổi "
                        f"thứ tự (số thứ tự {entry_seq}, đáng lẽ {seq + 1}).",
                        f"The chain breaks at line {number}: an entry was deleted, inserted or "
                        f"moved (sequence {entry_seq}, expected {seq + 1}).",
                    )
                )
                return result
            prev, seq = stored, entry_seq
            result.entries += 1
    head_path = path.with_name(path.name + ".head")
    try:
        head = json.loads(head_path.read_text(encoding="utf-8"))
        count, last = int(head["count"]), str(head["hash"])
    except FileNotFoundError:
        count, last = -1, ""
    except (ValueError, KeyError, TypeError, OSError):
        count, last = -2, ""
    if count == -1:
        if seq:
            result.problems.append(
                AuditProblem(
                    seq,
                    "head_missing",
                    f"Thiếu tệp {head_path.name}: không kiểm tra được các mục cuối có bị xóa không.",
                    f"{head_path.name} is missing: deletion of the last entries cannot be ruled out.",
                )
            )
    elif count != seq or last != prev:
        result.problems.append(
            AuditProblem(
                seq + 1,
                "truncated",
                f"Nhật ký có {seq} mục nhưng đã ghi {count} mục: các mục cuối đã bị xóa (từ dòng "
                f"{seq + 1}).",
                f"The log has {seq} entries but {count} were written: the last entries were "
                f"deleted (from line {seq + 1}).",
            )
        )
    return result


def default_audit_path(paths: Any) -> Path:
    """``audit.jsonl`` in the user's data folder (:class:`kyso.core.settings.Paths`)."""
    return Path(paths.data_dir) / "audit.jsonl"
