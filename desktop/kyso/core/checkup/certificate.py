"""One certificate's full check-up: the trust check and the two-tier check together.

This is what ``kyso check`` prints and what the device view shows beside each certificate.
``reform`` keeps the JSON contract of the two-tier issue, ``trust`` that of the trust issue.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509

from kyso.core.certs.details import name_to_string, sha256_hex
from kyso.core.demo.token import DemoToken, seed_demo_revocation
from kyso.core.reform.check import ReformResult, check_subject, shared_verdict, unanalysable
from kyso.core.reform.result import CURRENT, encode_json, json_string
from kyso.core.settings import Paths, Settings
from kyso.core.subjects.holder import holder_of_pieces, pattern_and_pieces, read_holder
from kyso.core.tokens.slots import PinState
from kyso.core.trust.anchors import (
    TrustAnchors,
    anchors_from_path,
    downloaded_anchors,
    downloaded_anchors_dir,
    load_anchors,
)
from kyso.core.trust.checker import TrustChecker, TrustResult, default_cache, with_token_health


@dataclass
class CertificateCheck:
    subject: str
    sha256: str | None
    trust: TrustResult | None
    reform: ReformResult

    @property
    def has_findings(self) -> bool:
        """Anything a clerk must act on: trust not OK, or subject not on the new model."""
        trust_bad = self.trust is not None and self.trust.status != "ok"
        return trust_bad or self.reform.status != "current"

    def to_json(self, language: str = "vi") -> dict[str, Any]:
        trust: dict[str, Any] | None = None
        if self.trust is not None:
            from kyso.core.verify.path_revocation import from_trust_result

            trust = self.trust.to_json(language)
            # every certificate of the path, as ``kyso verify`` reports it per signature
            trust["path_revocation"] = [c.to_json() for c in from_trust_result(self.trust)]
        return {
            "subject": self.subject,
            "sha256": self.sha256,
            "trust": trust,
            "reform": self.reform.to_json(),
        }

    def json_text(self, language: str = "vi") -> str:
        """``json.dumps(self.to_json(language), ensure_ascii=False)``, the same text; a
        subject checked alone reuses its verdict's encoded text
        (:meth:`ReformResult.json_text`)."""
        if self.trust is not None:
            return encode_json(self.to_json(language))
        return (
            f'{{"subject": {json_string(self.subject)}, '
            f'"sha256": {encode_json(self.sha256)}, "trust": null, '
            f'"reform": {self.reform.json_text()}}}'
        )


def make_checker(
    settings: Settings,
    paths: Paths | None = None,
    *,
    anchors_override: str | Path | None = None,
    extra_anchor_files: Iterable[Path] = (),
    demo: DemoToken | None = None,
    crls: Iterable[x509.CertificateRevocationList] = (),
) -> TrustChecker:
    """A trust checker over the configured anchors (or ``--anchors PATH`` for this run).

    ``extra_anchor_files``/``demo``: anchors added for this run — the DEMO root and CRL when
    the DEMO token is in use (never the real Ban Cơ yếu roots, which are pinned and come
    from IT or the explicit download).
    """
    anchors: TrustAnchors = (
        load_anchors(override=anchors_override) if anchors_override else load_anchors(settings)
    )
    if paths is not None and not anchors_override:
        anchors = anchors.merged(downloaded_anchors(downloaded_anchors_dir(paths)))
    extra = list(extra_anchor_files)
    if demo is not None:
        extra.append(demo.anchors_file)
    for path in extra:
        if path.exists():
            anchors = anchors.merged(anchors_from_path(path))
    cache = default_cache(paths)
    if demo is not None:
        seed_demo_revocation(demo, cache)
    return TrustChecker(settings, anchors, cache, crls=tuple(crls))


def emails_of(cert: x509.Certificate) -> str | None:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    emails = san.get_values_for_type(x509.RFC822Name)
    return emails[0] if emails else None


def certificate_reform(cert: x509.Certificate) -> ReformResult:
    """The two-tier part of :func:`check_certificate_full`: the certificate's subject (and
    its SubjectAltName e-mail) through :func:`~kyso.core.reform.check.check_subject`."""
    return check_subject(cert.subject, emails_of(cert))


def certificates_reform(certs: Iterable[x509.Certificate]) -> list[ReformResult]:
    """:func:`certificate_reform` of many certificates (the GUI's "Check all"), as the CLI
    checks many subjects: one verdict per unit shared by its certificates
    (:func:`~kyso.core.reform.check.shared_verdict`) and no collector pauses meanwhile
    (:func:`collections_paused`)."""
    with collections_paused():
        return [certificate_reform(cert) for cert in certs]


def check_certificate_full(
    cert: x509.Certificate,
    checker: TrustChecker,
    *,
    extra_certs: Iterable[x509.Certificate] = (),
    pin: PinState | None = None,
    online: bool = True,
    reform: ReformResult | None = None,
) -> CertificateCheck:
    """The trust check and the two-tier check of ``cert``; ``reform``: its two-tier verdict
    when already checked with others (:func:`certificates_reform`)."""
    trust = checker.check(cert, extra_certs=tuple(extra_certs), online=online)
    if pin is not None:
        trust = with_token_health(trust, pin_locked=pin.locked, pin_final_try=pin.final_try)
    from cryptography.hazmat.primitives.serialization import Encoding

    return CertificateCheck(
        subject=name_to_string(cert.subject),
        sha256=sha256_hex(cert.public_bytes(Encoding.DER)),
        trust=trust,
        reform=reform if reform is not None else certificate_reform(cert),
    )


def check_subject_only(subject: str) -> CertificateCheck:
    """``kyso check --subject DN``: the two-tier check of a subject string alone."""
    return CertificateCheck(subject=subject, sha256=None, trust=None, reform=check_subject(subject))


@contextlib.contextmanager
def collections_paused(*, keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while a batch of subjects is checked.

    The table of administrative units is ~100,000 long-lived objects; the results of a
    batch grow the old generation, so Python's collector would walk the whole table again
    and again — about half the time of 10,000 subjects. The check makes no reference
    cycles (a test holds it to that), so nothing is left for the collector meanwhile;
    collections resume when the batch ends.

    ``keep``: for a process that ends soon after (the CLI), what exists at the end is set
    aside from the collector (``gc.freeze``) instead of being walked once more when
    collections resume and again at exit.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()


def check_subjects(subjects: Iterable[str]) -> list[CertificateCheck]:
    """``kyso check --subjects-from FILE``: many subject strings, each checked alone.

    The same verdicts as :func:`check_subject_only` one by one, without the collector's
    pauses (see :func:`collections_paused`).
    """
    with collections_paused():
        return [check_subject_only(subject) for subject in subjects]


def subject_verdict(
    subject: str, seen: dict[tuple[str, ...], ReformResult] | None = None
) -> ReformResult:
    """The two-tier verdict of a subject string, as every subject that reads alike shares it
    (:func:`~kyso.core.reform.check.shared_verdict`): read it, never change it.

    The path of :func:`check_subject_only` without the copy: the subject is read
    (:func:`~kyso.core.subjects.holder.read_holder`) and its verdict looked up by what the
    check reads of the holder. ``seen``, for a batch: verdicts by
    :func:`~kyso.core.subjects.holder.subject_pattern` (the subject less its UID, e-mail and
    — for a person known by a personal ID — name, found from the pieces' caches without
    reading a value; what it leaves out keeps its letter case, which a proposal may copy),
    so an inventory's certificates of one unit are read in full once.
    A check that fails gives the ``unknown`` verdict.
    """
    if seen is None:
        pattern = None
        holder = read_holder(subject)
    else:
        pattern, pieces = pattern_and_pieces(subject)  # the subject split once
        if pattern is None:
            holder = read_holder(subject)
        else:
            verdict = seen.get(pattern)
            if verdict is not None:
                return verdict
            holder = holder_of_pieces(pieces)  # type: ignore[arg-type]
    try:
        verdict = shared_verdict(holder)
    except Exception as exc:  # as check_holder: never a crash, an unknown verdict
        verdict = unanalysable(holder, exc)
    if pattern is not None:
        seen[pattern] = verdict  # type: ignore[index]
    return verdict


def subject_verdicts(subjects: Iterable[str]) -> list[ReformResult]:
    """:func:`subject_verdict` of each subject, one batch: subjects that read alike share
    one verdict (the same object). Run it inside :func:`collections_paused`."""
    seen: dict[tuple[str, ...], ReformResult] = {}
    return [subject_verdict(subject, seen) for subject in subjects]


def verdicts_json(subjects: Sequence[str], verdicts: Sequence[ReformResult]) -> Iterator[str]:
    """For each subject and its verdict (:func:`subject_verdicts`), the text of
    ``check_subject_only(subject).json_text()``.

    What follows the subject is the same for every subject of a verdict: written once per
    verdict (:meth:`~kyso.core.reform.result.ReformResult.shared_json_text`), and each
    subject's text joined from its own encoded subject and that tail in C (a map, not a
    Python loop per subject: ``kyso check --json`` on 10,000 subjects).
    """
    tails = {
        key: f'{_TAIL_HEAD}{verdict.shared_json_text()}}}'
        for key, verdict in dict(zip(map(id, verdicts), verdicts, strict=True)).items()
    }
    return map(
        "".join,
        zip(
            itertools.repeat(_SUBJECT_HEAD),
            map(json_string, subjects),
            map(tails.__getitem__, map(id, verdicts)),
            strict=False,  # the repeat is endless
        ),
    )


_SUBJECT_HEAD = '{"subject": '
_TAIL_HEAD = ', "sha256": null, "trust": null, "reform": '


def verdicts_have_findings(verdicts: Iterable[ReformResult]) -> bool:
    """Whether any subject of these verdicts has findings (not on the new model)."""
    return any(map(CURRENT.__ne__, map(_status, verdicts)))  # in C, to the first finding


def subjects_json(subjects: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """``kyso check --json --subjects-from FILE``: for each subject, the text of
    ``check_subject_only(subject).json_text()`` and whether it has findings.

    The same texts, without a result per subject: each subject's shared verdict
    (:func:`subject_verdicts`) is encoded once for every subject that shares it
    (:func:`verdicts_json`). Run it inside :func:`collections_paused` (it makes no
    reference cycles).
    """
    listed = list(subjects)
    verdicts = subject_verdicts(listed)
    findings = map(CURRENT.__ne__, map(_status, verdicts))  # status != "current", in C
    return zip(verdicts_json(listed, verdicts), findings, strict=True)


_status = operator.attrgetter("status")
