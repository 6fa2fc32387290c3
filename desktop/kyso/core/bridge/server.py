"""The bridge's listener: TLS WebSocket on 127.0.0.1:8987, one call per connection.

Each connection is checked before the WebSocket opens (Host; a wrong one is an HTTP 403),
then its Origin against :class:`~kyso.core.bridge.policy.BridgePolicy` (IT's list, the
user's earlier answer, or the first-use question — asked on the event loop's side, once per
origin however many calls wait for it, and for at most :data:`MAX_PENDING_QUESTIONS` origins
at once), the rate limit, and the URLs it names.
Signing calls wait their turn (one consent window at a time), download the document, hand
it to the desktop app (:class:`BridgeApp.sign` shows the consent window, asks the PIN and
signs through the same policy, appearance, audit and batch code as the Sign page), upload
the result and answer with the upload handler's reply. Blocking work runs off the event
loop, so a slow upload never stalls another page's call.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kyso import __version__
from kyso.core.bridge.policy import PORT, BridgePolicy, BridgeRefused, check_host
from kyso.core.bridge.protocol import (
    OTHER_OPERATIONS,
    SIGN_OPERATIONS,
    STATUS_CANCELLED,
    STATUS_ERROR,
    STATUS_OK,
    STATUS_REFUSED,
    STATUS_UNSUPPORTED,
    BadRequest,
    BridgeRequest,
    parse,
    reply,
)
from kyso.core.bridge.transfer import download, upload
from kyso.core.errors import KysoError

log = logging.getLogger(__name__)

RECEIVE_TIMEOUT = 30.0
MAX_PENDING_QUESTIONS = 2
"""Distinct origins whose first-use question may wait at once. Each waiting question holds
one worker thread (the window's answer is awaited there) and one window on the user's
screen; calls from a further unknown origin are refused until one is answered, so a page
(or a local program) opening many origins cannot starve the allowed pages of workers."""
_NOT_ASKED = object()


@dataclass
class SignJob:
    """What a page asks to sign, as the consent window shows it."""

    origin: str
    operation: str
    profile: str
    documents: list[Path]
    names: list[str]
    doc_number: str = ""
    issued_date: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class SignOutcome:
    signed: list[Path] | None
    """The signed files in the order of the job's documents; None: the user cancelled."""
    error: KysoError | None = None


class BridgeApp(Protocol):
    """What the desktop app provides (the GUI; the tests drive a real one or a double)."""

    def ask_origin(self, origin: str) -> bool | None:
        """"Cho phép <origin> dùng Kyso để ký?" True/False, None if unanswered."""

    def sign(self, job: SignJob) -> SignOutcome:
        """The consent window (document, placement, certificate), then the PIN and signing."""

    def verify(self, document: Path) -> dict[str, Any]: ...

    def certificate_info(self, origin: str) -> dict[str, Any] | None: ...


class BridgeServer:
    def __init__(
        self,
        app: BridgeApp,
        policy: BridgePolicy,
        *,
        ssl_context: Any = None,
        host: str = "127.0.0.1",
        port: int = PORT,
        work_dir: Path | None = None,
    ) -> None:
        self.app = app
        self.policy = policy
        self.ssl_context = ssl_context
        self.host, self.port = host, port
        self.work_dir = Path(work_dir or tempfile.gettempdir())
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._signing: asyncio.Lock | None = None
        self._questions: dict[str, asyncio.Future[bool | None]] = {}
        """First-use questions waiting for the user, per origin (event loop thread only)."""
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.on_event: Callable[[str], None] | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kyso-bridge", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise KysoError(
                f"Không mở được cổng ký số cho trang web ({self.host}:{self.port}): "
                f"{self._error}. Có thể một chương trình khác (VGCA Sign Service) đang dùng cổng.",
                f"Could not open the web signing port ({self.host}:{self.port}): {self._error}. "
                "Another program (VGCA Sign Service) may be using it.",
                code="bridge_port_busy",
            )

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)

        async def main() -> None:
            self._signing = asyncio.Lock()
            try:
                from websockets.asyncio.server import serve

                self._server = await serve(
                    self._handle, self.host, self.port, ssl=self.ssl_context,
                    process_request=self._process_request, max_size=256 * 1024,
                    compression=None, server_header=f"Kyso/{__version__}",
                    # the TLS and WebSocket opening handshake: websockets' 10 s default was
                    # seen to drop a page's connection on a loaded two-core desktop
                    open_timeout=30,
                )
            except Exception as exc:  # not only a busy port: start() must not claim success
                self._error = exc
                self._ready.set()
                return
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()
            await self._server.wait_closed()

        try:
            loop.run_until_complete(main())
        finally:
            loop.close()

    def stop(self) -> None:
        if self._loop is not None and self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        if self._thread is not None:
            self._thread.join(10)

    # -- per connection --------------------------------------------------------------------
    def _process_request(self, connection: Any, request: Any) -> Any:
        try:
            check_host(request.headers.get("Host"), self.port)
        except BridgeRefused as exc:
            return connection.respond(403, exc.en + "\n")
        return None

    async def _handle(self, connection: Any) -> None:
        path = connection.request.path.split("?")[0].strip("/")
        origin_header = connection.request.headers.get("Origin")
        try:
            message = await asyncio.wait_for(connection.recv(), RECEIVE_TIMEOUT)
        except (asyncio.TimeoutError, Exception):
            await connection.close()
            return
        asked, refused = await self._first_use_question(path, origin_header)
        if refused is not None:
            answer = refused
        elif path in SIGN_OPERATIONS:
            answer = await self._answer_signing(path, origin_header, message, asked)
        else:
            answer = await asyncio.get_running_loop().run_in_executor(
                None, self._answer_sync_guard, path, origin_header, message, asked
            )
        try:
            await connection.send(answer)
        finally:
            await connection.close()

    async def _first_use_question(self, operation: str,
                                  raw_origin: str | None) -> tuple[Any, str | None]:
        """Asks an unknown origin's first-use question before the call takes a worker:
        (the user's answer, or ``_NOT_ASKED``; a refusal reply or None). Calls from the same
        origin share one question and one answer; at most :data:`MAX_PENDING_QUESTIONS`
        origins wait at once, further ones are refused at once."""
        if operation != "Config" and operation not in SIGN_OPERATIONS \
                and operation not in OTHER_OPERATIONS:
            return _NOT_ASKED, None  # "not supported" needs no permission
        try:
            origin, allowed = self.policy.origin_status(raw_origin)
        except BridgeRefused:
            return _NOT_ASKED, None  # refused in _answer, in the same words
        if origin is None or allowed is not None:
            return _NOT_ASKED, None
        question = self._questions.get(origin)
        if question is None:
            if len(self._questions) >= MAX_PENDING_QUESTIONS:
                return _NOT_ASKED, reply(
                    STATUS_REFUSED,
                    "Một câu hỏi cho phép trang web khác đang chờ người dùng trả lời; thử lại "
                    "sau.",
                    Code="bridge_question_waiting",
                )
            question = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(
                None, self._ask_origin, origin))
            self._questions[origin] = question
            question.add_done_callback(lambda _f: self._questions.pop(origin, None))
        try:
            return await asyncio.shield(question), None
        except Exception:
            log.exception("first-use question for %s failed", origin)
            return None, None  # unanswered: refused in _answer

    def _ask_origin(self, origin: str) -> bool | None:
        allowed = self.app.ask_origin(origin)
        if allowed is not None and self.policy.decisions is not None:
            self.policy.decisions.set(origin, allowed)
        return allowed

    async def _answer_signing(self, path: str, origin: str | None, message: Any,
                              asked: Any = _NOT_ASKED) -> str:
        assert self._signing is not None
        async with self._signing:  # one consent window at a time; others queue here
            return await asyncio.get_running_loop().run_in_executor(
                None, self._answer_sync_guard, path, origin, message, asked
            )

    def _answer_sync_guard(self, operation: str, origin: str | None, message: Any,
                           asked: Any = _NOT_ASKED) -> str:
        try:
            return self._answer(operation, origin, message, asked)
        except BridgeRefused as exc:
            return reply(STATUS_REFUSED, exc.vi, Code=exc.code)
        except KysoError as exc:
            return reply(STATUS_ERROR, exc.vi, Code=exc.code)
        except BadRequest as exc:
            return reply(STATUS_ERROR, f"Yêu cầu không đúng định dạng ({exc}).", Code="bad_request")
        except Exception:  # a bug must not kill the listener; the page gets an answer
            log.exception("bridge call %s failed", operation)
            return reply(STATUS_ERROR, "Lỗi không mong đợi trong Kyso; xem nhật ký.",
                         Code="unexpected")

    def _allowed_origin(self, raw_origin: str | None, asked: Any = _NOT_ASKED) -> str:
        origin, allowed = self.policy.origin_status(raw_origin)
        assert origin is not None
        if allowed is None:
            # the question was asked before this call took a worker; its answer (None:
            # unanswered) is the answer, never a second window
            allowed = None if asked is _NOT_ASKED else asked
        if not allowed:
            raise BridgeRefused(
                f"Trang {origin} chưa được phép dùng Kyso để ký.",
                f"The page {origin} is not allowed to use Kyso for signing.",
                code="bridge_origin_refused",
            )
        self.policy.check_rate(origin)
        return origin

    def _answer(self, operation: str, raw_origin: str | None, message: Any,
                asked: Any = _NOT_ASKED) -> str:
        if operation == "Config":
            self._allowed_origin(raw_origin, asked)
            return reply(STATUS_OK, "", Product="Kyso", Version=__version__,
                         Operations=[*SIGN_OPERATIONS, *OTHER_OPERATIONS])
        if operation not in SIGN_OPERATIONS and operation not in OTHER_OPERATIONS:
            return reply(STATUS_UNSUPPORTED,
                         f"Kyso chưa hỗ trợ thao tác “{operation[:40]}” (chỉ văn bản PDF).",
                         Code="unsupported")
        origin = self._allowed_origin(raw_origin, asked)
        request = parse(operation, message)
        if operation == "GetCertInfo":
            info = self.app.certificate_info(origin)
            if info is None:
                return reply(STATUS_CANCELLED, "Người dùng đã hủy.")
            return reply(STATUS_OK, "", **info)
        work = Path(tempfile.mkdtemp(prefix="kyso-bridge-", dir=self.work_dir))
        try:
            documents = self._fetch(request, origin, work)
            if operation == "VerifyPDF":
                return reply(STATUS_OK, "", Results=[self.app.verify(d) for d in documents])
            return self._sign(request, origin, documents)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _fetch(self, request: BridgeRequest, origin: str, work: Path) -> list[Path]:
        if not request.files:
            raise BridgeRefused(
                "Trang không chỉ văn bản nào để ký (FileName trống).",
                "The page named no document (empty FileName).",
                code="bridge_no_document",
            )
        out = []
        for i, ref in enumerate(request.files):
            url = self.policy.check_url(ref.url, origin, purpose="download")
            out.append(download(url, work / f"{i:03d}.pdf", limit=self.policy.max_document,
                                connect_check=self.policy.check_connection))
        return out

    def _sign(self, request: BridgeRequest, origin: str, documents: list[Path]) -> str:
        handler = self.policy.check_url(request.upload_handler, origin, purpose="upload")
        assert request.profile is not None
        names = [(r.name or Path(r.url.split("?")[0]).name or f"van-ban-{i + 1}.pdf")
                 for i, r in enumerate(request.files)]
        job = SignJob(origin, request.operation, request.profile, documents, names,
                      request.doc_number, request.issued_date, request.metadata)
        outcome = self.app.sign(job)
        if outcome.error is not None:
            return reply(STATUS_ERROR, outcome.error.vi, Code=outcome.error.code)
        if outcome.signed is None:
            return reply(STATUS_CANCELLED, "Người dùng đã hủy ký.", Code="cancelled")
        answers = [upload(handler, path, connect_check=self.policy.check_connection)
                   for path in outcome.signed]
        if not request.batch:
            return reply_from_handler(answers[0])
        files = [{"FileID": r.file_id, **a} for r, a in zip(request.files, answers, strict=True)]
        worst = max((int(a.get("Status", 0) or 0) for a in answers), default=0)
        return reply(worst, "", Files=files)


def reply_from_handler(answer: dict[str, Any]) -> str:
    import json

    return json.dumps(answer, ensure_ascii=False)
