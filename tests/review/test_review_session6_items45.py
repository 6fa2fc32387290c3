"""Review (session 6) of issue 15 items 4 and 5 as they stand on main: failing tests only.

Item 4 (emergency fallback, mục 4 Công văn 393/BCY-CTSBMTT): the organization certificate
that allows the fallback must be a usable certificate of the leader's own (still existing)
organization, named so that the user can pick it and the CLI can name it back.
Item 5: the Phụ lục I heading and the "Check all" exports.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes

from kyso.core.checkup.certificate import check_subject_only
from kyso.core.checkup.export import HEADERS, CheckRow, write_csv
from kyso.core.demo.pki import organization_name, person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.errors import KysoError
from kyso.core.inventory.phuluc import NEUTRAL_REFERENCE, build_report, directive_from_settings
from kyso.core.inventory.report_files import write_xlsx
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.settings import Settings
from kyso.core.signing.choice import (
    decide,
    fallback_choices,
    inventory_organizations,
    token_organizations,
)
from tests.support.item4 import GOOD_TRUST, REVOKED_TRUST, snapshot
from tests.support.item4 import entry as _entry
from tests.support.signing_fixtures import sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]

UBND = "UBND tỉnh Hưng Yên"


@pytest.fixture(scope="module")
def pki():
    return demo_certificates(marker="TEST").pki


@pytest.fixture(scope="module")
def office_leader(pki):
    """The issue's own example: Chánh Văn phòng of UBND tỉnh Thái Bình (now Hưng Yên)."""
    return pki.issue(
        person_name(
            "Hoàng Văn Em",
            title="Chánh Văn phòng",
            ous=["Văn phòng"],
            o="UBND tỉnh Thái Bình",
            locality="Thái Bình",
            uid="CCCD:034080009999",
        )
    )


def _decide(leader, organizations, *, reason: str | None = "Ký lệnh phòng chống bão khẩn",
            organization_name: str | None = None):
    entry = _entry(leader, "leader")
    reform = check_subject(leader.cert.subject).to_json()
    decision, _kind, _org = decide(
        snapshot(entry),
        entry,
        "approval",
        trust=GOOD_TRUST,
        reform=reform,
        organizations=organizations,
        emergency_reason=reason,
        allow_outdated_org_cert=False,
        organization_name=organization_name,
    )
    return decision


def _inventory_with(tmp_path: Path, issued, *, trust=None, returned: bool = False) -> Path:
    db = tmp_path / "inventory.sqlite3"
    with Inventory(db) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(UBND, parent_id=groups[0], staff=30)
        added = inv.add_certificate(
            issued.cert,
            unit_id=unit,
            reform=check_subject(issued.cert.subject).to_json(),
            trust=trust,
        )
        if returned:
            inv.mark_to_return(added.record.id, reason="không còn nhu cầu sử dụng")
            inv.mark_returned(added.record.id)
    return db


# -- item 4: which organization certificates count ------------------------------------------


def test_expired_organization_certificate_on_a_token_allows_no_fallback(pki, office_leader):
    # Wrong: an expired new-model org cert on an inserted token still allows item 4 (Kyso
    # records "UBND tỉnh Hưng Yên đã theo mô hình mới"). Right: item 4 needs the organization
    # to *have* a new-model certificate; an expired one cannot sign, so no fallback.
    now = dt.datetime.now(dt.timezone.utc)
    expired = pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên", uid="MST:0900000002"),
        not_before=now - dt.timedelta(days=900),
        not_after=now - dt.timedelta(days=10),
    )
    orgs = token_organizations([snapshot(_entry(expired, "org"))])
    decision = _decide(office_leader, orgs)
    assert not decision.allowed and decision.emergency_organization is None


def test_revoked_organization_certificate_in_the_inventory_allows_no_fallback(
    pki, office_leader, tmp_path
):
    # Wrong: an org cert whose last trust check found it revoked (stored in the inventory)
    # still allows item 4. Right: a revoked certificate is no certificate on the new model;
    # the leader must be refused (Phụ lục I itself does not count it).
    revoked = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    db = _inventory_with(tmp_path, revoked, trust=REVOKED_TRUST)
    decision = _decide(office_leader, inventory_organizations(db))
    assert not decision.allowed and decision.emergency_organization is None


def test_expired_organization_certificate_in_the_inventory_allows_no_fallback(
    pki, office_leader, tmp_path
):
    # Same root cause as the two above (the org cert's own validity is never looked at),
    # through the inventory path: expired on record, yet it allows item 4.
    now = dt.datetime.now(dt.timezone.utc)
    expired = pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên"),
        not_before=now - dt.timedelta(days=900),
        not_after=now - dt.timedelta(days=10),
    )
    db = _inventory_with(tmp_path, expired, trust=GOOD_TRUST)
    decision = _decide(office_leader, inventory_organizations(db))
    assert not decision.allowed and decision.emergency_organization is None


def test_returned_organization_device_allows_no_fallback(pki, office_leader, tmp_path):
    # Wrong: an org cert whose device the inventory lists as returned to Cục CTS&BMTT
    # (mục 6 CV 393: no longer used) still allows item 4. Right: the organization no longer
    # holds that certificate, so it cannot ground the emergency fallback.
    org = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    db = _inventory_with(tmp_path, org, trust=GOOD_TRUST, returned=True)
    decision = _decide(office_leader, inventory_organizations(db))
    assert not decision.allowed and decision.emergency_organization is None


def test_chairman_of_an_abolished_district_gets_no_fallback_from_the_province(pki):
    # Wrong: the demo's "Chủ tịch, OU=UBND huyện Vũ Thư, O=UBND tỉnh Thái Bình" (a body the
    # check itself calls unit_abolished) is offered item 4 on "UBND tỉnh Hưng Yên"'s cert and
    # signs as an emergency. Right: item 4 is for leaders of an organization that already
    # has a new-model certificate; UBND huyện Vũ Thư no longer exists and its chairman is not
    # a leader of UBND tỉnh Hưng Yên — the GUI itself tells him to change to his new unit.
    leader = demo_certificates(marker="TEST").leader
    assert check_subject(leader.cert.subject).status == "unit_abolished"
    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))])
    reform = check_subject(leader.cert.subject).to_json()
    assert fallback_choices(leader.cert, reform, orgs) == []
    decision = _decide(leader, orgs)
    assert not decision.allowed and not decision.emergency


def test_organization_named_with_the_province_abbreviation_is_read(pki, office_leader):
    # Wrong: `kyso sign --organization "UBND T. Hưng Yên"` is refused as "không thuộc chuỗi
    # đơn vị của người ký". Right: issue 15 item 1 makes "T." before a province an
    # abbreviation read at the boundary ("tỉnh"), like "TP" already is for thành phố.
    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))])
    decision = _decide(office_leader, orgs, organization_name="UBND T. Hưng Yên")
    assert decision.allowed and decision.emergency
    assert decision.emergency_organization is not None
    assert decision.emergency_organization.name == UBND


# -- item 4: an organization certificate whose CN is a bare unit -----------------------------


@pytest.fixture(scope="module")
def office_and_ubnd(pki):
    """Two new-model org certs on one token: the leader's own office ("CN=Văn phòng, O=UBND
    tỉnh Hưng Yên", the best match) and the UBND above it."""
    office = pki.issue(organization_name("Văn phòng", o=UBND, locality="Hưng Yên"))
    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    return token_organizations([snapshot(_entry(office, "office"), _entry(ubnd, "ubnd"))])


def test_gui_default_pick_of_the_own_office_signs(qtbot, office_leader, office_and_ubnd):
    # Wrong: the emergency dialog hands back the pick by its bare CN ("Văn phòng"), which
    # fallback_choices then refuses (a bare unit names no organization), so confirming the
    # dialog's own default ("best match") ends in "không áp dụng được trường hợp ký khẩn
    # cấp". Right: the pick the dialog offers must be the one the decision accepts.
    from kyso.ui.sign.emergency import EmergencyDialog

    reform = check_subject(office_leader.cert.subject).to_json()
    choices = fallback_choices(office_leader.cert, reform, office_and_ubnd)
    assert [c.organization.full_name for c in choices] == [f"Văn phòng {UBND}", UBND]
    dialog = EmergencyDialog("vi", choices[0].organization.name, choices=choices)
    qtbot.addWidget(dialog)
    assert dialog.organization_combo is not None and dialog.organization_combo.currentIndex() == 0
    decision = _decide(office_leader, office_and_ubnd, organization_name=dialog.organization())
    assert decision.allowed and decision.emergency, decision.message()


def test_gui_choices_name_the_organization_not_a_bare_unit(qtbot, office_leader, office_and_ubnd):
    # Same root cause (org.name instead of the full name), as the user sees it: the combo
    # lists "Văn phòng (trong token đang cắm)" — every body has a Văn phòng, so the user
    # cannot tell whose. Right: "Văn phòng UBND tỉnh Hưng Yên".
    from kyso.ui.sign.emergency import EmergencyDialog

    reform = check_subject(office_leader.cert.subject).to_json()
    choices = fallback_choices(office_leader.cert, reform, office_and_ubnd)
    dialog = EmergencyDialog("vi", choices[0].organization.name, choices=choices)
    qtbot.addWidget(dialog)
    assert dialog.organization_combo is not None
    assert f"Văn phòng {UBND}" in dialog.organization_combo.itemText(0)
    assert f"“Văn phòng {UBND}”" in dialog.intro.text()


def test_cli_names_the_organization_by_a_name_organization_accepts(
    capsys, office_leader, office_and_ubnd
):
    # Same root cause, CLI: "cho phép ký khẩn cấp: Văn phòng (trong token). Chọn tổ chức khác
    # bằng --organization." — and `--organization "Văn phòng"` is then refused. Right: name
    # it as "Văn phòng UBND tỉnh Hưng Yên", which --organization accepts.
    from kyso.cli.sign import _say_emergency_organization

    decision = _decide(office_leader, office_and_ubnd, reason=None)
    assert decision.needs_emergency_confirmation
    _say_emergency_organization(decision)
    err = capsys.readouterr().err
    assert f"Văn phòng {UBND}" in err
    named = err.split("ký khẩn cấp: ", 1)[1].split(" (", 1)[0]
    again = _decide(office_leader, office_and_ubnd, organization_name=named)
    assert again.allowed and again.emergency


# -- item 5: the Phụ lục I heading ----------------------------------------------------------


@pytest.mark.parametrize(
    "unit", ["Cục Thuế thành phố Hà Nội", "Bảo hiểm xã hội thành phố Hà Nội"]
)
def test_central_body_in_hanoi_is_not_headed_with_4414(tmp_path, unit):
    # Wrong: a central body's local branch (Kyso's own check calls it body_kind "central",
    # "never bound to a province") gets "(Kèm theo Công văn số 4414/UBND-ĐMPT … của Ủy ban
    # nhân dân thành phố Hà Nội)". Right: 4414 is addressed to Hà Nội's Sở, ban, ngành and
    # UBND xã/phường only; a central body's unit gets the neutral heading.
    assert check_subject(f"CN={unit},L=Hà Nội,C=VN").body_kind == "central"
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.set_reporting_unit_name(unit)
        groups = inv.ensure_standard_groups()
        inv.add_unit("Văn phòng", parent_id=groups[0], staff=5)
        report = build_report(inv, "2025-08")
    assert "4414" not in report.reference
    assert report.reference == NEUTRAL_REFERENCE


def test_control_character_in_the_directive_setting_does_not_crash_the_report(tmp_path):
    # Wrong: a directive setting with a control character (TOML "\u0001", or pasted text)
    # passes the settings check and then openpyxl's IllegalCharacterError (library English)
    # escapes write_xlsx: `kyso inventory report` ends in the "unexpected error" bug path.
    # Right: the setting is refused/cleaned with a Vietnamese message, or the report is
    # written without the character — never a non-Kyso exception.
    settings = Settings(
        phuluc_directive_number="Công văn số 12/UBND-KGVX\x01",
        phuluc_directive_date="05/8/2025",
        phuluc_directive_issuer="Ủy ban nhân dân tỉnh Hưng Yên",
    )
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.set_reporting_unit_name("Sở Y tế tỉnh Hưng Yên")
        groups = inv.ensure_standard_groups()
        inv.add_unit("Văn phòng", parent_id=groups[0], staff=5)
        report = build_report(inv, "2025-08", directive=directive_from_settings(settings))
    try:
        write_xlsx(report, tmp_path / "phuluc.xlsx")
    except KysoError:
        pass  # refused with a message a user can act on: fine


# -- item 5: the "Check all" export against the GUI ------------------------------------------


def test_export_of_an_abolished_district_organization_says_revoke_not_file_a_change(tmp_path):
    # Wrong: the export row of "CN=UBND huyện Đông Hưng" (abolished) says nothing of what the
    # GUI proposes (revoke with Mẫu 05 and return the device) but fills "Nộp hồ sơ tại" with
    # the focal points for a change of information, which the GUI deliberately hides for it.
    # Right: the export carries the GUI's proposal — no focal point to file a change at, and
    # the revocation/return named.
    check = check_subject_only("CN=UBND huyện Đông Hưng,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN")
    assert check.reform.status == "unit_abolished" and check.reform.holder.kind == "organization"
    out = write_csv([CheckRow("Token", "S1", "UBND huyện Đông Hưng", check)], tmp_path / "c.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header == HEADERS
    cells = dict(zip(header, row, strict=True))
    assert cells["Nộp hồ sơ tại"] == ""
    assert "thu hồi" in " ".join(row).casefold() or "mẫu 05" in " ".join(row).casefold()


# -- item 4 through `kyso sign` on the session's SoftHSM2 token -------------------------------


@pytest.fixture
def cli_env(sign_world, tmp_path):
    from tests.cli.test_sign_cli import _env

    return _env(sign_world, tmp_path)


def _add_ubnd_to_inventory(world, env) -> str:
    """UBND tỉnh Hưng Yên's new-model certificate in the unit's inventory; its SHA-256."""
    from kyso.core.inventory.store import default_inventory_path

    ubnd = world.certs.pki.issue(
        organization_name(UBND, o=UBND, locality="Hưng Yên", uid="MST:0900000002")
    )
    path = default_inventory_path(env.settings.values, env.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Inventory(path) as inv:
        groups = inv.ensure_standard_groups()
        unit = inv.add_unit(UBND, parent_id=groups[0], staff=30)
        inv.add_certificate(
            ubnd.cert, unit_id=unit, reform=check_subject(ubnd.cert.subject).to_json()
        )
    return ubnd.cert.fingerprint(hashes.SHA256()).hex()


def _leader_base(world) -> list[str]:
    sha = world.entries["leader-province"].details.sha256
    return ["sign", "--profile", "invisible", "--token", world.pin_serial, "--cert", sha[:12],
            "--pin-stdin", "--level", "B-B"]


def test_cli_lists_every_organization_certificate_that_allows_the_fallback(
    sign_world, cli_env, monkeypatch, capsys, tmp_path
):
    # Wrong: with two new-model org certs that both allow item 4 (the Sở on the token, the
    # UBND in the inventory) `kyso sign` names only the first and says "Chọn tổ chức khác
    # bằng --organization" without saying which others exist. Right: as the GUI lists every
    # choice, the CLI lists each name --organization accepts.
    from tests.cli.test_sign_cli import run
    from tests.support.signing_fixtures import make_pdf

    _add_ubnd_to_inventory(sign_world, cli_env)
    src = make_pdf(tmp_path / "a.pdf")
    code, _out, err = run(cli_env, monkeypatch, capsys, *_leader_base(sign_world), str(src))
    assert code == 1 and "--emergency" in err
    assert "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in err
    assert UBND in err


def test_audit_entry_identifies_the_organization_certificate(
    sign_world, cli_env, monkeypatch, capsys, tmp_path
):
    # Wrong: the emergency audit entries record only "new_model_organization": a name (and
    # for a "CN=Văn phòng" certificate just "Văn phòng"): nothing says *which* certificate
    # allowed the fallback. Right: the record names the organization certificate the
    # dialog/CLI showed — its SHA-256 (and where it was: token or inventory).
    import json

    from tests.cli.test_sign_cli import run
    from tests.support.signing_fixtures import make_pdf

    src = make_pdf(tmp_path / "a.pdf")
    code, _out, err = run(
        cli_env, monkeypatch, capsys, *_leader_base(sign_world),
        "--emergency", "Ký công văn phòng chống bão", str(src),
    )
    assert code == 0, err
    org_sha = sign_world.entries["organization"].details.sha256.lower()
    log = cli_env.paths.data_dir / "audit.jsonl"
    entries = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    signed = [e for e in entries if e["event"] == "emergency_sign"]
    assert signed
    assert org_sha in json.dumps(signed[-1]["data"]).lower()


def test_cli_remote_leader_rests_on_the_organization_in_the_same_account(
    sign_world, tmp_path, monkeypatch, capsys, memory_keyring
):
    # Wrong: `kyso sign --remote bcy:leader` only looks for organization certificates on
    # inserted tokens and in the inventory, so an outdated leader whose organization's
    # new-model certificate is in the same remote account is refused ("chưa có chứng thư của
    # tổ chức mình đã theo mô hình mới") — while the Sign page allows exactly this case
    # (tests/ui/remote/test_remote_gui.py). Right: the CLI counts the account's organization
    # certificates as the GUI does, and signs under item 4.
    import io

    from kyso.core.app.environment import Environment
    from kyso.core.remote.accounts import Account, AccountStore, SecretStore
    from kyso.core.settings import Paths, load_settings
    from tests.cli.test_sign_cli import _parser
    from tests.support.remote_services import RemoteCredential, RemoteServices
    from tests.support.signing_fixtures import make_pdf

    certs = sign_world.certs
    svc = RemoteServices([
        RemoteCredential("leader", certs.leader_province, [certs.pki.sub_ca], pin="1234"),
        RemoteCredential("org", certs.organization, [certs.pki.sub_ca], pin="1234"),
    ])
    SecretStore._memory.clear()
    try:
        anchors = tmp_path / "anchors"
        anchors.mkdir()
        (anchors / "root.pem").write_bytes(certs.pki.root.pem)
        loaded = load_settings(Paths.under(tmp_path / "home"))
        loaded.values = Settings(
            anchors_path=str(anchors), tsa_url=sign_world.tsa.url, revocation_timeout_s=2.0
        )
        AccountStore(loaded.paths.config_dir).add(
            Account("bcy", "csc", svc.csc_url, user=svc.user)
        )
        env = Environment(loaded, modules=[])
        src = make_pdf(tmp_path / "khẩn.pdf")
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{svc.password}\n1234\n"))
        args = _parser().parse_args([
            "sign", "--profile", "invisible", "--remote", "bcy:leader", "--pin-stdin",
            "--level", "B-B", "--emergency", "Ký lệnh phòng chống bão khẩn", str(src),
        ])
        code = args.func(args, env)
        _out, err = capsys.readouterr()
        assert code == 0, err
        assert "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in err
    finally:
        svc.close()
        SecretStore._memory.clear()


def test_remote_organization_is_not_said_to_be_on_an_inserted_token():
    # Wrong: an organization certificate held in a remote signing account (RSSP/SmartCA) is
    # recorded with source "token", so the item-4 dialog says "trong token đang cắm" ("on an
    # inserted token") although no token is inserted. Right: the GUI says where the
    # certificate that allows the fallback really is (the remote account).
    from types import SimpleNamespace

    from kyso.core.signing.choice import FallbackChoice
    from kyso.ui.sign.models import remote_organizations

    certs = demo_certificates(marker="TEST")
    cred = SimpleNamespace(
        credential=SimpleNamespace(certificate=certs.organization.cert), sha256="ab" * 32
    )
    (org,) = remote_organizations([cred])
    reason = FallbackChoice(org, org.name, best=True).reason("vi")
    assert "token đang cắm" not in reason


def test_check_json_does_not_call_a_merged_department_kept(capsys):
    # Wrong: `kyso check --json` lists the OU "Sở Lao động - Thương binh và Xã hội" in
    # kept_names — which the README defines as "its name is kept, check with the unit" —
    # while the GUI, the CSV/XLSX and the text output all say the opposite: merged on
    # 1/3/2025 (NĐ 45/2025), ask for the new department's name. Right: the JSON carries the
    # same proposal for OU (not "kept"), so a script reading the JSON does not keep the name.
    import argparse
    import json

    from kyso.cli import check as check_cli
    from kyso.core.app.environment import Environment
    from kyso.core.settings import Paths, load_settings

    subject = (
        "CN=Nguyễn Văn A,OU=Sở Lao động - Thương binh và Xã hội,O=UBND tỉnh Thái Bình,"
        "L=Thái Bình,C=VN"
    )
    parser = argparse.ArgumentParser()
    check_cli.add_check_commands(parser.add_subparsers())
    args = parser.parse_args(["check", "--json", "--subject", subject])
    env = Environment(load_settings(Paths.default()), modules=[])
    args.func(args, env)
    (row,) = json.loads(capsys.readouterr().out)
    reform = row["reform"]
    assert "OU" not in reform["kept_names"], reform


def test_one_certificate_on_a_token_and_in_the_inventory_is_one_choice(
    qtbot, pki, office_leader, tmp_path
):
    # Wrong: the UBND's certificate, inserted *and* recorded in the unit's inventory (the
    # usual case: the clerk added the token to the inventory), is offered twice; the item-4
    # dialog says "Several organization certificates on the new model allow it" and lists
    # the same certificate as two choices. Right: one certificate (one SHA-256) is one choice.
    from kyso.ui.sign.emergency import EmergencyDialog

    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    db = _inventory_with(tmp_path, ubnd, trust=GOOD_TRUST)
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))]) + inventory_organizations(db)
    reform = check_subject(office_leader.cert.subject).to_json()
    choices = fallback_choices(office_leader.cert, reform, orgs)
    dialog = EmergencyDialog("vi", UBND, choices=choices)
    qtbot.addWidget(dialog)
    assert len(choices) == 1
    assert dialog.organization_combo is None


def test_refusal_of_a_named_organization_does_not_deny_the_own_one(pki, office_leader):
    # Wrong: `--organization "UBND tỉnh Nghệ An"` (outside the chain) is refused with two
    # messages, the second one false: "chưa có chứng thư của tổ chức mình đã theo mô hình
    # mới" although UBND tỉnh Hưng Yên's new-model certificate is right there on the token.
    # Right: say only why the named one is refused (and that the own organization's
    # certificate would allow it), never deny a certificate that exists.
    ubnd = pki.issue(organization_name(UBND, o=UBND, locality="Hưng Yên"))
    orgs = token_organizations([snapshot(_entry(ubnd, "org"))])
    decision = _decide(office_leader, orgs, organization_name="UBND tỉnh Nghệ An")
    assert not decision.allowed
    assert [r.code for r in decision.refusals] == ["organization_not_in_chain"]
    assert "chưa có chứng thư của tổ chức mình" not in decision.message()


def test_leader_whose_province_changed_is_not_waved_through_as_check_with_unit(pki):
    # Wrong: the director of "Bệnh viện Đa khoa tỉnh Thái Bình" (L=Thái Bình) gets status
    # check_with_unit — the hospital's own name is not renamed — and signs an approval
    # normally, with a warning only, no organization certificate and no emergency record;
    # yet Kyso's own proposal (GUI, exports) is "L = Hưng Yên": the certificate has not been
    # changed to the new model. Right: a personal certificate with a proposed change is out of
    # date like any needs_change one: it signs only under item 4 (confirmed, recorded).
    leader = pki.issue(
        person_name(
            "Đỗ Văn Giang",
            title="Giám đốc",
            ous=["Ban Giám đốc"],
            o="Bệnh viện Đa khoa tỉnh Thái Bình",
            locality="Thái Bình",
        )
    )
    result = check_subject(leader.cert.subject)
    assert result.proposed.get("L") == "Hưng Yên"
    decision = _decide(leader, [], reason=None)
    assert not decision.allowed
