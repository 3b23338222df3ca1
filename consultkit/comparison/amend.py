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
* Renumbering alone gets no instruction: an amending document keeps the numbers of the
  text it amends, so a unit renumbered by the redraft is cited (phrases, restatements,
  places of insertion) by its old number, and its restatement quotes the old number.
* Where a unit the redraft adds, moves or splits off would take a number the amended text
  gives to another unit, the nearest enclosing unit present in both versions is restated
  in full with the new numbering (:func:`_containers`). Phrases are used only when the
  phrase occurs once, inside the heading or inside the text, within one paragraph and
  without quotation marks; table rows are quoted with every cell. With these rules
  ``consolidate(old, amending_text(compare(old, new)))`` gives ``new`` (the round-trip
  property of tests/test_consolidation_roundtrip.py).

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

from ..clauses.patterns import inserted_base
from .citation import _own, _own_all, _segments, cite
from .kinds import ComparisonLike
from .quoting import (MAX_PHRASE_WORDS, MAX_PHRASES, MIN_PHRASE_SIMILARITY, _line, _phrases,
                      _quote, _Tree, _within_fields)

__all__ = ["cite", "amending_articles", "amending_text", "MAX_PHRASES", "MAX_PHRASE_WORDS",
           "MIN_PHRASE_SIMILARITY"]


def _containers(table, old_parent: dict, new_parent: dict) -> set[str]:
    """Units to restate in full because a number would collide.

    An amending document keeps the numbers of the amended text: a unit renumbered by the
    redraft keeps its old number in the consolidated text (phrases and restatements cite
    it by its old number), so consolidation gives the new version unit for unit up to
    that renumbering. But a unit that the new version *adds* (or moves, or splits off)
    under a number the old text gives to another unit cannot be inserted under it; then
    the nearest enclosing unit present in both versions is restated in full, with the new
    numbering ("Sửa đổi, bổ sung Điều 3 như sau:"); at the top level the unit itself."""
    old_ids, new_ids = set(old_parent), set(new_parent)
    both = old_ids & new_ids
    found: set[str] = set()
    # one unit deleted and another added at the same number is restated in place
    replaced = ({r.old_id for r in table.itertuples(index=False) if r.change == "deleted"}
                & {r.new_id for r in table.itertuples(index=False) if r.change == "added"})
    group_olds: dict[str, set] = {}
    for row in table.itertuples(index=False):
        if row.group:
            group_olds.setdefault(row.group, set()).add(row.old_id)
    for row in table.itertuples(index=False):
        old_id, new_id, change = row.old_id, row.new_id, row.change
        if not new_id or new_id not in old_ids:
            continue
        collides = ((change == "added" and new_id not in replaced)
                    or (change.startswith("moved") and True)
                    or (change in ("split", "merged") and new_id not in group_olds.get(row.group, ())))
        if not collides:
            continue
        if re.fullmatch(r"D\w+", new_id) and change == "added":
            continue     # articles are numbered through the whole text: "Điều 7a" (see _fresh)
        p = new_parent.get(new_id, "")
        while p and p not in both:
            p = new_parent.get(p, "")
        if p or not (change.startswith("moved") and old_id == new_id):
            found.add(p or new_id)   # a top-level unit moved keeping its number cannot be
                                     # restated in place: stays "Bãi bỏ" + "Bổ sung"

    def under(cid: str) -> bool:
        p = new_parent.get(cid, "")
        while p:
            if p in found:
                return True
            p = new_parent.get(p, "")
        return False
    return {c for c in found if not under(c)}


#: units whose heading is a name ("tên"): a changed name gets "Sửa đổi tên … như sau:"
_TITLED = {"article", "chapter", "section", "part", "annex", "annex_section"}


def _inserted(number: str) -> bool:
    """Whether a number as written is an inserted one ("18a.", "d1)", "Điều 5a.")."""
    token = (number or "").split()[-1].rstrip(".:)") if (number or "").split() else ""
    return inserted_base(token) is not None


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
    clause_old = {c: p for c, p in old_parent.items() if not c.startswith("_")}
    clause_new = {c: p for c, p in new_parent.items() if not c.startswith("_")}
    containers = _containers(table, clause_old, clause_new)
    old_fields = dict(zip(old_frame["clause_id"], zip(old_frame["heading"], old_frame["text"])))
    removed.update(containers)   # their old units go with the restatement
    fresh_ids: dict[str, str] = {}      # added articles renumbered for the amended text
    as_old = {r.new_id: r.old_id for r in table.itertuples(index=False)   # new id -> its id
              if r.new_id and r.old_id and not r.group                     # in the amended text
              and not r.change.startswith("moved")}

    def covered(cid: str, parents: dict, done: set) -> bool:
        p = parents.get(cid, "")
        while p:
            if p in done:
                return True
            p = parents.get(p, "")
        return False

    def fresh(cid: str) -> str:
        """An added article whose number the amended text gives to another: the number of
        the article before it (as the amended text numbers it) with a letter, "Điều 7a"."""
        if not re.fullmatch(r"D\w+", cid) or cid not in old_parent:
            return cid
        articles = [c for c in tree.order if re.fullmatch(r"D\w+", c)
                    and tree.order[c] < tree.order[cid]]
        before = max(articles, key=tree.order.get) if articles else ""
        base = fresh_ids.get(before) or as_old.get(before, before) or "D0"
        for letter in "abcdeghiklmnopqrstuvxy":
            candidate = re.sub(r"[a-zđ]$", "", base) + letter if base[-1:].isalpha() \
                else base + letter
            if candidate not in old_parent and candidate not in fresh_ids.values():
                fresh_ids[cid] = candidate
                return candidate
        return cid

    def add(cid: str) -> str:
        run = added_runs.get(cid, [cid])
        amended = fresh(cid)
        if amended != cid:      # "Bổ sung Điều 7a …" quoting "Điều 7a." for the new "Điều 8."
            prev = tree.previous_sibling(cid)
            where = (f"vào sau {cite(fresh_ids.get(prev) or as_old.get(prev, prev), document)}"
                     if prev else f"vào {cite(as_old.get(new_parent.get(cid, ''), new_parent.get(cid, '')), document)}"
                     if new_parent.get(cid) else "")
            lines = tree.lines(cid)
            restated.add(cid)
            lines[0] = re.sub(r"^(Điều|ĐIỀU)\s+\d+[a-zđ]?", rf"\g<1> {amended[1:]}", lines[0])
            head = " ".join(x for x in ("Bổ sung", _own(amended), where, "như sau:") if x)
            return head + "\n" + _quote(lines)
        prev = tree.previous_sibling(cid)
        # the place is cited as the amended text numbers it (a renumbered neighbour keeps
        # its old number there)
        where = (f"vào sau {cite(as_old.get(prev, prev), document)}" if prev else
                 f"vào {cite(as_old.get(new_parent[cid], new_parent[cid]), document)}"
                 if new_parent.get(cid) else "")
        if not where:      # the first unit of the text: before the first one already there
            after = [c for c in tree.children.get("", []) if tree.order[c] > tree.order[cid]
                     and c in as_old and not c.startswith("_")]
            where = f"vào trước {cite(as_old[after[0]], document)}" if after else ""
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

    def restate_as(oid: str, nid: str, number: str) -> str:
        """A unit renumbered by the redraft and changed: restated under its old number."""
        restated.add(nid)
        lines = tree.lines(nid)
        own = (new_number.get(nid) or "").strip()
        if number.strip() and own and lines and lines[0].startswith(own):
            lines[0] = number.strip() + lines[0][len(own):]
        return f"Sửa đổi, bổ sung {cite(oid, document)} như sau:\n" + _quote(lines)

    out: list[str] = []
    seen_groups: set[str] = set()
    old_heading = dict(zip(old_frame["clause_id"], old_frame["heading"]))
    old_text = dict(zip(old_frame["clause_id"], old_frame["text"]))
    new_heading = dict(zip(new_frame["clause_id"], new_frame["heading"]))
    new_text = dict(zip(new_frame["clause_id"], new_frame["text"]))
    new_number = dict(zip(new_frame["clause_id"], new_frame["number"]))
    old_number = dict(zip(old_frame["clause_id"], old_frame["number"]))
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
            continue          # renumbering alone: the amended text keeps its numbers
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
                and old_id == new_id \
                and new_heading.get(new_id) and old_heading.get(old_id) != new_heading[new_id] \
                and (old_text.get(old_id) or "") == (new_text.get(new_id) or ""):
            # only the name changed: "Sửa đổi tên Điều 8 như sau:" and the new name
            own = _own(new_id)
            rest = cite(new_id, document)[len(own):]
            out.append(f"Sửa đổi tên {own[:1].upper()}{own[1:]}{rest} như sau:\n"
                       + _quote([_line(new_number.get(new_id, ""), new_heading[new_id])]))
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
            first = olds[0]
            inserted = news[1:] and news[0] == first and all(
                _inserted(new_number.get(n, "")) and new_parent.get(n) == new_parent.get(first)
                for n in news[1:])
            if inserted and not any(n in restated or covered(n, new_parent, restated)
                                    for n in news):
                lines: list[str] = []
                for nid in news:
                    restated.add(nid)
                    lines += tree.lines(nid)
                own = _own(first)     # "khoản 18" kept and "khoản 18a" inserted after it
                parent = new_parent.get(first, "")
                place = f" {cite(parent, document)}" if parent else ""
                out.append(f"Sửa đổi, bổ sung {own} và bổ sung {_own_all(news[1:])} vào sau "
                           f"{own}{place} như sau:\n" + _quote(lines))
            else:
                # numbers shifted or reused were restated with their parent (_containers);
                # what is left keeps every number: restate the units kept, add the new ones
                for nid in news:
                    if nid in restated or covered(nid, new_parent, restated):
                        continue
                    out.append(restate(nid) if nid in old_parent else add(nid))
            for oid in olds:          # and repeal the ones merged away
                if oid not in news and not (oid in removed or covered(oid, old_parent, removed)):
                    removed.add(oid)
                    out.append(f"Bãi bỏ {cite(oid, document)}.")
        else:  # modified, renumbered+modified
            ops = list(row.ops)
            phrases = (_phrases(ops, row.old_text) if row.similarity >= MIN_PHRASE_SIMILARITY
                       and row.kind != "table_row" else None)
            if phrases and not _within_fields(phrases, *old_fields.get(old_id, ("", ""))):
                phrases = None   # a phrase across the heading and the text cannot be found
            if phrases and change == "modified":
                place = cite(old_id or new_id, document)   # the text amended is the old one
                out += [f"{p} tại {place}." for p in phrases]
            else:
                removed.add(old_id)  # its deleted descendants are covered by the restatement
                out.append(restate(new_id) if old_id in (new_id, "") else
                           restate_as(old_id, new_id, old_number.get(old_id, "")))
    return out


def _chain(cid: str, parents: dict) -> list[str]:
    """The ancestors of cid, nearest first."""
    out = []
    p = parents.get(cid, "")
    while p:
        out.append(p)
        p = parents.get(p, "")
    return out[::-1][::-1]


def amending_text(comparison: ComparisonLike, document: str = "") -> str:
    """The text of the amending article: a heading and numbered instructions."""
    items = amending_articles(comparison, document)
    target = f" của {document}" if document else ""
    head = f"Điều 1. Sửa đổi, bổ sung một số nội dung{target}"
    if not items:
        return head + "\n(Không có nội dung sửa đổi, bổ sung.)"
    return head + "\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
