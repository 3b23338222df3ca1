"""Hypothesis-driven mutation of real inputs through every reader.

The seeds are real files: the bundled dispatch (.docx) and a draft (.docx),
the 12 reply letters of tests/fixtures/letters (.docx and PDF), the bundled
comment sheets (.xlsx, .csv) and e-mails (.eml). Each example takes one seed
and applies one to three mutations — truncation, bit flips, a slice
duplicated or deleted, and for zip packages a part removed, duplicated,
renamed, truncated, bit-flipped inside or replaced by junk — then hands the
bytes to the reader of that format (with the right extension, as the inbox
would). The invariant: the reader returns, or raises a ``ConsultkitError``;
nothing else escapes, and no example runs past ``--budget`` seconds (checked
with an alarm, so a hang is a failure rather than a stuck run).

Run: ``python tests/fuzzing.py --examples 2000`` (``make fuzz``); the test
suite runs a fixed small budget in a child process limited to 2 GB
(tests/test_fuzz.py). Prints a JSON report: examples per reader, outcomes,
slowest example, peak memory.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import signal
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from consultkit.errors import ConsultkitError  # noqa: E402

BUNDLED = ROOT / "data" / "consultations" / "ris-pacs-2021"
LETTERS = HERE / "fixtures" / "letters"


def seeds() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the real inputs mutated."""
    files = [BUNDLED / "dispatch" / "cong-van-xin-y-kien.docx", BUNDLED / "versions" / "du-thao-2.docx",
             BUNDLED / "versions" / "du-thao-1.md",
             BUNDLED / "inbox" / "so-theo-doi-gop-y.xlsx", BUNDLED / "inbox" / "y-kien-dien-thoai-va-hop.csv"]
    files += sorted(LETTERS.glob("*.docx"))[:4] + sorted(LETTERS.glob("*.pdf"))[:2]
    files += sorted((BUNDLED / "inbox").glob("*.eml"))[:3]
    return [(p.name, p.read_bytes()) for p in files]


def reader_for(name: str):
    """The reader the inbox (or the workspace) uses for a file of this name."""
    from consultkit.clauses.parse import parse_clauses
    from consultkit.readers.dispatch import load_dispatch
    from consultkit.readers.letters import read_letter_comments
    from consultkit.readers.mail import read_mail
    from consultkit.readers.sheets import read_sheet

    if name.startswith("cong-van-xin-y-kien"):
        return "load_dispatch", load_dispatch
    if name.startswith("du-thao"):
        return f"parse_clauses({Path(name).suffix})", parse_clauses
    # the format's own reader (the inbox's read_file would turn every error into a reject)
    kind = Path(name).suffix.lstrip(".")
    return {"docx": ("read_letter", read_letter_comments), "pdf": ("read_letter(pdf)", read_letter_comments),
            "xlsx": ("read_sheet", read_sheet), "csv": ("read_sheet(csv)", read_sheet),
            "eml": ("read_mail", read_mail)}[kind]


# -- mutations ------------------------------------------------------------------------------
def truncate(data: bytes, at: float, _r) -> bytes:
    return data[:int(len(data) * at)]


def flip_bits(data: bytes, at: float, r) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for k in range(1 + r % 8):
        i = int((at + k * 0.0137) % 1 * len(out))
        out[i] ^= 1 << ((r + k) % 8)
    return bytes(out)


def duplicate_slice(data: bytes, at: float, r) -> bytes:
    i = int(at * len(data))
    return data[:i] + data[i:i + 1 + r % 4096] + data[i:]


def delete_slice(data: bytes, at: float, r) -> bytes:
    i = int(at * len(data))
    return data[:i] + data[i + 1 + r % 4096:]


def _zip_edit(data: bytes, edit) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as old:
            items = [(i, old.read(i.filename)) for i in old.infolist()]
    except Exception:
        return data
    items = edit(items)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")            # "Duplicate name" is what we want
            for info, content in items:
                new.writestr(info, content)
    return out.getvalue()


def remove_part(data: bytes, at: float, _r) -> bytes:
    return _zip_edit(data, lambda items: [x for k, x in enumerate(items) if k != int(at * len(items))])


def duplicate_part(data: bytes, at: float, r) -> bytes:
    def edit(items):
        k = int(at * len(items))
        info, content = items[k]
        return items[:k + 1] + [(zipfile.ZipInfo(info.filename), content[::-1] if r % 2 else content)] \
            + items[k + 1:]
    return _zip_edit(data, edit)


def rename_part(data: bytes, at: float, r) -> bytes:
    def edit(items):
        k = int(at * len(items))
        info, content = items[k]
        names = ["../../evil.xml", info.filename.upper(), info.filename + ".bak", "/abs/x.xml",
                 info.filename.replace("/", "\\"), "word/document.xml", "xl/worksheets/sheet1.xml"]
        renamed = zipfile.ZipInfo(names[r % len(names)])
        return items[:k] + [(renamed, content)] + items[k + 1:]
    return _zip_edit(data, edit)


def mangle_part(data: bytes, at: float, r) -> bytes:
    def edit(items):
        k = (r // 7) % len(items)
        info, content = items[k]
        how = r % 3
        new = (content[:int(at * len(content))] if how == 0 else flip_bits(content, at, r) if how == 1
               else bytes((r * 31 + j) % 256 for j in range(1 + r % 2048)))
        return items[:k] + [(info, new)] + items[k + 1:]
    return _zip_edit(data, edit)


MUTATIONS = [truncate, flip_bits, duplicate_slice, delete_slice, remove_part, duplicate_part,
             rename_part, mangle_part]
ZIP_ONLY = {remove_part, duplicate_part, rename_part, mangle_part}


class Hang(Exception):
    """An example ran past its budget."""


def _alarm(_signum, _frame):
    raise Hang()


def run(examples: int, budget: float, seed: int | None = None) -> dict:
    """Fuzz every seed ``examples`` times; returns the report (raises on an escape or a hang)."""
    report: dict = {"examples": {}, "outcomes": {"read": 0, "ConsultkitError": 0}, "slowest_s": 0.0}
    corpus = seeds()
    signal.signal(signal.SIGALRM, _alarm)
    folder = Path(tempfile.mkdtemp(prefix="consultkit-fuzz-"))

    for name, original in corpus:
        label, reader = reader_for(name)
        is_zip = original.startswith(b"PK\x03\x04")
        usable = [m for m in MUTATIONS if is_zip or m not in ZIP_ONLY]
        mutation = st.tuples(st.sampled_from(usable), st.floats(0, 1, exclude_max=True),
                             st.integers(0, 2 ** 16))

        @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is None,
                  suppress_health_check=list(HealthCheck), print_blob=True)
        @given(st.lists(mutation, min_size=1, max_size=3))
        def check(ops):
            data = original
            for op, at, r in ops:
                data = op(data, at, r)
            path = folder / name
            path.write_bytes(data)
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                reader(path)
                report["outcomes"]["read"] += 1
            except ConsultkitError:
                report["outcomes"]["ConsultkitError"] += 1
            except Hang:
                raise AssertionError(f"{label} ran past {budget} s on {name} after "
                                     f"{[(o.__name__, a, b) for o, a, b in ops]}") from None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - start
            if took > report["slowest_s"]:
                report["slowest_s"], report["slowest"] = took, f"{label} {name}"
            report["examples"][label] = report["examples"].get(label, 0) + 1

        check()
    report["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per seed file")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds allowed per example")
    parser.add_argument("--memory-gb", type=float, default=2.0, help="address-space limit")
    parser.add_argument("--random", action="store_true", help="new random examples (else the fixed ones)")
    args = parser.parse_args(argv)
    limit = int(args.memory_gb * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    report = run(args.examples, args.budget, seed=0 if args.random else None)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
