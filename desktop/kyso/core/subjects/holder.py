"""Reading a certificate's subject into a holder: who, in which unit, where.

A subject comes as a ``cryptography`` :class:`x509.Name` or as the RFC 4514 string that
``Name.rfc4514_string()`` prints (most specific first: ``UID=…,CN=…,2.5.4.12=…,OU=…,O=…,
L=…,C=VN``). Both are read into the same attribute list in DER order (country first), and
from it a :class:`Holder`:

- ``units`` is the organization chain *lowest first*: OU … OU, O — as VGCA's tools show it;
- ``ids`` are the identity numbers found in UID (``CCCD:…``, ``CMND:…``, ``MST:…``, ``MNS:…``)
  and in serialNumber;
- ``kind`` is person / organization / unknown, with a confidence and the reason.

Nothing here raises on odd input: garbage gives a holder of kind ``unknown``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from cryptography import x509

from kyso.core.subjects import bodies
from kyso.core.subjects.admin_units import (
    clear_fold_caches,
    fold,
    fold_words,
    folded_words,
    split_type,
)
from kyso.core.subjects.letter_case import written_upper
from kyso.core.subjects.normalize import clean, is_plain
from kyso.core.subjects.normalize import clear_caches as clear_normalize_caches

# OIDs (dotted) -> the short names used here.
_OID_NAMES = {
    "2.5.4.3": "CN",
    "2.5.4.4": "SN",
    "2.5.4.42": "GN",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.9": "STREET",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.12": "T",
    "0.9.2342.19200300.100.1.1": "UID",
    "0.9.2342.19200300.100.1.25": "DC",
    "1.2.840.113549.1.9.1": "E",
}
_KEY_ALIASES = {
    "cn": "CN",
    "commonname": "CN",
    "o": "O",
    "organizationname": "O",
    "ou": "OU",
    "organizationalunitname": "OU",
    "l": "L",
    "localityname": "L",
    "st": "ST",
    "s": "ST",
    "stateorprovincename": "ST",
    "c": "C",
    "countryname": "C",
    "t": "T",
    "title": "T",
    "uid": "UID",
    "userid": "UID",
    "e": "E",
    "email": "E",
    "emailaddress": "E",
    "serialnumber": "serialNumber",
    "sn": "SN",
    "surname": "SN",
    "gn": "GN",
    "givenname": "GN",
    "street": "STREET",
    "dc": "DC",
}

# Identity schemes in UID / serialNumber ("CCCD:0340…"), by what they identify.
PERSON_ID_SCHEMES = ("CCCD", "CMND", "CMT", "HC", "HOCHIEU", "PASSPORT", "PID", "DDCN", "MSCB")
ORGANIZATION_ID_SCHEMES = ("MST", "MNS", "MSNS", "MDVQHNS", "MSDN", "MSQHNS", "MQHNS", "BHXH")
_ID_RE = re.compile(r"^\s*([A-Za-zĐđ._ -]{2,16}?)\s*[:=\-]\s*([0-9A-Za-z.\-/]+)\s*$")

# Words that start the name of a body (folded, as word sequences).
_BODY_STARTS = tuple(
    tuple(fold_words(w))
    for w in (
        # Not "Vụ", "Đoàn", "Tổ", "Quân", "Phong", "Trường" alone: folded, they are also
        # common family or given names (Vũ, Đoàn, Tô, Quân, Phong, Trường).
        "UBND",
        "HĐND",
        "Ủy ban",
        "Uỷ ban",
        "Hội đồng",
        "Sở",
        "Phòng",
        "Văn phòng",
        "Ban",
        "Bộ",
        "Cục",
        "Chi cục",
        "Tổng cục",
        "Viện",
        "Trung tâm",
        "Trường học",
        "Trường Đại học",
        "Trường Cao đẳng",
        "Trường Trung học",
        "Trường THPT",
        "Trường THCS",
        "Trường Tiểu học",
        "Trường Mầm non",
        "Trường Mẫu giáo",
        "Trường Chính trị",
        "Trường PTDTNT",
        "Trường TH",
        "Trường MN",
        "Trường PT",
        "Bệnh viện",
        "Công an",
        "Kho bạc",
        "Thanh tra",
        "Tòa án",
        "Toà án",
        "Viện kiểm sát",
        "Đảng ủy",
        "Đảng uỷ",
        "Đảng bộ",
        "Huyện ủy",
        "Huyện uỷ",
        "Tỉnh ủy",
        "Tỉnh uỷ",
        "Thành ủy",
        "Thành uỷ",
        "Quận ủy",
        "Quận uỷ",
        "Thị ủy",
        "Thị uỷ",
        "Hội",
        "Liên đoàn",
        "Mặt trận",
        "Công ty",
        "Tập đoàn",
        "Tổng công ty",
        "Ngân hàng",
        "Cơ quan",
        "Bảo hiểm",
        "Chi nhánh",
        "Học viện",
        "Đại học",
        "Quỹ",
        "Cảng vụ",
        "Bộ chỉ huy",
        "Ban chỉ huy",
        "Hệ thống",
        "Xí nghiệp",
        "Hợp tác xã",
        "Thư viện",
        "Bảo tàng",
        "Chi bộ",
        "Chính phủ",
        "Quốc hội",
        "Kiểm toán",
        "Cảnh sát",
        "Lữ đoàn",
        "Tiểu đoàn",
        "Trạm",
        "Chi cục",
        "Đơn vị",
        "Doanh nghiệp",
        "Trung ương",
        # The Youth Union's committees (not "Đoàn" alone, a surname; not "Đoàn thị trấn":
        # names_a_body asks bodies.township_youth_union).
        *bodies.YOUTH_UNION,
        "Công đoàn",
    )
)
_BODY_WORDS = frozenset(("ubnd", "hdnd", "tnhh", "cp", "kbnn"))


@dataclass(frozen=True)
class Attribute:
    """One subject attribute: its short name ("CN", "OU", …, or the dotted OID) and value."""

    key: str
    value: str

    def __init__(self, key: str, value: str) -> None:
        # Frozen, set straight in __dict__: the dataclass' own __init__ sets each field
        # through object.__setattr__, three times slower; a batch of subjects makes many.
        fields = self.__dict__
        fields["key"] = key
        fields["value"] = value


@dataclass(frozen=True)
class IdentityNumber:
    scheme: str
    """Upper-case scheme as written: "CCCD", "CMND", "MST", "MNS"; "" when none."""
    value: str
    source: str
    """The attribute it was read from ("UID", "serialNumber")."""

    def __init__(self, scheme: str, value: str, source: str) -> None:
        # Frozen, set straight in __dict__: the dataclass' own __init__ sets each field
        # through object.__setattr__, three times slower; a batch of subjects makes many.
        fields = self.__dict__
        fields["scheme"] = scheme
        fields["value"] = value
        fields["source"] = source


@dataclass(frozen=True)
class Holder:
    """What a certificate's subject says about its holder."""

    kind: str
    """"person", "organization" or "unknown"."""
    confidence: str
    """"high", "medium" or "low"."""
    why: str
    """Why the kind was chosen (English; for logs and tests)."""
    name: str | None
    title: str | None
    units: tuple[str, ...]
    """The organization chain lowest first: OU…, O (VGCA's order)."""
    ous: tuple[str, ...]
    """The OUs alone, lowest first."""
    organization: str | None
    """O (the top-level body)."""
    locality: str | None
    state: str | None
    ids: tuple[IdentityNumber, ...]
    email: str | None
    attributes: tuple[Attribute, ...] = field(repr=False)
    """All attributes in DER order (country first)."""
    unreadable: tuple[str, ...] = ()
    """The attributes whose value had U+FFFD (a character lost to a wrong encoding), in the
    order read; the character is dropped from the value (see :func:`read_holder`)."""

    def __init__(
        self,
        kind: str,
        confidence: str,
        why: str,
        name: str | None,
        title: str | None,
        units: tuple[str, ...],
        ous: tuple[str, ...],
        organization: str | None,
        locality: str | None,
        state: str | None,
        ids: tuple[IdentityNumber, ...],
        email: str | None,
        attributes: tuple[Attribute, ...],
        unreadable: tuple[str, ...] = (),
    ) -> None:
        # Frozen, set straight in __dict__: the dataclass' own __init__ sets each field
        # through object.__setattr__, three times slower; a batch of subjects makes many.
        fields = self.__dict__
        fields["kind"] = kind
        fields["confidence"] = confidence
        fields["why"] = why
        fields["name"] = name
        fields["title"] = title
        fields["units"] = units
        fields["ous"] = ous
        fields["organization"] = organization
        fields["locality"] = locality
        fields["state"] = state
        fields["ids"] = ids
        fields["email"] = email
        fields["attributes"] = attributes
        fields["unreadable"] = unreadable

    def get(self, key: str) -> list[str]:
        return [a.value for a in self.attributes if a.key == key]


# -- parsing ----------------------------------------------------------------------------
def _oid_key(dotted: str, fallback: str | None = None) -> str:
    return _OID_NAMES.get(dotted, fallback or dotted)


def attributes_of_name(name: x509.Name) -> list[Attribute]:
    """A cryptography Name's attributes in DER order (country first)."""
    out: list[Attribute] = []
    for attr in name:
        value = attr.value
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        out.append(Attribute(_oid_key(attr.oid.dotted_string), clean(str(value))))
    return out


def _unescape(raw: str) -> str:
    """RFC 4514 value unescaping: ``\\,`` and ``\\XX`` UTF-8 hex pairs."""
    if raw.startswith("#"):
        return _decode_hex_value(raw[1:])
    if "\\" not in raw:
        return raw.strip()
    out = bytearray()
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            pair = raw[i + 1 : i + 3]
            if len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair):
                out.append(int(pair, 16))
                i += 3
                continue
            out.extend(raw[i + 1].encode("utf-8"))
            i += 2
            continue
        out.extend(ch.encode("utf-8"))
        i += 1
    return out.decode("utf-8", "replace").strip()


def _decode_hex_value(hexstr: str) -> str:
    """A ``#…`` value: the hex of a BER-encoded string; decoded when it is one."""
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return "#" + hexstr
    try:
        from asn1crypto.core import Asn1Value

        native = Asn1Value.load(data).native
        if isinstance(native, str):
            return native
        if isinstance(native, bytes):
            return native.decode("utf-8", "replace")
    except Exception:  # any undecodable value is shown as written
        pass
    return "#" + hexstr


_SPLITTERS = {",;+": re.compile(r"[,;+]"), "/": re.compile(r"/")}
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)+")


def _split_unescaped(text: str, separators: str) -> list[str]:
    if "\\" not in text and '"' not in text:
        if separators == ",;+" and ";" not in text and "+" not in text:
            return text.split(",")  # the usual subject: the same pieces, no regex
        splitter = _SPLITTERS.get(separators) or re.compile("[" + re.escape(separators) + "]")
        return splitter.split(text)
    parts: list[str] = []
    current: list[str] = []
    i = 0
    quoted = False
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch in separators and not quoted:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


# ``key=value`` pieces repeat across an inventory (every certificate of a unit has the same
# O, OU and L): each distinct piece is read once. Attributes are immutable, so shared.
_piece_cache: dict[str, Attribute | None] = {}
_PIECE_CACHE_SIZE = 50_000
_NOT_CACHED = object()
_UNIQUE_KEYS = frozenset(("UID", "serialNumber", "E"))


@functools.lru_cache(maxsize=256)
def _key_name(key: str) -> str | None:
    """The attribute name a written key stands for ("uid", "0.9.2342…" -> "UID"); None
    when it is not a key. Few keys are ever written: each is read once."""
    if not key or not _KEY.fullmatch(key):
        return None
    if key[0].isdigit():
        return _oid_key(key)
    return _KEY_ALIASES.get(key.lower().replace("-", ""), key)


def _read_piece(piece: str, name: str | None = None) -> Attribute | None:
    """One ``key=value`` piece as an attribute; None when it is not one (cached).
    ``name``: :func:`_key_name` of its key when the caller has it."""
    key, sep, raw = piece.partition("=")
    if sep and key[:7].lower() == "subject":
        # "subject=C = VN, …" (`openssl x509 -noout -subject`), "Subject: C=VN, …": the
        # label before the first attribute is no part of it.
        rest = piece[7:].lstrip(" =:")
        if "=" in rest:
            return _read_piece(rest)
    if name is None:
        name = _key_name(key.strip()) if sep else None
    if sep and name is None:
        # A BOM or a zero-width space before the type ("\ufeffCN=…", a line of a second
        # file glued after the first) is no part of it.
        name = _key_name(clean(key).strip())
    attr: Attribute | None = None
    if name is not None:
        value = raw.strip()
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
            value = value[1:-1]
        attr = Attribute(name, clean(_unescape(value)))
    if attr is not None and attr.key in _UNIQUE_KEYS:
        return attr  # one per certificate: caching would only push the shared ones out
    if len(_piece_cache) >= _PIECE_CACHE_SIZE:
        _piece_cache.clear()
    _piece_cache[piece] = attr
    return attr


def clear_caches() -> None:
    """Forget what was read (for benchmarks measuring a cold start)."""
    _piece_cache.clear()
    _pattern_pieces.clear()
    _unique_shapes.clear()
    _tails.clear()
    _uid_stems.clear()
    names_a_body.cache_clear()
    _looks_like_person_name.cache_clear()
    _scheme.cache_clear()
    _by_schemes.cache_clear()
    _key_name.cache_clear()
    clear_fold_caches()
    clear_normalize_caches()


def attributes_of_string(text: str) -> list[Attribute]:
    """Attributes of an RFC 4514 string (or an OpenSSL ``/C=VN/O=…`` one), in DER order.

    Lenient: pieces without ``=`` are appended to the previous value (an unescaped comma
    inside a name), unknown keys are kept as written.
    """
    text = text.strip()
    if not text:
        return []
    slash_form = text.startswith("/")
    if slash_form:
        pieces = [p for p in _split_unescaped(text[1:], "/")]
    else:
        pieces = _split_unescaped(text, ",;+")
    attrs = _attributes_of_pieces(pieces)
    # RFC 4514 lists the most specific RDN first; OpenSSL's slash form is DER order, and
    # so is what `openssl x509 -subject` prints ("C = VN, ST = …, CN = …").
    return attrs if slash_form or _least_specific_first(attrs) else attrs[::-1]


def _least_specific_first(attrs: list[Attribute]) -> bool:
    """Whether attributes read in the written order are in DER order: C (the country, the
    least specific, last in RFC 4514) first and others after it, as OpenSSL prints a
    subject. Read as RFC 4514 the chain of OUs and Os would come out upside down."""
    return len(attrs) > 1 and attrs[0].key == "C" and attrs[-1].key != "C"


def _attributes_of_pieces(pieces: list[str]) -> list[Attribute]:
    """The attributes of a subject's ``key=value`` pieces, in the order written."""
    attrs: list[Attribute] = []
    for piece in pieces:
        attr = _piece_cache.get(piece, _NOT_CACHED)
        if attr is _NOT_CACHED:
            attr = _read_piece(piece)
        if attr is None:
            if attrs and piece.strip():
                last = attrs[-1]
                joined = f"{last.value}, {_unescape(piece.strip())}"
                attrs[-1] = Attribute(last.key, clean(joined))
            continue
        attrs.append(attr)  # type: ignore[arg-type]
    return attrs


# -- the pattern of a subject ------------------------------------------------------------
# Pieces of a subject by what the pattern keeps of them: the piece itself when shared
# (CN, OU, O, L…), or the attribute name when it is one of the unique ones.
_pattern_pieces: dict[str, str | None] = {}


def subject_pattern(text: str) -> tuple[str, ...] | None:
    """``text`` less what is unique to one certificate and never read by the two-tier
    check, or None when the shortcut does not apply.

    Two subjects with the same pattern read into holders that differ only in what the
    check never reads (:func:`kyso.core.reform.check._verdict_key` lists what it reads):
    identity *numbers* and e-mail (the schemes, "CCCD" or "MST", stay: they decide the
    holder's kind), and — for a person known by a personal identity number alone — the
    person's name (CN). Of what is left out, the case stays (:func:`written_upper` of each
    value): a proposal may take the subject's case from it. So they get the same verdict, and a batch checks each pattern once
    (an inventory's certificates of one unit differ mostly in UID and CN). The usual RFC
    4514 string only — no escapes, quotes, ``;``, ``+``, slash form or piece without ``=``
    — others give None and are read in full.
    """
    return pattern_and_pieces(text)[0]


def pattern_and_pieces(text: str) -> tuple[tuple[str, ...] | None, list[str] | None]:
    """:func:`subject_pattern` of ``text`` and, when it has one, the pieces it was read
    from: :func:`holder_of_pieces` of them is :func:`read_holder` of ``text`` (a batch
    splits each subject once)."""
    text = text.strip()
    if not text or "\\" in text or '"' in text or ";" in text or "+" in text or text[0] == "/":
        return None, None
    if text.startswith("UID=") and _CN_MARK not in text:
        # The usual subject: "UID=…,CN=…," then what every certificate of the unit shares
        # (the tail). The tail is read once per distinct tail (_tail_of) and the UID once
        # per stem (_uid_of: "UID=MST:" before its digits); only the CN is looked up per
        # subject. Any other shape, or a tail that is not plain shared pieces, goes the
        # general way below, which gives the same pattern.
        split = text.split(",", 2)
        if len(split) == 3:
            uid, cn, rest = split
            tail = _tails.get(rest, _NOT_CACHED)
            if tail is _NOT_CACHED:
                tail = _tail_of(rest)
            if tail is not None and cn.startswith("CN="):
                stem = uid.rstrip(_DIGIT_CHARS)
                read_uid = _uid_stems.get(stem) if len(stem) < len(uid) else None
                if read_uid is None:
                    read_uid = _uid_of(uid, stem)
                kept_cn = _pattern_pieces.get(cn, _NOT_CACHED)
                if kept_cn is _NOT_CACHED:
                    kept_cn = _pattern_piece(cn)  # never "" nor None: a CN, no mark
                if read_uid.drops_name:
                    # a person by their ID number: the name is not read, its case is
                    kept_cn = kept_cn[:2]  # type: ignore[index]
                pattern = (read_uid.kept, kept_cn) + tail.kept  # type: ignore[operator,union-attr]
                return pattern, (uid, cn, tail, read_uid)  # type: ignore[return-value]
    pieces = text.split(",")
    pattern = _pattern_of(pieces)
    return pattern, (pieces if pattern is not None else None)


class _Tail(NamedTuple):
    """What a subject's pieces after ``UID=…,CN=…`` read as (:func:`_tail_of`): their part
    of the pattern and every field of the holder they fill, as
    :func:`_holder_of_attributes` fills them (the tail comes first in DER order, before CN
    and UID, and holds neither, nor serialNumber or E)."""

    kept: tuple[str, ...]
    attrs: tuple[Attribute, ...]
    """DER order, U+FFFD dropped, empty values left out."""
    unreadable: tuple[str, ...]
    title: str | None
    units: tuple[str, ...]
    ous: tuple[str, ...]
    organization: str | None
    locality: str | None
    state: str | None


# Tails by their text ("OU=…,O=…,L=…,C=VN"), or None when not plain shared pieces.
_tails: dict[str, _Tail | None] = {}


def _tail_of(rest: str) -> _Tail | None:
    """The reading of ``rest``, the pieces after UID and CN; None unless each piece is a
    shared one, kept as written in a pattern (no CN, UID, serialNumber, E; none empty or
    without ``=``), so that UID and CN alone are left to read per subject."""
    pieces = rest.split(",")
    tail: _Tail | None = None
    read: list[Attribute] = []  # DER order: the last piece first
    for piece in reversed(pieces):
        kept = _pattern_pieces.get(piece, _NOT_CACHED)
        if kept is _NOT_CACHED:
            kept = _pattern_piece(piece)
        if not kept or kept != piece:  # "" for an empty piece: no pattern
            break
        a = _piece_cache.get(piece, _NOT_CACHED)
        if a is _NOT_CACHED:
            a = _read_piece(piece)
        read.append(a)  # type: ignore[arg-type]
    else:
        # Read as the whole subject's attributes are (once per distinct tail): the same
        # fields, the same dropped characters, by the same code.
        holder = _holder_of_attributes(read, None)
        tail = _Tail(
            tuple(pieces),
            holder.attributes,
            holder.unreadable,
            holder.title,
            holder.units,
            holder.ous,
            holder.organization,
            holder.locality,
            holder.state,
        )
    if len(_tails) >= _PIECE_CACHE_SIZE:
        _tails.clear()
    _tails[rest] = tail
    return tail


class _Uid(NamedTuple):
    """What a UID piece reads as (:func:`_uid_of`); the same for every UID of one stem,
    the piece less its final digits ("UID=MST:" of "UID=MST:0101")."""

    kept: str
    """Its part of the pattern (:func:`_unique_piece`)."""
    drops_name: bool
    """Whether it names a person's identity scheme and no organization's: the pattern
    keeps the case of the name (CN) alone."""
    at: int
    """Where the final digits start (the stem's length)."""
    prefix: str | None
    """The value before those digits when the value read is ``prefix + digits`` (nothing
    for :func:`clean` to change, no U+FFFD, no ``#``); None: the piece is read in full."""
    scheme: str | None
    """The identity scheme when the value is ``SCHEME:digits`` (what
    :func:`identity_numbers` reads of it: one number, that scheme); else None."""
    by_schemes: tuple[tuple[str, str, str] | None, str | None] | None
    """:func:`_by_schemes` of that scheme (when there is one)."""


# UID readings by stem; only stems whose UIDs all read alike (see _uid_of).
_uid_stems: dict[str, _Uid] = {}
_DIGIT_CHARS = "0123456789"
_SIMPLE_SCHEME = re.compile(r"[A-Za-z]{2,16}:")


def _uid_of(uid: str, stem: str) -> _Uid:
    """The reading of the ``UID=…`` piece ``uid`` whose stem (less its final digits) is
    ``stem``; remembered for the stem when every UID of it reads alike."""
    unique = _unique_piece(uid)
    assert unique is not None  # a UID piece is always an attribute
    kept, person, org = unique
    value = stem[4:].lstrip()  # _read_piece strips the value; the digits end it
    prefix = scheme = by_schemes = None
    # value + digits reads as written when value has nothing clean would change (no
    # alternative of its test can match across the digits, which are plain) and is not
    # hex ("#…"), which the shape also keeps as written.
    if len(stem) < len(uid) and "#" not in value and "\ufffd" not in value:
        if is_plain(value + "0"):
            prefix = value
            if _SIMPLE_SCHEME.fullmatch(value):  # identity_numbers' usual spelling
                scheme = _scheme(value[:-1])
                by_schemes = _by_schemes(frozenset((scheme,)))
    read = _Uid(kept, person and not org, len(stem), prefix, scheme, by_schemes)
    if prefix is not None:
        if len(_uid_stems) >= _PIECE_CACHE_SIZE:
            _uid_stems.clear()
        _uid_stems[stem] = read
    return read


def _pattern_of(pieces: list[str]) -> tuple[str, ...] | None:
    out: list[str] = []
    person = org = has_cn = False
    for piece in pieces:
        if piece.startswith("UID=") and _CN_MARK not in piece:
            kept = None  # what _pattern_piece says of it: one per certificate, never kept
        else:
            kept = _pattern_pieces.get(piece, _NOT_CACHED)
            if kept is _NOT_CACHED:
                kept = _pattern_piece(piece)
        if kept is None:  # a unique attribute: what of it decides the kind
            unique = _unique_piece(piece)
            if unique is None:
                return None
            kept, is_person, is_org = unique
            person = person or is_person
            org = org or is_org
        elif kept == "":
            return None
        elif kept[0] == _CN_MARK:
            has_cn = True
        out.append(kept)  # type: ignore[arg-type]
    if has_cn and person and not org:  # a person by their ID number: the name is not read
        # ... but its case is: a proposal may take the subject's case from the name.
        out = [k[:2] if k[0] == _CN_MARK else k for k in out]
    return tuple(out)


def _case_of(value: str) -> str:
    """One character for :func:`written_upper` of ``value`` as the holder will hold it
    (a U+FFFD dropped, as :func:`_holder_of_attributes` drops it)."""
    if "\ufffd" in value:
        value = clean(" ".join(value.replace("\ufffd", "").split()))
    return _CASES[written_upper(value)]


_CASES = {False: "l", True: "U", None: "-"}

# CN pieces are kept with this mark in front (a control character: never in a subject
# read here, as the shortcut takes only plain text pieces).
_CN_MARK = "\x02"

# A unique piece by its shape: the key as written and the value with each run of digits
# as "#" ("UID=MST:#"). Digits occur in _ID_RE only inside its number's "+" class, so values
# of one shape read alike: the same scheme, both empty or neither.
_unique_shapes: dict[str, tuple[str, bool, bool] | None] = {}
_DIGITS = re.compile(r"[0-9]+")


def _unique_piece(piece: str) -> tuple[str, bool, bool] | None:
    """(what the pattern keeps, names a personal ID scheme, names an organization's)."""
    key, _, value = piece.partition("=")
    # "#…" is a hex-encoded value (digits there are not a number): shaped as written
    shape = f"{key}={value}" if "#" in value else f"{key}={_DIGITS.sub('#', value)}"
    kept = _unique_shapes.get(shape, _NOT_CACHED)
    if kept is _NOT_CACHED:
        attr = _read_piece(piece)
        if attr is None:
            kept = None
        else:
            schemes = {i.scheme for i in identity_numbers([attr])}
            # The value's case too (a proposal may take the subject's case from it:
            # "E=VANPHONG@…"); digits tell none, so it is the shape's.
            kept = (
                f"\x00{attr.key}\x00{bool(attr.value)}\x00{','.join(sorted(schemes))}"
                f"\x00{_case_of(attr.value)}",
                bool(schemes.intersection(PERSON_ID_SCHEMES)),
                bool(schemes.intersection(ORGANIZATION_ID_SCHEMES)),
            )
        if len(_unique_shapes) >= _PIECE_CACHE_SIZE:
            _unique_shapes.clear()
        _unique_shapes[shape] = kept
    return kept  # type: ignore[return-value]


def _pattern_piece(piece: str) -> str | None:
    """The piece as kept in a pattern; None for a unique attribute; "" when not a piece."""
    name = None
    if "=" not in piece or _CN_MARK in piece:
        kept: str | None = ""
    elif (name := _key_name(piece.partition("=")[0].strip())) in _UNIQUE_KEYS:
        return None  # read by its shape alone (_unique_piece): one UID per certificate
    else:
        attr = _read_piece(piece, name)
        if attr is None:
            kept = ""
        elif attr.key in _UNIQUE_KEYS:
            return None  # not remembered: each is seen once
        elif attr.key == "CN":
            # The mark, the name's case (kept when the name is left out, below), the piece.
            value = attr.value
            case = "l" if value.upper() != value else _case_of(value)  # the usual, inlined
            kept = _CN_MARK + case + piece
        else:
            kept = piece
    if len(_pattern_pieces) >= _PIECE_CACHE_SIZE:
        _pattern_pieces.clear()
    _pattern_pieces[piece] = kept
    return kept


_ID_SEPARATORS = re.compile(r"[,;]")


@functools.lru_cache(maxsize=256)
def _scheme(written: str) -> str:
    return fold(written).upper()


def identity_numbers(attrs: list[Attribute]) -> list[IdentityNumber]:
    out: list[IdentityNumber] = []
    for attr in attrs:
        if attr.key not in ("UID", "serialNumber"):
            continue
        value = attr.value
        parts = _ID_SEPARATORS.split(value) if "," in value or ";" in value else [value]
        for part in parts:
            scheme, colon, number = part.partition(":")
            if (
                colon
                and 2 <= len(scheme) <= 16
                and scheme.isascii()
                and scheme.isalpha()
                and number.isascii()
                and number.isalnum()
            ):
                # "MST:0101…", the usual spelling: what _ID_RE reads of it, without it
                # (letters alone before the colon, letters and digits alone after it).
                out.append(IdentityNumber(_scheme(scheme), number, attr.key))
                continue
            match = _ID_RE.match(part)
            if match:
                scheme = _scheme(match.group(1))
                out.append(IdentityNumber(scheme, match.group(2), attr.key))
            elif part.strip():
                out.append(IdentityNumber("", part.strip(), attr.key))
    return out


_TOWNSHIP_UNION = tuple(folded_words("Đoàn thị trấn"))


# -- kind ----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8192)
def names_a_body(text: str) -> bool:
    """Whether ``text`` reads as the name of a body ("UBND huyện …", "Sở Y tế", "CÔNG TY …")."""
    words = folded_words(text)
    if not words:
        return False
    for start in _BODY_STARTS:
        if tuple(words[: len(start)]) == start:
            return True
    # "Báo Thái Bình", "VNPT Bắc Giang": an institution's, enterprise's or central body's
    # word, spelt as that word (never "Bảo …", "Truong …": names).
    return (
        bool(_BODY_WORDS.intersection(words))
        or (words[:3] == _TOWNSHIP_UNION and bodies.township_youth_union(text))
        or bodies.spelt_as_institution(text)
        or bodies.spelt_with_marks(text)  # "Quận đoàn …", never "Quân đoàn …"
    )


@functools.lru_cache(maxsize=4096)
def names_a_unit(text: str) -> bool:
    """Whether ``text`` is an administrative unit's own name ("Xã Vũ Hội", "PHƯỜNG 1",
    "Thành phố Thái Bình"): one of the table's type words spelt with its marks
    (:func:`~kyso.core.subjects.admin_units.split_type`; no Vietnamese family name is one:
    "Quan", "Xa" are, "Quận", "Xã" are not), then a name. A CN so written is the unit's
    (an organization), never a person called "Xã Vũ Hội"."""
    kind, name = split_type(clean(text))
    rest = name.split()
    return bool(kind) and 1 <= len(rest) <= 5 and all(w.replace("-", "").isalnum() for w in rest)


@functools.lru_cache(maxsize=8192)
def _looks_like_person_name(text: str) -> bool:
    """2–6 words, letters only, each capitalised (or all upper case), no body words."""
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    if not all(w.replace("-", "").isalpha() for w in words):
        return False
    if not all(w[0].isupper() for w in words):
        return False
    return not names_a_body(text) and not names_a_unit(text)


def _decide_kind(
    cn: str | None,
    title: str | None,
    ous: list[str] | tuple[str, ...],
    ids: list[IdentityNumber],
) -> tuple[str, str, str]:
    return _decide_by_schemes(_by_schemes(frozenset(i.scheme for i in ids)), cn, title, ous)


@functools.lru_cache(maxsize=256)
def _by_schemes(schemes: frozenset[str]) -> tuple[tuple[str, str, str] | None, str | None]:
    """What the identity schemes alone decide (few sets of schemes occur: each is read
    once): the kind when they leave nothing open, and the reason when they name an
    organization's code alone."""
    person_ids = schemes.intersection(PERSON_ID_SCHEMES)
    org_ids = schemes.intersection(ORGANIZATION_ID_SCHEMES)
    if person_ids and not org_ids:
        return (
            "person",
            "high",
            f"personal identity number in UID ({', '.join(sorted(person_ids))})",
        ), None
    if org_ids and not person_ids:
        return None, f"organization code in UID ({', '.join(sorted(org_ids))})"
    return None, None


def _decide_by_schemes(
    by_schemes: tuple[tuple[str, str, str] | None, str | None],
    cn: str | None,
    title: str | None,
    ous: list[str] | tuple[str, ...],
) -> tuple[str, str, str]:
    decided, organization_code = by_schemes
    if decided is not None:
        return decided
    # Read CN only when the identity numbers leave the kind open (most subjects don't).
    if organization_code is not None:
        if title and cn and _looks_like_person_name(cn):
            return "person", "medium", "tax code in UID but CN is a person's name with a title"
        return "organization", "high", organization_code
    cn_is_person = bool(cn) and _looks_like_person_name(cn or "")
    cn_is_body = bool(cn) and (names_a_body(cn or "") or names_a_unit(cn or ""))
    if title and not cn_is_body:
        return "person", "high", "title (T) present"
    if cn_is_body:
        return "organization", "medium", "CN names a body"
    if cn_is_person and ous:
        return "person", "medium", "CN is a person's name and OU names a unit"
    if cn_is_person:
        return "person", "low", "CN looks like a person's name"
    return "unknown", "low", "no identity number, title or recognisable CN"


# -- public ------------------------------------------------------------------------------
def read_attributes(subject: x509.Name | str | None) -> list[Attribute]:
    """Attributes in DER order from a Name, an RFC 4514 string or None (never raises)."""
    try:
        if subject is None:
            return []
        if isinstance(subject, x509.Name):
            return attributes_of_name(subject)
        return attributes_of_string(str(subject))
    except Exception:  # odd subjects read as empty, never crash a caller
        return []


def read_holder(subject: x509.Name | str | None, email: str | None = None) -> Holder:
    """The holder a subject describes. ``email`` is the SubjectAltName rfc822Name if any.

    Every value is normalised as it is read (:func:`kyso.core.subjects.normalize.clean`,
    in :func:`read_attributes`): NFD, odd spaces and dashes read like their plain NFC
    spelling, and what is proposed from them is NFC; control and zero-width characters are
    dropped. A U+FFFD (a byte that was not UTF-8: a cp1258 file, a pasted argument) is
    dropped too, so that no proposal carries it, and the attribute is listed in
    ``unreadable`` for the check to say that a letter may be missing.
    """
    return _holder_of_attributes(read_attributes(subject), email)


def holder_of_pieces(pieces: list[str], email: str | None = None) -> Holder:
    """:func:`read_holder` of the subject :func:`pattern_and_pieces` split into ``pieces``
    (those of a subject that has a pattern: plain ``key=value`` pieces)."""
    if type(pieces) is tuple:  # (UID piece, CN piece, _Tail): pattern_and_pieces' usual
        return _holder_of_head(*pieces, email)
    attrs = _attributes_of_pieces(pieces)
    if not _least_specific_first(attrs):
        attrs.reverse()  # RFC 4514 lists the most specific RDN first
    return _holder_of_attributes(attrs, email)


def _holder_of_head(
    uid: str, cn_piece: str, tail: _Tail, read_uid: _Uid, email: str | None
) -> Holder:
    """:func:`_holder_of_attributes` of a subject :func:`pattern_and_pieces` split into
    its UID, CN and a tail read once: the same steps for CN and UID (after the tail in DER
    order, CN then UID)."""
    attrs = list(tail.attrs)
    unreadable = tail.unreadable
    read_cn = _piece_cache.get(cn_piece, _NOT_CACHED)
    if read_cn is _NOT_CACHED:
        read_cn = _read_piece(cn_piece)
    cn = None
    value = read_cn.value  # type: ignore[union-attr]
    if "\ufffd" in value:
        unreadable += ("CN",)
        value = clean(" ".join(value.replace("\ufffd", "").split()))
        read_cn = Attribute("CN", value)
    if value:
        attrs.append(read_cn)  # type: ignore[arg-type]
        cn = value.strip()
    ids: list[IdentityNumber] = []
    decided = None
    if read_uid.prefix is not None:  # value = prefix + the final digits, as read
        number = uid[read_uid.at :]
        read = Attribute("UID", read_uid.prefix + number)
        attrs.append(read)
        if read_uid.scheme is not None:  # "MST:0101…": one number of that scheme
            ids = [IdentityNumber(read_uid.scheme, number, "UID")]
            decided = _decide_by_schemes(
                read_uid.by_schemes,  # type: ignore[arg-type]
                cn,
                tail.title,
                tail.ous,
            )
        else:
            ids = identity_numbers([read])
    else:
        read = _read_piece(uid)  # type: ignore[assignment]
        value = read.value
        if "\ufffd" in value:
            unreadable += ("UID",)
            read = Attribute("UID", clean(" ".join(value.replace("\ufffd", "").split())))
            value = read.value
        if value:
            attrs.append(read)
            ids = identity_numbers([read])
    if decided is None:
        decided = _decide_kind(cn, tail.title, tail.ous, ids)  # type: ignore[arg-type]
    kind, confidence, why = decided
    if not attrs:
        why = "empty or unreadable subject"
    return Holder(
        kind,
        confidence,
        why,
        cn,
        tail.title,
        tail.units,
        tail.ous,
        tail.organization,
        tail.locality,
        tail.state,
        tuple(ids),
        email or None,
        tuple(attrs),
        unreadable,
    )


def _holder_of_attributes(read: list[Attribute], email: str | None) -> Holder:
    attrs: list[Attribute] = []
    unreadable: list[str] = []
    cn = title = locality = state = mail = None
    ous: list[str] = []  # DER order (highest first) until reversed below
    orgs: list[str] = []
    has_ids = False
    for a in read:  # one pass: a batch reads thousands
        value = a.value
        if "\ufffd" in value:
            unreadable.append(a.key)
            a = Attribute(a.key, clean(" ".join(value.replace("\ufffd", "").split())))
            value = a.value
        if not value:
            continue
        attrs.append(a)
        key = a.key
        if key == "CN":
            cn = value.strip()
        elif key == "OU":
            ous.append(value.strip())
        elif key == "O":
            orgs.append(value.strip())
        elif key == "L":
            locality = locality if locality is not None else value.strip()
        elif key == "ST":
            state = state if state is not None else value.strip()
        elif key == "T":
            title = value.strip()
        elif key == "E":
            mail = mail if mail is not None else value.strip()
        elif key == "UID" or key == "serialNumber":
            has_ids = True
    ous.reverse()
    orgs.reverse()
    ids = identity_numbers(attrs) if has_ids else []
    kind, confidence, why = _decide_kind(cn, title, ous, ids)
    if not attrs:
        why = "empty or unreadable subject"
    return Holder(  # by position: the fields in order (the call is faster so)
        kind,
        confidence,
        why,
        cn,
        title,
        (*ous, *orgs),
        tuple(ous),
        orgs[0] if orgs else None,
        locality,
        state,
        tuple(ids),
        email or mail,
        tuple(attrs),
        tuple(unreadable),
    )
