"""Duplicate letters and near-identical comments.

Two different things, both kept visible rather than deleted:

* **the same comment arriving twice** — the same letter by e-mail and by
  post, or a letter and the drafters' log that copies it: same unit (roster
  ``unit_id``, else the folded name), same letter number (when both have one)
  and the same folded text, from **different files**. Every copy but the
  first gets ``duplicate_of`` = the first copy's ``comment_id``. The first is
  the earliest received (undated last); on the same date an e-mail comes
  before a posted letter (dated the day it was written, received later);
  then the first in input order.
* **near-identical comments from different units** — a text circulated
  among hospitals, a provincial template — folded texts of at least
  :data:`MIN_LENGTH` characters whose rapidfuzz ``ratio`` is at least
  :data:`SIMILARITY`, from two or more units: they share a ``group_id``
  ("g-" + the first member's id). "Agree" comments are not grouped (they are
  alike by nature). Duplicates inherit their original's group.

Work grows about linearly with the number of comments: the same comment is
found through a hash of (unit, folded text) with the first fitting copy kept
per file and letter number; identical skeletons are one entry; near-identical
texts are compared all-pairs (rapidfuzz ``cdist``) only inside blocks of at
most :data:`EXACT_LIMIT` distinct texts, and in larger blocks only when a
MinHash/LSH blocking on their words (or a sorted-neighbourhood pass) makes
them candidates — each candidate pair is then checked with the same ratio.
``benchmarks/bench_duplicates.py`` measures it and checks that both methods
give the same groups.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..readers.rows import cached_fold as fold, cached_match_key as match_key
from ..text import fold_many

SIMILARITY = 92.0
MIN_LENGTH = 40
#: blocks with more distinct texts than this are searched by LSH instead of all pairs
EXACT_LIMIT = 300
_CHUNK = 400
#: MinHash: BANDS bands of ROWS values; sorted-neighbourhood window; largest bucket compared all-pairs
BANDS, ROWS, WINDOW, BUCKET_PAIRS = 10, 2, 1, 40
_DIGITS = re.compile(r"\d+")
#: on the same date, an e-mail (dated when received) came before a posted letter (dated when
#: written, received later)
_CHANNEL_RANK = {"email": 0, "post": 2, "letter": 2}


def _file_of(source: str) -> str:
    return str(source).split("#", 1)[0]


def _unit_key(unit_id: str, unit_raw: str) -> str:
    return f"id:{unit_id}" if unit_id else f"raw:{match_key(unit_raw)}"


def mark_duplicates(comments: pd.DataFrame, *, similarity: float = SIMILARITY,
                    min_length: int = MIN_LENGTH, method: str = "auto") -> pd.DataFrame:
    """Return a copy of ``comments`` with ``duplicate_of`` and ``group_id`` filled.

    ``method``: ``"auto"`` (all pairs in small blocks, LSH in large ones),
    ``"exact"`` (all pairs everywhere; quadratic) or ``"lsh"``.
    """
    frame = comments.copy()
    n = len(frame)
    duplicate_of = [""] * n
    group_id = [""] * n
    if not n:
        frame["duplicate_of"] = duplicate_of
        frame["group_id"] = group_id
        return frame
    ids = frame["comment_id"].astype(str).tolist()
    units = [_unit_key(u or "", r or "") for u, r in zip(frame["unit_id"].fillna(""),
                                                           frame["unit_raw"].fillna(""))]
    numbers = frame["letter_number"].fillna("").astype(str).map(fold).tolist()
    raw_texts = frame["text"].fillna("").astype(str).tolist()
    distinct = list(dict.fromkeys(raw_texts))              # exact copies folded once
    folded = dict(zip(distinct, fold_many(distinct)))
    texts = [folded[t] for t in raw_texts]
    files = [_file_of(s) for s in frame["source"].fillna("")]
    received = frame["received"].tolist()
    channels = frame["channel"].fillna("").tolist() if "channel" in frame.columns else [""] * n
    dates = [_date_key(r) for r in received]
    order = sorted(range(n), key=lambda i: (dates[i], _CHANNEL_RANK.get(channels[i], 1), i))

    # 1. the same comment from another file: per (unit, text), the first copy of another file
    # whose letter number fits, found in constant time (see _FirstCopies)
    first: dict[tuple, _FirstCopies | int] = {}
    for i in order:
        if not texts[i]:
            continue
        key = (units[i], texts[i])
        copies = first.get(key)
        if copies is None:                # most texts come once: keep just the row
            first[key] = i
            continue
        if isinstance(copies, int):
            j, copies = copies, _FirstCopies()
            copies.add(j, files[j], numbers[j], files)
            first[key] = copies
        j = copies.find(files[i], numbers[i], files)
        if j is not None:
            duplicate_of[i] = ids[j]
        else:
            copies.add(i, files[i], numbers[i], files)

    # 2. near-identical texts from several units
    stance = frame["stance"].tolist() if "stance" in frame.columns else [""] * n
    cited = frame["clause_ids"].tolist() if "clause_ids" in frame.columns else [()] * n
    blocks: dict[tuple, dict[str, list[int]]] = {}
    taken = [i for i in range(n)
             if not duplicate_of[i] and len(texts[i]) >= min_length and stance[i] != "agree"]
    wanted = list(dict.fromkeys(texts[i] for i in taken))
    skeletons = dict(zip(wanted, _skeletons(wanted)))      # exact copies: one entry, by hash
    for i in taken:
        block = tuple(cited[i]) if isinstance(cited[i], (tuple, list)) else ()
        blocks.setdefault(block, {}).setdefault(skeletons[texts[i]], []).append(i)
    for members in blocks.values():
        for rows in _near_groups(members, similarity, method=method):
            if len({units[i] for i in rows}) < 2:
                continue
            rows = sorted(rows, key=lambda i: (dates[i], i))
            gid = "g-" + ids[rows[0]].removeprefix("c-")
            for i in rows:
                group_id[i] = gid
    position = {cid: i for i, cid in enumerate(ids)}
    for i in range(n):
        if duplicate_of[i] and not group_id[i]:
            group_id[i] = group_id[position[duplicate_of[i]]]
    frame["duplicate_of"] = duplicate_of
    frame["group_id"] = group_id
    return frame


def _skeleton(folded: str) -> str:
    """Folded text without digits: "(ý 12)" and "(ý 13)" are the same comment."""
    return " ".join(_DIGITS.sub(" ", folded).split())


_NO_DIGITS = bytes(32 if chr(c).isdigit() else c for c in range(128)) + bytes(range(128, 256))


def _skeletons(folded: list[str]) -> list[str]:
    """``[_skeleton(t) for t in folded]``; on ASCII texts, in one pass over bytes."""
    joined = "\x00".join(folded)
    if not joined.isascii() or any("\x00" in t for t in folded):
        return [_skeleton(t) for t in folded]
    pieces = joined.encode("ascii").translate(_NO_DIGITS).split(b"\x00")
    return [b" ".join(piece.split()).decode("ascii") for piece in pieces]


class _FirstCopies:
    """The non-duplicate copies of one (unit, text), in order, for "first copy from another file
    whose letter number fits" in constant time.

    For a set of copies it keeps the first one and the first whose file differs from the first's:
    the first copy from a file other than ``f`` is one of those two. Copies are kept per letter
    number (the blank number fits every number).
    """

    __slots__ = ("by_number", "rank")

    def __init__(self) -> None:
        self.by_number: dict[str, list] = {}
        self.rank: dict[int, int] = {}

    @staticmethod
    def _first_other(pair, file: str, files: list[str]):
        if not pair:
            return None
        j0, j1 = pair
        return j0 if files[j0] != file else j1

    def find(self, file: str, number: str, files: list[str]):
        if not number:
            found = [self._first_other(p, file, files) for p in self._all_pairs()]
        else:
            found = [self._first_other(self.by_number.get(k), file, files) for k in ("", number)]
        found = [j for j in found if j is not None]
        return min(found, key=self.rank.__getitem__) if found else None

    def _all_pairs(self):
        return [self.by_number["*"]] if "*" in self.by_number else []

    def add(self, i: int, file: str, number: str, files: list[str]) -> None:
        self.rank[i] = len(self.rank)
        for key in {"*", number}:
            pair = self.by_number.get(key)
            if pair is None:
                self.by_number[key] = [i, None]
            elif pair[1] is None and files[pair[0]] != file:
                pair[1] = i


def _near_groups(members: dict[str, list[int]], similarity: float,
                 method: str = "auto") -> list[list[int]]:
    """Rows of texts linked by ``ratio >= similarity`` (single linkage), per component."""
    unique = sorted(members, key=len)
    parent = list(range(len(unique)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    lsh = method == "lsh" or (method == "auto" and len(unique) > EXACT_LIMIT)
    if len(unique) > 1 and similarity < 100 and lsh:
        from rapidfuzz import fuzz, process

        xs, ys = _candidates(unique)
        if len(xs):
            # every candidate pair scored in one call (C++), then linked
            scores = process.cpdist([unique[x] for x in xs.tolist()], [unique[y] for y in ys.tolist()],
                                    scorer=fuzz.ratio, score_cutoff=similarity, dtype=np.uint8)
            for x, y in zip(xs[scores > 0].tolist(), ys[scores > 0].tolist()):
                rx, ry = find(x), find(y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    elif len(unique) > 1 and similarity < 100:
        from rapidfuzz import fuzz, process

        lengths = [len(u) for u in unique]
        ratio = similarity / 100.0
        for start in range(0, len(unique), _CHUNK):
            stop = min(start + _CHUNK, len(unique))
            # ratio >= r needs the shorter text to be at least r/(2-r) of the longer
            hi = bisect.bisect_right(lengths, lengths[stop - 1] * (2 - ratio) / ratio)
            scores = process.cdist(unique[start:stop], unique[start:hi], scorer=fuzz.ratio,
                                   score_cutoff=similarity, dtype=np.uint8)
            for a, b in zip(*np.nonzero(scores)):
                x, y = start + int(a), start + int(b)
                if x != y:
                    rx, ry = find(x), find(y)
                    if rx != ry:
                        parent[max(rx, ry)] = min(rx, ry)
    components: dict[int, list[int]] = {}
    for u, text in enumerate(unique):
        components.setdefault(find(u), []).extend(members[text])
    return list(components.values())


def _signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures (BANDS × ROWS values) of the sets of word pairs of ``texts``.

    Word pairs ("bo sung", "luu tru"), not single words: Vietnamese words are
    syllables, and single syllables are shared by unrelated comments. Each
    pair is hashed BANDS × ROWS times (multiply-shift, fixed seed); a text's
    signature is the minimum over its pairs, column by column — the min-wise
    hashing of datasketch's MinHash, vectorised with numpy. A text of one word
    uses that word.
    """
    lengths = np.fromiter((len(t.split()) for t in texts), dtype=np.int64, count=len(texts))
    ids, _ = pd.factorize(np.asarray(" ".join(texts).split(), dtype=object))
    words = np.asarray(ids, dtype=np.int64)
    owner = np.repeat(np.arange(len(texts)), lengths)
    inside = owner[:-1] == owner[1:]                         # the pair's two words are one text's
    shingles = [((words[:-1] << 32) | words[1:])[inside]]
    owners = [owner[:-1][inside]]
    for few, mark in ((lengths == 1, 1 << 62), (lengths == 0, 1 << 61)):
        # one word: the word itself; no word at all: a shingle of its own
        texts_few = np.flatnonzero(few)
        shingles.append((words[np.cumsum(lengths)[texts_few] - 1] if mark == 1 << 62 else texts_few) | mark)
        owners.append(texts_few)
    shingles, owners = np.concatenate(shingles), np.concatenate(owners)
    order = np.argsort(owners, kind="stable")
    shingles, owners = shingles[order], owners[order]
    owner_starts = np.searchsorted(owners, np.arange(len(texts)))
    # shingle → one mixed 32-bit value (splitmix-style), then BANDS × ROWS random permutations
    # of the 32-bit values (x·a + b mod 2³², a odd), the minimum per text
    x = shingles.astype(np.uint64)
    x ^= x >> np.uint64(31)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(29)
    x = (x >> np.uint64(32)).astype(np.uint32) ^ x.astype(np.uint32)
    rng = np.random.default_rng(20210618)
    width = BANDS * ROWS
    multipliers = rng.integers(0, 2 ** 31, size=width, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = rng.integers(0, 2 ** 32, size=width, dtype=np.uint32)
    signature = np.empty((len(texts), width), dtype=np.uint32)
    for start in range(0, width, 5):
        stop = min(width, start + 5)
        hashed = x[:, None] * multipliers[None, start:stop] + offsets[None, start:stop]
        signature[:, start:stop] = np.minimum.reduceat(hashed, owner_starts, axis=0)
    return signature


@lru_cache(maxsize=BUCKET_PAIRS + 1)
def _all_pairs_of(count: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(count, 1)


def _candidates(unique: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) worth checking, as two arrays: the same LSH bucket in some band, or
    neighbours when the texts (or the reversed texts) are sorted — a change near the end or the
    start of a text."""
    n = len(unique)
    found: list[np.ndarray] = []

    def window(ranked: np.ndarray) -> None:
        for step in range(1, WINDOW + 1):
            if len(ranked) > step:
                found.append(np.stack([ranked[:-step], ranked[step:]], axis=1))

    signature = _signatures(unique)
    for band in range(BANDS):
        keys = np.zeros(n, dtype=np.uint64)
        for column in signature[:, band * ROWS:(band + 1) * ROWS].T:   # one 64-bit key per band
            keys = keys * np.uint64(0x9E3779B97F4A7C15) + column.astype(np.uint64)
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        if counts.max(initial=0) < 2:
            continue
        order = np.argsort(inverse, kind="stable")
        ends = np.cumsum(counts)
        starts = ends - counts
        two = counts == 2                                        # most buckets: one pair
        found.append(np.stack([order[starts[two]], order[starts[two] + 1]], axis=1))
        for start, count in zip(starts[counts > 2].tolist(), counts[counts > 2].tolist()):
            members = order[start:start + count]
            if count <= BUCKET_PAIRS:
                a, b = _all_pairs_of(count)
                found.append(np.stack([members[a], members[b]], axis=1))
            else:                                               # a crowded bucket: neighbours only
                window(members[np.argsort(np.asarray([unique[m] for m in members], dtype=object))])
    texts = np.asarray(unique, dtype=object)
    window(np.argsort(texts, kind="stable"))
    window(np.argsort(np.asarray([t[::-1] for t in unique], dtype=object), kind="stable"))
    if not found:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    pairs.sort(axis=1)
    pairs = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return pairs // n, pairs % n


def _date_key(value) -> tuple:
    if value is None or value != value:  # None or NaN
        return (1, "")
    return (0, str(value))
