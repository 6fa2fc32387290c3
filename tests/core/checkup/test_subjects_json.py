"""``kyso check --json`` on many subjects: the batch's shortcut gives the same texts.

:func:`subjects_json` checks each :func:`subject_pattern` once; these tests hold it to the
text :meth:`CertificateCheck.json_text` gives subject by subject, on the hard test set and
on odd spellings that must bypass or must not fool the shortcut.
"""

from __future__ import annotations

import pytest

from kyso.core.checkup.certificate import (
    check_subject_only,
    collections_paused,
    subjects_json,
)
from kyso.core.reform.check import clear_caches
from kyso.core.subjects.holder import subject_pattern
from tests.core.reform.test_reform_hard import all_cases

ORG = "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN"
PERSON = "CN=Nguyễn Văn An,OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN"

ODD = [
    f"UID=MST:0101,{ORG}",
    f"UID=MST:0102,{ORG}",
    f"uid=MST:0103,{ORG}",
    f"0.9.2342.19200300.100.1.1=MST:0104,{ORG}",
    f"UID=CCCD:001,{PERSON}",
    f"UID=CCCD:002,{PERSON}",
    f"UID=MST:003,{PERSON}",  # a tax code: the kind changes, so must the verdict
    f"UID=CMND:004,{PERSON}",
    f"UID=,{PERSON}",
    f"UID= ,{PERSON}",
    f"UID=xyz,{PERSON}",
    f"serialNumber=CCCD-005,{PERSON}",
    f"{PERSON},E=a@b.vn",
    f"{PERSON},E=c@d.vn",
    f"{PERSON},E=",
    f"UID=CCCD:006,{PERSON.replace('Nguyễn Văn An', 'UBND xã Vũ Hội')}",
    "  " + f"UID=MST:0105,{ORG}" + " ",
    "/C=VN/L=Thái Bình/O=UBND huyện Vũ Thư/CN=UBND xã Vũ Hội/UID=MST:0106",
    r"UID=MST:0107,CN=UBND xã Vũ Hội\, Vũ Thư,O=UBND huyện Vũ Thư,C=VN",
    'UID=MST:0108,CN="UBND xã Vũ Hội",O=UBND huyện Vũ Thư,C=VN',
    f"UID=CCCD:007;UID=MST:008,{PERSON}",
    f"UID=CCCD:009+CN=Trần Bình,{PERSON}",
    f"UID=CCCD:010,CMND:011,{PERSON}",
    # hex-encoded values (BER UTF8String "CCCD:1", "CCCC:1"): one digit shape, two kinds
    f"UID=#0c06434343443a31,{ORG}",
    f"UID=#0c06434343433a31,{ORG}",
    f"UID=MST12:3,{PERSON}",
    f"UID=MST:12-3,{PERSON}",
    f"UID=CCCD:1.2/3,{PERSON}",
    # persons by their ID number: the name is not read (shared pattern) …
    f"UID=CCCD:012,{PERSON.replace('Nguyễn Văn An', 'Trần Thị Bình')}",
    f"UID=CCCD:013,{PERSON.replace('Nguyễn Văn An', 'UBND xã Vũ Hội')}",
    f"UID=CCCD:014,{PERSON.replace('CN=Nguyễn Văn An', 'CN=')}",
    "UID=CCCD:015,commonName=Lê Văn Chung,OU=UBND xã Vũ Hội,O=UBND huyện Vũ Thư",
    # … but it is when the IDs leave the kind open
    f"UID=CCCD:016,UID=MST:017,{PERSON}",
    f"UID=CCCD:018,UID=MST:019,{PERSON.replace('Nguyễn Văn An', 'UBND xã Vũ Hội')}",
    f"UID=CCCD:020,serialNumber=MST:021,{PERSON.replace('Nguyễn Văn An', 'UBND xã Vũ Hội')}",
    f"UID=XYZ:022,{PERSON.replace('Nguyễn Văn An', 'UBND xã Vũ Hội')}",
    f"UID=XYZ:023,{PERSON}",
    f"T=Chủ tịch,{PERSON.replace('Nguyễn Văn An', 'UBND xã Vũ Hội')}",
    f"UID=CCCD:x1,{PERSON}",
    f"UID=CCCD1:1,{PERSON}",
    "UID=MST:0109,",
    "",
    "CN=",
    "garbage without pieces",
]


def _one_by_one(subjects: list[str]) -> list[tuple[str, bool]]:
    out = []
    for s in subjects:
        check = check_subject_only(s)
        out.append((check.json_text(), check.has_findings))
    return out


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_same_texts_as_one_by_one(order: str) -> None:
    subjects = [c.subject for c in all_cases()] + ODD * 2
    if order == "backward":  # which subject of a pattern comes first must not matter
        subjects = subjects[::-1]
    expected = _one_by_one(subjects)
    clear_caches()
    with collections_paused():
        got = list(subjects_json(subjects))
    assert got == expected


def test_pattern_keeps_what_decides_the_kind() -> None:
    assert subject_pattern(f"UID=CCCD:001,{PERSON}") == subject_pattern(f"UID=CCCD:999,{PERSON}")
    assert subject_pattern(f"UID=MST:1,{ORG}") == subject_pattern(f"UID=MST:2,{ORG}")
    assert subject_pattern(f"{PERSON},E=a@b.vn") == subject_pattern(f"{PERSON},E=x@y.vn")
    # the scheme decides person or organization: never shared
    assert subject_pattern(f"UID=CCCD:001,{PERSON}") != subject_pattern(f"UID=MST:001,{PERSON}")
    assert subject_pattern(f"UID=,{PERSON}") != subject_pattern(f"UID=CCCD:1,{PERSON}")
    # a person known by a personal ID: the name is not read
    other = PERSON.replace("Nguyễn Văn An", "Trần Thị Bình")
    assert subject_pattern(f"UID=CCCD:1,{PERSON}") == subject_pattern(f"UID=CCCD:2,{other}")
    # an organization's name, or a name when the IDs leave the kind open, is
    assert subject_pattern(f"UID=MST:1,{PERSON}") != subject_pattern(f"UID=MST:1,{other}")
    assert subject_pattern(f"UID=CCCD:1,UID=MST:2,{PERSON}") != subject_pattern(
        f"UID=CCCD:1,UID=MST:2,{other}"
    )
    assert subject_pattern(PERSON) != subject_pattern(other)
    # anything but a unique attribute is kept as written
    assert subject_pattern(f"UID=MST:1,{ORG}") != subject_pattern(f"UID=MST:1,{ORG},ST=X")


@pytest.mark.parametrize(
    "subject",
    [
        "",
        "/C=VN/CN=UBND xã Vũ Hội",
        r"CN=UBND xã Vũ Hội\, Vũ Thư,C=VN",
        'CN="UBND",C=VN',
        "UID=CCCD:1;CN=A B",
        "UID=CCCD:1+CN=A B",
        "UID=CCCD:1,CMND:2,CN=A B",
        "CN=A,",
    ],
)
def test_odd_forms_are_read_in_full(subject: str) -> None:
    assert subject_pattern(subject) is None


# The place gives no case of its own ("P.1", "Q.3"): a proposal takes the case of the
# subject's values together, a person's name, UID and e-mail included (review 15c).
_UNIT = "OU=UBND P.1,O=UBND Q.3,ST=TP.HCM"
CASE_PAIRS = [
    (f"CN=NGUYỄN VĂN A,{_UNIT}", f"CN=Nguyễn Văn A,{_UNIT}"),
    (
        "CN=UBND P.1,O=UBND Q.3,ST=TP.HCM,E=VANPHONG@HCM.GOV.VN",
        "CN=UBND P.1,O=UBND Q.3,ST=TP.HCM,E=vanphong@hcm.gov.vn",
    ),
    # a person by a personal ID: the name is left out of the pattern, not its case
    (f"UID=CCCD:001,CN=NGUYỄN VĂN A,{_UNIT}", f"UID=CCCD:002,CN=Nguyễn Văn B,{_UNIT}"),
    (f"UID=CCCD:003,CN=NGUYỄN VĂN A,{_UNIT}", f"UID=cccd:004,CN=NGUYỄN VĂN A,{_UNIT}"),
    (f"UID=CCCD:005,CN=TRẦN BÌNH,{_UNIT},E=A@B.VN", f"UID=CCCD:006,CN=TRẦN BÌNH,{_UNIT},E=a@b.vn"),
]


def _alone(subject: str) -> tuple[str, bool]:
    clear_caches()
    with collections_paused():
        return next(iter(subjects_json([subject])))


@pytest.mark.parametrize("pair", CASE_PAIRS)
@pytest.mark.parametrize("order", ["upper_first", "mixed_first"])
def test_case_of_a_proposal_is_not_shared_between_subjects(
    pair: tuple[str, str], order: str
) -> None:
    """Each subject of a batch reads as when checked alone, whichever was checked first:
    "UBND P. BÀN CỜ" for the subject written all upper case, "UBND P. Bàn Cờ" for the other
    (neither the batch's patterns nor the shared verdicts may pass one's case to the other)."""
    subjects = list(pair) if order == "upper_first" else list(pair[::-1])
    alone = [_alone(s) for s in subjects]
    assert alone[0] != alone[1]  # each follows its own case
    assert alone == _one_by_one(subjects)
    clear_caches()
    with collections_paused():
        assert list(subjects_json(subjects)) == alone


def test_pattern_keeps_the_case_of_what_it_leaves_out() -> None:
    assert subject_pattern(f"UID=CCCD:1,CN=NGUYỄN VĂN A,{_UNIT}") != subject_pattern(
        f"UID=CCCD:2,CN=Nguyễn Văn A,{_UNIT}"
    )
    assert subject_pattern(f"{_UNIT},E=A@B.VN") != subject_pattern(f"{_UNIT},E=a@b.vn")
    # the same case: still shared
    assert subject_pattern(f"UID=CCCD:1,CN=NGUYỄN VĂN A,{_UNIT}") == subject_pattern(
        f"UID=CCCD:2,CN=TRẦN THỊ BÌNH,{_UNIT}"
    )
    assert subject_pattern(f"{_UNIT},E=a@b.vn") == subject_pattern(f"{_UNIT},E=c@d.vn")
