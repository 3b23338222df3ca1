"""Quoted provisions in amending documents (used by :mod:`.build`).

An amending article says what to change and then quotes the new wording::

    1. Sửa đổi khoản 2 Điều 3 như sau:
    “2. Cơ sở khám bệnh, chữa bệnh phải …
    a) …”

The quoted lines are *text of the amending unit* (here khoản 1 of the amending
article), not clauses of the amending document: their numbers belong to the
amended document. :class:`QuoteTracker` says, paragraph by paragraph, whether a
quotation is open. A quotation opens on a paragraph that starts with an opening
quote mark right after a unit whose text ends with "như sau:" (or "sau đây:"),
(a paragraph that opens and closes a quoted term inside it, "“RIS” là …", is
not a quotation) and closes on the paragraph that ends with the closing mark (optionally followed
by ".", ";" or ",") once the curly marks “ ” opened in it are balanced. A
quotation may also open on the announcing line itself ("… như sau: “2. …") and
go on over the next paragraphs.
"""

from __future__ import annotations

import re

_INTRO = re.compile(r"(?:như\s+sau|sau\s+đây)\s*:\s*$", re.IGNORECASE)
_OPENERS = ("“", '"', "«")
_CLOSE = re.compile(r"[”\"»]\s*(?:\./\.|[.;,])?\s*$")
_INLINE = re.compile(r"(?:như\s+sau|sau\s+đây)\s*:\s*(?P<quote>[“\"«])", re.IGNORECASE)


def introduces_quote(text: str) -> bool:
    """Whether a unit's text ends by announcing a quotation ("… như sau:")."""
    return bool(_INTRO.search(text or ""))


def _balance(text: str) -> int:
    return text.count("“") + text.count("«") - text.count("”") - text.count("»")


class QuoteTracker:
    """Whether paragraphs are inside a quotation (see the module docstring)."""

    def __init__(self):
        self.open_at: str | None = None    # location of the opening paragraph
        self.balance = 0
        self.straight = 0

    @property
    def inside(self) -> bool:
        return self.open_at is not None

    def starts(self, text: str, previous: str) -> bool:
        """Whether ``text`` opens a quotation after a unit whose text is ``previous``."""
        if not (text.startswith(_OPENERS) and introduces_quote(previous)):
            return False
        # "“RIS” là …": a quoted term opening a definition, not a quotation
        balanced = _balance(text) <= 0 and text.count('"') % 2 == 0
        return not balanced or bool(_CLOSE.search(text))

    def opens_inline(self, text: str, location: str) -> None:
        """Open a quotation that begins inside ``text`` after "như sau:" and goes on."""
        found = _INLINE.search(text)
        if found and not self.inside:
            self.feed(text[found.start("quote"):], location)

    def feed(self, text: str, location: str) -> None:
        """Take one paragraph of the quotation (the opening one included)."""
        if self.open_at is None:
            self.open_at, self.balance, self.straight = location, 0, 0
        self.balance += _balance(text)
        self.straight += text.count('"')
        if _CLOSE.search(text) and self.balance <= 0 and self.straight % 2 == 0:
            self.open_at = None
