"""A commune written without diacritics that names two old communes of one district (issue
15 item 1: ASCII-folded forms): "xa Truc Hung" is Xã Trực Hưng or Xã Trực Hùng (huyện Trực
Ninh, Nam Định), which went to different new communes. Until it is picked nothing can be
proposed for it, so the verdict asks which new commune (pick_unit, as for a split commune)
— a change request that kept "UBND xa Truc Hung" would name a commune that no longer
exists — and the reason names the old communes themselves, not their one district twice.

The oracle (both maintained packages agree, tests.support.admin_packages): Xã Trực Hưng ->
Xã Trực Ninh, Xã Trực Hùng -> Xã Ninh Cường (Ninh Bình); Xã Nậm Cắn -> Xã Nậm Cắn, Xã Nậm
Càn -> Xã Na Ngoi (Nghệ An); Xã Hoằng Quý -> Xã Hoằng Phú, Xã Hoằng Quỳ -> Xã Hoằng Giang
(Thanh Hóa)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject, propose_unit
from tests.support.admin_packages import package_successor

CASES = [
    (
        "CN=UBND xa Truc Hung,O=UBND huyen Truc Ninh,ST=Nam Dinh,C=VN",
        "CN",
        ["Xã Trực Hưng", "Xã Trực Hùng"],
    ),
    (
        "CN=UBND XA NAM CAN,O=UBND HUYEN KY SON,ST=NGHE AN,C=VN",
        "CN",
        ["Xã Nậm Cắn", "Xã Nậm Càn"],
    ),
    (
        "CN=Nguyen Van A,OU=UBND xa Hoang Quy,O=UBND huyen Hoang Hoa,L=Thanh Hoa,C=VN",
        "OU",
        ["Xã Hoằng Quý", "Xã Hoằng Quỳ"],
    ),
]


def _successors(olds: list[str]) -> list[str]:
    import sqlite3

    from tests.support.admin_packages import _vau

    found = []
    with sqlite3.connect(_vau() / "dataset.db") as db:
        for old in olds:
            ((pk, dk, wk),) = db.execute(
                "SELECT provinceKey, districtKey, wardKey FROM admin_units_legacy WHERE ward=?",
                (old,),
            ).fetchall()
            found.append(package_successor(f"{pk}_{dk}_{wk}")[1])
    return found


@pytest.mark.parametrize(("subject", "key", "olds"), CASES)
def test_the_new_commune_is_asked(subject: str, key: str, olds: list[str]) -> None:
    successors = _successors(olds)
    assert len(set(successors)) == 2
    result = check_subject(subject)
    assert result.status == "needs_change"
    assert sorted(result.commune_new) == sorted(successors)
    assert result.pick_unit == key
    assert sorted(result.pick_choices) == sorted(successors)
    assert key not in result.proposed  # nothing proposed until it is picked
    said = " ".join(r.vi for r in result.reasons)
    for old in olds:  # the old communes themselves, each with its district
        assert old in said
    asked = result.proposed_fields("vi")[key]
    assert asked.startswith("(tên ghi ứng với nhiều xã/phường cũ: chọn đơn vị mới, ")
    assert "several old communes" in result.proposed_fields("en")[key]
    picked = propose_unit(result, successors[1])
    assert successors[1].split(" ", 1)[1].upper() in picked[key].upper()


def test_one_spelling_with_marks_is_not_asked() -> None:
    result = check_subject("CN=UBND xã Trực Hùng,O=UBND huyện Trực Ninh,ST=Nam Định,C=VN")
    assert result.pick_unit is None
    assert result.proposed["CN"] == "UBND xã Ninh Cường"
