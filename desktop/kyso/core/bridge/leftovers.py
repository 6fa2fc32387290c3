"""What a killed bridge left: the work folders of calls that never ended.

A call downloads the page's documents into ``kyso-bridge-<pid>-XXXXXXXX`` (its own folder
under the temporary directory) and deletes it when it ends. A Kyso killed mid-call (kill -9,
a power cut, a crash of Python itself) deletes nothing; those folders hold documents a web
page sent to be signed. :func:`sweep` removes them at the next start: only the current
user's, only folders (never what a link points to), only when the process named in the
folder is gone — a second Kyso of the same user still using its folder keeps it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

from kyso.core.procs import process_alive

log = logging.getLogger(__name__)

PREFIX = "kyso-bridge-"
# Exactly what mkdtemp(prefix=folder_prefix()) makes: 8 characters of its alphabet after the
# pid; a folder a person named alike ("kyso-bridge-12-hop-dong") is not Kyso's to delete.
_NAMED = re.compile(r"kyso-bridge-(\d{1,10})-[a-z0-9_]{8}")


def folder_prefix() -> str:
    """This process's prefix for a call's folder (``mkdtemp(prefix=…)``)."""
    return f"{PREFIX}{os.getpid()}-"


def sweep(work_dir: Path) -> list[Path]:
    """Removes the call folders under ``work_dir`` whose process is gone; the removed ones.

    Folders of the earlier naming (no process id, from before this version) are left
    alone: nothing says whether their process still runs.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(work_dir))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        match = _NAMED.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                continue
            if uid is not None and entry.stat(follow_symlinks=False).st_uid != uid:
                continue  # another user's: theirs to clean
        except OSError:
            continue
        if process_alive(int(match.group(1))):
            continue
        path = Path(entry.path)
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
            log.info("bridge: removed %s, left by a Kyso that ended mid-call", path)
    return removed
