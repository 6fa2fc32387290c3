"""What changed after a signature, judged (a step of its own, separate from integrity).

The incremental updates after the signed revision are compared object by object with
pyHanko's difference analysis, under Kyso's policy:

* long-term validation additions — the DSS, its VRI entries (added *or updated*: an LTV
  tool refreshing the data of a signature rewrites its VRI entry) and document
  timestamps — are allowed;
* a certification signature's DocMDP permission (P=1 no change, P=2 form filling and
  signing; P=3 is judged like P=2, see below) and a field's ``/Lock`` decide what else is
  allowed;
* everything else is not allowed, with pyHanko's explanation of the object concerned.

**Annotations are never an allowed change, not even under P=3.** ISO 32000 lets a P=3
certification be followed by creating, deleting and modifying annotations, but pyHanko's
analysis has no rule for them (its ``StandardDiffPolicy`` "was not designed to support
DocMDP level 3"): a new annotation rewrites the page's ``/Annots``, which nothing
explains, so even a sticky note over blank paper comes out as changes outside any allowed
kind (``ModificationLevel.OTHER``). Kyso keeps that rather than add an annotation rule of
its own: an annotation can paint over signed content (the Evil Annotation Attack), and
allowing them would lean the whole verdict on the visual check. Tested, with pyHanko's
and pdfsig's answers, in ``tests/core/verify/test_verify_shadow.py``.

When the analysis itself fails (a reference that does not resolve, a name it cannot
read…) the answer is ``unknown`` with the reason: the signature's own integrity stands,
and the conclusion becomes INDETERMINATE "could not analyse what changed after signing".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kyso.core.verify.report import (
    COVERAGE_ENTIRE_FILE,
    COVERAGE_ENTIRE_REVISION,
    MOD_ALLOWED,
    MOD_NONE,
    MOD_NOT_ALLOWED,
    MOD_UNKNOWN,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Modifications:
    level: str
    """``none``, ``allowed``, ``not_allowed`` or ``unknown``."""
    detail: str | None = None
    """What was not allowed (pyHanko's explanation), English."""
    error: str | None = None
    """Why the analysis could not be made, English."""
    form_fields: tuple[str, ...] = ()
    """Form fields whose value changed (explained changes)."""


def analyse(sig: Any, coverage: str) -> Modifications:
    """Judge the updates after ``sig``'s revision (``coverage`` from the integrity step)."""
    if coverage == COVERAGE_ENTIRE_FILE:
        return Modifications(MOD_NONE)
    if coverage != COVERAGE_ENTIRE_REVISION:
        return Modifications(MOD_UNKNOWN, error="the signed revision could not be delimited")
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel, SuspiciousModification

    try:
        result = kyso_diff_policy().review_file(
            sig.reader,
            sig.signed_revision,
            field_mdp_spec=sig.fieldmdp,
            doc_mdp=sig.docmdp_level,
        )
    except SuspiciousModification as exc:
        return Modifications(MOD_NOT_ALLOWED, detail=str(exc))
    except Exception as exc:
        log.info("diff analysis of %s: %r", getattr(sig, "field_name", "?"), exc)
        return Modifications(MOD_UNKNOWN, error=f"{type(exc).__name__}: {str(exc)[:200]}")
    if not isinstance(result, DiffResult):
        return Modifications(MOD_NOT_ALLOWED, detail=str(result))
    level = result.modification_level
    fields = tuple(sorted(str(f) for f in result.changed_form_fields))
    docmdp = sig.docmdp_level
    if level == ModificationLevel.OTHER:
        return Modifications(MOD_NOT_ALLOWED, detail="changes outside any allowed kind")
    if docmdp is not None and level.value > docmdp.value:
        return Modifications(
            MOD_NOT_ALLOWED,
            detail=f"the certification (DocMDP P={docmdp.value}) does not allow "
            f"{level.name.lower().replace('_', ' ')}",
            form_fields=fields,
        )
    if level == ModificationLevel.NONE:
        return Modifications(MOD_NONE)
    return Modifications(MOD_ALLOWED, form_fields=fields)


@lru_cache(maxsize=1)
def kyso_diff_policy() -> Any:
    """pyHanko's standard policy with the DSS rule replaced by :func:`_ltv_dss_rule`."""
    from pyhanko.sign.diff_analysis import (
        CatalogModificationRule,
        DocInfoRule,
        FormUpdatingRule,
        GenericFieldModificationRule,
        MetadataUpdateRule,
        ModificationLevel,
        ObjectStreamRule,
        SigFieldCreationRule,
        SigFieldModificationRule,
        StandardDiffPolicy,
        XrefStreamRule,
    )

    lta = ModificationLevel.LTA_UPDATES
    return StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(),
            DocInfoRule().as_qualified(lta),
            XrefStreamRule().as_qualified(lta),
            ObjectStreamRule().as_qualified(lta),
            _ltv_dss_rule().as_qualified(lta),
            MetadataUpdateRule().as_qualified(lta),
        ],
        form_rule=FormUpdatingRule(
            field_rules=[
                SigFieldCreationRule(),
                SigFieldModificationRule(),
                GenericFieldModificationRule(),
            ],
        ),
    )


def _ltv_dss_rule() -> Any:
    """pyHanko's DSS rule, except that an existing VRI entry may be updated.

    pyHanko requires old VRI entries to stay byte-identical ("VRI key … was modified or
    deleted"); LTV tools (Acrobat, EU DSS, pyHanko's own ``ltvfix``) rewrite a
    signature's entry when they refresh its data. DSS content is never rendered, so an
    updated entry changes nothing a reader sees; its structure is still checked like a
    new entry's.
    """
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.reader import RawPdfPath
    from pyhanko.sign.diff_analysis import DSSCompareRule, SuspiciousModification
    from pyhanko.sign.diff_analysis.commons import compare_key_refs
    from pyhanko.sign.diff_analysis.rules.form_field_rules import _validate_dss_substructure
    from pyhanko.sign.diff_analysis.rules_api import Context, ReferenceUpdate

    class LtvDssRule(DSSCompareRule):  # type: ignore[misc]
        # pyHanko's DSSCompareRule.apply (0.38) with one change, marked below.
        def apply(self, old: Any, new: Any) -> Iterable[Any]:
            dss_context = Context.from_absolute(old, RawPdfPath("/Root", "/DSS"))
            old_dss, new_dss = yield from misc.map_with_return(
                compare_key_refs("/DSS", old, old.root, new.root),
                ReferenceUpdate.curry_ref(context_checked=dss_context),
            )
            if new_dss is None:
                return
            if old_dss is None:
                old_dss = generic.DictionaryObject()
            if not isinstance(old_dss, generic.DictionaryObject):
                raise misc.PdfReadError("/DSS is not a dictionary")
            if not isinstance(new_dss, generic.DictionaryObject):
                raise SuspiciousModification("/DSS is not a dictionary")
            stream_keys = {"/Certs", "/CRLs", "/OCSPs"}
            unexpected = set(new_dss.keys()) - ({"/Type", "/VRI"} | stream_keys)
            if unexpected:
                raise SuspiciousModification(f"Unexpected keys in DSS: {unexpected}.")
            yield from _validate_dss_substructure(
                old, new, old_dss, new_dss, stream_keys, is_vri=False, context=dss_context
            )
            old_vri, new_vri = yield from misc.map_with_return(
                compare_key_refs("/VRI", old, old_dss, new_dss),
                ReferenceUpdate.curry_ref(
                    context_checked=Context.from_absolute(old, RawPdfPath("/Root", "/DSS", "/VRI"))
                ),
            )
            if new_vri is None:
                return
            if not isinstance(new_vri, generic.DictionaryObject):
                raise SuspiciousModification("/VRI is not a dictionary")
            if not isinstance(old_vri, generic.DictionaryObject):
                old_vri = generic.DictionaryObject()
            # The change: an old VRI entry that was updated (or dropped) is checked as a
            # new one instead of being refused.
            kept = generic.DictionaryObject(
                {k: v for k, v in old_vri.items() if k in new_vri and new_vri.raw_get(k) == v}
            )
            yield from DSSCompareRule._check_vri(old, new, kept, new_vri)

    return LtvDssRule()
