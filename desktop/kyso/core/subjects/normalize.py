"""Normalising subject values once, at the door, before anything reads them.

Subjects arrive typed by many CAs' tools over many years: decomposed Unicode (NFD, as some
Windows and macOS tools write it), non-breaking and doubled spaces, several dash and
apostrophe characters, and the "new" tone placement ("Hoà", "Thuỷ", "Uỷ ban") beside the
traditional one ("Hòa", "Thủy", "Ủy ban") the table of administrative units uses.

:func:`clean` gives one spelling for all of them: NFC, single spaces, the ASCII hyphen for every dash, one
apostrophe, "Đ"/"đ" for their look-alikes (the eth "Ð"/"ð" a Windows-1252 reading of
Windows-1258 text leaves, the African "Ɖ"), traditional tone placement in open "oa",
"oe", "uy" syllables. Case is kept
(a proposal follows the case style of what it replaces); matching is case-insensitive
further on, through :func:`kyso.core.subjects.admin_units.fold`.

Full-width forms (U+FF01–U+FF5E: "ＵＢＮＤ Ｘã", "Sở KH＆ĐT", as East-Asian input methods type
them) are written as the ASCII characters they stand for, and the ideographic space U+3000
as a space: the compatibility mapping (NFKC) of those code points alone. NFKC is not applied
to the whole value: it would also change characters a CA wrote on purpose ("²", "ﬁ", "Ⅳ").

Invisible characters are dropped: control characters (a NUL a C tool left at the end, an
ESC, DEL, the C1 range), the soft hyphen and zero-width joiners. They carry nothing a reader of the certificate sees, and a value
proposed to the CA must never contain one, so they are stripped rather than refused.
U+FFFD (a character lost to a wrong encoding; a lone surrogate, a byte Python could not
decode, becomes one) is *not* dropped here: it marks a real
letter that is missing, so :func:`kyso.core.subjects.holder.read_holder` strips it and
records which attribute lost one, and the check says so (the proposal is made from what
is left, and the clerk is told to compare it with the certificate).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Dropped without a trace (see the module's docstring); U+0009-000D, U+001C-001F and U+0085
# are spaces to Python and become one space below.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200c\u200d\u2060]")
# A lone surrogate is a byte Python could not decode (a command-line argument that was not
# UTF-8): a lost character, like U+FFFD, and read as one.
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign:
# all written as the ASCII hyphen, spaced when they were spaced.
_DASHES = re.compile(r"(\s*)[\u2010\u2011\u2012\u2013\u2014\u2015\u2212](\s*)")
# U+FF01–U+FF5E are U+0021–U+007E shifted by 0xFEE0 (their NFKC forms; a test holds them to it).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Look-alikes of "Đ"/"đ": the Latin eth "Ð"/"ð" (U+00D0/U+00F0) is what the bytes of "Đ"/"đ"
# in Windows-1258 (0xD0/0xF0) become when read as Windows-1252 or Latin-1; the African D
# "Ɖ" (U+0189) is drawn exactly as "Đ". None is a Vietnamese letter: each is the letter it
# stands for.
_D_STROKE = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"})
_ONE_FOR_EACH = {**_APOSTROPHES, **_D_STROKE}  # one pass for both
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# An open "oa", "oe", "uy" syllable with its tone on the second vowel ("hoà", "thuỷ"), in
# NFD: the tone moves to the first vowel ("hòa", "thủy"). Not after "q": "quý" is right.
_NEW_TONE = re.compile(
    r"(?<![qQ\w])((?:[^\W\d_]*?[^qQ\W\d_])?)([oO])([aAeE])([" + _TONES + r"])(?![^\W\d_])"
    r"|(?<![qQ\w])((?:[^\W\d_]*?[^qQ\W\d_])?)([uU])([yY])([" + _TONES + r"])(?![^\W\d_])"
)

# What every match of _NEW_TONE holds: "oa", "oe" or "uy", a tone, no letter after. Most
# values have none ("Quảng" is closed): one quick search spares the slow one, which tries
# a lazy run of letters at every position (a hundred thousand instructions a value).
_NEW_TONE_HINT = re.compile(r"(?:[oO][aAeE]|[uU][yY])[" + _TONES + r"](?![^\W\d_])")


def _traditional(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        head, first, second, tone = match.group(1, 2, 3, 4)
    else:
        head, first, second, tone = match.group(5, 6, 7, 8)
    return f"{head}{first}{tone}{second}"


# Anything :func:`clean` would change: combining marks (NFD), full-width forms, odd, doubled, leading or
# trailing spaces, dashes, apostrophes, and an "o"/"u" before a toned a/e/y (a possible new
# tone placement). Most values have none: one search instead of the full work.
_ODD_CHARACTERS = (
    "\x00-\x1f\x7f-\x9f\u00ad\u200c\u200d\u2060\ud800-\udfff"
    "\u0300-\u036f\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff"
    "\u2010-\u2015\u2212\u2018\u2019\u02bc`\uff01-\uff5e\u00d0\u00f0\u0189"
)
# The same as "[odd]|  |^ | $|[oOuU][toned a/e/y]", written to start with one character
# class (an odd character, "o"/"u" or a space; what follows it decides): the regular
# expression engine then skips along the value in C to the next such character instead
# of trying five alternatives at each position, half the cost of a search. A test holds
# the two forms to the same answers.
_SUSPECT = re.compile(
    "[" + _ODD_CHARACTERS + "oOuU ]"
    "(?:(?<=[oOuU])[àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]"  # a new tone placement
    "|(?<= )(?:(?<=^ )| |$)"  # a leading, doubled or trailing space
    "|(?<![oOuU ]))"  # an odd character
)


def clean(value: str) -> str:
    """One spelling of a subject value: NFC, ASCII for full-width forms, spaces, dashes,
    apostrophes, tone placement, no invisible characters."""
    if not value or _SUSPECT.search(value) is None:
        return value
    return _clean(value)


def is_plain(value: str) -> bool:
    """Whether :func:`clean` leaves ``value`` as it is with nothing to look at (no
    character or spacing it would change)."""
    return _SUSPECT.search(value) is None


@functools.lru_cache(maxsize=16384)
def _clean(value: str) -> str:
    text = _SURROGATES.sub("\ufffd", _INVISIBLE.sub("", value)).translate(_FULL_WIDTH)
    text = unicodedata.normalize("NFD", text)
    if _NEW_TONE_HINT.search(text) is not None:
        text = _NEW_TONE.sub(_traditional, text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ONE_FOR_EACH)
    text = _SPACES.sub(" ", text).strip()
    text = _DASHES.sub(_dash, text)
    return text


def _dash(match: re.Match[str]) -> str:
    # A spaced dash separates ("Bà Rịa – Vũng Tàu"); an unspaced one joins ("Kế-hoạch").
    return " - " if match.group(1) or match.group(2) else "-"


def clear_caches() -> None:
    _clean.cache_clear()
