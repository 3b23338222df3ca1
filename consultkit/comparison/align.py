"""Clause alignment: which old clause became which new clause.

Steps, each working only on clauses the earlier steps left unpaired:

1. same ``clause_id`` and same content -> pair;
2. same content (at least :data:`EXACT_MIN_WORDS` words) under another id -> pair
   (renumbered or moved), in document order when a content repeats; a content of any
   length that occurs once in each whole document ("Nơi nhận.") too;
3. same *number* confirmed by similarity >= :data:`ID_CONFIRM` and not contested (neither
   side has another free partner more alike by :data:`CONTEST_MARGIN`). The same number
   is the same id, or, under a parent that was renumbered or moved, the same own number
   under the parent's partner ("D9.k1" under "D9" → "D10.k1" under "D10" when a new
   Điều 9 was inserted before it);
4. the rest by similarity (rapidfuzz Indel ratio) with an optimal one-to-one assignment
   (``scipy.optimize.linear_sum_assignment``). A pair needs evidence: either the same
   number (similarity >= :data:`SAME_NUMBER_MIN`; below it the old unit is deleted and
   a new one added at its number) or similarity >= :data:`CONTENT_MIN` *and* each is
   the other's clearly best match in the whole other document (by
   :data:`DISTINCT_MARGIN`, with at least :data:`DISTINCT_MIN_WORDS` words). Similarity
   alone is no evidence: in Nghị định 30/2020 dozens of unrelated clauses are more
   than 60 % alike ("Đăng ký văn bản đi" / "Đăng ký văn bản đến"), see
   tests/test_align.py. Steps 3 and 4 run twice, so the children of parents paired by
   the assignment get their same-number partners. A parent unit is compared on its
   content and its descendants' (:data:`SUBTREE_CHARS`), so an inserted article is not
   taken for the one whose number it now bears;
5. split (one old -> several consecutive new) and merge (several consecutive old
   -> one new) when the joined texts match clearly better than the best single
   partner (or, beside the single partner, when the other pieces are the unit's own
   wording in order: :data:`GROUP_VERBATIM`); each piece must bring
   :data:`GROUP_MEMBER_WORDS` words of it;
6. what is left is deleted (old) or added (new): an inserted unit ("1a.", "Điều 5a")
   is ``added`` unless the unit before it was split into it.

The precision and recall of these rules are measured on redrafts of a real decree with
known edits (tests/test_redraft_corpus.py: every edit found, no wrong pairing).

Clauses and non-clause blocks (kinds in :data:`NON_CLAUSE_KINDS`: title, header,
preamble, signature, recipients, text, note — or any id starting with "_", as the
parser gives such blocks) are aligned separately — a clause never
pairs with a header — but both appear in the result, so no row is dropped.

Every old and every new unit appears in exactly one :class:`Link` (for a split,
the old clause is on the group's first link only; likewise for a merge).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from .worddiff import _WORD, count_words

__all__ = ["Unit", "Link", "align", "units_from_frame", "content_of", "NON_CLAUSE_KINDS", "is_clause",
           "ID_CONFIRM", "CONTENT_MIN", "EXACT_MIN_WORDS", "SAME_NUMBER_MIN", "DISTINCT_MARGIN"]

NON_CLAUSE_KINDS = frozenset({"title", "header", "preamble", "signature", "recipients", "text",
                              "note"})


def is_clause(kind: str, clause_id: str) -> bool:
    """True for a clause (a numbered unit), False for headers, notes and other blocks."""
    return kind not in NON_CLAUSE_KINDS and not str(clause_id).startswith("_")
#: Same id is kept when the texts are at least this similar (0-1).
ID_CONFIRM = 0.5
#: Content-only pairs need at least this similarity (0-1).
CONTENT_MIN = 0.6
#: Exact-content matches across ids need at least this many words.
EXACT_MIN_WORDS = 4
#: A split/merge must beat the single best partner by this margin.
GROUP_GAIN = 0.1
#: Share of a split/merge member's own words that must come from the single clause.
GROUP_RELEVANCE = 0.5
#: Bonus to the similarity of two clauses with the same id in the assignment step.
ID_BONUS = 0.2
#: The assignment keeps a same-number pair down to this similarity (below it, the old
#: unit is deleted and the new one added at its number).
SAME_NUMBER_MIN = CONTENT_MIN - ID_BONUS
#: Longest split or merge considered.
GROUP_MAX = 6
#: Runs without an anchor (no single partner) are searched only below this size.
UNANCHORED_LIMIT = 20_000
#: A same-number pair is left to the assignment when either side has another free
#: partner more similar by more than this.
CONTEST_MARGIN = 0.1
#: A content-only pair must beat each side's next best match in the whole other
#: document by this much …
DISTINCT_MARGIN = 0.05
#: … and have at least this many words (its subtree's, for a parent unit).
DISTINCT_MIN_WORDS = 5
#: A parent unit is compared on its content and its descendants', cut at this length.
SUBTREE_CHARS = 1500
#: Words of the single unit each other member of a split/merge must add (two shared
#: words such as "văn bản" are everywhere in a legal text).
GROUP_MEMBER_WORDS = 3
#: Share of a split/merge member's words found in the same order in the single unit
#: that makes it verbatim (then adding to the anchor is enough evidence).
GROUP_VERBATIM = 0.85


@dataclass(frozen=True)
class Unit:
    """One row of a CLAUSES frame, as alignment sees it."""
    id: str
    parent: str
    kind: str
    number: str
    content: str
    order: int
    rank: int  # position among the units of its class (clauses or non-clauses)

    @property
    def is_clause(self) -> bool:
        return is_clause(self.kind, self.id)


@dataclass
class Link:
    """One row of the alignment: an old unit, a new unit, or both."""
    old: Unit | None
    new: Unit | None
    how: str  # 'id', 'content', 'assigned', 'split', 'merged', 'deleted', 'added'
    score: float = 1.0
    group: str = ""
    extra: dict = field(default_factory=dict)


def content_of(heading: str, text: str) -> str:
    """A unit's comparable content: heading and own text (the heading once)."""
    heading = (heading or "").strip()
    text = (text or "").strip()
    if not heading or text.startswith(heading):
        return text
    if not text:
        return heading
    return f"{heading} {text}"


def units_from_frame(frame: pd.DataFrame) -> list[Unit]:
    """Units in document order."""
    frame = frame.sort_values("order", kind="stable")
    units = []
    ranks = defaultdict(int)
    cols = [frame[c].tolist() for c in ("clause_id", "parent_id", "kind", "number", "heading",
                                         "text", "order")]
    for cid, parent, kind, number, heading, text, order in zip(*cols):
        kind = str(kind)
        cls = is_clause(kind, str(cid))
        units.append(Unit(id=str(cid), parent=str(parent), kind=kind, number=str(number),
                          content=content_of(heading, text), order=int(order), rank=ranks[cls]))
        ranks[cls] += 1
    return units


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _subtree_texts(units: list[Unit]) -> dict[str, str]:
    """Each unit's content followed by its descendants' (at most :data:`SUBTREE_CHARS`):
    what a parent unit is compared on, so an article is known by its clauses too."""
    children: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        children[u.parent].append(u)
    out: dict[str, str] = {}
    for u in reversed(units):
        kids = children.get(u.id)
        if not kids:
            out[u.id] = u.content
            continue
        text = u.content
        for k in kids:
            if len(text) >= SUBTREE_CHARS:
                break
            text = f"{text} {out.get(k.id, k.content)}" if text else out.get(k.id, k.content)
        out[u.id] = text[:SUBTREE_CHARS]
    return out


def _align_class(old: list[Unit], new: list[Unit], prefix: str) -> list[Link]:
    links: list[Link] = []
    free_old = {u.id: u for u in old}
    free_new = {u.id: u for u in new}
    paired: dict[str, str] = {}        # old id -> new id (one-to-one pairs so far)

    def pair(o: Unit, n: Unit, how: str, score: float) -> None:
        links.append(Link(o, n, how, score))
        paired[o.id] = n.id
        del free_old[o.id]
        del free_new[n.id]

    # 1. same id, same content
    for o in old:
        n = free_new.get(o.id)
        if n is not None and n.content == o.content:
            pair(o, n, "id", 1.0)
    # 2. same content elsewhere
    by_content: dict[str, list[Unit]] = defaultdict(list)
    for n in new:
        if n.id in free_new and count_words(n.content) >= EXACT_MIN_WORDS:
            by_content[n.content].append(n)
    for o in old:
        if o.id not in free_old:
            continue
        candidates = [n for n in by_content.get(o.content, ()) if n.id in free_new]
        if candidates:
            pair(o, candidates[0], "content", 1.0)
    # 2b. the same content of any length, once in each whole document ("Nơi nhận.")
    old_count = Counter(o.content for o in old)
    new_count = Counter(n.content for n in new)
    unique_new = {n.content: n for n in new if n.id in free_new and n.content
                  and new_count[n.content] == 1}
    for o in old:
        n = unique_new.get(o.content)
        if o.id in free_old and n is not None and n.id in free_new and old_count[o.content] == 1:
            pair(o, n, "content", 1.0)
    if not free_old or not free_new:
        return _finish(links, old, new, free_old, free_new, prefix)
    old_sub = _subtree_texts(old)
    new_sub = _subtree_texts(new)

    def same_number(o: Unit) -> Unit | None:
        """The free new unit with o's number: under o's parent's partner when the parent
        was renumbered or moved ("D9.k1" under "D9" → "D10.k1" under "D10"), else o's id."""
        target = o.id
        parent_new = paired.get(o.parent)
        if o.parent and parent_new and parent_new != o.parent and o.id.startswith(o.parent):
            target = parent_new + o.id[len(o.parent):]
        return free_new.get(target)

    for _ in range(2):   # twice: children of parents paired by the assignment come next
        # 3. same number, similar enough, and not contested by a clearly better partner
        candidates = [(o, n) for o in old if o.id in free_old
                      for n in [same_number(o)] if n is not None]
        if candidates:
            old_texts = [old_sub[o.id] for o in old if o.id in free_old]
            new_texts = [new_sub[n.id] for n in new if n.id in free_new]
            for o, n in candidates:
                if o.id not in free_old or n.id not in free_new:
                    continue
                score = _ratio(old_sub[o.id], new_sub[n.id])
                if score >= ID_CONFIRM and not _beaten(old_sub[o.id], new_texts, score) \
                        and not _beaten(new_sub[n.id], old_texts, score):
                    pair(o, n, "id", score)
        # 4. optimal assignment on content; a pair needs evidence (see the module docstring)
        rest_old = [o for o in old if o.id in free_old]
        rest_new = [n for n in new if n.id in free_new]
        if not rest_old or not rest_new:
            break
        scores = process.cdist([old_sub[o.id] for o in rest_old],
                               [new_sub[n.id] for n in rest_new],
                               scorer=fuzz.ratio, score_cutoff=ID_CONFIRM * 100 - 1e-9,
                               dtype=np.float32, workers=1) / 100.0
        numbered = {}
        new_index = {n.id: j for j, n in enumerate(rest_new)}
        for i, o in enumerate(rest_old):
            n = same_number(o)
            if n is not None and n.id in new_index:
                j = new_index[n.id]
                numbered[i] = j
                scores[i, j] = _ratio(old_sub[o.id], new_sub[n.id]) + ID_BONUS
        rows, cols = linear_sum_assignment(-scores)
        chosen = [(i, j) for i, j in zip(rows, cols) if scores[i, j] > 0]
        unnumbered = [(i, j) for i, j in chosen if numbered.get(i) != j]
        distinct = _distinct([rest_old[i] for i, _ in unnumbered],
                             [rest_new[j] for _, j in unnumbered], old, new, old_sub, new_sub)
        for i, j in chosen:
            o, n = rest_old[i], rest_new[j]
            if numbered.get(i) == j:
                score = float(scores[i, j]) - ID_BONUS
                if score >= SAME_NUMBER_MIN:
                    pair(o, n, "assigned", score)
            elif scores[i, j] >= CONTENT_MIN and distinct.get((o.id, n.id), False):
                pair(o, n, "assigned", float(scores[i, j]))
    return _finish(links, old, new, free_old, free_new, prefix)


def _beaten(text: str, others: list[str], score: float) -> bool:
    """Whether some text of ``others`` is more like ``text`` than ``score`` by more than
    :data:`CONTEST_MARGIN` (the pair's own partner, at ``score``, never is)."""
    cutoff = (score + CONTEST_MARGIN) * 100 + 1e-6
    if cutoff > 100:
        return False
    return process.extractOne(text, others, scorer=fuzz.ratio, score_cutoff=cutoff) is not None


def _distinct(olds: list[Unit], news: list[Unit], old: list[Unit], new: list[Unit],
              old_sub: dict, new_sub: dict) -> dict:
    """Whether each content-only pair (olds[k], news[k]) is each other's clearly best match
    in the *whole* other document (by :data:`DISTINCT_MARGIN`), with at least
    :data:`DISTINCT_MIN_WORDS` words: boilerplate ("Yêu cầu", "Đăng ký văn bản đi/đến")
    resembles many units and is no evidence."""
    out = {}
    if not olds:
        return out
    to_new = process.cdist([old_sub[o.id] for o in olds], [new_sub[n.id] for n in new],
                           scorer=fuzz.ratio, dtype=np.float32, workers=1) / 100.0
    to_old = process.cdist([new_sub[n.id] for n in news], [old_sub[o.id] for o in old],
                           scorer=fuzz.ratio, dtype=np.float32, workers=1) / 100.0
    new_pos = {n.id: j for j, n in enumerate(new)}
    old_pos = {o.id: j for j, o in enumerate(old)}
    for k, (o, n) in enumerate(zip(olds, news)):
        own = float(to_new[k, new_pos[n.id]])
        row = to_new[k].copy()
        row[new_pos[n.id]] = 0.0
        col = to_old[k].copy()
        col[old_pos[o.id]] = 0.0
        words = min(count_words(old_sub[o.id]), count_words(new_sub[n.id]))
        out[(o.id, n.id)] = (words >= DISTINCT_MIN_WORDS
                             and own >= float(row.max(initial=0.0)) + DISTINCT_MARGIN
                             and own >= float(col.max(initial=0.0)) + DISTINCT_MARGIN)
    return out


def _finish(links, old, new, free_old, free_new, prefix) -> list[Link]:
    # 5. splits and merges
    links = _groups(links, old, new, free_old, free_new, prefix)
    # 6. leftovers
    links += [Link(o, None, "deleted", 0.0) for o in old if o.id in free_old]
    links += [Link(None, n, "added", 0.0) for n in new if n.id in free_new]
    return links


def _ordered_share(part: Unit, whole: Unit) -> float:
    """Share of ``part``'s words found in ``whole`` in the same order (a piece of a split
    or merge keeps its wording; shared common words in another order are no evidence)."""
    a = [w.lower() for w in _WORD.findall(part.content)]
    b = [w.lower() for w in _WORD.findall(whole.content)]
    if not a:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def _groups(links: list[Link], old: list[Unit], new: list[Unit], free_old: dict,
            free_new: dict, prefix: str) -> list[Link]:
    """Detect splits (one old -> consecutive new) and merges (consecutive old -> one new)."""
    counter = [0]

    bags: dict[int, Counter] = {}

    def bag(u: Unit) -> Counter:
        b = bags.get(id(u))
        if b is None:
            b = bags[id(u)] = Counter(w.lower() for w in _WORD.findall(u.content))
        return b

    def coverage(target: Counter, total: int, members: list[Unit]) -> int:
        have: Counter = Counter()
        for m in members:
            have.update(bag(m))
        return sum(min(c, have[w]) for w, c in target.items()) if total else 0

    def find(side_units: list[Unit], free: dict, anchor: Unit | None,
             whole: Unit) -> list[Unit] | None:
        """Best run of consecutive units (free ones plus ``anchor``) covering ``whole``'s words.

        A run must cover at least CONTENT_MIN of the words and GROUP_GAIN more than the
        anchor alone (or only more, when the other members are ``whole``'s wording kept in
        order, GROUP_VERBATIM); every other member must add at least GROUP_MEMBER_WORDS
        covered words and have at least GROUP_RELEVANCE of its own words in ``whole``.
        """
        target = bag(whole)
        total = sum(target.values())
        if total < 2:
            return None
        base = coverage(target, total, [anchor]) / total if anchor is not None else 0.0
        best, best_score = None, max(base + GROUP_GAIN, CONTENT_MIN)
        # a run whose other members are the whole's own wording, in order, beside the
        # anchor needs no more than to add to it (the first half of a split kept as is)
        verbatim_need = max(base + 1e-9, CONTENT_MIN)
        if anchor is not None:
            starts = range(max(0, anchor.rank - GROUP_MAX + 1), anchor.rank + 1)
        elif unanchored:
            starts = [u.rank for u in side_units if u.id in free]
        else:  # too many loose units to try every run: only anchored groups are found
            starts = []
        for start in starts:
            run: list[Unit] = []
            for k in range(start, min(len(side_units), start + GROUP_MAX)):
                u = side_units[k]
                if u.id not in free and u is not anchor:
                    break
                if u is not anchor:
                    own = bag(u)
                    size = sum(own.values())
                    shared = sum(min(c, target[w]) for w, c in own.items())
                    if not size or shared / size < GROUP_RELEVANCE:
                        break
                run.append(u)
                if len(run) < 2 or (anchor is not None and anchor.rank > k):
                    continue
                covered = coverage(target, total, run)
                verbatim = anchor is not None and all(
                    _ordered_share(m, whole) >= GROUP_VERBATIM
                    and count_words(m.content) >= DISTINCT_MIN_WORDS
                    for m in run if m is not anchor)
                if covered / total < (min(best_score, verbatim_need) if verbatim and best is None
                                      else best_score):
                    continue
                if all(covered - coverage(target, total, [x for x in run if x is not m])
                       >= GROUP_MEMBER_WORDS for m in run if m is not anchor):
                    best, best_score = list(run), covered / total
        return best

    if not free_new and not free_old:
        return links
    # unanchored runs cost (loose old) x (loose new) x GROUP_MAX similarity calls
    unanchored = len(free_old) * len(free_new) <= UNANCHORED_LIMIT

    def regroup(singles: list[Unit], others: list[Unit], free_single: dict, free_other: dict,
                partner: dict, how: str) -> None:
        """One unit of ``singles`` whose text now spans a run of ``others``.

        ``how`` is "split" (one old → several new) or "merged" (several old → one new);
        the single unit stands on the group's first row only.
        """
        for single in singles:
            link = partner.get(single.id)
            if link is None and single.id not in free_single:
                continue
            if link is not None and link.score >= 0.999:
                continue
            anchor = None if link is None else (link.new if how == "split" else link.old)
            run = find(others, free_other, anchor, single)
            if not run:
                continue
            counter[0] += 1
            gid = f"{prefix}{how[0]}{counter[0]}"
            if link is not None:
                links.remove(link)
            else:
                del free_single[single.id]
            for i, other in enumerate(run):
                free_other.pop(other.id, None)
                first = single if i == 0 else None
                links.append(Link(first, other, how, 0.0, gid) if how == "split"
                             else Link(other, first, how, 0.0, gid))

    if free_new:   # splits: an old clause whose text now spans several consecutive new ones
        regroup(old, new, free_old, free_new,
                {l.old.id: l for l in links if l.old is not None}, "split")
    if free_old:   # merges: several consecutive old clauses now in one new clause
        regroup(new, old, free_new, free_old,
                {l.new.id: l for l in links if l.new is not None and l.how != "split"}, "merged")
    return links


def align(old: pd.DataFrame | list[Unit], new: pd.DataFrame | list[Unit]) -> list[Link]:
    """Align two CLAUSES frames (or unit lists); every unit is in exactly one link."""
    old_units = old if isinstance(old, list) else units_from_frame(old)
    new_units = new if isinstance(new, list) else units_from_frame(new)
    links: list[Link] = []
    for is_clause, prefix in ((True, "g"), (False, "b")):
        o = [u for u in old_units if u.is_clause == is_clause]
        n = [u for u in new_units if u.is_clause == is_clause]
        if o or n:
            links += _align_class(o, n, prefix)
    return links
