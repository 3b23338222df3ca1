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
  first of its siblings. Units inserted the amending way read the same
  (``Bổ sung khoản 1a vào sau khoản 1 Điều 2 như sau:``, ``Bổ sung Điều 11a vào sau
  Điều 11 như sau:``), and consecutive siblings added together are one instruction:
  ``Bổ sung các điểm d1, d2 vào sau điểm d khoản 1 Điều 5 như sau:``.
* ``Bãi bỏ khoản 4 Điều 6.`` — a deleted unit (its deleted descendants go with it);
  consecutive siblings: ``Bãi bỏ các điểm b, c khoản 2 Điều 3.``
* ``Sửa đổi tên Điều 8 như sau:`` (``Sửa đổi tên Mục 1 Chương II``, ``Sửa đổi tên Mục
  IV``) and the quoted new name — an article, chapter, section, part or annex whose
  name alone changed (never a phrase swap in a name).
* A unit deleted and another added at the same number: one ``Sửa đổi, bổ sung … như
  sau:`` with the new text.
* A unit split into itself and units inserted after it: ``Sửa đổi, bổ sung khoản 18
  và bổ sung khoản 18a vào sau khoản 18 Điều 9 như sau:``.
* Phrase changes name the unit by its old number (the text amended is the old one).
* A moved unit: ``Bãi bỏ`` at the old place and ``Bổ sung`` at the new one.
* Renumbering alone gets no instruction.

Citations of clause ids (see ``docs/architecture.md``): ``D8.k2.a`` → ``điểm a
khoản 2 Điều 8``; ``C2`` → ``Chương II`` (chapters are numbered in Roman numerals,
the id has Arabic digits), ``C2.M1`` → ``Mục 1 Chương II``; bullets ``…-1`` → ``gạch đầu dòng thứ nhất``. Annex ids follow
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

from ..clauses.patterns import inserted_base, to_roman
from . import worddiff as wd
from .align import content_of
from .kinds import ComparisonLike

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
            elif re.fullmatch(r"\d+[a-zđ]?", seg):        # "2", inserted "2a"
                numbers.append(seg)
                if len(parts) > 1 and parts[-1].startswith("tiểu mục"):
                    parts.pop()
                parts.append("tiểu mục " + ".".join(numbers))
            elif re.fullmatch(r"r\d+[a-zđ]?", seg):          # a criteria-table row
                parts.append(f"dòng số thứ tự {seg[1:]}")
            elif re.fullmatch(r"[a-zđ]\d{0,2}", seg):       # "a", inserted "c1"
                parts.append(f"điểm {seg}")
            else:
                parts.append(f"nội dung {seg}")
        return parts
    if re.fullmatch(r"P\d+", segs[0]) and len(segs) > 1 and _ROMAN.match(segs[1]):
        return [f"Phần {to_roman(int(segs[0][1:]))}"] + _parts(".".join(segs[1:]))
    if re.fullmatch(r"PL\d+", segs[0]):
        return [f"Phụ lục {segs[0][2:]}"] + (_parts(".".join(segs[1:]))
                                             if len(segs) > 1 else [])
    for seg in segs:
        m = re.match(r"^(C|M|D|k)(.+)$", seg)
        if m and m.group(1) == "k" and parts and parts[-1].startswith("khoản "):
            m = None          # under a khoản, "k1" is the inserted point k1
        if seg.startswith("-"):
            parts.append(_bullet(seg[1:]))
        elif m and m.group(1) == "C":
            number = m.group(2)     # chapters are numbered in Roman numerals ("Chương II")
            parts.append(f"Chương {to_roman(int(number)) if number.isdigit() else number}")
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
        frame = frame.sort_values("order", kind="stable")
        self.children: dict[str, list[str]] = {}
        self.line: dict[str, str] = {}
        self.parent: dict[str, str] = {}
        self.order: dict[str, int] = {}
        for cid, parent, number, heading, text, order in zip(
                frame["clause_id"], frame["parent_id"], frame["number"], frame["heading"],
                frame["text"], frame["order"]):
            self.children.setdefault(parent, []).append(cid)
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


def _anchor(context: str, old: str) -> str:
    """The shortest ending of ``context`` (2 to 6 words) that occurs once in ``old``."""
    tokens = wd.tokenize(context)
    starts = [i for i, t in enumerate(tokens) if wd.count_words(t)]
    for k in range(2, 7):
        if len(starts) < k:
            break
        anchor = "".join(tokens[starts[-k]:]).strip()
        if old.count(anchor) == 1:
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
        if max(wd.count_words(deleted), wd.count_words(inserted)) > MAX_PHRASE_WORDS:
            return None
        if deleted and wd.count_words(deleted) == 0 or inserted and wd.count_words(inserted) == 0:
            return None  # punctuation-only edits read badly as phrases
        if deleted:
            if old.count(deleted) != 1:
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


#: units whose heading is a name ("tên"): a changed name gets "Sửa đổi tên … như sau:"
_TITLED = {"article", "chapter", "section", "part", "annex", "annex_section"}


def _inserted(number: str) -> bool:
    """Whether a number as written is an inserted one ("18a.", "d1)", "Điều 5a.")."""
    token = (number or "").split()[-1].rstrip(".:)") if (number or "").split() else ""
    return inserted_base(token) is not None


def _own_all(ids: list[str]) -> str:
    """"điểm d1" for one unit, "các điểm d1, d2" for a run of siblings."""
    if len(ids) == 1:
        return _own(ids[0])
    label, _, first = _own(ids[0]).rpartition(" ")
    numbers = [first] + [_own(i).rpartition(" ")[2] for i in ids[1:]]
    return f"các {label} {', '.join(numbers)}"


def _runs(ids: list[str], tree: "_Tree") -> dict[str, list[str]]:
    """Runs of ``ids`` that are consecutive siblings of one parent (bullets excepted),
    keyed by their first id."""
    wanted = set(ids)
    runs: dict[str, list[str]] = {}
    for siblings in tree.children.values():
        run: list[str] = []
        for cid in siblings + [""]:
            if cid in wanted and "-" not in _segments(cid)[-1][:1] and not cid.startswith("_"):
                run.append(cid)
                continue
            if len(run) > 1:
                runs[run[0]] = run
            run = []
    return runs


def amending_articles(comparison: ComparisonLike, document: str = "") -> list[str]:
    """One instruction per changed unit, in the new document's order."""
    table = comparison.table
    table = table[table["is_clause"]]
    new_frame, old_frame = comparison.new, comparison.old
    restated: set[str] = set()   # new ids whose text is given in full
    removed: set[str] = set()    # old ids repealed
    tree = _Tree(new_frame)
    new_parent = tree.parent
    old_parent = dict(zip(old_frame["clause_id"], old_frame["parent_id"]))

    def covered(cid: str, parents: dict, done: set) -> bool:
        p = parents.get(cid, "")
        while p:
            if p in done:
                return True
            p = parents.get(p, "")
        return False

    def add(cid: str) -> str:
        run = added_runs.get(cid, [cid])
        prev = tree.previous_sibling(cid)
        where = (f"vào sau {cite(prev, document)}" if prev else
                 f"vào {cite(new_parent[cid], document)}" if new_parent.get(cid) else "")
        lines: list[str] = []
        for member in run:
            restated.add(member)
            lines += tree.lines(member)
        head = " ".join(x for x in ("Bổ sung", _own_all(run), where, "như sau:") if x)
        return head + "\n" + _quote(lines)

    def repeal(oid: str) -> str:
        run = deleted_runs.get(oid, [oid])
        removed.update(run)
        parent = old_tree.parent.get(oid, "")
        place = f" {cite(parent, document)}" if parent and len(run) > 1 else ""
        what = _own_all(run) + place if len(run) > 1 else cite(oid, document)
        return f"Bãi bỏ {what}."

    # runs of consecutive siblings added (or deleted) together: one instruction each
    old_tree = _Tree(old_frame)
    deleted = [r.old_id for r in table.itertuples(index=False) if r.change == "deleted"]
    added = [r.new_id for r in table.itertuples(index=False) if r.change == "added"]
    replaced = set(deleted) & set(added)       # same number: deleted and another added
    added_runs = _runs([c for c in added if c not in replaced], tree)
    deleted_runs = _runs([c for c in deleted if c not in replaced], old_tree)
    in_runs = {m for run in list(added_runs.values()) + list(deleted_runs.values())
               for m in run[1:]}

    def restate(cid: str) -> str:
        restated.add(cid)
        return (f"Sửa đổi, bổ sung {cite(cid, document)} như sau:\n"
                + _quote(tree.lines(cid)))

    out: list[str] = []
    seen_groups: set[str] = set()
    old_heading = dict(zip(old_frame["clause_id"], old_frame["heading"]))
    old_text = dict(zip(old_frame["clause_id"], old_frame["text"]))
    new_heading = dict(zip(new_frame["clause_id"], new_frame["heading"]))
    new_text = dict(zip(new_frame["clause_id"], new_frame["text"]))
    new_number = dict(zip(new_frame["clause_id"], new_frame["number"]))
    for row in table.itertuples(index=False):
        change, old_id, new_id = row.change, row.old_id, row.new_id
        if change in ("unchanged", "renumbered"):
            continue
        if new_id and covered(new_id, new_parent, restated):
            continue
        if not new_id and old_id and covered(old_id, old_parent, removed):
            removed.add(old_id)
            continue
        if (old_id and old_id in in_runs and change == "deleted") or \
                (new_id and new_id in in_runs and change == "added"):
            continue
        if change == "deleted" and old_id in replaced:
            removed.add(old_id)          # restated where its number is added again
        elif change == "added" and new_id in replaced:
            removed.add(new_id)
            out.append(restate(new_id))
        elif change == "deleted":
            out.append(repeal(old_id))
        elif change == "added":
            out.append(add(new_id))
        elif change in ("modified", "renumbered+modified") and row.kind in _TITLED \
                and new_heading.get(new_id) and old_heading.get(old_id) != new_heading[new_id] \
                and (old_text.get(old_id) or "") == (new_text.get(new_id) or ""):
            # only the name changed: "Sửa đổi tên Điều 8 như sau:" and the new name
            own = _own(new_id)
            rest = cite(new_id, document)[len(own):]
            out.append(f"Sửa đổi tên {own[:1].upper()}{own[1:]}{rest} như sau:\n"
                       + _quote([_line(new_number.get(new_id, ""), new_heading[new_id])]))
        elif change.startswith("moved"):
            removed.add(old_id)
            out.append(f"Bãi bỏ {cite(old_id, document)}.")
            out.append(add(new_id))
        elif change in ("split", "merged"):
            if row.group in seen_groups:
                continue
            seen_groups.add(row.group)
            members = table[table["group"] == row.group]
            olds = [x for x in members["old_id"] if x]
            news = [x for x in members["new_id"] if x]
            first = olds[0]
            removed.update(olds)
            lines = []
            for nid in news:
                restated.add(nid)
                lines += tree.lines(nid)
            inserted = news[1:] and news[0] == first and all(
                _inserted(new_number.get(n, "")) and new_parent.get(n) == new_parent.get(first)
                for n in news[1:])
            if inserted:     # "khoản 18" kept and "khoản 18a" inserted after it
                own = _own(first)
                parent = new_parent.get(first, "")
                place = f" {cite(parent, document)}" if parent else ""
                out.append(f"Sửa đổi, bổ sung {own} và bổ sung {_own_all(news[1:])} vào sau "
                           f"{own}{place} như sau:\n" + _quote(lines))
            else:
                out.append(f"Sửa đổi, bổ sung {cite(first, document)} như sau:\n"
                           + _quote(lines))
            for oid in olds[1:]:
                removed.add(oid)
                out.append(f"Bãi bỏ {cite(oid, document)}.")
        else:  # modified, renumbered+modified
            ops = list(row.ops)
            phrases = (_phrases(ops, row.old_text) if row.similarity >= MIN_PHRASE_SIMILARITY
                       and row.kind != "table_row" else None)
            if phrases and change == "modified":
                place = cite(old_id or new_id, document)   # the text amended is the old one
                out += [f"{p} tại {place}." for p in phrases]
            else:
                removed.add(old_id)  # its deleted descendants are covered by the restatement
                out.append(restate(new_id))
    return out


def amending_text(comparison: ComparisonLike, document: str = "") -> str:
    """The text of the amending article: a heading and numbered instructions."""
    items = amending_articles(comparison, document)
    target = f" của {document}" if document else ""
    head = f"Điều 1. Sửa đổi, bổ sung một số nội dung{target}"
    if not items:
        return head + "\n(Không có nội dung sửa đổi, bổ sung.)"
    return head + "\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
