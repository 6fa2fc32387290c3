"""The VGCA Sign Service protocol as public web apps speak it, and Kyso's replies.

One WebSocket per call to ``/<Operation>``; the page sends one JSON string, Kyso sends one
JSON reply and closes. Request fields: ``FileUploadHandler`` (where to POST the signed file,
multipart field ``uploadfile``), ``SessionId``, ``JWTToken``, ``FileName`` (a URL to
download; empty: the user picks a local file), ``DocNumber``, ``IssuedDate``, ``MetaData``
(``[{Key, Value}]``); a batch sends ``Files: [{FileID, FileName, URL}]``.

Replies: the upload handler's own answer ``{Status, Message, FileName, FileServer}`` passed
through (Status 0 = success), or Kyso's ``{Status, Message}`` when nothing was uploaded:
:data:`STATUS_ERROR` (with the reason in words), :data:`STATUS_CANCELLED` (the user closed
the consent window), :data:`STATUS_REFUSED` (origin, host, URL, size or rate),
:data:`STATUS_UNSUPPORTED` (an operation Kyso does not do for PDFs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

STATUS_OK = 0
STATUS_ERROR = 1
STATUS_CANCELLED = 2
STATUS_REFUSED = 3
STATUS_UNSUPPORTED = 4

SIGN_OPERATIONS = {
    # Nghị định 30's profiles by the name web apps use.
    "SignApproved": "approval",
    "SignIssued": "issuance",
    "SignAppendix": "appendix",
    "SignCopy": "copy",
    "SignIncome": "invisible",  # a received document: signed as received, no appearance
    "SignPDF": "approval",
}
OTHER_OPERATIONS = ("VerifyPDF", "GetCertInfo", "Config")
UNSUPPORTED = (
    "Comment", "SignPDFWP", "SignOffice", "SignXML", "SignFile", "SignMsg", "VerifyOffice",
    "VerifyXML", "VerifyFile", "VerifyMsg", "Auth",
)
MAX_MESSAGE = 256 * 1024


@dataclass(frozen=True)
class FileRef:
    url: str
    file_id: str = ""
    name: str = ""


@dataclass
class BridgeRequest:
    operation: str
    upload_handler: str = ""
    session_id: str = ""
    doc_number: str = ""
    issued_date: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    files: list[FileRef] = field(default_factory=list)
    batch: bool = False
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def profile(self) -> str | None:
        return SIGN_OPERATIONS.get(self.operation)


class BadRequest(ValueError):
    pass


def parse(operation: str, message: str | bytes) -> BridgeRequest:
    """The page's message (one JSON string, sometimes JSON inside a JSON string)."""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    if len(message) > MAX_MESSAGE:
        raise BadRequest("message too large")
    try:
        data: Any = json.loads(message) if message.strip() else {}
        if isinstance(data, str):  # vgcaplugin.js sends JSON.stringify(JSON.stringify(…))
            data = json.loads(data)
    except ValueError as exc:
        raise BadRequest("not JSON") from exc
    if not isinstance(data, dict):
        raise BadRequest("not an object")
    files: list[FileRef] = []
    batch = isinstance(data.get("Files"), list)
    if batch:
        for item in data["Files"][:100]:
            if isinstance(item, dict):
                files.append(FileRef(str(item.get("URL") or item.get("FileName") or ""),
                                     str(item.get("FileID", "")),
                                     str(item.get("FileName", ""))))
    elif data.get("FileName"):
        files.append(FileRef(str(data["FileName"])))
    meta = {}
    for item in data.get("MetaData") or []:
        if isinstance(item, dict) and "Key" in item:
            meta[str(item["Key"])] = str(item.get("Value", ""))
    return BridgeRequest(
        operation=operation,
        upload_handler=str(data.get("FileUploadHandler") or ""),
        session_id=str(data.get("SessionId") or ""),
        doc_number=str(data.get("DocNumber") or ""),
        issued_date=str(data.get("IssuedDate") or ""),
        metadata=meta,
        files=files,
        batch=batch,
        raw=data,
    )


def reply(status: int, message: str, **extra: Any) -> str:
    return json.dumps({"Status": status, "Message": message, **extra}, ensure_ascii=False)
