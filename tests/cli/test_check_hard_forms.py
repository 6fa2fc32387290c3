"""`kyso check` on the hard forms of issue 15 item 1 and the two-tier findings of fold 8.

Through the real command: ASCII-folded and ALL CAPS subjects get one spelling with marks;
L naming the old district under the new province is proposed anew; a commune under a
district that did not contain it is said so. The forms go through one process in both
orders (``--subjects-from``, the batch's shared verdicts) and each gets its own answer.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import kyso_cli_env, kyso_cmd

ASCII = "CN=Dang uy xa Vu Hoi,O=Dang uy huyen Vu Thu,ST=Thai Binh,C=VN"
MARKS = "CN=Đảng ủy xã Vũ Hội,O=Đảng ủy huyện Vũ Thư,ST=Thái Bình,C=VN"
CAPS = "CN=DANG UY XA VU HOI,O=DANG UY HUYEN VU THU,ST=THAI BINH,C=VN"
UNKNOWN_WORD = "CN=Ban Quan ly Cho xa Vu Hoi,L=Thai Binh,C=VN"
L_DISTRICT = "CN=UBND xã Vũ Hội,L=Vũ Thư,ST=Hưng Yên,C=VN"
OTHER_DISTRICT = "CN=Đảng ủy xã Vũ Hội,O=Thành ủy thành phố Thái Bình,ST=Thái Bình,C=VN"
DNS = [ASCII, MARKS, CAPS, UNKNOWN_WORD, L_DISTRICT, OTHER_DISTRICT]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=120)


def test_hard_forms_through_the_command(softhsm_store, isolated_home, tmp_path: Path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    by_order = {}
    for order, dns in (("ascii-first", DNS), ("marks-first", DNS[::-1])):
        listing = tmp_path / f"{order}.txt"
        listing.write_text("\n".join(dns) + "\n", encoding="utf-8")
        proc = _run(env, "check", "--json", "--subjects-from", str(listing))
        assert proc.returncode == 3, proc.stderr
        by_order[order] = {r["subject"]: r["reform"] for r in json.loads(proc.stdout)}
    assert by_order["ascii-first"] == by_order["marks-first"]
    got = by_order["ascii-first"]
    party = {"CN": "Đảng ủy xã Thư Vũ", "O": "Tỉnh ủy Hưng Yên", "ST": "Hưng Yên"}
    assert got[ASCII]["proposed"] == got[MARKS]["proposed"] == party
    assert got[CAPS]["proposed"] == {k: v.upper() for k, v in party.items()}
    assert got[UNKNOWN_WORD]["proposed"]["CN"] == "Ban Quản lý Cho xã Thư Vũ"
    assert got[L_DISTRICT]["district"] == {"old": "Huyện Vũ Thư"}
    assert got[L_DISTRICT]["proposed"] == {"CN": "UBND xã Thư Vũ", "L": "Thư Vũ"}
    assert any("không thuộc Thành phố Thái Bình" in r for r in got[OTHER_DISTRICT]["reasons"])
    # The text output, one subject alone: the same proposals.
    plain = _run(env, "check", "--subject", CAPS)
    assert "đề xuất CN = ĐẢNG ỦY XÃ THƯ VŨ" in plain.stdout, plain.stdout
    plain = _run(env, "check", "--subject", L_DISTRICT)
    assert "đề xuất L = Thư Vũ" in plain.stdout, plain.stdout
