"""Personal data masked at intake: names, phone numbers, e-mail addresses, ID numbers.

What a synthesis needs from a public comment is what it says, where from
(province) and who in kind (citizen or organisation); a citizen's name, phone,
e-mail and ID number are not needed and are never stored. :func:`mask_text`
replaces, in a comment's text:

* e-mail addresses → ``[email]``;
* Vietnamese phone numbers (0 or +84 / 84 then 9–10 digits, groups separated
  by spaces, dots or hyphens allowed) → ``[số điện thoại]``;
* citizen ID numbers: 12 digits (CCCD) or 9 digits (CMND) standing alone →
  ``[số định danh]``; any other number of 9 or more digits written in groups
  (``123 456 789``, ``12.345.678.901``) that is not an amount (followed by "đồng", "triệu" …, or grouped by thousands
  with dots: ``1.000.000.000``) → ``[số]``;
* the commenter's own name where given (any case, with or without
  diacritics) and a name after "tôi tên là", "tôi là", "họ tên:" →
  ``[họ tên]``.

Amounts ("1.000.000.000 đồng"), dates, clause numbers ("mục 2.2.1") and short
numbers are kept. Masking is idempotent and never lengthens a text by more
than its placeholders.

>>> mask_text("Gọi 0912 345 678 hoặc an.nguyen@gmail.com, CCCD 001203004567.")
'Gọi [số điện thoại] hoặc [email], CCCD [số định danh].'
>>> mask_text("Tôi tên là Nguyễn Văn An, ở Hà Nội.", name="Nguyễn Văn An")
'Tôi tên là [họ tên], ở Hà Nội.'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import strip_diacritics

EMAIL = "[email]"
PHONE = "[số điện thoại]"
ID_NUMBER = "[số định danh]"
NUMBER = "[số]"
NAME = "[họ tên]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_SEP = r"[ .\-]?"
_PHONE = re.compile(r"(?<![\w.])(?:\+84|0084|84|0)" + _SEP + r"\(?\d{2,3}\)?" + _SEP
                    + r"\d{3}" + _SEP + r"\d{3,4}(?![\w])")
_ID = re.compile(r"(?<![\w.,])(?:\d{12}|\d{9})(?![\w]|[.,]\d)")
_DIGIT_RUN = re.compile(r"(?<![\w.,])\d{1,4}(?:[ .\-]\d{2,4}){2,}(?![\w]|[.,]\d)")
_MONEY = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|dong|triệu|tỷ|usd)", re.IGNORECASE)
_INTRO = re.compile(r"\b((?i:tôi tên là|tôi là|họ và tên|họ tên|toi ten la|ho ten|ho va ten))"
                    r"(\s*:?\s*)((?:[A-ZÀ-ỸĐ][\wÀ-ỹ]*)(?:\s+[A-ZÀ-ỸĐ][\wÀ-ỹ]*){1,4})")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")   # 1.000.000.000: an amount
_INTRO_HINTS = ("tôi tên", "tôi là", "họ tên", "họ và tên", "toi ten", "ho ten", "ho va ten")
_HAS_DIGIT = re.compile(r"\d")
_ANY = re.compile(r"[@\d]|tên|ten|họ|ho ", re.IGNORECASE)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _number(match: re.Match) -> str:
    found = match.group(0)
    if _MONEY.match(match.string, match.end()) or len(_digits(found)) < 9 or _THOUSANDS.fullmatch(found):
        return found
    return NUMBER


@lru_cache(maxsize=4096)   # compiled patterns are large: keep few
def _name_pattern(name: str) -> re.Pattern | None:
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if len(words) < 2:
        return None
    alternatives = {r"\s+".join(map(re.escape, words)),
                    r"\s+".join(map(re.escape, strip_diacritics(" ".join(words)).split()))}
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(sorted(alternatives)) + r")(?!\w)")


def mask_text(text: str, name: str = "") -> str:
    """``text`` with personal data replaced by placeholders (see the module docstring)."""
    if not text or not _ANY.search(text) and not name:
        return text or ""
    if "@" in text:
        text = _EMAIL.sub(EMAIL, text)
    if _HAS_DIGIT.search(text):
        text = _PHONE.sub(PHONE, text)
        text = _ID.sub(ID_NUMBER, text)
        text = _DIGIT_RUN.sub(_number, text)
    if name:
        text = mask_name(text, name)
    lowered = text.lower()
    if not any(hint in lowered for hint in _INTRO_HINTS):
        return text
    return _INTRO.sub(lambda m: m.group(1) + m.group(2) + NAME, text)


def mask_name(text: str, name: str) -> str:
    """``text`` with the person's ``name`` (2 words or more; any case, with or without
    diacritics) replaced by ``[họ tên]``."""
    words = name.split()
    if len(words) < 2:
        return text
    last = words[-1].casefold()
    lowered = text.casefold()
    if last not in lowered and strip_diacritics(last) not in lowered:
        return text
    return _name_pattern(" ".join(words)).sub(NAME, text)
