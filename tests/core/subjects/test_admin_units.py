"""The bundled table of administrative units: contents, lookups, and regeneration."""

from __future__ import annotations

import importlib.metadata
import time

import pytest

from kyso.core.subjects import admin_units_build
from kyso.core.subjects.admin_units import (
    AdminUnits,
    fold,
    load,
    new_communes_of,
    read_table,
    table_path,
)


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return load()


def test_regenerating_reproduces_the_committed_table() -> None:
    try:
        importlib.metadata.version("vietnamadminunits")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(
            "vietnamadminunits is not installed, so the committed table cannot be checked: "
            "pip install 'vietnamadminunits>=1.0.4' (test extra)"
        )
    fresh = admin_units_build.generate()
    committed = table_path().read_bytes()
    assert fresh == committed, (
        "resources/admin_units is stale: run `python -m kyso.core.subjects.admin_units_build` and "
        "commit the result"
    )


def test_source_is_recorded(units: AdminUnits) -> None:
    assert units.source["package"] == "vietnamadminunits"
    assert units.source["version"]
    assert units.source["data_date"] != "unknown"
    assert units.source["license"] == "MIT"


def test_counts(units: AdminUnits) -> None:
    assert len(units.old_provinces) == 63
    assert len(units.new_provinces) == 34
    assert len(units.new_communes) == 3321
    assert len(units.old_districts) == 696
    assert len(units.old_communes) > 10000


def test_table_is_small() -> None:
    assert table_path().stat().st_size < 1_000_000


def test_load_is_fast() -> None:
    start = time.perf_counter()
    AdminUnits(read_table(table_path()))
    assert time.perf_counter() - start < 1.0  # the 100 ms floor is measured in tests/bench


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Tuyên Quang", "Tuyên Quang"),
        ("Hà Giang", "Tuyên Quang"),
        ("Lào Cai", "Lào Cai"),
        ("Yên Bái", "Lào Cai"),
        ("Thái Nguyên", "Thái Nguyên"),
        ("Bắc Kạn", "Thái Nguyên"),
        ("Phú Thọ", "Phú Thọ"),
        ("Vĩnh Phúc", "Phú Thọ"),
        ("Hòa Bình", "Phú Thọ"),
        ("Bắc Ninh", "Bắc Ninh"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Hưng Yên", "Hưng Yên"),
        ("Thái Bình", "Hưng Yên"),
        ("Hải Phòng", "Hải Phòng"),
        ("Hải Dương", "Hải Phòng"),
        ("Ninh Bình", "Ninh Bình"),
        ("Hà Nam", "Ninh Bình"),
        ("Nam Định", "Ninh Bình"),
        ("Quảng Trị", "Quảng Trị"),
        ("Quảng Bình", "Quảng Trị"),
        ("Đà Nẵng", "Đà Nẵng"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Quảng Ngãi", "Quảng Ngãi"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Gia Lai", "Gia Lai"),
        ("Bình Định", "Gia Lai"),
        ("Khánh Hòa", "Khánh Hòa"),
        ("Ninh Thuận", "Khánh Hòa"),
        ("Lâm Đồng", "Lâm Đồng"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Bình Thuận", "Lâm Đồng"),
        ("Đắk Lắk", "Đắk Lắk"),
        ("Phú Yên", "Đắk Lắk"),
        ("Hồ Chí Minh", "Hồ Chí Minh"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Đồng Nai", "Đồng Nai"),
        ("Bình Phước", "Đồng Nai"),
        ("Tây Ninh", "Tây Ninh"),
        ("Long An", "Tây Ninh"),
        ("Cần Thơ", "Cần Thơ"),
        ("Sóc Trăng", "Cần Thơ"),
        ("Hậu Giang", "Cần Thơ"),
        ("Vĩnh Long", "Vĩnh Long"),
        ("Bến Tre", "Vĩnh Long"),
        ("Trà Vinh", "Vĩnh Long"),
        ("Đồng Tháp", "Đồng Tháp"),
        ("Tiền Giang", "Đồng Tháp"),
        ("Cà Mau", "Cà Mau"),
        ("Bạc Liêu", "Cà Mau"),
        ("An Giang", "An Giang"),
        ("Kiên Giang", "An Giang"),
        ("Hà Nội", "Hà Nội"),
        ("Huế", "Huế"),
        ("Lai Châu", "Lai Châu"),
        ("Điện Biên", "Điện Biên"),
        ("Sơn La", "Sơn La"),
        ("Lạng Sơn", "Lạng Sơn"),
        ("Quảng Ninh", "Quảng Ninh"),
        ("Thanh Hóa", "Thanh Hóa"),
        ("Nghệ An", "Nghệ An"),
        ("Hà Tĩnh", "Hà Tĩnh"),
        ("Cao Bằng", "Cao Bằng"),
    ],
)
def test_province_mapping_matches_domain_reference(units: AdminUnits, old: str, new: str) -> None:
    """domain.md §1, which quotes Nghị quyết 202/2025/QH15."""
    province = units.province(old)
    assert province is not None
    assert province.new.short == new


@pytest.mark.parametrize(
    ("written", "short"),
    [
        ("Thừa Thiên Huế", "Huế"),
        ("Thừa Thiên - Huế", "Huế"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("TP HCM", "Hồ Chí Minh"),
        ("thanh pho ho chi minh", "Hồ Chí Minh"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("DAK LAK", "Đắk Lắk"),
        ("Hoà Bình", "Hòa Bình"),
        ("tỉnh Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Ba Ria Vung Tau", "Bà Rịa - Vũng Tàu"),
        ("THANH HOÁ", "Thanh Hóa"),
        ("Tp. Hà Nội", "Hà Nội"),
    ],
)
def test_province_spellings(units: AdminUnits, written: str, short: str) -> None:
    province = units.province(written)
    assert province is not None and province.short == short


def test_same_name_district_pairs_keep_their_type(units: AdminUnits) -> None:
    for name, province in [
        ("Kỳ Anh", "Hà Tĩnh"),
        ("Cai Lậy", "Tiền Giang"),
        ("Duyên Hải", "Trà Vinh"),
        ("Cao Lãnh", "Đồng Tháp"),
        ("Hồng Ngự", "Đồng Tháp"),
        ("Long Mỹ", "Hậu Giang"),
    ]:
        found = units.districts_by_key("", fold(name), units.province(province))
        assert len(found) == 2, name
        assert found[0].kind != found[1].kind
        assert found[0].successors != found[1].successors
        assert "Huyện" in {d.kind for d in found}


def test_split_commune_lists_all_candidates(units: AdminUnits) -> None:
    split = [c for c in units.old_communes if len(c.successors) > 1]
    assert len(split) > 400
    for commune in split:
        assert commune.default is None or commune.default in commune.successors


def test_every_old_commune_has_a_successor_in_the_new_province(units: AdminUnits) -> None:
    for commune in units.old_communes:
        assert commune.successors
        assert all(s.province is commune.province.new for s in commune.successors)


def test_new_communes_of_a_province() -> None:
    names = new_communes_of("Thái Bình")  # an old name gives the new province's communes
    assert names == new_communes_of("Hưng Yên")
    assert "Phường Thái Bình" in names
    assert new_communes_of("Atlantis") == []


def test_fold() -> None:
    assert fold("Thị xã Kỳ Anh") == "thixakianh" == fold("Thị xã Kì Anh")
    assert fold("Phường 01") == fold("phuong 1")
    assert fold("ĐẮK LẮK") == "daklak"
    assert fold("Hoà Bình") == fold("Hòa Bình")


def test_build_main_writes_to_a_folder(tmp_path) -> None:
    assert admin_units_build.main(["--out", str(tmp_path)]) == 0
    assert (tmp_path / admin_units_build.TABLE_FILE).read_bytes() == table_path().read_bytes()


def test_fold_words_token_by_token_is_folding_the_whole_text() -> None:
    """fold_words folds each space-separated token once (cached): the same words as
    folding the whole text at once, on names and on random mixes of marks, spaces and
    letters whose case or decomposition is special."""
    import random
    import re
    import unicodedata

    from kyso.core.subjects import admin_units

    def whole(text: str) -> list[str]:
        plain = re.sub("[\u0300-\u036f]+", "", unicodedata.normalize("NFD", text))
        plain = plain.replace("đ", "d").replace("Đ", "d").lower()
        plain = re.sub(r"(?<![0-9])0+(?=[0-9])", "", plain)
        words = re.sub(r"[^0-9a-z]+", " ", plain).split()
        # A final y after a consonant onset is folded i ("ky" -> "ki", "quy" -> "qui").
        final_y = r"(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)y"
        return [w[:-1] + "i" if re.fullmatch(final_y, w) else w for w in words]

    units = admin_units.load()
    texts = [u.name for u in units.new_communes] + [u.name for u in units.old_districts]
    texts += ["Phường 01", "phuong 0 1", "X. 007a", "TP.HCM", "Thị  xã\tKỳ\u00a0Anh"]
    alphabet = "aAđĐ0019 \t\n\u00a0\u2003\u0301\u0300\u0323ΣσİıẞßẠạ.,-_/\x1c\x1f\x85ỹ\u3000"
    rnd = random.Random(15)
    texts += ["".join(rnd.choices(alphabet, k=rnd.randint(0, 12))) for _ in range(20_000)]
    admin_units.clear_fold_caches()
    assert [admin_units.fold_words(t) for t in texts] == [whole(t) for t in texts]
    # warm: every token now cached
    assert [admin_units.fold_words(t) for t in texts] == [whole(t) for t in texts]


def test_province_by_key_with_a_type_word_in_front() -> None:
    units = load()
    thai_binh = units.province("Thái Bình")
    assert thai_binh is not None
    for key in ("thaibinh", "tinhthaibinh", "thanhphothaibinh", "tpthaibinh"):
        assert units.province_by_key(key) is thai_binh, key
    for key in ("tinh", "tp", "thanhpho", "", "xathaibinh", "tinhxathaibinh"):
        assert units.province_by_key(key) is None, key
