"""Fuzzing with a fixed small budget: mutated real inputs through every reader (tests/fuzzing.py).

Run in a child process limited to 2 GB of address space; the timeout only catches a hang.
Longer runs: ``make fuzz`` (``python tests/fuzzing.py --examples 2000 --random``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_mutated_inputs_give_results_or_consultkit_errors_only():
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    done = subprocess.run([sys.executable, str(HERE / "fuzzing.py"), "--examples", "12", "--budget", "30",
                           "--memory-gb", "2"], capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    readers = {"load_dispatch", "parse_clauses(.docx)", "parse_clauses(.md)", "read_sheet", "read_sheet(csv)",
               "read_letter", "read_letter(pdf)", "read_mail"}
    assert set(report["examples"]) == readers
    assert all(n >= 12 for n in report["examples"].values())
    assert report["outcomes"]["ConsultkitError"] > 0 and report["outcomes"]["read"] > 0
    assert report["maxrss_mb"] < 2048
