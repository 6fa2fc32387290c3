"""A subject pasted as OpenSSL prints it (issue 15 item 1: "attributes in reverse order"):
`openssl x509 -noout -subject` writes ``subject=C = VN, ST = …, O = …, OU = …, CN = …``,
the least specific attribute first (DER order), where RFC 4514 writes the most specific
first. Read as RFC 4514, the OU chain came out upside down — "OU=UBND huyện Vũ Thư" taken
for the holder's own unit under "OU=UBND xã Vũ Hội" — so a commune official was told
their unit was abolished and to pick another; and the "subject=" label swallowed C.

A string is in DER order when it starts with C (the least specific attribute, last in RFC
4514) and goes on to others. Every other shape reads as before."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kyso.core.checkup.certificate import subject_verdicts
from kyso.core.reform.check import check_subject
from kyso.core.subjects.holder import read_holder
from tests.conftest import kyso_cli_env, kyso_cmd

RFC = (
    "CN=Nguyễn Văn C,OU=Văn phòng,OU=UBND xã Vũ Hội,OU=UBND huyện Vũ Thư,"
    "O=UBND tỉnh Thái Bình,ST=Thái Bình,C=VN"
)
OPENSSL = [
    "C=VN,ST=Thái Bình,O=UBND tỉnh Thái Bình,OU=UBND huyện Vũ Thư,OU=UBND xã Vũ Hội,"
    "OU=Văn phòng,CN=Nguyễn Văn C",
    "C = VN, ST = Thái Bình, O = UBND tỉnh Thái Bình, OU = UBND huyện Vũ Thư, "
    "OU = UBND xã Vũ Hội, OU = Văn phòng, CN = Nguyễn Văn C",
    "subject=C = VN, ST = Thái Bình, O = UBND tỉnh Thái Bình, OU = UBND huyện Vũ Thư, "
    "OU = UBND xã Vũ Hội, OU = Văn phòng, CN = Nguyễn Văn C",
]


@pytest.mark.parametrize("subject", OPENSSL)
def test_openssl_order_reads_as_the_rfc_string(subject: str) -> None:
    want = read_holder(RFC)
    got = read_holder(subject)
    assert got.ous == want.ous == ("Văn phòng", "UBND xã Vũ Hội", "UBND huyện Vũ Thư")
    assert [(a.key, a.value) for a in got.attributes] == [(a.key, a.value) for a in want.attributes]
    assert check_subject(subject).to_json() == check_subject(RFC).to_json()
    # The batch path (split once, read from its pieces) reads it alike.
    assert subject_verdicts([subject])[0].to_json() == check_subject(RFC).to_json()


def test_the_commune_official_is_not_told_the_unit_is_abolished() -> None:
    result = check_subject(OPENSSL[0])
    assert result.status == "needs_change"
    assert result.pick_unit is None
    assert result.proposed["OU[2]"] == "UBND xã Thư Vũ"
    assert result.proposed["OU[3]"] == ""


def test_kyso_check_reads_pasted_openssl_lines(
    softhsm_store, isolated_home, tmp_path: Path
) -> None:
    listing = tmp_path / "subjects.txt"
    listing.write_text("\n".join([RFC, *OPENSSL]) + "\n", encoding="utf-8")
    proc = subprocess.run(
        kyso_cmd("check", "--json", "--subjects-from", str(listing)),
        env=kyso_cli_env(softhsm_store, isolated_home),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr.decode("utf-8", "replace")
    out = json.loads(proc.stdout)
    verdicts = [item["reform"] for item in out]
    assert all(v == verdicts[0] for v in verdicts)
    assert verdicts[0]["status"] == "needs_change"


@pytest.mark.parametrize(
    "subject",
    [
        "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN",
        "E=a@b.vn,CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,ST=Thái Bình,C=VN",
        "C=VN",
    ],
)
def test_rfc_strings_read_as_before(subject: str) -> None:
    holder = read_holder(subject)
    assert holder.attributes[0].key == "C"
