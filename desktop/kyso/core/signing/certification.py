"""A certified document's rules, read before the PIN (issue 13).

A certification signature (DocMDP, ISO 32000 §12.8.2.2) says what may change after it:

* ``P=1`` — nothing: Kyso refuses in words ("văn bản đã được chứng thực, không cho phép ký
  thêm");
* ``P=2`` — filling in forms and signing *existing* signature fields: a visible signature
  goes into an empty signature field already on the page (the one under the box the user
  drew, else the first), never as a new widget — a new annotation breaks the certification
  (pyHanko's diff analysis and Acrobat agree). With no empty field on the page an invisible
  signature is still allowed; a visible one is refused with that explanation;
* ``P=3`` — annotations too: a new visible signature is allowed.

:func:`plan_certified` returns the existing field to sign into (or None for a new one).
"""

from __future__ import annotations

from kyso.core.signing.appearance import AppearanceSpec
from kyso.core.signing.inputs import EmptyField, InputError, InputReport


def plan_certified(report: InputReport, spec: AppearanceSpec) -> EmptyField | None:
    """The empty field a signature must go into, None for a new field; or
    :class:`InputError` when the certification forbids this signature."""
    level = report.certification
    name = report.path.name
    if level == 1:
        raise InputError(
            f"Văn bản {name} đã được chứng thực, không cho phép ký thêm: mọi thay đổi, kể cả "
            "một chữ ký mới, sẽ làm chữ ký chứng thực mất hiệu lực. Xin bản chưa chứng thực từ "
            "nơi gửi nếu cần ký.",
            f"{name} is certified with no changes allowed, not even another signature (it "
            "would invalidate the certification). Ask the sender for an uncertified copy.",
            code="certified_no_changes",
        )
    if level != 2 or not spec.visible:
        return None
    candidates = [f for f in report.empty_fields if f.visible and f.page == spec.page]
    if not candidates:
        elsewhere = [f for f in report.empty_fields if f.visible]
        where = (
            f" Ô chữ ký trống có ở trang {', '.join(str(f.page + 1) for f in elsewhere if f.page is not None)}."
            if elsewhere
            else ""
        )
        where_en = (
            f" Empty signature fields are on page(s) {', '.join(str(f.page + 1) for f in elsewhere if f.page is not None)}."
            if elsewhere
            else ""
        )
        raise InputError(
            f"Văn bản {name} đã được chứng thực, chỉ cho phép điền biểu mẫu và ký vào ô chữ ký "
            f"có sẵn; trang {spec.page + 1} không có ô chữ ký trống nào.{where} Hãy ký không "
            "hiển thị (kiểu “Không hiển thị”), hoặc đặt chữ ký vào trang có ô chữ ký trống.",
            f"{name} is certified: only form filling and signing existing signature fields are "
            f"allowed, and page {spec.page + 1} has no empty signature field.{where_en} Sign "
            "invisibly, or sign on a page with an empty signature field.",
            code="certified_needs_field",
        )
    if spec.box is None:
        return candidates[0]
    return max(candidates, key=lambda f: _overlap(f.rect, spec.box))


def _overlap(
    a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float]
) -> float:
    if a is None:
        return 0.0
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)
