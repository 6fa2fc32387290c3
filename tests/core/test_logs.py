"""The log file rotates and never carries a PIN."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kyso.core.logs import BACKUPS, MAX_BYTES, RedactSecrets, setup_logging


def test_rotating_log_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = setup_logging(tmp_path / "log")
        assert setup_logging(tmp_path / "log") == path  # idempotent
        handlers = [h for h in root.handlers if h not in before]
        assert len(handlers) == 1
        handler = handlers[0]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes == MAX_BYTES and handler.backupCount == BACKUPS
        logging.getLogger("kyso.test").warning("login user_pin=123456 failed")
        handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "123456" not in text and "user_pin=***" in text
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()


def test_redact_filter_leaves_other_messages() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s inserted", ("A",), None)
    assert RedactSecrets().filter(record)
    assert record.getMessage() == "token A inserted"
