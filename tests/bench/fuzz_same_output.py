"""Differential fuzzing of ``kyso check --subjects-from``: this checkout against another.

The speed work on the two-tier check (issue 15) promises not one output byte differs.
:mod:`tests.bench.same_output` compares fixed sets; this one builds subject lists aimed at
the new caches' keys and at order effects (the same tail after different UIDs and CNs,
UIDs of one stem in different schemes, case/NFD/ASCII twins, same-named districts,
multi-valued RDNs, E/serialNumber in the tail, cache-clearing volumes, batch boundaries
of the text output, CRLF/BOM/blank lines), runs both CLIs on each file (``--json`` and
text) and compares stdout bytes and exit codes. On a difference it minimises the file
(the differing subject alone, then the shortest prefix before it) and prints both sides.

Run from the repository root::

    python -m tests.bench.fuzz_same_output /tmp/other-checkout [--seed N] [--only NAME]

Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable

HOME = Path(tempfile.mkdtemp(prefix="fuzz7home"))


def _env(tree: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree / "desktop")
    env["KYSO_HOME"] = str(HOME)
    env["KYSO_MACHINE_CONFIG"] = str(HOME / "machine.toml")
    env["KYSO_PKCS11_MODULES"] = ""
    env.update(extra or {})
    return env


def run(tree: Path, data: bytes, args: list[str], extra: dict[str, str] | None = None):
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
        f.write(data)
        name = f.name
    try:
        proc = subprocess.run(
            [PY, "-m", "kyso.cli", "check", "--subjects-from", name, *args],
            env=_env(tree, extra),
            capture_output=True,
            check=False,
        )
    finally:
        os.unlink(name)
    return proc.returncode, proc.stdout


# -- subjects --------------------------------------------------------------------------------


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def ascii_fold(text: str) -> str:
    out = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in out if not unicodedata.combining(c))


def case_variants(text: str) -> list[str]:
    return [
        text,
        text.upper(),
        text.lower(),
        text.title(),
        nfd(text),
        ascii_fold(text),
        ascii_fold(text).upper(),
    ]


UIDS = [
    "UID=MST:{n10}",
    "UID=MST:{n10}-001",
    "UID=CCCD:{n12}",
    "UID=CMND:{n9}",
    "UID=HC:{n9}",
    "UID=mst:{n10}",
    "UID=Mst:{n10}",
    "UID=MST: {n10}",
    "UID= MST:{n10}",
    "UID={n10}",
    "UID={n12}",
    "UID=MST:0{n9}",
    "UID=MST:A{n9}",
    "UID=CMND {n9}",
    "UID=CCCD:{n12},UID=MST:{n10}",
    "UID=MNS:{n7}",
    "UID=BHXH:{n10}",
    "UID=MST:{n10}.",
    "UID=CCCD:0{n11}",
    "UID=CCCD{n12}",
    "UID=MST-{n10}",
    "UID=MST:{n10} ",
    "UID=#0c0a",
    "UID=ĐDCN:{n9}",
    "UID=MST:{n10};CCCD:{n12}",
    "UID=CMND:{n9}0",
    "UID=PASSPORT:{n9}",
    "UID=MST:{n10},serialNumber=CCCD:{n12}",
    "UID=CCCD:{n12}+serialNumber=MST:{n10}",
    "UID=MST:{n10}\ufffd",
    "UID=\u00a0MST:{n10}",
    "UID=CCCD:{n12}\u00ad",
]

PERSON_CNS = [
    "Nguyễn Văn An",
    "NGUYỄN VĂN AN",
    "nguyễn văn an",
    "Trần Thị Hoà",
    "Lê Thuỷ",
    "Nguyen Van An",
    "Phạm Quý",
    nfd("Đặng Thị Bích"),
]


def org_cns(names: list[str]) -> list[str]:
    out = []
    for n in names:
        out += [
            f"UBND {n}",
            f"ỦY BAN NHÂN DÂN {n.upper()}",
            f"Văn phòng HĐND và UBND {n}",
            f"Phòng Tài chính - Kế hoạch {n}",
            f"ubnd {n.lower()}",
        ]
    return out


ODD_CNS = [
    "Nguyễn Văn An\\, Giám đốc",
    '"Nguyễn, Văn An"',
    "A+B",
    "#0c0a4e67",
    "Giám đốc Nguyễn Văn An",
    "Chủ tịch UBND",
    "",
    " ",
    "CN",
    "Nguyễn  Văn  An",
    "Nguyễn Văn An ",
    "Hoà Bình",
    "hoà",
    "Thuỷ Nguyên",
    "Ðặng Văn",
    "UBND Q.3",
    "Công ty TNHH Một thành viên",
    "Sở Y tế",
    "Báo Thái Bình",
    "Quận đoàn 3",
]


def rests(units, rnd: random.Random, k: int) -> list[str]:
    out = []
    for _ in range(k):
        c = rnd.choice(units.old_communes)
        d = c.district
        p = d.province
        nc = rnd.choice(units.new_communes)
        shapes = [
            f"O=UBND {p.name},L={p.short},C=VN",
            f"O=UBND {d.name},L={p.short},C=VN",
            f"O=UBND {c.name},ST={p.name},C=VN",
            f"T=Chuyên viên,OU=Phòng Nội vụ,OU=UBND {d.name},O=UBND {p.name},L={p.short},C=VN",
            f"2.5.4.12=Chủ tịch,OU=UBND {c.name},O=UBND {d.name},L={p.short},C=VN",
            f"OU=UBND {nc.name},O=UBND {nc.province.name},L={nc.province.short},C=VN",
            f"OU=UBND {c.kind.lower()} {c.short},OU=UBND {d.kind.lower()} {d.short},"
            f"ST={p.short},C=VN",
            f"OU=UBND Q.{rnd.randint(1, 12)},O=UBND {p.name},L={p.short},C=VN",
            f"O=UBND {d.kind} {d.short},L={p.short},L=Khác,C=VN",
            f"OU=Phòng GD&ĐT,OU=UBND {d.name},E=vp@{p.code}.gov.vn,O=UBND {p.name},C=VN",
            f"serialNumber=MST:{rnd.randint(0, 10**10):010d},O=UBND {d.name},C=VN",
            f"O=Sở Y tế {p.short},L={p.short},C=VN",
            f"O=UBND {d.name}+L={p.short},C=VN",
            f"OU=UBND {c.name},O=UBND {d.name},O=UBND {p.name},ST={p.short},C=VN",
            f"O=Công ty TNHH {c.short},L={d.short},ST={p.short},C=VN",
            f"O=Trường THCS {c.short},OU={d.name},L={p.short},C=VN",
            f"O=UBND {d.name}\ufffd,L={p.short},C=VN",
            f"O=UBND {d.name},L={p.short},,C=VN",
            f"O=UBND {d.name},L={p.short},C=VN,CN=Thừa",
        ]
        base = rnd.choice(shapes)
        out.append(rnd.choice(case_variants(base)) if rnd.random() < 0.4 else base)
    return out


def _uid(rnd: random.Random, template: str | None = None) -> str:
    t = template or rnd.choice(UIDS)
    return t.format(
        n7=f"{rnd.randint(0, 10**7 - 1):07d}",
        n9=f"{rnd.randint(0, 10**9 - 1):09d}",
        n10=f"{rnd.randint(0, 10**10 - 1):010d}",
        n11=f"{rnd.randint(0, 10**11 - 1):011d}",
        n12=f"{rnd.randint(0, 10**12 - 1):012d}",
    )


def same_rest_many_heads(units, rnd: random.Random, n: int) -> list[str]:
    """Few tails, every UID template and CN kind on each."""
    tails = rests(units, rnd, 40)
    names = [c.district.name for c in rnd.sample(units.old_communes, 10)]
    cns = PERSON_CNS + org_cns(names) + ODD_CNS
    out = []
    for _ in range(n):
        out.append(f"{_uid(rnd)},CN={rnd.choice(cns)},{rnd.choice(tails)}")
    return out


def stem_schemes(units, rnd: random.Random, n: int) -> list[str]:
    """UIDs of one stem: same prefix, different digits/lengths; letters; leading zeros."""
    tails = rests(units, rnd, 15)
    out = []
    for _ in range(n):
        stem = rnd.choice(
            [
                "UID=MST:",
                "UID=CCCD:",
                "UID=CMND:",
                "UID=",
                "UID=MST:0101-",
                "UID=CMND:A",
                "UID=MST:0",
                "UID=HC:B12",
                "UID=mst:",
                "UID=X:",
            ]
        )
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.choice([1, 3, 9, 10, 12, 13])))
        cn = rnd.choice(PERSON_CNS + ODD_CNS[:6] + ["UBND huyện Châu Thành"])
        out.append(f"{stem}{digits},CN={cn},{rnd.choice(tails)}")
    return out


def same_named(units, rnd: random.Random, n: int) -> list[str]:
    """Districts/communes of one name in different provinces (memos per district)."""
    by_short: dict[str, list] = {}
    for d in units.old_districts:
        by_short.setdefault(d.short, []).append(d)
    dup = [v for v in by_short.values() if len(v) > 1]
    cby: dict[str, list] = {}
    for c in units.old_communes:
        cby.setdefault(c.short, []).append(c)
    cdup = [v for v in cby.values() if len(v) > 2]
    out = []
    for i in range(n):
        if i % 2:
            d = rnd.choice(rnd.choice(dup))
            p = d.province
            shape = rnd.choice(
                [
                    f"O=UBND {d.name},L={p.short},C=VN",
                    f"OU=UBND {d.name},O=UBND {p.name},C=VN",
                    f"O=UBND {d.name},C=VN",
                    f"OU=Phòng Nội vụ,O=UBND {d.kind.lower()} {d.short},ST={p.name},C=VN",
                    f"O=UBND {d.short},ST={p.short},C=VN",
                ]
            )
        else:
            c = rnd.choice(rnd.choice(cdup))
            d = c.district
            p = d.province
            shape = rnd.choice(
                [
                    f"O=UBND {c.name},L={d.short},ST={p.short},C=VN",
                    f"OU=UBND {c.name},O=UBND {d.name},C=VN",
                    f"O=UBND {c.name},C=VN",
                    f"O=UBND {c.name},ST={p.short},C=VN",
                ]
            )
        shape = rnd.choice(case_variants(shape)) if rnd.random() < 0.3 else shape
        cn = rnd.choice(PERSON_CNS + org_cns([shape.split(",")[0].split("UBND ")[-1]]))
        out.append(f"{_uid(rnd)},CN={cn},{shape}")
    return out


def case_twins(units, rnd: random.Random, n: int) -> list[str]:
    """One subject in every case/NFD/ASCII spelling, interleaved."""
    base = same_rest_many_heads(units, rnd, max(1, n // 7))
    out = []
    for s in base:
        out += case_variants(s)
    rnd.shuffle(out)
    return out[:n]


def abbreviations(units, rnd: random.Random, n: int) -> list[str]:
    """'UBND Q.3'-like abbreviations whose case comes from the holder's name."""
    out = []
    for _ in range(n):
        d = rnd.choice(units.old_districts)
        p = d.province
        ab = rnd.choice(["Q.", "H.", "TX.", "TP.", "P.", "X.", "q.", "h.", "tp."])
        short = rnd.choice([d.short, d.short.upper(), d.short.lower(), str(rnd.randint(1, 12))])
        cn = rnd.choice(
            PERSON_CNS
            + [f"UBND {ab}{short}", f"ubnd {ab}{short}".lower(), f"UBND {ab}{short}".upper()]
        )
        rest = rnd.choice(
            [
                f"OU=UBND {ab}{short},O=UBND {p.name},C=VN",
                f"O=UBND {ab}{short},L={p.short},C=VN",
                f"OU=UBND {ab}{short},O=UBND {p.name.upper()},C=VN",
                f"OU=UBND {ab}{short},O=UBND {p.name.lower()},L={p.short.lower()},C=VN",
            ]
        )
        out.append(f"{_uid(rnd)},CN={cn},{rest}")
    return out


def other_shapes(units, rnd: random.Random, n: int) -> list[str]:
    """Not the UID-first fast path: CN first, E first, slash form, quotes, +, repeated."""
    base = same_rest_many_heads(units, rnd, n)
    out = []
    for s in base:
        pieces = s.split(",")
        r = rnd.random()
        if r < 0.2:
            rnd.shuffle(pieces)
            out.append(",".join(pieces))
        elif r < 0.35:
            out.append(",".join(pieces[:2] + pieces[:2] + pieces[2:]))
        elif r < 0.5:
            out.append(f"E=a{rnd.randint(0, 99)}@x.vn," + s)
        elif r < 0.6:
            out.append("/" + "/".join(reversed(pieces)))
        elif r < 0.7:
            out.append(s.replace(",", ";", 1))
        elif r < 0.8:
            out.append(" " + s.replace(",", ", ") + " ")
        elif r < 0.9:
            out.append(s.replace("CN=", "cn=", 1).replace("UID=", "uid=", 1))
        else:
            out.append(s.replace("UID=", "0.9.2342.19200300.100.1.1=", 1))
    return out


def volume(units, rnd: random.Random, n: int) -> list[str]:
    """Many distinct tails, CNs and stems: bounded caches clear mid-run."""
    out = []
    for i in range(n):
        c = rnd.choice(units.old_communes)
        d = c.district
        p = d.province
        stem = f"UID=S{i % 3000}X:"
        out.append(
            f"{stem}{i},CN=Nguyễn Văn {i},OU=Tổ {i % 9000},OU=UBND {c.name},"
            f"O=UBND {d.name},L={p.short},C=VN"
        )
    # the first subjects again at the end: caches cleared in between
    return out + out[:2000]


def merged_same_named(units, rnd: random.Random, n: int) -> list[str]:
    """Old provinces merged into one new province that both have a district of one name
    (memos keyed on the new province and the text: proposals._parents, naming._prefixes),
    with a commune's body below it, the province written or not."""
    groups: dict[tuple, list] = {}
    for d in units.old_districts:
        groups.setdefault((d.province.new.name, d.short), []).append(d)
    shared = [v for v in groups.values() if len({d.province.name for d in v}) > 1]
    plain = [[d] for d in rnd.sample(units.old_districts, 50)]
    out = []
    for _ in range(n):
        ds = rnd.choice(shared) if shared and rnd.random() < 0.7 else rnd.choice(plain)
        d = rnd.choice(ds)
        p = d.province
        cs = [c for c in units.old_communes if c.district is d] or units.old_communes[:1]
        c = rnd.choice(cs)
        dk = d.kind.lower()
        parent = rnd.choice(
            [
                f"UBND {d.name}",
                f"UBND {dk} {d.short}",
                f"Huyện ủy {d.short}",
                f"Đảng ủy {dk} {d.short}",
                f"HĐND {dk} {d.short}",
                f"UBND H. {d.short}",
                f"UBND {dk} {d.short}, tỉnh {p.short}",
                f"UBND {dk} {d.short} {p.short}",
                f"UBND {dk} {d.short} - {p.name}",
                f"Huyện đoàn {d.short}",
                f"Phòng Giáo dục và Đào tạo {dk} {d.short}",
            ]
        )
        own = rnd.choice(
            [
                f"UBND {c.name}",
                f"Trường Tiểu học {c.short}",
                f"Đảng ủy {c.name}",
                f"Trạm Y tế {c.name}",
                f"UBND {c.kind.lower()} {c.short}",
            ]
        )
        place = rnd.choice(
            [
                f",L={p.short}",
                f",ST={p.name}",
                "",
                f",L={d.short},ST={p.short}",
                f",L={p.new.short}",
            ]
        )
        shape = rnd.choice(
            [
                f"OU={own},O={parent}{place},C=VN",
                f"O={own},OU={parent}{place},C=VN",
                f"OU=Phòng Nội vụ,OU={own},O={parent}{place},C=VN",
                f"O={parent}{place},C=VN",
            ]
        )
        if rnd.random() < 0.3:
            shape = rnd.choice(case_variants(shape))
        cn = rnd.choice(PERSON_CNS + [own, own.upper(), parent])
        out.append(f"{_uid(rnd)},CN={cn},{shape}")
    return out


def uid_edges(units, rnd: random.Random, n: int) -> list[str]:
    """UIDs and CNs the fast path reads by stem: odd spaces and marks in the stem, digits
    of other scripts, a U+FFFD, zero-width characters; the same rest after each."""
    tails = rests(units, rnd, 10)
    stems = [
        "UID=MST:",
        "UID=MST\u2028:",
        "UID=M\u200bST:",
        "UID=MST\u0301:",
        "UID=\u3000MST:",
        "UID=MST :",
        "UID= CCCD:",
        "UID=CCCD: ",
        "UID=ＭＳＴ:",
        "UID=MST\ufffd:",
        "UID=MST:\u0661\u0662",
        "UID=CMND:\u00a0",
        "UID=oá:",
        "UID=hoà:",
        "UID=MST:-",
        "UID=MST:0101-",
        "UID=MST::",
        "UID=MST:A-",
        "UID=CMND:ABC",
        "UID=MST:\u2013",
    ]
    out = []
    for _ in range(n):
        stem = rnd.choice(stems)
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 13)))
        cn = rnd.choice(PERSON_CNS + ODD_CNS + ["Nguyễn Văn\ufffd An", "UBND hoà", "\ufffd"])
        out.append(f"{stem}{digits},CN={cn},{rnd.choice(tails)}")
    return out


def volume_stems(units, rnd: random.Random, n: int) -> list[str]:
    """More distinct UID stems, tails and commune-under-district answers than the bounded
    caches hold (_uid_stems and _tails 50,000, proposals._parents 20,000): each clears
    mid-run; the first subjects come again after."""
    out = []
    for i in range(n):
        c = rnd.choice(units.old_communes)
        d = c.district
        p = d.province
        dk = d.kind.lower()
        parent = rnd.choice(
            [f"UBND {dk} {d.short}", f"Huyện ủy {d.short}", f"UBND {dk} {d.short}, tỉnh {p.short}"]
        )
        out.append(
            f"UID=S{i}X{'Y' * (i % 3)}:{i},CN=Nguyễn Văn {i % 7},OU=Tổ {i},OU=UBND {c.name},"
            f"O={parent},L={p.short},C=VN"
        )
    return out + out[:3000]


GENERATORS: dict[str, Callable] = {
    "merged_same_named": merged_same_named,
    "uid_edges": uid_edges,
    "same_rest_many_heads": same_rest_many_heads,
    "stem_schemes": stem_schemes,
    "same_named": same_named,
    "case_twins": case_twins,
    "abbreviations": abbreviations,
    "other_shapes": other_shapes,
}


# -- files -----------------------------------------------------------------------------------


def encode(subjects: list[str], rnd: random.Random, style: str) -> bytes:
    if style == "plain":
        return ("\n".join(subjects) + "\n").encode()
    if style == "crlf-bom":
        return b"\xef\xbb\xbf" + ("\r\n".join(subjects) + "\r\n").encode()
    # blank lines, comments and spaces between
    lines = []
    for s in subjects:
        if rnd.random() < 0.05:
            lines.append(rnd.choice(["", "   ", "# comment", "\t"]))
        lines.append(s)
    return ("\n".join(lines)).encode()


def compare(other: Path, data: bytes, args: list[str], extra=None) -> tuple | None:
    a = run(other, data, args, extra)
    b = run(ROOT, data, args, extra)
    return None if a == b else (a, b)


def lines_of(data: bytes) -> list[bytes]:
    text = data.decode("utf-8-sig")
    return [ln.encode() for ln in text.splitlines()]


def minimise(other: Path, data: bytes, args: list[str], extra=None) -> bytes:
    """Shortest list of lines (greedy chunk removal) that still differs."""
    lines = lines_of(data)
    chunk = max(1, len(lines) // 2)
    while chunk >= 1:
        i = 0
        while i < len(lines):
            trial = lines[:i] + lines[i + chunk :]
            if trial and compare(other, b"\n".join(trial) + b"\n", args, extra):
                lines = trial
            else:
                i += chunk
        chunk //= 2
    return b"\n".join(lines) + b"\n"


def report(name: str, other: Path, data: bytes, args: list[str], diff, extra=None) -> None:
    (rc_a, out_a), (rc_b, out_b) = diff
    print(f"DIFF {name} {args} {extra or ''}: exit {rc_a} vs {rc_b}", flush=True)
    keep = Path(tempfile.mkdtemp(prefix=f"fuzz7-{name}-"))
    (keep / "input.txt").write_bytes(data)
    small = minimise(other, data, args, extra) if len(data) < 3_000_000 else data
    (keep / "min.txt").write_bytes(small)
    d2 = compare(other, small, args, extra)
    if d2:
        (keep / "old.out").write_bytes(d2[0][1])
        (keep / "new.out").write_bytes(d2[1][1])
        print(f"  minimised ({len(lines_of(small))} lines) in {keep}:")
        print("  " + small.decode(errors="replace").replace("\n", "\n  "))
        la = d2[0][1].decode(errors="replace").splitlines()
        lb = d2[1][1].decode(errors="replace").splitlines()
        for x, y in zip(la, lb, strict=False):
            if x != y:
                print(f"  old: {x[:600]}\n  new: {y[:600]}")
        if len(la) != len(lb):
            print(f"  line counts {len(la)} vs {len(lb)}; exit {d2[0][0]} vs {d2[1][0]}")
    sys.stdout.flush()


def encoding_checks(other: Path, subjects: list[str]) -> int:
    """Stdout in encodings that cannot hold every subject (the text output's batch write
    falls back to a print per subject), and a subject from argv with a byte that is not
    UTF-8 (a lone surrogate) before, in and after the first batch of 1,000."""
    data = ("\n".join(subjects) + "\n").encode()
    bad = os.fsdecode(b"UID=MST:0101,CN=UBND huy\xe1\xbb\x87n X\xff,O=UBND Long An,C=VN")
    argvs: list[list[str]] = [[], ["--subject", bad]]
    argvs.append([x for i in range(1200) for x in ("--subject", bad if i == 1100 else subjects[i])])
    differ = 0
    for enc in (
        None,
        "ascii",
        "latin-1",
        "cp1258",
        "utf-16",
        "utf-32",
        "utf-8-sig",
        "iso2022_jp",
        "ascii:backslashreplace",
        "cp1252:replace",
    ):
        extra = {"PYTHONIOENCODING": enc} if enc else {}
        for argv in argvs:
            for args in ([], ["--json"]):
                a = run(other, data, [*args, *argv], extra)
                b = run(ROOT, data, [*args, *argv], extra)
                same = a == b
                differ += not same
                print(
                    f"encoding {enc} argv {len(argv) // 2} {args}: "
                    f"{'same' if same else 'DIFFERENT'} (exit {a[0]}, {len(a[1])} bytes)"
                )
    return differ


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("other", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--only", default=None)
    parser.add_argument("--rounds", type=int, default=1)
    opts = parser.parse_args()
    sys.path.insert(0, str(ROOT / "desktop"))
    from kyso.core.subjects.admin_units import load

    units = load()
    bad = 0
    counts: dict[str, int] = {}
    for r in range(opts.rounds):
        rnd = random.Random(opts.seed + r)
        sets: dict[str, list[str]] = {}
        for name, gen in GENERATORS.items():
            sets[name] = gen(units, rnd, opts.n)
        mixed = [s for v in sets.values() for s in v]
        rnd.shuffle(mixed)
        sets["all_shuffled"] = mixed
        # warm vs cold: each set's first 200 subjects after everything else, and before
        sets["warm_then_cold"] = mixed[:200] + mixed[200:5200] + mixed[:200]
        # batch boundaries of the text output
        for size in (999, 1000, 1001, 2001):
            sets[f"batch{size}"] = mixed[:size]
        if opts.only is None or opts.only == "volume":
            sets["volume"] = volume(units, rnd, 55_000)
        if opts.only == "volume_stems":
            sets["volume_stems"] = volume_stems(units, rnd, 62_000)
        for name, subjects in sets.items():
            if opts.only and opts.only != name:
                continue
            counts[name] = counts.get(name, 0) + len(subjects)
            style = ["plain", "crlf-bom", "blanks"][r % 3]
            data = encode(subjects, rnd, style)
            for args in ([], ["--json"]):
                diff = compare(opts.other, data, args)
                status = "same" if diff is None else "DIFFERENT"
                print(f"round {r} {name} ({len(subjects)}, {style}) {args}: {status}", flush=True)
                if diff:
                    bad += 1
                    report(name, opts.other, data, args, diff)
        if r == 0 and (opts.only is None or opts.only == "encodings"):
            bad += encoding_checks(opts.other, mixed[:2500])
    print("subjects per set:", counts)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
