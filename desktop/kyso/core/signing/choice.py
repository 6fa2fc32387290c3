"""Choosing what signs, and the policy inputs for it: shared by ``kyso sign`` and the Sign page.

- which certificates are offered (never a CA certificate; never one whose key is known to be
  missing);
- the organization a person's certificate belongs to under the new model;
- the organization certificates already on the new model that item 4 of Công văn 393 needs:
  on inserted tokens, in remote signing accounts, and in the unit's inventory — only usable
  ones (in their validity period, not found revoked, their device not listed for return);
- the policy decision itself, from the trust and two-tier verdicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509

from kyso.core.signing.policy import (
    CertificateFacts,
    OrganizationCert,
    PolicyDecision,
    PolicyInput,
    PolicyReason,
    ShownName,
    evaluate,
    fold_name,
    names_a_place,
    out_of_date,
    same_organization,
    where_held,
)
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot

log = logging.getLogger(__name__)


def signing_candidates(
    snaps: Iterable[TokenSnapshot],
    *,
    token_serial: str | None = None,
    sha256_prefix: str | None = None,
    signing_usage_only: bool = False,
) -> list[tuple[TokenSnapshot, CertificateEntry]]:
    """User certificates that may be offered for signing.

    ``signing_usage_only`` also drops certificates without signing key usage (the GUI's
    list); the CLI keeps them so that ``--cert`` on one is refused *with the reason*.
    """
    prefix = (sha256_prefix or "").lower().replace(":", "")
    out: list[tuple[TokenSnapshot, CertificateEntry]] = []
    for snap in snaps:
        if token_serial and snap.info.serial != token_serial:
            continue
        for entry in snap.user_certificates():
            if entry.details is None or entry.has_private_key is False or entry.is_ca:
                continue
            if signing_usage_only and not entry.details.can_sign:
                continue
            if prefix and not entry.details.sha256.lower().startswith(prefix):
                continue
            out.append((snap, entry))
    return out


def token_ca_certificates(snapshot: TokenSnapshot) -> list[x509.Certificate]:
    """The CA certificates stored on the token (they may complete the signer's chain)."""
    out: list[x509.Certificate] = []
    for entry in snapshot.ca_certificates():
        try:
            out.append(x509.load_der_x509_certificate(entry.der))
        except ValueError as exc:  # an unreadable CA object must not stop signing
            log.warning("CA certificate %r on the token not read: %s", entry.label, exc)
    return out


def default_organization(typed: str, kind: str, cert: x509.Certificate) -> str:
    """The organization shown in the appearance: what the user typed, else the certificate's
    own name when it is an organization's certificate, else nothing."""
    typed = typed.strip()
    if typed:
        return typed
    return common_name(cert.subject) if kind == "organization" else ""


def common_name(name: x509.Name) -> str:
    """The CN as a user reads it: NFC (a CN written decomposed, as some tools write it,
    shows and is recorded composed — in the warning, the audit log, the GUI)."""
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return unicodedata.normalize("NFC", str(values[0].value) if values else name.rfc4514_string())


def _lowest_ou(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.ORGANIZATIONAL_UNIT_NAME)
    return str(values[-1].value) if values else ""


def person_organization(cert: x509.Certificate, verdict: dict[str, Any]) -> str:
    """Best guess of the person's organization under the new model: their lowest OU (as the
    two-tier check proposes it) followed by the new province, e.g. "Sở Khoa học và Công
    nghệ tỉnh Hưng Yên"."""
    proposed = verdict.get("proposed") or {}
    # The check names the lowest OU "OU" when it is the only one, else "OU[1]": read either,
    # never the OU as written when a new name is proposed (an old commune's name there is
    # another commune's of the new model: "UBND xã Hòa Phú" of Ứng Hòa is now Hòa Xá).
    unit = proposed.get("OU") or proposed.get("OU[1]") or _lowest_ou(cert.subject)
    return _under_province(unit, verdict)


def _under_province(unit: str, verdict: Mapping[str, Any]) -> str:
    """``unit`` followed by the holder's new province ("Sở Y tế" -> "Sở Y tế tỉnh Hưng
    Yên"), unless it already names it."""
    province = _holder_province(verdict)
    if not unit:
        return ""
    if province and province.casefold() not in unit.casefold():
        short = province.removeprefix("TP ")
        return f"{unit} {_province_type(short)} {short}"
    return unit


def _holder_province(verdict: Mapping[str, Any]) -> str:
    """The holder's province under the new model, as the two-tier check maps it."""
    return str((verdict.get("province") or {}).get("new") or "")


def _province_type(short: str) -> str:
    """ "thành phố" for a centrally-run city of the new model (Hà Nội, Hải Phòng, Đà Nẵng,
    Huế, Hồ Chí Minh, Cần Thơ), else "tỉnh": never "Sở Y tế tỉnh Đà Nẵng"."""
    from kyso.core.subjects.admin_units import load

    new = load().new_province(short)
    return "thành phố" if new is not None and new.is_city else "tỉnh"


def in_chain(named: str, cert: x509.Certificate, verdict: dict[str, Any]) -> bool:
    """Whether ``named`` is a unit of the holder's chain as the new model names it
    (:func:`organization_chain`): item 4 rests only on the leader's own organization."""
    return any(same_organization(named, unit) for unit in organization_chain(cert, verdict))


def organization_full_name(subject: x509.Name | str) -> str:
    """An organization certificate's full name: its CN followed by each O above it that
    the CN does not already hold ("CN=Văn phòng, O=Sở Y tế tỉnh Lạng Sơn" -> "Văn phòng
    Sở Y tế tỉnh Lạng Sơn"; "CN=UBND tỉnh Hưng Yên, O=UBND tỉnh Hưng Yên" -> the CN)."""
    from kyso.core.subjects.holder import read_holder

    holder = read_holder(subject)
    name = holder.name or (common_name(subject) if isinstance(subject, x509.Name) else subject)
    for org in [a.value for a in holder.attributes if a.key == "O"][::-1]:
        if fold_name(org) not in fold_name(name):
            name = _joined(name, org)
    return " ".join(name.split())


def _joined(name: str, org: str) -> str:
    """``name`` followed by ``org``, the words ``name`` ends with that ``org`` starts with
    written once: "Văn phòng Tỉnh ủy" + "Tỉnh ủy Hưng Yên" -> "Văn phòng Tỉnh ủy Hưng Yên",
    never "Văn phòng Tỉnh ủy Tỉnh ủy Hưng Yên"."""
    words, above = name.split(), org.split()
    for n in range(min(len(words), len(above)), 0, -1):
        if fold_name(" ".join(words[-n:])) == fold_name(" ".join(above[:n])):
            return " ".join(words + above[n:])
    return f"{name} {org}"


def organization_province(subject: x509.Name | str) -> str:
    """The new province of an organization certificate (its O, L, ST or its own name's, as
    the two-tier check reads them), "" when unknown: many communes of the new model share a
    name (246 "xã Thuận An"…), and every body has a "Văn phòng"; only the place tells them
    apart."""
    from kyso.core.reform.check import check_subject

    return _holder_province(check_subject(subject).to_json())


def organization_chain(cert: x509.Certificate, verdict: dict[str, Any]) -> list[str]:
    """The organizations a person's certificate could belong to under the new model.

    Every unit of the holder's chain (each OU and O, lowest first), as the two-tier check
    proposes it (else as written), each followed by itself under its new-model parent
    ("Văn phòng" + "UBND tỉnh Hưng Yên") and, for the holder's own unit, by the old guess
    (:func:`person_organization`, the unit + the new province): the closest to the holder
    first, which makes the first match the best. Item 4 may rest on the certificate of any
    of them: the leader of "OU=Văn phòng, O=UBND tỉnh Thái Bình" signs for "UBND tỉnh Hưng
    Yên" once that organization's certificate is changed.
    """
    return [name for name, _ in _chain(cert, verdict)]


def _chain(cert: x509.Certificate, verdict: dict[str, Any]) -> list[tuple[str, bool]]:
    """:func:`organization_chain` with, for each name, whether it names an organization on
    its own: a unit with a parent above it, alone ("Văn phòng" under "UBND tỉnh …"), does
    not (every body has a "Văn phòng"); with its parent, or the top of the chain, it does."""
    from kyso.core.subjects.bodies import NOT_RENAMED, body_kind
    from kyso.core.subjects.holder import read_holder

    holder = read_holder(cert.subject)
    proposed = verdict.get("proposed") or {}
    ous = list(holder.ous)
    orgs = [a.value for a in holder.attributes if a.key == "O"][::-1]
    chain: list[str] = []
    written: list[str] = []  # the same units as the certificate names them
    keys = [("OU" if len(ous) == 1 else f"OU[{i + 1}]") for i in range(len(ous))]
    keys += [("O" if len(orgs) == 1 else f"O[{i + 1}]") for i in range(len(orgs))]
    for key, unit in zip(keys, [*ous, *orgs], strict=True):
        chain.append(proposed.get(key, unit))
        written.append(unit)
    # The unit the check asks to pick (a commune split among several new ones, a parent
    # whose district is gone) has no name in the new model yet: its old name may be
    # another unit's now ("Phường Phú Mỹ" of Quận 7, split; Hồ Chí Minh city has another
    # Phường Phú Mỹ since 2025), so it is no unit of the chain, alone or joined.
    picked = str((verdict.get("pick_unit") or {}).get("attribute") or "")
    gone = [key == picked for key in keys]
    province = verdict.get("province") or {}
    moved = province.get("old") != province.get("new")  # a merged province
    out: list[tuple[str, bool]] = []

    def add(name: str, whole: bool = True) -> None:
        name = " ".join(name.split())
        if name and all(fold_name(name) != fold_name(o) for o, _ in out):
            out.append((name, whole))

    # Closest to the holder first: each unit, as written (or proposed), under its parent,
    # and — for the holder's own unit — under the new province; then the unit above it.
    for i, name in enumerate(chain):
        if gone[i]:
            continue
        add(name, whole=i + 1 == len(chain))
        # A school, a hospital, a centre keeps its name (the reform renames no
        # institution): under a parent or a province the reform changed, its name would be
        # another institution's of the new province ("Trường THPT Nguyễn Du" of old Hưng
        # Yên under "Sở GD&ĐT tỉnh Hưng Yên"), not the signer's: never matched so.
        kept = body_kind(written[i]) in NOT_RENAMED
        parent_known = i + 1 < len(chain) and not gone[i + 1]
        if parent_known and not (kept and chain[i + 1] != written[i + 1]):
            add(_joined(name, chain[i + 1]))
        if kept and moved:
            continue
        if i == 0:
            add(person_organization(cert, verdict))
        elif i < len(ous):
            # Every OU, not only the lowest: the Sở's director under "OU=Ban Giám đốc,
            # OU=Sở Y tế" belongs to "Sở Y tế tỉnh Hưng Yên" too.
            add(_under_province(name, verdict))
    if not chain:
        add(person_organization(cert, verdict))
    return out


@dataclass(frozen=True)
class FallbackChoice:
    """An organization certificate that allows item 4, and the unit of the holder's chain
    it matches (as the two-tier check maps it to the new model)."""

    organization: OrganizationCert
    matched: str
    best: bool = False
    """The default: the match closest to the holder's own unit."""

    def reason(self, language: str = "vi") -> str:
        """Why this certificate allows the fallback (and why it is the default)."""
        org = self.organization
        if language == "en":
            where = where_held(org.source, "en")
            why = (
                f"matches the signer's unit as the new model names it, “{self.matched}”: "
                "the closest unit to the signer"
                if self.best
                else f"matches “{self.matched}”, a unit of the signer's chain in the new model"
            )
            return f"“{org.shown_name}” ({where}, on the new model): {why}."
        where = where_held(org.source, "vi")
        why = (
            f"khớp đơn vị của người ký theo mô hình mới, “{self.matched}”: đơn vị gần người "
            "ký nhất"
            if self.best
            else f"khớp “{self.matched}”, một đơn vị trong chuỗi đơn vị của người ký theo mô hình mới"
        )
        return f"“{org.shown_name}” ({where}, đã theo mô hình mới): {why}."


def fallback_choices(
    cert: x509.Certificate,
    verdict: dict[str, Any],
    organizations: Iterable[OrganizationCert],
    named: str | None = None,
    now: dt.datetime | None = None,
    sha256: str | None = None,
) -> list[FallbackChoice]:
    """The organization certificates on the new model that allow item 4 for ``cert``.

    Those whose name matches a unit of the holder's chain (:func:`organization_chain`),
    the holder's own unit first; or, when the user ``named`` the organization, only those
    matching that name: a unit of the chain, or the name a choice is shown by
    (:attr:`OrganizationCert.shown_name`, what the dialog hands back and the CLI prints).
    Several can apply (a Sở and the UBND above it): the caller lets the user pick; the
    first is the default (``best``). One certificate is one choice, however many places
    it is known from (a token also recorded in the inventory): the token's entry, with what
    every source knows of it (:func:`one_per_certificate`: found revoked anywhere, or its
    device listed for return in the inventory, it grounds nothing). Only certificates usable
    at ``now`` count (:meth:`OrganizationCert.counts_for_item4`); none for a holder whose
    own unit was abolished (``unit_abolished``): item 4 speaks of the leader of an existing
    organization.

    The certificate picked: ``sha256`` (or ``named`` as a :class:`ShownName`, or ``named``
    written as a SHA-256 prefix of one usable certificate, as ``kyso sign --organization``
    takes it) keeps only that certificate — two certificates of one organization share its
    name, and the one picked is the one that grounds the fallback.
    """
    if verdict.get("status") == "unit_abolished":
        return []
    province = _holder_province(verdict)
    current = [o for o in one_per_certificate(organizations) if o.counts_for_item4(now)]
    picked = _picked_sha256(named, sha256, current)
    if picked and named and not isinstance(named, ShownName) and _hex(named):
        named = next(str(o.shown_name) for o in current if _hex(o.sha256) == picked)
    named = str(named) if named is not None else None
    # Only names that identify an organization: a bare unit ("Văn phòng", first in the
    # chain of "OU=Văn phòng, O=UBND tỉnh …") would match any body's office of that name
    # (another province's "CN=Văn phòng, O=Sở Y tế …"); it counts with its parent only —
    # unless it names a place itself (a commune, "UBND xã Thuận An"), and then only in the
    # holder's own new province (below).
    chain = [(name, whole) for name, whole in _chain(cert, verdict) if whole or names_a_place(name)]
    if named and named.strip():
        # Only a unit of the leader's own chain: item 4 speaks of *its* leader.
        named = named.strip()
        # Matched as the chain spells it: a name typed without diacritics ("UBND xa Cam
        # Giang") would also match another commune's certificate ("UBND xã Cẩm Giàng").
        candidates = [(u, w) for u, w in chain if same_organization(named, u)][:1]
    else:
        candidates = chain
    out: list[FallbackChoice] = []
    taken: list[OrganizationCert] = []
    for name, _whole in candidates:
        for org in current:
            # Never another province's: 246 new communes share a name, and every
            # province's Sở Y tế has a "Văn phòng Sở Y tế". Nor one whose place is not
            # known: "UBND xã Gia Lâm" is in Hà Nội and in Ninh Bình (found by a fault
            # hunter: an inventory entry with no province was taken for the signer's).
            if not _same_place(org.province, province, org.full_name or org.name):
                continue
            # A name written without diacritics may be either of two communes of the
            # province ("UBND xa Cam Giang": Cẩm Giang or Cẩm Giàng): it grounds neither.
            if not all(_one_commune_if_ascii(n, province) for n in (name, org.name)):
                continue
            # Its CN ("Sở Y tế tỉnh Hưng Yên") or its full name, CN with its O ("Văn phòng
            # UBND tỉnh Hưng Yên"), against a name of the chain.
            names = (org.name, org.full_name)
            if any(n and same_organization(name, n) for n in names) and org not in taken:
                taken.append(org)
                out.append(FallbackChoice(org, name, best=not out))
    if named and named.strip() and not out:
        # Named as Kyso shows the choice: "Văn phòng UBND tỉnh Hưng Yên" for "CN=Văn phòng".
        out = [
            c
            for c in fallback_choices(cert, verdict, current)
            if same_organization(named, c.organization.shown_name)
        ]
    if picked:
        out = [
            FallbackChoice(c.organization, c.matched, best=True)
            for c in out
            if _hex(c.organization.sha256) == picked
        ][:1]
    return out


def _one_commune_if_ascii(name: str, province: str) -> bool:
    """Whether ``name``, when written without any diacritic, names no commune that two
    communes of the new ``province`` share once their marks are dropped ("xa Cam Giang" is
    Hải Phòng's Xã Cẩm Giang or Xã Cẩm Giàng); a name written with them tells them apart
    (:func:`~kyso.core.signing.policy.same_organization`)."""
    if not unicodedata.normalize("NFC", name).isascii():
        return True
    from kyso.core.subjects.admin_units import load, other_numeral
    from kyso.core.subjects.normalize import clean
    from kyso.core.subjects.places import mentions_in

    units = load()
    new = units.new_province(province) if province else None
    if new is None:
        return True
    for mention in mentions_in(clean(name), units):
        if mention.level != "commune":
            continue
        keys = {mention.name_key, other_numeral(mention.name_key) or mention.name_key}
        found = {c.name for k in keys for c in units.new_communes_by_key(mention.type_key, k, new)}
        if len(found) > 1:
            return False
    return True


def _same_place(theirs: str, ours: str, name: str) -> bool:
    """Whether an organization certificate of province ``theirs`` (as its check placed it;
    "" when it did not) may be the holder's, of new province ``ours``: when both are known
    and the same, or — its place not known — when its name ``name`` says the holder's
    province ("Văn phòng UBND tỉnh Hưng Yên")."""
    if theirs and ours:
        return fold_name(theirs) == fold_name(ours)
    if not ours:
        return False
    return f" {fold_name(ours)} " in f" {fold_name(name)} "


def _hex(text: str) -> str:
    return text.strip().lower().replace(":", "")


def _picked_sha256(
    named: str | None, sha256: str | None, current: list[OrganizationCert]
) -> str | None:
    """The SHA-256 of the certificate picked, if one was: given, carried by a
    :class:`ShownName`, or ``named`` as a prefix (at least 8 hex digits) of exactly one
    usable certificate's SHA-256."""
    if sha256:
        return _hex(sha256)
    if isinstance(named, ShownName) and named.sha256:
        return _hex(named.sha256)
    prefix = _hex(named or "")
    if len(prefix) < 8 or any(ch not in "0123456789abcdef" for ch in prefix):
        return None
    matching = {_hex(o.sha256) for o in current if _hex(o.sha256).startswith(prefix)}
    return matching.pop() if len(matching) == 1 else None


def one_per_certificate(organizations: Iterable[OrganizationCert]) -> list[OrganizationCert]:
    """One entry per certificate (SHA-256), in order, combining what every source knows of
    it: the token's entry is the one shown (the token can sign now; else the first), found
    revoked or untrusted by any source it is ``failed``, its device listed for return or
    returned in the inventory it carries that — so a revoked certificate is not waved
    through by another source's older record. Run before the usability filter."""
    groups: dict[str, list[OrganizationCert]] = {}
    for org in organizations:
        key = _hex(org.sha256)
        if key:
            groups.setdefault(key, []).append(org)
    merged: dict[str, OrganizationCert] = {}
    for key, group in groups.items():
        shown = next((o for o in group if o.source == "token"), group[0])
        trust = shown.trust_status or next((o.trust_status for o in group if o.trust_status), None)
        if any(o.trust_status == "failed" for o in group):
            trust = "failed"
        device = next((o.device_status for o in group if o.device_status), None)
        merged[key] = dataclasses.replace(shown, trust_status=trust, device_status=device)
    out: list[OrganizationCert] = []
    for org in organizations:
        key = _hex(org.sha256)
        if not key:
            out.append(org)
        elif key in merged and (org.source == "token" or merged[key].source != "token"):
            # The shown entry's place: the token's, else the first one.
            out.append(merged.pop(key))
    return out


def telling_apart(choices: Iterable[FallbackChoice]) -> list[str]:
    """For each choice, what tells its certificate apart from another choice shown by the
    same name ("" when its name is its own): the first hex digits of its SHA-256, at least 8
    and as many as it takes — what ``kyso sign --organization`` accepts back. Two
    certificates of one organization (the old one not yet returned and the new one, or a
    token's and a remote account's) share the name; a list showing the name twice lets the
    user pick blind."""
    listed = list(choices)
    names = [fold_name(str(c.organization.shown_name)) for c in listed]
    digests = [_hex(c.organization.sha256) for c in listed]
    out: list[str] = []
    for i, (name, digest) in enumerate(zip(names, digests, strict=True)):
        others = [d for j, d in enumerate(digests) if j != i and names[j] == name and d != digest]
        if not others or not digest:
            out.append("")
            continue
        length = 8
        while length < len(digest) and any(o[:length] == digest[:length] for o in others):
            length += 1
        out.append(digest[:length])
    return out


def fallback_organizations(
    cert: x509.Certificate,
    verdict: dict[str, Any],
    organizations: Iterable[OrganizationCert],
    named: str | None = None,
    now: dt.datetime | None = None,
    sha256: str | None = None,
) -> list[OrganizationCert]:
    """The organizations of :func:`fallback_choices`, the default first."""
    return [
        c.organization
        for c in fallback_choices(cert, verdict, organizations, named, now, sha256)
    ]


def organization_on_new_model(verdict: Mapping[str, Any]) -> bool:
    """Whether an organization certificate carries the new model's information: ``current``,
    or an institution the reform does not rename whose certificate the check proposes
    nothing for (``check_with_unit``, e.g. a hospital's certificate already changed to
    L=Hưng Yên) — else no hospital's director could ever use item 4. Never a department
    merged away in 2025 (``merged_names``: "Sở Tài nguyên và Môi trường tỉnh Hưng Yên" is
    now part of the Sở Nông nghiệp và Môi trường): the check proposes nothing for it because
    its new name is asked, not because it is kept."""
    status = verdict.get("status")
    if status == "current":
        return True
    return (
        status == "check_with_unit"
        and not verdict.get("proposed")
        and not verdict.get("merged_names")
    )


def names_only_new_communes(name: str, province: str) -> bool:
    """Whether every commune ``name`` names (after "xã", "phường", "đặc khu") is a commune
    of the new model in ``province`` (its new short name): "UBND xã Quang Trung" under
    Hưng Yên is not — old Thái Bình's two were merged into Xã Diên Hà and Xã Kiến Xương — so
    a certificate so named (half changed: O and L of the new province, the commune kept) is
    no organization certificate on the new model, whatever the two-tier check reads. True
    when the province is not known (nothing to look in), no commune is named, or the name
    is an institution's ("Trường THCS xã Quang Trung" keeps its name: the reform renames
    no institution)."""
    from kyso.core.subjects.admin_units import load, other_numeral
    from kyso.core.subjects.bodies import NOT_RENAMED, body_kind
    from kyso.core.subjects.normalize import clean
    from kyso.core.subjects.places import mentions_in

    units = load()
    new = units.new_province(province) if province else None
    if new is None or body_kind(name) in NOT_RENAMED:
        return True
    for mention in mentions_in(clean(name), units):
        if mention.level != "commune":
            continue
        keys = [mention.name_key, other_numeral(mention.name_key) or mention.name_key]
        if not any(units.new_communes_by_key(mention.type_key, k, new) for k in keys):
            return False
    return True


def _counted_on_new_model(on_new_model: bool, name: str, province: str) -> bool:
    """``on_new_model`` as the check (or the inventory) says it, unless the certificate's
    name holds a commune its new province does not have (:func:`names_only_new_communes`)."""
    return on_new_model and names_only_new_communes(name, province)


def certificate_organizations(
    certificates: Iterable[tuple[x509.Certificate, str]],
    source: str,
    trust: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[OrganizationCert]:
    """The organization certificates among ``certificates`` ((certificate, SHA-256) pairs
    from ``source``: "token" or "remote"), with their two-tier status, validity period and
    — where ``trust`` (SHA-256 → the trust check's verdict, already computed: no fetch here)
    has one — the trust verdict."""
    from kyso.core.reform.check import check_subject

    out: list[OrganizationCert] = []
    for cert, sha256 in certificates:
        verdict = check_subject(cert.subject).to_json()
        if verdict.get("holder_kind") != "organization":
            continue
        checked = (trust or {}).get(sha256.lower()) or (trust or {}).get(sha256)
        full_name = organization_full_name(cert.subject)
        province = _holder_province(verdict)
        out.append(
            OrganizationCert(
                common_name(cert.subject),
                sha256,
                verdict.get("status", ""),
                source,
                full_name,
                not_before=cert.not_valid_before_utc,
                not_after=cert.not_valid_after_utc,
                trust_status=str(checked.get("status")) if checked else None,
                on_new_model=_counted_on_new_model(
                    organization_on_new_model(verdict), full_name, province
                ),
                province=province,
            )
        )
    return out


def token_organizations(
    snaps: Iterable[TokenSnapshot], trust: Mapping[str, Mapping[str, Any]] | None = None
) -> list[OrganizationCert]:
    """Organization certificates on the inserted tokens (see
    :func:`certificate_organizations`; ``trust``: cached trust verdicts by SHA-256)."""
    return certificate_organizations(
        (
            (entry.details.cert, entry.details.sha256)
            for snap in snaps
            for entry in snap.user_certificates()
            if entry.details is not None
        ),
        "token",
        trust,
    )


def remote_organizations(
    certificates: Iterable[x509.Certificate],
    trust: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[OrganizationCert]:
    """Organization certificates held in a remote signing account (its credentials'
    certificates): item 4 may rest on them as on an inserted token's."""
    from cryptography.hazmat.primitives import hashes

    return certificate_organizations(
        ((c, c.fingerprint(hashes.SHA256()).hex()) for c in certificates), "remote", trust
    )


def inventory_organizations(inventory_path: Path | None) -> list[OrganizationCert]:
    """Organization certificates of the unit's inventory that are on the new model.

    Item 4 allows the fallback when the organization's certificate is already on the new
    model, whether or not its token is inserted right now — if Phụ lục I counts it
    (:func:`kyso.core.inventory.phuluc.counts_as_active`): not expired or not yet valid,
    its last trust check not ``failed`` (revoked, untrusted), its device not on the list of
    devices to return or returned (mục 6 Công văn 393); each is carried as a field that
    :meth:`OrganizationCert.counts_for_item4` reads. Those it does not count are
    returned too, marked (``trust_status``, ``device_status``, the validity period), so
    that what the inventory knows of a certificate also holds for the same certificate on
    a token (:func:`one_per_certificate`); they never ground item 4 themselves
    (:meth:`OrganizationCert.counts_for_item4`). On the new model as a token's certificate
    is (:func:`organization_on_new_model`: ``current``, or an institution's certificate the
    check proposes nothing for), or marked so in the inventory. A missing or unreadable
    inventory simply adds nothing. It reads no clock: the validity period is judged at the
    decision's ``now`` (:func:`fallback_choices`, :func:`decide`), so a certificate expired
    at that ``now`` grounds nothing whatever the machine's clock says.
    """
    if inventory_path is None or not Path(inventory_path).exists():
        return []
    from kyso.core.errors import KysoError
    from kyso.core.inventory.store import Inventory
    from kyso.core.subjects.holder import read_holder

    try:
        with Inventory(inventory_path) as inv:
            records = inv.certificates()
            devices = {d.certificate_id: d.status for d in inv.devices()}
    except (KysoError, OSError) as exc:
        log.warning("inventory not read for the item-4 check: %s", exc)
        return []
    out: list[OrganizationCert] = []
    for rec in records:
        verdict = rec.reform or {"status": rec.reform_status or ""}
        # An abolished unit's certificate is no organization's on the new model
        # (counts_as_active drops it too).
        on_new_model = (
            rec.on_new_model or organization_on_new_model(verdict)
        ) and rec.reform_status != "unit_abolished"
        if rec.holder_kind != "organization" or not on_new_model:
            continue
        full_name = organization_full_name(rec.subject)
        province = organization_province(rec.subject)
        if not names_only_new_communes(full_name, province):
            continue  # a commune the new model does not have: not on it
        out.append(
            OrganizationCert(
                read_holder(rec.subject).name or rec.subject,
                rec.fingerprint or "",
                "current",
                "inventory",
                full_name,
                not_before=rec.not_before,
                not_after=rec.not_after,
                trust_status=rec.trust_status,
                province=province,
                on_new_model=True,
                device_status=devices.get(rec.id),
            )
        )
    return out


def decide(
    snap: TokenSnapshot,
    entry: CertificateEntry,
    profile: str,
    *,
    trust: dict[str, Any] | None,
    reform: dict[str, Any],
    organizations: list[OrganizationCert],
    emergency_reason: str | None,
    allow_outdated_org_cert: bool,
    now: dt.datetime | None = None,
    organization_name: str | None = None,
) -> tuple[PolicyDecision, str, str]:
    """The policy decision for ``entry`` signing with ``profile``; also (holder kind,
    organization name) for the appearance.

    For a person, the organization is the first of :func:`fallback_organizations` (the
    holder's chain mapped to the new model against the organization certificates on the
    new model), else the best guess. ``organization_name`` (``kyso sign --organization``,
    the GUI's pick) names it instead: then only that organization's certificate allows
    item 4, and a refusal says why that name allows nothing (and which names would),
    never that the leader's organization has no certificate when another unit of the
    chain has one. A :class:`ShownName` (the GUI's and the bridge's pick) or a SHA-256
    prefix (``--organization``) picks that certificate (:func:`fallback_choices`): the
    decision's ``emergency_organization`` — and so the audit entry — is the one picked. The
    organization returned is the one shown
    (:attr:`OrganizationCert.shown_name`: "Văn phòng UBND tỉnh Hưng Yên", never a bare
    "Văn phòng").
    """
    assert entry.details is not None
    cert = entry.details.cert
    kind = str(reform.get("holder_kind") or "unknown")
    fallback: list[OrganizationCert] = []
    if kind == "organization":
        organization = common_name(cert.subject)
    else:
        fallback = fallback_organizations(cert, reform, organizations, organization_name, now)
        if fallback:
            organization = fallback[0].name
        elif organization_name and organization_name.strip():
            organization = organization_name.strip()
        else:
            organization = person_organization(cert, reform)
    named = (organization_name or "").strip()
    abolished = reform.get("status") == "unit_abolished"
    outside = (
        kind != "organization"
        and not abolished  # no pick helps: his unit is gone (the refusal says so)
        and bool(named)
        and out_of_date(kind, reform)
        and not fallback  # named as a choice is shown (OrganizationCert.shown_name)
        and not in_chain(named, cert, reform)
    )
    facts = CertificateFacts.from_details(entry.details, organization=organization, holder_kind=kind)
    decision = evaluate(
        PolicyInput(
            facts,
            profile,
            trust,
            reform,
            # A named organization outside the leader's chain allows nothing; for a person
            # only the certificates matched by the whole chain count (evaluate compares
            # names alone, and a bare "Văn phòng" is every body's office).
            [] if outside else (organizations if kind == "organization" else fallback),
            emergency_reason=emergency_reason,
            allow_outdated_org_cert=allow_outdated_org_cert,
            now=now,
        )
    )
    explain = named and kind != "organization" and out_of_date(kind, reform)
    if explain and not fallback and not abolished:
        _explain_named_refusal(decision, named, outside, cert, reform, organizations)
    if fallback:
        organization = fallback[0].shown_name
    return decision, kind, organization


def _explain_named_refusal(
    decision: PolicyDecision,
    named: str,
    outside: bool,
    cert: x509.Certificate,
    reform: dict[str, Any],
    organizations: list[OrganizationCert],
) -> None:
    """Why the organization the user named allows no fallback, and only that: the general
    "no certificate of its organization is on the new model" is false when another unit
    of the leader's chain has one, so it gives way to the names that would be accepted."""
    accepted = [c.organization.shown_name for c in fallback_choices(cert, reform, organizations)]
    if accepted:
        decision.refusals = [r for r in decision.refusals if r.code != "person_outdated"]
    if outside:
        decision.refusals.insert(0, _not_in_chain(named, accepted))
    elif accepted:
        decision.refusals.insert(0, _named_without_certificate(named, accepted))
    decision.allowed = False


def _accepted_vi(accepted: list[str]) -> str:
    if not accepted:
        return ""
    names = "; ".join(f"“{a}”" for a in accepted)
    return f" Tổ chức có chứng thư theo mô hình mới cho phép ký khẩn cấp: {names}."


def _accepted_en(accepted: list[str]) -> str:
    if not accepted:
        return ""
    names = "; ".join(f"“{a}”" for a in accepted)
    return f" Organizations whose new-model certificate allows it: {names}."


def _not_in_chain(named: str, accepted: list[str] | None = None) -> PolicyReason:
    accepted = accepted or []
    return PolicyReason(
        "organization_not_in_chain",
        f"“{named}” không thuộc chuỗi đơn vị của người ký (các OU, O trên chứng thư, theo mô "
        "hình mới): trường hợp ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT) chỉ dựa vào chứng "
        "thư của chính tổ chức mà người ký là lãnh đạo. Chọn (hoặc ghi trong --organization) "
        "đúng tổ chức của mình." + _accepted_vi(accepted),
        f"“{named}” is not in the signer's chain of units (the certificate's OUs and O, in the "
        "new model): item 4's emergency fallback rests only on the certificate of the "
        "signer's own organization. Pick (or name with --organization) your own organization."
        + _accepted_en(accepted),
    )


def _named_without_certificate(named: str, accepted: list[str]) -> PolicyReason:
    return PolicyReason(
        "organization_without_certificate",
        f"“{named}” chưa có chứng thư tổ chức đã theo mô hình mới (trong token đang cắm, sổ "
        "quản lý hoặc tài khoản ký từ xa), nên không dựa vào đó để ký khẩn cấp (mục 4 Công "
        "văn 393/BCY-CTSBMTT) được." + _accepted_vi(accepted),
        f"“{named}” has no organization certificate on the new model (on an inserted token, "
        "in the inventory or in a remote signing account), so item 4's emergency fallback "
        "cannot rest on it." + _accepted_en(accepted),
    )
