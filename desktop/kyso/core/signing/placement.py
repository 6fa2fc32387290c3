"""Where a visible signature goes on a page that is rotated or whose boxes are not at the
origin (issue 13).

Two coordinate systems meet here:

* the page's **user space** — what a widget's /Rect is written in, and what
  ``AppearanceSpec.box`` and ``--box`` give (the page's own, unrotated coordinates,
  including the MediaBox/CropBox offset);
* the **display** — the page as a viewer shows it: the CropBox, moved to the origin and
  turned clockwise by /Rotate. Default places ("top right of page 1", "lower right") are
  meant as the reader sees the page, so they are computed there and mapped back.

The appearance is drawn upright in display orientation and turned by the page's /Rotate
the other way inside the widget (:class:`kyso.core.signing.appearance.PdfBytesContent`),
so text and images read upright in every viewer.
"""

from __future__ import annotations

from typing import Any

Box = tuple[float, float, float, float]


def _inherited(page: Any, key: str) -> Any:
    node, hops = page, 0
    while node is not None and hops < 32:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if hasattr(parent, "get_object") else parent
        hops += 1
    return None


def _box_of(box: Any) -> Box | None:
    try:
        x1, y1, x2, y2 = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def page_geometry(page: Any) -> tuple[Box, int]:
    """(the part of the page viewers show — the CropBox within the MediaBox, normalized —
    and /Rotate in 0/90/180/270).

    A CropBox reaching beyond the MediaBox is cut to it (ISO 32000-1 §14.11.2: poppler,
    PDFium and Acrobat show only the overlap); a default place measured on the whole
    CropBox could land off the page."""
    media = _box_of(_inherited(page, "/MediaBox"))
    crop = _box_of(_inherited(page, "/CropBox")) or media
    if crop is None:
        raise ValueError("the page has no MediaBox")
    if media is not None:
        cut = (max(crop[0], media[0]), max(crop[1], media[1]),
               min(crop[2], media[2]), min(crop[3], media[3]))
        crop = cut if cut[0] < cut[2] and cut[1] < cut[3] else media
    try:
        rotate = int(_inherited(page, "/Rotate") or 0) % 360
    except (TypeError, ValueError):
        rotate = 0
    if rotate % 90:
        rotate = 0  # not a multiple of 90: viewers ignore it too
    return crop, rotate


def display_size(crop: Box, rotate: int) -> tuple[float, float]:
    w, h = crop[2] - crop[0], crop[3] - crop[1]
    return (h, w) if rotate in (90, 270) else (w, h)


def _point_to_user(u: float, v: float, crop: Box, rotate: int) -> tuple[float, float]:
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    if rotate == 90:
        a, b = cw - v, u
    elif rotate == 180:
        a, b = cw - u, ch - v
    elif rotate == 270:
        a, b = v, ch - u
    else:
        a, b = u, v
    return crop[0] + a, crop[1] + b


def _point_to_display(x: float, y: float, crop: Box, rotate: int) -> tuple[float, float]:
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    a, b = x - crop[0], y - crop[1]
    if rotate == 90:
        return b, cw - a
    if rotate == 180:
        return cw - a, ch - b
    if rotate == 270:
        return ch - b, a
    return a, b


def _normalized(p: tuple[float, float], q: tuple[float, float]) -> Box:
    return (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))


def display_to_user(box: Box, crop: Box, rotate: int) -> Box:
    """A box as the reader sees the page → the page's user space."""
    return _normalized(
        _point_to_user(box[0], box[1], crop, rotate), _point_to_user(box[2], box[3], crop, rotate)
    )


def user_to_display(box: Box, crop: Box, rotate: int) -> Box:
    return _normalized(
        _point_to_display(box[0], box[1], crop, rotate),
        _point_to_display(box[2], box[3], crop, rotate),
    )


def upright_size(box: Box, rotate: int) -> tuple[float, float]:
    """The size of a user-space box as the reader sees it (width, height)."""
    w, h = box[2] - box[0], box[3] - box[1]
    return (h, w) if rotate in (90, 270) else (w, h)
