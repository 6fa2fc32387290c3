"""The support bundle: what IT needs when a leader calls, and nothing secret.

``kyso support-bundle OUT.zip`` and Help → "Tạo gói hỗ trợ" write one ZIP with:

* ``about.json`` — version, build, platform, modules and their probe results, settings
  sources, the trust anchors' fingerprints (:func:`kyso.core.app.about.about`);
* ``settings.json`` — the per-machine and per-user files as read, with every secret-looking
  value replaced by ``"***"`` (keys named like pin/password/secret/token/credential, and the
  user:password part of any URL);
* ``logs/`` — the recent log files, redacted line by line (:func:`redact_text`);
* ``errors.txt`` — the last warnings and errors from those logs (trust, signing, modules);
* ``audit.json`` — the audit log's verification result (never the log's entries: they name
  documents);
* ``README.txt`` — what is inside and what is not.

Never inside: a PIN, a password, an access or refresh token, a keyring entry, a document's
content or a document's name beyond what the log already recorded. The ZIP is written to a
temporary file beside ``out`` and renamed into place; an existing file is never replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyso.core.app.about import about
from kyso.core.app.environment import Environment
from kyso.core.errors import KysoError
from kyso.core.logs import LOG_NAME
from kyso.core.settings import machine_settings_file

MAX_LOG_BYTES = 4_000_000
"""The newest log bytes taken (the log rotates at 1 MB × 5; the newest 4 MB is plenty)."""
MAX_ERROR_LINES = 300

_SECRET_KEY = re.compile(
    r"(?i)(pin|password|passwd|secret|token|credential|api[_-]?key|private|otp|sad|auth)"
)
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s:@]+(?::[^/\s@]*)?)@")
_ASSIGNMENT = re.compile(
    r"(?i)\b(pin|user_pin|so_pin|password|passwd|secret|client_secret|access_token|"
    r"refresh_token|token|otp|sad|authorization)(\"?\s*[=:]\s*\"?)([^\s\",;&]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[a-z0-9._~+/=-]{6,}")
_JWT = re.compile(r"\beyJ[a-zA-Z0-9_-]{5,}\.[a-zA-Z0-9_-]{5,}\.[a-zA-Z0-9_-]*")
_QUERY_SECRET = re.compile(
    r"(?i)([?&](?:token|access_token|jwt|sig|signature|key|code|session(?:id)?)=)[^&\s\"']+"
)


class SupportBundleError(KysoError):
    pass


@dataclass
class SupportBundle:
    path: Path
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "files": self.files}


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with anything secret-looking replaced by ``***``: assignments such as
    ``pin=…``/``"password": "…"``, Bearer/Basic credentials, JWTs, URL user:password and
    secret-named query parameters, and every string of ``secrets`` (values the caller knows,
    e.g. from the keyring) wherever they occur."""
    text = _URL_USERINFO.sub(lambda m: f"{m.group(1)}***@", text)
    text = _ASSIGNMENT.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} ***", text)
    text = _JWT.sub("***", text)
    text = _QUERY_SECRET.sub(lambda m: f"{m.group(1)}***", text)
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
    return text


def redact_value(value: Any, key: str = "") -> Any:
    """A settings value with secrets replaced (recursively for tables and lists)."""
    if isinstance(value, dict):
        return {k: redact_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v, key) for v in value]
    if isinstance(value, str):
        if key and _SECRET_KEY.search(key) and value:
            return "***"
        return redact_text(value)
    return value


def _read_settings_file(path: Path) -> dict[str, Any]:
    """The file as data (TOML or JSON), or a note why it could not be read."""
    if not path.is_file():
        return {"present": False}
    raw = path.read_bytes()[:1_000_000]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {"present": True, "error": "not UTF-8"}
    try:
        if path.suffix == ".json":
            data: Any = json.loads(text)
        else:
            try:
                import tomllib
            except ModuleNotFoundError:  # pragma: no cover - Python 3.10
                import tomli as tomllib  # type: ignore[no-redef]
            data = tomllib.loads(text)
    except Exception as exc:  # a damaged file is itself useful support information
        return {"present": True, "error": f"{type(exc).__name__}: {redact_text(str(exc))}"}
    return {"present": True, "values": redact_value(data)}


def _log_files(log_dir: Path) -> list[Path]:
    """The log files, newest first (kyso.log, kyso.log.1, …)."""
    files = [log_dir / LOG_NAME]
    files += sorted(log_dir.glob(f"{LOG_NAME}.*"), key=lambda p: p.suffix)
    return [p for p in files if p.is_file()]


def _tail(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    with path.open("rb") as f:
        if size > limit:
            f.seek(size - limit)
            data = f.read()
            return data[data.find(b"\n") + 1 :]
        return f.read()


def _audit_result(env: Environment) -> dict[str, Any]:
    from kyso.core.signing.audit import default_audit_path, verify_audit_log

    path = default_audit_path(env.paths)
    if not path.exists():
        return {"path": str(path), "present": False}
    try:
        return {"path": str(path), "present": True, **verify_audit_log(path).to_json()}
    except KysoError as exc:
        return {"path": str(path), "present": True, "error": exc.en}


def build_support_bundle(
    env: Environment, out: Path, *, secrets: tuple[str, ...] = ()
) -> SupportBundle:
    """Write the bundle to ``out`` (a new file; never replaces one). ``secrets``: values the
    caller knows must not appear anywhere (they are redacted from every text written)."""
    out = Path(out)
    if out.exists():
        raise SupportBundleError(
            f"Tệp {out} đã có; chọn tên khác (Kyso không ghi đè tệp).",
            f"{out} already exists; choose another name (Kyso never overwrites a file).",
            code="output_exists",
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise SupportBundleError(
            f"Không có thư mục {folder}; tạo thư mục trước hoặc chọn nơi khác.",
            f"There is no folder {folder}; create it first or choose another place.",
            code="output_folder_missing",
        )

    def text(data: Any) -> str:
        return redact_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), secrets)

    entries: dict[str, str | bytes] = {}
    entries["about.json"] = text(about(env, fleet=True))
    entries["settings.json"] = text(
        {
            "machine_file": str(machine_settings_file()),
            "machine": _read_settings_file(machine_settings_file()),
            "user_file": str(env.paths.user_settings_file),
            "user": _read_settings_file(env.paths.user_settings_file),
            "locked": sorted(env.settings.locked),
            "problems": [p.en for p in env.settings.problems],
            "effective": redact_value(_effective(env)),
        }
    )
    errors: list[str] = []
    budget = MAX_LOG_BYTES
    for path in _log_files(env.paths.log_dir):
        if budget <= 0:
            break
        data = _tail(path, budget)
        budget -= len(data)
        clean = redact_text(data.decode("utf-8", "replace"), secrets)
        entries[f"logs/{path.name}"] = clean
        errors = [
            line for line in clean.splitlines() if " WARNING " in line or " ERROR " in line
        ] + errors
    entries["errors.txt"] = "\n".join(errors[-MAX_ERROR_LINES:]) + "\n"
    entries["audit.json"] = text(_audit_result(env))
    entries["problems.json"] = text([{"code": p.code, "vi": p.vi, "en": p.en} for p in env.problems])
    entries["README.txt"] = _README.format(when=dt.datetime.now(dt.timezone.utc).isoformat())

    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in entries.items():
                z.writestr(name, content)
        os.link(tmp, out)  # fails instead of replacing a file created meanwhile
    except FileExistsError as exc:
        raise SupportBundleError(
            f"Tệp {out} vừa được tạo bởi chương trình khác; chọn tên khác.",
            f"{out} was just created by another program; choose another name.",
            code="output_exists",
        ) from exc
    except OSError as exc:
        raise SupportBundleError(
            f"Không ghi được gói hỗ trợ {out}: {exc.strerror or exc}. Kiểm tra chỗ trống và "
            "quyền ghi của thư mục.",
            f"Could not write the support bundle {out}: {exc.strerror or exc}. Check the free "
            "space and the folder's permissions.",
            code="output_failed",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return SupportBundle(out, sorted(entries))


def _effective(env: Environment) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(env.settings.values)


_README = """Kyso — gói hỗ trợ / support bundle ({when})

about.json     phiên bản, mô-đun PKCS#11 và kết quả thăm dò, nguồn thiết lập, gốc tin cậy
               version, PKCS#11 modules and their probe results, settings sources, anchors
settings.json  tệp thiết lập của máy và của người dùng (đã che bí mật)
               machine and user settings files (secrets masked)
logs/          nhật ký gần đây (đã che bí mật) / recent logs (secrets masked)
errors.txt     các cảnh báo và lỗi gần đây / recent warnings and errors
audit.json     kết quả kiểm tra nhật ký ký khẩn cấp (không kèm nội dung nhật ký)
               the emergency-signing audit log's verification result (not its entries)

Không có trong gói / never inside: mã PIN, mật khẩu, mã truy cập, khóa, nội dung văn bản.
PINs, passwords, access tokens, keys, document content.
"""
