"""Which paragraph (or table row) of the old Word file each one of the new file pairs with.

The clause alignment decides for clauses: a pair of clause units in the comparison
(``old_id`` and ``new_id`` both set) that stays in order (the pairs kept are a longest
increasing subsequence, as in :mod:`consultkit.comparison.core`) pairs the leaves of
the two units. Leaves of clause units that the comparison did not pair (added,
deleted, or moved out of order) are never paired: they are deleted at the old place
and inserted at the new one. Everything else — header table, title, preamble,
signature, recipients, empty paragraphs — is paired by a sequence diff of the texts
between two paired clauses, and where texts differ, by word similarity
(:data:`SIMILAR`, in order, never across kinds, nor between a paragraph in a box — a
one-cell table — and one outside).

:func:`pair_leaves` returns the whole alignment in document order: ``(old, new)`` pairs
where either side may be ``None`` (deleted, inserted); deletions come before
insertions at the same place.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from ..comparison.core import longest_increasing
from .tracked_leaves import Leaf

#: word similarity (Dice coefficient of the word multisets) from which two paragraphs
#: that are not clauses, or two paragraphs inside one pair of clauses, are paired
SIMILAR = 0.5
_WORD = re.compile(r"[^\W_]+")
_DP_LIMIT = 40_000  # cells of the similarity table; larger blocks are not paired by similarity

Alignment = list[tuple[Leaf | None, Leaf | None]]


def _words(text: str) -> Counter:
    return Counter(_WORD.findall(text.lower()))


def _dice(wa: Counter, wb: Counter, a: str, b: str) -> float:
    total = sum(wa.values()) + sum(wb.values())
    if not total:
        return 1.0 if a.strip() == b.strip() else 0.0
    return 2 * sum((wa & wb).values()) / total


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' word multisets (1.0 for two empty texts).

    >>> round(similarity("Cơ sở lưu trữ hình ảnh", "Cơ sở lưu trữ dữ liệu"), 2)
    0.67
    """
    return _dice(_words(a), _words(b), a, b)


def _by_similarity(old: list[Leaf], new: list[Leaf], free_o, free_n, threshold: float
                   ) -> Alignment:
    """An order-keeping pairing of two blocks maximising the summed similarity."""
    n, m = len(old), len(new)
    if not n or not m or n * m > _DP_LIMIT:
        return [(o, None) for o in old] + [(None, b) for b in new]
    sim = [[0.0] * m for _ in range(n)]
    words_n = [_words(b.text) for b in new]
    for i, o in enumerate(old):
        if not free_o(o):
            continue
        words_o = _words(o.text)
        for j, b in enumerate(new):
            if free_n(b) and o.kind == b.kind and o.box == b.box:
                s = _dice(words_o, words_n[j], o.text, b.text)
                if s >= threshold:
                    sim[i][j] = s
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + below[j + 1] if sim[i][j] else -1.0
            row[j] = max(below[j], row[j + 1], take)
    out: Alignment = []
    dels: list[Leaf] = []
    inss: list[Leaf] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            out += [(o, None) for o in dels] + [(None, b) for b in inss]
            dels, inss = [], []
            out.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            dels.append(old[i])
            i += 1
        else:
            inss.append(new[j])
            j += 1
    dels += old[i:]
    inss += new[j:]
    return out + [(o, None) for o in dels] + [(None, b) for b in inss]


def align_block(old: list[Leaf], new: list[Leaf], *, locked: bool) -> Alignment:
    """Pair two runs of leaves: equal texts first, then similar ones.

    ``locked``: leaves of clause units never pair here (a gap between paired clauses);
    otherwise (the leaves of one pair of clauses) every leaf may pair, and a block of
    one old and one new leaf of the same kind pairs whatever its similarity.
    """
    def free(leaf: Leaf) -> bool:  # a box pairs with a box whatever the units in it
        return not (locked and leaf.clause) or leaf.kind == "b"

    def key(leaf: Leaf):
        # a locked leaf matches nothing; boxes match boxes in order, whatever their text
        # (it is aligned inside them); a paragraph in a box only one in a box
        if leaf.kind == "b":
            return ("b",)
        return (leaf.kind, leaf.box, leaf.text) if free(leaf) else ("", id(leaf))

    matcher = difflib.SequenceMatcher(None, [key(o) for o in old], [key(b) for b in new],
                                      autojunk=False)
    out: Alignment = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += list(zip(old[i1:i2], new[j1:j2]))
            continue
        a, b = old[i1:i2], new[j1:j2]
        if not locked and len(a) == 1 and len(b) == 1 and a[0].kind == b[0].kind \
                and a[0].box == b[0].box:
            out.append((a[0], b[0]))
        else:
            out += _by_similarity(a, b, free, free, SIMILAR if locked else SIMILAR / 2)
    return out


def pair_leaves(old: list[Leaf], new: list[Leaf], old_units: dict[str, list[Leaf]],
                new_units: dict[str, list[Leaf]], pairs: list[tuple[str, str]]) -> Alignment:
    """The alignment of two documents' leaves (see the module docstring).

    ``pairs``: the comparison's ``(old_id, new_id)`` pairs of clause units.
    """
    anchors = []
    used_o, used_n = set(), set()
    for o, n in pairs:
        if o in used_o or n in used_n or o not in old_units or n not in new_units:
            continue
        if not old_units[o][0].clause or not new_units[n][0].clause:
            continue
        used_o.add(o)
        used_n.add(n)
        anchors.append((old_units[o], new_units[n]))
    anchors.sort(key=lambda a: a[1][0].index)
    kept = [anchors[k] for k in longest_increasing([a[0][0].index for a in anchors])]
    out: Alignment = []
    i = j = 0
    for a, b in kept:
        out += align_block(old[i:a[0].index], new[j:b[0].index], locked=True)
        out += align_block(a, b, locked=False)
        i, j = a[-1].index + 1, b[-1].index + 1
    out += align_block(old[i:], new[j:], locked=True)
    return out
