"""Batches that survive interruption: outputs already made, temporary files left behind.

A batch killed half-way (kill -9, a crash, a power cut) leaves complete outputs for the
files it finished (each is written to a temporary file and linked into place only when
whole) and, for the file in progress, Kyso's own temporary file
``.<name>.signed.pdf.<8 random>.part`` (:func:`kyso.core.signing.pades._temp_beside`).
Running the same command again finishes the batch:

* :func:`already_signed_result` recognises an output a previous run made: it exists, its
  first bytes are the input exactly (Kyso signs by incremental update), and its last
  signature is intact, valid, covers the revision it closes and was made with the same
  certificate. Such a file is reported ``already_signed`` ("đã ký trước đó") instead of an
  ``output_exists`` error. Anything else at that name stays an ``output_exists`` error: Kyso
  never overwrites.
* :func:`remove_stale_parts` deletes, in the batch's output folders, Kyso's own temporary
  files whose modification time is older than the current process's start and that no
  process has open (on Linux; an older Kyso may still be waiting for a phone's approval).
  Nothing else is touched: other names, folders, links, and temporaries of a process
  started after ours.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.core.signing.audit import integrity_only_context
from kyso.core.signing.pades import SIGNED_SUFFIX, SignResult

if TYPE_CHECKING:
    from kyso.core.signing.pades import SignOptions

log = logging.getLogger(__name__)

ALREADY_SIGNED = "already_signed"
ALREADY_SIGNED_VI = "đã ký trước đó"
ALREADY_SIGNED_EN = "signed before"

# tempfile.mkstemp(prefix=".<target name>.", suffix=".part"): 8 characters from its alphabet
_PART = re.compile(r"\.(?P<target>.+" + re.escape(SIGNED_SUFFIX) + r")\.[a-z0-9_]{8}\.part")

_IMPORTED = time.time()


def is_own_part(name: str) -> bool:
    """True for the name of one of Kyso's temporary signing outputs."""
    return _PART.fullmatch(name) is not None


def process_started() -> float:
    """When this process started (epoch seconds): from /proc on Linux, else when this
    module was imported (always after the start, so never too early to be safe)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 (starttime), counted after the ")"
        with open("/proc/stat", encoding="ascii") as fh:
            btime = next(int(ln.split()[1]) for ln in fh if ln.startswith("btime"))
        return btime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return _IMPORTED


def output_folders(files: Iterable[str | Path], out_dir: Path | None) -> set[Path]:
    if out_dir is not None:
        return {Path(out_dir)}
    return {Path(f).parent for f in files}


def remove_stale_parts(
    files: Iterable[str | Path], out_dir: Path | None, *, before: float | None = None
) -> list[Path]:
    """Delete Kyso's own ``.part`` files older than ``before`` (default: this process's
    start) in the output folders of ``files``; returns what was deleted."""
    cutoff = process_started() if before is None else before
    removed: list[Path] = []
    for folder in output_folders(files, out_dir):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # a missing folder has no leftovers; signing reports its own errors
        for item in entries:
            if not is_own_part(item.name):
                continue
            try:
                if not item.is_file(follow_symlinks=False):
                    continue
                if item.stat(follow_symlinks=False).st_mtime >= cutoff:
                    continue  # another Kyso process, started after ours, may be writing it
                if _open_elsewhere(Path(item.path)):
                    continue  # an older Kyso still writing it (e.g. waiting for a phone)
                os.unlink(item.path)
            except OSError as exc:
                log.info("leftover %s not removed: %s", item.path, exc)
                continue
            removed.append(Path(item.path))
    if removed:
        log.info("removed %d leftover temporary file(s): %s", len(removed), removed)
    return removed


def _open_elsewhere(path: Path) -> bool:
    """True when some process has ``path`` open (Linux: /proc/*/fd). Elsewhere False: on
    Windows an open file cannot be deleted anyway, and the unlink's error skips it."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return False
    try:
        wanted = os.path.realpath(path)
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return False
    for pid in pids:
        fds = proc / pid / "fd"
        try:
            names = os.listdir(fds)
        except OSError:
            continue  # gone, or not ours to look at
        for fd in names:
            try:
                if os.readlink(fds / fd) == wanted:
                    return True
            except OSError:
                continue
    return False


def _target(src: Path, out_dir: Path | None) -> Path:
    """The same name :func:`kyso.core.signing.pades.output_path_for` gives (without
    creating the folder or refusing an existing file)."""
    stem = src.name[:-4] if src.name.lower().endswith(".pdf") else src.name
    return (out_dir if out_dir is not None else src.parent) / f"{stem}{SIGNED_SUFFIX}"


def _starts_with(output: Path, src: Path) -> bool:
    size = src.stat().st_size
    if output.stat().st_size <= size:
        return False
    a, b = hashlib.sha256(), hashlib.sha256()
    with src.open("rb") as fa, output.open("rb") as fb:
        left = size
        while left:
            block = fa.read(min(1 << 20, left))
            if not block:
                return False
            a.update(block)
            b.update(fb.read(len(block)))
            left -= len(block)
    return a.digest() == b.digest()


def signed_by(output: Path, src: Path, certificate: x509.Certificate) -> bool:
    """Is ``output`` ``src`` signed (last signature) with ``certificate``, whole and valid?"""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        if not output.is_file() or not _starts_with(output, src):
            return False
        der = certificate.public_bytes(serialization.Encoding.DER)
        with output.open("rb") as fh:
            # the holder's last signature: B-LTA adds a document timestamp after it
            signatures = [
                sig
                for sig in PdfFileReader(fh, strict=False).embedded_signatures
                if sig.sig_object.get("/Type") != "/DocTimeStamp"
            ]
            if not signatures:
                return False
            last = signatures[-1]
            if last.signer_cert.dump() != der:
                return False
            status = validate_pdf_signature(last, integrity_only_context())
            return bool(
                status.intact
                and status.valid
                and status.coverage is not None
                and status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
            )
    except Exception as exc:  # unreadable, damaged, not a PDF: not ours to skip
        log.info("existing %s not recognised as signed: %r", output, exc)
        return False


def already_signed_result(
    src: Path, options: SignOptions, certificate: x509.Certificate
) -> SignResult | None:
    """An ``already_signed`` result when a previous run signed ``src`` with
    ``certificate``; None when it must be signed (or fail as usual)."""
    target = _target(src, options.out_dir)
    if not target.exists() or not src.is_file():
        return None
    if not signed_by(target, src, certificate):
        return None
    return SignResult(src, output=target, status=ALREADY_SIGNED)
