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

__all__ = ["parse_date", "find_deadline", "deadline_phrase", "relative_deadline", "date_line",
           "DATE_PATTERN"]

#: A date in either form; groups d1/m1/y1 (long) or d2/m2/y2 (short).
DATE_PATTERN = (
    r"(?:ngày\s+(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s+năm\s+(?P<y1>\d{4})"
    r"|(?:ngày\s+)?(?P<d2>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4}))"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
#: "17h00", "16 giờ 30", "17:00" and "thứ Sáu," written between the deadline word and the date
_TIME_OF_DAY = (r"(?:\d{1,2}\s*(?:h|giờ|:)\s*(?:\d{2})?\s*(?:phút)?\s*(?:\([^)]{0,20}\))?\s*,?\s*)?"
                r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ\s+nhật)\s*,?\s*)?")
_DEADLINE_WORDS = (r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?(?:\s+trước)?|không\s+muộn\s+hơn|"
                   r"hạn(?:\s+chót|\s+cuối)?(?:\s+(?:là|gửi|góp\s+ý))?(?:\s+vào)?|đến\s+hết|"
                   r"trong\s+thời\s+hạn\s+đến|hạn\s+(?:gửi|nhận)\s+[^.;:]{0,30}?:)")
_DEADLINE = re.compile(_DEADLINE_WORDS + r"\s*:?\s*" + _TIME_OF_DAY + DATE_PATTERN, re.IGNORECASE)
#: a deadline phrase whose date is not a date (30/02) is still a deadline phrase
_DEADLINE_ANY = re.compile(_DEADLINE_WORDS + r"\s*:?\s*" + _TIME_OF_DAY +
                           r"(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
                           r"|(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?)"
                           r"(?![/.\-]?\d)",
                           re.IGNORECASE)
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                 "chín": 9, "mười": 10, "mười lăm": 15, "hai mươi": 20, "ba mươi": 30}
_RELATIVE = re.compile(
    r"(?:trong\s+(?:thời\s+hạn|vòng|thời\s+gian)|chậm\s+nhất(?:\s+là)?(?:\s+sau)?|trước|sau)\s+"
    r"(?P<n>\d{1,3}|mười lăm|hai mươi|ba mươi|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
    r"(?:\s*\(\s*\w+(?:\s+\w+)?\s*\))?\s+(?P<unit>ngày\s+làm\s+việc|ngày)\s*,?\s*"
    r"(?:kể\s+từ|tính\s+từ|từ|sau\s+khi)\s+(?:ngày\s+)?(?P<from>(?:tiếp\s+)?nhận[^.;,]{0,60})",
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


def deadline_phrase(text: str) -> str | None:
    """The first deadline phrase with a written date, valid or not ("trước ngày 30/02/2024"),
    with or without its year.

    >>> deadline_phrase("xin gửi trước 17h00 ngày 30/02/2024 để tổng hợp")
    'trước 17h00 ngày 30/02/2024'
    >>> deadline_phrase("xin gửi trước ngày 20 tháng 3 để tổng hợp")
    'trước ngày 20 tháng 3'
    """
    match = _DEADLINE_ANY.search(text or "")
    return match.group(0).strip() if match else None


def relative_deadline(text: str) -> tuple[int, bool, str] | None:
    """A deadline counted from receipt: ``(days, working_days, phrase)`` or None.

    >>> relative_deadline("góp ý trong thời hạn 10 ngày kể từ ngày nhận được công văn.")
    (10, False, 'trong thời hạn 10 ngày kể từ ngày nhận được công văn')
    >>> relative_deadline("trong vòng 05 (năm) ngày làm việc kể từ ngày nhận được văn bản")[:2]
    (5, True)
    >>> relative_deadline("trước ngày 18/6/2021") is None
    True
    """
    match = _RELATIVE.search(text or "")
    if not match:
        return None
    raw = match.group("n").lower()
    days = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    working = "làm" in match.group("unit").lower()
    return days, working, match.group(0).strip()


#: "Hà Nội, ngày 05/3/2024": not the ND 30 form, but read (the checker says so)
_SHORT_DATE_LINE = re.compile(r"^(?P<place>[^,]{2,60}?),\s*ngày\s+(?P<d>\d{1,2})\s*([/.\-])\s*"
                              r"(?P<m>\d{1,2})\s*\3\s*(?P<y>\d{4})\s*$", re.IGNORECASE)
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
    >>> date_line("Hà Nội, ngày 05/3/2024")
    ('Hà Nội', datetime.date(2024, 3, 5), 2024)
    """
    match = _DATE_LINE.match((text or "").strip())
    if not match:
        short = _SHORT_DATE_LINE.match((text or "").strip())
        if not short:
            return None
        place, (d, m, y) = short.group("place").strip(), short.group("d", "m", "y")
        try:
            return place, dt.date(int(y), int(m), int(d)), int(y)
        except ValueError:
            return place, None, int(y)
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
