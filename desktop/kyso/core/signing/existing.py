"""The visible signatures already in a PDF: where each one's widget sits, so a second
signer can place beside or over it (the clerk's seal over the leader's signature,
Nghị định 30/2020, Phụ lục I) and see it before signing.

Reads only; never raises on an odd file (a preview must not fail because of one
annotation): what cannot be read is left out.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from kyso.core.signing import appearance as ap

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class SignatureWidget:
    page: int
    """0-based page index."""
    box: Box
    """(x1, y1, x2, y2) in PDF points, normalized."""
    field_name: str

    @property
    def is_approval(self) -> bool:
        """Kyso names its fields ``KysoSig_<profile>_…``: an approval signature."""
        return self.field_name.startswith("KysoSig_approval_")


def signature_widgets(data: bytes) -> list[SignatureWidget]:
    """Every signed signature field's visible widget, page by page, in annotation order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    found: list[SignatureWidget] = []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        pages = reader.root["/Pages"]
        count = int(pages["/Count"])
        for index in range(count):
            page = reader.find_page_for_modification(index)[0].get_object()
            found.extend(_on_page(index, page))
    except Exception as exc:  # a preview aid only: an unreadable file has none
        log.info("signature widgets not read: %s", type(exc).__name__)
    return found


def _on_page(index: int, page: Any) -> list[SignatureWidget]:
    out: list[SignatureWidget] = []
    for ref in page.get("/Annots") or []:
        try:
            annot = ref.get_object()
            field = annot if "/FT" in annot else annot.get("/Parent", {})
            field = field.get_object() if hasattr(field, "get_object") else field
            if field.get("/FT") != "/Sig" or "/V" not in field:
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            if abs(x2 - x1) <= 1 or abs(y2 - y1) <= 1:
                continue
            name = str(field.get("/T", ""))
            box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            out.append(SignatureWidget(index, box, name))
        except Exception:  # one odd annotation: skip it
            continue
    return out


def leader_signature(widgets: list[SignatureWidget], page: int) -> SignatureWidget | None:
    """The signature the seal goes over on ``page``: the last approval signature Kyso
    made there, else the last visible signature on the page."""
    on_page = [w for w in widgets if w.page == page]
    approvals = [w for w in on_page if w.is_approval]
    if approvals:
        return approvals[-1]
    return on_page[-1] if on_page else None


def seal_box_over(leader: Box, seal_side: float) -> Box:
    """The seal alone (a square of ``seal_side`` points) covering the left third of the
    leader's signature, as :func:`kyso.core.signing.pades` places it by default."""
    left, bottom, _, top = ap.issuance_box_over(leader, seal_side, seal_side)
    return (left, bottom, left + seal_side, top)
