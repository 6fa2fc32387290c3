"""What every ``kyso`` sub-command shares: exit codes, messages on stderr, JSON on stdout,
and the last line of defence that keeps a traceback away from the user.

Exit codes: 0 ok, 1 an error the user can fix (message on stderr), 2 bad usage, 3 a check
found problems, 130 interrupted (Ctrl+C), 141 the output was closed before the end (a pipe
to ``head``).
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kyso.cli.launch import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from kyso.cli.launch import INTERRUPTED as INTERRUPTED
from kyso.core.errors import KysoError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FINDINGS = 0, 1, 2, 3
EXIT_OUTPUT_CLOSED = 141  # as a command SIGPIPE ended: the reader of stdout went away

log = logging.getLogger("kyso.cli")


def print_json(data: Any) -> None:
    """One JSON document on one line of stdout (UTF-8 text, not escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def print_json_list(items: Iterable[str]) -> None:
    """A JSON list of already-encoded items on one line of stdout: the text
    :func:`print_json` prints for the decoded list, written a thousand items a call (no
    copy of a large output in memory, few calls)."""
    out = sys.stdout
    out.write("[")
    rest = iter(items)
    # A thousand items a write: few calls, little copied; taken and joined in C (islice),
    # not item by item in Python (10,000 subjects of ``kyso check --json``).
    batch = list(itertools.islice(rest, 1000))
    while batch:
        out.write(", ".join(batch))
        batch = list(itertools.islice(rest, 1000))
        if batch:
            batch.insert(0, "")  # the ", " after the previous write, in this write's text
    out.write("]\n")
    out.flush()


def err(message: str) -> None:
    """A message for the user on stderr, prefixed ``kyso:``."""
    print(f"kyso: {message}", file=sys.stderr)


def warn(error: KysoError) -> None:
    """A :class:`KysoError` on stderr (its Vietnamese message)."""
    err(error.vi)


def unexpected_error(exc: BaseException, log_file: Path | None) -> int:
    """The last resort: an exception no handler expected. The traceback goes to the log
    file (never to the terminal); the user is told what to send to IT. Returns exit 1."""
    if log_file is not None and logging.getLogger().handlers:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    where_vi = f" Tệp nhật ký: {log_file}." if log_file is not None else ""
    where_en = f" Log file: {log_file}." if log_file is not None else ""
    err(
        f"Lỗi không mong đợi ({type(exc).__name__}). Hãy thử lại; nếu vẫn lỗi, gửi tệp nhật "
        f"ký cho bộ phận CNTT.{where_vi}"
    )
    err(
        f"Unexpected error ({type(exc).__name__}). Try again; if it persists, send the log "
        f"file to IT.{where_en}"
    )
    return EXIT_ERROR
