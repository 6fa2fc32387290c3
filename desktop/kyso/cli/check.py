"""``kyso check``: trust and the two-tier check of certificates, token contents or subjects."""

from __future__ import annotations

import argparse
import itertools
import operator
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, err, print_json_list, warn
from kyso.cli.devices import all_tokens
from kyso.core.app.environment import Environment
from kyso.core.checkup.export import REFORM_VI, TRUST_VI


def cmd_check(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.checkup.certificate import (
        CertificateCheck,
        check_certificate_full,
        collections_paused,
        make_checker,
        subject_verdicts,
        verdicts_have_findings,
        verdicts_json,
    )
    from kyso.core.checkup.subject_batch import checked_in_parts, processes_for
    from kyso.core.checkup.token_checks import check_snapshot
    from kyso.core.trust.checker import load_certificates
    from kyso.core.trust.revocation import load_crl_files

    results: list[CertificateCheck] = []
    subjects = list(args.subject or [])
    if args.subjects_from is not None:
        try:
            subjects += read_subjects(args.subjects_from)
        except _NoInput as exc:
            err(exc.args[0])
            return EXIT_ERROR
        except OSError as exc:
            vi, en = _why_unreadable(exc)
            err(
                f"Không đọc được danh sách chủ thể “{args.subjects_from}”: {vi}. / Cannot read "
                f"the subject list “{args.subjects_from}”: {en}."
            )
            return EXIT_ERROR
        except UnicodeDecodeError:
            err(
                f"Danh sách chủ thể “{args.subjects_from}” không phải văn bản UTF-8. "
                "/ The subject list is not UTF-8 text."
            )
            return EXIT_ERROR
    named = bool(args.subject) or args.subjects_from is not None
    # Many subjects: cut in parts, each part's text written by its own process where cores
    # are idle (subject_batch); the same bytes as one process writes.
    processes = processes_for(subjects, args.jobs)
    texts: list[str] | None = None  # each subject's text, when checked in parts
    verdicts: list[Any] = []
    with collections_paused(keep=True):  # the process ends after printing
        if processes > 1:
            # The table and the checker's first look-ups before the fork: each copy shares
            # them instead of loading its own.
            subject_verdicts(subjects[:1])
            try:
                checked = checked_in_parts(
                    subjects, _json_part if args.json else _text_part, processes
                )
            except MemoryError:  # the parts hold every subject's text at once: go on as
                checked = None  # one process does, each verdict's text written once
            if checked is not None:
                texts, subject_findings = checked.texts, checked.findings
        if texts is None:
            # one verdict per subject, shared by the subjects that read alike; each distinct
            # verdict is written once when printed (verdicts_json, _print_subject_lines)
            verdicts = subject_verdicts(subjects)
            subject_findings = verdicts_have_findings(verdicts)
    needs_checker = bool(args.files) or not named
    if needs_checker:
        checker = make_checker(
            env.settings.values,
            env.paths,
            anchors_override=args.anchors,
            demo=env.demo,
            crls=load_crl_files(args.crl or ()),
        )
        online = not args.offline
        # --certs: intermediates given by hand (closed networks); offered, never checked
        extra: list[Any] = []
        for path in args.certs or ():
            extra.extend(load_certificates(Path(path)))
        if args.files:
            for path in args.files:
                certs = load_certificates(Path(path))
                for cert in certs:
                    others = [c for c in certs if c is not cert] + extra
                    results.append(
                        check_certificate_full(cert, checker, extra_certs=others, online=online)
                    )
        elif not named:
            for snap in all_tokens(env):
                results.extend(r.check for r in check_snapshot(snap, checker, online=online))
    if args.json:
        # The text of json.dumps([r.to_json() …]), each result encoded on its own so that
        # subjects sharing a verdict share its encoding; thousands of results: no GC passes.
        with collections_paused(keep=True):  # the process ends after printing
            subject_texts = texts if texts is not None else verdicts_json(subjects, verdicts)
            print_json_list(itertools.chain(subject_texts, (r.json_text() for r in results)))
    else:
        for p in env.problems:
            warn(p)
        if not results and not subjects:
            print("Không có chứng thư nào để kiểm tra. Cắm token, hoặc chỉ tệp chứng thư.")
        with collections_paused(keep=True):
            if texts is not None:
                _write_texts(texts)
            else:
                _print_subject_lines(subjects, verdicts)
        for r in results:
            print(_check_lines(r))
    findings = subject_findings or any(r.has_findings for r in results)
    return EXIT_FINDINGS if findings else EXIT_OK


def _why_unreadable(exc: OSError) -> tuple[str, str]:
    """Why a file could not be read, in Vietnamese and in English (the OS's own text, in
    the OS's language, only as the English half's last resort)."""
    if isinstance(exc, FileNotFoundError):
        return "không có tệp này", "no such file"
    if isinstance(exc, IsADirectoryError):
        return "đây là thư mục, không phải tệp", "it is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "không có quyền đọc tệp", "permission denied"
    code = f" (errno {exc.errno})" if exc.errno else ""
    return f"lỗi hệ điều hành khi đọc tệp{code}", f"{exc.strerror or exc}{code}"


class _NoInput(Exception):
    """No subject list to read: the message says why (Vietnamese / English)."""


def read_subjects(source: str) -> list[str]:
    """One DN a line from a UTF-8 file, or from standard input for ``-``.

    Blank lines and lines starting with ``#`` are skipped; a byte-order mark and Windows
    line ends are accepted.
    """
    if source == "-":
        if sys.stdin is None:  # started with standard input closed
            raise _NoInput(
                "Không có đầu vào chuẩn (stdin đã đóng) để đọc danh sách chủ thể: chuyển danh "
                "sách vào (… < tệp.txt) hoặc ghi đường dẫn tệp thay cho “-”. / Standard input "
                "is closed: pipe the list in (… < file.txt) or give the file's path instead of “-”."
            )
        data = sys.stdin.buffer.read()
    elif not source.strip():
        raise _NoInput(
            "Tên tệp danh sách chủ thể đang để trống: ghi đường dẫn tệp, hoặc “-” để đọc từ "
            "đầu vào chuẩn. / The subject list's file name is empty: give a path, or “-”."
        )
    else:
        data = Path(source).read_bytes()
    text = data.decode("utf-8-sig")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _json_part(subjects: Sequence[str]) -> tuple[list[str], bool]:
    """Each subject's JSON item of ``kyso check --json`` (:func:`verdicts_json`), and
    whether any has findings: a part of the subjects checked by its own process."""
    from kyso.core.checkup.certificate import (
        collections_paused,
        subject_verdicts,
        verdicts_have_findings,
        verdicts_json,
    )

    with collections_paused():
        verdicts = subject_verdicts(subjects)
        return list(verdicts_json(subjects, verdicts)), verdicts_have_findings(verdicts)


def _text_part(subjects: Sequence[str]) -> tuple[list[str], bool]:
    """Each subject's lines of ``kyso check`` (:func:`_subject_texts`), and whether any has
    findings: a part of the subjects checked by its own process."""
    from kyso.core.checkup.certificate import (
        collections_paused,
        subject_verdicts,
        verdicts_have_findings,
    )

    with collections_paused():
        verdicts = subject_verdicts(subjects)
        return _subject_texts(subjects, verdicts), verdicts_have_findings(verdicts)


def _subject_texts(subjects: Sequence[str], verdicts: Sequence[Any]) -> list[str]:
    """``• `` and each subject, the lines under it and a line end: what
    :func:`_check_lines` prints for it. The lines under are the same for every subject of a
    verdict: written once per verdict, each subject's text joined in C."""
    under = _lines_under(verdicts)
    return list(
        map(
            "".join,
            zip(
                itertools.repeat("• "),
                subjects,
                map(under.__getitem__, map(id, verdicts)),
                strict=False,  # the repeat is endless
            ),
        )
    )


def _write_texts(texts: list[str]) -> None:
    """Subjects' texts (:func:`_subject_texts`), a thousand subjects a write (not a
    ``print`` per subject: 10,000 subjects). A subject the terminal cannot show stops the
    output where printing subject by subject stopped (``print`` raises at it)."""
    out = sys.stdout
    for start in range(0, len(texts), 1000):
        try:
            out.write("".join(texts[start : start + 1000]))
        except UnicodeEncodeError:  # nothing of this part was written
            for text in texts[start:]:
                print(text[:-1])


def _lines_under(verdicts: Sequence[Any]) -> dict[int, str]:
    """The lines under a subject's own for each distinct verdict (by id), a line end after."""
    return {
        key: _reform_lines(verdict) + "\n"
        for key, verdict in dict(zip(map(id, verdicts), verdicts, strict=True)).items()
    }


def _print_subject_lines(subjects: list[str], verdicts: list[Any]) -> None:
    """:func:`_check_lines` of each subject checked alone (``verdicts``:
    :func:`~kyso.core.checkup.certificate.subject_verdicts`), a line end after each
    (:func:`_write_texts` of :func:`_subject_texts`)."""
    _write_texts(_subject_texts(subjects, verdicts))


_vi = operator.attrgetter("vi")


def _check_lines(r: Any) -> str:
    return f"• {r.subject}{_verdict_lines(r)}"


def _verdict_lines(r: Any) -> str:
    """The lines under a certificate's own (each with the newline before it)."""
    lines = [""]
    if r.sha256:
        lines.append(f"  SHA-256 {r.sha256}")
    if r.trust is not None:
        lines.append(f"  Tin cậy: {TRUST_VI[r.trust.status]}")
        for reason in r.trust.reasons:
            lines.append(f"    - {reason.message('vi')}")
    return "\n".join(lines) + _reform_lines(r.reform)


def _reform_lines(verdict: Any) -> str:
    """The two-tier lines under a certificate's own (each with the newline before it):
    status, reasons, proposed fields."""
    status = verdict.status
    text = f"\n  Mô hình hai cấp: {REFORM_VI.get(status, status)}"
    if verdict.reasons:
        text += "\n    - " + "\n    - ".join(map(_vi, verdict.reasons))
    for attr, value in verdict.proposed_fields("vi").items():
        text += f"\n    đề xuất {attr} = {value}"
    return text


def add_check_commands(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check",
        help="kiểm tra chứng thư: tin cậy và mô hình hai cấp / check trust and the two-tier model",
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="tệp chứng thư PEM/DER")
    check.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    check.add_argument(
        "--subject",
        action="append",
        metavar="DN",
        help="kiểm tra một chủ thể RFC 4514 (lặp lại được) / check a subject string",
    )
    check.add_argument(
        "--subjects-from",
        metavar="FILE",
        help=(
            "kiểm tra các chủ thể trong tệp, mỗi dòng một DN (“-”: đọc từ stdin) / check the "
            "subjects in FILE, one DN a line (“-” for standard input)"
        ),
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help=(
            "nhiều chủ thể: tối đa N tiến trình cùng kiểm tra (mặc định: theo số lõi rảnh; 1: "
            "một tiến trình) / many subjects: at most N processes (default: idle cores)"
        ),
    )
    check.add_argument("--anchors", metavar="PATH", help="tệp/thư mục gốc tin cậy cho lần chạy này")
    check.add_argument(
        "--offline", action="store_true", help="không tra cứu thu hồi qua mạng / no network"
    )
    check.add_argument(
        "--crl",
        action="append",
        metavar="FILE",
        help="tệp/thư mục CRL chép tay, lặp lại được (mạng kín) / a CRL file or folder (repeatable)",
    )
    check.add_argument(
        "--certs",
        action="append",
        metavar="FILE",
        help="tệp chứng thư trung gian bổ sung, lặp lại được / extra intermediates (repeatable)",
    )
    check.set_defaults(func=cmd_check, reads_tokens=_reads_tokens)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"cần một số nguyên dương, không phải “{text}” / a positive whole number"
        )
    return value


def _reads_tokens(args: argparse.Namespace) -> bool:
    """Whether ``kyso check`` reads the tokens: only with neither subjects nor files."""
    return not (args.subject or args.subjects_from is not None or args.files)
