"""Fixes for the review session 6b findings on districts dissolved before 2025 and old
commune names (items 5, 7, 8, 11): the limits of each rule, beyond the reviewer's cases."""

from __future__ import annotations

from tests.support.admin_packages import verdict


def test_commune_named_decides_for_the_district_dissolved_before_2025() -> None:
    # Xã Mông Hóa was a commune of the Kỳ Sơn of Hòa Bình (merged into Thành phố Hòa Bình
    # in 2019), not of Nghệ An's: the commune tells which Kỳ Sơn is meant.
    got = verdict("CN=UBND xã Mông Hóa,O=UBND huyện Kỳ Sơn,C=VN")
    assert got["province"]["old"] == "Hòa Bình", got
    assert got["district"]["old"] == "Huyện Kỳ Sơn", got


def test_live_district_beats_the_one_dissolved_before_2025_without_a_commune() -> None:
    got = verdict("CN=UBND huyện Kỳ Sơn,C=VN")
    assert got["province"]["old"] == "Nghệ An", got
    assert got["status"] == "unit_abolished", got


def test_former_district_spelt_as_written_is_not_beaten_by_a_live_one_spelt_otherwise() -> None:
    # "Tân Thành" is the former district of Bà Rịa - Vũng Tàu as written; Long An's
    # "Tân Thạnh" only folds alike: no province is guessed.
    got = verdict("CN=UBND huyện Tân Thành,C=VN")
    assert got["status"] == "unknown", got
    got = verdict("CN=UBND huyện Tân Thành,L=Bà Rịa - Vũng Tàu,C=VN")
    assert got["status"] == "unit_abolished", got
    assert got["district"]["old"] == "Huyện Tân Thành", got


def test_town_written_before_the_district_upgrade_is_its_ward() -> None:
    got = verdict("CN=UBND thị trấn Minh Đức,O=UBND huyện Thủy Nguyên,L=Hải Phòng,C=VN")
    assert (got["commune"] or {}).get("old") == "Phường Minh Đức", got
    assert got["status"] == "needs_change", got
    assert any("tên trước khi nâng cấp của Phường Minh Đức" in r for r in got["reasons"])


def test_commune_type_is_not_read_loosely_when_the_district_is_named_by_its_type() -> None:
    # Thành phố Thủy Nguyên named as such: "xã Lập Lễ" is not its Phường Lập Lễ.
    got = verdict("CN=UBND xã Lập Lễ,O=UBND thành phố Thủy Nguyên,L=Hải Phòng,C=VN")
    assert (got["commune"] or {}).get("old") != "Phường Lập Lễ", got


def test_old_commune_name_of_one_commune_in_the_district_is_said_merged() -> None:
    got = verdict("CN=UBND xã Bình Lăng,O=UBND huyện Hà Quảng,L=Cao Bằng,C=VN")
    assert got["commune"]["old"] == "Xã Thanh Long", got
    assert any("đã được sáp nhập vào Xã Thanh Long (Huyện Hà Quảng)" in r for r in got["reasons"])


def test_ambiguous_old_commune_name_lists_both_communes_it_went_to() -> None:
    got = verdict("CN=UBND xã Bình Lăng,L=Cao Bằng,C=VN")
    reasons = " ".join(got["reasons"])
    assert "Xã Thanh Long (Huyện Hà Quảng), Xã Độc Lập (Huyện Quảng Hòa)" in reasons, reasons
    assert "đã được chia" not in reasons, reasons


def test_former_district_named_by_its_name_in_the_reasons() -> None:
    got = verdict("CN=UBND HUYỆN HOÀNH BỒ,L=QUẢNG NINH,C=VN")
    reasons = " ".join(got["reasons"])
    assert "“Huyện Hoành Bồ” đã giải thể trước 2025" in reasons, reasons
    assert "HUYỆN HOÀNH BỒ”" not in reasons, reasons
