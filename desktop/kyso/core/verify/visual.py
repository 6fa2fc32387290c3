"""What you see is what was signed: the signed revision rendered against the document now.

Shadow attacks (hide, replace, overlay) change what a reader *sees* through updates made
only of objects the difference analysis allows — typically a form field prepared in the
signed revision whose later "filled" appearance paints over the signed text. So for a
signature followed by later revisions, each page those revisions touch is rendered twice
with PDFium (pypdfium2, 72 dpi, annotations and form fields drawn): as the signed revision
shows it and as the file shows it now. Which pages are touched is found by object
comparison, without rendering (:func:`touched_pages`): the page, anything it draws with,
its annotations and their appearances, on every page of the document; and every page with
a widget when a later revision changed how viewers draw form fields
(:func:`form_drawing_changed`: /NeedAppearances turned on, /DA, /DR). Pages are rendered
one at a time and closed, so a long document costs the memory of two pages. When PDFium
finds the file's cross-reference data broken and rebuilds it (:func:`pdfium_rebuilds`),
what it draws need not be the objects compared, so every page is rendered.

A difference is *explained* where a later signature's appearance (one intact and
cryptographically valid: a broken one answers for nothing it draws) covers what was blank
paper in the signed revision or an earlier signature's own appearance (a seal may cover
the leader's signature), and where a form field whose value changed draws over what was
blank (filling a form). A field's or a later signature's appearance covering signed
content is not explained (the Sneaky Signature Attack). What is left is reported with its
page and region in PDF points. When pages were changed but cannot be compared, a
signature that would otherwise pass is INDETERMINATE (a file the comparison fails on
proves nothing).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kyso.core.verify.report import (
    COVERAGE_ENTIRE_REVISION,
    INDETERMINATE,
    KIND_SIGNATURE,
    KIND_UNSUPPORTED,
    TOTAL_FAILED,
    TOTAL_PASSED,
    Finding,
    SignatureResult,
)

log = logging.getLogger(__name__)

SCALE = 1.0
"""72 dpi: enough to see text being covered or swapped, cheap to render."""
THRESHOLD = 48
"""Grey-level change that counts as visible (anti-aliasing stays below)."""
BLANK = 245
"""A signed-revision pixel at least this light is blank paper."""
_PDFIUM = threading.Lock()
"""PDFium is not thread-safe; a :class:`~kyso.core.verify.validation.Verifier` may be."""


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class VisualDifference:
    page: int
    """0-based."""
    box: Box
    """(x1, y1, x2, y2) in PDF points, lower-left origin."""


# Links that lead away from a page's own drawing (to its parent in the page tree, other
# pages, outlines, actions, the structure tree): not followed when looking for changes.
_NOT_DRAWN = frozenset(
    {
        "/Parent",
        "/P",
        "/Dest",
        "/A",
        "/AA",
        "/PA",
        "/Next",
        "/Prev",
        "/First",
        "/Last",
        "/IRT",
        "/StructParent",
        "/StructParents",
        "/B",
        "/Thumb",
        "/Metadata",
        "/V",
    }
)
# What the page tree passes down to a page (ISO 32000-1 §7.7.3.4).
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class _Changes:
    """Which objects changed after ``signed_revision``, by object comparison: an object
    counts as changed when it, or anything it draws with (contents, resources, fonts,
    images, annotations and their appearance streams), was written by a later revision.
    Memoized, so resources shared by 500 pages are looked at once."""

    def __init__(self, reader: Any, signed_revision: int) -> None:
        self.reader = reader
        self.xrefs = reader.xrefs
        self.signed_revision = signed_revision
        self._memo: dict[Any, bool] = {}
        self._history: Any = None
        self._latest = reader.xrefs.total_revisions - 1

    def _historical(self) -> Any:
        if self._history is None:
            self._history = self.reader.get_historical_resolver(self.signed_revision)
        return self._history

    def ref_changed(self, ref: Any) -> bool:
        if ref in self._memo:
            return self._memo[ref]
        self._memo[ref] = False  # a cycle in progress adds nothing
        try:
            last = self.xrefs.get_last_change(ref)
        except KeyError:
            return False  # in no revision at all: a dangling reference is null (§7.3.10)
        except Exception:
            last = self.signed_revision + 1
        try:
            changed = last > self.signed_revision
            if not changed:
                # read past pyHanko's object cache (a revision's objects are not kept):
                # images and fonts of a long document are read once each and let go
                changed = self.value_changed(self.reader.get_object(ref, revision=self._latest))
        except Exception:
            changed = True  # unreadable: look at it rather than trust it
        self._memo[ref] = changed
        return changed

    def value_changed(self, value: Any, *, top: bool = False) -> bool:
        from pyhanko.pdf_utils import generic

        if isinstance(value, generic.IndirectObject):
            return self.ref_changed(value.reference)
        if isinstance(value, generic.DictionaryObject):  # streams too
            if not top and value.get("/Type") == "/Page":
                return False  # another page (a link target): judged on its own
            return any(
                self.value_changed(value.raw_get(key)) for key in value if key not in _NOT_DRAWN
            )
        if isinstance(value, generic.ArrayObject):
            return any(self.value_changed(v) for v in value)
        return False

    def page_changed(self, ref: Any) -> bool:
        from pyhanko.pdf_utils import generic

        try:
            if self.xrefs.get_last_change(ref) > self.signed_revision:
                return True
            page = self.reader.get_object(ref)
            if self.value_changed(page, top=True):
                return True
            # inherited attributes come from the page tree above the page
            node = page.raw_get("/Parent") if "/Parent" in page else None
            seen: set[Any] = set()
            while isinstance(node, generic.IndirectObject) and node.reference not in seen:
                seen.add(node.reference)
                parent = node.get_object()
                for key in _INHERITED:
                    if key not in parent:
                        continue
                    if self.value_changed(parent.raw_get(key)):
                        return True
                    if self.xrefs.get_last_change(node.reference) > self.signed_revision:
                        # the node was rewritten (a new kid elsewhere, or this value):
                        # compare the value with the signed revision's
                        old = self._historical().get_object(node.reference)
                        if key not in old or old.raw_get(key) != parent.raw_get(key):
                            return True
                node = parent.raw_get("/Parent") if "/Parent" in parent else None
            return False
        except Exception:
            return True


def touched_pages(reader: Any, signed_revision: int, pages: Sequence[tuple[int, int]]) -> list[int]:
    """Every page whose drawing may have changed after ``signed_revision``, found by
    object comparison (no rendering): the page, anything it draws with, its annotations
    and their appearances — on every page of the document, so a 500-page document with
    one changed page has one page to render. A change to how form fields are drawn
    (:func:`form_drawing_changed`) touches every page with a widget."""
    from pyhanko.pdf_utils import generic

    from kyso.core.verify.modifications import (
        leftovers_after,
        misplaced_sections,
        unterminated_update,
    )

    if (
        misplaced_sections(reader, signed_revision)
        or unterminated_update(reader)
        or leftovers_after(reader, signed_revision)
    ):
        # viewers rebuild such a file: what they draw is not what the objects say
        return list(range(len(pages)))
    changes = _Changes(reader, signed_revision)
    regenerate = form_drawing_changed(reader, signed_revision)
    out: list[int] = []
    for index, (idnum, gen) in enumerate(pages):
        ref = generic.Reference(idnum, gen)
        if changes.page_changed(ref) or (regenerate and _has_widget(reader, ref)):
            out.append(index)
    return out


def form_drawing_changed(reader: Any, signed_revision: int) -> bool:
    """Whether a later revision changed how viewers draw form fields: /NeedAppearances
    turned on (viewers then regenerate every field's appearance from its value, which the
    signer never saw), or the form's default appearance /DA or resources /DR changed
    (what regenerated appearances are drawn with).

    pyHanko's difference analysis exempts these keys from its comparison of /AcroForm
    (``ACROFORM_EXEMPT_STRICT_COMPARISON``: the update is "allowed", LTA_UPDATES) and
    pdfsig only checks the byte range; both call the signature valid. But PDFium and
    poppler then show the hidden value instead of the signed appearance (a shadow
    attack: nothing on any page changed), so Kyso renders the pages with widgets, as
    the file is now (PDFium with its form environment regenerates the appearances), and
    compares them with the signed revision.
    """
    try:
        before = _acroform(reader.get_historical_root(signed_revision))
        now = _acroform(reader.root)
    except Exception:
        return True
    if now is None:
        return False
    if bool(now.get("/NeedAppearances", False)) and not (
        before is not None and bool(before.get("/NeedAppearances", False))
    ):
        return True
    if before is None:
        return "/DA" in now or "/DR" in now
    changes = _Changes(reader, signed_revision)
    for key in ("/DA", "/DR"):
        a, b = before.get(key), now.get(key)
        if (a is None) != (b is None):
            return True
        if key == "/DA" and a is not None and str(a) != str(b):
            return True
        if key == "/DR" and b is not None:
            raw = now.raw_get(key)
            if changes.value_changed(raw) or raw != before.raw_get(key):
                return True
    return False


def _acroform(root: Any) -> Any:
    form = root.get("/AcroForm") if root is not None else None
    return form.get_object() if form is not None else None


def _has_widget(reader: Any, ref: Any) -> bool:
    try:
        page = reader.get_object(ref)
        return any(
            annot.get_object().get("/Subtype") == "/Widget"
            for annot in page.get("/Annots", ()) or ()
        )
    except Exception:
        return True


def compare(
    signed: bytes,
    current: bytes,
    pages: Sequence[int],
    *,
    explained: Sequence[tuple[int, Box]] = (),
    explained_over_blank: Sequence[tuple[int, Box]] = (),
) -> list[VisualDifference]:
    """Render ``pages`` of both files and return the unexplained differences."""
    with _PDFIUM:
        return _compare(signed, current, pages, explained, explained_over_blank)


def _compare(
    signed: bytes,
    current: bytes,
    pages: Sequence[int],
    explained: Sequence[tuple[int, Box]],
    explained_over_blank: Sequence[tuple[int, Box]],
) -> list[VisualDifference]:
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageDraw

    out: list[VisualDifference] = []
    before_doc = pdfium.PdfDocument(signed)
    after_doc = pdfium.PdfDocument(current)
    # Form widgets are drawn only with a form environment (what viewers show).
    before_doc.init_forms()
    after_doc.init_forms()
    try:
        for index in pages:
            if index >= len(after_doc):
                continue
            if index >= len(before_doc):
                extra = after_doc[index]
                w, h = extra.get_size()
                extra.close()
                out.append(VisualDifference(index, (0.0, 0.0, float(w), float(h))))
                continue
            # one page at a time, closed at once: memory stays that of two pages
            before_page, after_page = before_doc[index], after_doc[index]
            try:
                width, height = after_page.get_size()
                before = _render(before_page)
                after = _render(after_page)
            finally:
                before_page.close()
                after_page.close()
            if before.size != after.size:
                out.append(VisualDifference(index, (0.0, 0.0, float(width), float(height))))
                continue
            diff = ImageChops.difference(before, after).point(
                lambda v: 255 if v >= THRESHOLD else 0
            )
            mask = Image.new("L", diff.size, 255)
            draw = ImageDraw.Draw(mask)
            for page, box in explained:
                if page == index:
                    draw.rectangle(_pixels(box, height), fill=0)
            blank = before.point(lambda v: 255 if v >= BLANK else 0)
            for page, box in explained_over_blank:
                if page != index:
                    continue
                region = Image.new("L", diff.size, 0)
                ImageDraw.Draw(region).rectangle(_pixels(box, height), fill=255)
                # inside the field and blank before → explained (mask 0 there)
                explained_px = ImageChops.multiply(region, blank)
                mask = ImageChops.subtract(mask, explained_px)
            left = ImageChops.multiply(diff, mask)
            bbox = left.getbbox()
            if bbox is None:
                continue
            x1, y1, x2, y2 = bbox
            out.append(
                VisualDifference(
                    index,
                    (
                        round(x1 / SCALE, 1),
                        round(height - y2 / SCALE, 1),
                        round(x2 / SCALE, 1),
                        round(height - y1 / SCALE, 1),
                    ),
                )
            )
    finally:
        before_doc.close()
        after_doc.close()
    return out


def check_what_is_shown(
    data: bytes,
    reader: Any,
    entries: list[Any],
    results: list[SignatureResult],
    pages: list[tuple[int, int]],
) -> None:
    """Compare each signed revision's rendering with the file now (``entries`` are
    :class:`~kyso.core.verify.document.Entry`); a signature whose
    pages show unexplained differences fails (TOTAL_FAILED, FORMAT_FAILURE)."""
    from kyso.core.verify.document import appearance_of, walk_fields

    rebuilt: bool | None = None  # asked once per file, only when it matters
    for entry, res in zip(entries, results, strict=True):
        if (
            entry.kind != KIND_SIGNATURE
            or res.coverage != COVERAGE_ENTIRE_REVISION
            or res.conclusion == TOTAL_FAILED
            or entry.sig is None
            or entry.revision is None
        ):
            continue
        try:
            br = [int(v) for v in entry.sig.byte_range]
            touched = touched_pages(reader, entry.revision, pages)
            if len(touched) < len(pages):
                if rebuilt is None:
                    rebuilt = pdfium_rebuilds(data)
                if rebuilt:
                    # PDFium read the file by scanning, not through the objects the
                    # comparison above looked at: any page may show something else
                    touched = list(range(len(pages)))
            if not touched:
                continue
            boxes = [
                (e.revision > entry.revision, (r.appearance.page, r.appearance.box))
                for e, r in zip(entries, results, strict=True)
                if r.appearance is not None
                and e.revision is not None
                and e.kind != KIND_UNSUPPORTED
            ]
            earlier = [box for is_later, box in boxes if not is_later]
            # Only a later signature that is intact and cryptographically valid explains
            # what its appearance draws: its signer (trusted or not, as the report shows)
            # answers for it. A broken one's "appearance" is content nobody signed, like
            # any annotation added after signing (pyHanko and pdfsig judge the earlier
            # signature alone and pass it; the page shows words no valid signature holds).
            later = [
                (r.appearance.page, r.appearance.box)
                for e, r in zip(entries, results, strict=True)
                if r.appearance is not None
                and e.revision is not None
                and e.revision > entry.revision
                and e.kind != KIND_UNSUPPORTED
                and r.intact is True
                and r.crypto_valid is True
            ]
            # A later signature's appearance is explained over blank paper and over the
            # earlier signatures' own appearances (the seal of issuance over the leader's
            # signature, Nghị định 30), never over signed page content: a visible
            # signature whose appearance paints over the signed text is the Sneaky
            # Signature Attack (Mainka et al., IEEE S&P 2021), which pyHanko (a new
            # signature field is allowed) and pdfsig (both signatures valid) accept.
            over_signatures = [
                (page, cut)
                for page, box in later
                for other_page, other in earlier
                if other_page == page and (cut := _intersection(box, other)) is not None
            ]
            filled = []
            if res.changed_fields:
                # A signature field "filled" after signing is a later signature: its
                # appearance is explained only as one (``later``, valid ones), never as
                # form filling.
                signature_fields = {name for name, _ in walk_fields(reader, "/Sig")}
                for name, node in walk_fields(reader, None):
                    if name in res.changed_fields and name not in signature_fields:
                        box = appearance_of(reader, node, pages)
                        if box is not None:
                            filled.append((box.page, box.box))
            diffs = compare(
                data[: br[2] + br[3]],
                data,
                touched,
                explained=over_signatures,
                explained_over_blank=[*filled, *later],
            )
        except Exception as exc:
            log.info("visual check of %s: %r", res.field, exc)
            # Pages were changed after signing and nobody could look at them: a file
            # that makes the comparison fail must not pass as if it had been compared.
            if res.conclusion == TOTAL_PASSED:
                res.conclusion, res.sub_indication = INDETERMINATE, "FORMAT_FAILURE"
                kept = [r for r in res.reasons if r.code != "passed"]
                res.reasons = [_VISUAL_NOT_CHECKED, *kept]
            else:
                res.reasons.append(_VISUAL_NOT_CHECKED)
            continue
        if diffs:
            res.visual_differences = [(d.page, d.box) for d in diffs]
            res.conclusion, res.sub_indication = TOTAL_FAILED, "FORMAT_FAILURE"
            kept = [r for r in res.reasons if r.code not in ("passed", "allowed_changes")]
            why = [_FORM_REDRAWN] if form_drawing_changed(reader, entry.revision) else []
            res.reasons = [_visual_finding(diffs), *why, *kept]


def pdfium_rebuilds(data: bytes) -> bool:
    """Whether PDFium finds the file's cross-reference data broken and rebuilds it by
    scanning every object (the last copy of each winning).

    pyHanko reads some damaged sections leniently (19-byte table entries, a
    ``startxref`` a few bytes off) and then compares objects PDFium does not use: an
    update after signing can hide an unlisted new copy of a page's content that only a
    rebuilding viewer shows. So when PDFium rebuilds, every page is compared."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            return not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(doc.raw)
        finally:
            doc.close()


def _visual_finding(diffs: list[Any]) -> Finding:
    where_vi = "; ".join(
        f"trang {d.page + 1}, vùng ({d.box[0]:.0f}, {d.box[1]:.0f}) – ({d.box[2]:.0f}, "
        f"{d.box[3]:.0f})"
        for d in diffs
    )
    where_en = "; ".join(
        f"page {d.page + 1}, region ({d.box[0]:.0f}, {d.box[1]:.0f})–({d.box[2]:.0f}, "
        f"{d.box[3]:.0f})"
        for d in diffs
    )
    return Finding(
        "visual_difference",
        "Nội dung hiển thị khác với nội dung đã ký mà các thay đổi được phép không giải thích "
        f"được ({where_vi}): có dấu hiệu che hoặc thay nội dung sau khi ký. Không dùng văn "
        "bản này; đề nghị bên gửi gửi lại bản gốc.",
        "What is displayed differs from what was signed in a way the allowed changes do not "
        f"explain ({where_en}): content was hidden or replaced after signing.",
    )


_FORM_REDRAWN = Finding(
    "form_redrawn",
    "Sau khi ký, văn bản được sửa để trình xem PDF tự vẽ lại các ô biểu mẫu từ giá trị ẩn "
    "của chúng (NeedAppearances hoặc phông/định dạng mặc định của biểu mẫu), nên nội dung "
    "hiển thị không còn là nội dung người ký đã thấy.",
    "After signing, the document was changed so that PDF viewers redraw its form fields "
    "from their hidden values (NeedAppearances, or the form's default font/appearance), so "
    "what is shown is no longer what the signer saw.",
)

_VISUAL_NOT_CHECKED = Finding(
    "visual_not_checked",
    "Văn bản đã được thay đổi sau khi ký nhưng không so sánh được hình ảnh các trang lúc ký "
    "và hiện tại; hãy tự đối chiếu nội dung với bên gửi trước khi dùng.",
    "The document was changed after signing and the pages as signed and as they are now "
    "could not be compared visually.",
)


def _render(page: Any) -> Any:
    bitmap = page.render(scale=SCALE, draw_annots=True, may_draw_forms=True, grayscale=True)
    try:
        return bitmap.to_pil().convert("L")
    finally:
        bitmap.close()


def _intersection(a: Box, b: Box) -> Box | None:
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[2], b[2]), min(a[3], b[3])
    return (x1, y1, x2, y2) if x1 < x2 and y1 < y2 else None


def _pixels(box: Box, page_height: float) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = box
    return (
        int(x1 * SCALE) - 1,
        int((page_height - y2) * SCALE) - 1,
        int(x2 * SCALE) + 1,
        int((page_height - y1) * SCALE) + 1,
    )
