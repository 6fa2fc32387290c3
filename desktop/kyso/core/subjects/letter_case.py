"""Whether a subject's text is written all upper case ("NGUYỄN VĂN A", "UBND XÃ …").

The two-tier check writes a proposal in the case the certificate uses
(:func:`kyso.core.reform.naming.style`); when the replaced text itself tells nothing (an
acronym, "P.1", "Q.3") it asks the subject's other values. What decides is here, below the
check, so that reading a batch (:func:`kyso.core.subjects.holder.subject_pattern`) keeps the
case of the values it leaves out of a pattern and never shares a verdict between subjects
the check would write differently.
"""

from __future__ import annotations

import re

from kyso.core.subjects.admin_units import folded_words

LETTER_RUNS = re.compile(r"[^\W\d_]+")
ROMAN_NUMERAL = re.compile(r"[IVXL]+")
"""A Roman number in capitals, as wards and communes are numbered ("Phường IV")."""
_VOWELS = frozenset("aeiouy")
# Upper case in every style; "UBND" alone says nothing of the DN's case.
_ACRONYMS = frozenset(("ubnd", "hdnd", "ubmttq", "mttq", "ubkt"))


def is_word(run: str) -> bool:
    """Whether a run of letters is a word (two or more letters with a vowel, not a Roman
    numeral nor one of the usual acronyms): only words tell the case of a text."""
    if len(run) < 2 or ROMAN_NUMERAL.fullmatch(run):
        return False
    key = "".join(folded_words(run))
    return key not in _ACRONYMS and any(c in _VOWELS for c in key)


def written_upper(sample: str) -> bool | None:
    """Whether ``sample`` is written all upper case; None when it holds no word to tell.

    Only words are evidence: an acronym is upper case in any style ("BR-VT", "TP.HCM",
    "UBND", "Phường III"). Values joined by spaces read as the combination of each value's
    answer: False if any is False, else True if any is True, else None (runs of letters do
    not cross a space).
    """
    if sample.upper() != sample:
        return False  # a lower-case letter: most values say so at once
    runs = [run for run in LETTER_RUNS.findall(sample) if run.isalpha()]
    if not runs:
        return None
    if not all(run.isupper() for run in runs):
        return False
    return True if any(is_word(run) for run in runs) else None
