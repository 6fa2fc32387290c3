"""The table's format 3: columns, ready-made indexes, old communes built on first use."""

from __future__ import annotations

import pytest

from kyso.core.subjects.admin_units import (
    FORMAT,
    AdminUnits,
    AdminUnitsError,
    load,
    read_table,
    table_path,
)


def test_the_committed_table_is_format_2() -> None:
    table = read_table(table_path())
    assert table["format"] == FORMAT == 3
    for name in ("new_communes", "old_districts", "old_communes"):
        columns = table[name]
        assert isinstance(columns["name"], str) and isinstance(columns["index"]["keys"], str)
        assert len(columns["type"]) == columns["name"].count("\n") + 1


def test_another_format_is_refused() -> None:
    table = read_table(table_path())
    table["format"] = 1
    with pytest.raises(AdminUnitsError) as info:
        AdminUnits(table)
    assert info.value.code == "admin_units" and "format 1" in info.value.message("en")


def test_old_communes_are_built_once() -> None:
    units = AdminUnits(read_table(table_path()))
    communes = units.old_communes
    assert communes[5] is communes[5]
    assert communes[-1] is communes[len(communes) - 1]
    assert communes[3:6] == [communes[3], communes[4], communes[5]]
    with pytest.raises(IndexError):
        communes[len(communes)]
    found = units.communes_by_key("xa", "tanlap")
    assert found and all(communes[c.index] is c for c in found)
    assert all(c.district is units.old_districts[c.district.index] for c in found)


def test_lookups_by_typed_and_bare_keys() -> None:
    units = load()
    kinds = {d.kind for d in units.districts_by_key("", "kianh")}
    assert kinds == {"Huyện", "Thị xã"}
    assert [d.kind for d in units.districts_by_key("thixa", "kianh")] == ["Thị xã"]
    assert units.has_name("huyen", "vuthu") and not units.has_name("quan", "vuthu")
    assert units.new_communes_by_key("xa", "vuthu")[0].name == "Xã Vũ Thư"
    assert units.communes_by_key("nope", "nothing") == []
