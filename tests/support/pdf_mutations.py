"""Damaged PDFs of the kinds units really have, made on purpose and reproducibly (issue 13).

:func:`mutants` takes a few clean PDFs (a ReportLab one-pager, a three-page file, the same
saved by qpdf with object and cross-reference streams, a file already signed) and yields
named byte strings: wrong trailer /Size (the case that made pyHanko reuse object numbers),
shifted or missing cross-reference offsets, a wrong ``startxref``, truncation, flipped bytes,
deleted objects, junk before the header or after ``%%EOF``, a /Root or /Pages that points
nowhere, broken counts. A seeded :class:`random.Random` picks positions, so a failure names
a mutant that the next run makes again.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

Mutation = Callable[[bytes, random.Random], bytes]


def _sub_last(pattern: bytes, repl: bytes, data: bytes) -> bytes:
    matches = list(re.finditer(pattern, data))
    if not matches:
        return data
    m = matches[-1]
    return data[: m.start()] + m.expand(repl) + data[m.end() :]


def size_smaller(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"/Size\s+(\d+)", b"/Size %d" % rng.randint(1, 4), data)


def size_larger(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"/Size\s+(\d+)", b"/Size 9999", data)


def size_missing(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"/Size\s+(\d+)", b"", data)


def startxref_wrong(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"startxref\s+(\d+)", b"startxref\n%d" % rng.randint(0, len(data)), data)


def startxref_past_end(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"startxref\s+(\d+)", b"startxref\n%d" % (len(data) + 1000), data)


def xref_offset_shift(data: bytes, rng: random.Random) -> bytes:
    entries = list(re.finditer(rb"(\d{10}) (\d{5}) n", data))
    if not entries:
        return flip_byte(data, rng)
    m = rng.choice(entries)
    value = max(0, int(m.group(1)) + rng.choice((-7, -1, 1, 3, 40)))
    return data[: m.start(1)] + b"%010d" % value + data[m.end(1) :]


def xref_entry_freed(data: bytes, rng: random.Random) -> bytes:
    entries = list(re.finditer(rb"(\d{10}) (\d{5}) n", data))
    if not entries:
        return flip_byte(data, rng)
    m = rng.choice(entries)
    return data[: m.start()] + b"0000000000 65535 f" + data[m.end() :]


def xref_removed(data: bytes, rng: random.Random) -> bytes:
    i = data.rfind(b"xref")
    j = data.find(b"trailer", i)
    if i < 0 or j < 0:
        return startxref_wrong(data, rng)
    return data[:i] + b" " * (j - i) + data[j:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(len(data) // 2, len(data) - 1)]


def truncate_tail(data: bytes, rng: random.Random) -> bytes:
    return data[: len(data) - rng.randint(1, 40)]


def flip_byte(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(20, len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(2, 6)):
        data = flip_byte(data, rng)
    return data


def delete_object(data: bytes, rng: random.Random) -> bytes:
    objs = list(re.finditer(rb"\d+ 0 obj.*?endobj", data, flags=re.S))
    if not objs:
        return flip_byte(data, rng)
    m = rng.choice(objs)
    return data[: m.start()] + b" " * (m.end() - m.start()) + data[m.end() :]


def junk_before_header(data: bytes, rng: random.Random) -> bytes:
    return b"\x00JUNK" * rng.randint(1, 20) + b"\n" + data


def junk_after_eof(data: bytes, rng: random.Random) -> bytes:
    return data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))


def root_missing(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"/Root\s+\d+\s+0\s+R", b"/Root 9998 0 R", data)


def pages_count_wrong(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"/Count\s+\d+", b"/Count %d" % rng.choice((0, 7, 100)), data)


def kids_missing(data: bytes, rng: random.Random) -> bytes:
    return _sub_last(rb"/Kids\s*\[[^\]]*\]", b"/Kids [9997 0 R]", data)


def catalog_type_removed(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"/Type /Catalog", b"/Tipe /Catalog", 1)


def length_wrong(data: bytes, rng: random.Random) -> bytes:
    lengths = list(re.finditer(rb"/Length\s+(\d+)", data))
    if not lengths:
        return flip_byte(data, rng)
    m = rng.choice(lengths)
    value = max(0, int(m.group(1)) + rng.choice((-20, -1, 5, 500)))
    return data[: m.start(1)] + b"%d" % value + data[m.end(1) :]


def crlf_to_cr(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r")


def eof_removed(data: bytes, rng: random.Random) -> bytes:
    i = data.rfind(b"%%EOF")
    return data if i < 0 else data[:i] + data[i + 5 :]


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        size_smaller, size_larger, size_missing, startxref_wrong, startxref_past_end,
        xref_offset_shift, xref_entry_freed, xref_removed, truncate, truncate_tail,
        flip_byte, flip_bytes, delete_object, junk_before_header, junk_after_eof,
        root_missing, pages_count_wrong, kids_missing, catalog_type_removed, length_wrong,
        crlf_to_cr, eof_removed,
    )
}


def mutants(bases: dict[str, bytes], count: int, seed: int = 13) -> Iterator[tuple[str, bytes]]:
    """``count`` mutants, cycling through every base and every mutation (then at random)."""
    rng = random.Random(seed)
    names = list(MUTATIONS)
    base_names = list(bases)
    for i in range(count):
        mutation = names[i % len(names)]
        base = base_names[(i // len(names) + i) % len(base_names)]
        yield f"{i:03d}-{base}-{mutation}", MUTATIONS[mutation](bases[base], rng)
