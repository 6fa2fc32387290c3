"""The audit log: append-only JSON lines, hash-chained, each emergency entry signed by the
signer's own key.

Each line is one JSON object ``{"seq", "time", "event", "data", "prev", "hash"}`` and, for an
entry made with a key, ``"signer"`` (the certificate, base64 DER, inside the hashed body) and
``"sig"`` (``{"alg", "value"}``: the key's signature of the entry's canonical bytes, made by
``key.sign_digests`` over their SHA-256, i.e. over ``hash``). ``prev`` is the previous
entry's ``hash`` (64 zeros for the first); ``hash`` is the SHA-256 of the canonical JSON
without ``hash`` and ``sig``.

What that proves, and what not (see :func:`verify_audit_log` and the README):

* editing an entry breaks its hash; recomputing every hash breaks the signature of every
  signed entry from there on, which cannot be remade without the token;
* deleting, inserting or reordering lines breaks the ``prev``/``seq`` links;
* dropping the *last* entries (or the whole log) leaves something consistent. The head
  (count, last hash) is therefore also kept in three places: ``<log>.head`` beside the log
  (an administrator can rewrite it), on the token as a private PKCS#11 data object
  (:mod:`kyso.core.tokens.audit_head`; needs the PIN to rewrite), and inside every
  emergency signature, whose signed /Reason ends with ``[Kyso audit #seq sha256]`` of the
  entry made just before that document was signed (:func:`head_marker`).

Appends are serialised across processes by a lock file (``<log>.lock``, the filelock
package) and across threads by a lock; the line is written and fsynced before the head file
is replaced (through a temporary file of its own name per writer). A crash mid-line leaves a
torn last line without its newline: :func:`verify_audit_log` reports it as ``interrupted``,
never as tampering, and the next append moves the torn bytes into an ``interrupted_write``
entry (length and SHA-256 of what was torn) before writing its own.

What goes in: signatures made under item 4's emergency fallback (and any other event a
caller records). Never a PIN.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()



@dataclass(frozen=True)
class EntrySigner:
    """Signs entries with the signer's key: ``sign(sha256 of the canonical bytes)`` returns
    (algorithm such as ``rsa_pkcs1v15/sha256``, signature value)."""

    certificate_der: bytes
    sign: Callable[[bytes], tuple[str, bytes]]

MARKER_RE = re.compile(r"\[Kyso audit #(\d+) ([0-9a-f]{64})\]")


def head_marker(seq: int, chain_hash: str) -> str:
    """The text put at the end of an emergency signature's /Reason: the log position and
    chain hash of the entry made just before the document was signed."""
    return f"[Kyso audit #{seq} {chain_hash}]"


def parse_marker(reason: str | None) -> tuple[int, str] | None:
    match = MARKER_RE.search(reason or "")
    return (int(match.group(1)), match.group(2)) if match else None


class AuditError(KysoError):
    """The audit log cannot be written or read."""


def _canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k not in ("hash", "sig")}
    return hashlib.sha256(_canonical(body)).hexdigest()


def _lock_for(path: Path) -> threading.Lock:
    key = os.path.normcase(os.path.abspath(path))
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def _write_error(path: Path, exc: OSError) -> AuditError:
    return AuditError(
        f"Không ghi được nhật ký kiểm tra {path}: {exc.strerror or exc}.",
        f"Could not write the audit log {path}: {exc.strerror or exc}.",
        code="audit_write",
    )


def log_identity(path: str | Path) -> str:
    """Names a log by machine and path (the token keeps one head per log)."""
    import socket

    where = f"{socket.gethostname()}\0{os.path.abspath(path)}"
    return hashlib.sha256(where.encode()).hexdigest()[:16]


class AuditLog:
    """Appends entries to one log file (safe across threads and processes).

    ``signer``: signs every entry appended without a signer of its own (set by
    :class:`kyso.core.signing.batch.AuditRecorder` for its batch)."""

    def __init__(self, path: str | Path, *, signer: EntrySigner | None = None) -> None:
        self.path = Path(path)
        self.signer = signer
        self.identity = log_identity(self.path)
        self.head_path = self.path.with_name(self.path.name + ".head")
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    def _tail(self) -> tuple[int, str, int, bytes]:
        """(last seq, last hash, offset where a torn last line starts, its bytes)."""
        if not self.path.exists():
            return 0, GENESIS, 0, b""
        data = self.path.read_bytes()
        cut = len(data)
        torn = b""
        if data and not data.endswith(b"\n"):
            cut = data.rfind(b"\n") + 1
            torn = data[cut:]
        lines = [ln for ln in data[:cut].split(b"\n") if ln.strip()]
        if not lines:
            return 0, GENESIS, cut, torn
        try:
            entry = json.loads(lines[-1].decode("utf-8"))
            return int(entry["seq"]), str(entry["hash"]), cut, torn
        except (ValueError, KeyError, TypeError):
            raise AuditError(
                f"Nhật ký kiểm tra {self.path} bị hỏng ở dòng cuối; chạy “kyso audit verify”.",
                f"The audit log {self.path} is damaged at its last line; run “kyso audit verify”.",
                code="audit_damaged",
            ) from None

    def head(self) -> tuple[int, str]:
        """(count, last hash) of the log as it is now."""
        with _lock_for(self.path), self._file_lock():
            seq, last, _, _ = self._tail()
            return seq, last

    def _file_lock(self) -> Any:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.lock_path), timeout=60)

    def append(
        self,
        event: str,
        data: dict[str, Any],
        *,
        when: dt.datetime | None = None,
        signer: EntrySigner | None = None,
    ) -> dict[str, Any]:
        """Add one entry and return it (with its hash, and its signature with ``signer``)."""
        signer = signer or self.signer
        when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        from filelock import Timeout

        try:
            with _lock_for(self.path), self._file_lock():
                seq, prev, cut, torn = self._tail()
                if torn:  # an append that crashed mid-line: keep a record, then go on
                    seq, prev = self._recover(seq, prev, cut, torn, when, signer)
                entry = self._make(seq + 1, prev, event, data, when, signer)
                self._write(entry)
        except Timeout:
            raise AuditError(
                f"Nhật ký kiểm tra {self.path} đang bị một tiến trình Kyso khác giữ quá lâu; "
                "đóng các cửa sổ Kyso khác rồi thử lại.",
                f"Another Kyso process has held the audit log {self.path} too long; close "
                "other Kyso windows and try again.",
                code="audit_locked",
            ) from None
        except OSError as exc:
            raise _write_error(self.path, exc) from None
        return entry

    def _make(
        self,
        seq: int,
        prev: str,
        event: str,
        data: dict[str, Any],
        when: dt.datetime,
        signer: EntrySigner | None,
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "seq": seq,
            "time": when.isoformat(timespec="seconds"),
            "event": event,
            "data": data,
            "prev": prev,
        }
        if signer is not None:
            # the certificate goes inside the hashed body; the signature covers the hash
            entry["signer"] = base64.b64encode(signer.certificate_der).decode()
            entry["hash"] = entry_hash(entry)
            alg, value = signer.sign(bytes.fromhex(entry["hash"]))
            entry["sig"] = {"alg": alg, "value": base64.b64encode(value).decode()}
        else:
            entry["hash"] = entry_hash(entry)
        return entry

    def _recover(
        self,
        seq: int,
        prev: str,
        cut: int,
        torn: bytes,
        when: dt.datetime,
        signer: EntrySigner | None,
    ) -> tuple[int, str]:
        with self.path.open("r+b") as fh:
            fh.truncate(cut)
            fh.flush()
            os.fsync(fh.fileno())
        record = self._make(
            seq + 1,
            prev,
            "interrupted_write",
            {"torn_bytes": len(torn), "torn_sha256": hashlib.sha256(torn).hexdigest()},
            when,
            signer,
        )
        self._write(record)
        return int(record["seq"]), str(record["hash"])

    def _write(self, entry: dict[str, Any]) -> None:
        line = _canonical(entry) + b"\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        # a temporary name of this writer's own (never a shared ".head.tmp"), then rename
        fd, tmp = tempfile.mkstemp(prefix=f".{self.head_path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"count": entry["seq"], "hash": entry["hash"]}, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.head_path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def contains(self, seq: int, chain_hash: str) -> bool | None:
        """True when entry ``seq`` has ``chain_hash``; False when it differs or is missing;
        None when the log cannot be read."""
        try:
            hashes = _read_hashes(self.path)
        except OSError:
            return None
        return hashes.get(seq) == chain_hash


def _read_hashes(path: Path) -> dict[int, str]:
    out: dict[int, str] = {}
    if not path.exists():
        return out
    for raw in path.read_bytes().split(b"\n"):
        try:
            entry = json.loads(raw)
            out[int(entry["seq"])] = str(entry["hash"])
        except (ValueError, KeyError, TypeError):
            continue
    return out


@dataclass
class AuditProblem:
    line: int
    code: str
    vi: str
    en: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, "message": self.vi, "message_en": self.en}


@dataclass
class HeadEvidence:
    """A chain head seen outside the log: in a signed PDF or on the token."""

    source: str
    """``pdf:<path>`` or ``token:<serial>``."""
    seq: int
    hash: str
    found: bool | None = None
    """True: the log holds it; False: it does not (truncated or replaced)."""

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "seq": self.seq, "hash": self.hash, "found": self.found}


@dataclass
class AuditVerification:
    path: Path
    entries: int = 0
    problems: list[AuditProblem] = field(default_factory=list)
    interrupted: bool = False
    """The last line is torn (a crash mid-append): not tampering; the next append records it."""
    signed_entries: int = 0
    unsigned_remote: int = 0
    """Entries of a remote key, not signed in the log: their proof is the signed PDF."""
    signers: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each certificate that signed entries → its subject."""
    last_hash: str = GENESIS
    evidence: list[HeadEvidence] = field(default_factory=list)
    head_file_behind: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def cannot_rule_out(self) -> list[tuple[str, str]]:
        """(vi, en) of what this check could not rule out with the evidence it had."""
        out: list[tuple[str, str]] = []
        has_token = any(e.source.startswith("token:") for e in self.evidence)
        has_pdf = any(e.source.startswith("pdf:") for e in self.evidence)
        if not has_token and not has_pdf:
            out.append((
                "Không loại trừ được việc xóa các mục cuối hoặc xóa cả nhật ký rồi ghi lại từ "
                "đầu (tệp .head nằm cạnh nhật ký, người quản trị máy sửa được). Cắm token rồi "
                "chạy với --token, hoặc đưa các PDF ký khẩn cấp bằng --pdf.",
                "Deletion of the last entries, or of the whole log followed by a fresh one, "
                "cannot be ruled out (the .head file sits beside the log where a local "
                "administrator can rewrite it). Insert the token and use --token, or give the "
                "emergency-signed PDFs with --pdf.",
            ))
        elif not has_token:
            out.append((
                "Chỉ loại trừ được việc xóa mục đến vị trí ghi trong các PDF đã đưa; các mục sau "
                "đó cần token (--token) để kiểm tra.",
                "Deletion is ruled out only up to the positions recorded in the PDFs given; "
                "entries after them need the token (--token).",
            ))
        if has_token:
            out.append((
                "Token chỉ chứng minh cho các mục do chính khóa của nó ghi trên máy này; mục "
                "của người ký khác cần token hoặc PDF của họ.",
                "The token speaks only for entries its own key wrote on this machine; other "
                "signers' entries need their token or their PDFs.",
            ))
        if self.unsigned_remote:
            out.append((
                f"{self.unsigned_remote} mục của khóa ký từ xa không có chữ ký trong nhật ký; "
                "chỉ các PDF đã ký (--pdf) chứng minh được chúng. Không loại trừ được việc các "
                "mục cuối (kể cả mục đã ký bằng token) bị viết lại thành mục ký từ xa với nội "
                "dung khác: kiểm tra bằng --pdf hoặc --token.",
                f"{self.unsigned_remote} entries of a remote key carry no signature in the "
                "log; only the signed PDFs (--pdf) prove them. A rewrite of the last entries "
                "(token-signed ones too) as remote entries with other content cannot be ruled "
                "out: check with --pdf or --token.",
            ))
        if self.signers:
            names = "; ".join(f"{s} ({h[:16]})" for h, s in self.signers.items())
            out.append((
                f"Chữ ký của các mục được kiểm tra bằng chứng thư ghi trong nhật ký: {names}. "
                "Hãy chắc đó đúng là chứng thư của người ký khẩn cấp.",
                f"Entry signatures were checked against the certificates recorded in the log: "
                f"{names}. Make sure they are the emergency signers' own.",
            ))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "ok": self.ok,
            "entries": self.entries,
            "interrupted": self.interrupted,
            "signed_entries": self.signed_entries,
            "unsigned_remote_entries": self.unsigned_remote,
            "signers": self.signers,
            "evidence": [e.to_json() for e in self.evidence],
            "cannot_rule_out": [vi for vi, _ in self.cannot_rule_out()],
            "problems": [p.to_json() for p in self.problems],
        }


def verify_audit_log(path: str | Path) -> AuditVerification:
    """Check every line's hash, link and signature; report problems with their line numbers
    (1-based). Heads from the token or PDFs are checked by :func:`check_evidence`.

    A missing log is reported as the problem ``missing``; a path that cannot be read (a
    folder, no permission, an I/O error) raises :class:`AuditError`.
    """
    path = Path(path)
    try:
        return _verify(path)
    except OSError as exc:
        raise _unreadable(path, exc) from None


def check_evidence(result: AuditVerification, evidence: list[HeadEvidence]) -> None:
    """Compare heads found in signed PDFs or on the token with the log (adds problems)."""
    hashes = _read_hashes(result.path) if result.path.exists() else {}
    for ev in evidence:
        ev.found = hashes.get(ev.seq) == ev.hash
        result.evidence.append(ev)
        if ev.found:
            continue
        if ev.seq > result.entries:
            vi = (
                f"{ev.source} ghi nhật ký đã có ít nhất {ev.seq} mục nhưng nhật ký chỉ còn "
                f"{result.entries}: các mục cuối (hoặc cả nhật ký) đã bị xóa."
            )
            en = (
                f"{ev.source} records at least {ev.seq} entries but the log has "
                f"{result.entries}: the last entries (or the whole log) were deleted."
            )
            code = "truncated"
        else:
            vi = (
                f"Mục số {ev.seq} trong nhật ký khác với mục mà {ev.source} ghi nhận: nhật "
                "ký đã bị thay thế hoặc viết lại."
            )
            en = (
                f"Entry {ev.seq} of the log differs from the one {ev.source} records: the log "
                "was replaced or rewritten."
            )
            code = "replaced"
        result.problems.append(AuditProblem(min(ev.seq, result.entries + 1), code, vi, en))


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


def _check_signature(entry: dict[str, Any]) -> tuple[bool, str, str]:
    """(valid, certificate sha256, subject) of a signed entry."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    from kyso.core.keys.base import Scheme, SignatureAlgorithm
    from kyso.core.keys.proof import signature_matches

    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(entry["signer"]))
        scheme, _, digest = str(entry["sig"]["alg"]).partition("/")
        algorithm = SignatureAlgorithm(Scheme(scheme), digest or "sha256")
        value = base64.b64decode(entry["sig"]["value"])
        fingerprint = cert.fingerprint(hashes.SHA256()).hex()
        subject = cert.subject.rfc4514_string()
    except (ValueError, KeyError, TypeError):
        return False, "", ""
    # the signature is over the hash recomputed from the content, never the stored one
    digest_value = bytes.fromhex(entry_hash(entry))
    if algorithm.digest != "sha256":
        return False, fingerprint, subject
    return signature_matches(cert, digest_value, value, algorithm), fingerprint, subject


def _needs_signature(entry: dict[str, Any]) -> bool:
    """Emergency entries are signed unless the key is remote (its proof is the PDF)."""
    if entry.get("event") not in ("emergency_sign_started", "emergency_sign"):
        return False  # a failure record may be unsigned when the token was pulled
    data = entry.get("data") if isinstance(entry.get("data"), dict) else {}
    if entry.get("event") == "emergency_sign_started" and data.get("unsigned_because") == (
        "key_mismatch"
    ):
        return False  # the key could not sign it, and so signed nothing (a failure follows)
    return not str(data.get("key_home", "")).startswith("remote:")


def _verify(path: Path) -> AuditVerification:
    result = AuditVerification(path)
    if not path.exists():
        result.problems.append(
            AuditProblem(0, "missing", f"Không có tệp nhật ký {path}.", f"No log file {path}.")
        )
        return result
    prev, seq = GENESIS, 0
    data = path.read_bytes()
    raw_lines = data.split(b"\n")
    torn = raw_lines.pop()  # b"" when the file ends with a newline
    if torn:
        result.interrupted = True
    for number, raw in enumerate(raw_lines, start=1):
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
        if "sig" in entry or "signer" in entry:
            valid, fingerprint, subject = _check_signature(entry)
            if not valid:
                result.problems.append(
                    AuditProblem(
                        number,
                        "bad_signature",
                        f"Chữ ký của dòng {number} không khớp nội dung: mục đã bị sửa và tính "
                        "lại mã băm mà không có khóa của người ký.",
                        f"The signature of line {number} does not match its content: the entry "
                        "was edited and rehashed without the signer's key.",
                    )
                )
                return result
            data_fp = (entry.get("data") or {}).get("certificate_sha256")
            if data_fp and data_fp != fingerprint:
                result.problems.append(
                    AuditProblem(
                        number,
                        "wrong_signer",
                        f"Dòng {number} được ký bằng chứng thư khác với chứng thư ghi trong mục.",
                        f"Line {number} is signed with another certificate than the one it names.",
                    )
                )
                return result
            result.signed_entries += 1
            result.signers[fingerprint] = subject
        elif _needs_signature(entry):
            result.problems.append(
                AuditProblem(
                    number,
                    "unsigned",
                    f"Dòng {number} là mục ký khẩn cấp nhưng không có chữ ký của người ký: "
                    "mục đã bị thay bằng một mục giả (hoặc do một bản Kyso cũ ghi).",
                    f"Line {number} is an emergency entry without its signer's signature: it "
                    "was replaced by a forged one (or written by an old Kyso version).",
                )
            )
            return result
        elif str(entry.get("event", "")).startswith("emergency_sign"):
            result.unsigned_remote += 1
        if entry.get("event") == "audit_gap":
            seen = (entry.get("data") or {}).get("token_head") or {}
            result.problems.append(
                AuditProblem(
                    number,
                    "gap",
                    f"Dòng {number}: khi ký tiếp, token cho biết nhật ký đã có mục số "
                    f"{seen.get('seq')} mà nhật ký này không có: nhật ký trước đó đã bị xóa "
                    "hoặc thay bằng một nhật ký khác.",
                    f"Line {number}: when signing went on, the token said the log had entry "
                    f"{seen.get('seq')}, which this log lacks: the earlier log was deleted or "
                    "replaced.",
                )
            )
        prev, seq = stored, entry_seq
        result.entries += 1
    result.last_hash = prev
    _check_head_file(path, result, seq, prev)
    return result


def _check_head_file(path: Path, result: AuditVerification, seq: int, prev: str) -> None:
    head_path = path.with_name(path.name + ".head")
    try:
        head = json.loads(head_path.read_text(encoding="utf-8"))
        count, last = int(head["count"]), str(head["hash"])
    except FileNotFoundError:
        if seq:
            result.problems.append(
                AuditProblem(
                    seq,
                    "head_missing",
                    f"Thiếu tệp {head_path.name}: không kiểm tra được các mục cuối có bị xóa không.",
                    f"{head_path.name} is missing: deletion of the last entries cannot be ruled out.",
                )
            )
        return
    except (ValueError, KeyError, TypeError, OSError):
        count, last = -2, ""
    if count == seq and last == prev:
        return
    if 0 <= count < seq and _read_hashes(path).get(count) == last:
        # the process died between the line and the head: the head lags, nothing is lost
        result.head_file_behind = True
        result.interrupted = True
        return
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


def integrity_only_context() -> Any:
    """A validation context that trusts nothing and fetches nothing: enough to learn whether
    a signature is intact and cryptographically valid (not whether its signer is trusted)."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=[], allow_fetching=False, revocation_mode="soft-fail")


def pdf_heads(pdf: Path) -> list[HeadEvidence]:
    """Chain heads recorded in the emergency signatures of ``pdf`` whose signature is
    intact and valid (so the /Reason carrying the head is the signer's own). A signature
    that does not verify is skipped: it proves nothing."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    out: list[HeadEvidence] = []
    try:
        with pdf.open("rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            for sig in reader.embedded_signatures:
                marker = parse_marker(str(sig.sig_object.get("/Reason", "")))
                if marker is None:
                    continue
                status = validate_pdf_signature(sig, integrity_only_context())
                if status.intact and status.valid:
                    out.append(HeadEvidence(f"pdf:{pdf}", marker[0], marker[1]))
    except KysoError:
        raise
    except Exception as exc:  # unreadable or damaged PDF: the class name goes to the log only
        log.info("audit evidence: %s unreadable: %r", pdf, exc)
        raise AuditError(
            f"Không đọc được chữ ký trong {pdf}: tệp không phải PDF hoặc đã hỏng. Kiểm tra lại "
            "đường dẫn sau --pdf (tệp nhật ký đặt trước --pdf, hoặc là tệp .jsonl).",
            f"Could not read the signatures in {pdf}: not a PDF, or damaged. Check the path "
            "after --pdf (put the log file before --pdf, or give it as a .jsonl file).",
            code="audit_pdf_unreadable",
        ) from None
    return out


def default_audit_path(paths: Any) -> Path:
    """``audit.jsonl`` in the user's data folder (:class:`kyso.core.settings.Paths`)."""
    return Path(paths.data_dir) / "audit.jsonl"
