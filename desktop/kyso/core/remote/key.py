"""A remote credential behind the signing-key interface (:mod:`kyso.core.keys`).

:meth:`RemoteKey.authorize` logs in (refreshing or asking the password through the
prompter) and checks the credential is still there; :meth:`RemoteKey.sign_digests` sends the
digests to the service on a worker thread — PIN/OTP asked, or the request waits for the
holder's approval on the phone — and resolves the future with the signatures, or with the
service's refusal in words. A cancelled future (the user pressed Cancel, the batch's deadline
passed) stops the polling at once; nothing is signed after that.

One approval for a batch: :attr:`RemoteKey.batch_limit` is the provider's limit for one
request (SmartCA and MySign 50 hashes, CSC ``multisign``), so the batch prepares that many
documents (:mod:`kyso.core.signing.batch`, two-phase signing), names them
(:meth:`RemoteKey.name_documents`, with "phần k/n" on the phone when the batch needs several
approvals) and sends all their digests in one request: one approval
on the phone, or one PIN/OTP, per ``batch_limit`` documents. Each request is journaled
(:mod:`kyso.core.remote.pending`) with its documents and their temporary outputs; the
record of an approved request stays until its documents are written
(:meth:`RemoteKey.request_done`, called by the batch after each round's phase 2).
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Sequence
from pathlib import Path

from kyso.core.keys.base import Purpose, Scheme, SignatureAlgorithm, SigningCancelled, SigningKey
from kyso.core.remote.pending import PendingJournal
from kyso.core.remote.provider import (
    MAX_ROUND,
    Credential,
    Provider,
    RemoteCancelled,
    RemotePrompter,
    SignRequest,
)

_SCHEMES = {
    "1.2.840.113549.1.1.10": Scheme.RSA_PSS,
    "1.2.840.10045.4.3.2": Scheme.ECDSA,
    "1.2.840.10045.4.3.3": Scheme.ECDSA,
    "1.2.840.10045.4.3.4": Scheme.ECDSA,
    "1.2.840.10045.2.1": Scheme.ECDSA,
}


class RemoteKey(SigningKey):
    extra_signatures_free = False  # each signature is one more approval on the phone

    def __init__(
        self,
        provider: Provider,
        credential: Credential,
        prompter: RemotePrompter,
        *,
        approval_timeout: float | None = None,
        journal: PendingJournal | None = None,
    ) -> None:
        super().__init__(credential.certificate, credential.chain)
        self.provider = provider
        self.credential = credential
        self.prompter = prompter
        self.home = f"remote:{provider.kind_name}"
        self.approval_timeout = approval_timeout or float(
            getattr(provider, "approval_timeout", 120.0)
        ) + 30.0  # the service's own deadline comes first; ours only catches a silent one
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kyso-remote")
        self._cancel = threading.Event()
        self._documents: list[str] = []
        self._temporaries: list[str] = []
        self._description = ""
        self._part: tuple[int, int] | None = None
        self.journal = journal
        self._open_records: list[Path] = []
        """Journal records of approved requests whose documents are not written yet."""
        self._lock = threading.Lock()
        # every provider's round capped (see Provider.max_batch: open files per document)
        self.batch_limit = max(1, min(provider.max_batch(credential), MAX_ROUND))

    def algorithms(self) -> tuple[SignatureAlgorithm, ...]:
        schemes = [_SCHEMES[a] for a in self.credential.key_algorithms if a in _SCHEMES]
        scheme = schemes[0] if schemes else super().algorithms()[0].scheme
        return tuple(SignatureAlgorithm(scheme, d) for d in ("sha256", "sha384", "sha512"))

    def name_documents(
        self,
        names: Sequence[str],
        description: str | None = None,
        temporaries: Sequence[str] = (),
        *,
        part: tuple[int, int] | None = None,
    ) -> None:
        """What the phone shows for the next requests (document names, a short text; None
        keeps the text; which of the batch's requests this is) and the temporary outputs
        waiting for them (journaled)."""
        self._documents = list(names)
        self._temporaries = list(temporaries)
        self._part = part
        if description is not None:
            self._description = description

    def authorize(self, count: int, purpose: Purpose) -> None:
        self._description = self._description or purpose.vi
        self.provider.login(self.prompter)

    def sign_digests(
        self, digests: Sequence[bytes], algorithm: SignatureAlgorithm
    ) -> concurrent.futures.Future[list[bytes]]:
        request = SignRequest(
            self.credential,
            list(digests),
            digest=algorithm.digest,
            scheme=algorithm.scheme.value,
            documents=self._documents[: len(digests)],
            description=self._description,
            part=self._part,
        )
        temporaries = self._temporaries
        self._temporaries = []
        self._part = None  # said for one request only
        if self._documents:
            self._documents = self._documents[len(digests):]
        cancel = threading.Event()

        self.request_done()  # a new request: the previous one's documents are done

        def work() -> list[bytes]:
            record = (
                self.journal.begin(self.provider.account, self.credential.id,
                                   request.documents, temporaries=temporaries)
                if self.journal is not None
                else None
            )
            kept = False
            try:
                signatures = self.provider.sign(request, self.prompter, cancel=cancel)
                if record is not None and not cancel.is_set():
                    # Approved: the record stays until the documents are embedded and
                    # linked (request_done, after the batch's phase 2); a crash in between
                    # is reported at the next start and its .part files removed.
                    PendingJournal.approved(record)
                    with self._lock:
                        self._open_records.append(record)
                    kept = True
                return signatures
            except RemoteCancelled:
                raise SigningCancelled() from None
            finally:
                if record is not None and not kept:
                    PendingJournal.end(record)

        future = self._pool.submit(work)
        original_cancel = future.cancel

        def cancel_request() -> bool:
            cancel.set()  # stops the polling at once (the thread may already be running)
            return original_cancel()

        future.cancel = cancel_request  # type: ignore[method-assign]
        return future

    def request_done(self) -> None:
        with self._lock:
            records, self._open_records = self._open_records, []
        for record in records:
            PendingJournal.end(record)

    def close(self) -> None:
        self.request_done()
        self._cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
