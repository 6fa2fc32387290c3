"""Lookups of units as old certificates name them: a district by its type before its
upgrade, a ward numbered the other way, a commune merged or renamed before 2025 (the data
set's ``wardAlias``, carried into the table as ``old_communes.aliases``)."""

from __future__ import annotations

import pytest

from kyso.core.subjects import admin_units_build
from kyso.core.subjects.admin_units import AdminUnits, load, other_numeral


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return load()


def _district(units: AdminUnits, name: str, province: str):
    p = units.province(province)
    return next(d for d in units.old_districts if d.name == name and d.province is p)


def test_district_by_its_type_before_the_upgrade(units: AdminUnits) -> None:
    hai_phong = units.province("Hải Phòng")
    assert [d.name for d in units.districts_by_key("huyen", "thuynguyen", hai_phong)] == [
        "Thành phố Thủy Nguyên"
    ]
    assert [d.name for d in units.districts_by_key("thixa", "tuson")] == ["Thành phố Từ Sơn"]
    assert [d.name for d in units.districts_by_key("quan", "thuduc")] == ["Thành phố Thủ Đức"]
    # The scan reads them; the strict name test does not.
    assert units.can_name("huyen", "thuynguyen") and not units.has_name("huyen", "thuynguyen")
    assert "thuynguyen" in units.names_of_type("huyen")


def test_the_written_type_wins_and_no_downgrade_is_read(units: AdminUnits) -> None:
    ha_tinh = units.province("Hà Tĩnh")
    assert [d.name for d in units.districts_by_key("huyen", "kianh", ha_tinh)] == ["Huyện Kỳ Anh"]
    # "quận Vũ Thư": a huyện was never a quận before: not read.
    assert units.districts_by_key("quan", "vuthu") == []
    assert not units.can_name("quan", "vuthu")
    # Another province's district of that name is not taken.
    assert units.districts_by_key("huyen", "thuynguyen", units.province("Thái Bình")) == []


def test_ward_numbers_arabic_and_roman(units: AdminUnits) -> None:
    assert other_numeral("1") == "i" and other_numeral("xii") == "12"
    assert other_numeral("14") == "xiv" and other_numeral("vithanh") is None
    vi_thanh = _district(units, "Thành phố Vị Thanh", "Hậu Giang")
    found = units.communes_by_key("phuong", "1", district=vi_thanh)
    assert [c.name for c in found] == ["Phường I"]
    assert not units.alias_of(found[0], "phuong", "1")
    quan3 = _district(units, "Quận 3", "Hồ Chí Minh")
    assert [c.name for c in units.communes_by_key("phuong", "xii", district=quan3)] == ["Phường 12"]
    # Only where the number written is missing: "Phường 1" of Quận 3 is itself.
    assert [c.name for c in units.communes_by_key("phuong", "1", district=quan3)] == ["Phường 1"]


def test_commune_merged_before_2025(units: AdminUnits) -> None:
    son_tay = _district(units, "Thị xã Sơn Tây", "Hà Nội")
    for name_key in ("leloi", "quangtrung"):
        found = units.communes_by_key("phuong", name_key, district=son_tay)
        assert [c.name for c in found] == ["Phường Ngô Quyền"]
        assert units.alias_of(found[0], "phuong", name_key)
        assert units.can_name("phuong", name_key)
    # A real ward of the name comes first: Quận Đống Đa's Phường Quang Trung.
    dong_da = _district(units, "Quận Đống Đa", "Hà Nội")
    real = units.communes_by_key("phuong", "quangtrung", district=dong_da)
    assert [c.name for c in real] == ["Phường Quang Trung"]
    assert not units.alias_of(real[0], "phuong", "quangtrung")
    # Within Hà Nội the real wards of the name, not the alias.
    in_ha_noi = units.communes_by_key("phuong", "quangtrung", province=units.province("Hà Nội"))
    assert "Phường Ngô Quyền" not in [c.name for c in in_ha_noi]


def test_typed_aliases_of_the_data_set() -> None:
    typed = admin_units_build._typed_aliases
    assert typed('["phuongleloi", "leloi", "phuongquangtrung", "quangtrung"]') == [
        "phuongleloi",
        "phuongquangtrung",
    ]
    # "phuongdo" is the bare name of "xaphuongdo" (Xã Phương Độ), not a ward "Đỗ".
    assert typed('["xaphuongdo", "phuongdo", "xasenchieu", "senchieu"]') == [
        "xaphuongdo",
        "xasenchieu",
    ]
    assert typed('["xathongnhat"]') == ["xathongnhat"]  # re-typed: xã -> phường
    assert typed('["phuong01", "ttkyson", "yenvien"]') == ["phuong1"]  # folded as Kyso does
    assert typed(None) == []


def _spellings(name_key: str) -> list[str]:
    """``name_key`` and the keys that fold to it with a final y instead of each final i."""
    from kyso.core.subjects.admin_units import final_i_in_key

    found = [name_key]
    for at, char in enumerate(name_key):
        if char == "i":
            for known in list(found):
                other = known[:at] + "y" + known[at + 1 :]
                if final_i_in_key(other) == name_key:
                    found.append(other)
    return found


def test_aliases_agree_with_the_packages_legacy_parser(units: AdminUnits) -> None:
    """Every 8th alias, written out under its district and province, is read by the data
    package's own parser as the commune Kyso finds for it."""
    from vietnamadminunits import ParseMode, parse_address

    index = units._commune_alias
    keys = sorted(index)[::8]
    assert len(keys) > 150
    checked = 0
    for key in keys:
        at = index[key]
        for position in [at] if isinstance(at, int) else at:
            commune = units.old_communes[position]
            type_key = next(t for t in ("thitran", "phuong", "xa") if key.startswith(t))
            d = commune.district
            # The key is folded as Kyso folds (a final y written i: "lithuongkiet"); the
            # parser reads the data set's own spelling, which may have the y.
            for name_key in _spellings(key[len(type_key) :]):
                address = f"{type_key} {name_key}, {d.name}, {d.province.name}"
                read = parse_address(address, mode=ParseMode.LEGACY, level=3)
                if read.ward is not None:
                    break
            if read.district != d.name:
                continue  # the parser did not place the district: no answer to compare
            assert read.ward == commune.name, (key, address, read.ward)
            checked += 1
    assert checked > 100


def test_district_names_by_type_read_from_the_index(units: AdminUnits) -> None:
    """The names the upgrade rule reads, taken from the index without folding, are the
    districts' own names, type by type."""
    from kyso.core.subjects.admin_units import TYPE_KEYS, fold

    for type_key in ("huyen", "quan", "thixa", "thanhpho"):
        want = {fold(d.short) for d in units.old_districts if TYPE_KEYS[d.kind] == type_key}
        assert units._district_names(type_key) == want, type_key
