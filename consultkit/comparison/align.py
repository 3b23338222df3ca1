"""Clause alignment: which old clause became which new clause.

Steps, each working only on clauses the earlier steps left unpaired:

1. same ``clause_id`` and same content -> pair;
2. same content (at least :data:`EXACT_MIN_WORDS` words) under another id -> pair
   (renumbered or moved), in document order when a content repeats;
3. same ``clause_id`` confirmed by similarity >= :data:`ID_CONFIRM` -> pair;
4. the rest by content similarity (rapidfuzz Indel ratio) with an optimal
   one-to-one assignment (``scipy.optimize.linear_sum_assignment``); pairs below
   :data:`CONTENT_MIN` are rejected;
5. split (one old -> several consecutive new) and merge (several consecutive old
   -> one new) when the joined texts match clearly better than the best single
   partner;
6. what is left is deleted (old) or added (new).

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

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from .assignment import linear_sum_assignment  # SciPy only for large matrices (import time)

from .worddiff import _WORD, count_words

__all__ = ["Unit", "Link", "align", "units_from_frame", "content_of", "NON_CLAUSE_KINDS", "is_clause",
           "ID_CONFIRM", "CONTENT_MIN", "EXACT_MIN_WORDS"]

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
#: Longest split or merge considered.
GROUP_MAX = 6
#: Runs without an anchor (no single partner) are searched only below this size.
UNANCHORED_LIMIT = 20_000


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


def _align_class(old: list[Unit], new: list[Unit], prefix: str) -> list[Link]:
    links: list[Link] = []
    free_old = {u.id: u for u in old}
    free_new = {u.id: u for u in new}

    def pair(o: Unit, n: Unit, how: str, score: float) -> None:
        links.append(Link(o, n, how, score))
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
    # 3. same id, similar enough
    for o in old:
        if o.id not in free_old:
            continue
        n = free_new.get(o.id)
        if n is not None:
            score = _ratio(o.content, n.content)
            if score >= ID_CONFIRM:
                pair(o, n, "id", score)
    # 4. optimal assignment on content
    rest_old = [o for o in old if o.id in free_old]
    rest_new = [n for n in new if n.id in free_new]
    if rest_old and rest_new:
        scores = process.cdist([o.content for o in rest_old], [n.content for n in rest_new],
                               scorer=fuzz.ratio, score_cutoff=CONTENT_MIN * 100 - 1e-9,
                               dtype=np.float32, workers=1) / 100.0
        # a clause that keeps its id but was largely reworded still prefers its own id
        new_index = {n.id: j for j, n in enumerate(rest_new)}
        for i, o in enumerate(rest_old):
            j = new_index.get(o.id)
            if j is not None:
                scores[i, j] = _ratio(o.content, rest_new[j].content) + ID_BONUS
        rows, cols = linear_sum_assignment(-scores)
        for i, j in zip(rows, cols):
            if scores[i, j] >= CONTENT_MIN:
                score = float(scores[i, j])
                if rest_old[i].id == rest_new[j].id:
                    score -= ID_BONUS
                pair(rest_old[i], rest_new[j], "assigned", score)
    # 5. splits and merges
    links = _groups(links, old, new, free_old, free_new, prefix)
    # 6. leftovers
    links += [Link(o, None, "deleted", 0.0) for o in old if o.id in free_old]
    links += [Link(None, n, "added", 0.0) for n in new if n.id in free_new]
    return links


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
        anchor alone; every other member must add at least two covered words and have at
        least GROUP_RELEVANCE of its own words in ``whole``.
        """
        target = bag(whole)
        total = sum(target.values())
        if total < 2:
            return None
        base = coverage(target, total, [anchor]) / total if anchor is not None else 0.0
        best, best_score = None, max(base + GROUP_GAIN, CONTENT_MIN)
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
                if covered / total < best_score:
                    continue
                if all(covered - coverage(target, total, [x for x in run if x is not m]) >= 2
                       for m in run if m is not anchor):
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
