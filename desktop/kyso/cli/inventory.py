"""``kyso inventory …`` and ``kyso report …``: the unit's certificate inventory and Phụ lục I
(Công văn 4414/UBND-ĐMPT) from the command line. ``inventory add`` records the inserted
tokens' certificates, or with ``--remote NAME`` a remote signing account's (as RSSP or SIM
PKI, :mod:`kyso.core.inventory.remote_accounts`).

Registered on the ``kyso`` parser by :func:`add_inventory_commands`. Every handler takes
``(args, env)`` and returns an exit code: 0 ok, 1 an error the user can fix (Vietnamese on
stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography import x509

from kyso.cli.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, err, print_json
from kyso.core.app.environment import Environment
from kyso.core.inventory.store import (
    CERT_KINDS,
    KIND_LABELS,
    PATH_SEPARATOR,
    CertificateRecord,
    FocalPerson,
    Inventory,
)

MODES = {"good-rows": "good_rows", "all-or-nothing": "all_or_nothing"}

_HOLDER_VI = {"organization": "Tổ chức", "person": "Cá nhân"}
_REFORM_VI = {
    "current": "đã theo mô hình mới",
    "needs_change": "cần thay đổi thông tin",
    "unit_abolished": "đơn vị đã giải thể",
    "check_with_unit": "kiểm tra với đơn vị",
    "unknown": "chưa xác định",
}
_TRUST_VI = {"ok": "tin cậy", "warning": "cần lưu ý", "failed": "không đạt"}


# -- helpers -------------------------------------------------------------------------------
def _usage(args: argparse.Namespace, text: str) -> int:
    prog = getattr(args, "_prog", "kyso")
    print(f"{prog}: lỗi: {text}", file=sys.stderr)
    return EXIT_USAGE


def _open(env: Environment) -> Inventory:
    return Inventory.open_default(env.settings.values, env.paths)


def _unit_id(inv: Inventory, ref: str | None) -> int | None:
    return None if ref is None else inv.find_unit(ref).id


def _record_json(inv: Inventory, rec: CertificateRecord) -> dict[str, Any]:
    return {
        "id": rec.id,
        "subject": rec.subject,
        "sha256": rec.fingerprint,
        "kind": rec.kind,
        "holder_kind": rec.holder_kind,
        "unit": inv.unit_path(rec.unit_id) if rec.unit_id is not None else None,
        "unit_id": rec.unit_id,
        "not_before": rec.not_before.isoformat() if rec.not_before else None,
        "not_after": rec.not_after.isoformat() if rec.not_after else None,
        "on_new_model": rec.on_new_model,
        "reform_status": rec.reform_status,
        "trust_status": rec.trust_status,
        "source": rec.source,
        "token_serial": rec.token_serial,
        "serial_number": rec.serial_number,
        "note": rec.note,
    }


def _record_line(rec: CertificateRecord) -> str:
    parts = [
        KIND_LABELS[rec.kind],
        _HOLDER_VI[rec.holder_kind],
        "mô hình mới" if rec.on_new_model else "chưa theo mô hình mới",
    ]
    if rec.reform_status:
        parts.append(f"hai cấp: {_REFORM_VI.get(rec.reform_status, rec.reform_status)}")
    if rec.trust_status:
        parts.append(f"tin cậy: {_TRUST_VI.get(rec.trust_status, rec.trust_status)}")
    if rec.not_after:
        parts.append(f"hết hạn {rec.not_after:%d/%m/%Y}")
    return f"• {rec.subject}\n    " + " · ".join(parts)


def _checker(env: Environment, args: argparse.Namespace) -> Any:
    from kyso.core.checkup.certificate import make_checker

    return make_checker(
        env.settings.values, env.paths, anchors_override=args.anchors, demo=env.demo
    )


def _verdicts(check: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    return check.reform.to_json(), (check.trust.to_json("vi") if check.trust else None)


# -- inventory add -------------------------------------------------------------------------
def cmd_inventory_add(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.checkup.certificate import check_certificate_full
    from kyso.core.tokens.slots import list_tokens

    if args.remote is not None:
        if args.kind is not None:
            return _usage(
                args,
                "--kind không dùng với --remote: loại (RSSP hoặc SIM PKI) do tài khoản ký số "
                "từ xa quyết định.",
            )
        return _add_remote(args, env)
    if args.password_stdin:
        return _usage(args, "--password-stdin chỉ dùng với --remote TÊN.")
    kind = args.kind or "usb_token"
    with _open(env) as inv:
        unit_id = _unit_id(inv, args.unit)
        checker = None
        results: list[dict[str, Any]] = []
        lines: list[str] = []
        for module in env.modules:
            if not module.loaded:
                continue
            for snap in list_tokens(module):
                cas = [c.details.cert for c in snap.ca_certificates() if c.details]
                for entry in snap.user_certificates():
                    if entry.details is None:
                        lines.append(
                            f"! Bỏ qua chứng thư không đọc được “{entry.label}” trên token "
                            f"“{snap.info.label}”: {entry.error}"
                        )
                        continue
                    if checker is None:
                        checker = _checker(env, args)
                    check = check_certificate_full(
                        entry.details.cert, checker, extra_certs=cas, pin=snap.info.pin,
                        online=not args.offline,
                    )
                    reform, trust = _verdicts(check)
                    outcome = inv.add_certificate(
                        entry.details.cert, unit_id=unit_id, kind=kind, reform=reform,
                        trust=trust, source="token", token_serial=snap.info.serial,
                    )
                    data = _record_json(inv, outcome.record)
                    data["created"] = outcome.created
                    results.append(data)
                    verb = "Đã thêm" if outcome.created else "Đã cập nhật"
                    lines.append(f"{verb}: {_record_line(outcome.record)}")
        if args.json:
            print_json(results)
            return EXIT_OK
        for p in env.problems:
            err(p.vi)
        if not results:
            print("Không có chứng thư nào để thêm. Cắm token rồi chạy lại lệnh.")
        for line in lines:
            print(line)
        if results and unit_id is None and any(r["unit_id"] is None for r in results):
            print(
                "Lưu ý: chứng thư chưa gắn với đơn vị nào thì chưa được tính trong báo cáo; "
                "chạy lại với --unit “Tên đơn vị”."
            )
        return EXIT_OK


def _add_remote(args: argparse.Namespace, env: Environment) -> int:
    """``inventory add --remote NAME``: the account's certificates, recorded as RSSP (SIM PKI
    where the account says so) like "Thêm vào danh mục" in the device view. Logs in first
    when no login is kept (the password from stdin with --password-stdin)."""
    from kyso.cli.remote import CliRemotePrompter
    from kyso.core.checkup.certificate import check_certificate_full
    from kyso.core.inventory.remote_accounts import import_remote_credentials
    from kyso.core.inventory.store import fingerprint_of
    from kyso.core.remote.accounts import account_store
    from kyso.core.remote.factory import provider_for
    from kyso.core.settings import machine_settings_file

    account = account_store(env.paths.config_dir, machine_settings_file()).get(args.remote)
    provider = provider_for(
        account, timeout=max(10.0, env.settings.values.revocation_timeout_s * 6)
    )
    provider.login(CliRemotePrompter(args.password_stdin))
    credentials = provider.credentials()
    chains = {fingerprint_of(c.certificate): list(c.chain) for c in credentials}
    checker = _checker(env, args) if credentials else None

    def assess(cert: x509.Certificate) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        return _verdicts(check_certificate_full(
            cert, checker, extra_certs=chains.get(fingerprint_of(cert), []),
            online=not args.offline,
        ))

    with _open(env) as inv:
        unit_id = _unit_id(inv, args.unit)
        known = {fp for fp in chains if inv.certificate_by_fingerprint(fp) is not None}
        result = import_remote_credentials(
            inv, account.name, credentials, unit_id=unit_id, assess=assess
        )
        results: list[dict[str, Any]] = []
        lines: list[str] = []
        for cred in credentials:
            fp = fingerprint_of(cred.certificate)
            record = inv.certificate_by_fingerprint(fp)
            if record is None:  # recorded just above; never expected
                continue
            data = _record_json(inv, record)
            data["created"] = fp not in known
            data["account"] = account.name
            data["credential_id"] = cred.id
            results.append(data)
            verb = "Đã thêm" if data["created"] else "Đã cập nhật"
            lines.append(f"{verb}: {_record_line(record)}")
        if args.json:
            print_json(results)
            return EXIT_OK
        if not credentials:
            print(f"Tài khoản ký số từ xa “{account.name}” không có chứng thư nào để thêm.")
        for line in lines:
            print(line)
        print(
            f"Tài khoản “{account.name}”: đã thêm {result.added}, cập nhật {result.updated} "
            "chứng thư."
        )
        if results and any(r["unit_id"] is None for r in results):
            print(
                "Lưu ý: chứng thư chưa gắn với đơn vị nào thì chưa được tính trong báo cáo; "
                "chạy lại với --unit “Tên đơn vị”."
            )
        return EXIT_OK


# -- inventory import ----------------------------------------------------------------------
def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".txt", ".tsv")


def cmd_inventory_import(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.inventory.importing import (
        ImportMode,
        ImportResult,
        RowProblem,
        check_certificate_csv,
        import_certificate_csv,
        import_certificate_files,
        read_certificate_file,
    )

    paths = [Path(f) for f in args.files]
    csvs = [p for p in paths if _is_csv(p)]
    cert_files = [p for p in paths if not _is_csv(p)]
    if csvs and args.mode is None:
        return _usage(
            args,
            "nhập tệp CSV cần chọn --mode good-rows (nhập các dòng đúng) hoặc --mode "
            "all-or-nothing (có dòng lỗi thì không nhập gì).",
        )
    mode = ImportMode(MODES[args.mode or "good-rows"])
    with _open(env) as inv:
        unit_id = _unit_id(inv, args.unit)
        # Check everything first: with all-or-nothing, one bad row anywhere writes nothing.
        problems: list[RowProblem] = []
        for path in csvs:
            problems.extend(check_certificate_csv(inv, path).problems)
        all_certs: list[x509.Certificate] = []
        for path in cert_files:
            certs, found = read_certificate_file(path)
            problems.extend(found)
            all_certs.extend(certs)
        results: list[ImportResult] = []
        if not (problems and mode is ImportMode.ALL_OR_NOTHING):
            assess = _make_assess(env, args, all_certs) if cert_files else None
            with inv.transaction():
                if cert_files:
                    results.append(import_certificate_files(
                        inv, cert_files, unit_id=unit_id, mode=mode, kind=args.kind,
                        assess=assess,
                    ))
                for path in csvs:
                    results.append(import_certificate_csv(inv, path, mode=mode))
        added = sum(r.added for r in results)
        updated = sum(r.updated for r in results)
        skipped = sum(r.skipped for r in results)
        # the import functions re-check; report each problem once
        seen: set[tuple[str, int | None, str]] = set()
        for p in [*problems, *(p for r in results for p in r.problems)]:
            key = (p.source, p.line, p.vi)
            if key not in seen:
                seen.add(key)
                print(p.message("vi"), file=sys.stderr)
        if seen and mode is ImportMode.ALL_OR_NOTHING:
            print(
                f"Không nhập gì vì có {len(seen)} lỗi (chế độ all-or-nothing). Sửa các dòng "
                "trên rồi nhập lại, hoặc dùng --mode good-rows để nhập các dòng đúng.",
                file=sys.stderr,
            )
            return EXIT_ERROR
        summary = f"Đã thêm {added}, cập nhật {updated} chứng thư"
        if skipped:
            summary += f"; bỏ qua {skipped} chứng thư CA hoặc lặp lại"
        print(summary + ".")
        if seen:
            print(
                f"Có {len(seen)} lỗi (xem trên); các dòng lỗi không được nhập.", file=sys.stderr
            )
            return EXIT_ERROR
        return EXIT_OK


def _make_assess(
    env: Environment, args: argparse.Namespace, certs: list[x509.Certificate]
) -> Callable[[x509.Certificate], tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    from kyso.core.checkup.certificate import check_certificate_full

    checker = _checker(env, args)

    def assess(cert: x509.Certificate) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        others = [c for c in certs if c is not cert]
        return _verdicts(
            check_certificate_full(cert, checker, extra_certs=others, online=not args.offline)
        )

    return assess


# -- inventory list ------------------------------------------------------------------------
def cmd_inventory_list(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.inventory.coverage import devices_to_return

    with _open(env) as inv:
        units = inv.units()
        certs = inv.certificates()
        focal = inv.focal_person()
        if args.json:
            print_json({
                "path": str(inv.path),
                "reporting_unit": inv.reporting_unit_name,
                "focal_person": (
                    {"name": focal.name, "title": focal.title, "phone": focal.phone,
                     "email": focal.email} if focal else None
                ),
                "units": [
                    {"id": u.id, "parent_id": u.parent_id, "name": u.name,
                     "path": inv.unit_path(u.id), "staff": u.staff,
                     "org_required": u.org_required}
                    for u in units
                ],
                "certificates": [_record_json(inv, c) for c in certs],
                "devices": [
                    {"certificate_id": d.certificate_id, "subject": d.subject,
                     "status": d.status,
                     "status_date": d.status_date.isoformat() if d.status_date else None,
                     "reason": d.reason, "token_serial": d.token_serial}
                    for d in inv.devices()
                ],
            })
            return EXIT_OK
        print(f"Tệp kiểm kê: {inv.path}")
        print(f"Đơn vị báo cáo: {inv.reporting_unit_name or '(chưa đặt)'}")
        if focal:
            print(f"Cán bộ đầu mối: {focal.name}"
                  + "".join(f" · {v}" for v in (focal.title, focal.phone, focal.email) if v))
        if not units:
            print("Cây đơn vị còn trống; thêm bằng: kyso inventory unit add “Sở, ban, ngành”")
        by_unit: dict[int | None, list[CertificateRecord]] = {}
        for c in certs:
            by_unit.setdefault(c.unit_id, []).append(c)
        depth = {u.id: inv.unit_path(u.id).count(PATH_SEPARATOR) for u in units}
        for u in units:
            pad = "  " * depth[u.id]
            print(f"{pad}{u.name} — {u.staff} CBCCVC, {len(by_unit.get(u.id, []))} chứng thư")
            for c in by_unit.get(u.id, []):
                print("\n".join(pad + "  " + line for line in _record_line(c).splitlines()))
        if by_unit.get(None):
            print("Chưa gắn đơn vị (không tính trong báo cáo):")
            for c in by_unit[None]:
                print("\n".join("  " + line for line in _record_line(c).splitlines()))
        devices = devices_to_return(inv)
        if devices:
            print("Thiết bị cần trả (Công văn 393, mục 6):")
            for d in devices:
                print(f"  • {d.subject}" + (f" — {d.reason}" if d.reason else ""))
        return EXIT_OK


# -- inventory unit / name / focal ---------------------------------------------------------
def cmd_unit_add(args: argparse.Namespace, env: Environment) -> int:
    with _open(env) as inv:
        parent = _unit_id(inv, args.parent)
        unit_id = inv.add_unit(
            args.name, parent_id=parent, staff=args.staff, org_required=args.org_required
        )
        print(f"Đã thêm đơn vị: {inv.unit_path(unit_id)} ({args.staff} CBCCVC)")
        return EXIT_OK


def cmd_unit_set(args: argparse.Namespace, env: Environment) -> int:
    with _open(env) as inv:
        unit = inv.find_unit(args.unit)
        if args.name is None and args.staff is None and args.org_required is None:
            return _usage(args, "cần ít nhất một trong --name, --staff, --org-required.")
        updated = inv.update_unit(
            unit.id, name=args.name, staff=args.staff, org_required=args.org_required
        )
        print(f"Đã cập nhật: {inv.unit_path(updated.id)} ({updated.staff} CBCCVC)")
        return EXIT_OK


def cmd_inventory_name(args: argparse.Namespace, env: Environment) -> int:
    with _open(env) as inv:
        if not args.name.strip():
            return _usage(args, "tên đơn vị báo cáo không được để trống.")
        inv.set_reporting_unit_name(args.name)
        print(f"Đơn vị báo cáo: {inv.reporting_unit_name}")
        return EXIT_OK


def cmd_inventory_focal(args: argparse.Namespace, env: Environment) -> int:
    with _open(env) as inv:
        inv.set_focal_person(FocalPerson(args.name, args.title, args.phone, args.email))
        print(f"Cán bộ đầu mối: {args.name}")
        return EXIT_OK


# -- report --------------------------------------------------------------------------------
def cmd_report(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.inventory.phuluc import build_report, directive_from_settings
    from kyso.core.inventory.report_files import write_csv, write_xlsx

    if not args.period or not args.xlsx:
        return _usage(
            args,
            "cần --period (2025-08 hoặc 2025-Q3) và --xlsx TỆP; hoặc dùng "
            "“kyso report merge TỆP... --out TỆP.xlsx”.",
        )
    with _open(env) as inv:
        report = build_report(
            inv,
            args.period,
            unit_name=args.unit_name,
            directive=directive_from_settings(env.settings.values),
        )
    xlsx = write_xlsx(report, args.xlsx, overwrite=args.overwrite)
    print(f"Đã ghi Phụ lục I ({report.period.label_vi}): {xlsx}")
    if args.csv:
        out = write_csv(report, args.csv, overwrite=args.overwrite)
        print(f"Đã ghi CSV: {out}")
    if report.unassigned:
        print(
            f"Lưu ý: {len(report.unassigned)} chứng thư chưa gắn đơn vị nên không được tính; "
            "gắn đơn vị rồi lập lại báo cáo.",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_report_merge(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.inventory.merge import merge_reports

    result = merge_reports(
        args.files, args.out, unit_name=args.unit_name, period=args.period,
        overwrite=args.overwrite, csv_out=args.csv,
    )
    for notice in result.notices:
        print(f"Lưu ý: {notice.message('vi')}", file=sys.stderr)
    print(
        f"Đã gộp {len(result.sources)} báo cáo ({result.report.period.label_vi}) vào "
        f"{result.out}"
    )
    if args.csv:
        print(f"Đã ghi CSV: {args.csv}")
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------
def _check_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--anchors", metavar="PATH", help="tệp/thư mục gốc tin cậy cho lần chạy này")
    p.add_argument(
        "--offline", action="store_true", help="không tra cứu thu hồi qua mạng / no network"
    )


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải số nguyên") from None
    if value < 0:
        raise argparse.ArgumentTypeError("không được âm")
    return value


CSV_HELP = (
    "ghi thêm bảng số liệu CSV cho chương trình khác (một dòng tiêu đề cột, mỗi đơn vị một "
    "dòng, không có phần đầu báo cáo); báo cáo gửi đi là tệp XLSX / also write the table as "
    "CSV data; the report to send is the XLSX"
)


def add_inventory_commands(subparsers: Any) -> None:
    """Register ``inventory`` and ``report`` on the ``kyso`` parser's subparsers."""
    inv = subparsers.add_parser(
        "inventory",
        help="kiểm kê chứng thư của đơn vị (Công văn 4414) / the unit's certificate inventory",
    )
    inv_sub = inv.add_subparsers(dest="inventory_command", metavar="ACTION")

    def usage_of(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace, Any], int]:
        def show(args: argparse.Namespace, env: Any) -> int:
            parser.print_help(sys.stderr)
            return EXIT_USAGE

        return show

    inv.set_defaults(func=usage_of(inv), _prog=inv.prog)

    add = inv_sub.add_parser(
        "add", help="thêm mọi chứng thư trên các token đang cắm, hoặc của một tài khoản ký số "
        "từ xa (--remote) / add the inserted tokens' or a remote account's certificates"
    )
    add.add_argument("--unit", metavar="PATH", help="đơn vị, ví dụ “Sở, ban, ngành > Khối "
                     "Văn phòng” / the unit (name or path)")
    add.add_argument("--kind", choices=CERT_KINDS, default=None,
                     help="loại chứng thư trên token (mặc định usb_token)")
    add.add_argument(
        "--remote", metavar="NAME",
        help="thêm chứng thư của tài khoản ký số từ xa NAME (kyso remote add), loại RSSP hoặc "
        "SIM PKI / add a remote signing account's certificates instead of the tokens'",
    )
    add.add_argument(
        "--password-stdin", action="store_true",
        help="với --remote: đọc mật khẩu tài khoản từ stdin (một dòng) nếu cần đăng nhập",
    )
    add.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    _check_options(add)
    add.set_defaults(func=cmd_inventory_add, _prog=add.prog)

    imp = inv_sub.add_parser(
        "import", help="nhập tệp chứng thư hoặc danh sách CSV / import certificate files or a CSV"
    )
    imp.add_argument("files", nargs="+", metavar="FILE",
                     help="tệp .cer/.crt/.pem/.der/.p7b hoặc .csv")
    imp.add_argument("--unit", metavar="PATH", help="đơn vị của các tệp chứng thư")
    imp.add_argument("--kind", choices=CERT_KINDS, default="usb_token",
                     help="loại của các tệp chứng thư (mặc định usb_token)")
    imp.add_argument(
        "--mode", choices=list(MODES),
        help="khi có dòng lỗi: good-rows nhập các dòng đúng, all-or-nothing không nhập gì "
        "(bắt buộc với CSV)",
    )
    _check_options(imp)
    imp.set_defaults(func=cmd_inventory_import, _prog=imp.prog)

    lst = inv_sub.add_parser("list", help="liệt kê đơn vị và chứng thư / list units and "
                             "certificates")
    lst.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    lst.set_defaults(func=cmd_inventory_list, _prog=lst.prog)

    unit = inv_sub.add_parser("unit", help="cây đơn vị / the unit tree")
    unit_sub = unit.add_subparsers(dest="unit_command", metavar="ACTION")
    unit.set_defaults(func=usage_of(unit), _prog=unit.prog)
    uadd = unit_sub.add_parser("add", help="thêm đơn vị / add a unit")
    uadd.add_argument("name", metavar="NAME")
    uadd.add_argument("--parent", metavar="PATH",
                      help="đơn vị cha; bỏ trống để thêm nhóm (I. Sở, ban, ngành; II. UBND cấp xã)")
    uadd.add_argument("--staff", type=_non_negative, default=0, metavar="N",
                      help="tổng số CBCCVC")
    uadd.add_argument("--org-required", type=_non_negative, default=0, metavar="N",
                      help="số chứng thư tổ chức đơn vị cần có")
    uadd.set_defaults(func=cmd_unit_add, _prog=uadd.prog)
    uset = unit_sub.add_parser("set", help="sửa tên/số CBCCVC / rename or set staff")
    uset.add_argument("unit", metavar="PATH")
    uset.add_argument("--name", help="tên mới")
    uset.add_argument("--staff", type=_non_negative, metavar="N")
    uset.add_argument("--org-required", type=_non_negative, metavar="N")
    uset.set_defaults(func=cmd_unit_set, _prog=uset.prog)

    name = inv_sub.add_parser("name", help="đặt tên đơn vị báo cáo / set the reporting unit")
    name.add_argument("name", metavar="NAME")
    name.set_defaults(func=cmd_inventory_name, _prog=name.prog)

    focal = inv_sub.add_parser("focal", help="cán bộ đầu mối / the focal person")
    focal.add_argument("name", metavar="NAME")
    focal.add_argument("--title", default="")
    focal.add_argument("--phone", default="")
    focal.add_argument("--email", default="")
    focal.set_defaults(func=cmd_inventory_focal, _prog=focal.prog)

    rep = subparsers.add_parser(
        "report", help="lập báo cáo Phụ lục I (XLSX/CSV), gộp báo cáo / the Phụ lục I report"
    )
    rep.add_argument("--period", metavar="PERIOD", help="tháng 2025-08 hoặc quý 2025-Q3")
    rep.add_argument("--xlsx", metavar="OUT", help="tệp .xlsx cần ghi")
    rep.add_argument("--csv", metavar="OUT", help=CSV_HELP)
    rep.add_argument("--unit-name", metavar="NAME",
                     help="tên đơn vị báo cáo (mặc định: tên lưu trong kiểm kê)")
    rep.add_argument("--overwrite", action="store_true", help="cho phép ghi đè tệp đã có")
    rep.set_defaults(func=cmd_report, _prog=rep.prog)
    rep_sub = rep.add_subparsers(dest="report_command", metavar="merge")
    merge = rep_sub.add_parser("merge", help="gộp các tệp Phụ lục I / merge Phụ lục I files")
    merge.add_argument("files", nargs="+", metavar="FILE")
    merge.add_argument("--out", required=True, metavar="OUT.xlsx")
    merge.add_argument("--csv", metavar="OUT", help=CSV_HELP)
    merge.add_argument("--period", metavar="PERIOD", help="kỳ báo cáo (mặc định: kỳ của các tệp)")
    merge.add_argument("--unit-name", metavar="NAME", help="tên đơn vị tổng hợp")
    merge.add_argument("--overwrite", action="store_true", help="cho phép ghi đè tệp đã có")
    merge.set_defaults(func=cmd_report_merge, _prog=merge.prog)
