"""Speed of the reform check (issue 3): table load and 10,000 subjects.

Run: ``python tests/bench/bench_reform.py``. Prints times and ratios against a baseline
measured in the same run (parsing the same subjects without the check); no asserts. Each
timed run starts cold — no name read, no verdict cached (``reform.clear_caches()``) — but
the one marked warm, which checks the same inventory a second time.
Floors from the issue: load ≤ 100 ms; 10,000 subjects ≤ 1 s on one core.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable

from kyso.core.reform.check import check_holder, clear_caches
from kyso.core.subjects.admin_units import AdminUnits, read_table, table_path
from kyso.core.subjects.holder import read_holder

N = 10_000


def subjects(units: AdminUnits, n: int, seed: int = 7) -> list[str]:
    """A mix like a province's inventory: persons and orgs, province/district/commune."""
    rnd = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        commune = rnd.choice(units.old_communes)
        district = commune.district
        province = district.province
        shape = i % 5
        if shape == 0:
            out.append(
                f"UID=MST:{i:010d},CN=UBND {province.name},O=UBND {province.name},"
                f"L={province.short},C=VN"
            )
        elif shape == 1:
            out.append(
                f"UID=MST:{i:010d},CN=UBND {district.name},O=UBND {province.name},"
                f"L={province.short},C=VN"
            )
        elif shape == 2:
            out.append(
                f"UID=MST:{i:010d},CN=UBND {commune.name},O=UBND {district.name},"
                f"L={province.short},C=VN"
            )
        elif shape == 3:
            out.append(
                f"UID=CCCD:{i:012d},CN=Nguyễn Văn An,2.5.4.12=Chuyên viên,OU=Phòng Nội vụ,"
                f"OU=UBND {district.name},O=UBND {province.name},L={province.short},C=VN"
            )
        else:
            new = rnd.choice(units.new_communes)
            out.append(
                f"UID=CCCD:{i:012d},CN=Trần Thị Bình,OU=UBND {new.name},"
                f"O=UBND {new.province.name},L={new.province.short},C=VN"
            )
    return out


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best time of ``fn``, each run cold: every cache of names and verdicts cleared first."""
    times = []
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = table_path()
    loads = []
    for _ in range(7):
        gc.collect()
        start = time.perf_counter()
        units = AdminUnits(read_table(path))
        loads.append(time.perf_counter() - start)
    load_ms = min(loads) * 1000
    print(f"table: {path.name} {path.stat().st_size:,} bytes")
    print(
        f"load: best {load_ms:.1f} ms, median {statistics.median(loads) * 1000:.1f} ms "
        f"(floor 100 ms: {load_ms / 100:.2f}× of the floor)"
    )

    # Every run below starts cold (no name read, no verdict cached) unless it says "warm".
    batch = subjects(units, N)
    parse = best_of(lambda: [read_holder(s) for s in batch])
    holders = [read_holder(s) for s in batch]
    check_only = best_of(lambda: [check_holder(h, units) for h in holders])
    total = best_of(lambda: [check_holder(read_holder(s), units) for s in batch])
    print(f"{N:,} subjects: parse only (baseline) {parse * 1000:.0f} ms")
    print(f"{N:,} subjects: check only            {check_only * 1000:.0f} ms")
    print(
        f"{N:,} subjects: parse + check         {total * 1000:.0f} ms "
        f"= {total / parse:.2f}× the baseline (floor 1 s: {total:.2f}× of the floor)"
    )
    warm = min(
        _timed(lambda: [check_holder(read_holder(s), units) for s in batch]) for _ in range(5)
    )
    print(
        f"{N:,} subjects: parse + check, warm (the same inventory again) {warm * 1000:.0f} ms "
        f"= {warm / parse:.2f}× the baseline"
    )
    statuses: dict[str, int] = {}
    for h in holders:
        status = check_holder(h, units).status
        statuses[status] = statuses.get(status, 0) + 1
    print("statuses:", statuses)


def _timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
