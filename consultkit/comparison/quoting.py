"""Quoting units and wording phrase changes for amending documents.

Split out of :mod:`consultkit.comparison.amend` (which re-exports the phrase limits):
the quoted text of a unit with its descendants (:class:`_Tree`, :func:`_quote`) and the
``Thay thế cụm từ …`` / ``Bổ sung cụm từ …`` / ``Bãi bỏ cụm từ …`` sentences."""

from __future__ import annotations

import re

from . import worddiff as wd
from .align import content_of

__all__ = ["MAX_PHRASES", "MAX_PHRASE_WORDS", "MIN_PHRASE_SIMILARITY"]

MAX_PHRASES = 3
MAX_PHRASE_WORDS = 8
MIN_PHRASE_SIMILARITY = 0.75


def _quote(lines: list[str]) -> str:
    body = "\n".join(lines)
    return f"“{body}”."


def _line(number: str, content: str) -> str:
    number = (number or "").strip()
    if not number or content.startswith(number):
        return content
    if number[-1].isalnum():
        return f"{number}. {content}" if content else number
    return f"{number} {content}".strip()


class _Tree:
    """Children and lines of a CLAUSES frame, for quoting a unit with its descendants."""

    def __init__(self, frame):
        frame = frame.sort_values("order", kind="stable")
        self.children: dict[str, list[str]] = {}
        self.line: dict[str, str] = {}
        self.parent: dict[str, str] = {}
        self.order: dict[str, int] = {}
        for cid, parent, number, heading, text, order, kind, cells in zip(
                frame["clause_id"], frame["parent_id"], frame["number"], frame["heading"],
                frame["text"], frame["order"], frame["kind"], frame["cells"]):
            self.children.setdefault(parent, []).append(cid)
            if kind == "table_row" and isinstance(cells, dict) and len(cells) > 1:
                # every cell, empty ones too, so the columns of "x" marks stay where they are
                text = " | ".join(list(cells.values())[1:])
            if heading and text and not text.startswith(heading):
                # "Điều 1. Phạm vi điều chỉnh" then its text on the next line, as written
                self.line[cid] = _line(number, heading) + "\n" + text
            else:
                self.line[cid] = _line(number, content_of(heading, text))
            self.parent[cid] = parent
            self.order[cid] = int(order)

    def lines(self, root: str) -> list[str]:
        """The unit's line and its descendants', in document order."""
        out, stack = [], [root]
        while stack:
            cid = stack.pop()
            out.append(self.line[cid])
            stack.extend(reversed(self.children.get(cid, [])))
        return out

    def previous_sibling(self, cid: str) -> str:
        sibs = [c for c in self.children.get(self.parent.get(cid, ""), [])
                if self.order[c] < self.order[cid] and not c.startswith("_")]
        return sibs[-1] if sibs else ""


def _occurs(text: str, phrase: str) -> int:
    """How many times ``phrase`` occurs in ``text``, overlapping occurrences included
    ("xã hội, tổ chức xã hội, tổ chức xã hội": "hội, tổ chức xã hội" twice)."""
    return len(re.findall(f"(?={re.escape(phrase)})", text)) if phrase else 0


def _anchor(context: str, old: str) -> str:
    """The shortest ending of ``context`` (2 to 6 words) that occurs once in ``old``."""
    tokens = wd.tokenize(context)
    starts = [i for i, t in enumerate(tokens) if wd.count_words(t)]
    for k in range(2, 7):
        if len(starts) < k:
            break
        anchor = "".join(tokens[starts[-k]:]).strip()
        if _occurs(old, anchor) == 1:
            return anchor
    return ""


def _phrases(ops: list[tuple[int, str]], old: str) -> list[str] | None:
    """Phrase-replacement sentences (without the place), or None if unsuitable."""
    regions: list[list[tuple[int, str]]] = []
    prev_equal = before = ""
    current: list[tuple[int, str]] = []
    contexts = []
    for op, text in ops:
        if op == wd.EQUAL:
            if current:
                regions.append(current)
                contexts.append(before)
                current = []
            prev_equal = text
        else:
            if not current:
                before = prev_equal
            current.append((op, text))
    if current:
        regions.append(current)
        contexts.append(before)
    if not regions or len(regions) > MAX_PHRASES:
        return None
    out = []
    for region, ctx in zip(regions, contexts):
        deleted = "".join(t for op, t in region if op == wd.DELETE).strip()
        inserted = "".join(t for op, t in region if op == wd.INSERT).strip()
        if any(q in deleted + inserted + ctx[-40:] for q in "“”\""):
            return None   # a phrase with quotation marks cannot be quoted unambiguously
        if max(wd.count_words(deleted), wd.count_words(inserted)) > MAX_PHRASE_WORDS:
            return None
        if deleted and wd.count_words(deleted) == 0 or inserted and wd.count_words(inserted) == 0:
            return None  # punctuation-only edits read badly as phrases
        if deleted:
            if _occurs(old, deleted) != 1:
                return None
            if inserted:
                out.append(f"Thay thế cụm từ “{deleted}” bằng cụm từ “{inserted}”")
            else:
                out.append(f"Bãi bỏ cụm từ “{deleted}”")
        else:
            anchor = _anchor(ctx.rstrip(), old)
            if not anchor:
                return None
            out.append(f"Bổ sung cụm từ “{inserted}” vào sau cụm từ “{anchor}”")
    return out


def _within_fields(sentences: list[str], heading: str, text: str) -> bool:
    """Whether every phrase a sentence looks for (the replaced, removed or anchor phrase)
    lies once inside the heading or inside the text, not across them."""
    for sentence in sentences:
        quoted = re.findall(r"“([^”]*)”", sentence)
        if any("\n" in q for q in quoted):
            return False          # a phrase over two paragraphs: restate the unit
        looked_for = quoted[-1] if sentence.startswith("Bổ sung") else quoted[0]
        if _occurs(heading or "", looked_for) + _occurs(text or "", looked_for) != 1:
            return False
    return True
