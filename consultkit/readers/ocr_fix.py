"""Corrections of OCR readings against what the consultation knows; each one is shown.

:func:`correct_letter` checks a letter read from a scan before its comments
are matched:

* the sender against the roster (:class:`consultkit.comments.match.UnitMatcher`):
  a fuzzy match ("SỞ Y TÊ NGHỆ AN" → "Sở Y tế tỉnh Nghệ An") replaces the
  name read; a name the roster cannot place stays as read (never guessed);
* numbers in the số/ký hiệu and in clause citations, where OCR mistakes
  digits for letters ("mục IV.2.l", "khoản O2", "Số: l23/SYT"): a token
  that becomes a clause number the draft has (or plain digits) is corrected;
* the date: a date outside ``dates`` (the consultation's window) is dropped
  to blank rather than kept wrong.

Every correction is returned as a Vietnamese sentence ("đã sửa …: “x” → “y”")
for the comment's ``notes``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

_CONFUSED = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "B": "8"})
_CITED = re.compile(r"(?i)\b(mục|khoản|điều|tiêu chí|tiết)\s+(?:số\s+)?([0-9IVXlOo|.]*[0-9][0-9IVXlOo|.]*"
                    r"|[lO|][0-9.]+)")


#: a clause number with one stray character before it ("mục TIV.3")
_SPECK = re.compile(r"(?i)\b(mục|khoản|điều|tiêu chí|tiết|phần)\s+([^\sIVX0-9])((?:[IVX]+|[0-9]+)(?:\.[0-9]+)+)\b")


def _letters_back(name: str) -> str:
    """Letters read as digits or as other letters inside a capitalised word put back:
    "TlNH" → "TINH", "S0" → "SO" (words of digits, such as "71", stay)."""
    def word(token: str) -> str:
        if not any(c.isalpha() for c in token) or not token[:1].isupper():
            return token
        return token.replace("0", "O").replace("1", "I").replace("l", "I").replace("|", "I")
    return " ".join(word(t) for t in name.split())


def _fix_number(token: str, known: set[str] | None) -> str:
    """Digits read as letters, put back, when the result is a known number (or plain digits)."""
    head, _, tail = token.partition(".")
    roman = re.fullmatch(r"[IVX]+", head) is not None
    if roman and tail:
        fixed = head + "." + tail.translate(_CONFUSED)
    elif roman:
        return token
    else:
        fixed = token.translate(_CONFUSED)
    if fixed == token or not re.fullmatch(r"(?:[IVX]+\.)?[0-9]+(?:\.[0-9]+)*\.?", fixed):
        return token
    if known is not None and not any(k == fixed.rstrip(".") or k.endswith("." + fixed.rstrip("."))
                                     for k in known):
        return token
    return fixed


def correct_letter(letter, *, roster=None, clauses=None, dates: tuple | None = None):
    """(corrected letter, corrections as sentences); see the module docstring."""
    notes: list[str] = []
    changes: dict = {}
    if roster is not None and len(roster) and letter.sender:
        from ..comments.match import match_units

        # a speck read as a trailing lower-case letter ("SỞ Y TẾ NGHỆ AN s") is tried without it
        trimmed = re.sub(r"(?:\s+[^\sA-ZÀ-Ỹ0-9]{1,2})+$", "", letter.sender)
        names = list(dict.fromkeys(n for n in (letter.sender, trimmed, _letters_back(trimmed)) if n))
        matches = match_units(names, roster, on=letter.date)
        match = next((m for m in matches.itertuples() if m.unit_id), matches.iloc[0])
        if match.unit_id and match.method != "needs_decision" and match.unit_name and \
                (match.method != "exact" or match.query != letter.sender):
            notes.append(f"đã sửa tên đơn vị theo danh sách: “{letter.sender}” → “{match.unit_name}”")
            changes["sender"] = match.unit_name
    known = None
    if clauses is not None and len(clauses):
        known = {cid.replace("D", "").replace(".k", ".") for cid in clauses["clause_id"]}
        known |= set(clauses["clause_id"])
    if letter.number:
        number, sep, rest = letter.number.partition("/")
        fixed = number.translate(_CONFUSED)
        if sep and fixed != number and fixed.isdigit():
            notes.append(f"đã sửa số văn bản: “{letter.number}” → “{fixed}/{rest}”")
            changes["number"] = f"{fixed}/{rest}"
    texts = []
    for text in letter.comments:
        def repl(match: re.Match) -> str:
            fixed = _fix_number(match.group(2), known)
            if fixed != match.group(2):
                notes.append(f"đã sửa số hiệu điều khoản: “{match.group(0)}” → "
                             f"“{match.group(1)} {fixed}”")
            return f"{match.group(1)} {fixed}" if fixed != match.group(2) else match.group(0)
        texts.append(_CITED.sub(repl, text))
    if known is not None:
        def strip_speck(match: re.Match) -> str:
            if match.group(3) in known and match.group(2):
                notes.append(f"đã sửa số hiệu điều khoản: “{match.group(0)}” → "
                             f"“{match.group(1)} {match.group(3)}”")
                return f"{match.group(1)} {match.group(3)}"
            return match.group(0)
        texts = [_SPECK.sub(strip_speck, t) for t in texts]
    if texts != list(letter.comments):
        changes["comments"] = tuple(texts)
    if letter.date is not None:
        low, high = dates or (dt.date(1990, 1, 1), dt.date.today())
        if not low <= letter.date <= high:
            notes.append(f"ngày đọc được {letter.date:%d/%m/%Y} nằm ngoài khoảng "
                         f"{low:%d/%m/%Y}–{high:%d/%m/%Y}: để trống, cần xem lại bản quét")
            changes["date"] = None
    return (dataclasses.replace(letter, **changes) if changes else letter), notes
