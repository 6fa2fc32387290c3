"""Reading a signed PDF: the file, its pages, and every signature-like object in it.

:func:`collect_entries` lists what a verifier must speak about, leniently (field names
with periods, fields reached through ``/Kids``, odd ``/Type`` values are all read):

* signatures (``adbe.pkcs7.detached``, ``ETSI.CAdES.detached``, legacy ``adbe.pkcs7.sha1``);
* document timestamps: ``/Type /DocTimeStamp`` *or* ``/SubFilter /ETSI.RFC3161`` whatever
  ``/Type`` says (some producers write ``/Type /Sig`` or none);
* signatures of a type Kyso cannot verify (``adbe.x509.rsa_sha1``, unknown), listed so they
  are never dropped silently;
* empty signature fields (names only).

One signature dictionary referenced from two fields is one entry (with both names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.core.verify.report import (
    KIND_DOC_TIMESTAMP,
    KIND_SIGNATURE,
    KIND_UNSUPPORTED,
    Appearance,
    VerifyError,
)

MAX_FILE_BYTES = 1 << 31


SIGNATURE_SUBFILTERS = {"/adbe.pkcs7.detached", "/ETSI.CAdES.detached", "/adbe.pkcs7.sha1"}
LEGACY_SHA1 = "/adbe.pkcs7.sha1"
TIMESTAMP_SUBFILTER = "/ETSI.RFC3161"


@dataclass
class Entry:
    """One signature-like object of the document."""

    kind: str
    fields: list[str]
    sig_field: Any
    subfilter: str | None
    sig: Any = None
    """pyHanko's ``EmbeddedPdfSignature`` (None when the CMS could not be read)."""
    error: Exception | None = None
    revision: int | None = None
    extra_widgets: list[Any] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " / ".join(self.fields)


def _timestamp_class() -> Any:
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    class DocumentTimestamp(EmbeddedPdfSignature):  # type: ignore[misc]
        """A document timestamp whatever its ``/Type`` says (pyHanko needs the name)."""

        @property
        def sig_object_type(self) -> Any:
            return pdf_name("/DocTimeStamp")

    return DocumentTimestamp


def walk_fields(reader: Any, field_type: str | None = "/Sig") -> list[tuple[str, Any]]:
    """(fully qualified name, field dictionary) of every terminal field of
    ``field_type`` (None: of any type), in order."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[str, Any]] = []
    seen: set[tuple[int, int]] = set()

    def walk(items: Any, parent: str, parent_ft: Any, depth: int) -> None:
        if depth > 32:
            return
        for item in items or ():
            if isinstance(item, generic.IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
            try:
                node = item.get_object()
            except Exception:
                continue
            if not isinstance(node, generic.DictionaryObject):
                continue
            partial = str(node.get("/T", "")) if "/T" in node else ""
            name = f"{parent}.{partial}" if parent and partial else (partial or parent)
            ft = node.get("/FT", parent_ft)
            kids = node.get("/Kids")
            if kids and any("/T" in k.get_object() for k in kids if _is_dict(k)):
                walk(kids, name, ft, depth + 1)
                continue
            if field_type is None or ft == field_type:
                out.append((name or "?", node))

    try:
        walk(reader.root["/AcroForm"]["/Fields"], "", None, 0)
    except KeyError:
        return out
    return out


def _is_dict(obj: Any) -> bool:
    from pyhanko.pdf_utils import generic

    try:
        return isinstance(obj.get_object(), generic.DictionaryObject)
    except Exception:
        return False


def collect_entries(reader: Any) -> tuple[list[Entry], list[str]]:
    """Every signature-like object (in signing order) and the names of empty fields."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    timestamp_cls = _timestamp_class()
    entries: list[Entry] = []
    by_ref: dict[tuple[int, int], Entry] = {}
    empty: list[str] = []
    for name, node in walk_fields(reader):
        v_ref = node.raw_get("/V") if "/V" in node else None
        if v_ref is None:
            empty.append(name)
            continue
        key = (v_ref.idnum, v_ref.generation) if isinstance(v_ref, generic.IndirectObject) else None
        if key is not None and key in by_ref:
            by_ref[key].fields.append(name)
            by_ref[key].extra_widgets.append(node)
            continue
        try:
            sig_obj = v_ref.get_object()
            subfilter = str(sig_obj.get("/SubFilter", "")) or None
            sig_type = str(sig_obj.get("/Type", "")) or None
        except Exception as exc:
            entry = Entry(KIND_UNSUPPORTED, [name], node, None, error=exc)
            entries.append(entry)
            continue
        if subfilter == TIMESTAMP_SUBFILTER or sig_type == "/DocTimeStamp":
            kind, cls = KIND_DOC_TIMESTAMP, timestamp_cls
        elif subfilter in SIGNATURE_SUBFILTERS:
            kind, cls = KIND_SIGNATURE, EmbeddedPdfSignature
        else:
            kind, cls = KIND_UNSUPPORTED, None
        entry = Entry(kind, [name], node, subfilter)
        if cls is not None:
            try:
                entry.sig = cls(reader, node, name)
                entry.revision = int(entry.sig.signed_revision)
            except Exception as exc:
                entry.error = exc
        if entry.revision is None:
            try:
                entry.revision = int(reader.xrefs.get_last_change(v_ref.reference))
            except Exception:
                entry.revision = None
        entries.append(entry)
        if key is not None:
            by_ref[key] = entry
    entries.sort(key=lambda e: e.revision if e.revision is not None else 1 << 30)
    return entries, empty


def open_reader(data: bytes) -> Any:
    """pyHanko's reader, lenient where that is safe: a trailer ``/Encrypt null`` (written by
    some producers for an unencrypted file) means no encryption, not a damaged file."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    class LenientReader(PdfFileReader):  # type: ignore[misc]
        @property
        def encrypt_dict(self) -> Any:
            try:
                ref = self.trailer.raw_get("/Encrypt")
            except KeyError:
                return None
            if isinstance(ref, generic.NullObject):
                return None
            if isinstance(ref, generic.IndirectObject) and isinstance(
                self.get_object(ref.reference, never_decrypt=True), generic.NullObject
            ):
                return None
            return super().encrypt_dict

    return LenientReader(io.BytesIO(data), strict=False)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def read_input(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise VerifyError(
                f"{path} không phải là tệp.", f"{path} is not a file.", code="not_a_file"
            )
        if size == 0:
            raise VerifyError("Tệp rỗng (0 byte).", "The file is empty (0 bytes).", code="empty")
        if size > MAX_FILE_BYTES:
            raise VerifyError(
                "Tệp quá lớn để kiểm tra (trên 2 GB).",
                "The file is too large to check (over 2 GB).",
                code="too_large",
            )
        return path.read_bytes()
    except VerifyError:
        raise
    except FileNotFoundError:
        raise VerifyError(
            f"Không tìm thấy tệp {path}.", f"The file {path} does not exist.", code="not_found"
        ) from None
    except OSError as exc:
        raise VerifyError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}.",
            f"Could not read {path}: {exc.strerror or exc}.",
            code="unreadable",
        ) from None


def damaged(exc: BaseException) -> VerifyError:
    return VerifyError(
        "Tệp PDF bị hỏng hoặc không đúng cấu trúc nên không đọc được chữ ký. Đề nghị bên gửi "
        "gửi lại tệp.",
        f"The PDF is damaged or malformed; its signatures cannot be read ({type(exc).__name__}: "
        f"{str(exc)[:200]}).",
        code="damaged",
    )


def page_refs(reader: Any) -> list[tuple[int, int]]:
    """(idnum, generation) of each page, in order."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()

    def walk(obj: Any, depth: int) -> None:
        if depth > 64 or len(out) > 100_000:
            return
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                return
            seen.add(key)
            node = obj.get_object()
        else:
            key = None
            node = obj
        if not isinstance(node, generic.DictionaryObject):
            return
        if "/Kids" in node:
            kids = node.raw_get("/Kids")
            if isinstance(kids, generic.IndirectObject):
                kids = kids.get_object()
            for kid in kids:
                walk(kid, depth + 1)
        elif key is not None:
            out.append(key)

    try:
        walk(reader.root.raw_get("/Pages"), 0)
    except Exception:
        return out
    return out


def appearance_of(reader: Any, field_dict: Any, pages: list[tuple[int, int]]) -> Appearance | None:
    """Where the field's first visible widget sits (None when invisible)."""
    from pyhanko.pdf_utils import generic

    widgets: list[Any] = []
    if "/Rect" in field_dict:
        widgets.append(field_dict)
    for kid in field_dict.get("/Kids", ()) or ():
        widgets.append(kid.get_object() if isinstance(kid, generic.IndirectObject) else kid)
    # An empty field (no /V yet) still has widgets; a value-less field added after
    # signing is one a shadow attack may paint with.
    v_ref = field_dict.raw_get("/V") if "/V" in field_dict else None
    for widget in widgets:
        rect = [float(v) for v in widget["/Rect"]]
        if len(rect) != 4:
            continue
        x1, x2 = sorted((rect[0], rect[2]))
        y1, y2 = sorted((rect[1], rect[3]))
        if x2 - x1 < 0.5 or y2 - y1 < 0.5:
            continue
        page = None
        p = widget.raw_get("/P") if "/P" in widget else None
        if isinstance(p, generic.IndirectObject):
            key = (p.idnum, p.generation)
            if key in pages:
                page = pages.index(key)
        if page is None:
            page = _find_widget_page(reader, pages, widget, v_ref)
        if page is None:
            continue
        size = None
        try:
            page_obj = reader.get_object(generic.Reference(*pages[page]))
            box = [float(v) for v in page_obj["/MediaBox"]]
            size = (abs(box[2] - box[0]), abs(box[3] - box[1]))
        except Exception:
            size = None
        return Appearance(page, (x1, y1, x2, y2), size)
    return None


def _find_widget_page(
    reader: Any, pages: list[tuple[int, int]], widget: Any, v_ref: Any
) -> int | None:
    from pyhanko.pdf_utils import generic

    for index, (idnum, gen) in enumerate(pages):
        page = reader.get_object(generic.Reference(idnum, gen))
        for annot in page.get("/Annots", ()) or ():
            obj = annot.get_object() if isinstance(annot, generic.IndirectObject) else annot
            if obj is widget:
                return index
            try:
                ref = obj.raw_get("/V") if "/V" in obj else obj["/Parent"].raw_get("/V")
            except Exception:
                continue
            if (
                isinstance(ref, generic.IndirectObject)
                and isinstance(v_ref, generic.IndirectObject)
                and (ref.idnum, ref.generation) == (v_ref.idnum, v_ref.generation)
            ):
                return index
    return None
