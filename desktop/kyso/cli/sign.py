"""``kyso sign`` and ``kyso audit verify``: argument handling over :mod:`kyso.core`.

Registered by :mod:`kyso.cli` with :func:`add_sign_commands`. Handlers follow the CLI's
convention ``func(args, env) -> exit code``: 0 ok, 1 an error the user can fix (including an
audit log that is missing or cannot be read), 2 bad usage (e.g. several signing
certificates and no ``--cert``), 3 the audit log was tampered with.

The signing itself is :func:`kyso.core.signing.batch.sign_with_key` over the token's
:class:`kyso.core.tokens.key.Pkcs11Key`, the same flow the Sign page runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.cli.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, err, print_json
from kyso.cli.remote import CliRemotePrompter
from kyso.core.certs.details import details_of
from kyso.core.errors import KysoError
from kyso.core.inventory.store import default_inventory_path
from kyso.core.remote.accounts import account_store
from kyso.core.remote.factory import provider_for
from kyso.core.remote.key import RemoteKey
from kyso.core.remote.pending import PendingJournal
from kyso.core.remote.provider import EXIT_REMOTE_REFUSED, REFUSALS
from kyso.core.settings import machine_settings_file
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.audit import default_audit_path
from kyso.core.signing.batch import (
    BatchProgress,
    SignRequest,
    module_missing_error,
    sign_options,
    sign_with_key,
)
from kyso.core.signing.choice import (
    FallbackChoice,
    common_name,
    decide,
    default_organization,
    fallback_choices,
    inventory_organizations,
    remote_organizations,
    signing_candidates,
    token_ca_certificates,
    token_organizations,
)
from kyso.core.signing.inputs import InputError, preflight
from kyso.core.signing.pades import Level, SignResult
from kyso.core.signing.policy import RULE_ITEM4_VI
from kyso.core.signing.preflight import check_before_pin
from kyso.core.signing.resume import ALREADY_SIGNED, ALREADY_SIGNED_VI
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.same_token import merge_same_tokens, same_module
from kyso.core.tokens.sessions import PinRequest
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot, list_tokens


def add_sign_commands(subparsers: Any) -> None:
    """Add ``sign`` to the CLI's sub-parsers."""
    sign = subparsers.add_parser(
        "sign",
        help="ký số tệp PDF theo Nghị định 30/2020 / sign PDF files (Decree 30/2020)",
    )
    sign.add_argument("files", nargs="+", metavar="FILE", help="tệp PDF cần ký")
    sign.add_argument(
        "--profile",
        required=True,
        choices=[p.value for p in Profile],
        help="kiểu chữ ký: phê duyệt, phát hành, phụ lục, bản sao, không hiển thị",
    )
    sign.add_argument("--token", metavar="SERIAL", help="số sê-ri token")
    sign.add_argument(
        "--module",
        metavar="PATH",
        help="dùng token qua mô-đun PKCS#11 này (khi một token hiện qua nhiều mô-đun)",
    )
    sign.add_argument(
        "--remote",
        metavar="NAME[:CREDENTIAL_ID]",
        help="ký bằng tài khoản ký số từ xa (kyso remote add) thay cho token",
    )
    sign.add_argument("--cert", metavar="SHA256-PREFIX", help="đầu mã SHA-256 của chứng thư")
    sign.add_argument(
        "--pin-stdin", action="store_true", help="đọc mã PIN từ stdin / read the PIN from stdin"
    )
    sign.add_argument(
        "--password-stdin",
        action="store_true",
        help="đọc mật khẩu của tệp PDF từ stdin (không dùng cùng --pin-stdin) / read the PDF "
        "files' password from stdin (not with --pin-stdin)",
    )
    sign.add_argument(
        "--level",
        default="B-T",
        metavar="LEVEL[,FALLBACK]",
        help="mức chữ ký (B-B, B-T, B-LT, B-LTA); \"B-T,B-B\": ký B-T, nếu không liên lạc được "
        "máy chủ dấu thời gian thì ký B-B / level; \"B-T,B-B\" falls back to B-B offline",
    )
    sign.add_argument("--image", metavar="PNG", help="ảnh chữ ký hoặc con dấu (PNG trong suốt)")
    sign.add_argument("--page", type=int, default=1, metavar="N", help="trang đặt chữ ký (từ 1)")
    sign.add_argument("--box", metavar="x1,y1,x2,y2", help="khung chữ ký (điểm PDF)")
    sign.add_argument("--number", metavar="TEXT", default="", help="số, ký hiệu văn bản")
    sign.add_argument(
        "--organization",
        metavar="NAME",
        default="",
        help=(
            "tên cơ quan trên chữ ký (mặc định: theo chứng thư); với chứng thư cá nhân chưa "
            "đổi thông tin, cũng là tổ chức mà chứng thư theo mô hình mới cho phép ký khẩn "
            "cấp (mục 4 CV 393) / the organization shown; for an outdated personal "
            "certificate also the one whose new-model certificate allows item 4; a SHA-256 "
            "prefix (>= 8 hex digits) picks one of two certificates sharing the name"
        ),
    )
    sign.add_argument("--out", metavar="DIR", help="thư mục lưu tệp đã ký (tạo nếu chưa có)")
    sign.add_argument(
        "--emergency",
        metavar="REASON",
        help="ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT, kèm lý do",
    )
    sign.add_argument("--anchors", metavar="PATH", help="tệp/thư mục gốc tin cậy cho lần chạy này")
    sign.add_argument(
        "--json",
        action="store_true",
        help="kết quả JSON, mỗi tệp một dòng, in ngay khi tệp đó xong",
    )
    sign.add_argument(
        "--resume",
        action="store_true",
        help="làm tiếp lô bị ngắt: bỏ qua tệp đã ký trước đó bằng cùng chứng thư (chạy lại "
        "đúng lệnh cũ cũng làm vậy)",
    )
    sign.set_defaults(func=cmd_sign)


# -- helpers ---------------------------------------------------------------------------


class _CliPin:
    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def ask_pin(self, request: PinRequest) -> str | None:
        print(f"Token “{request.token.label}”: {request.pin_state.describe('vi')}", file=sys.stderr)
        if self.from_stdin:
            line = sys.stdin.readline()
            return line.rstrip("\r\n") or None
        try:
            return getpass.getpass("Mã PIN: ") or None
        except (EOFError, KeyboardInterrupt):
            return None

    def pinpad_started(self, request: PinRequest) -> None:
        print("Nhập mã PIN trên bàn phím của đầu đọc…", file=sys.stderr)

    def already_logged_in(self, request: PinRequest) -> None:
        print(f"Token “{request.token.label}” đã đăng nhập trong Kyso; không hỏi lại mã PIN.",
              file=sys.stderr)

    def pinpad_finished(self) -> None:
        pass


def parse_box(text: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError(text)
    x1, y1, x2, y2 = parts
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _trust_and_reform(
    env: Any, cert: x509.Certificate, extra: list[x509.Certificate], anchors: str | None
) -> tuple[dict[str, Any], dict[str, Any], Any]:
    from kyso.core.checkup.certificate import make_checker
    from kyso.core.reform.check import check_subject

    # The same checker as `kyso check`: configured anchors (or --anchors), the revocation
    # cache, and the DEMO root and CRL when the DEMO token is in use.
    checker = make_checker(env.settings.values, env.paths, anchors_override=anchors, demo=env.demo)
    trust = checker.check(cert, extra_certs=extra).to_json()
    reform = check_subject(cert.subject).to_json()
    return trust, reform, checker.anchors


# -- commands --------------------------------------------------------------------------


def _read_pdf_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n") or None
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass("Mật khẩu của tệp PDF: ") or None
    except (EOFError, KeyboardInterrupt):
        return None


def _preflight(
    files: list[str], spec: AppearanceSpec, from_stdin: bool
) -> tuple[list[str], list[SignResult], str | None]:
    """Before the PIN: every file is read (qpdf), its password asked for if it has one, its
    certification checked. Returns (files to sign, refusals, the PDF password)."""
    password = _read_pdf_password(True) if from_stdin else None
    asked = from_stdin
    keep: list[str] = []
    refused: list[SignResult] = []
    for name in files:
        path = Path(name)
        try:
            preflight(path, password, spec)
        except InputError as exc:
            if exc.code == "encrypted_pdf" and not asked:
                asked = True
                password = _read_pdf_password(False)
                if password:
                    try:
                        preflight(path, password, spec)
                        keep.append(name)
                        continue
                    except InputError as again:
                        exc = again
            refused.append(SignResult(path, status="failed", error=exc))
            continue
        except (KysoError, OSError):
            pass  # reported by the signing step itself, with its own wording
        keep.append(name)
    return keep, refused, password


def parse_levels(text: str) -> tuple[Level, tuple[Level, ...]]:
    """``B-T`` or ``B-T,B-B``: the level asked for and the fallbacks allowed (ValueError)."""
    levels = [Level(part.strip().upper()) for part in text.split(",") if part.strip()]
    if not levels:
        raise ValueError(text)
    return levels[0], tuple(levels[1:])


def cmd_sign(args: argparse.Namespace, env: Any) -> int:
    profile = Profile(args.profile)
    if args.password_stdin and args.pin_stdin:
        err("--password-stdin và --pin-stdin không dùng cùng nhau / use only one of them")
        return EXIT_USAGE
    try:
        level, fallbacks = parse_levels(args.level)
    except ValueError:
        err(
            "--level phải là B-B, B-T, B-LT hoặc B-LTA, có thể kèm mức dự phòng: B-T,B-B "
            "/ --level must be B-B, B-T, B-LT or B-LTA, optionally with a fallback: B-T,B-B"
        )
        return EXIT_USAGE
    try:
        box = parse_box(args.box) if args.box else None
    except ValueError:
        err("--box phải có dạng x1,y1,x2,y2 (số) / --box must be x1,y1,x2,y2")
        return EXIT_USAGE
    if args.page < 1:
        err("--page bắt đầu từ 1 / --page starts at 1")
        return EXIT_USAGE
    image = None
    if args.image:
        try:
            image = Path(args.image).read_bytes()
        except OSError as exc:
            err(f"Không đọc được ảnh {args.image}: {exc.strerror or exc}")
            return EXIT_ERROR

    snaps: list[TokenSnapshot] = []
    for module in env.modules:
        if module.loaded and (args.module is None or same_module(module.path, args.module)):
            snaps.extend(list_tokens(module))
    if args.module is not None and not snaps:
        err(f"Không có token nào qua mô-đun {args.module} (xem: kyso devices).")
        return EXIT_ERROR
    snaps = merge_same_tokens(snaps)
    remote = None
    if args.remote:
        try:
            remote = _remote_choice(args, env)
        except KysoError as exc:
            err(exc.vi)
            return _remote_exit(exc)
        if remote is None:
            return EXIT_USAGE
        snap, entry = None, remote[2]
    else:
        found = signing_candidates(snaps, token_serial=args.token, sha256_prefix=args.cert)
        if not found:
            err("Không có chứng thư nào để ký (kiểm tra token đã cắm, --token và --cert).")
            return EXIT_ERROR
        if len(found) > 1:
            err("Có nhiều chứng thư ký; chọn một bằng --cert SHA256-PREFIX:")
            for snap, entry in found:
                assert entry.details is not None
                print(
                    f"  {entry.details.sha256[:16]}  {entry.details.subject}  (token {snap.info.serial})",
                    file=sys.stderr,
                )
            return EXIT_USAGE
        snap, entry = found[0]
    assert entry.details is not None
    cert = x509.load_der_x509_certificate(entry.der)

    try:
        extra_cas = token_ca_certificates(snap) if snap is not None else list(remote[1].chain)
        trust, reform, anchors = _trust_and_reform(env, cert, extra_cas, args.anchors)
        organizations = token_organizations(snaps) + inventory_organizations(
            default_inventory_path(env.settings.values, env.paths)
        )
        if remote is not None:
            # The same account's organization certificates allow item 4, as on the Sign page.
            organizations += remote_organizations(c.certificate for c in remote[3])
        decision, kind, _organization = decide(
            snap,
            entry,
            profile.value,
            trust=trust,
            reform=reform,
            organizations=organizations,
            emergency_reason=args.emergency,
            allow_outdated_org_cert=env.settings.values.allow_outdated_org_cert,
            # The organization the leader signs for is the one item 4 rests on: one name.
            organization_name=args.organization or None,
        )
        # every organization certificate that allows item 4, for the user to pick another
        choices = (
            fallback_choices(cert, reform, organizations)
            if decision.emergency_organization is not None
            else []
        )
        if decision.needs_emergency_confirmation:
            err(RULE_ITEM4_VI)
            _say_emergency_organization(decision, choices)
            err(
                "Chứng thư cá nhân chưa theo mô hình mới. Nếu thật sự khẩn cấp, chạy lại với "
                "--emergency \"lý do ngắn gọn\"."
            )
            return EXIT_ERROR
        if not decision.allowed:
            for r in decision.refusals:
                err(r.vi)
            return EXIT_ERROR
        for w in decision.warnings:
            err(f"lưu ý: {w.vi}")
        if decision.emergency:
            _say_emergency_organization(decision, choices)

        spec = AppearanceSpec(
            profile,
            page=args.page - 1,
            box=box,
            image_png=image,
            signer_name=common_name(cert.subject),
            organization=default_organization(_typed_organization(args, decision), kind, cert),
            number_symbol=args.number,
        )
        options = sign_options(
            env.settings.values,
            spec,
            level=level,
            reason=decision.signature_reason,
            out_dir=Path(args.out) if args.out else None,
        )
        # before the PIN: the TSA (B-T and above), the output folders; each input just below
        checked = check_before_pin(
            [Path(f) for f in args.files],
            level=level,
            tsa_url=options.tsa_url,
            out_dir=options.out_dir,
            fallback_levels=fallbacks,
            certificates=[cert, *(anchors.all_certificates if anchors else [])],
            have_revocation_data=bool(options.crls or options.ocsps),
            timeout=min(options.network_timeout, 10.0),
        )
        for problem in checked.problems:
            err(problem.vi)
        if checked.problems:
            return EXIT_ERROR
        if checked.tsa_problem is not None:
            err(checked.tsa_problem.vi)
            if checked.fallback is None:
                err(
                    f"Chưa ký tệp nào. Để ký ở mức B-B khi không có dấu thời gian, chạy lại với "
                    f"--level {level.value},B-B."
                )
                return EXIT_ERROR
            err(f"Ký ở mức {checked.fallback.value} theo --level {args.level}.")
            options = dataclasses.replace(options, level=checked.fallback)
        files, refused, options.password = _preflight(list(args.files), spec, args.password_stdin)
        for result in refused:
            if args.json:
                print_json(result.to_json())
            elif result.error is not None:
                print(f"Lỗi: {result.input}: {result.error.vi}", file=sys.stderr)
        if not files:
            return EXIT_ERROR  # nothing to sign: no PIN asked

        printed: set[int] = set()

        def progress(p: BatchProgress) -> None:
            if p.result is None:
                if not args.json:
                    print(f"[{p.index + 1}/{p.total}] {p.path}", file=sys.stderr)
                return
            # each finished file at once, so a crash still leaves a record of what was done
            printed.add(p.index)
            _print_result(p.result, args.json)

        request = SignRequest(
            files,
            options,
            decision=decision,
            audit_path=default_audit_path(env.paths),
            chain_pool=list(anchors.all_certificates) if anchors else [],
            trust_roots=list(anchors.roots) if anchors else [],
            progress=progress,
        )
        if remote is not None:
            provider, credential, _entry, _all = remote
            key: Any = RemoteKey(
                provider, credential, CliRemotePrompter(args.pin_stdin),
                journal=PendingJournal(env.paths.data_dir),
            )
            key.name_documents([Path(f).name for f in files])
        else:
            assert snap is not None
            module = env.module_for(snap.info.module_path)
            if module is None:
                raise module_missing_error()
            key = Pkcs11Key.for_entry(module, snap, entry, _CliPin(args.pin_stdin))
        with key:
            report = sign_with_key(key, request)
    except KysoError as exc:
        err(exc.vi)
        return _remote_exit(exc)

    for index, result in enumerate(report.results):
        if index not in printed:  # files the batch did not reach, or stopped in
            _print_result(result, args.json)
    if report.stopped in ("token_removed", "audit_failed", "key_mismatch", "tsa_failed"):
        err(f"Dừng: {report.error.vi if report.error else ''} Còn lại {len(report.left)} tệp.")
    not_reached = [r.input for r in report.results if r.status == "not_started"]
    if report.stopped == "refused" and not_reached and not args.json:
        # --json lists them as not_started rows; the text says which files to sign again
        err(f"Dừng, không gửi thêm yêu cầu nào tới điện thoại; chưa ký {len(not_reached)} "
            f"tệp: {', '.join(str(p) for p in not_reached)}")
    if report.done and not refused:
        return EXIT_OK
    errors = [r.error for r in report.results if r.error is not None] + [report.error]
    return max(_remote_exit(e) for e in errors if e is not None) if any(errors) else EXIT_ERROR


def _print_result(result: SignResult, as_json: bool) -> None:
    if as_json:
        row = result.to_json()
        if result.status == ALREADY_SIGNED:
            row["message"] = ALREADY_SIGNED_VI
        print_json(row)
    elif result.status == "signed":
        print(f"Đã ký: {result.output}", flush=True)
        if result.notice:
            err(f"lưu ý: {result.notice}")
    elif result.status == ALREADY_SIGNED:
        print(f"Đã ký trước đó ({ALREADY_SIGNED_VI}): {result.output}", flush=True)
    elif result.error is not None:
        print(f"Lỗi: {result.input}: {result.error.vi}", file=sys.stderr, flush=True)


def _remote_exit(exc: KysoError) -> int:
    """Exit 4 (``EXIT_REMOTE_REFUSED``) when the phone or service refused, else 1."""
    return EXIT_REMOTE_REFUSED if isinstance(exc, REFUSALS) else EXIT_ERROR


def _remote_choice(
    args: argparse.Namespace, env: Any
) -> tuple[Any, Any, CertificateEntry, list[Any]] | None:
    """(provider, credential, entry, every credential of the account) for ``--remote
    NAME[:CREDENTIAL_ID]``; logs in (password from stdin with --pin-stdin, one line, before
    any PIN/OTP), lists the credentials."""
    for notice in PendingJournal(env.paths.data_dir).abandoned():
        err(notice.notice().vi)
    name, _, wanted = args.remote.partition(":")
    account = account_store(env.paths.config_dir, machine_settings_file()).get(name)
    provider = provider_for(account, timeout=max(10.0, env.settings.values.revocation_timeout_s * 6))
    provider.login(CliRemotePrompter(args.pin_stdin))
    credentials = everything = provider.credentials()
    if wanted:
        credentials = [c for c in credentials if c.id == wanted]
    if not credentials:
        err(f"Tài khoản “{name}” không có chứng thư {wanted or 'nào'} để ký.")
        return None
    if len(credentials) > 1:
        err(f"Tài khoản “{name}” có nhiều chứng thư; chọn một bằng --remote {name}:MÃ")
        for c in credentials:
            print(f"  {c.id}  {c.certificate.subject.rfc4514_string()}", file=sys.stderr)
        return None
    credential = credentials[0]
    der = credential.certificate.public_bytes(serialization.Encoding.DER)
    entry = CertificateEntry(credential.id, b"", der, details_of(credential.certificate, der), True)
    return provider, credential, entry, list(everything)


_WHERE = {"token": "trong token", "remote": "trong tài khoản ký số từ xa"}


def _say_emergency_organization(decision: Any, choices: list[FallbackChoice] | None = None) -> None:
    """Which organization certificate allows item 4 and, when several do (``choices``, as
    the GUI lists them), every name ``--organization`` accepts to pick another."""
    org = decision.emergency_organization
    if org is None:
        return
    where = _WHERE.get(org.source, "trong sổ quản lý")
    others = [c.organization for c in choices or () if c.organization != org]
    # Two certificates of one organization (a token's, a remote account's) share its name:
    # then each is listed with its SHA-256 prefix, which --organization also accepts.
    names = [str(o.shown_name) for o in [org, *others]]
    shared = {n for n in names if names.count(n) > 1}

    def shown(o: Any) -> str:
        name = str(o.shown_name)
        return f"{name} [SHA256 {_key(o.sha256)[:16]}]" if name in shared else name

    if not others:
        err(f"Chứng thư tổ chức theo mô hình mới cho phép ký khẩn cấp: {shown(org)} ({where}).")
        return
    how = "--organization \"TÊN\"" + (" hoặc --organization SHA256-PREFIX" if shared else "")
    err(
        f"Chứng thư tổ chức theo mô hình mới cho phép ký khẩn cấp: {shown(org)} ({where}). "
        f"Cũng cho phép (chọn bằng {how}):"
    )
    for other in others:
        print(f"  {shown(other)} ({_WHERE.get(other.source, 'trong sổ quản lý')})", file=sys.stderr)


def _key(sha256: str) -> str:
    return sha256.lower().replace(":", "")


def _typed_organization(args: Any, decision: Any) -> str:
    """The organization for the appearance: ``--organization`` as typed, or — when it named
    item 4's certificate by its SHA-256 prefix — that certificate's shown name."""
    typed = (args.organization or "").strip()
    org = decision.emergency_organization
    if typed and org is not None and len(_key(typed)) >= 8 and _key(org.sha256).startswith(_key(typed)):
        return str(org.shown_name)
    return typed
