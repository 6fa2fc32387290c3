"""L written as an address with the commune and the district ("Số 10 Lê Lợi, Phường 1,
Quận 3") under an ST naming the province (issue 15 item 1, "every proposed attribute"): L
becomes the holder's new commune. The commune's own rename, proposed first inside the value,
was applied again under the whole-value one, so a name of another length left the tail of
the old text behind ("Phường Bàn Cờuận 3"); and the new commune was written in the style of
the district's abbreviation ("TP Thái Bình" gave "P. Thái Bình" for "phường Tiền Phong").

Expected values from the maintained packages (tests.support.admin_packages): Phường 1 (Quận
3, Hồ Chí Minh) -> Phường Bàn Cờ; Phường Tiền Phong (TP Thái Bình) -> Phường Thái Bình (Hưng
Yên)."""

from __future__ import annotations

import pytest

from kyso.core.reform.check import check_subject
from tests.support.admin_packages import package_successor


@pytest.mark.parametrize(
    ("subject", "old_key", "written"),
    [
        (
            "CN=Nguyễn Văn A,L=Số 10 Lê Lợi\\, Phường 1\\, Quận 3,ST=TP Hồ Chí Minh,C=VN",
            "thanhphohochiminh_quan3_phuong1",
            "Phường",
        ),
        (
            "CN=Nguyễn Văn A,L=Số 10 Lê Lợi\\, phường Tiền Phong\\, TP Thái Bình,ST=Thái Bình,C=VN",
            "tinhthaibinh_thanhphothaibinh_phuongtienphong",
            "phường",
        ),
        (
            "CN=Nguyễn Văn A,L=Thôn Lạc Dục\\, xã Vũ Hội\\, huyện Vũ Thư,ST=Thái Bình,C=VN",
            "tinhthaibinh_huyenvuthu_xavuhoi",
            "xã",
        ),
    ],
)
def test_l_is_the_new_commune_written_as_the_old_one_was(
    subject: str, old_key: str, written: str
) -> None:
    _, commune = package_successor(old_key)
    result = check_subject(subject)
    assert result.commune_new == [commune]
    assert result.proposed["L"] == f"{written} {commune.split(' ', 1)[1]}"
