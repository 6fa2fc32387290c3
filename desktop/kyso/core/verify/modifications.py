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

**An object the signed revision refers to but does not contain may not be supplied later.**
pyHanko counts an object added after signing as an unused leftover ("orphan", cleared at
LTA_UPDATES) when nothing *added or rewritten* by that revision refers to it; it assumes
"no shady behaviour with older revisions referring to as-of-yet-undefined references"
(``_find_orphans``). A document prepared with a dangling reference — ``/OCProperties 90
0 R`` in its catalog, say, with no object 90 — is signed as it shows; a later update that
only adds object 90 (an optional-content configuration turning a clause off) then
changes what every viewer shows, while pyHanko calls it an LTV update and pdfsig checks
bytes only. The visual check renders pages, not the catalog, so it cannot see this
either. Kyso refuses any later object that fills in a reference of the signed revision
(:class:`_LeftoverRule` replaces pyHanko's orphan finder; :func:`supplied_after_signing`
names them). The same finder no longer throws on a dangling reference in an object a
later revision rewrites (pyHanko's raised ``KeyError``, so an LTV update to such a file
could not be analysed).

**No action may be added after signing.** A new signature field is an allowed change,
and pyHanko clears "all its dependencies" with it, so a field whose widget carries
``/AA << /PO << /S /JavaScript … >> >>`` (a script run when the page opens) passes its
analysis and pdfsig's, while poppler's ``pdfinfo -js`` lists the script. A script can
rewrite fields and hide annotations in the viewer (the code injection of Mainka et al.,
IEEE S&P 2021), and a link action can send the reader anywhere: none of it was seen by
the signer. Kyso refuses any ``/A``, ``/AA``, ``/OpenAction`` or ``/Next`` entry that an
object written after signing holds and its signed version did not
(:func:`actions_added_after_signing`), and any action object new after signing, however
it is reached. Form filling keeps a field's actions as they were, so it is not affected.

**Leftovers are unused only as pyHanko reads the file.** A dictionary with a key twice
keeps the first value in pyHanko, the last in PDFium and poppler, so an object pyHanko
sees nothing use may be drawn by every viewer; when the analysis let such objects pass,
the visual check compares every page (:func:`leftovers_after`).

**A cross-reference section after signing must be where the file says.** pyHanko reads
a ``startxref`` (or ``/Prev``) a few bytes off by looking nearby; PDFium and poppler take
the file as damaged and rebuild it by scanning every object, the last copy of each
winning. An update after signing whose ``startxref`` is 2 bytes off, holding an unlisted
new copy of the page's content stream, is analysed by pyHanko as an unused leftover (an
allowed change) while both viewers show the new content. Such a section
(:func:`misplaced_sections`) makes the changes ``unknown``, and the visual check renders
every page (:func:`kyso.core.verify.visual.touched_pages`).

**Bytes after the last ``%%EOF`` are junk only if they hold no update.** pyHanko reads a
file up to its last ``%%EOF`` and, like Kyso, tolerates what follows (mail gateways
append text). An update appended after signing without its ``%%EOF`` (or with ``%EOF``,
``%%EO``) is invisible to pyHanko — "no change after signing" — while poppler and PDFium
read its ``startxref`` and show the page content it replaces. Such a tail
(:func:`unterminated_update`) makes the changes ``unknown`` and the visual check renders
every page.

When the analysis itself fails (a reference that does not resolve, a name it cannot
read…) the answer is ``unknown`` with the reason: the signature's own integrity stands,
and the conclusion becomes INDETERMINATE "could not analyse what changed after signing".
"""

from __future__ import annotations

import logging
import weakref
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
        return _refused(sig, exc)
    except Exception as exc:
        log.info("diff analysis of %s: %r", getattr(sig, "field_name", "?"), exc)
        return Modifications(MOD_UNKNOWN, error=f"{type(exc).__name__}: {str(exc)[:200]}")
    if not isinstance(result, DiffResult):
        return _refused(sig, result)
    level = result.modification_level
    fields = tuple(sorted(str(f) for f in result.changed_form_fields))
    docmdp = sig.docmdp_level
    if level == ModificationLevel.OTHER:
        return Modifications(MOD_NOT_ALLOWED, detail="changes outside any allowed kind")
    if unterminated_update(sig.reader):
        return Modifications(
            MOD_UNKNOWN,
            error="the bytes after the last %%EOF hold an update without its end marker: "
            "PDF viewers read it, this analysis cannot",
            form_fields=fields,
        )
    misplaced = misplaced_sections(sig.reader, sig.signed_revision)
    if misplaced:
        return Modifications(
            MOD_UNKNOWN,
            error="the cross-reference section of revision "
            + ", ".join(str(r) for r in misplaced)
            + " is not where the file says (startxref or /Prev off): PDF viewers then rebuild "
            "the file and may show objects this analysis did not see",
            form_fields=fields,
        )
    try:
        actions = actions_added_after_signing(sig.reader, sig.signed_revision)
    except Exception as exc:
        log.info("actions added after %s: %r", getattr(sig, "field_name", "?"), exc)
        return Modifications(MOD_UNKNOWN, error=f"{type(exc).__name__}: {str(exc)[:200]}")
    if actions:
        return Modifications(
            MOD_NOT_ALLOWED,
            detail="actions (scripts, links, commands run by the viewer) were added after "
            "signing: " + ", ".join(actions),
            form_fields=fields,
        )
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


def _refused(sig: Any, why: Exception) -> Modifications:
    """Not allowed, with pyHanko's explanation — or, where a dangling reference of the
    signed revision was filled in, which one (pyHanko only says "unexplained xref")."""
    try:
        supplied = supplied_after_signing(sig.reader, sig.signed_revision)
    except Exception:
        supplied = []
    if supplied:
        return Modifications(
            MOD_NOT_ALLOWED,
            detail="objects the signed revision referred to but did not contain were "
            "supplied after signing: " + ", ".join(supplied),
        )
    return Modifications(MOD_NOT_ALLOWED, detail=str(why))


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
        # leftovers are judged by _LeftoverRule, not by pyHanko's own orphan finder
        ignore_orphaned_objects=False,
        global_rules=[
            _LeftoverRule().as_qualified(lta),
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


def supplied_after_signing(reader: Any, signed_revision: int) -> list[str]:
    """Objects defined after ``signed_revision`` that the signed revision already referred
    to (a dangling reference there, filled in later), as ``"N G R at /path"``.

    Uses the signed revision's reverse reference index, which pyHanko's difference
    analysis has just built on the same (cached) historical resolver, so this costs a
    look-up per object added after signing."""
    xrefs = reader.xrefs
    later = {
        ref
        for revision in range(signed_revision + 1, xrefs.total_revisions)
        for ref in xrefs.explicit_refs_in_revision(revision)
        if xrefs.get_historical_ref(ref, signed_revision) is None
    }
    if not later:
        return []
    signed = reader.get_historical_resolver(signed_revision)
    signed._load_reverse_xref_cache()
    out = []
    for ref in sorted(later, key=lambda r: (r.idnum, r.generation)):
        paths = [p for p in signed._get_usages_of_ref(ref) if tuple(p)[:1] != ("/Info",)]
        if paths:
            where = min(
                "".join(str(e) if isinstance(e, str) else f"[{e}]" for e in p) for p in paths
            )
            out.append(f"{ref.idnum} {ref.generation} R at {where}")
    return out


class _LeftoverRule:
    """Objects added by a revision that nothing uses — a writer's leftovers, harmless
    and allowed (pyHanko's ``ignore_orphaned_objects``) — except an object the signed
    revision already referred to: that one fills in a dangling reference of the signed
    document and changes what it means.

    "Nothing uses" as in pyHanko's ``_find_orphans``: not reachable from the trailer or
    from an object the revision rewrote, following only objects the revision added; a
    reference to an object that exists in no revision is skipped (pyHanko's walk raised
    ``KeyError`` on it)."""

    def as_qualified(self, level: Any) -> Any:
        from pyhanko.sign.diff_analysis.rules_api import QualifiedWhitelistRule

        rule = self

        class _Qualified(QualifiedWhitelistRule):  # type: ignore[misc]
            def apply_qualified(self, old: Any, new: Any) -> Iterable[Any]:
                for update in rule.apply(old, new):
                    yield level, update

        return _Qualified()

    def apply(self, old: Any, new: Any) -> Iterable[Any]:
        from pyhanko.sign.diff_analysis.rules_api import ReferenceUpdate

        previous = new.reader.get_historical_resolver(new.revision - 1)
        added, rewritten = set(), set()
        for ref in new.explicit_refs_in_revision():
            (added if previous.is_ref_unassignable(ref) else rewritten).add(ref)
        if not added:
            return
        reached = _reached_through_new_objects(
            new, [new.trailer_view, *(new(ref) for ref in rewritten)]
        )
        old._load_reverse_xref_cache()
        for ref in added - reached:
            if not old._get_usages_of_ref(ref):
                if _drawable(new, ref):
                    _LEFTOVERS.setdefault(new.reader, set()).add((ref.idnum, ref.generation))
                yield ReferenceUpdate(ref)


def _drawable(new: Any, ref: Any) -> bool:
    """Anything but the file's own machinery (cross-reference and object streams, which
    nothing refers to by design)."""
    from pyhanko.pdf_utils import generic

    try:
        obj = new(ref)
    except Exception:
        return True
    return not (
        isinstance(obj, generic.DictionaryObject) and obj.get("/Type") in ("/XRef", "/ObjStm")
    )


_LEFTOVERS: weakref.WeakKeyDictionary[Any, set[tuple[int, int]]] = weakref.WeakKeyDictionary()
"""Per reader, the objects :class:`_LeftoverRule` let pass as unused."""


def leftovers_after(reader: Any, signed_revision: int) -> bool:
    """Whether the analysis let objects added after ``signed_revision`` pass as unused.

    "Unused" is pyHanko's reading of the file. Viewers read some things differently — a
    dictionary with the same key twice keeps the first value in pyHanko and the last in
    PDFium and poppler — so an object nothing uses for pyHanko may be drawn by every
    viewer (``/XObject << >> /XObject << /X2 90 0 R >>``, object 90 added after signing).
    The visual check then compares every page (:func:`kyso.core.verify.visual.touched_pages`).
    """
    xrefs = reader.xrefs
    for idnum, generation in _LEFTOVERS.get(reader, ()):
        try:
            introduced = xrefs.get_introducing_revision(_reference(idnum, generation))
        except KeyError:
            continue
        if introduced > signed_revision:
            return True
    return False


def _reference(idnum: int, generation: int) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.Reference(idnum, generation)


def _reached_through_new_objects(new: Any, roots: list[Any]) -> set[Any]:
    """References met from ``roots``, entering only objects ``new``'s revision added."""
    from pyhanko.pdf_utils import generic

    xrefs = new.reader.xrefs
    seen: set[Any] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            ref = obj.reference
            if ref in seen:
                continue
            try:
                introduced = xrefs.get_introducing_revision(ref)
            except KeyError:
                continue  # in no revision: null, nothing behind it
            if introduced < new.revision:
                continue  # an older object: it cannot lead to this revision's objects
            seen.add(ref)
            obj = new(ref)
        if isinstance(obj, generic.DictionaryObject):  # streams too
            stack.extend(obj.values())
        elif isinstance(obj, generic.ArrayObject):
            stack.extend(obj)
    return seen


_ACTION_KEYS = frozenset({"/A", "/AA", "/OpenAction", "/Next"})


def actions_added_after_signing(reader: Any, signed_revision: int) -> list[str]:
    """Action entries (:data:`_ACTION_KEYS`) in objects written after ``signed_revision``
    that the signed version of the same object did not have, as ``"/AA in N G R"``."""
    xrefs = reader.xrefs
    signed = reader.get_historical_resolver(signed_revision)
    found: dict[tuple[int, int], str] = {}
    for revision in range(signed_revision + 1, xrefs.total_revisions):
        later = reader.get_historical_resolver(revision)
        for ref in xrefs.explicit_refs_in_revision(revision):
            key = (ref.idnum, ref.generation)
            if key in found:
                continue
            obj = later(ref)
            existed = xrefs.get_historical_ref(ref, signed_revision) is not None
            if not existed and _is_action(obj):
                # an action object of its own, new after signing: however it is reached
                # (a duplicate key pyHanko does not read, a dangling reference)
                found[key] = f"{obj.get('/S')} action {ref.idnum} {ref.generation} R"
                continue
            entries = _action_entries(obj)
            if not entries:
                continue
            before = _action_entries(signed(ref)) if existed else []
            added = [(path, value) for path, value in entries if (path, value) not in before]
            if added:
                found[key] = f"{added[0][0][-1]} in {ref.idnum} {ref.generation} R"
    return [found[k] for k in sorted(found)]


_ACTION_TYPES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/ResetForm",
        "/Hide",
        "/SetOCGState",
        "/Rendition",
        "/Named",
        "/GoTo",
        "/Thread",
        "/Sound",
        "/Movie",
        "/Trans",
        "/GoTo3DView",
        "/RichMediaExecute",
    }
)


def _is_action(obj: Any) -> bool:
    from pyhanko.pdf_utils import generic

    return (
        isinstance(obj, generic.DictionaryObject)
        and not isinstance(obj, generic.StreamObject)
        and obj.get("/S") in _ACTION_TYPES
        and obj.get("/Type", "/Action") == "/Action"
    )


def _action_entries(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """(path, raw value) of every action entry in ``obj``'s direct content (indirect
    objects are judged where they are written)."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(obj, generic.DictionaryObject):  # streams too
        for key in obj:
            value = obj.raw_get(key)
            if key in _ACTION_KEYS:
                out.append(((*path, key), value))
            out.extend(_action_entries(value, (*path, key)))
    elif isinstance(obj, generic.ArrayObject):
        for index, value in enumerate(obj):
            out.extend(_action_entries(value, (*path, index)))
    return out


_WHITESPACE = b" \t\r\n\x0c\x00"


def misplaced_sections(reader: Any, signed_revision: int) -> list[int]:
    """Revisions from ``signed_revision`` on whose cross-reference section pyHanko found
    only by looking near where ``startxref`` or the next revision's ``/Prev`` points.

    Whitespace before the section is tolerated (common, and viewers skip it too); the
    signed revision counts because the ``/Prev`` that leads to it was written later."""
    import re

    xrefs = reader.xrefs
    stream = reader.stream
    out = []
    for revision in range(signed_revision, xrefs.total_revisions):
        if revision == signed_revision and revision == xrefs.total_revisions - 1:
            continue
        meta = xrefs.get_xref_container_info(revision)
        stream.seek(meta.declared_startxref)
        head = stream.read(64).lstrip(_WHITESPACE)
        if meta.xref_section_type.name == "STREAM":
            found = re.match(rb"\d+\s+\d+\s+obj\b", head) is not None
        else:
            found = head.startswith(b"xref")
        if not found:
            out.append(revision)
    return out


_TAIL_WINDOW = 1 << 20


def unterminated_update(reader: Any) -> bool:
    """Whether the bytes after the file's last ``%%EOF`` (where pyHanko stops reading)
    hold cross-reference data or objects: an update a viewer reads and pyHanko does not.

    Only the last MiB is searched: viewers look for ``startxref`` near the end of the
    file, and a tail longer than that is treated as an update too. Read once per file
    (each signature's analysis and its visual check ask)."""
    known = _UNTERMINATED.get(reader)
    if known is None:
        known = _UNTERMINATED[reader] = _reads_an_unterminated_update(reader)
    return known


_UNTERMINATED: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _reads_an_unterminated_update(reader: Any) -> bool:
    import re

    stream = reader.stream
    stream.seek(0, 2)
    size = stream.tell()
    start = max(0, size - _TAIL_WINDOW)
    stream.seek(start)
    window = stream.read(size - start)
    eof = window.rfind(b"%%EOF")
    if eof < 0:
        return start > 0
    tail = window[eof + 5 :]
    return b"xref" in tail or re.search(rb"\d+\s+\d+\s+obj\b", tail) is not None
