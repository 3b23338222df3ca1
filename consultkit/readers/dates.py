"""Dates as Vietnamese administrative documents write them.

Two written forms are common: the long one of the date line and of running
text ("ngày 18 tháng 06 năm 2021") and the short one ("18/6/2021",
"18-06-2021", "18.6.2021"). :func:`parse_date` reads the first date in a text;
:func:`find_deadline` reads the date of a deadline phrase ("trước ngày …",
"chậm nhất ngày …", "hạn … ngày …"), ignoring the other dates of the text
(such as "Quyết định số 5316/QĐ-BYT ngày 22/12/2020"). Impossible dates
(31/02) are not dates. :func:`date_line` reads the place-and-date line with
its blanks ("Hà Nội, ngày tháng năm 2021").
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_date", "find_deadline", "date_line", "DATE_PATTERN"]

#: A date in either form; groups d1/m1/y1 (long) or d2/m2/y2 (short).
DATE_PATTERN = (
    r"(?:ngày\s+(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s+năm\s+(?P<y1>\d{4})"
    r"|(?:ngày\s+)?(?P<d2>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4}))"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
_DEADLINE = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|không\s+muộn\s+hơn|hạn(?:\s+chót|\s+cuối)?"
    r"(?:\s+(?:là|gửi|góp\s+ý))?(?:\s+vào)?|đến\s+hết|trong\s+thời\s+hạn\s+đến)"
    r"\s*:?\s*" + DATE_PATTERN,
    re.IGNORECASE,
)


def _to_date(match: re.Match[str]) -> dt.date | None:
    day = match.group("d1") or match.group("d2")
    month = match.group("m1") or match.group("m2")
    year = match.group("y1") or match.group("y2")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first valid date written in ``text``, else None.

    >>> parse_date("ngày 18 tháng 06 năm 2021")
    datetime.date(2021, 6, 18)
    >>> parse_date("hạn 18/6/2021")
    datetime.date(2021, 6, 18)
    >>> parse_date("31/02/2021") is None
    True
    """
    for match in _DATE.finditer(text or ""):
        value = _to_date(match)
        if value is not None:
            return value
    return None


def find_deadline(text: str) -> dt.date | None:
    """The date of the first deadline phrase in ``text``, else None.

    >>> find_deadline("Quyết định số 5316/QĐ-BYT ngày 22/12/2020 ... gửi về Cục trước ngày 18 tháng 06 năm 2021 để tổng hợp")
    datetime.date(2021, 6, 18)
    >>> find_deadline("xin gửi trước 18/6/2021.")
    datetime.date(2021, 6, 18)
    >>> find_deadline("chậm nhất là ngày 05-07-2021")
    datetime.date(2021, 7, 5)
    >>> find_deadline("ban hành ngày 22/12/2020") is None
    True
    """
    for match in _DEADLINE.finditer(text or ""):
        value = _to_date(match)
        if value is not None:
            return value
    return None


_DATE_LINE = re.compile(
    r"^(?P<place>[^,]{2,60}?),\s*ngày\s*(?P<d>[\d.…_ ]*?)\s*tháng\s*(?P<m>[\d.…_ ]*?)\s*"
    r"năm\s*(?P<y>\d{4})?[\d\s.…_]*$",
    re.IGNORECASE,
)


def date_line(text: str) -> tuple[str, dt.date | None, int | None] | None:
    """Read a place-and-date line; blanks (spaces, dots, "…") give None.

    Returns ``(place, date, year)`` or None if ``text`` is not such a line.

    >>> date_line("Hà Nội, ngày tháng năm 2021")
    ('Hà Nội', None, 2021)
    >>> date_line("Hà Nội, ngày 05 tháng 6 năm 2021")
    ('Hà Nội', datetime.date(2021, 6, 5), 2021)
    >>> date_line("Hà Nội, ngày … tháng … năm 20…") is None
    False
    >>> date_line("Kính gửi: Sở Y tế") is None
    True
    """
    match = _DATE_LINE.match((text or "").strip())
    if not match:
        return None
    place = match.group("place").strip()
    year = int(match.group("y")) if match.group("y") else None
    day = re.sub(r"\D", "", match.group("d"))
    month = re.sub(r"\D", "", match.group("m"))
    date = None
    if day and month and year:
        try:
            date = dt.date(year, int(month), int(day))
        except ValueError:
            date = None
    return place, date, year
