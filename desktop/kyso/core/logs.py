"""Kyso's log file: rotating, under the user's log folder.

Kyso never logs a PIN or document content: PINs live only in the login call
(:mod:`kyso.core.tokens.sessions`) and signing code logs file names, never bytes. The filter below
is a second line of defence against a library that echoes its arguments.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_NAME = "kyso.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

_PIN_LIKE = re.compile(r"(?i)\b(pin|user_pin|so_pin|password)\s*[=:]\s*\S+")


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _PIN_LIKE.sub(lambda m: f"{m.group(1)}=***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/kyso.log`` (1 MB × 5 files). Returns the file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path.resolve()
        ):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path
