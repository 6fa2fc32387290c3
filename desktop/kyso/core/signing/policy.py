"""Which certificate may sign, and the emergency fallback of item 4 of Công văn 393.

Pure rules over plain inputs, so the table of cases is tested without tokens or networks:
the trust check's verdict (``trust.to_json()``: ``status`` ok/warning/failed, ``reasons``,
``revocation``) and the two-tier check's verdict (``reform.check_subject(...).to_json()``:
``status`` current/needs_change/unit_abolished/check_with_unit/unknown, ``holder_kind``)
come in as dicts.

Refused, with the reason: a CA certificate; a key without signing usage; a certificate not
yet valid or expired; revoked or untrusted (trust status ``failed``); not checked at all;
a personal certificate for an organization's act (issuance, appendix, copy) or an
organization's for a leader's approval.

Out-of-date subjects (``needs_change`` / ``unit_abolished``):

* an **organization** certificate is refused unless the per-machine setting
  ``allow_outdated_org_cert`` allows it;
* a **personal** certificate may sign only as item 4's emergency fallback: an organization
  certificate of the same organization already on the new model exists (on an inserted
  token, in a remote signing account or in the inventory) and is usable
  (:meth:`OrganizationCert.counts_for_item4`: in its validity period, not found revoked or
  untrusted, its device not listed for return), and the user confirmed the urgency with a
  short reason. The signature's reason field then records it (:data:`EMERGENCY_PREFIX`),
  and the caller writes an audit entry.

A personal certificate under ``check_with_unit`` whose verdict still *proposes* a change
(the hospital's name is kept, but ``L`` moves from Thái Bình to Hưng Yên) is out of date
too: it follows the same item-4 rule. A person whose own unit was abolished
(``unit_abolished``: a district-level body) gets no fallback at all: item 4 is for the
leader of an organization that exists and already has its new-model certificate, and the
holder's unit no longer exists — the certificate must be changed to the unit they work in
now.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

EMERGENCY_PREFIX = "Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: "
RULE_ITEM4_VI = (
    "Mục 4 Công văn 393/BCY-CTSBMTT (Ban Cơ yếu Chính phủ, 27/6/2025): khi chứng thư số "
    "của cơ quan, tổ chức đã mang thông tin theo mô hình mới mà chứng thư số cá nhân của "
    "người đứng đầu chưa được thay đổi thông tin, trong trường hợp khẩn cấp người đứng đầu "
    "có thể tiếp tục ký bằng chứng thư số cá nhân hiện có."
)
RULE_ITEM4_EN = (
    "Item 4 of Official Letter 393/BCY-CTSBMTT (Government Cipher Committee, 27/6/2025): "
    "once the organization's certificate carries the new model's information and its "
    "leader's personal certificate has not been changed yet, the leader may in urgent cases "
    "keep signing with the existing personal certificate."
)
MIN_REASON_CHARS = 5
MAX_REASON_CHARS = 200
OUTDATED = ("needs_change", "unit_abolished")
ORGANIZATION_PROFILES = ("issuance", "appendix", "copy")


@dataclass(frozen=True)
class PolicyReason:
    code: str
    vi: str
    en: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.vi, "message_en": self.en}


@dataclass(frozen=True)
class CertificateFacts:
    """What the policy needs to know about the certificate chosen to sign."""

    sha256: str
    subject: str
    not_before: dt.datetime
    not_after: dt.datetime
    is_ca: bool = False
    key_usage: tuple[str, ...] = ("digital_signature", "content_commitment")
    """cryptography's KeyUsage attribute names; empty: no KeyUsage extension (unrestricted)."""
    holder_kind: str = "unknown"
    """"person" or "organization" when known (the two-tier verdict's value wins)."""
    organization: str = ""
    """For a person: the organization the holder belongs to under the new model (from the
    two-tier check's proposal or the user's pick). For an organization: its name (CN)."""

    @classmethod
    def from_details(
        cls, details: Any, *, organization: str = "", holder_kind: str = "unknown"
    ) -> CertificateFacts:
        """From :class:`kyso.core.certs.details.CertificateDetails`."""
        return cls(
            sha256=details.sha256,
            subject=details.subject,
            not_before=details.not_before,
            not_after=details.not_after,
            is_ca=bool(details.is_ca),
            key_usage=tuple(details.key_usage),
            holder_kind=holder_kind,
            organization=organization,
        )


class ShownName(str):
    """An organization certificate's shown name that also carries which certificate it
    shows (``sha256``): two certificates of one organization (a token's and a remote
    account's) share the name, and the one picked is the one the decision records."""

    sha256: str

    def __new__(cls, name: str, sha256: str) -> ShownName:
        shown = super().__new__(cls, name)
        shown.sha256 = sha256
        return shown


def _carrying_the_certificate(
    shown: Callable[[OrganizationCert], str],
) -> Callable[[OrganizationCert], str]:
    """The shown name as a :class:`ShownName` of the certificate it names."""

    def carrying(self: OrganizationCert) -> str:
        return ShownName(shown(self), self.sha256)

    carrying.__doc__ = shown.__doc__
    return carrying


@dataclass(frozen=True)
class OrganizationCert:
    """An organization certificate known to Kyso (on a token now, or in the inventory)."""

    name: str
    sha256: str = ""
    two_tier_status: str = "current"
    source: str = "token"
    """"token", "remote" (a remote signing account's credential) or "inventory"."""
    full_name: str = ""
    """The CN with the O above it ("Văn phòng Sở Y tế tỉnh Lạng Sơn" for "CN=Văn phòng,
    O=Sở Y tế tỉnh Lạng Sơn"): a bare CN ("Văn phòng") names no organization alone, so item
    4 matches a leader's chain against this (see choice.fallback_choices)."""
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    """Its validity period, where known: an expired certificate is no certificate on the new
    model (it cannot sign for the organization), so it allows no fallback."""
    trust_status: str | None = None
    """The trust check's verdict on it where Kyso has one (the inventory's last check, the
    GUI's cached check): "failed" (revoked, untrusted) allows no fallback. No network fetch
    is made for it."""
    on_new_model: bool | None = None
    """Whether it carries the new model's information; ``None``: ``two_tier_status ==
    "current"``. The sources also count an institution's certificate whose name the reform
    does not change and for which the check proposes nothing (``check_with_unit``)."""
    province: str = ""
    """Its province under the new model (from its O, L, ST or name), "" when unknown: item
    4 never rests on another province's certificate of the same name (a commune "xã Thuận
    An", a "Văn phòng Sở Y tế")."""

    @property
    def new_model(self) -> bool:
        if self.on_new_model is not None:
            return self.on_new_model
        return self.two_tier_status == "current"

    device_status: str | None = None
    """What the inventory records of its device: "to_return" (listed for return, mục 6 Công
    văn 393: no longer needed) or "returned"; either way it allows no fallback."""

    def counts_for_item4(self, now: dt.datetime | None = None) -> bool:
        """Whether this certificate may ground item 4 at ``now``: on the new model, in its
        validity period, not found revoked or untrusted, its device not listed for return
        or returned (as Phụ lục I counts it)."""
        now = now or dt.datetime.now(dt.timezone.utc)
        if not self.new_model or self.trust_status == "failed" or self.device_status:
            return False
        if self.not_before is not None and now < self.not_before:
            return False
        return self.not_after is None or now <= self.not_after

    @property
    @_carrying_the_certificate
    def shown_name(self) -> str:
        """The name the user reads, in the GUI, the CLI, the audit log, and that ``kyso sign
        --organization`` accepts back: the CN when it names the organization by itself
        ("Sở Y tế tỉnh Hưng Yên", it names its place), else the full name ("Văn phòng UBND
        tỉnh Hưng Yên" for "CN=Văn phòng": every body has a Văn phòng)."""
        if not self.full_name or same_organization(self.full_name, self.name):
            return self.name
        return self.name if names_a_place(self.name) else self.full_name


def where_held(source: str, language: str = "vi") -> str:
    """Where an organization certificate of item 4 is: "token", "remote" or "inventory"."""
    vi, en = {
        "token": ("trong token đang cắm", "on an inserted token"),
        "remote": ("trong tài khoản ký số từ xa", "in the remote signing account"),
    }.get(source, ("trong sổ quản lý", "in the inventory"))
    return en if language == "en" else vi


@dataclass
class PolicyInput:
    certificate: CertificateFacts
    profile: str
    """approval, issuance, appendix, copy or invisible."""
    trust: Mapping[str, Any] | None
    two_tier: Mapping[str, Any] | None
    organizations: Sequence[OrganizationCert] = ()
    emergency_reason: str | None = None
    """The user's short reason, given after the dialog quoted item 4."""
    allow_outdated_org_cert: bool = False
    now: dt.datetime | None = None


@dataclass
class PolicyDecision:
    allowed: bool
    refusals: list[PolicyReason] = field(default_factory=list)
    warnings: list[PolicyReason] = field(default_factory=list)
    emergency: bool = False
    needs_emergency_confirmation: bool = False
    """The fallback applies but the user has not confirmed it yet: show the dialog quoting
    :data:`RULE_ITEM4_VI` and ask for a reason, then evaluate again with it."""
    emergency_organization: OrganizationCert | None = None
    signature_reason: str | None = None
    """The text for the signature's reason field (the emergency record), if any."""

    def to_json(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "refusals": [r.to_json() for r in self.refusals],
            "warnings": [w.to_json() for w in self.warnings],
            "emergency": self.emergency,
            "needs_emergency_confirmation": self.needs_emergency_confirmation,
            "emergency_organization": (
                self.emergency_organization.shown_name if self.emergency_organization else None
            ),
            "signature_reason": self.signature_reason,
        }

    def message(self, language: str = "vi") -> str:
        items = self.refusals or self.warnings
        return " ".join((r.en if language == "en" else r.vi) for r in items)


def fold_name(name: str) -> str:
    """Compare organization names loosely: accents, case, spacing, the usual abbreviations
    ("KH&CN"/"KHCN", "GD&ĐT", "UBND", "HĐND": :data:`_ABBREVIATIONS`), "TP",
    and the place abbreviations the subject reader knows ("UBND T. Hưng Yên", "UBND H.
    Kiến Xương", "UBND TX. Kỳ Anh": see :func:`_written_out`), and a final y after a
    consonant as i ("Phú Quý" is "Phú Quí": :func:`~kyso.core.subjects.admin_units.final_i`)."""
    from kyso.core.subjects.admin_units import final_i

    text = _written_out(name)
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    for pattern, written in _ABBREVIATIONS:
        text = re.sub(pattern, written, text)
    # "UBND TP Đà Nẵng", "TP. Hải Phòng": the usual abbreviation of "thành phố".
    text = re.sub(r"\btp\b", "thanh pho", text)
    text = re.sub(r"\bthanh pho\W*hn\b", "thanh pho ha noi", text)  # "TP.HN"
    text = re.sub(r"[^\w]+", " ", text)
    # "Quý"/"Quí", "Kỳ"/"Kì", "Lý"/"Lí": one syllable, as the two-tier check reads it.
    return " ".join(map(final_i, text.split()))


# The usual abbreviations of bodies' names (folded: no accents, "đ" -> "d", lower case), as
# Công văn 393 and the certificates write them: "Sở KHCN", "Sở KH&CN", "HĐND", "Sở GD&ĐT".
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bkh\s*&?\s*cn\b", "khoa hoc va cong nghe"),
    (r"\bgd\s*&?\s*dt\b", "giao duc va dao tao"),
    (r"\btn\s*&?\s*mt\b", "tai nguyen va moi truong"),
    (r"\bnn\s*&?\s*ptnt\b", "nong nghiep va phat trien nong thon"),
    (r"\bnn\s*&?\s*mt\b", "nong nghiep va moi truong"),
    (r"\bvh\s*-?\s*tt\s*&?\s*dl\b", "van hoa the thao va du lich"),
    (r"\bvh\s*&?\s*tt\b", "van hoa va the thao"),
    (r"\bld\s*-?\s*tb\s*&?\s*xh\b", "lao dong thuong binh va xa hoi"),
    (r"\bgtvt\b", "giao thong van tai"),
    (r"\bkh\s*&?\s*dt\b", "ke hoach va dau tu"),
    # "TP.HCM", "TPHCM", "TP. HCM": Thành phố Hồ Chí Minh ("tp" is written out below).
    (r"\btp\s*\.?\s*hcm\b", "tp ho chi minh"),
    (r"\bhcm\b", "ho chi minh"),
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
)


def same_organization(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name one organization: the same :func:`fold_name`, and —
    when both are written with diacritics — the same spelling of every word they share
    (:func:`_same_spelling`): "UBND xã Cẩm Giang" and "UBND xã Cẩm Giàng" are two communes
    of Hải Phòng, and one's certificate never grounds the other's leader's item 4."""
    return bool(a.strip()) and fold_name(a) == fold_name(b) and _same_spelling(a, b)


def _same_spelling(a: str, b: str) -> bool:
    """Whether the words ``a`` and ``b`` share (folded alike, in the same order) are spelt
    alike, diacritics included (:func:`~kyso.core.subjects.admin_units.spelling_key`: case,
    NFD and tone placement aside). Only words whose spelling tells something on both sides
    are compared (:func:`_spelt_words`): words that only one name writes out ("UBND"
    against "Ủy ban nhân dân") are not, nor a word typed without its marks outside a
    place's name ("Uy ban" for "Ủy ban"); a name written without any diacritics (typed in
    ASCII) is compared folded only, as it tells nothing about them."""
    import difflib

    words_a, words_b = _spelt_words(a), _spelt_words(b)
    if words_a is None or words_b is None:
        return True
    folded_a, folded_b = [w[0] for w in words_a], [w[0] for w in words_b]
    matcher = difflib.SequenceMatcher(None, folded_a, folded_b, autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        for k in range(size):
            (_, word_a, told_a), (_, word_b, told_b) = words_a[i + k], words_b[j + k]
            if told_a and told_b and not _spelt_alike(word_a, word_b):
                return False
    return True


def _spelt_alike(a: str, b: str) -> bool:
    """One word spelt alike: the same marks (tone placement aside), or the two spellings of
    one name both in use ("Đăk"/"Đắk", :func:`~kyso.core.subjects.places.marks_agree`)."""
    from kyso.core.subjects.places import marks_agree

    return a == b or (marks_agree(a, b) and marks_agree(b, a))


def _spelt_words(name: str) -> list[tuple[str, str, bool]] | None:
    """Each word of ``name`` (as :func:`_written_out` writes it): folded, as written, and
    whether its spelling tells something — it carries a mark, or it is part of a place's
    name written with marks ("Giang" of "xã Cẩm Giang" is not "Giàng"). None for a name
    without any diacritic."""
    from kyso.core.subjects.admin_units import fold_words, load
    from kyso.core.subjects.places import mentions_in

    if unicodedata.normalize("NFC", name).isascii():
        return None
    text = _written_out(name)  # "xa" may come back "xã": judged on what was written
    places = [
        (m.name_start, m.end) for m in mentions_in(text, load()) if not m.written_name.isascii()
    ]
    out: list[tuple[str, str, bool]] = []
    for found in re.finditer(r"\w+", text):
        word = found.group()
        folded = fold_words(word)
        if len(folded) == 1:
            in_place = any(start <= found.start() < end for start, end in places)
            out.append((folded[0], word, not word.isascii() or in_place))
    return out


def _written_out(name: str) -> str:
    """``name`` normalised as a subject value is, each abbreviated type word of a place
    written out: "UBND T. Hưng Yên" -> "UBND tỉnh Hưng Yên", "UBND TX. Kỳ Anh" -> "UBND thị
    xã Kỳ Anh". The reading is :mod:`kyso.core.subjects.places`' (a "T." only before a
    province's name, an "X." only before a commune's), not a table of its own; a type word
    of several words ("Tỉnh ủy", "Huyện đoàn": another body than the UBND) is kept."""
    from kyso.core.subjects.admin_units import TYPE_KEYS, load
    from kyso.core.subjects.normalize import clean
    from kyso.core.subjects.places import mentions_in

    text = clean(name)
    words = {key: word.lower() for word, key in TYPE_KEYS.items()}
    for mention in sorted(mentions_in(text, load()), key=lambda m: m.start, reverse=True):
        written = mention.written_type
        if mention.type_key in words and written and " " not in written:
            text = f"{text[: mention.start]}{words[mention.type_key]} {text[mention.name_start :]}"
    return text


def names_a_place(name: str) -> bool:
    """Whether ``name`` names a place ("Sở Y tế tỉnh Hưng Yên"; not "Văn phòng")."""
    from kyso.core.subjects.admin_units import load
    from kyso.core.subjects.normalize import clean
    from kyso.core.subjects.places import mentions_in

    return bool(mentions_in(clean(name), load()))


def _r(code: str, vi: str, en: str) -> PolicyReason:
    return PolicyReason(code, vi, en)


def evaluate(
    inp: PolicyInput,
    *,
    matcher: Callable[[str, str], bool] = same_organization,
) -> PolicyDecision:
    """Decide whether ``inp.certificate`` may sign with ``inp.profile``."""
    cert = inp.certificate
    now = inp.now or dt.datetime.now(dt.timezone.utc)
    refusals: list[PolicyReason] = []
    warnings: list[PolicyReason] = []

    if cert.is_ca:
        refusals.append(
            _r(
                "ca_certificate",
                "Đây là chứng thư của tổ chức cấp chứng thư (CA), không dùng để ký văn bản.",
                "This is a certificate authority's certificate; it does not sign documents.",
            )
        )
    if cert.key_usage and not (
        "digital_signature" in cert.key_usage or "content_commitment" in cert.key_usage
    ):
        refusals.append(
            _r(
                "no_signing_usage",
                "Khóa của chứng thư này không được phép dùng để ký (thiếu digitalSignature/"
                "nonRepudiation).",
                "This certificate's key may not sign (no digitalSignature/nonRepudiation).",
            )
        )
    if now < cert.not_before:
        refusals.append(
            _r(
                "not_yet_valid",
                f"Chứng thư chưa có hiệu lực (từ {cert.not_before:%d/%m/%Y}).",
                f"The certificate is not valid yet (from {cert.not_before:%Y-%m-%d}).",
            )
        )
    if now > cert.not_after:
        refusals.append(
            _r(
                "expired",
                f"Chứng thư đã hết hạn ngày {cert.not_after:%d/%m/%Y}; đề nghị gia hạn theo "
                "Mẫu 04 NĐ 68/2024.",
                f"The certificate expired on {cert.not_after:%Y-%m-%d}; request a renewal "
                "(form 04, Decree 68/2024).",
            )
        )
    refusals += _trust_refusals(inp.trust, warnings)

    verdict = inp.two_tier or {}
    kind = str(verdict.get("holder_kind") or cert.holder_kind or "unknown")
    status = str(verdict.get("status") or "unknown")
    profile = inp.profile
    if profile in ORGANIZATION_PROFILES and kind == "person":
        refusals.append(
            _r(
                "needs_organization_cert",
                "Ký phát hành, phụ lục hoặc bản sao phải dùng chứng thư số của cơ quan, tổ "
                "chức, không dùng chứng thư cá nhân.",
                "Issuance, appendix and copy signatures need the organization's certificate, "
                "not a personal one.",
            )
        )
    if profile == "approval" and kind == "organization":
        refusals.append(
            _r(
                "needs_personal_cert",
                "Ký phê duyệt phải dùng chứng thư số cá nhân của người có thẩm quyền.",
                "An approval signature needs the signer's personal certificate.",
            )
        )
    if inp.two_tier is None:
        warnings.append(
            _r(
                "two_tier_not_checked",
                "Chưa đối chiếu thông tin chứng thư với mô hình chính quyền hai cấp.",
                "The certificate was not checked against the two-tier structure.",
            )
        )
    elif status == "check_with_unit" and not _kept_name_other_changes(verdict):
        # A name the check does not propose (an institution or a central body's unit the
        # reform does not rename, a department merged in 2025 whose successor varies by
        # province): not a reason to refuse, but the signer is told.
        warnings.append(
            _r(
                "two_tier_check_with_unit",
                "Tên đơn vị trên chứng thư không được đề xuất tự động (đơn vị sự nghiệp, doanh "
                "nghiệp, đơn vị của cơ quan trung ương hoặc cơ quan đã hợp nhất năm 2025): kiểm "
                "tra với đơn vị thông tin trên chứng thư còn đúng không.",
                "The unit's new name is not proposed automatically (an institution, a central "
                "body's unit or a department merged in 2025): check with the unit whether the "
                "certificate's information is still right.",
            )
        )
    elif status == "unknown":
        warnings.append(
            _r(
                "two_tier_unknown",
                "Không xác định được thông tin chứng thư đã theo mô hình mới hay chưa.",
                "Could not tell whether the certificate follows the new structure.",
            )
        )

    decision = PolicyDecision(allowed=False, refusals=refusals, warnings=warnings)
    if out_of_date(kind, verdict):
        if kind == "organization":
            if status == "check_with_unit":
                # A hospital's own certificate still naming a merged province's L: the name
                # is kept, the rest is out of date, as for any organization's certificate.
                warnings.insert(0, _org_changes_proposed(verdict))
            if inp.allow_outdated_org_cert:
                warnings.append(
                    _r(
                        "org_outdated_allowed",
                        "Chứng thư của tổ chức chưa thay đổi thông tin theo mô hình mới; máy "
                        "này được CNTT cho phép vẫn ký.",
                        "The organization's certificate is not on the new structure yet; IT "
                        "allows it to sign on this machine.",
                    )
                )
            else:
                refusals.append(
                    _r(
                        "org_outdated",
                        "Chứng thư của tổ chức chưa thay đổi thông tin theo mô hình chính quyền "
                        "hai cấp. Đề nghị thay đổi nội dung thông tin (Mẫu 04 NĐ 68/2024) tại "
                        "https://dichvucong.ca.gov.vn.",
                        "The organization's certificate is not on the two-tier structure yet. "
                        "Request a change of information (form 04, Decree 68/2024) at "
                        "https://dichvucong.ca.gov.vn.",
                    )
                )
        elif status == "unit_abolished":
            refusals.append(_unit_abolished(verdict))
        else:
            _emergency(inp, cert, matcher, decision, now)
            if status == "check_with_unit":
                # Say why a hospital's director is out of date although the hospital's name
                # is kept: next to the refusal, else as the first warning.
                codes = [r.code for r in refusals]
                if "person_outdated" in codes:
                    refusals.insert(codes.index("person_outdated"), _changes_proposed(verdict))
                else:
                    warnings.insert(0, _changes_proposed(verdict))
    decision.allowed = not decision.refusals and not decision.needs_emergency_confirmation
    return decision


def _kept_name_other_changes(verdict: Mapping[str, Any]) -> bool:
    """A certificate whose body's name the reform keeps (``check_with_unit``: a hospital, a
    school, a company) but whose other information the check proposes to change (``L`` of a
    merged province): not on the new model yet. A person's signs only under item 4; an
    organization's is refused as any outdated organization certificate (unless IT allows)."""
    return verdict.get("status") == "check_with_unit" and bool(verdict.get("proposed"))


def out_of_date(kind: str, verdict: Mapping[str, Any]) -> bool:
    """Whether a certificate of holder ``kind`` with the two-tier ``verdict`` is not on the
    new model: ``needs_change``/``unit_abolished``, or a person with a proposed change under
    ``check_with_unit``."""
    return verdict.get("status") in OUTDATED or _kept_name_other_changes(verdict)


def _proposal_text(verdict: Mapping[str, Any]) -> str:
    proposed = verdict.get("proposed") or {}
    return "; ".join(f"{key} = {value}" for key, value in proposed.items())


def _org_changes_proposed(verdict: Mapping[str, Any]) -> PolicyReason:
    changes = _proposal_text(verdict)
    return _r(
        "two_tier_org_changes_proposed",
        "Tên cơ quan, tổ chức trên chứng thư không đổi theo việc sắp xếp đơn vị hành chính, "
        f"nhưng thông tin khác trên chứng thư đã cũ (đề xuất: {changes}).",
        "The organization's name on the certificate is not changed by the reform, but other "
        f"information on it is out of date (proposed: {changes}).",
    )


def _changes_proposed(verdict: Mapping[str, Any]) -> PolicyReason:
    changes = _proposal_text(verdict)
    return _r(
        "two_tier_person_changes_proposed",
        "Tên cơ quan, đơn vị trên chứng thư cá nhân không đổi theo việc sắp xếp đơn vị hành "
        f"chính, nhưng thông tin khác trên chứng thư đã cũ (đề xuất: {changes}): chứng thư "
        "chưa theo mô hình mới. Đề nghị thay đổi nội dung thông tin (Mẫu 04 NĐ 68/2024); "
        "trong khi chờ, chỉ được ký trong trường hợp khẩn cấp theo mục 4 Công văn "
        "393/BCY-CTSBMTT.",
        "The unit's name on the personal certificate is not changed by the reform, but "
        f"other information on it is out of date (proposed: {changes}): the certificate is "
        "not on the new model yet. Request a change of information (form 04, Decree "
        "68/2024); until then it may sign only in an emergency under item 4 of letter "
        "393/BCY-CTSBMTT.",
    )


def _unit_abolished(verdict: Mapping[str, Any]) -> PolicyReason:
    district = str((verdict.get("district") or {}).get("old") or "")
    province = str((verdict.get("province") or {}).get("new") or "")
    unit_vi = f"{district}, cấp huyện" if district else "cơ quan cấp huyện"
    unit_en = f"{district}, district level" if district else "a district-level body"
    where_vi = f" của tỉnh/thành phố {province}" if province else ""
    where_en = f" of {province}" if province else ""
    return _r(
        "person_unit_abolished",
        f"Đơn vị của người ký trên chứng thư ({unit_vi}) không còn từ 01/7/2025, nên không áp "
        "dụng được trường hợp ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT chỉ dành cho người "
        "đứng đầu của tổ chức đã có chứng thư theo mô hình mới). Đề nghị thay đổi nội dung "
        "thông tin chứng thư sang đơn vị đang công tác theo mô hình mới (chọn trong danh sách "
        f"đơn vị cấp xã{where_vi}; Mẫu 04 NĐ 68/2024), rồi ký bằng chứng thư đã thay đổi.",
        f"The signer's unit on the certificate ({unit_en}) no longer exists since 1 July "
        "2025, so item 4's emergency fallback does not apply (letter 393/BCY-CTSBMTT gives it "
        "only to the leader of an organization whose certificate is already on the new "
        "model). Request a change of the certificate's information to the unit you work in "
        f"now (pick it among the communes{where_en}; form 04, Decree 68/2024), then sign with "
        "the changed certificate.",
    )


def _trust_refusals(
    trust: Mapping[str, Any] | None, warnings: list[PolicyReason]
) -> list[PolicyReason]:
    if trust is None:
        return [
            _r(
                "trust_not_checked",
                "Chưa kiểm tra được độ tin cậy của chứng thư (chuỗi chứng thư, thu hồi).",
                "The certificate's trust (chain, revocation) has not been checked.",
            )
        ]
    status = str(trust.get("status") or "failed")
    revocation = trust.get("revocation") or {}
    details = "; ".join(
        str(r.get("message") or r.get("code")) for r in trust.get("reasons") or () if r
    )
    if str(revocation.get("status")) == "revoked":
        return [
            _r(
                "revoked",
                "Chứng thư đã bị thu hồi; không được dùng để ký.",
                "The certificate has been revoked; it may not sign.",
            )
        ]
    if status == "failed":
        return [
            _r(
                "untrusted",
                "Chứng thư không đáng tin cậy" + (f": {details}" if details else "."),
                "The certificate is not trusted" + (f": {details}" if details else "."),
            )
        ]
    if status == "warning":
        warnings.append(
            _r(
                "trust_warning",
                "Lưu ý về độ tin cậy" + (f": {details}" if details else "."),
                "Trust warning" + (f": {details}" if details else "."),
            )
        )
    return []


def _emergency(
    inp: PolicyInput,
    cert: CertificateFacts,
    matcher: Callable[[str, str], bool],
    decision: PolicyDecision,
    now: dt.datetime,
) -> None:
    org = next(
        (
            o
            for o in inp.organizations
            if o.counts_for_item4(now) and matcher(cert.organization, o.name)
        ),
        None,
    )
    if org is None:
        decision.refusals.append(
            _r(
                "person_outdated",
                "Chứng thư cá nhân chưa thay đổi thông tin theo mô hình chính quyền hai cấp, và "
                "chưa có chứng thư của tổ chức mình đã theo mô hình mới, nên không áp dụng được "
                "trường hợp ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT). Đề nghị thay đổi "
                "nội dung thông tin chứng thư (Mẫu 04 NĐ 68/2024). Chứng thư tổ chức đã hết "
                "hạn, chưa có hiệu lực, bị thu hồi hoặc có thiết bị đã trả lại không được tính.",
                "The personal certificate is not on the two-tier structure, and no certificate "
                "of its organization is on the new model yet, so item 4's emergency fallback "
                "does not apply. Request a change of information (form 04, Decree 68/2024). "
                "An organization certificate that has expired, is not valid yet, was revoked "
                "or whose device was returned does not count.",
            )
        )
        return
    decision.emergency_organization = org
    reason = " ".join((inp.emergency_reason or "").split())
    if not reason:
        decision.needs_emergency_confirmation = True
        decision.warnings.append(
            _r(
                "emergency_confirmation_needed",
                "Chứng thư cá nhân chưa theo mô hình mới. Chỉ được ký trong trường hợp khẩn "
                f"cấp: {RULE_ITEM4_VI} Xác nhận và nêu ngắn gọn lý do khẩn cấp.",
                "The personal certificate is not on the new structure. It may sign only in an "
                f"emergency: {RULE_ITEM4_EN} Confirm and give a short reason.",
            )
        )
        return
    if len(reason) < MIN_REASON_CHARS or len(reason) > MAX_REASON_CHARS:
        decision.refusals.append(
            _r(
                "emergency_reason_length",
                f"Lý do khẩn cấp cần từ {MIN_REASON_CHARS} đến {MAX_REASON_CHARS} ký tự.",
                f"The emergency reason needs {MIN_REASON_CHARS} to {MAX_REASON_CHARS} characters.",
            )
        )
        return
    decision.emergency = True
    decision.signature_reason = EMERGENCY_PREFIX + reason
    decision.warnings.append(
        _r(
            "emergency",
            f"Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT (tổ chức {org.shown_name} đã theo "
            "mô hình mới); lần ký được ghi vào nhật ký kiểm tra.",
            f"Emergency signature under item 4 of letter 393 ({org.shown_name} is on the new "
            "model); it is recorded in the audit log.",
        )
    )
