"""Is this PDF fit to be signed? Asked before the PIN, answered in words (issue 13).

pyHanko appends an incremental update and trusts the file's cross-reference data: a trailer
whose /Size is too small makes it give new objects numbers the file already uses, and the
"signed" output then holds no signature that poppler, mupdf or pyHanko itself can read.
So every input is first read by a second, independent parser, qpdf (through pikepdf),
without its recovery mode:

* it opens cleanly and its /Size, page tree and catalog agree with what qpdf finds: signed
  as it is;
* qpdf needs its recovery mode, or finds the /Size, the page count or the catalog wrong:
  the file is *repaired* — rewritten by qpdf into a new, clean file beside the output,
  which the user is told about ("tệp bị lỗi cấu trúc; Kyso đã lưu lại thành bản mới trước
  khi ký") and which is what gets signed — unless it already carries signatures (a rewrite
  would break them) or is encrypted: then it is refused;
* qpdf cannot read it even with recovery: refused.

A signature already in the file whose digest no longer matches (the file was changed after
signing) is refused too: a new signature on top would be one more signature on a document
validators call modified.

:func:`inspect_pdf` needs no token and is cheap (cross-reference and page tree only; the
existing signatures' ranges are hashed, nothing else is read); the CLI runs it on every
file before it asks for the PIN, and :meth:`DocumentSigner.sign_file` runs it again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError

log = logging.getLogger(__name__)

REPAIRED_SUFFIX = ".repaired.pdf"


class InputError(KysoError):
    """The PDF cannot be signed as it is; the message says why and what to do."""


REPAIRED_VI = "Tệp bị lỗi cấu trúc; Kyso đã lưu lại thành bản mới trước khi ký"
REPAIRED_EN = "The file's structure was damaged; Kyso saved it as a new file before signing"


@dataclass(frozen=True)
class EmptyField:
    """A signature field waiting for a signature."""

    name: str
    """Fully qualified field name."""
    page: int | None
    """0-based index of the page its widget is on (None: not on any page)."""
    rect: tuple[float, float, float, float] | None

    @property
    def visible(self) -> bool:
        r = self.rect
        return self.page is not None and r is not None and r[2] - r[0] > 1 and r[3] - r[1] > 1


@dataclass(frozen=True)
class FieldLock:
    """What a signature already in the file locks (ISO 32000 §12.7.5.5 and §12.8.2.4): the
    /FieldMDP reference of its signature dictionary, else its field's /Lock dictionary."""

    signature: str
    """The fully qualified name of the signed field whose signature holds the lock."""
    action: str
    """``All``, ``Include`` or ``Exclude``."""
    fields: tuple[str, ...] = ()
    """The fields ``Include`` locks or ``Exclude`` leaves free."""
    permission: int | None = None
    """The lock dictionary's /P (PDF 2.0): a DocMDP level that holds once the field is signed."""

    def locks(self, name: str) -> bool:
        """Whether a field called ``name`` may no longer be changed (or created visible).
        A listed non-terminal field covers every field below it (as pyHanko reads it)."""
        if self.action == "All":
            return True
        listed = any(name == f or name.startswith(f + ".") for f in self.fields)
        return listed if self.action == "Include" else not listed


@dataclass
class InputReport:
    """What :func:`inspect_pdf` found."""

    path: Path
    encrypted: bool = False
    signatures: int = 0
    """Signature fields already holding a signature."""
    pages: int = 0
    highest_object: int = 0
    """The highest object number in the cross-reference data: every object a signature adds
    must be numbered above it."""
    needs_repair: list[str] = field(default_factory=list)
    """Why qpdf would rather rewrite the file (empty: sign it as it is)."""
    certification: int | None = None
    """DocMDP /P of a certification signature (1, 2 or 3), None if not certified."""
    empty_fields: list[EmptyField] = field(default_factory=list)
    """Signature fields without a signature (visible ones first)."""
    locks: list[FieldLock] = field(default_factory=list)
    """Field locks of the signatures already in the file."""


def damaged_error(path: Path, why: str | None = None) -> InputError:
    if why:
        log.info("%s: damaged: %s", path, why)
    return InputError(
        f"Tệp {path.name} bị hỏng, Kyso không đọc được cấu trúc của nó. Mở tệp bằng trình "
        "xem PDF, lưu lại thành bản mới rồi ký bản đó.",
        f"{path.name} is damaged; Kyso cannot read its structure. Open it in a PDF viewer, "
        "save a new copy and sign that.",
        code="damaged_pdf",
    )


def _password_error(path: Path, given: bool) -> InputError:
    if given:
        return InputError(
            "Mật khẩu của tệp PDF không đúng.", "Wrong password for the PDF file.",
            code="bad_password",
        )
    return InputError(
        f"Tệp {path.name} được bảo vệ bằng mật khẩu. Nhập mật khẩu của tệp để ký (dòng lệnh: "
        "--password-stdin), hoặc gỡ mật khẩu rồi ký lại.",
        f"{path.name} is protected by a password. Give the file's password to sign it "
        "(command line: --password-stdin), or remove the password first.",
        code="encrypted_pdf",
    )


def _open(path: Path, password: str | None, recover: bool) -> Any:
    """Open ``path`` with qpdf; the password only when the file needs one (one password is
    given for a whole batch, and pikepdf warns when a file that needs none gets one)."""
    import pikepdf

    try:
        return pikepdf.open(path, password="", attempt_recovery=recover, suppress_warnings=True)
    except pikepdf.PasswordError:
        if not password:
            raise
    return pikepdf.open(
        path, password=password, attempt_recovery=recover, suppress_warnings=True
    )


def inspect_pdf(path: Path, password: str | None = None) -> InputReport:
    """Read ``path`` with qpdf and report what signing it needs; raise :class:`InputError`
    (damaged beyond repair, wrong or missing password, a broken existing signature)."""
    import pikepdf

    report = InputReport(path)
    try:
        pdf = _open(path, password, recover=False)
    except pikepdf.PasswordError:
        raise _password_error(path, bool(password)) from None
    except (pikepdf.PdfError, RuntimeError, ValueError) as exc:
        report.needs_repair.append(f"qpdf: {exc}")
        try:
            pdf = _open(path, password, recover=True)
        except pikepdf.PasswordError:
            raise _password_error(path, bool(password)) from None
        except Exception as exc2:
            raise damaged_error(path, str(exc2)) from None
    with pdf:
        report.encrypted = bool(pdf.is_encrypted)
        try:
            _structure(pdf, report)
        except InputError:
            raise
        except Exception as exc:  # qpdf reads it, yet its objects are not what they claim
            raise damaged_error(path, f"structure: {exc}") from None
        if report.needs_repair and report.signatures:
            raise _damaged_signed(path)
        if report.needs_repair and report.encrypted:
            raise InputError(
                f"Tệp {path.name} được mã hóa và bị lỗi cấu trúc; Kyso không sửa được tệp mã hóa. "
                "Mở tệp bằng trình xem PDF, lưu lại thành bản mới rồi ký bản đó.",
                f"{path.name} is encrypted and its structure is damaged; Kyso cannot repair an "
                "encrypted file. Open it in a PDF viewer, save a new copy and sign that.",
                code="damaged_pdf",
            )
    if _raw_signature_count(path) > report.signatures:
        # signature dictionaries in the bytes that qpdf's cross-reference data does not reach:
        # signing (or a rewrite) would quietly drop them
        raise _damaged_signed(path)
    if report.signatures:
        _check_existing_signatures(path, password)
    return report


def _first_xref_offset(path: Path) -> int:
    """Where the first revision's cross-reference data starts, as pyHanko reads it (0 if it
    cannot tell). Signature dictionaries of later revisions all lie after it."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        with path.open("rb") as fh:
            xrefs = PdfFileReader(fh, strict=False).xrefs
            return int(min(
                xrefs.get_xref_container_info(r).start_location
                for r in range(xrefs.total_revisions)
            ))
    except Exception:
        return 0


def _raw_signature_count(path: Path) -> int:
    """How many ``/ByteRange`` keys the file's bytes hold (a scan, no parsing).

    The scan starts at the first revision's cross-reference data: every signature added by
    an incremental update lies after it, and a big single-revision file is not read twice
    (a signature inside the first revision that qpdf cannot reach is not seen). Read in
    chunks (an mmap would count the file in the process's resident memory). A PDF 2.0 MAC
    dictionary (ISO 32004, written by pyHanko into encrypted files) has a /ByteRange
    followed by ``/MACLocation``; it is not a signature and is skipped."""
    key = b"/ByteRange"
    after = len(key) + 200
    count = 0
    tail = b""
    with path.open("rb") as fh:
        fh.seek(_first_xref_offset(path))
        while block := fh.read(4 << 20):
            data = tail + block
            pos = 0
            at = data.find(key)
            while at >= 0 and at + after <= len(data):
                count += b"/MACLocation" not in data[at : at + after]
                pos = at + len(key)
                at = data.find(key, pos)
            tail = data[at if at >= 0 else max(pos, len(data) - len(key) + 1) :]
    at = tail.find(key)
    while at >= 0:
        count += b"/MACLocation" not in tail[at : at + after]
        at = tail.find(key, at + len(key))
    return count


def _damaged_signed(path: Path) -> InputError:
    return InputError(
        f"Tệp {path.name} đã có chữ ký số nhưng bị lỗi cấu trúc; sửa tệp sẽ làm hỏng "
        "các chữ ký đó, nên Kyso không ký thêm. Xin bản gốc còn nguyên vẹn từ nơi gửi.",
        f"{path.name} is already signed but its structure is damaged; repairing it would "
        "break those signatures, so Kyso will not add one. Ask the sender for an intact "
        "copy.",
        code="damaged_signed_pdf",
    )


def _structure(pdf: Any, report: InputReport) -> None:
    import pikepdf

    root = pdf.trailer.get("/Root")
    if not isinstance(root, pikepdf.Dictionary) or not isinstance(
        root.get("/Pages"), pikepdf.Dictionary
    ):
        raise damaged_error(report.path, "no catalog or page tree")
    if root.get("/Type") != pikepdf.Name.Catalog:
        report.needs_repair.append("catalog without /Type /Catalog")
    xref = pdf.get_xref_table()
    highest = report.highest_object = max((objgen[0] for objgen in xref), default=0)
    size = pdf.trailer.get("/Size")
    if not isinstance(size, int) or int(size) < highest + 1:
        # the case that makes an incremental update reuse object numbers
        report.needs_repair.append(f"trailer /Size {size} but objects up to {highest}")
    report.pages = len(pdf.pages)
    if report.pages == 0:
        raise damaged_error(report.path, "no pages")
    count = root["/Pages"].get("/Count")
    if not isinstance(count, int) or int(count) != report.pages:
        report.needs_repair.append(f"/Count {count} but {report.pages} pages")
    # qpdf had to work around something (an object not where the xref says, a bad page tree
    # node…): validators may each work around it differently, so rewrite it first. Stray
    # whitespace before an xref is common and harmless: not a reason to rewrite a file.
    serious = [w for w in pdf.get_warnings() if "extraneous whitespace" not in w]
    report.needs_repair.extend(f"qpdf: {w}" for w in serious[:5])
    _fields(root, report, pdf)


def _fields(root: Any, report: InputReport, pdf: Any) -> None:
    """Signature fields (filled and empty) and the certification level, from the form."""
    import pikepdf

    perms = root.get("/Perms")
    if isinstance(perms, pikepdf.Dictionary) and isinstance(perms.get("/DocMDP"), pikepdf.Dictionary):
        report.certification = _docmdp_level(perms["/DocMDP"])
    form = root.get("/AcroForm")
    if not isinstance(form, pikepdf.Dictionary):
        return
    pages_of: dict[tuple[int, int], int] = {}
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots") or []:
            if isinstance(annot, pikepdf.Dictionary) and annot.is_indirect:
                pages_of[annot.objgen] = index
    empty: list[EmptyField] = []
    stack = [(f, "") for f in (form.get("/Fields") or [])][:10000]
    seen = 0
    while stack and seen < 10000:
        node, prefix = stack.pop()
        seen += 1
        if not isinstance(node, pikepdf.Dictionary):
            continue
        name = str(node.get("/T", ""))
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        kids = node.get("/Kids")
        widgets = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/T" not in k] if isinstance(kids, pikepdf.Array) else []
        if node.get("/FT") == pikepdf.Name.Sig:
            if isinstance(node.get("/V"), pikepdf.Dictionary):
                report.signatures += 1
                if report.certification is None:
                    report.certification = _docmdp_level(node["/V"])
                lock = _field_lock(full, node)
                if lock is not None:
                    report.locks.append(lock)
            else:
                widget = node if "/Rect" in node else (widgets[0] if widgets else None)
                rect = _rect(widget.get("/Rect")) if widget is not None else None
                page = pages_of.get(widget.objgen) if widget is not None and widget.is_indirect else None
                empty.append(EmptyField(full, page, rect))
            continue
        if isinstance(kids, pikepdf.Array):
            stack.extend((k, full) for k in kids if isinstance(k, pikepdf.Dictionary) and "/T" in k)
    report.empty_fields = sorted(empty, key=lambda f: not f.visible)


def _field_lock(name: str, node: Any) -> FieldLock | None:
    """The lock a signed field's signature holds (None: it locks nothing).

    The signature's /FieldMDP reference is what it signed; a field /Lock dictionary without
    one still says what its signer meant to lock (pyHanko writes the reference from it), so
    it counts too. Its /P counts only when the signature has no DocMDP reference (a
    certification's own /P is :attr:`InputReport.certification`)."""
    import pikepdf

    sig = node["/V"]
    params = None
    for ref in sig.get("/Reference") or []:
        if isinstance(ref, pikepdf.Dictionary) and ref.get("/TransformMethod") == pikepdf.Name.FieldMDP:
            params = ref.get("/TransformParams")
    lock_dict = node.get("/Lock")
    lock_dict = lock_dict if isinstance(lock_dict, pikepdf.Dictionary) else None
    if not isinstance(params, pikepdf.Dictionary):
        params = lock_dict
    permission = None
    if lock_dict is not None and _docmdp_level(sig) is None:
        p = lock_dict.get("/P")
        permission = int(p) if isinstance(p, int) and int(p) in (1, 2, 3) else None
    action = str(params.get("/Action", ""))[1:] if params is not None else ""
    if action not in ("All", "Include", "Exclude"):
        return FieldLock(name, "Include", (), permission) if permission else None
    listed = params.get("/Fields") if action != "All" else None
    names = tuple(str(f) for f in listed) if isinstance(listed, pikepdf.Array) else ()
    return FieldLock(name, action, names, permission)


def _rect(value: Any) -> tuple[float, float, float, float] | None:
    try:
        x1, y1, x2, y2 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _docmdp_level(sig: Any) -> int | None:
    import pikepdf

    for ref in sig.get("/Reference") or []:
        if isinstance(ref, pikepdf.Dictionary) and ref.get("/TransformMethod") == pikepdf.Name.DocMDP:
            params = ref.get("/TransformParams")
            p = params.get("/P", 2) if isinstance(params, pikepdf.Dictionary) else 2
            return int(p) if int(p) in (1, 2, 3) else 2
    return None


def _check_existing_signatures(path: Path, password: str | None) -> None:
    """Every signature already in the file still matches the bytes it signed."""
    from asn1crypto import cms

    from kyso.core.certs.asn1_names import ensure_registered
    from kyso.core.signing.output_check import read_signatures

    # Reading the old signature by name first would freeze asn1crypto's name map without
    # signing_certificate_v2, and pyHanko could then not build the new signature.
    ensure_registered()

    try:
        found = read_signatures(path, password, recover=True)
    except Exception as exc:
        log.info("%s: existing signatures unreadable: %s", path, exc)
        raise _broken_signature(path, "?") from None
    for sig in found:
        try:
            info = cms.ContentInfo.load(sig.contents)
            signer = info["content"]["signer_infos"][0]
            if info["content_type"].native != "signed_data":
                continue
            algo = signer["digest_algorithm"]["algorithm"].native
            signed_attrs = signer["signed_attrs"]
            expected = next(
                (a["values"][0].native for a in signed_attrs if a["type"].native == "message_digest"),
                None,
            )
        except Exception:
            expected, algo = None, None
        if expected is None or sig.digest(algo) != expected:
            raise _broken_signature(path, sig.name)


def _broken_signature(path: Path, name: str) -> InputError:
    return InputError(
        f"Chữ ký “{name}” có sẵn trong tệp {path.name} không còn khớp với nội dung "
        "(tệp đã bị sửa sau khi ký, hoặc bị hỏng). Kyso không ký thêm lên tệp này; xin "
        "bản gốc từ nơi gửi.",
        f"The signature “{name}” already in {path.name} no longer matches the content "
        "(the file was changed after signing, or is damaged). Kyso will not sign on top "
        "of it; ask the sender for the original.",
        code="existing_signature_broken",
    )


def repair(src: Path, folder: Path, password: str | None = None) -> Path:
    """Rewrite ``src`` with qpdf (recovery on) as ``<name>.repaired.pdf`` in ``folder``.

    The copy is written to a temporary file and linked into place; an existing file of that
    name is never replaced (a number is added instead).
    """
    import pikepdf

    stem = _stem(src)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".part", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _open(src, password, recover=True) as pdf:
            root = pdf.Root
            if root.get("/Type") != pikepdf.Name.Catalog:
                root.Type = pikepdf.Name.Catalog
            pages = root.get("/Pages")
            if isinstance(pages, pikepdf.Dictionary):
                pages.Count = len(pdf.pages)
            pdf.save(tmp, fix_metadata_version=False)
        _check_repaired(tmp)  # qpdf's rewrite must read cleanly itself
        for n in range(1, 100):
            target = _repaired_name(src, folder, n)
            try:
                os.link(tmp, target)
            except FileExistsError:
                continue
            return target
        raise InputError(
            f"Không đặt được tên cho bản sửa của {src.name}.",
            f"No free name for the repaired copy of {src.name}.",
            code="repair_failed",
        )
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def _stem(src: Path) -> str:
    return src.name[:-4] if src.name.lower().endswith(".pdf") else src.name


def _repaired_name(src: Path, folder: Path, n: int) -> Path:
    stem = _stem(src)
    return folder / (f"{stem}{REPAIRED_SUFFIX}" if n == 1 else f"{stem}.repaired-{n}.pdf")


def repaired_path(src: Path, folder: Path) -> Path:
    """Where :func:`repair` would save the repaired copy of ``src`` in ``folder`` now (the
    first free name), for telling the user before the PIN."""
    for n in range(1, 100):
        target = _repaired_name(src, folder, n)
        if not target.exists():
            return target
    return _repaired_name(src, folder, 1)


def _check_repaired(path: Path) -> None:
    report = inspect_pdf(path)
    if report.needs_repair:
        raise ValueError(f"still damaged after qpdf: {report.needs_repair}")


@dataclass
class PreparedInput:
    """The file to sign: the input itself, or its repaired copy (``repaired``)."""

    path: Path
    report: InputReport
    repaired: Path | None = None
    field: EmptyField | None = None
    """An existing empty signature field to sign into (a certified document, P=2)."""


def preflight(src: Path, password: str | None, appearance: Any) -> InputReport:
    """Everything that can be said about ``src`` before the PIN: readable, repairable,
    password, existing signatures, certification (raises :class:`InputError`)."""
    from kyso.core.signing.certification import plan_certified

    report = inspect_pdf(src, password)
    plan_certified(report, appearance)
    return report


def prepare_input(
    src: Path, folder: Path, password: str | None = None, appearance: Any = None
) -> PreparedInput:
    """Inspect ``src``; repair it into ``folder`` if qpdf had to recover it (see the module's
    docstring); find the field a certified document wants signed. Raises
    :class:`InputError` when it cannot be signed."""
    from kyso.core.signing.certification import plan_certified

    report = inspect_pdf(src, password)
    field = plan_certified(report, appearance) if appearance is not None else None
    if not report.needs_repair:
        return PreparedInput(src, report, field=field)
    log.info("%s: repairing before signing: %s", src, "; ".join(report.needs_repair))
    try:
        repaired = repair(src, folder, password)
    except InputError:
        raise
    except OSError:
        raise
    except Exception as exc:
        raise damaged_error(src, f"repair failed: {exc}") from None
    try:
        os.chmod(repaired, output_mode(src))
        return PreparedInput(repaired, inspect_pdf(repaired, password), repaired)
    except BaseException:
        repaired.unlink(missing_ok=True)
        raise


def output_mode(src: Path) -> int:
    """The input's permission bits without the executable ones (outputs are documents)."""
    import stat

    try:
        return stat.S_IMODE(src.stat().st_mode) & 0o666
    except OSError:
        return 0o644


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()
