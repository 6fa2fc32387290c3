"""What you see is what was signed: the signed revision rendered against the document now.

Shadow attacks (hide, replace, overlay) change what a reader *sees* through updates made
only of objects the difference analysis allows — typically a form field prepared in the
signed revision whose later "filled" appearance paints over the signed text. So for a
signature followed by later revisions, each page those revisions touch (the page
dictionary or one of its annotations changed) is rendered twice with PDFium (pypdfium2,
72 dpi, annotations drawn): as the signed revision shows it and as the file shows it now.

A difference is *explained* where a later signature's widget sits (its appearance is
expected; a seal may cover a signature), and where a form field whose value changed draws
over what was blank in the signed revision (filling a form). A field's new appearance
covering signed content is not explained. What is left is reported with its page and
region in PDF points. When pages were changed but cannot be compared, a signature that
would otherwise pass is INDETERMINATE (a file the comparison fails on proves nothing).
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
MAX_PAGES = 50
_PDFIUM = threading.Lock()
"""PDFium is not thread-safe; a :class:`~kyso.core.verify.validation.Verifier` may be."""


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class VisualDifference:
    page: int
    """0-based."""
    box: Box
    """(x1, y1, x2, y2) in PDF points, lower-left origin."""


def touched_pages(reader: Any, signed_revision: int, pages: Sequence[tuple[int, int]]) -> list[int]:
    """Pages whose dictionary or an annotation changed after ``signed_revision``."""
    from pyhanko.pdf_utils import generic

    out: list[int] = []
    xrefs = reader.xrefs
    for index, (idnum, gen) in enumerate(pages[:MAX_PAGES]):
        ref = generic.Reference(idnum, gen)
        try:
            changed = xrefs.get_last_change(ref) > signed_revision
            if not changed:
                page = reader.get_object(ref)
                for annot in page.get("/Annots", ()) or ():
                    if isinstance(annot, generic.IndirectObject) and (
                        xrefs.get_last_change(annot.reference) > signed_revision
                    ):
                        changed = True
                        break
        except Exception:
            changed = True
        if changed:
            out.append(index)
    return out


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
                w, h = after_doc[index].get_size()
                out.append(VisualDifference(index, (0.0, 0.0, float(w), float(h))))
                continue
            before_page, after_page = before_doc[index], after_doc[index]
            width, height = after_page.get_size()
            before = _render(before_page)
            after = _render(after_page)
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
            if not touched:
                continue
            later = [
                (r.appearance.page, r.appearance.box)
                for e, r in zip(entries, results, strict=True)
                if r.appearance is not None
                and e.revision is not None
                and e.revision > entry.revision
                and e.kind != KIND_UNSUPPORTED
            ]
            filled = []
            if res.changed_fields:
                for name, node in walk_fields(reader, None):
                    if name in res.changed_fields:
                        box = appearance_of(reader, node, pages)
                        if box is not None:
                            filled.append((box.page, box.box))
            diffs = compare(
                data[: br[2] + br[3]],
                data,
                touched,
                explained=later,
                explained_over_blank=filled,
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
            res.reasons = [_visual_finding(diffs), *kept]


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


def _pixels(box: Box, page_height: float) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = box
    return (
        int(x1 * SCALE) - 1,
        int((page_height - y2) * SCALE) - 1,
        int(x2 * SCALE) + 1,
        int((page_height - y1) * SCALE) + 1,
    )
