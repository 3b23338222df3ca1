"""What the comment readers return: raw comment rows and rejects.

Readers of sheets, reply letters and e-mails (``sheets.py``, ``letters.py``,
``mail.py``) each return a :class:`ReadResult`: the comments they found as
plain dicts with the keys of :data:`RAW_KEYS`, the items they had to refuse
(with the reason), and how many items they read. The invariant every reader
keeps is ``read == len(rows) + len(rejects)``; empty sheet rows are counted
apart in ``empty`` and are in neither list.

:func:`parse_date` reads the dates Vietnamese offices write (day first).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..schema import DEFAULTS as _READ_DEFAULTS
from ..text import fold, match_key, normalize

#: fold / match_key with a cache: comment rows repeat the same names and texts
cached_fold = lru_cache(maxsize=262144)(fold)
cached_match_key = lru_cache(maxsize=65536)(match_key)

#: keys of a raw comment row
RAW_KEYS = ("unit_raw", "received", "letter_number", "channel", "text", "refs_raw", "source",
            "origin", "source_kind", "confidence", "doubtful", "notes", "proposed",
            "quoted_text", "rationale")
# origin: the file name (basename) the comment came from, used for stable ids;
# source_kind … proposed: how the text was read (COMMENTS columns of the same names);
# quoted_text: the draft text the comment quotes; rationale: the reason it gives ('' if none)


@dataclass
class ReadResult:
    """Comments and rejects read from one source file."""

    rows: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)   # {"source": ..., "reason": ...}
    empty: int = 0                                       # empty sheet rows skipped

    @property
    def read(self) -> int:
        return len(self.rows) + len(self.rejects)

    def extend(self, other: "ReadResult") -> None:
        self.rows.extend(other.rows)
        self.rejects.extend(other.rejects)
        self.empty += other.empty


def raw_row(**values) -> dict:
    """A raw comment row with every key present (text values normalised)."""
    row = {key: values.get(key) for key in RAW_KEYS}
    for key, default in _READ_DEFAULTS.items():
        if row[key] is None:
            row[key] = default
    for key in ("unit_raw", "letter_number", "channel", "refs_raw", "origin"):
        value = row[key]
        row[key] = _cached_normalize(value if value is None or isinstance(value, str) else str(value))
    row["source"] = normalize(row["source"])
    row["text"] = _keep_lines(row["text"])
    row["quoted_text"] = _keep_lines(row["quoted_text"])
    row["rationale"] = _keep_lines(row["rationale"])
    return row


_cached_normalize = lru_cache(maxsize=65536)(normalize)


def _keep_lines(text) -> str:
    """Normalise each line but keep the line breaks between paragraphs."""
    if text is None:
        return ""
    text = str(text)
    if "\n" not in text and "\r" not in text:
        return normalize(text)
    lines = [normalize(line) for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
#: Excel serial day numbers between 1990 and 2100
_SERIAL = (32874, 73051)


def parse_date(value) -> dt.date | None:
    """A date from a cell or a letter: ``None`` for blank, ``ValueError`` if unreadable.

    Day first, as Vietnamese offices write: ``10/6/2021``, ``10-06-2021``,
    ``10.6.21``, ``2021-06-10``, ``ngày 10 tháng 6 năm 2021``, Excel serials.

    >>> parse_date("ngày 10 tháng 6 năm 2021")
    datetime.date(2021, 6, 10)
    >>> parse_date("10/6/21")
    datetime.date(2021, 6, 10)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, (int, float)):
        if _SERIAL[0] <= value <= _SERIAL[1] and float(value).is_integer():
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise ValueError(f"not a date: {value!r}")
    text = normalize(str(value))
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    match = _DMY.match(text)
    if match:
        day, month, year = match.groups()
        year_n = int(year) + (2000 if len(year) == 2 else 0)
        return _checked(year_n, int(month), int(day), text)
    match = _WORDS.search(cached_fold(text))
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    if re.fullmatch(r"\d{5}(?:\.0)?", text):
        return parse_date(float(text))
    raise ValueError(f"not a date: {text!r}")


def _checked(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1990 <= year <= 2100:
        raise ValueError(f"year out of range in {text!r}")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"no such day: {text!r}") from exc
