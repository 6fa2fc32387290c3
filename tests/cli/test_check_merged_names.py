"""`kyso check` on a department merged by Nghị định 45/2025 (review session 6, item 16).

The JSON's ``kept_names`` means "its name is kept, check with the unit" (README); a merged
department's name is *not* kept — the GUI, the CSV/XLSX and the text output all ask for its
new name. The JSON lists it in ``merged_names`` (a key added after the others: keys only
grow), never in ``kept_names``, and every face says the same.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest

from kyso.cli import check as check_cli
from kyso.core.app.environment import Environment
from kyso.core.checkup.certificate import check_subject_only
from kyso.core.checkup.export import HEADERS, CheckRow, write_csv
from kyso.core.reform.check import check_subject, clear_caches
from kyso.core.reform.result import encode_result
from kyso.core.settings import Paths, load_settings

MERGED = (
    "UID=CCCD:034080001111,CN=Nguyễn Văn A,OU=Sở Lao động - Thương binh và Xã hội,"
    "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
)
HOSPITAL = "CN=Bệnh viện Đa khoa tỉnh Thái Bình,O=Sở Y tế tỉnh Thái Bình,L=Thái Bình,C=VN"
ASKED = "(cơ quan đã hợp nhất từ 01/3/2025; kiểm tra tên cơ quan mới với đơn vị)"


def _run(capsys, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    check_cli.add_check_commands(parser.add_subparsers())
    args = parser.parse_args(["check", *argv])
    env = Environment(load_settings(Paths.default()), modules=[])
    code = args.func(args, env)
    return code, capsys.readouterr().out


@pytest.mark.usefixtures("isolated_home")
def test_json_lists_a_merged_department_apart_from_kept_names(capsys) -> None:
    code, out = _run(capsys, "--json", "--subject", MERGED, "--subject", HOSPITAL)
    assert code == 3
    merged, hospital = (row["reform"] for row in json.loads(out))
    assert merged["status"] == "check_with_unit"
    assert merged["kept_names"] == [] and merged["merged_names"] == ["OU"]
    assert "OU" not in merged["proposed"]
    assert merged["proposed"] == {"O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"}
    # an institution's name is still kept, and nothing is called merged
    assert hospital["kept_names"] == ["CN"] and hospital["merged_names"] == []
    assert list(merged)[-1] == "merged_names"  # added last: older keys keep their places


def test_the_fast_json_text_is_json_dumps() -> None:
    for subject in (MERGED, HOSPITAL):
        clear_caches()
        result = check_subject(subject)
        assert encode_result(result) == json.dumps(result.to_json(), ensure_ascii=False)
        assert result.json_text() == json.dumps(result.to_json(), ensure_ascii=False)


@pytest.mark.usefixtures("isolated_home")
def test_every_face_asks_for_the_new_name(capsys, tmp_path: Path) -> None:
    code, text = _run(capsys, "--subject", MERGED)
    assert code == 3
    assert f"đề xuất OU = {ASKED}" in text
    assert "giữ nguyên" not in text
    out = write_csv([CheckRow("T", "S", "Nguyễn Văn A", check_subject_only(MERGED))],
                    tmp_path / "c.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        row = list(csv.reader(fh))[1]
    assert row[HEADERS.index("Đề xuất thay đổi")].startswith(f"OU = {ASKED}")
    result = check_subject(MERGED)
    assert result.proposed_fields("vi")["OU"] == ASKED
    assert result.merged_names == ["OU"] and result.kept_names == []
