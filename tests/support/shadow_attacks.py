"""Overlay and replace shadow attacks (issue 12), in the shapes of the "PDF Insecurity"
papers (Mainka, Mladenov, Rohlmann: *Shadow Attacks*, NDSS 2021; *Breaking the
Specification: PDF Certification*, IEEE S&P 2021).

* **Overlay** — after signing, an incremental update adds an object whose appearance
  paints over signed content: a FreeText annotation (the Evil Annotation Attack) or a new,
  unsigned signature field whose widget carries an appearance (the Sneaky Signature
  Attack's vehicle: signature fields may be added after an approval signature).
* **Replace only** — the signed revision already holds a form field showing a value *and*
  a prepared replacement appearance that nothing uses yet; the later update only "fills"
  the field: a new ``/V`` and ``/AP`` pointing at the object that was signed. Every object
  the update touches is a form field's value.

The hide-and-replace variant lives in :mod:`tests.support.verify_fixtures`.
"""

from __future__ import annotations

import io
import re
from typing import Any

from tests.support.verify_fixtures import _appearance_stream, simple_pdf

Rect = tuple[float, float, float, float]


def _writer(data: bytes) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)


def _out(w: Any) -> bytes:
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _rect(rect: Rect) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.ArrayObject([generic.FloatObject(v) for v in rect])


def _add_to_page(w: Any, annot_ref: Any) -> None:
    from pyhanko.pdf_utils import generic

    page_ref = w.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    annots = page.get("/Annots")
    if annots is None:
        page[generic.pdf_name("/Annots")] = generic.ArrayObject([annot_ref])
        w.update_container(page)
        return
    annots.append(annot_ref)
    if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
        w.mark_update(page.raw_get("/Annots"))
    else:
        w.update_container(page)


def overlay_annotation(data: bytes, rect: Rect, appearance: bytes) -> bytes:
    """A FreeText annotation added after signing, its appearance painting ``rect``."""
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    x1, y1, x2, y2 = rect
    name = generic.pdf_name
    annot = generic.DictionaryObject(
        {
            name("/Type"): name("/Annot"),
            name("/Subtype"): name("/FreeText"),
            name("/Rect"): _rect(rect),
            name("/F"): generic.NumberObject(4),
            name("/Contents"): generic.pdf_string("ghi chu"),
            name("/DA"): generic.pdf_string("/Helv 12 Tf 0 g"),
            name("/P"): w.root["/Pages"].raw_get("/Kids")[0],
            name("/AP"): generic.DictionaryObject(
                {name("/N"): _appearance_stream(w, appearance, x2 - x1, y2 - y1)}
            ),
        }
    )
    _add_to_page(w, w.add_object(annot))
    return _out(w)


def comment_annotation(data: bytes, rect: Rect, subtype: str = "/Text") -> bytes:
    """A plain reviewer's comment added after signing: a ``/Text`` (sticky note) or
    ``/FreeText`` annotation over blank paper, with no appearance of its own (viewers draw
    the icon) — what ISO 32000 says DocMDP P=3 permits, and no attack."""
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    name = generic.pdf_name
    annot = generic.DictionaryObject(
        {
            name("/Type"): name("/Annot"),
            name("/Subtype"): name(subtype),
            name("/Rect"): _rect(rect),
            name("/F"): generic.NumberObject(4),
            name("/Contents"): generic.pdf_string("Da xem, chuyen phong Tai chinh"),
            name("/T"): generic.pdf_string("Van thu"),
            name("/P"): w.root["/Pages"].raw_get("/Kids")[0],
        }
    )
    if subtype == "/FreeText":
        annot[name("/DA")] = generic.pdf_string("/Helv 12 Tf 0 g")
    _add_to_page(w, w.add_object(annot))
    return _out(w)


def overlay_signature_field(data: bytes, rect: Rect, appearance: bytes, name: str) -> bytes:
    """A new, empty signature field added after signing whose widget has an appearance
    painting ``rect`` (adding signature fields is what approval signatures allow)."""
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    x1, y1, x2, y2 = rect
    n = generic.pdf_name
    widget = generic.DictionaryObject(
        {
            n("/Type"): n("/Annot"),
            n("/Subtype"): n("/Widget"),
            n("/FT"): n("/Sig"),
            n("/T"): generic.pdf_string(name),
            n("/F"): generic.NumberObject(4),
            n("/Rect"): _rect(rect),
            n("/P"): w.root["/Pages"].raw_get("/Kids")[0],
            n("/AP"): generic.DictionaryObject(
                {n("/N"): _appearance_stream(w, appearance, x2 - x1, y2 - y1)}
            ),
        }
    )
    ref = w.add_object(widget)
    _add_to_page(w, ref)
    fields = w.root["/AcroForm"]["/Fields"]
    fields.append(ref)
    if isinstance(w.root["/AcroForm"].raw_get("/Fields"), generic.IndirectObject):
        w.mark_update(w.root["/AcroForm"].raw_get("/Fields"))
    else:
        w.update_container(w.root["/AcroForm"])
    return _out(w)


def form_with_prepared_replacement(
    rect: Rect, shown: bytes, prepared: bytes, value: str, name: str = "SoTien"
) -> tuple[bytes, int]:
    """A one-page document with a text field already showing ``value`` (appearance
    ``shown``) and an unused appearance stream ``prepared``; returns the bytes and the
    prepared object's number. Everything here is signed afterwards."""
    from pyhanko.pdf_utils import generic

    w = _writer(simple_pdf())
    page_ref = w.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    x1, y1, x2, y2 = rect
    n = generic.pdf_name
    prepared_ref = _appearance_stream(w, prepared, x2 - x1, y2 - y1)
    widget = generic.DictionaryObject(
        {
            n("/Type"): n("/Annot"),
            n("/Subtype"): n("/Widget"),
            n("/FT"): n("/Tx"),
            n("/T"): generic.pdf_string(name),
            n("/V"): generic.pdf_string(value),
            n("/F"): generic.NumberObject(4),
            n("/Rect"): _rect(rect),
            n("/P"): page_ref,
            n("/AP"): generic.DictionaryObject(
                {n("/N"): _appearance_stream(w, shown, x2 - x1, y2 - y1)}
            ),
            # Where the prepared stream hides in the signed revision: an unused entry.
            n("/KysoUnused"): prepared_ref,
        }
    )
    widget_ref = w.add_object(widget)
    page[n("/Annots")] = generic.ArrayObject([widget_ref])
    w.update_container(page)
    w.root[n("/AcroForm")] = w.add_object(
        generic.DictionaryObject({n("/Fields"): generic.ArrayObject([widget_ref])})
    )
    w.update_root()
    return _out(w), prepared_ref.idnum


def swap_to_prepared(data: bytes, value: str, prepared_idnum: int, name: str = "SoTien") -> bytes:
    """The later "form filling": the field's /V and /AP now name the prepared stream
    that was already in the signed revision (no new content object at all)."""
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    for ref in w.root["/AcroForm"]["/Fields"]:
        field_dict = ref.get_object()
        if str(field_dict.get("/T")) != name:
            continue
        field_dict[generic.pdf_name("/V")] = generic.pdf_string(value)
        field_dict[generic.pdf_name("/AP")] = generic.DictionaryObject(
            {generic.pdf_name("/N"): generic.IndirectObject(prepared_idnum, 0, w)}
        )
        w.mark_update(ref)
    return _out(w)


# -- a reference left dangling in the signed revision, filled in later ----------------------

CLAUSE = "Dieu 5: Ben B chiu moi rui ro"
"""The line the optional-content attack hides."""
DANGLING = 90
"""The object number the prepared document refers to without containing it."""


def _raw_pdf(objects: dict[int, bytes], root: int) -> bytes:
    """A classic-xref PDF written byte by byte (no writer would keep a dangling reference)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 00000 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def prepared_with_dangling_reference(catalog_entry: bytes) -> bytes:
    """A one-page contract whose catalog holds ``catalog_entry`` (e.g. ``/OCProperties 90 0
    R``) pointing at object :data:`DANGLING`, which the file does not contain; the clause
    :data:`CLAUSE` is marked as optional content (shown: no configuration exists)."""
    content = (
        b"BT /F1 14 Tf 72 760 Td (Hop dong mua ban) Tj ET "
        b"/OC /oc1 BDC BT /F1 14 Tf 72 700 Td (" + CLAUSE.encode() + b") Tj ET EMC"
    )
    return _raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_entry + b" >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            b"<< /F1 4 0 R >> /Properties << /oc1 5 0 R >> >> /Contents 6 0 R >>",
            4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            5: b"<< /Type /OCG /Name (Dieu 5) >>",
            6: _stream(content),
        },
        1,
    )


def supply_object(data: bytes, idnum: int, body: bytes) -> bytes:
    """An incremental update that adds object ``idnum`` and nothing else (no existing
    object is touched: to pyHanko an unused leftover)."""
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+) R", data)[-1]
    size = max(int(s) for s in re.findall(rb"/Size (\d+)", data))
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offset = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (idnum, body)
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (idnum, offset)
    out += b"trailer\n<< /Size %d /Root %s R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(size, idnum + 1),
        root,
        prev,
        xref,
    )
    return bytes(out)


# -- an action added after signing ---------------------------------------------------------

SCRIPT = "app.alert('Van ban da duoc phe duyet');"


def _script(w: Any, *, indirect: bool) -> Any:
    from pyhanko.pdf_utils import generic

    n = generic.pdf_name
    action = generic.DictionaryObject(
        {n("/S"): n("/JavaScript"), n("/JS"): generic.pdf_string(SCRIPT)}
    )
    return w.add_object(action) if indirect else action


def signature_field_with_script(data: bytes, *, indirect: bool = False) -> bytes:
    """A new, invisible, empty signature field added after signing whose widget runs a
    script when the page opens (``/AA /PO``): signature fields may be added after an
    approval signature, and pyHanko clears a new field with all it holds."""
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    n = generic.pdf_name
    widget = generic.DictionaryObject(
        {
            n("/Type"): n("/Annot"),
            n("/Subtype"): n("/Widget"),
            n("/FT"): n("/Sig"),
            n("/T"): generic.pdf_string("KyThem"),
            n("/F"): generic.NumberObject(132),
            n("/Rect"): _rect((0.0, 0.0, 0.0, 0.0)),
            n("/P"): w.root["/Pages"].raw_get("/Kids")[0],
            n("/AA"): generic.DictionaryObject({n("/PO"): _script(w, indirect=indirect)}),
        }
    )
    ref = w.add_object(widget)
    _add_to_page(w, ref)
    form = w.root["/AcroForm"]
    form["/Fields"].append(ref)
    if isinstance(form.raw_get("/Fields"), generic.IndirectObject):
        w.mark_update(form.raw_get("/Fields"))
    else:
        w.update_container(form)
    return _out(w)


def field_with_script(data: bytes, name: str = "GhiChu") -> bytes:
    """Before signing: the form's text field gets a keystroke script (``/AA /K``), as
    forms that check what is typed have."""
    from pyhanko.pdf_utils import generic

    w = _writer(data)
    for ref in w.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T")) == name:
            field[generic.pdf_name("/AA")] = generic.DictionaryObject(
                {generic.pdf_name("/K"): _script(w, indirect=False)}
            )
            w.mark_update(ref)
    return _out(w)


# -- an update whose cross-reference section is a few bytes off ------------------------------

FORGED = "NOI DUNG GIA MAO - trang 1"


def update_read_differently(
    data: bytes,
    *,
    startxref_delta: int = 0,
    prev_delta: int = 0,
    forge: bool = True,
    short_entries: bool = False,
) -> bytes:
    """An incremental update whose cross-reference table lists one new, unused object
    (to pyHanko an allowed leftover) and whose ``startxref`` (or ``/Prev``) is off by a
    few bytes. With ``forge``, the update also holds a new copy of the first page's
    content stream that no table lists: a viewer that rebuilds the damaged file by
    scanning objects takes it (the last copy wins) and shows :data:`FORGED`.
    ``short_entries`` writes the table's entries 19 bytes long (no space before the
    end of line): pyHanko and poppler read them, PDFium rebuilds the file."""
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+) R", data)[-1]
    size = max(int(s) for s in re.findall(rb"/Size (\d+)", data))
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    if forge:
        content_num = int(re.search(rb"/Contents (\d+) 0 R", data).group(1))  # type: ignore[union-attr]
        text = b"BT /F1 14 Tf 72 760 Td (" + FORGED.encode() + b") Tj ET"
        out += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
            content_num,
            len(text),
            text,
        )
    offset = len(out)
    out += b"%d 0 obj\n(x)\nendobj\n" % size
    xref = len(out)
    entry = b"%010d 00000 n\n" if short_entries else b"%010d 00000 n \n"
    out += b"xref\n%d 1\n" % size + entry % offset
    out += b"trailer\n<< /Size %d /Root %s R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1,
        root,
        prev + prev_delta,
        xref + startxref_delta,
    )
    return bytes(out)


def unterminated_content_update(data: bytes, ending: bytes) -> bytes:
    """An ordinary incremental update replacing the first page's content stream (listed
    in its table) that ends with ``ending`` instead of ``%%EOF``: pyHanko stops at the
    last ``%%EOF`` and never sees it; viewers find its ``startxref`` and show
    :data:`FORGED`."""
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+) R", data)[-1]
    size = max(int(s) for s in re.findall(rb"/Size (\d+)", data))
    content_num = int(re.search(rb"/Contents (\d+) 0 R", data).group(1))  # type: ignore[union-attr]
    text = b"BT /F1 14 Tf 72 760 Td (" + FORGED.encode() + b") Tj ET"
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offset = len(out)
    out += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        content_num,
        len(text),
        text,
    )
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (content_num, offset)
    out += b"trailer\n<< /Size %d /Root %s R /Prev %d >>\nstartxref\n%d\n" % (
        size,
        root,
        prev,
        xref,
    )
    return bytes(out) + ending


# -- a dictionary with the same key twice --------------------------------------------------

AMOUNT_SIGNED = "Hop dong: 100 trieu dong"
AMOUNT_FORGED = "Hop dong: 900 trieu dong"
LINK_SIGNED = "https://dichvucong.gov.vn/"
LINK_FORGED = "https://dichvucong-gov.example/dang-nhap"


def prepared_with_duplicate_keys() -> bytes:
    """A contract whose page resources hold ``/XObject`` twice — ``<< >>``, then ``<< /X2
    90 0 R >>`` — and whose link annotation holds ``/A`` twice — a link to
    :data:`LINK_SIGNED`, then ``91 0 R``. pyHanko keeps the first value of a repeated key,
    PDFium and poppler the last; objects 90 and 91 do not exist, so every reader shows
    :data:`AMOUNT_SIGNED` and the link as signed."""
    content = b"BT /F1 14 Tf 72 760 Td (" + AMOUNT_SIGNED.encode() + b") Tj ET /X2 Do"
    return _raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R "
            b"/Contents 5 0 R /Annots [7 0 R] >>",
            4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            5: _stream(content),
            6: b"<< /Font << /F1 4 0 R >> /XObject << >> /XObject << /X2 90 0 R >> >>",
            7: b"<< /Type /Annot /Subtype /Link /Rect [72 740 400 780] /Border [0 0 0] "
            b"/A << /S /URI /URI (" + LINK_SIGNED.encode() + b") >> /A 91 0 R >>",
        },
        1,
    )


def forged_amount_form() -> bytes:
    """Object 90 of :func:`prepared_with_duplicate_keys`: paints the amount over."""
    drawing = (
        b"1 g 60 750 400 30 re f 0 g BT /F1 14 Tf 72 760 Td (" + AMOUNT_FORGED.encode() + b") Tj ET"
    )
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
        % (
            len(drawing),
            drawing,
        )
    )


def forged_link() -> bytes:
    """Object 91 of :func:`prepared_with_duplicate_keys`: the link now leads elsewhere."""
    return b"<< /S /URI /URI (" + LINK_FORGED.encode() + b") >>"
