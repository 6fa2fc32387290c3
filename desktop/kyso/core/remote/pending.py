"""Requests waiting on the phone, journaled so a crash loses nothing silently.

Before a request goes to the service, a small record (account, credential, the names of
every document the request covers — a whole batch's part on one approval — the temporary
outputs waiting for it, time; never a hash, PIN or token) is written to
``<data>/remote_pending/``; it is removed when the request ends unapproved, or once the
approved request's documents are written. A record still there at the next start means Kyso
stopped while the holder was being asked (nothing was written as signed, the phone may still
show the request) or, marked ``approved``, while the signed files were being written (the
files without their output were not signed).
:meth:`PendingJournal.abandoned` reports those records once, deletes the temporary outputs
they list (Kyso's own ``.part`` files, whose process is gone) and removes the records.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kyso.core.errors import KysoError
from kyso.core.procs import process_alive

FOLDER = "remote_pending"


@dataclass(frozen=True)
class Abandoned:
    account: str
    credential: str
    documents: tuple[str, ...]
    started: str
    approved: bool = False
    """The holder had approved it; Kyso stopped while writing the signed files."""

    def notice(self) -> KysoError:
        names = ", ".join(self.documents[:5]) or "?"
        if self.approved:
            return KysoError(
                f"Yêu cầu ký ({names}) gửi bằng tài khoản “{self.account}” lúc {self.started} "
                "đã được xác nhận nhưng Kyso dừng khi đang ghi các tệp đã ký. Tệp nào chưa có "
                "bản .signed.pdf thì chưa được ký (phần dở dang đã được xóa); hãy ký lại các "
                "tệp đó.",
                f"The signing request ({names}) sent with account “{self.account}” at "
                f"{self.started} was approved, but Kyso stopped while writing the signed files. "
                "A file without its .signed.pdf was not signed (the partial output was "
                "removed); sign those files again.",
                code="remote_abandoned",
            )
        return KysoError(
            f"Yêu cầu ký ({names}) gửi bằng tài khoản “{self.account}” lúc {self.started} đã bị "
            "bỏ dở vì Kyso dừng khi đang chờ xác nhận. Không có tệp nào được ghi là đã ký; nếu "
            "điện thoại vẫn hỏi yêu cầu đó, hãy từ chối rồi ký lại.",
            f"The signing request ({names}) sent with account “{self.account}” at "
            f"{self.started} was abandoned: Kyso stopped while waiting for approval. No file was "
            "written as signed; if the phone still shows that request, reject it and sign again.",
            code="remote_abandoned",
        )


class PendingJournal:
    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / FOLDER

    def begin(
        self,
        account: str,
        credential: str,
        documents: Sequence[str],
        *,
        temporaries: Sequence[str] = (),
    ) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{uuid.uuid4().hex}.json"
        record = {
            "account": account,
            "credential": credential,
            "documents": list(documents),
            "temporaries": [str(t) for t in temporaries],
            "started": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
            "pid": os.getpid(),
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        return path

    @staticmethod
    def approved(path: Path) -> None:
        """The request was approved: the record now waits for its documents to be written."""
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            record["approved"] = True
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass  # the record as first written still reports the request

    @staticmethod
    def end(path: Path) -> None:
        path.unlink(missing_ok=True)

    def abandoned(self) -> list[Abandoned]:
        """Records left by a process that is gone; removed once read."""
        out: list[Abandoned] = []
        if not self.folder.is_dir():
            return out
        for path in sorted(self.folder.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                path.unlink(missing_ok=True)
                continue
            if _alive(record.get("pid")):
                continue  # another Kyso is still waiting for it
            _remove_temporaries(record.get("temporaries"))
            out.append(Abandoned(str(record.get("account", "?")),
                                 str(record.get("credential", "?")),
                                 tuple(str(d) for d in record.get("documents", [])),
                                 str(record.get("started", "?")),
                                 record.get("approved") is True))
            path.unlink(missing_ok=True)
        for tmp in self.folder.glob("*.tmp"):
            tmp.unlink(missing_ok=True)
        return out


def _remove_temporaries(paths: object) -> None:
    """The partial outputs a dead process left waiting for its signatures: only Kyso's own
    temporary names (``.<name>.part``), never a link or anything else."""
    if not isinstance(paths, list):
        return
    for item in paths:
        path = Path(str(item))
        if not (path.name.startswith(".") and path.name.endswith(".part")):
            continue
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
        except OSError:
            continue  # the next batch in that folder removes it (signing.resume)


def _alive(pid: object) -> bool:
    """Another process with this id runs (never ``os.kill`` on Windows: see procs)."""
    return pid != os.getpid() and process_alive(pid)
    return True
