"""What every benchmark here shares: timing a call, and printing the rows as one table."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(fn: Callable[[], object], repeat: int = 5, *, warmup: bool = False) -> float:
    """Median wall time of ``repeat`` calls of ``fn`` (after one untimed call if ``warmup``)."""
    if warmup:
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_cpu_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median process CPU time of ``repeat`` calls of ``fn`` (on a shared machine wall time
    also counts the waits for the other processes; CPU time does not)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _fmt_seconds(value) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _verdict(row: dict) -> str:
    target, median = row.get("target_s"), row.get("median_s")
    if target is None or median is None:
        return ""
    return "met" if median <= target else "MISSED"


def table(rows: list[dict]) -> str:
    lines = ["| benchmark | tool | median | target | verdict | notes |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append("| {} | {} | {} | {} | {} | {} |".format(
            row.get("benchmark", ""), row.get("tool", ""), _fmt_seconds(row.get("median_s")),
            _fmt_seconds(row.get("target_s")), _verdict(row),
            str(row.get("notes", "")).replace("|", "/")))
    return "\n".join(lines)


def print_table(rows: list[dict]) -> None:
    """What a benchmark run on its own prints (the same table as benchmarks/run.py)."""
    print(table(rows))
