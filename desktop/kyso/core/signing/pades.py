"""PAdES signatures with any :class:`~kyso.core.keys.base.SigningKey`, with pyHanko.

Levels: B-B, B-T (RFC 3161 timestamp from ``Settings.tsa_url``), B-LT (revocation data of
the signer's chain, and of the TSA's, in the document security store) and B-LTA (plus a
document timestamp).

**Keys.** :class:`DocumentSigner` does not care where the key lives: a token, a remote
service, the in-memory test key. pyHanko's raw signature is asked of the key
(:mod:`kyso.core.signing.cms_signer`) and checked against the certificate before it is
embedded; a wrong key stops with :class:`~kyso.core.keys.base.KeyMismatchError`.

**Two phases.** Signing is pyHanko's interrupted signing, so that a remote service can
approve many documents on one request: :meth:`DocumentSigner.prepare_file` writes the
document to its temporary file with the signature's place reserved and returns the digest
of the CMS signed attributes (:class:`PreparedDocument`); :meth:`DocumentSigner.sign_prepared`
asks the key once for the digests of several prepared documents and checks each value;
:meth:`DocumentSigner.finish_file` builds the CMS around the value (the key is not asked
again), adds the timestamp and, for B-LT/B-LTA, the validation data and the document
timestamp, reads the file back and links it into place. :meth:`DocumentSigner.sign_file` is
the three with one document; the batch (:mod:`.batch`) runs them in rounds of the key's
``batch_limit``.

**Threads.** pyHanko signs through asyncio. Kyso keeps one long-lived event loop per key
home (:class:`SigningLoop`; for tokens, one per PKCS#11 module), running on its own thread.
No PKCS#11 call runs on it: a token key sends each one to its module's own thread
(:class:`kyso.core.tokens.key.Pkcs11Key`), and the loop only awaits the answer. Network
traffic (TSA, CRL, OCSP) never runs on a module thread: it goes through
:data:`NETWORK_POOL`.

**Files.** The input is opened read-only and never written. The output is written to a
temporary file in the target folder, flushed to disk, then linked into place under its
final name; an existing file is never replaced. Large files are streamed in one pass: the
original bytes are copied to the output in chunks, and each chunk, once written, is hashed
(on a helper thread, so copying and hashing overlap) — the very bytes written, not a second
read of the input. The signature's digest over the /ByteRange is that running hash of the
copied prefix, continued over the few kilobytes pyHanko appends (read back from the output
after the /ByteRange is filled in). While copying, the data already written is handed to
the disk in the background (``fdatasync``), so the final ``fsync`` before the rename has
little left to do; its errors are never swallowed.

**Before and after.** Every input is first read by qpdf (:mod:`.inputs`: damaged files
repaired into a new file the user is told about, or refused; certified documents by
:mod:`.certification`), and every output is read back by qpdf and its signature checked
(:mod:`.output_check`) before it is linked into place; the CMS carries each certificate
once (:mod:`.cms_certs`). Outputs get the input's permission bits without the executable
ones.

**Times.** The signing time is taken once in UTC, written as the signature's ``/M`` in UTC,
and shown in the appearance in Vietnam time with ``+07:00``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import enum
import errno
import functools
import hashlib
import logging
import os
import re
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from kyso.core.errors import KysoError, TokenRemovedError
from kyso.core.keys.base import (
    KeyMismatchError,
    SignatureAlgorithm,
    SigningCancelled,
    SigningKey,
    wait_for,
)
from kyso.core.keys.proof import check_signature
from kyso.core.signing import appearance as ap
from kyso.core.signing import issuance, placement
from kyso.core.signing.cms_certs import tidy_certificates
from kyso.core.signing.cms_signer import key_signer_class
from kyso.core.signing.inputs import REPAIRED_VI, output_mode, prepare_input
from kyso.core.signing.output_check import check_written, written_expectations

log = logging.getLogger(__name__)
T = TypeVar("T")
UTC = dt.timezone.utc

EMERGENCY_REASON_PREFIX = "Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: "
SIGNED_SUFFIX = ".signed.pdf"
RESERVE_STEPS = (64 * 1024, 192 * 1024, 512 * 1024)
"""/Contents sizes (hex digits) tried after the first guess turned out too small."""
APPROVAL_MARGIN = 32 * 1024
"""Extra /Contents room (hex digits, 16 KiB of CMS) at the first try for a key whose every
signature is one more approval: a container too small after approval costs another one."""

CHUNK_SIZE = 1 << 20
"""Copy and hash in 1 MiB chunks (pyHanko's default is 4 KiB: slow on big files)."""
COPY_BUFFERS = 4
"""Chunks in flight between the copying thread and the hashing thread (4 MiB in all)."""
FLUSH_EVERY = 16 << 20
"""Start a background ``fdatasync`` of the output after this many more bytes were copied."""
STREAMED_DIGESTS = frozenset({"sha256", "sha384", "sha512"})
"""Digest algorithms hashed while copying (others fall back to pyHanko's own read-back)."""

DIGEST_PATHS: dict[str, int] = {"streamed": 0, "read_back": 0}
"""How often each digest path ran: a test pins that the fast path is really taken with the
pyHanko version in use (it relies on pyHanko internals)."""

NETWORK_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="kyso-net")


class SigningError(KysoError):
    """A document could not be signed; the message says why and what to do."""


class Level(str, enum.Enum):
    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def timestamped(self) -> bool:
        return self is not Level.B_B

    @property
    def long_term(self) -> bool:
        return self in (Level.B_LT, Level.B_LTA)


# -- the signing loop ----------------------------------------------------------------


class SigningLoop:
    """One long-lived asyncio loop per key home (``SigningKey.loop_key``), on its own thread.

    A batch on one token never waits for a batch on another; the loop never blocks on a
    key (it awaits the key's future)."""

    _loops: dict[str, SigningLoop] = {}
    _lock = threading.Lock()

    def __init__(self, name: str) -> None:
        self.name = name
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever,
            name=f"signing-{Path(name).stem or name}",
            daemon=True,
        )
        self.thread.start()

    @classmethod
    def for_key(cls, key: SigningKey) -> SigningLoop:
        with cls._lock:
            loop = cls._loops.get(key.loop_key)
            if loop is None:
                loop = cls._loops[key.loop_key] = SigningLoop(key.loop_key)
            return loop

    def run(self, coro: Any, timeout: float | None = None) -> Any:
        """Run ``coro`` on the loop and wait (from any thread but the loop's own)."""
        assert threading.current_thread() is not self.thread
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


# -- options and results -------------------------------------------------------------


@dataclass
class SignOptions:
    level: Level = Level.B_B
    appearance: ap.AppearanceSpec = field(default_factory=ap.AppearanceSpec)
    reason: str | None = None
    """The signature's reason field (the emergency fallback puts its record here)."""
    location: str | None = None
    tsa_url: str = "http://ca.gov.vn/tsa"
    network_timeout: float = 10.0
    crls: Sequence[bytes] = ()
    """Revocation data the caller already has (DER CRLs), used for B-LT."""
    ocsps: Sequence[bytes] = ()
    """DER OCSP responses the caller already has, used for B-LT."""
    fetch_revocation: bool = True
    """B-LT: fetch the CRLs named in the chain's certificates (and the TSA's)."""
    password: str | None = field(default=None, repr=False)
    """The password of an encrypted input PDF, when the user gave one (never in a repr,
    so never in a log line that prints the options)."""
    out_dir: Path | None = None
    """None: beside the input."""


@dataclass
class SignResult:
    input: Path
    output: Path | None = None
    status: str = "pending"
    """``signed``, ``failed``, ``cancelled`` (not started), ``pending``."""
    error: KysoError | None = None
    signing_time: dt.datetime | None = None
    box: tuple[int, int, int, int] | None = None
    """Where the visible signature went (PDF points, page's user space); None if invisible."""
    repaired: Path | None = None
    """The repaired copy that was signed instead of a damaged input (see signing.inputs)."""

    @property
    def notice(self) -> str | None:
        """What the user must be told besides "signed" (Vietnamese)."""
        return f"{REPAIRED_VI}: {self.repaired}" if self.repaired else None

    def to_json(self) -> dict[str, Any]:
        return {
            **({"repaired": str(self.repaired)} if self.repaired else {}),
            "input": str(self.input),
            "output": str(self.output) if self.output else None,
            "status": self.status,
            "error": self.error.vi if self.error else None,
            "error_code": self.error.code if self.error else None,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "box": list(self.box) if self.box else None,
        }


# -- certificates --------------------------------------------------------------------


def _load(der_or_cert: bytes | x509.Certificate) -> x509.Certificate:
    if isinstance(der_or_cert, x509.Certificate):
        return der_or_cert
    return x509.load_der_x509_certificate(der_or_cert)


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except Exception:
        return False
    return True


def build_chain(
    leaf: x509.Certificate, pool: Iterable[x509.Certificate]
) -> list[x509.Certificate]:
    """The issuers of ``leaf`` found in ``pool``, nearest first (up to a self-signed root)."""
    pool = list({c.fingerprint(hashes.SHA256()): c for c in pool}.values())
    chain: list[x509.Certificate] = []
    current = leaf
    for _ in range(8):
        if current.issuer == current.subject:
            break
        issuer = next((c for c in pool if _issued_by(current, c) and c not in chain), None)
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    return chain


def _asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as ax509

    return ax509.Certificate.load(_der(cert))


# -- pyHanko glue ---------------------------------------------------------------------


def _pdf_signer_class() -> type:
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    class KysoPdfSigner(PdfSigner):  # type: ignore[misc]
        """Signs with the signing time Kyso chose (UTC), not the local clock's zone."""

        kyso_time: dt.datetime

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self.kyso_time
            session.cms_writer = _CmsWriterHook(session.cms_writer)
            prepare = session.prepare_tbs_document

            def prepare_tbs_document(*args: Any, **kwargs: Any) -> Any:
                tbs = prepare(*args, **kwargs)
                tbs.__class__ = _tbs_document_class()  # same data; Kyso's post-signing
                return tbs

            session.prepare_tbs_document = prepare_tbs_document
            return session

    return KysoPdfSigner


@functools.cache
def _tbs_document_class() -> type:
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    class KysoTBSDocument(PdfTBSDocument):  # type: ignore[misc]
        async def perform_signature(self, *args: Any, **kwargs: Any) -> Any:
            post = await super().perform_signature(*args, **kwargs)
            post.__class__ = _post_signature_class()
            return post

    return KysoTBSDocument


@functools.cache
def _post_signature_class() -> type:
    from pyhanko.sign.signers.pdf_signer import PdfPostSignatureDocument

    class KysoPostSignatureDocument(PdfPostSignatureDocument):  # type: ignore[misc]
        """B-LT/B-LTA: the DSS update and the document timestamp are written by Kyso's
        incremental writer, like the signature's own revision, so no revision rewrites the
        document's Info or XMP (pyHanko's writer puts itself in as the producer, which a
        PDF/A file must not get). Step for step pyHanko 0.38's
        ``PdfPostSignatureDocument.post_signature_processing``, with the writer's class
        the only change (a test pins the result: producer kept, both validators happy)."""

        async def post_signature_processing(
            self, output: Any, chunk_size: int = CHUNK_SIZE
        ) -> None:
            from pyhanko.sign.signers.pdf_signer import (
                PdfTimeStamper,
                SigDSSPlacementPreference,
            )
            from pyhanko.sign.validation.dss import DocumentSecurityStore

            instr = self.post_sign_instructions
            if instr is None:
                return
            writer_cls = _incremental_writer_class()
            info = instr.validation_info
            settings = instr.dss_settings
            dss_kwargs: dict[str, Any] = {
                "paths": info.validation_paths,
                "validation_context": self.validation_context,
                "ocsps": info.ocsps_to_embed,
                "crls": info.crls_to_embed,
                "embed_roots": instr.embed_roots,
                "sig_contents": self.sig_contents if settings.include_vri else None,
            }
            timestamper = instr.timestamper
            placement = settings.placement
            separate = placement == SigDSSPlacementPreference.SEPARATE_REVISION or (
                placement == SigDSSPlacementPreference.TOGETHER_WITH_NEXT_TS
                and timestamper is None
            )

            def open_writer() -> Any:
                writer = writer_cls(output, strict=instr.strict, decode_limits=instr.decode_limits)
                if writer.security_handler is not None and instr.file_credential is not None:
                    writer.security_handler.authenticate(instr.file_credential)
                return writer

            if separate:
                writer = open_writer()
                dss = DocumentSecurityStore.supply_dss_in_writer(writer, **dss_kwargs)
                if not settings.skip_if_unneeded or dss.modified:
                    writer.write_in_place()
            if timestamper is None:
                return
            writer = open_writer()
            if placement == SigDSSPlacementPreference.TOGETHER_WITH_NEXT_TS:
                DocumentSecurityStore.supply_dss_in_writer(writer, **dss_kwargs)
            await PdfTimeStamper(
                timestamper, field_name=instr.timestamp_field_name
            ).async_timestamp_pdf(
                writer,
                instr.timestamp_md_algorithm or "sha256",
                self.validation_context,
                validation_paths=info.validation_paths,
                in_place=True,
                timestamper=timestamper,
                chunk_size=chunk_size,
                dss_settings=settings.get_settings_for_ts(),
                tight_size_estimates=instr.tight_size_estimates,
                embed_roots=instr.embed_roots,
            )

    return KysoPostSignatureDocument


# -- one-pass copy and digest ---------------------------------------------------------


@dataclass
class _CopiedPrefix:
    """The original bytes as copied to the output: their length and a running hash of them."""

    length: int
    hash: Any
    """A ``hashlib`` object over output bytes ``[0, length)`` (copy it before continuing)."""


def _copy_and_digest(src: Any, dst: Any, md_algorithm: str) -> _CopiedPrefix:
    """Copy ``src`` (from its position to its end) to ``dst`` and hash exactly what was written.

    Each full chunk, once written, is hashed on a helper thread while the next one is read
    and written (``hashlib`` and file I/O release the GIL), through a small ring of reused
    buffers: memory stays at ``COPY_BUFFERS * CHUNK_SIZE``. A short chunk (the last one, or
    the whole of a small file) is hashed in place, so a one-page PDF starts no thread. Every
    ``FLUSH_EVERY`` bytes a background ``fdatasync`` starts the disk on what is already
    written; an error from it is raised here (swallowed, it could make the final ``fsync``
    look clean).
    """
    h = hashlib.new(md_algorithm)
    buffers = [bytearray(CHUNK_SIZE) for _ in range(COPY_BUFFERS)]
    hashing: list[concurrent.futures.Future[None] | None] = [None] * COPY_BUFFERS
    hasher: concurrent.futures.ThreadPoolExecutor | None = None
    flusher: concurrent.futures.ThreadPoolExecutor | None = None
    flushing: concurrent.futures.Future[None] | None = None
    fd = _flushable_fd(dst)
    total = unflushed = slot = 0

    def wait_hashing(slots: Iterable[int]) -> None:
        for k in slots:
            pending = hashing[k]
            if pending is not None:
                hashing[k] = None
                pending.result()

    try:
        while True:
            wait_hashing([slot])  # this buffer may still be being hashed
            n = src.readinto(buffers[slot])
            if not n:
                break
            view = memoryview(buffers[slot])[:n]
            dst.write(view)
            if n < CHUNK_SIZE:
                wait_hashing(range(COPY_BUFFERS))  # keep the updates in order
                h.update(view)
            else:
                if hasher is None:
                    hasher = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kyso-hash")
                hashing[slot] = hasher.submit(h.update, view)  # one worker: in order
            total += n
            unflushed += n
            slot = (slot + 1) % COPY_BUFFERS
            if fd is not None and unflushed >= FLUSH_EVERY and (flushing is None or flushing.done()):
                if flushing is not None:
                    flushing.result()
                if flusher is None:
                    flusher = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kyso-flush")
                dst.flush()
                flushing = flusher.submit(os.fdatasync, fd)  # type: ignore[attr-defined]
                unflushed = 0
        wait_hashing(range(COPY_BUFFERS))
        if flushing is not None:
            flushing.result()
    finally:
        for pool in (hasher, flusher):
            if pool is not None:
                pool.shutdown(wait=True)
    return _CopiedPrefix(total, h)


def _flushable_fd(stream: Any) -> int | None:
    """The OS file descriptor to flush in the background, on systems with ``fdatasync``.

    (Windows has none, and its ``_commit`` holds the descriptor's lock against the copy's own
    writes: there the final ``fsync`` does all the flushing.)"""
    if not hasattr(os, "fdatasync"):
        return None
    try:
        return int(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None


def _digest_range(stream: Any, md: Any, start: int, end: int) -> None:
    stream.seek(start)
    left = end - start
    while left > 0:
        block = stream.read(min(left, CHUNK_SIZE))
        if not block:
            raise OSError(errno.EIO, "output shorter than written")
        md.update(block)
        left -= len(block)


@functools.cache
def _incremental_writer_class() -> type:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class KysoIncrementalWriter(IncrementalPdfFileWriter):  # type: ignore[misc]
        """Copies the original bytes (pyHanko's incremental updates only append to them)
        and, when asked, hashes them on the way out."""

        IO_CHUNK_SIZE = CHUNK_SIZE  # pyHanko's 4 KiB writes are slow on big files
        kyso_md_algorithm: str | None = None
        kyso_prefix: _CopiedPrefix | None = None

        def _update_meta(self) -> None:
            """Leave the document's Info and XMP as they are: pyHanko would write itself in
            as the producer and rebuild the XMP, which a PDF/A file must keep (signing is
            not an edit of the document's content; the signature carries its own time)."""

        def register_annotation(self, page_ref: Any, annot_ref: Any) -> None:
            """Add the widget to its own page only. Pages may share one indirect /Annots
            array; pyHanko appends to it, and every page naming it then shows the stamp.
            Such a page gets its own (direct) copy first; the others keep the shared one."""
            from pyhanko.pdf_utils import generic

            page = page_ref.get_object()
            annots = page.raw_get("/Annots") if "/Annots" in page else None
            if isinstance(annots, generic.IndirectObject) and self._kyso_shared(
                page_ref, annots
            ):
                page["/Annots"] = generic.ArrayObject(list(annots.get_object()))
                self.update_container(page)
            super().register_annotation(page_ref, annot_ref)

        def _kyso_shared(self, page_ref: Any, annots: Any) -> bool:
            """Another page names the same /Annots array object."""
            from pyhanko.pdf_utils import generic

            target = page_ref.reference if hasattr(page_ref, "reference") else page_ref
            for _page, ref in _page_refs(self.root["/Pages"]):
                if ref == target:
                    continue
                other = _page.raw_get("/Annots") if "/Annots" in _page else None
                if isinstance(other, generic.IndirectObject) and other.reference == annots.reference:
                    return True
            return False

        def _write_header(self, stream: Any) -> None:
            self.kyso_prefix = None
            if self.kyso_md_algorithm is None or stream.tell() != 0:
                super()._write_header(stream)
                return
            position = self.input_stream.tell()
            self.input_stream.seek(0)
            try:
                self.kyso_prefix = _copy_and_digest(
                    self.input_stream, stream, self.kyso_md_algorithm
                )
            finally:
                self.input_stream.seek(position)

    return KysoIncrementalWriter


def _pdfa_part(writer: Any) -> int | None:
    """The PDF/A part the document's XMP claims (pdfaid:part), None when it claims none."""
    try:
        xmp = writer.root["/Metadata"].get_object().data
    except Exception:  # no metadata, or unreadable: not a PDF/A claim Kyso can keep
        return None
    # as an attribute (pdfaid:part="1") or an element, which may carry its own xmlns
    # (<pdfaid:part xmlns:pdfaid="…">1</pdfaid:part>); every producer seen uses "pdfaid"
    found = re.search(rb"pdfaid:part(?:\s*=\s*[\"']\s*(\d)|(?:\s[^<>]*)?>\s*(\d))", xmp)
    return int(found.group(1) or found.group(2)) if found else None


def _page_refs(pages: Any, depth: int = 0) -> Iterator[tuple[Any, Any]]:
    """(page dictionary, its reference) of every page under a /Pages node (a bounded walk:
    a damaged tree with a cycle must not hang the signing)."""
    from pyhanko.pdf_utils import generic

    if depth > 64:
        return
    for kid in pages.get("/Kids", ()) if isinstance(pages, generic.DictionaryObject) else ():
        if not isinstance(kid, generic.IndirectObject):
            continue
        node = kid.get_object()
        if not isinstance(node, generic.DictionaryObject):
            continue
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            yield from _page_refs(node, depth + 1)
        else:
            yield node, kid.reference


@functools.cache
def _signature_object_class() -> type:
    from pyhanko.pdf_utils import misc
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest, SignatureObject

    writer_cls = _incremental_writer_class()

    class KysoSignatureObject(SignatureObject):  # type: ignore[misc]
        """pyHanko's signature dictionary, whose digest reuses the hash taken while copying.

        pyHanko's own ``fill`` writes the document, fills in /ByteRange, then reads the whole
        output back to hash it. Here the output bytes ``[0, n)`` (the original, copied by
        :class:`KysoIncrementalWriter`) were hashed as they were written; only the appended
        part is read back. Everything else is pyHanko's ``fill``, step for step.
        """

        def fill(  # type: ignore[override]
            self,
            writer: Any,
            md_algorithm: str,
            in_place: bool = False,
            output: Any = None,
            chunk_size: int = misc.DEFAULT_CHUNK_SIZE,
            **more: Any,
        ) -> Any:
            if (
                in_place
                or more  # a pyHanko newer than this code: let it do its own fill
                or not isinstance(writer, writer_cls)
                or md_algorithm not in STREAMED_DIGESTS
            ):
                DIGEST_PATHS["read_back"] += 1
                inner = super().fill(
                    writer, md_algorithm, in_place=in_place, output=output, chunk_size=chunk_size, **more
                )
                cms_data = yield next(inner)
                return (yield inner.send(tidy_certificates(cms_data)))
            DIGEST_PATHS["streamed"] += 1
            writer.digest_aware_write = True
            writer.kyso_md_algorithm = md_algorithm
            output = misc.prepare_rw_output_stream(output)
            writer.write(output)
            eof = output.tell()
            sig_start, sig_end = self.contents.offsets
            self.byte_range.fill_offsets(output, sig_start, sig_end, eof)
            prefix = writer.kyso_prefix
            if prefix is not None and prefix.length <= sig_start:
                md, start = prefix.hash.copy(), prefix.length
            else:  # not copied by us (or oddly placed): hash it all, as pyHanko does
                md, start = hashlib.new(md_algorithm), 0
            _digest_range(output, md, start, sig_start)
            _digest_range(output, md, sig_end, eof)
            output.seek(eof)
            prepared = PreparedByteRangeDigest(
                document_digest=md.digest(),
                reserved_region_start=sig_start,
                reserved_region_end=sig_end,
            )
            cms_data = yield prepared, output
            yield prepared.fill_with_cms(output, tidy_certificates(cms_data))

    return KysoSignatureObject


class _CmsWriterHook:
    """Stands in for pyHanko's CMS-writer coroutine and makes the signature dictionary it is
    handed a :class:`KysoSignatureObject` (same data, Kyso's ``fill``)."""

    def __init__(self, gen: Any) -> None:
        self._gen = gen

    def send(self, message: Any) -> Any:
        from pyhanko.sign.signers.cms_embedder import SigObjSetup
        from pyhanko.sign.signers.pdf_byterange import SignatureObject

        placeholder = getattr(message, "sig_placeholder", None)
        if isinstance(message, SigObjSetup) and type(placeholder) is SignatureObject:
            placeholder.__class__ = _signature_object_class()  # same layout, Kyso's fill
        return self._gen.send(message)

    def __next__(self) -> Any:
        return next(self._gen)

    def __iter__(self) -> _CmsWriterHook:
        return self

    def throw(self, *args: Any) -> Any:
        return self._gen.throw(*args)

    def close(self) -> None:
        self._gen.close()


Fetch = Callable[..., bytes]


def _default_fetch() -> Fetch:
    from kyso.core.net.fetch import default_fetch

    return default_fetch


def _timestamper(url: str, fetch: Fetch, timeout: float) -> Any:
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    class KysoTimeStamper(TimeStamper):  # type: ignore[misc]
        """RFC 3161 over HTTP with Kyso's fetcher, off the module thread."""

        async def async_request_tsa_response(self, req: Any) -> Any:
            loop = asyncio.get_running_loop()
            try:
                raw = await loop.run_in_executor(
                    NETWORK_POOL,
                    functools.partial(
                        fetch,
                        url,
                        data=req.dump(),
                        content_type="application/timestamp-query",
                        timeout=timeout,
                    ),
                )
                return tsp.TimeStampResp.load(raw)
            except KysoError as exc:
                raise TimestampRequestError(exc.vi) from exc
            except ValueError as exc:
                raise TimestampRequestError(f"malformed TSA response: {exc}") from exc

    return KysoTimeStamper()


def _crl_urls(cert: x509.Certificate) -> list[str]:
    try:
        dps = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return []
    urls: list[str] = []
    for dp in dps:
        for name in dp.full_name or ():
            if isinstance(name, x509.UniformResourceIdentifier) and name.value.startswith("http"):
                urls.append(name.value)
    return urls


def fetch_crls(
    certs: Iterable[x509.Certificate], fetch: Fetch, timeout: float
) -> tuple[list[bytes], list[str]]:
    """CRLs for ``certs`` from their distribution points; (CRLs, URLs that failed)."""
    found: dict[str, bytes] = {}
    failed: list[str] = []
    for cert in certs:
        for url in _crl_urls(cert):
            if url in found:
                continue
            try:
                data = fetch(url, timeout=timeout)
                x509.load_der_x509_crl(data)
            except (KysoError, ValueError) as exc:
                log.info("CRL %s: %s", url, exc)
                failed.append(url)
                continue
            found[url] = data
    return list(found.values()), failed


# -- two-phase signing ----------------------------------------------------------------


@dataclass
class _Interrupted:
    """pyHanko's state between the phases: the document to be signed and its signed
    attributes."""

    tbs: Any
    """pyHanko's ``PdfTBSDocument`` (its CMS writer waits for the signature container)."""
    output: Any
    attrs: Any
    """The CMS signed attributes (``asn1crypto`` ``CMSAttributes``) the key signs."""
    digest: bytes
    algorithm: SignatureAlgorithm


@dataclass
class PreparedDocument:
    """One document after phase 1 of two-phase signing.

    It is written to its temporary file beside the target (``.<name>.signed.pdf.….part``)
    with the signature's place reserved; :attr:`digest` — of the CMS signed attributes over
    the document's /ByteRange — is what the key signs. Phase 2
    (:meth:`DocumentSigner.finish_file`) embeds the signature and links the file into place;
    :meth:`discard` drops it, leaving nothing behind. The input and the temporary file stay
    open in between (pyHanko's writer holds them).
    """

    result: SignResult
    options: SignOptions
    digest: bytes
    algorithm: SignatureAlgorithm
    tmp: Path
    target: Path
    reserve_step: int
    last_step: int
    source: Any
    """The :class:`~kyso.core.signing.inputs.PreparedInput` that was read."""
    plan: dict[str, Any]
    streams: list[Any]
    state: _Interrupted

    def close(self) -> None:
        for stream in self.streams:
            _close_quietly(stream)

    def discard(self) -> None:
        """Nothing of this document is kept: its temporary file and repaired copy go."""
        self.close()
        _unlink_quietly(self.tmp)
        if self.result.repaired is not None:
            _unlink_quietly(self.result.repaired)
            self.result.repaired = None


class ContainerTooSmall(KysoError):
    """The signature container did not fit the place reserved in phase 1; the document was
    discarded and is prepared again with reserve step :attr:`next_step` (and signed again)."""

    def __init__(self, next_step: int) -> None:
        super().__init__(
            "Chữ ký quá lớn so với chỗ dành sẵn; chuẩn bị lại tệp với chỗ lớn hơn.",
            "The signature did not fit its place; the file is prepared again with more room.",
            code="container_retry",
        )
        self.next_step = next_step


# -- the document signer -------------------------------------------------------------


class DocumentSigner:
    """A :class:`SigningKey` (already authorized) ready to sign many PDFs.

    ``chain_pool``: certificates that may complete the signer's chain besides those the key
    brings (IT's anchors and intermediates). ``trust_roots``: the anchors B-LT validates
    against (defaults to the self-signed certificates of the pool). ``cancel``: set it to
    stop waiting for a signature that is not approved yet.
    """

    def __init__(
        self,
        key: SigningKey,
        *,
        chain_pool: Sequence[bytes | x509.Certificate] = (),
        trust_roots: Sequence[bytes | x509.Certificate] = (),
        fetch: Fetch | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.key = key
        self.certificate = key.certificate
        pool = [*key.chain, *(_load(c) for c in chain_pool)]
        self.chain = build_chain(self.certificate, pool)
        roots = [_load(c) for c in trust_roots] or [c for c in pool if c.issuer == c.subject]
        self.trust_roots = roots
        self.extra_certs = [c for c in pool if c not in roots]
        self.fetch = fetch or _default_fetch()
        self.loop = SigningLoop.for_key(key)
        self._timestampers: dict[tuple[str, float], Any] = {}
        self._signer = key_signer_class()(key, self.chain)
        self._signer.kyso_cancel = cancel

    @property
    def cancel(self) -> threading.Event | None:
        return self._signer.kyso_cancel  # type: ignore[no-any-return]

    @cancel.setter
    def cancel(self, event: threading.Event | None) -> None:
        self._signer.kyso_cancel = event

    # -- public ----------------------------------------------------------------------
    def check_present(self) -> None:
        """Raise TokenRemovedError (or the key's own error) if the key is gone."""
        self.key.check_available()

    def sign_file(
        self,
        src: str | Path,
        options: SignOptions,
        *,
        when: dt.datetime | None = None,
    ) -> SignResult:
        """Sign one PDF; never raises for a per-file problem (see ``result.error``) except
        what ends a batch: :class:`TokenRemovedError`, :class:`KeyMismatchError` (nothing is
        written) and :class:`SigningCancelled`.

        The same two phases as a batch (:meth:`prepare_file`, :meth:`sign_prepared`,
        :meth:`finish_file`) with one document; a container that turns out too small is
        prepared again, larger, and signed again."""
        step = 0
        while True:
            doc = self.prepare_file(src, options, when=when, reserve_step=step)
            if isinstance(doc, SignResult):
                return doc
            try:
                (signature,) = self.sign_prepared([doc])
            except (TokenRemovedError, KeyMismatchError, SigningCancelled) as exc:
                doc.discard()
                doc.result.status, doc.result.error = "failed", exc
                raise
            except KysoError as exc:
                doc.discard()
                doc.result.status, doc.result.error = "failed", exc
                return doc.result
            try:
                return self.finish_file(doc, signature)
            except ContainerTooSmall as retry:
                step = retry.next_step
            finally:
                self.key.request_done()

    # -- two-phase signing -------------------------------------------------------------
    @property
    def batch_limit(self) -> int:
        """How many prepared documents one request to the key should carry."""
        return max(1, int(self.key.batch_limit))

    def reserves(self, level: Level) -> list[int]:
        """/Contents sizes to try, smallest first. A key whose every signature is one more
        approval gets room to spare at once: a container found too small after the approval
        would cost the holder another one."""
        first = self.first_reserve(level)
        if not self.key.extra_signatures_free:
            first += APPROVAL_MARGIN
        return [first, *(r for r in RESERVE_STEPS if r > first)]

    def prepare_file(
        self,
        src: str | Path,
        options: SignOptions,
        *,
        when: dt.datetime | None = None,
        reserve_step: int = 0,
    ) -> PreparedDocument | SignResult:
        """Phase 1: check and read the input, write it with the signature's place reserved to
        a temporary file beside the target, and compute what the key must sign.

        Returns the :class:`PreparedDocument`, or a failed :class:`SignResult` for a
        per-file problem (nothing left behind). Raises what ends a batch, as
        :meth:`sign_file`."""
        src = Path(src)
        result = SignResult(src)
        tmp: Path | None = None
        streams: list[Any] = []
        try:
            self.check_present()
            _check_input(src)
            target = output_path_for(src, options.out_dir)
            result.output = target
            prepared = prepare_input(src, target.parent, options.password, options.appearance)
            result.repaired = prepared.repaired
            when = (when or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
            result.signing_time = when
            plan = self._plan(options, when)
            plan["input"] = prepared.report
            plan["existing_field"] = prepared.field
            tmp = _temp_beside(target)
            streams.append(prepared.path.open("rb"))
            streams.append(tmp.open("w+b"))
            reserves = self.reserves(options.level)
            step = min(reserve_step, len(reserves) - 1)
            state = self.loop.run(
                self._prepare_async(*streams, options, plan, when, reserves[step])
            )
            doc = PreparedDocument(
                result=result,
                options=options,
                digest=state.digest,
                algorithm=state.algorithm,
                tmp=tmp,
                target=target,
                reserve_step=step,
                last_step=len(reserves) - 1,
                source=prepared,
                plan=plan,
                streams=streams,
                state=state,
            )
            tmp = None
            streams = []
            return doc
        except (TokenRemovedError, KeyMismatchError, SigningCancelled) as exc:
            result.status = "failed"
            result.error = exc
            raise
        except KysoError as exc:
            result.status = "failed"
            result.error = exc
        except OSError as exc:
            result.status = "failed"
            result.error = _os_error(exc, result.output or src)
        finally:
            for stream in streams:
                _close_quietly(stream)
            if tmp is not None:
                _unlink_quietly(tmp)
            if result.status != "pending" and result.repaired is not None:
                _unlink_quietly(result.repaired)  # nothing signed: leave nothing behind
                result.repaired = None
        return result

    def sign_prepared(
        self,
        docs: Sequence[PreparedDocument],
        *,
        description: str | None = None,
        part: tuple[int, int] | None = None,
    ) -> list[bytes]:
        """One request to the key for every document of ``docs`` (one approval on the phone,
        one PIN/OTP): their names, temporary files and ``part`` (request k of the batch's n)
        are given to the key first (:meth:`SigningKey.name_documents`). Waits with the cancel event and the key's
        deadline; every value is checked with the certificate before it is returned, and
        values a service returned out of order are matched to the digests they verify.

        Raises :class:`SigningCancelled`, :class:`TokenRemovedError`,
        :class:`KeyMismatchError`, an :class:`~kyso.core.keys.base.ApprovalRefused`, or
        another :class:`KysoError` from the key; the documents are then still prepared (the
        caller discards them)."""
        if not docs:
            return []
        algorithm = docs[0].algorithm
        if any(d.algorithm != algorithm for d in docs):
            raise ValueError("one request signs with one algorithm")
        self.key.name_documents(
            [d.result.input.name for d in docs], description, [str(d.tmp) for d in docs],
            part=part,
        )
        try:
            future = self.key.sign_digests([d.digest for d in docs], algorithm)
            signatures = wait_for(future, cancel=self.cancel, timeout=self.key.approval_timeout)
        except KysoError:
            raise
        except Exception as exc:  # a driver's own exception: the token went away, or words
            log.info("signing request failed: %s: %s", type(exc).__name__, exc)
            self.check_present()
            raise SigningError(
                "Thiết bị ký không ký được (chi tiết trong nhật ký). Thử lại; nếu vẫn lỗi, "
                "tạo gói hỗ trợ gửi CNTT.",
                "The signing device could not sign (details in the log). Try again; if it "
                "persists, send IT a support bundle.",
                code="sign_failed",
            ) from None
        if len(signatures) != len(docs):
            raise SigningError(
                "Thiết bị ký trả về số chữ ký không khớp với số văn bản; không tệp nào được ký.",
                "The signing device returned a different number of signatures than documents; "
                "nothing was signed.",
                code="sign_failed",
            )
        return _in_digest_order(self.certificate, docs, list(signatures), algorithm)

    def finish_file(self, doc: PreparedDocument, signature: bytes) -> SignResult:
        """Phase 2: embed ``signature`` (checked) in ``doc``, timestamp it (B-T and above),
        add validation data (B-LT, B-LTA), read the file back (:mod:`.output_check`), flush
        it and link it into place under its final name.

        Never raises for a per-file problem. :class:`ContainerTooSmall` when the container
        did not fit its place but a larger one may (the document was discarded: prepare it
        again with ``next_step``); :class:`KeyMismatchError` for a signature that does not
        verify (nothing written)."""
        result = doc.result
        keep = False
        try:
            with doc.streams[1] as out:
                try:
                    self.loop.run(self._finish_async(doc, signature))
                except _ContainerTooSmall:
                    if doc.reserve_step >= doc.last_step:
                        raise SigningError(
                            "Chữ ký quá lớn so với chỗ dành sẵn trong tệp.",
                            "The signature does not fit the space reserved for it.",
                            code="container_too_small",
                        ) from None
                    log.info(
                        "signature container too small; retrying with step %d",
                        doc.reserve_step + 1,
                    )
                    raise ContainerTooSmall(doc.reserve_step + 1) from None
                out.flush()
                check_written(
                    doc.tmp,
                    doc.plan["field"],
                    **written_expectations(doc.source, doc.options, doc.plan),
                )
                os.fsync(out.fileno())
            os.chmod(doc.tmp, output_mode(result.input))
            _link_into_place(doc.tmp, doc.target)
            keep = True
            result.status = "signed"
            result.box = doc.plan.get("box")
        except (ContainerTooSmall, KeyMismatchError, TokenRemovedError, SigningCancelled):
            raise
        except KysoError as exc:
            result.status = "failed"
            result.error = exc
        except OSError as exc:
            result.status = "failed"
            result.error = _os_error(exc, result.output or result.input)
        finally:
            if keep:
                doc.close()
            else:
                doc.discard()
        return result

    # -- internals -------------------------------------------------------------------
    def _plan(self, options: SignOptions, when: dt.datetime) -> dict[str, Any]:
        plan: dict[str, Any] = {"timestamper": None, "vc": None}
        if options.level.timestamped:
            key = (options.tsa_url, options.network_timeout)
            if key not in self._timestampers:  # one per TSA: pyHanko caches its dummy reply
                self._timestampers[key] = _timestamper(
                    options.tsa_url, self.fetch, options.network_timeout
                )
            plan["timestamper"] = self._timestampers[key]
        if options.level.long_term:
            plan["vc"] = self._validation_context(options, plan["timestamper"])
        return plan

    def _validation_context(self, options: SignOptions, timestamper: Any) -> Any:
        from asn1crypto import crl as acrl
        from asn1crypto import ocsp as aocsp
        from pyhanko_certvalidator import ValidationContext

        crls = list(options.crls)
        certs = [self.certificate, *self.chain]
        tsa_certs: list[x509.Certificate] = []
        if timestamper is not None:
            try:
                dummy = self.loop.run(timestamper.async_dummy_response("sha256"))
                for c in dummy["content"]["certificates"] or ():
                    tsa_certs.append(x509.load_der_x509_certificate(c.chosen.dump()))
            except Exception as exc:
                raise _tsa_error(options.tsa_url, exc) from None
        if options.fetch_revocation:
            pool = [*self.chain, *self.extra_certs, *self.trust_roots, *tsa_certs]
            tsa_chain: list[x509.Certificate] = []
            for c in tsa_certs:
                tsa_chain += [c, *build_chain(c, pool)]
            fetched, failed = fetch_crls(
                [*certs, *tsa_chain], self.fetch, options.network_timeout
            )
            crls += fetched
            if failed and not crls and not options.ocsps:
                raise SigningError(
                    "Không tải được danh sách thu hồi chứng thư (CRL) để ký ở mức B-LT: "
                    f"{', '.join(failed)}. Kiểm tra kết nối mạng, hoặc ký ở mức B-T.",
                    f"Could not download the revocation lists (CRL) needed for B-LT: "
                    f"{', '.join(failed)}. Check the network, or sign at B-T.",
                    code="revocation_unavailable",
                )
        return ValidationContext(
            trust_roots=[_asn1(c) for c in self.trust_roots],
            other_certs=[_asn1(c) for c in [*self.chain, *self.extra_certs, *tsa_certs]],
            crls=[acrl.CertificateList.load(c) for c in crls],
            ocsps=[aocsp.OCSPResponse.load(o) for o in options.ocsps],
            allow_fetching=False,
            revocation_mode="hard-fail",
        )

    def first_reserve(self, level: Level) -> int:
        """Bytes reserved for the CMS container at first try: the signature, the embedded
        chain, room for a timestamp token. (Skips pyHanko's dry-run estimate, which builds
        the whole CMS once more and asks the TSA for a dummy timestamp; a container that
        does not fit is retried larger.)"""
        certs = sum(len(_der(c)) for c in (self.certificate, *self.chain))
        container = 4096 + certs + (8192 if level.timestamped else 0)
        return 2 * container  # pyHanko counts the hex digits written into /Contents

    async def _prepare_async(
        self,
        inp: Any,
        out: Any,
        options: SignOptions,
        plan: dict[str, Any],
        when: dt.datetime,
        reserve: int | None,
    ) -> _Interrupted:
        from pyhanko.sign import fields
        from pyhanko.sign.signers.pdf_signer import (
            DSSContentSettings,
            PdfSignatureMetadata,
            TimestampDSSContentSettings,
        )

        try:
            writer = _incremental_writer_class()(inp, strict=False)
        except Exception as exc:
            raise _damaged(exc) from None
        if writer.prev.encrypted:
            _unlock(writer, options.password)
        spec = options.appearance
        field_name = f"KysoSig_{spec.profile.value}_{uuid.uuid4().hex[:8]}"
        plan["field"] = field_name
        existing = plan.get("existing_field")
        if existing is not None:  # certified, P=2: into the empty field, never a new widget
            field_name = plan["field"] = existing.name
            spec = dataclasses.replace(spec, page=existing.page, box=existing.rect)
        style = None
        field_spec = fields.SigFieldSpec(sig_field_name=field_name)
        if spec.visible:
            try:
                page_count = int(writer.root["/Pages"]["/Count"])
                if not 0 <= spec.page < page_count:
                    raise SigningError(
                        f"Tệp chỉ có {page_count} trang; không có trang {spec.page + 1}.",
                        f"The file has {page_count} pages; there is no page {spec.page + 1}.",
                        code="page_out_of_range",
                    )
                page = writer.prev.find_page_for_modification(spec.page)[0].get_object()
                crop, rotate = placement.page_geometry(page)
            except KysoError:
                raise
            except Exception as exc:
                raise _damaged(exc) from None
            if spec.box is not None and existing is None and not _within(spec.box, crop):
                # a stamp (or part of one) nobody would see, on a file reported signed
                x1, y1, x2, y2 = (round(v) for v in crop)
                raise SigningError(
                    f"Khung chữ ký nằm ngoài phần trang {spec.page + 1} mà trình xem PDF "
                    f"hiển thị (từ {x1},{y1} đến {x2},{y2} điểm): chữ ký sẽ không nhìn thấy "
                    "được, hoặc chỉ thấy một phần. Đặt khung vào trong trang.",
                    f"The signature box lies outside the part of page {spec.page + 1} that PDF "
                    f"viewers show (from {x1},{y1} to {x2},{y2} points): the signature would "
                    "not be seen, or only in part. Put the box inside the page.",
                    code="box_off_page",
                )
            # default places are meant as the reader sees the page (rotated, cropped)
            shown = placement.display_size(crop, rotate)
            box = spec.box or placement.display_to_user(
                ap.default_box(spec, when, shown), crop, rotate
            )
            leader = None
            if spec.profile is ap.Profile.ISSUANCE and spec.image_png:
                # Nghị định 30: the seal, real size, over the left third of the leader's
                # signature already on the page; name and time beside it (signing/issuance)
                found = _last_signature_rect(page)
                leader = placement.user_to_display(found, crop, rotate) if found else None
            if spec.box is None and leader is not None:
                seal = placement.upright_size(box, rotate)[1]
                box = placement.display_to_user(
                    issuance.box_over_leader(spec, when, leader, seal, shown), crop, rotate
                )
            # whole points: the widget's /Rect and the appearance's BBox then agree exactly
            x1, y1, x2, y2 = (int(round(v)) for v in box)
            plan["box"] = (x1, y1, x2, y2)
            upright = placement.upright_size((x1, y1, x2, y2), rotate)
            box_shown = placement.user_to_display((x1, y1, x2, y2), crop, rotate)
            if leader is not None and _overlap(box_shown, leader):
                layout = issuance.layout_over_leader(spec, when, box_shown, leader)
            else:
                layout = ap.layout_appearance(spec, when, (0, 0, *upright))
            style = ap.stamp_style(
                ap.render_appearance_pdf(layout, pdfa1=_pdfa_part(writer) == 1), rotate
            )
            field_spec = fields.SigFieldSpec(
                sig_field_name=field_name, on_page=spec.page, box=(x1, y1, x2, y2)
            )
        if existing is not None:
            field_spec = None
        meta = PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            reason=options.reason,
            location=options.location,
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=options.level.long_term,
            use_pades_lta=options.level is Level.B_LTA,
            validation_context=plan["vc"],
            # B-LTA: the TSA's validation data goes into the document timestamp's own
            # revision, before the timestamp (pyHanko would otherwise append one more DSS
            # revision after it, with its own writer and itself as the producer)
            dss_settings=DSSContentSettings(
                next_ts_settings=TimestampDSSContentSettings(
                    include_vri=False, update_before_ts=True
                )
            ),
        )
        signer = _pdf_signer_class()(
            meta,
            signer=self._signer,
            timestamper=plan["timestamper"],
            stamp_style=style,
            new_field_spec=field_spec,
        )
        signer.kyso_time = when
        from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        try:
            # pyHanko's interrupted signing: the document written with the place reserved
            # and its /ByteRange digest, then the CMS signed attributes over it — exactly
            # what PdfSigner.async_sign_pdf would hand PdfTBSDocument.perform_signature
            # (PAdES: no Adobe revocation attribute, the signing time Kyso chose)
            br_digest, tbs, output = await signer.async_digest_doc_for_signing(
                writer, bytes_reserved=reserve, output=out, chunk_size=CHUNK_SIZE
            )
            plan["prefix"] = writer.kyso_prefix  # the self-check reuses the copy's hash
            attrs = await tbs.signer.signed_attrs(
                br_digest.document_digest,
                tbs.md_algorithm,
                attr_settings=PdfCMSSignedAttributes(
                    signing_time=when, cades_signed_attrs=meta.cades_signed_attr_spec
                ),
                use_pades=tbs.use_pades,
                timestamper=tbs.timestamper,
            )
        except TimestampRequestError as exc:  # an OSError subclass: not a disk problem
            cause = exc.__cause__ if isinstance(exc.__cause__, KysoError) else exc
            raise _tsa_error(options.tsa_url, cause) from None
        except (KysoError, OSError):
            raise
        except Exception as exc:
            raise self._translate(exc, options) from None
        algorithm = self.key.algorithm_for(tbs.md_algorithm)
        digest = hashlib.new(tbs.md_algorithm, attrs.dump()).digest()
        return _Interrupted(tbs, output, attrs, digest, algorithm)

    async def _finish_async(self, doc: PreparedDocument, signature: bytes) -> None:
        """Phase 2 inside pyHanko: the CMS over the prepared signed attributes with the
        signature already made (the key is not asked again), its timestamp, into the
        reserved place; then the DSS and the document timestamp of B-LT/B-LTA."""
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        state, options = doc.state, doc.options
        tbs = state.tbs
        self._signer.kyso_presigned = {doc.digest: signature}
        try:
            cms = await tbs.signer.async_sign_prescribed_attributes(
                tbs.md_algorithm, state.attrs, timestamper=tbs.timestamper
            )
            contents = tbs.cms_writer.send(cms)
            # Kyso's post-signing (its writer for the DSS and document-timestamp
            # revisions, so no later revision names pyHanko as the producer)
            post = _post_signature_class()(
                contents,
                post_sign_instr=tbs.post_sign_instructions,
                validation_context=tbs.validation_context,
            )
            await post.post_signature_processing(state.output, chunk_size=CHUNK_SIZE)
        except TimestampRequestError as exc:
            cause = exc.__cause__ if isinstance(exc.__cause__, KysoError) else exc
            raise _tsa_error(options.tsa_url, cause) from None
        except (KysoError, OSError):
            raise
        except Exception as exc:
            raise self._translate(exc, options) from None
        finally:
            self._signer.kyso_presigned = None

    def _translate(self, exc: BaseException, options: SignOptions) -> BaseException:
        """A Kyso error (or the OSError, or the pulled token) for a pyHanko failure."""
        chain: list[BaseException] = []
        e: BaseException | None = exc
        while e is not None and len(chain) < 10:
            chain.append(e)
            e = e.__cause__ or e.__context__
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        for e in chain:
            if isinstance(e, TimestampRequestError):
                return _tsa_error(options.tsa_url, e)
            if isinstance(e, (KysoError, OSError)):
                return e
        text = " | ".join(f"{type(e).__name__}: {e}" for e in chain)
        log.info("signing failed: %s", text)
        if "larger than expected" in text or "not enough space" in text.lower():
            return _ContainerTooSmall()
        try:
            self.check_present()
        except TokenRemovedError as removed:
            return removed
        except KysoError:
            pass
        if "Timestamp" in text or "TSA" in text or "tsp" in text:
            return _tsa_error(options.tsa_url, exc)
        if "ValidationError" in text or "PathBuildingError" in text or "revocation" in text.lower():
            return SigningError(
                "Không kiểm tra được chuỗi chứng thư hoặc tình trạng thu hồi để ký ở mức "
                f"{options.level.value}. Kiểm tra chứng thư gốc (trust anchors) và kết nối mạng. "
                f"Chi tiết: {chain[-1]}",
                f"Could not validate the certificate chain or its revocation status for "
                f"{options.level.value}. Check the trust anchors and the network. "
                f"Details: {chain[-1]}",
                code="validation_failed",
            )
        # the details went to the log above: no library text for the user
        return SigningError(
            "Không ký được tệp này: cấu trúc PDF có chỗ Kyso không xử lý được (chi tiết trong "
            "nhật ký). Mở tệp bằng trình xem PDF, lưu lại thành bản mới rồi ký bản đó.",
            "Could not sign this file: its PDF structure has something Kyso cannot handle "
            "(details in the log). Open it in a PDF viewer, save a new copy and sign that.",
            code="sign_failed",
        )


def _within(box: tuple[float, float, float, float], page: tuple[float, float, float, float]) -> bool:
    """``box`` (either corner order) inside ``page``, give or take the point a box is
    rounded by."""
    x1, x2 = sorted((box[0], box[2]))
    y1, y2 = sorted((box[1], box[3]))
    return (x1 >= page[0] - 1 and y1 >= page[1] - 1 and x2 <= page[2] + 1
            and y2 <= page[3] + 1)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _last_signature_rect(page: Any) -> tuple[float, float, float, float] | None:
    """The /Rect of the last visible signature widget on ``page`` (the leader's), if any."""
    found: tuple[float, float, float, float] | None = None
    try:
        annots = page.get("/Annots") or []
        for ref in annots:
            annot = ref.get_object()
            field = annot if "/FT" in annot else annot.get("/Parent", {})
            field = field.get_object() if hasattr(field, "get_object") else field
            if field.get("/FT") != "/Sig" or "/V" not in field:
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            if abs(x2 - x1) > 1 and abs(y2 - y1) > 1:
                found = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    except Exception:  # an odd annotation must not stop signing: use the default place
        return None
    return found


class _ContainerTooSmall(SigningError):
    def __init__(self) -> None:
        super().__init__("container too small", code="container_too_small")


# -- files ---------------------------------------------------------------------------


def output_name_for(src: Path, out_dir: Path | None = None) -> Path:
    """Where :func:`output_path_for` writes ``src``'s signed copy; touches nothing."""
    stem = src.name[:-4] if src.name.lower().endswith(".pdf") else src.name
    folder = out_dir if out_dir is not None else src.parent
    return folder / f"{stem}{SIGNED_SUFFIX}"


def same_output_error(target: Path, first: Path) -> SigningError:
    """A second file of a batch whose signed copy would take ``first``'s output name."""
    return SigningError(
        f"Tệp đã ký {target} trùng tên với bản ký của {first} trong cùng lượt ký; Kyso không "
        "ghi đè. Đổi tên một trong hai tệp hoặc ký chúng vào các thư mục khác nhau.",
        f"The signed copy {target} has the same name as the one of {first} in this batch; "
        "Kyso does not overwrite it. Rename one of the files or sign them into different "
        "folders.",
        code="output_exists",
    )


def output_path_for(src: Path, out_dir: Path | None = None) -> Path:
    """``<name>.signed.pdf`` beside the input or in ``out_dir`` (created if missing)."""
    target = output_name_for(src, out_dir)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, folder) from None
    if target.exists():
        raise SigningError(
            f"Đã có tệp {target}; Kyso không ghi đè. Đổi tên hoặc chuyển tệp đó đi rồi ký lại.",
            f"{target} already exists; Kyso does not overwrite it. Rename or move it and retry.",
            code="output_exists",
        )
    return target


def _check_input(src: Path) -> None:
    try:
        size = src.stat().st_size
    except FileNotFoundError:
        raise SigningError(
            f"Không tìm thấy tệp {src}.", f"File {src} not found.", code="input_missing"
        ) from None
    if size == 0:
        raise SigningError(
            f"Tệp {src.name} rỗng (0 byte), không phải một văn bản PDF.",
            f"{src.name} is empty (0 bytes), not a PDF document.",
            code="input_empty",
        )
    with src.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise SigningError(
            f"Tệp {src.name} không phải tệp PDF.",
            f"{src.name} is not a PDF file.",
            code="not_pdf",
        )


def _damaged(exc: BaseException) -> SigningError:
    log.info("damaged PDF: %s: %s", type(exc).__name__, exc)  # the user gets no library text
    return SigningError(
        "Tệp PDF bị hỏng hoặc không đọc được. Mở tệp bằng trình xem PDF và lưu lại "
        "thành bản mới rồi ký lại.",
        "The PDF is damaged or unreadable. Open it in a PDF viewer, save a new copy "
        "and sign that.",
        code="damaged_pdf",
    )


def _unlock(writer: Any, password: str | None) -> None:
    from pyhanko.pdf_utils.crypt import AuthStatus

    if not password:  # an owner password only: the empty user password opens it
        try:
            opened = writer.encrypt("")
        except Exception:
            opened = None
        if getattr(opened, "status", None) in (AuthStatus.USER, AuthStatus.OWNER):
            return
        raise SigningError(
            "Tệp PDF được mã hóa bằng mật khẩu. Nhập mật khẩu của tệp để ký, hoặc gỡ mật khẩu "
            "rồi ký lại.",
            "The PDF is encrypted with a password. Give the file's password to sign it, or "
            "remove the password first.",
            code="encrypted_pdf",
        )
    try:
        result = writer.encrypt(password)
    except Exception:
        result = None
    status = getattr(result, "status", None)
    if status not in (AuthStatus.USER, AuthStatus.OWNER):
        raise SigningError(
            "Mật khẩu của tệp PDF không đúng.",
            "Wrong password for the PDF file.",
            code="bad_password",
        )


def _temp_beside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(name)


def _link_into_place(tmp: Path, target: Path) -> None:
    """Give ``tmp`` its final name without ever replacing an existing file."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise SigningError(
            f"Đã có tệp {target}; Kyso không ghi đè.",
            f"{target} already exists; Kyso does not overwrite it.",
            code="output_exists",
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():  # a file system without hard links (FAT, some shares)
            raise SigningError(
                f"Đã có tệp {target}; Kyso không ghi đè.",
                f"{target} already exists; Kyso does not overwrite it.",
                code="output_exists",
            ) from None
        os.rename(tmp, target)
        return
    _unlink_quietly(tmp)


def _close_quietly(stream: Any) -> None:
    try:
        stream.close()
    except OSError:
        pass


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _os_error(exc: OSError, where: Path) -> SigningError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return SigningError(
            f"Ổ đĩa chứa {where} đã đầy; không ghi được tệp đã ký (không có tệp dở dang nào "
            "được giữ lại). Giải phóng dung lượng hoặc chọn thư mục khác.",
            f"The disk holding {where} is full; the signed file could not be written (no "
            "partial file was kept). Free some space or choose another folder.",
            code="disk_full",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SigningError(
            f"Không có quyền ghi vào {where}. Chọn thư mục khác để lưu tệp đã ký.",
            f"No permission to write to {where}. Choose another folder for the signed file.",
            code="output_not_writable",
        )
    return SigningError(
        f"Lỗi đọc/ghi tệp {where}: {exc.strerror or exc}.",
        f"I/O error on {where}: {exc.strerror or exc}.",
        code="io_error",
    )


def _in_digest_order(
    certificate: x509.Certificate,
    docs: Sequence[PreparedDocument],
    signatures: list[bytes],
    algorithm: Any,
) -> list[bytes]:
    """``signatures`` in the order of ``docs``, each checked with the certificate. A service
    that answers in another order gets its signatures matched to the digests they verify;
    only a signature that verifies none raises :class:`KeyMismatchError`."""
    try:
        for doc, signature in zip(docs, signatures, strict=True):
            check_signature(certificate, doc.digest, signature, algorithm)
        return signatures
    except KeyMismatchError as mismatch:
        first = mismatch
    ordered: list[bytes | None] = [None] * len(docs)
    for signature in signatures:
        for k, doc in enumerate(docs):
            if ordered[k] is not None:
                continue
            try:
                check_signature(certificate, doc.digest, signature, algorithm)
            except KeyMismatchError:
                continue
            ordered[k] = signature
            break
        else:
            raise first
    log.warning("the signing service returned the signatures out of order; matched by digest")
    return [s for s in ordered if s is not None]


def _tsa_error(url: str, exc: BaseException) -> SigningError:
    """One language per message: a KysoError's own words in each, anything else (a library's
    English, an errno) only in the log."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    if isinstance(exc, KysoError):
        why_vi, why_en = f" ({exc.vi.rstrip('.')})", f" ({exc.en.rstrip('.')})"
    else:
        log.warning("timestamp from %s failed: %r", url, exc)
        why_vi = why_en = ""
    return SigningError(
        f"Không lấy được dấu thời gian từ máy chủ {host}{why_vi}. Kiểm tra kết nối mạng và "
        "địa chỉ TSA trong thiết lập, hoặc ký ở mức B-B.",
        f"Could not get a timestamp from {host}{why_en}. Check the network and the TSA "
        "address in the settings, or sign at B-B.",
        code="tsa_failed",
    )


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()
