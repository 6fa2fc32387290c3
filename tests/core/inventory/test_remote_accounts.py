"""Certificates of remote signing accounts in the inventory and Phụ lục I (issue 17 item 3):
listed from the test doubles over real HTTP on 127.0.0.1, recorded with kind RSSP (or SIM
PKI where the provider says so), counted in the by-kind columns of the report and its XLSX."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from kyso.core.inventory.phuluc import build_report
from kyso.core.inventory.remote_accounts import (
    import_remote_credentials,
    inventory_kind,
    remote_origin,
)
from kyso.core.inventory.report_files import write_xlsx
from kyso.core.inventory.store import Inventory
from kyso.core.reform.check import check_subject
from kyso.core.remote.accounts import Account, SecretStore
from kyso.core.remote.factory import provider_for
from tests.support.inventory_data import TRUST_OK
from tests.support.remote_services import RemoteCredential, RemoteServices

UTC = dt.timezone.utc


class Prompter:
    def __init__(self, password: str) -> None:
        self.password = password

    def ask_secret(self, kind, prompt_vi, prompt_en):
        return self.password

    def waiting_for_approval(self, documents, deadline_s, *, part=None):
        pass

    def approval_finished(self):
        pass


@pytest.mark.parametrize(
    ("label", "kind"),
    [("RSSP", "rssp"), ("SIM PKI", "sim_pki"), ("sim_pki", "sim_pki"), ("Sim-PKI", "sim_pki"),
     ("", "rssp"), ("USB Token", "rssp")],
)
def test_kind_of_a_remote_certificate(label, kind) -> None:
    assert inventory_kind(label) == kind


@pytest.fixture
def services(test_pki, memory_keyring):
    SecretStore._memory.clear()
    svc = RemoteServices([
        RemoteCredential("cred-leader", test_pki.leader_current, [test_pki.pki.sub_ca]),
        RemoteCredential("cred-org", test_pki.organization, [test_pki.pki.sub_ca]),
    ])
    yield svc
    svc.close()
    SecretStore._memory.clear()


def _listed(account: Account, password: str):
    provider = provider_for(account, timeout=5)
    provider.login(Prompter(password))
    return provider.credentials()


def _assess(cert):
    return check_subject(cert.subject).to_json(), TRUST_OK


def test_remote_accounts_counted_by_kind_in_phu_luc_i(services, test_pki, tmp_path) -> None:
    bcy = Account("bcy", "vgca-rssp", services.csc_url, user=services.user)
    sim = Account("sim", "viettel-mysign", services.viettel_url, user=services.user,
                  client_id=services.client_id, profile_id="p1", options={"kind": "SIM PKI"})
    with Inventory(tmp_path / "inv.sqlite3") as inv:
        inv.set_reporting_unit_name("Sở Khoa học và Công nghệ tỉnh Hưng Yên (TEST)")
        departments, _ = inv.ensure_standard_groups()
        office = inv.add_unit("Văn phòng Sở", parent_id=departments, staff=3, org_required=1)

        bcy_creds = _listed(bcy, services.password)
        result = import_remote_credentials(inv, "bcy", bcy_creds, unit_id=office,
                                           assess=_assess)
        assert (result.added, result.updated, result.committed) == (2, 0, True)
        records = {r.token_serial: r for r in inv.certificates()}
        assert set(records) == {remote_origin("bcy", "cred-leader"),
                                remote_origin("bcy", "cred-org")}
        assert {r.kind for r in records.values()} == {"rssp"}
        assert records["remote:bcy/cred-org"].holder_kind == "organization"

        now = dt.datetime.now(UTC)
        row = build_report(inv, now.strftime("%Y-%m"), as_of=now).groups[0].children[0]
        f = row.figures
        assert (f.issued_org, f.issued_person) == (1, 1)
        assert (f.sim_pki, f.usb_token, f.rssp) == (0, 0, 2)

        # The same certificates from a provider that says SIM PKI: updated, not doubled,
        # and they move to the SIM PKI column.
        sim_creds = [c for c in _listed(sim, services.client_secret) if c.id == "cred-leader"]
        again = import_remote_credentials(inv, "sim", sim_creds, unit_id=office,
                                          assess=_assess)
        assert (again.added, again.updated) == (0, 1)
        assert len(inv.certificates()) == 2
        report = build_report(inv, now.strftime("%Y-%m"), as_of=now)
        f = report.groups[0].children[0].figures
        assert (f.sim_pki, f.usb_token, f.rssp) == (1, 0, 1)
        assert f.issued_org + f.issued_person == f.sim_pki + f.usb_token + f.rssp

        out = write_xlsx(report, tmp_path / "phu-luc-i.xlsx")
    sheet = load_workbook(out).active
    unit_rows = [r for r in sheet.iter_rows(values_only=True) if r[1] == "Văn phòng Sở"]
    assert len(unit_rows) == 1
    # H, I, J: SIM PKI, USB Token, RSSP
    assert list(unit_rows[0][7:10]) == [1, 0, 1]


def test_a_failed_assessment_writes_nothing(services, tmp_path) -> None:
    bcy = Account("bcy", "csc", services.csc_url, user=services.user)
    creds = _listed(bcy, services.password)

    def assess(cert):
        raise RuntimeError("checker gone")

    with Inventory(tmp_path / "inv.sqlite3") as inv:
        with pytest.raises(RuntimeError):
            import_remote_credentials(inv, "bcy", creds, unit_id=None, assess=assess)
        assert inv.certificates() == []
