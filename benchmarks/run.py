"""Run every benchmark in this folder and write the results as a table.

Each ``bench_<topic>.py`` exposes ``run() -> list[dict]`` with the keys
``benchmark``, ``tool``, ``median_s``, ``target_s`` (None when there is no
target) and ``notes``. This runner imports them in name order, prints one
Markdown table per file and writes it to ``benchmarks/results/<topic>.md``
with the machine's description and the date, then rebuilds
``benchmarks/results.md`` from every file in ``benchmarks/results/`` (so a
run of one topic updates its own rows and keeps the others' as last measured,
each with its own date).

Usage::

    python benchmarks/run.py              # all benchmarks
    python benchmarks/run.py compare      # only bench_compare.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import sys
import time
import traceback
from pathlib import Path

from benchtools import table

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    wanted = set(argv)
    files = sorted(HERE.glob("bench_*.py"))
    if wanted:
        files = [f for f in files if f.stem.removeprefix("bench_") in wanted]
    failures = 0
    for path in files:
        print(f"running {path.name} …", flush=True)
        started = time.perf_counter()
        try:
            rows = list(_load(path).run())
        except Exception:  # a broken benchmark is reported, the others still run
            failures += 1
            traceback.print_exc()
            rows = [{"benchmark": path.stem, "tool": "—", "median_s": None,
                     "target_s": None, "notes": "FAILED: see the console output"}]
        print(f"  {time.perf_counter() - started:.1f} s", flush=True)
        header = (f"## {path.stem.removeprefix('bench_')}\n\n"
                  f"{dt.datetime.now().isoformat(timespec='seconds')} · "
                  f"{platform.python_implementation()} {platform.python_version()} · "
                  f"{platform.machine()} · {os.cpu_count()} cores\n\n")
        text = header + table(rows) + "\n"
        print(text, flush=True)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{path.stem.removeprefix('bench_')}.md").write_text(text, encoding="utf-8")
    parts = [p.read_text(encoding="utf-8") for p in sorted(RESULTS.glob("*.md"))]
    (HERE / "results.md").write_text(
        "# Benchmark results\n\nOne section per benchmark file, each with the date it was last run "
        "(`python benchmarks/run.py TOPIC` reruns one).\n\n" + "\n".join(parts), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
