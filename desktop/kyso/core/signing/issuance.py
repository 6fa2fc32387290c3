"""The issuance (phát hành) appearance over the leader's signature, as Nghị định 30/2020,
Phụ lục I, asks (issue 13).

The organization's seal, at its real size, covers about the left third of the leader's
signature image already on the page; the organization's name and the signing time sit
*beside* the seal and never on the leader's image (text there made both unreadable).

All boxes here are as the reader sees the page (display coordinates, see
:mod:`kyso.core.signing.placement`).

* :func:`box_over_leader` — no box given: a box whose seal covers the left third of the
  leader's signature, with room for the text on the left of the seal (or, when the page
  has no room there, right of the leader's signature);
* :func:`layout_over_leader` — any box (given or chosen): the seal placed over the left
  third of the leader's signature (kept inside the box), the text in the widest part of the
  box that is clear of both the leader's image and the seal. Too narrow a part: the seal
  alone (the name and time stay in the signature's own data).
"""

from __future__ import annotations

import datetime as dt

from kyso.core.signing import appearance as ap

Box = tuple[float, float, float, float]

GAP = 4.0
"""Points between the seal (or the leader's image) and the text."""
MIN_TEXT_WIDTH = 60.0
"""Narrower than this, no text is drawn (it would be a column of single letters)."""
PAGE_MARGIN = 10.0


def _text_width(spec: ap.AppearanceSpec, when: dt.datetime) -> float:
    lines = ap.info_lines(spec, when)
    return min(ap.text_block_size(lines, spec.font_size)[0], 200.0)


def box_over_leader(
    spec: ap.AppearanceSpec, when: dt.datetime, leader: Box, seal: float, page: tuple[float, float]
) -> Box:
    """The box for an issuance over ``leader`` with a ``seal``-point square seal, on a page of
    ``page`` (width, height) as displayed."""
    lx1, ly1, lx2, ly2 = leader
    seal_right = lx1 + (lx2 - lx1) / 3.0
    seal_left = seal_right - seal
    mid = (ly1 + ly2) / 2.0
    y1, y2 = mid - seal / 2.0, mid + seal / 2.0
    text = _text_width(spec, when) + GAP
    if seal_left - text >= PAGE_MARGIN:  # the text left of the seal
        return (seal_left - text, y1, seal_right, y2)
    if lx2 + text <= page[0] - PAGE_MARGIN:  # else right of the leader's signature
        return (seal_left, y1, lx2 + text, y2)
    return (seal_left, y1, seal_right, y2)  # no room: the seal alone


def layout_over_leader(
    spec: ap.AppearanceSpec, when: dt.datetime, box: Box, leader: Box
) -> ap.AppearanceLayout:
    """The appearance in ``box`` when the leader's signature at ``leader`` is under it."""
    bx1, by1, bx2, by2 = box
    width, height = bx2 - bx1, by2 - by1
    layout = ap.AppearanceLayout(width, height)
    # the leader's image in box coordinates
    lx1, ly1, lx2, ly2 = leader[0] - bx1, leader[1] - by1, leader[2] - bx1, leader[3] - by1
    iw, ih = ap.check_png(spec.image_png or b"", "ảnh con dấu", "seal image")
    seal_w, seal_h = ap._fit(iw, ih, height, height)
    seal_x = min(max(lx1 + (lx2 - lx1) / 3.0 - seal_w, 0.0), width - seal_w)
    seal_y = min(max((ly1 + ly2) / 2.0 - seal_h / 2.0, 0.0), height - seal_h)
    layout.images.append(ap.ImageBox(spec.image_png or b"", seal_x, seal_y, seal_w, seal_h))
    if spec.seal_only:
        return layout
    taken_left = min(seal_x, lx1)  # text left of both the seal and the leader's image
    taken_right = max(seal_x + seal_w, lx2)  # or right of both
    free = [(0.0, taken_left - GAP), (taken_right + GAP, width)]
    x1, x2 = max(free, key=lambda r: r[1] - r[0])
    if x2 - x1 < MIN_TEXT_WIDTH:
        return layout
    lines, size = ap.fit_text(ap.info_lines(spec, when), x2 - x1, height - 2 * ap.PAD, spec.font_size)
    block_h = len(lines) * size * ap.LINE_GAP
    layout.lines = ap._text_lines(lines, x1, (height + block_h) / 2, size, ap.BLUE)
    return layout
