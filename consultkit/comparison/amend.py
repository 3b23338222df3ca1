"""Drafting the articles of an amending document from a :class:`Comparison`.

Formulas (Vietnamese drafting practice, small unit to large):

* ``Thay thế cụm từ "X" bằng cụm từ "Y" tại khoản 2 Điều 8.`` — a clause changed
  by phrases only: at most :data:`MAX_PHRASES` changed places, each at most
  :data:`MAX_PHRASE_WORDS` words, similarity at least :data:`MIN_PHRASE_SIMILARITY`,
  and each replaced phrase occurring once in the old text (so the instruction is
  unambiguous). Pure insertions read ``Bổ sung cụm từ "Y" vào sau cụm từ "Z" tại …``;
  pure deletions ``Bãi bỏ cụm từ "X" tại …``.
* ``Sửa đổi, bổ sung khoản 2 Điều 8 như sau:`` followed by the quoted new text of
  the unit and of all its descendants — any larger change, splits and merges.
  Descendants of a restated unit get no instruction of their own.
* ``Bổ sung điểm đ vào sau điểm d khoản 1 Điều 5 như sau:`` — an added unit (with
  its added descendants); ``Bổ sung khoản 1 vào Điều 5 như sau:`` when it is the
  first of its siblings.
* ``Bãi bỏ khoản 4 Điều 6.`` — a deleted unit (its deleted descendants go with it).
* A moved unit: ``Bãi bỏ`` at the old place and ``Bổ sung`` at the new one.
* Renumbering alone gets no instruction.

Citations of clause ids (see ``docs/architecture.md``): ``D8.k2.a`` → ``điểm a
khoản 2 Điều 8``; ``C2`` → ``Chương 2`` (the number as in the id), ``C2.M1`` →
``Mục 1 Chương 2``; bullets ``…-1`` → ``gạch đầu dòng thứ nhất``. Annex ids follow
the wording of the 2021 dispatch ("mục IV phụ lục 1"): the Roman top level is a
``mục``, a numbered level below it a ``tiểu mục`` written with its full number
(``IV.2`` → ``tiểu mục 2 mục IV``, ``IV.2.1`` → ``tiểu mục 2.1 mục IV``), a letter a
``điểm`` (``IV.2.1.a`` → ``điểm a tiểu mục 2.1 mục IV``), a table row ``r6`` a
``dòng số thứ tự 6`` (table rows are always restated, never phrase-edited: their
cells are joined with " | "); ``PL1`` → ``Phụ lục 1``. ``document`` (e.g.
``"Phụ lục 1 ban hành kèm theo Thông tư số 54/2017/TT-BYT"``) is appended to every
citation's largest unit when given.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import worddiff as wd

if TYPE_CHECKING:
    from .core import Comparison

__all__ = ["cite", "amending_articles", "amending_text", "MAX_PHRASES", "MAX_PHRASE_WORDS",
           "MIN_PHRASE_SIMILARITY"]

MAX_PHRASES = 3
MAX_PHRASE_WORDS = 8
MIN_PHRASE_SIMILARITY = 0.75

_ROMAN = re.compile(r"^[IVXLC]+$")
_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def _bullet(n: str) -> str:
    if n.isdigit() and 1 <= int(n) <= len(_ORDINALS):
        return f"gạch đầu dòng thứ {_ORDINALS[int(n) - 1]}"
    return f"gạch đầu dòng thứ {n}"


def _segments(clause_id: str) -> list[str]:
    base = clause_id.split("~", 1)[0]
    out = []
    for seg in base.split("."):
        if "-" in seg:
            head, *bullets = seg.split("-")
            out.append(head)
            out += ["-" + b for b in bullets]
        else:
            out.append(seg)
    return [s for s in out if s]


def _parts(clause_id: str) -> list[str]:
    """Citation parts from large to small."""
    segs = _segments(clause_id)
    if not segs:
        return [clause_id]
    parts: list[str] = []
    if _ROMAN.match(segs[0]):  # annex-style
        parts.append(f"mục {segs[0]}")
        numbers: list[str] = []
        for seg in segs[1:]:
            if seg.startswith("-"):
                parts.append(_bullet(seg[1:]))
            elif seg.isdigit():
                numbers.append(seg)
                if len(parts) > 1 and parts[-1].startswith("tiểu mục"):
                    parts.pop()
                parts.append("tiểu mục " + ".".join(numbers))
            elif len(seg) <= 2 and seg.isalpha() and seg.islower():
                parts.append(f"điểm {seg}")
            elif re.fullmatch(r"r\d+", seg):
                parts.append(f"dòng số thứ tự {seg[1:]}")
            else:
                parts.append(f"nội dung {seg}")
        return parts
    if re.fullmatch(r"PL\d+", segs[0]):
        return [f"Phụ lục {segs[0][2:]}"] + (_parts(".".join(segs[1:]))
                                             if len(segs) > 1 else [])
    for seg in segs:
        m = re.match(r"^(C|M|D|k)(.+)$", seg)
        if seg.startswith("-"):
            parts.append(_bullet(seg[1:]))
        elif m and m.group(1) == "C":
            parts.append(f"Chương {m.group(2)}")
        elif m and m.group(1) == "M":
            parts.append(f"Mục {m.group(2)}")
        elif m and m.group(1) == "D":
            parts = [f"Điều {m.group(2)}"]  # article numbers are unique: drop chapters
        elif m and m.group(1) == "k":
            parts.append(f"khoản {m.group(2)}")
        elif seg.isalpha() and len(seg) <= 2 and seg.islower() or re.match(r"^[a-zđ]\d*$", seg):
            parts.append(f"điểm {seg}")
        else:
            parts.append(f"nội dung {seg}")
    return parts


def cite(clause_id: str, document: str = "") -> str:
    """The Vietnamese citation of a clause id, small unit first.

    >>> cite("D8.k2.a")
    'điểm a khoản 2 Điều 8'
    >>> cite("IV.2.1.a")
    'điểm a tiểu mục 2.1 mục IV'
    """
    parts = _parts(clause_id)
    text = " ".join(reversed(parts))
    return f"{text} {document}".strip() if document else text


def _own(clause_id: str) -> str:
    return _parts(clause_id)[-1]


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
        from .align import content_of
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


def _containers(table, old_parent: dict, new_parent: dict) -> set[str]:
    """Units to restate in full so that applying the instructions gives the new text unit
    for unit: numbers are never reused or shifted by an amending document, so where the
    new version renumbers (a unit deleted, split, merged or moved and its siblings
    renumbered, a number reused for another unit) the nearest enclosing unit that keeps
    its id is restated ("Sửa đổi, bổ sung khoản 2 Điều 5 như sau:" with all its points);
    at the top level the renumbered unit itself is restated under its number."""
    old_ids, new_ids = set(old_parent), set(new_parent)
    both = old_ids & new_ids
    found: set[str] = set()
    for row in table.itertuples(index=False):
        old_id, new_id, change = row.old_id, row.new_id, row.change
        split = change in ("split", "merged")
        sides = []
        if new_id and new_id in old_ids and (old_id != new_id or split or change == "added"):
            sides.append((new_id, new_parent))    # the new unit takes a number in use
        if old_id and old_id in new_ids and (old_id != new_id or split or change == "deleted"):
            sides.append((old_id, old_parent))    # the old unit's number goes to another
        if change.startswith("moved") and old_id == new_id:
            sides.append((new_id, new_parent))    # reordered among its siblings
        for cid, parents in sides:
            p = parents.get(cid, "")
            while p and p not in both:
                p = parents.get(p, "")
            if p or not (change.startswith("moved") and old_id == new_id):
                found.add(p or cid)   # a top-level unit moved keeping its number: cannot be
                                      # restated in place; stays "Bãi bỏ" + "Bổ sung"

    def under(cid: str) -> bool:
        p = new_parent.get(cid, "")
        while p:
            if p in found:
                return True
            p = new_parent.get(p, "")
        return False
    return {c for c in found if not under(c)}


def amending_articles(comparison: "Comparison", document: str = "") -> list[str]:
    """One instruction per changed unit, in the new document's order."""
    table = comparison.table
    table = table[table["is_clause"]]
    new_frame, old_frame = comparison.new, comparison.old
    restated: set[str] = set()   # new ids whose text is given in full
    removed: set[str] = set()    # old ids repealed
    tree = _Tree(new_frame)
    new_parent = tree.parent
    old_parent = dict(zip(old_frame["clause_id"], old_frame["parent_id"]))
    clause_old = {c: p for c, p in old_parent.items() if not c.startswith("_")}
    clause_new = {c: p for c, p in new_parent.items() if not c.startswith("_")}
    containers = _containers(table, clause_old, clause_new)
    old_fields = dict(zip(old_frame["clause_id"], zip(old_frame["heading"], old_frame["text"])))
    removed.update(containers)   # their old units go with the restatement
    added: set[str] = set()

    def covered(cid: str, parents: dict, done: set) -> bool:
        p = parents.get(cid, "")
        while p:
            if p in done:
                return True
            p = parents.get(p, "")
        return False

    def add(cid: str) -> str:
        prev = tree.previous_sibling(cid)
        where = (f"vào sau {cite(prev, document)}" if prev else
                 f"vào {cite(new_parent[cid], document)}" if new_parent.get(cid) else "")
        if not where:      # the first unit of the text: before the first one already there
            after = [c for c in tree.children.get("", []) if tree.order[c] > tree.order[cid]
                     and c in old_parent and not c.startswith("_")]
            where = f"vào trước {cite(after[0], document)}" if after else ""
        restated.add(cid)
        added.add(cid)
        head = " ".join(x for x in ("Bổ sung", _own(cid), where, "như sau:") if x)
        return head + "\n" + _quote(tree.lines(cid))

    def restate(cid: str) -> str:
        restated.add(cid)
        return (f"Sửa đổi, bổ sung {cite(cid, document)} như sau:\n"
                + _quote(tree.lines(cid)))

    out: list[str] = []
    seen_groups: set[str] = set()
    for row in table.itertuples(index=False):
        change, old_id, new_id = row.change, row.old_id, row.new_id
        if new_id and new_id not in restated and not covered(new_id, new_parent, restated):
            root = next((c for c in [new_id] + _chain(new_id, new_parent) if c in containers), "")
            if root and root not in restated:
                out.append(restate(root))
        if old_id and not (new_id and new_id not in restated and not covered(
                new_id, new_parent, restated)) and (old_id in removed or covered(
                    old_id, old_parent, removed)) and (not new_id or new_id in restated
                                                      or covered(new_id, new_parent, restated)):
            continue
        if change in ("unchanged", "renumbered"):
            if old_id and old_id != new_id and old_id not in new_parent and not (
                    old_id in removed or covered(old_id, old_parent, removed)):
                removed.add(old_id)
                out.append(f"Bãi bỏ {cite(old_id, document)}.")
            if new_id and new_id not in old_parent and not (
                    new_id in restated or covered(new_id, new_parent, restated)):
                out.append(add(new_id))
            continue
        if new_id and covered(new_id, new_parent, restated):
            continue
        if not new_id and old_id and covered(old_id, old_parent, removed):
            removed.add(old_id)
            continue
        if change == "deleted":
            removed.add(old_id)
            out.append(f"Bãi bỏ {cite(old_id, document)}.")
        elif change == "added":
            out.append(add(new_id))
        elif change.startswith("moved"):
            if not (old_id in removed or covered(old_id, old_parent, removed)):
                removed.add(old_id)     # (its old place may be inside a restated unit)
                out.append(f"Bãi bỏ {cite(old_id, document)}.")
            if not (new_id in restated or covered(new_id, new_parent, restated)):
                out.append(add(new_id))
        elif change in ("split", "merged"):
            if row.group in seen_groups:
                continue
            seen_groups.add(row.group)
            members = table[table["group"] == row.group]
            olds = [x for x in members["old_id"] if x]
            news = [x for x in members["new_id"] if x]
            # numbers shifted or reused were restated with their parent (_containers); what
            # is left keeps every number: restate the units kept, add the new, repeal the gone
            for nid in news:
                if nid in restated or covered(nid, new_parent, restated):
                    continue
                out.append(restate(nid) if nid in old_parent else add(nid))
            for oid in olds:
                if oid not in new_parent and not (oid in removed
                                                  or covered(oid, old_parent, removed)):
                    removed.add(oid)
                    out.append(f"Bãi bỏ {cite(oid, document)}.")
        elif old_id != new_id and new_id not in old_parent:
            # renumbered to a number the old text does not have (numbers in use were
            # restated with their parent): repeal the old number, add the new one
            if not (old_id in removed or covered(old_id, old_parent, removed)):
                removed.add(old_id)
                out.append(f"Bãi bỏ {cite(old_id, document)}.")
            out.append(add(new_id))
        else:  # modified, renumbered+modified
            ops = list(row.ops)
            phrases = (_phrases(ops, row.old_text) if row.similarity >= MIN_PHRASE_SIMILARITY
                       and row.kind != "table_row" else None)
            if phrases and not _within_fields(phrases, *old_fields.get(old_id, ("", ""))):
                phrases = None   # a phrase across the heading and the text cannot be found
            if phrases and change == "modified":
                place = cite(new_id, document)
                out += [f"{p} tại {place}." for p in phrases]
            else:
                removed.add(old_id)  # its deleted descendants are covered by the restatement
                out.append(restate(new_id))
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


def _chain(cid: str, parents: dict) -> list[str]:
    """The ancestors of cid, nearest first."""
    out = []
    p = parents.get(cid, "")
    while p:
        out.append(p)
        p = parents.get(p, "")
    return out[::-1][::-1]


def amending_text(comparison: "Comparison", document: str = "") -> str:
    """The text of the amending article: a heading and numbered instructions."""
    items = amending_articles(comparison, document)
    target = f" của {document}" if document else ""
    head = f"Điều 1. Sửa đổi, bổ sung một số nội dung{target}"
    if not items:
        return head + "\n(Không có nội dung sửa đổi, bổ sung.)"
    return head + "\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
