"""The bridge's listener: TLS WebSocket on 127.0.0.1:8987, one call per connection.

Each connection is checked before the WebSocket opens (Host; a wrong one is an HTTP 403),
then its Origin against :class:`~kyso.core.bridge.policy.BridgePolicy` (IT's list, the
user's earlier answer, or the first-use question — asked on the event loop's side, once per
origin however many calls wait for it, and for at most :data:`MAX_PENDING_QUESTIONS` origins
at once), the rate limit, and the URLs it names.
A signing call goes in three steps, and only the middle one is serial:

1. **Fetch** (concurrently with other calls): the origin, the rate limit, the URLs, then the
   documents into the call's own temporary folder, within the batch's total and the disk's
   room (:func:`~kyso.core.bridge.transfer.download_documents`).
2. **Consent and sign** (one call at a time, in the order the calls' documents are ready): :class:`BridgeApp.sign`
   shows the consent window, asks the PIN and signs through the same policy, appearance,
   audit and batch code as the Sign page.
3. **Upload** (concurrently again, after the window is released): the signed files go to
   the page's handler, and the page gets the handler's answer on its own WebSocket.

So a slow download or a trickling upload handler holds only its own page, never another
page's consent window. Each call has a cancel flag, set when its page closes the WebSocket,
when the user cancels it in the tray (:meth:`BridgeServer.cancel`) or when the bridge stops:
a download or upload in progress is cut, a call still waiting for its turn leaves the queue,
an open consent window closes (:attr:`SignJob.cancelled`). Whatever the way out, the call's
temporary folder (the originals and the signed copies) is deleted before the handler ends.
:attr:`BridgeServer.on_progress` reports each call's step (:class:`Transfer`) for the tray.
Blocking work runs off the event loop, in pools that cannot starve one another: downloads,
uploads and VerifyPDF in their own (at least as many threads as the rate limit lets one
page start in a minute), first-use questions in theirs (:data:`MAX_PENDING_QUESTIONS`), the
consent window in its single thread, Config and GetCertInfo in the loop's default pool.
VerifyPDF's downloads carry a cancel flag too (cut when the page closes or the bridge stops).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kyso import __version__
from kyso.core.bridge.leftovers import folder_prefix, sweep
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
from kyso.core.bridge.transfer import disk_full, download_documents, upload
from kyso.core.errors import KysoError
from kyso.core.net.fetch import Cancelled

log = logging.getLogger(__name__)

RECEIVE_TIMEOUT = 30.0
MAX_PENDING_QUESTIONS = 2
"""Distinct origins whose first-use question may wait at once. Each waiting question holds
one worker thread (the window's answer is awaited there) and one window on the user's
screen; calls from a further unknown origin are refused until one is answered, so a page
(or a local program) opening many origins cannot starve the allowed pages of workers."""
QUESTION_COOLDOWN = 60.0
"""Seconds an origin whose first-use question the user closed without answering is refused
without a new window: a page reconnecting at once cannot pop the question up without end."""
TRANSFER_WORKERS_MIN = 32
"""The least number of threads for downloads, uploads and VerifyPDF (their own pool, sized at
least to the rate limit: calls trickling to the deadline never hold another page's Config,
first-use question or consent window, which run elsewhere)."""
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
    cancelled: threading.Event = field(default_factory=threading.Event, repr=False)
    """Set when the page went away or the call was cancelled: a consent window still open
    closes (the answer is "cancelled")."""


@dataclass(frozen=True)
class Transfer:
    """Where one signing call is, for the tray ("Đang tải lên 3/10…")."""

    call: int
    """The call's number (:meth:`BridgeServer.cancel` takes it)."""
    origin: str
    stage: str
    """``download``, ``waiting`` (for the consent window), ``signing``, ``upload`` or
    ``done`` (the call has ended, however)."""
    done: int = 0
    """Files finished in this stage."""
    total: int = 0


@dataclass
class _Prepared:
    """A signing call after step 1: what the consent window shows, and where to upload."""

    job: SignJob
    request: BridgeRequest
    handler: str


class _Call:
    """One signing call in flight: its cancel flag (set from any thread), the same flag
    awaitable on the event loop, and its temporary folder."""

    def __init__(self, number: int, loop: asyncio.AbstractEventLoop, work: Path) -> None:
        self.number = number
        self.origin = ""
        self.work = work
        self.cancel = threading.Event()
        self.stopped = asyncio.Event()
        self._loop = loop

    def stop(self) -> None:
        self.cancel.set()
        with contextlib.suppress(RuntimeError):  # the loop has already closed
            self._loop.call_soon_threadsafe(self.stopped.set)


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
        """The consent window (document, placement, certificate), then the PIN and signing;
        the window closes as cancelled when :attr:`SignJob.cancelled` is set. Signed files
        go into a folder inside the documents' folder (the bridge deletes it)."""

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
        self._consenting = ThreadPoolExecutor(1, thread_name_prefix="kyso-bridge-consent")
        """The serial step's own thread: calls busy downloading or uploading may take every
        worker of the loop's pool, never the consent window's."""
        self._transfers = ThreadPoolExecutor(
            max(TRANSFER_WORKERS_MIN, policy.rate_per_minute + 4),
            thread_name_prefix="kyso-bridge-transfer")
        """Downloads and uploads (step 1 and 3, VerifyPDF): slow servers take these threads,
        never the loop's default pool (Config, GetCertInfo) nor the questions'."""
        self._asking = ThreadPoolExecutor(MAX_PENDING_QUESTIONS,
                                          thread_name_prefix="kyso-bridge-question")
        """First-use questions wait for the user here (at most MAX_PENDING_QUESTIONS)."""
        self._dismissed: dict[str, float] = {}
        """Origins whose question was closed unanswered, and when (event loop thread only)."""
        self._questions: dict[str, asyncio.Future[bool | None]] = {}
        """First-use questions waiting for the user, per origin (event loop thread only)."""
        self._calls: dict[int, _Call] = {}
        """Signing calls in flight by number (read from other threads under the lock)."""
        self._calls_lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.on_progress: Callable[[Transfer], None] | None = None
        """Told each signing call's step (from the bridge's threads; keep it quick)."""

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
            # What a Kyso killed mid-call left (a web page's documents), off the caller's
            # thread (the GUI's): a large temporary folder takes a while to list.
            await loop.run_in_executor(None, self._sweep)
            await self._server.wait_closed()

        try:
            loop.run_until_complete(main())
        finally:
            loop.close()
            self._consenting.shutdown(wait=False)
            self._transfers.shutdown(wait=False)
            self._asking.shutdown(wait=False)

    def _sweep(self) -> None:
        try:
            sweep(self.work_dir)
        except Exception:  # never the listener's end: the folders wait for the next start
            log.exception("bridge: could not remove what an earlier Kyso left")

    def stop(self) -> None:
        """Closes the listener; every call in flight is cancelled (its transfer cut, its
        consent window closed, its temporary folder deleted) before this returns."""
        with self._calls_lock:
            calls = list(self._calls.values())
        for call in calls:
            call.stop()
        if self._loop is not None and self._server is not None:
            with contextlib.suppress(RuntimeError):  # stopped before: the loop has closed
                self._loop.call_soon_threadsafe(self._server.close)
        if self._thread is not None:
            self._thread.join(10)

    def cancel(self, number: int) -> None:
        """The user cancels signing call ``number`` (the tray): as if its page had closed,
        and the page is answered "cancelled" if it still waits."""
        with self._calls_lock:
            call = self._calls.get(number)
        if call is not None:
            call.stop()

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
            answer = await self._answer_signing(path, origin_header, message, asked,
                                                connection)
        elif path == "VerifyPDF":
            answer = await self._answer_verify(origin_header, message, asked, connection)
        else:
            answer = await asyncio.get_running_loop().run_in_executor(
                None, self._answer_sync_guard, path, origin_header, message, asked
            )
        try:
            await connection.send(answer)
        except Exception:  # the page has gone (closed its socket): nobody to answer
            log.info("bridge call %s: the page left before its answer", path)
        finally:
            await connection.close()

    async def _first_use_question(self, operation: str,
                                  raw_origin: str | None) -> tuple[Any, str | None]:
        """Asks an unknown origin's first-use question before the call takes a worker:
        (the user's answer, or ``_NOT_ASKED``; a refusal reply or None). Calls from the same
        origin share one question and one answer; at most :data:`MAX_PENDING_QUESTIONS`
        origins wait at once, further ones are refused at once. The rate limit counts the
        question (so the call that raised it counts twice: at most ``rate_per_minute``
        windows a minute), and a question closed unanswered is not asked again for
        :data:`QUESTION_COOLDOWN` seconds (the origin's calls are refused meanwhile)."""
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
            loop = asyncio.get_running_loop()
            dismissed = self._dismissed.get(origin)
            if dismissed is not None and loop.time() - dismissed < QUESTION_COOLDOWN:
                return _NOT_ASKED, reply(
                    STATUS_REFUSED,
                    f"Trang {origin} chưa được phép dùng Kyso để ký (câu hỏi cho phép vừa bị "
                    "đóng; thử lại sau một phút).",
                    Code="bridge_origin_refused",
                )
            self._dismissed.pop(origin, None)
            try:
                self.policy.check_rate(origin)
            except BridgeRefused as exc:
                return _NOT_ASKED, reply(STATUS_REFUSED, exc.vi, Code=exc.code)
            if len(self._questions) >= MAX_PENDING_QUESTIONS:
                return _NOT_ASKED, reply(
                    STATUS_REFUSED,
                    "Một câu hỏi cho phép trang web khác đang chờ người dùng trả lời; thử lại "
                    "sau.",
                    Code="bridge_question_waiting",
                )
            question = asyncio.ensure_future(loop.run_in_executor(
                self._asking, self._ask_origin, origin))
            self._questions[origin] = question

            def answered(f: asyncio.Future[bool | None]) -> None:
                self._questions.pop(origin, None)
                if f.cancelled() or f.exception() is not None or f.result() is None:
                    self._dismissed[origin] = loop.time()  # closed unanswered: a cool-down

            question.add_done_callback(answered)
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
                              asked: Any, connection: Any) -> str:
        """The three steps of a signing call (see the module's docstring); the call's
        folder is deleted whatever happens, once no thread uses it any more."""
        loop = asyncio.get_running_loop()
        started: _Call | None = None
        try:
            async with self._call_scope(connection) as call:
                if call is None:
                    exc = disk_full()
                    return reply(STATUS_REFUSED, exc.vi, Code=exc.code)
                started = call
                return await self._sign_steps(loop, call, path, origin, message, asked)
        finally:
            if started is not None:  # said once its folder is gone
                self._progress(started, "done")

    async def _sign_steps(self, loop: asyncio.AbstractEventLoop, call: _Call, path: str,
                          origin: str | None, message: Any, asked: Any) -> str:
        prepared = await loop.run_in_executor(self._transfers, self._guard, self._prepare,
                                              path, origin, message, asked, call)
        if isinstance(prepared, str):
            return prepared
        self._progress(call, "waiting")
        if not await self._take_turn(call):
            return _cancelled()
        try:  # the serial step: one consent window (and PIN, and signing) at a time
            self._progress(call, "signing")
            outcome = await loop.run_in_executor(self._consenting, self._guard,
                                                 self._consent, prepared)
        finally:
            assert self._signing is not None
            self._signing.release()
        if isinstance(outcome, str):
            return outcome
        return await loop.run_in_executor(self._transfers, self._guard, self._deliver,
                                          call, prepared, outcome)

    @contextlib.asynccontextmanager
    async def _call_scope(self, connection: Any) -> AsyncIterator[_Call | None]:
        """A call's life: its own temporary folder (None when it cannot be made: the disk),
        a cancel flag set when its page closes the WebSocket, its place in :attr:`_calls`
        (which ``stop()`` cancels); on the way out the folder is deleted, once no thread of
        the call uses it any more."""
        loop = asyncio.get_running_loop()
        try:
            work = Path(tempfile.mkdtemp(prefix=folder_prefix(), dir=self.work_dir))
        except OSError:
            yield None
            return
        call = _Call(next(self._numbers), loop, work)
        with self._calls_lock:
            self._calls[call.number] = call
        watch = asyncio.ensure_future(connection.wait_closed())
        watch.add_done_callback(lambda f: None if f.cancelled() else call.stop())
        try:
            yield call
        finally:
            watch.cancel()
            with self._calls_lock:
                self._calls.pop(call.number, None)
            try:
                await loop.run_in_executor(None, shutil.rmtree, work, True)
            except RuntimeError:  # the process is ending: its executors take no more work
                shutil.rmtree(work, ignore_errors=True)

    async def _answer_verify(self, origin: str | None, message: Any, asked: Any,
                             connection: Any) -> str:
        """VerifyPDF: its downloads run in the transfers' pool with a cancel flag of their
        own, cut (as a signing call's) when the page closes or the bridge stops; its folder
        is deleted whatever happens. Not shown in the tray (no origin on its call)."""
        loop = asyncio.get_running_loop()
        async with self._call_scope(connection) as call:
            if call is None:
                exc = disk_full()
                return reply(STATUS_REFUSED, exc.vi, Code=exc.code)
            answer: str = await loop.run_in_executor(self._transfers, self._guard,
                                                     self._verify, origin, message, asked, call)
            return answer

    def _verify(self, raw_origin: str | None, message: Any, asked: Any, call: _Call) -> str:
        origin = self._allowed_origin(raw_origin, asked)
        request = parse("VerifyPDF", message)
        documents = self._fetch(request, origin, call.work, call)
        return reply(STATUS_OK, "", Results=[self.app.verify(d) for d in documents])

    async def _take_turn(self, call: _Call) -> bool:
        """Waits for the consent window (calls take it in the order they ask); False, leaving
        the queue, when the call is cancelled first."""
        assert self._signing is not None
        turn = asyncio.ensure_future(self._signing.acquire())
        stopped = asyncio.ensure_future(call.stopped.wait())
        try:
            await asyncio.wait({turn, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if turn.done() and not turn.cancelled():
            if not call.cancel.is_set():
                return True
            self._signing.release()
            return False
        turn.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await turn
        if not turn.cancelled():  # acquired just as it was cancelled
            self._signing.release()
        return False

    def _progress(self, call: _Call, stage: str, done: int = 0, total: int = 0) -> None:
        if self.on_progress is None or not call.origin:
            return
        try:
            self.on_progress(Transfer(call.number, call.origin, stage, done, total))
        except Exception:  # the tray must never break a call
            log.exception("bridge progress report failed")

    def _guard(self, step: Callable[..., Any], *args: Any) -> Any:
        """``step(*args)``, or the page's reply (a ``str``) for what went wrong."""
        try:
            return step(*args)
        except Cancelled:
            return _cancelled()
        except BridgeRefused as exc:
            return reply(STATUS_REFUSED, exc.vi, Code=exc.code)
        except KysoError as exc:
            return reply(STATUS_ERROR, exc.vi, Code=exc.code)
        except BadRequest as exc:
            return reply(STATUS_ERROR, f"Yêu cầu không đúng định dạng ({exc}).", Code="bad_request")
        except Exception:  # a bug must not kill the listener; the page gets an answer
            log.exception("bridge call step %s failed", getattr(step, "__name__", step))
            return reply(STATUS_ERROR, "Lỗi không mong đợi trong Kyso; xem nhật ký.",
                         Code="unexpected")

    def _answer_sync_guard(self, operation: str, origin: str | None, message: Any,
                           asked: Any = _NOT_ASKED) -> str:
        answer: str = self._guard(self._answer, operation, origin, message, asked)
        return answer

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
        parse(operation, message)  # a malformed request is refused, whatever the operation
        if operation == "GetCertInfo":
            info = self.app.certificate_info(origin)
            if info is None:
                return reply(STATUS_CANCELLED, "Người dùng đã hủy.")
            return reply(STATUS_OK, "", **info)
        # signing calls go through _answer_signing, VerifyPDF through _answer_verify
        raise BadRequest(f"{operation} is not answered here")

    def _fetch(self, request: BridgeRequest, origin: str, work: Path,
               call: _Call) -> list[Path]:
        if not request.files:
            raise BridgeRefused(
                "Trang không chỉ văn bản nào để ký (FileName trống).",
                "The page named no document (empty FileName).",
                code="bridge_no_document",
            )
        urls = [self.policy.check_url(ref.url, origin, purpose="download")
                for ref in request.files]

        def progress(done: int, total: int) -> None:
            self._progress(call, "download", done, total)

        return download_documents(
            urls, work, limit=self.policy.max_document, batch_limit=self.policy.max_batch,
            connect_check=self.policy.check_connection,
            cancel=call.cancel, progress=progress,
        )

    def _prepare(self, operation: str, raw_origin: str | None, message: Any, asked: Any,
                 call: _Call) -> _Prepared:
        """Step 1 (a worker, concurrently with other calls): who asks (the rate limit counts
        the call here), both URLs, then the documents into the call's folder."""
        origin = self._allowed_origin(raw_origin, asked)
        call.origin = origin
        request = parse(operation, message)
        # the upload handler is judged before anything is downloaded or shown
        handler = self.policy.check_url(request.upload_handler, origin, purpose="upload")
        documents = self._fetch(request, origin, call.work, call)
        assert request.profile is not None
        names = [(r.name or Path(r.url.split("?")[0]).name or f"van-ban-{i + 1}.pdf")
                 for i, r in enumerate(request.files)]
        job = SignJob(origin, request.operation, request.profile, documents, names,
                      request.doc_number, request.issued_date, request.metadata,
                      cancelled=call.cancel)
        return _Prepared(job, request, handler)

    def _consent(self, prepared: _Prepared) -> SignOutcome:
        """Step 2, the serial one: the consent window, the PIN, the signing."""
        if prepared.job.cancelled.is_set():  # the page left while the call waited its turn
            return SignOutcome(None)
        return self.app.sign(prepared.job)

    def _deliver(self, call: _Call, prepared: _Prepared, outcome: SignOutcome) -> str:
        """Step 3 (after the window is released): the signed files to the page's handler;
        the page's answer."""
        request, handler = prepared.request, prepared.handler
        if outcome.error is not None:
            return reply(STATUS_ERROR, outcome.error.vi, Code=outcome.error.code)
        if outcome.signed is None:
            return reply(STATUS_CANCELLED, "Người dùng đã hủy ký.", Code="cancelled")
        if call.cancel.is_set():
            return _cancelled()
        answers = []
        for i, path in enumerate(outcome.signed):
            self._progress(call, "upload", i, len(outcome.signed))
            answers.append(upload(handler, path, connect_check=self.policy.check_connection,
                                  cancel=call.cancel))
        if not request.batch:
            return reply_from_handler(answers[0])
        files = [{"FileID": r.file_id, **a} for r, a in zip(request.files, answers, strict=True)]
        worst = max((int(a.get("Status", 0) or 0) for a in answers), default=0)
        return reply(worst, "", Files=files)


def _cancelled() -> str:
    return reply(STATUS_CANCELLED, "Đã hủy ký (người dùng đã hủy hoặc trang đã đóng).",
                 Code="cancelled")


def reply_from_handler(answer: dict[str, Any]) -> str:
    import json

    return json.dumps(answer, ensure_ascii=False)
