"""All comment sources → one COMMENTS frame, plus the rejects.

``load_comments(sources, roster, clauses)`` reads files and folders (walked
in sorted order) by extension:

=====================  ==========================================  =========
extension              reader                                       channel
=====================  ==========================================  =========
.xlsx .xlsm .csv       :mod:`consultkit.readers.sheets`             sheet (or the "Kênh" column)
.docx                  :mod:`consultkit.readers.replies`: legacy    post
                       fonts converted; a returned draft with
                       tracked changes/comments, else a letter
.doc .rtf .odt         LibreOffice → .docx, then as .docx           post
.pdf                   the text layer; a scan → OCR → letters       post
.png .jpg .jpeg .tif   OCR → letters                                post
.eml                   :mod:`consultkit.readers.mail`               email
=====================  ==========================================  =========

A scan whose OCR finds no text, a .doc without LibreOffice and a scan without
Tesseract are rejects that say what to do or to install. Anything
else (legacy .xls, Office lock files, notes) and
any file that cannot be read is listed in ``rejects`` with the reason; so are
sheet rows that cannot be taken (no text, a date that is not a date). The
invariant: ``result.read == len(result.comments) + len(result.rejects)``;
empty sheet rows are counted in ``result.empty`` and are in neither.

Then, on the whole frame: units matched to the roster
(:func:`consultkit.comments.match.match_units`), citations resolved and
clauses suggested (:mod:`consultkit.comments.link`), stance
(:mod:`consultkit.comments.stance`) and duplicates
(:mod:`consultkit.comments.duplicates`).

``comment_id`` is ``"c-"`` + 16 hex digits of a SHA-1 over: the file's name
(base name; for an e-mail attachment, message name / attachment name), the
channel, the folded unit name, letter number, date, text and clause column,
and the rank of this row among identical ones in that file. Re-reading the
same files gives the same ids, rows appended to a running log keep theirs,
and the same letter by e-mail and by post gives two ids (the second copy
then carries ``duplicate_of``). Renaming a file changes its ids.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import schema
from ..errors import ConsultkitError
from ..readers.rows import _READ_DEFAULTS, ReadResult, cached_fold as fold, cached_match_key as match_key

SHEETS = (".xlsx", ".xlsm", ".csv")
#: letters, returned drafts, legacy Word files (via LibreOffice) and scans (via OCR)
LETTERS = (".docx", ".pdf", ".doc", ".rtf", ".odt", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAIL = (".eml",)
SUPPORTED = SHEETS + LETTERS + MAIL
REJECT_COLUMNS = {"source": ("str", "file (and place in it)"),
                  "reason": ("str", "why it was not taken, and what to do")}

_UNSUPPORTED_HINTS = {
    ".xls": "tệp Excel cũ: hãy lưu lại dưới dạng .xlsx",
    ".msg": "thư Outlook .msg: hãy lưu thư dưới dạng .eml",
    ".ods": "hãy lưu lại dưới dạng .xlsx",
}


@dataclass
class IntakeResult:
    """What :func:`load_comments` read."""

    comments: pd.DataFrame
    rejects: pd.DataFrame
    read: int
    empty: int = 0
    files: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"files": len(self.files), "read": self.read, "comments": len(self.comments),
                "rejected": len(self.rejects), "empty_rows": self.empty}


def _expand(sources) -> list[tuple[Path, str]]:
    """(path, label) for every file; labels are relative to each folder's parent."""
    if isinstance(sources, (str, Path)):
        sources = [sources]
    out: list[tuple[Path, str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            base = path.parent
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for n in names:
                    found.append(Path(root) / n)
            for file in sorted(found, key=lambda p: p.relative_to(path).as_posix()):
                out.append((file, file.relative_to(base).as_posix()))
        else:
            out.append((path, path.name))
    return out


def read_file(path: Path, label: str, *, clauses=None, roster=None, dates=None) -> ReadResult:
    """Read one file by its extension; every failure becomes a reject."""
    from ..readers.mail import read_mail
    from ..readers.replies import read_reply
    from ..readers.sheets import read_sheet

    suffix = path.suffix.lower()
    result = ReadResult()
    try:
        if not path.exists():
            raise ConsultkitError("không tìm thấy tệp hoặc thư mục", path=label,
                                  hint="Kiểm tra lại đường dẫn")
        if path.name.startswith("~$"):
            result.rejects.append({"source": label, "reason": "tệp khóa của Office (văn bản đang "
                                   "mở trong Word/Excel), không phải nguồn góp ý"})
        elif suffix in SHEETS:
            return read_sheet(path, name=label)
        elif suffix in LETTERS:
            return read_reply(path, name=label, channel="post", clauses=clauses, roster=roster,
                              dates=dates)
        elif suffix in MAIL:
            return read_mail(path, name=label)
        else:
            hint = _UNSUPPORTED_HINTS.get(suffix, "góp ý được đọc từ các tệp .xlsx, .csv, "
                                                  ".docx, .pdf và .eml")
            result.rejects.append({"source": label,
                                   "reason": f"loại tệp không hỗ trợ “{suffix or path.name}”: {hint}"})
    except ConsultkitError as exc:
        reason = exc.message + (f" ({exc.where})" if exc.where else "") + \
            (f". {exc.hint}" if exc.hint else "")
        result.rejects.append({"source": label, "reason": reason})
    except Exception as exc:  # an unreadable file must not stop the import
        result.rejects.append({"source": label,
                               "reason": f"không đọc được tệp ({type(exc).__name__}: {exc})"})
    return result


def comment_ids(rows: list[dict]) -> list[str]:
    """Stable ids (see the module docstring)."""
    seen: dict[str, int] = {}
    ids = []
    for row in rows:
        material = "\x1f".join([
            fold(row["origin"]), row["channel"], match_key(row["unit_raw"]),
            fold(row["letter_number"]), str(row["received"] or ""), fold(row["text"]),
            fold(row["refs_raw"]),
        ])
        rank = seen.get(material, 0)
        seen[material] = rank + 1
        digest = hashlib.sha1(f"{material}\x1f{rank}".encode("utf-8")).hexdigest()[:16]
        ids.append(f"c-{digest}")
    return ids


def _match(names: list[str], dates: list, roster: pd.DataFrame | None) -> dict[str, tuple[str, float, str]]:
    """Match each distinct name once, on the date of its latest reply (for renamed provinces)."""
    latest: dict[str, object] = {}
    for name, day in zip(names, dates):
        if name and (name not in latest or (day is not None and
                                             (latest[name] is None or day > latest[name]))):
            latest[name] = day
    unique = sorted(latest)
    out = {n: ("", 0.0, "none") for n in unique}
    if roster is None or not unique:
        return out
    from .match import match_units

    matched = match_units(unique, roster, on=[latest[n] for n in unique])
    for row in matched.itertuples(index=False):
        out[row.query] = (row.unit_id or "", float(row.score or 0.0), row.method or "none")
    return out


def _covering_letters(rows: list[dict]) -> None:
    """A returned draft in a sub-folder of the inbox takes the sender of the one letter
    beside it (the covering letter), noted in the row; elsewhere it keeps its own."""
    def folder(row) -> str:
        label = row["source"].split("#", 1)[0]
        return label.rsplit("/", 1)[0] if label.count("/") >= 2 else ""

    senders: dict[str, dict[str, str]] = {}
    for row in rows:
        if not row.get("returned_draft") and row["unit_raw"] and folder(row):
            senders.setdefault(folder(row), {})[row["unit_raw"]] = row["source"].split("#", 1)[0]
    for row in rows:
        found = senders.get(folder(row), {}) if row.get("returned_draft") else {}
        if len(found) == 1:
            (unit, letter), = found.items()
            if unit != row["unit_raw"]:
                row["notes"] = "; ".join(n for n in (row.get("notes"), f"đơn vị lấy theo công văn "
                                                     f"kèm theo ({letter})") if n)
                row["unit_raw"] = unit


def _read_all(files, *, clauses, roster, progress: bool, workers: int | None, cache,
              dates=None) -> ReadResult:
    """Every file read (from the cache when it has it), in parallel processes when asked;
    the results are joined in the files' order, whatever order they finish in."""
    from tqdm.auto import tqdm

    results: list[ReadResult | None] = [None] * len(files)
    todo = []
    for i, (path, label) in enumerate(files):
        results[i] = cache.get(path, label) if cache is not None else None
        if results[i] is None:
            todo.append(i)
    bar = tqdm(total=len(files), initial=len(files) - len(todo), disable=not progress,
               desc="Đọc góp ý", unit="tệp")
    found = [0, 0]

    def done(i: int, result: ReadResult) -> None:
        results[i] = result
        if cache is not None:
            cache.put(files[i][0], files[i][1], result)
        found[0] += len(result.rows)
        found[1] += len(result.rejects)
        bar.set_postfix_str(f"{found[0]} góp ý, {found[1]} bị loại", refresh=False)
        bar.update(1)

    if workers and workers > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(read_file, files[i][0], files[i][1], clauses=clauses,
                                   roster=roster, dates=dates): i for i in todo}
            for future in as_completed(futures):
                done(futures[future], future.result())
    else:
        for i in todo:
            done(i, read_file(files[i][0], files[i][1], clauses=clauses, roster=roster,
                              dates=dates))
    bar.close()
    total = ReadResult()
    for result in results:
        total.extend(result)
    return total


def load_comments(sources, roster: pd.DataFrame | None = None, clauses: pd.DataFrame | None = None,
                  *, progress: bool = False, workers: int | None = None,
                  cache=None, dates: tuple | None = None) -> IntakeResult:
    """Read comment sources (files or folders) into one COMMENTS frame.

    ``roster``: the ROSTER frame to match senders against (else ``unit_id``
    stays ``''`` and ``match_method`` is ``none``); ``clauses``: the CLAUSES
    frame of the draft commented on (else no clause ids or suggestions).
    ``progress=True`` shows a progress bar (terminal or notebook).
    ``workers``: read files in that many processes (scans: one page of OCR
    per core). ``cache``: a :class:`~consultkit.comments.read_cache.ReadCache`
    keeping slow files' results, so that an interrupted ingest resumes.
    ``dates``: (first, last) date a reply can bear; a scan's date read outside
    it is left blank (with a note) rather than kept wrong.
    """
    from .duplicates import mark_duplicates
    from .link import link_details, whole_draft_ids
    from .stance import classify_stance

    files = _expand(sources)
    total = _read_all(files, clauses=clauses, roster=roster, progress=progress, workers=workers,
                      cache=cache, dates=dates)
    rows = total.rows
    _covering_letters(rows)
    ids = comment_ids(rows)
    units = _match([r["unit_raw"] for r in rows], [r["received"] for r in rows], roster)
    texts = [r["text"] for r in rows]
    stances = [classify_stance(t) for t in texts]
    clause_ids, suggestions, refs_raw = link_details(
        texts, clauses, refs_raw=[r["refs_raw"] for r in rows],
        suggest=[s != "agree" for s in stances], quoted=[r.get("quoted_text") or "" for r in rows])
    whole = whole_draft_ids(clauses)
    if whole:      # an agreement with "the draft amending section IV" cites no unit of it
        clause_ids = [tuple(c for c in ids if c not in whole) if stance == "agree" else ids
                      for ids, stance in zip(clause_ids, stances)]
    records = []
    for i, row in enumerate(rows):
        unit_id, score, method = units.get(row["unit_raw"], ("", 0.0, "none"))
        records.append({
            "comment_id": ids[i], "unit_raw": row["unit_raw"], "unit_id": unit_id,
            "match_score": score, "match_method": method, "received": row["received"],
            "letter_number": row["letter_number"], "channel": row["channel"], "text": row["text"],
            "refs_raw": refs_raw[i],
            "clause_ids": tuple(row["clause_ids"]) if row.get("clause_ids") is not None
            else tuple(clause_ids[i]),
            "clause_suggestions": tuple(suggestions[i]), "stance": stances[i],
            "duplicate_of": "", "group_id": "", "source": row["source"],
            **{key: row.get(key, default) for key, default in _READ_DEFAULTS.items()},
            "quoted_text": row.get("quoted_text") or "", "rationale": row.get("rationale") or "",
        })
    comments = schema.conform(records, schema.COMMENTS) if records else schema.empty(schema.COMMENTS)
    if len(comments):
        comments = schema.conform(mark_duplicates(comments), schema.COMMENTS)
    rejects = (schema.conform(total.rejects, REJECT_COLUMNS) if total.rejects
               else schema.empty(REJECT_COLUMNS))
    return IntakeResult(comments=comments, rejects=rejects, read=total.read, empty=total.empty,
                        files=[label for _, label in files])
