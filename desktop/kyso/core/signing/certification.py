"""A certified or locked document's rules, read before the PIN (issue 13).

A certification signature (DocMDP, ISO 32000 §12.8.2.2) says what may change after it:

* ``P=1`` — nothing: Kyso refuses in words ("văn bản đã được chứng thực, không cho phép ký
  thêm");
* ``P=2`` — filling in forms and signing *existing* signature fields: a visible signature
  goes into an empty signature field already on the page (the one under the box the user
  drew, else the first), never as a new widget — a new annotation breaks the certification
  (pyHanko's diff analysis and Acrobat agree). With no empty field on the page an invisible
  signature is still allowed; a visible one is refused with that explanation;
* ``P=3`` — annotations too: a new visible signature is allowed.

A signature may also *lock fields* (its /FieldMDP reference, or its field's /Lock
dictionary, §12.7.5.5: ``All`` fields, the ``Include`` list, or all but the ``Exclude``
list), and a lock's /P (PDF 2.0) is a DocMDP level that holds once that field is
signed. Changing a locked field invalidates that signature, so, before the PIN:

* signing into an empty field a lock covers is refused (another free field is used when
  the rules above allow one);
* a *new* signature field, visible or not, is refused under an ``All`` or ``Exclude`` lock
  (its name is new, so an ``Include`` list never names it and every other lock covers
  it; pyHanko's diff analysis flags even an invisible one): a visible signature then goes
  into an empty field the lock leaves free, if there is one on the page;
* a lock's /P 1 or 2 acts as the certification levels above.

:func:`plan_certified` returns the existing field to sign into (or None for a new one).
"""

from __future__ import annotations

from kyso.core.signing.appearance import AppearanceSpec
from kyso.core.signing.inputs import EmptyField, FieldLock, InputError, InputReport


def plan_certified(report: InputReport, spec: AppearanceSpec) -> EmptyField | None:
    """The empty field a signature must go into, None for a new field; or
    :class:`InputError` when a certification or a field lock forbids this signature."""
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
    strict = [lock for lock in report.locks if lock.permission in (1, 2)]
    frozen = next((lock for lock in strict if lock.permission == 1), None)
    if frozen is not None:
        raise InputError(
            f"Chữ ký “{frozen.signature}” trong văn bản {name} đã khóa toàn bộ văn bản, không "
            "cho phép ký thêm: một chữ ký mới sẽ làm chữ ký đó mất hiệu lực. Xin bản chưa ký "
            "từ nơi gửi nếu cần ký.",
            f"The signature “{frozen.signature}” in {name} locks the whole document, no "
            "further signature allowed (it would invalidate that signature). Ask the sender "
            "for an unsigned copy.",
            code="locked_no_changes",
        )
    # a signature's name is new, so an Include list never names it, and every All or
    # Exclude lock covers it: under those no new signature field can be added at all
    # (pyHanko's diff analysis flags even an invisible one), only a field left free
    closed = next((lock for lock in report.locks if lock.action != "Include"), None)
    visible = [f for f in report.empty_fields if f.visible]
    free = [f for f in visible if _lock_on(report, f.name) is None]
    if not spec.visible:
        if closed is not None:
            raise _closed_form(closed, name, free)
        return None  # a new invisible field: allowed by P=2
    if level != 2 and not strict and closed is None:
        return None
    candidates = [f for f in free if f.page == spec.page]
    if not candidates:
        taken = [f for f in visible if f.page == spec.page and f not in free]
        if taken:
            lock = _lock_on(report, taken[0].name)
            assert lock is not None
            invisible_vi = "" if closed else " Hãy ký không hiển thị (kiểu “Không hiển thị”)."
            invisible_en = "" if closed else " Sign invisibly (style “Invisible”)."
            raise InputError(
                f"Ô chữ ký “{taken[0].name}” ở trang {spec.page + 1} của văn bản {name} đã bị "
                f"chữ ký “{lock.signature}” khóa: ký vào đó sẽ làm chữ ký ấy mất hiệu lực."
                f"{_where_vi(free)}{invisible_vi}",
                f"The signature field “{taken[0].name}” on page {spec.page + 1} of {name} is "
                f"locked by the signature “{lock.signature}”: signing it would invalidate "
                f"that signature.{_where_en(free)}{invisible_en}",
                code="field_locked",
            )
        if closed is not None:
            raise _closed_form(closed, name, free)
        if level == 2:
            what_vi = f"Văn bản {name} đã được chứng thực"
            what_en = f"{name} is certified"
        else:
            what_vi = f"Chữ ký “{strict[0].signature}” trong văn bản {name} đã khóa văn bản"
            what_en = f"The signature “{strict[0].signature}” in {name} locks the document"
        raise InputError(
            f"{what_vi}, chỉ cho phép điền biểu mẫu và ký vào ô chữ ký có sẵn; trang "
            f"{spec.page + 1} không có ô chữ ký trống nào.{_where_vi(free)} Hãy ký không "
            "hiển thị (kiểu “Không hiển thị”), hoặc đặt chữ ký vào trang có ô chữ ký trống.",
            f"{what_en}: only form filling and signing existing signature fields are "
            f"allowed, and page {spec.page + 1} has no empty signature field.{_where_en(free)} "
            "Sign invisibly, or sign on a page with an empty signature field.",
            code="certified_needs_field",
        )
    if spec.box is None:
        return candidates[0]
    return max(candidates, key=lambda f: _overlap(f.rect, spec.box))


def _closed_form(lock: FieldLock, name: str, free: list[EmptyField]) -> InputError:
    if free:
        then_vi = f" Đặt chữ ký (hiển thị) vào ô chữ ký trống còn ký được ở trang {_pages(free)}."
        then_en = f" Put a visible signature into the empty field that can still be signed on page(s) {_pages(free)}."
    else:
        then_vi = " Xin bản chưa ký từ nơi gửi nếu cần ký."
        then_en = " Ask the sender for an unsigned copy if it must be signed."
    return InputError(
        f"Chữ ký “{lock.signature}” trong văn bản {name} đã khóa các ô của biểu mẫu: thêm "
        f"một ô chữ ký mới, kể cả chữ ký không hiển thị, sẽ làm chữ ký đó mất hiệu lực.{then_vi}",
        f"The signature “{lock.signature}” in {name} locks the form's fields: a new signature "
        f"field, even an invisible one, would invalidate it.{then_en}",
        code="locked_new_field",
    )


def _lock_on(report: InputReport, field_name: str) -> FieldLock | None:
    """The first signature lock that covers ``field_name`` (None: it may be signed)."""
    return next((lock for lock in report.locks if lock.locks(field_name)), None)


def _pages(fields: list[EmptyField]) -> str:
    return ", ".join(dict.fromkeys(str(f.page + 1) for f in fields if f.page is not None))


def _where_vi(free: list[EmptyField]) -> str:
    return f" Ô chữ ký trống còn ký được có ở trang {_pages(free)}." if _pages(free) else ""


def _where_en(free: list[EmptyField]) -> str:
    return f" Empty signature fields that can be signed are on page(s) {_pages(free)}." if _pages(free) else ""


def _overlap(
    a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float]
) -> float:
    if a is None:
        return 0.0
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)
