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
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd

from ..readers.rows import cached_fold as fold, cached_match_key as match_key

SIMILARITY = 92.0
MIN_LENGTH = 40
_CHUNK = 400
_DIGITS = re.compile(r"\d+")
#: on the same date, an e-mail (dated when received) came before a posted letter (dated when
#: written, received later)
_CHANNEL_RANK = {"email": 0, "post": 2, "letter": 2}


def _file_of(source: str) -> str:
    return str(source).split("#", 1)[0]


def _unit_key(unit_id: str, unit_raw: str) -> str:
    return f"id:{unit_id}" if unit_id else f"raw:{match_key(unit_raw)}"


def mark_duplicates(comments: pd.DataFrame, *, similarity: float = SIMILARITY,
                    min_length: int = MIN_LENGTH) -> pd.DataFrame:
    """Return a copy of ``comments`` with ``duplicate_of`` and ``group_id`` filled."""
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
    texts = [fold(t) for t in frame["text"].fillna("").astype(str)]
    files = [_file_of(s) for s in frame["source"].fillna("")]
    received = frame["received"].tolist()
    channels = frame["channel"].fillna("").tolist() if "channel" in frame.columns else [""] * n
    order = sorted(range(n), key=lambda i: (_date_key(received[i]), _CHANNEL_RANK.get(channels[i], 1), i))

    # 1. the same comment from another file
    first: dict[tuple, list[int]] = {}
    for i in order:
        if not texts[i]:
            continue
        key = (units[i], texts[i])
        candidates = first.setdefault(key, [])
        for j in candidates:
            if files[j] != files[i] and (not numbers[i] or not numbers[j] or numbers[i] == numbers[j]):
                duplicate_of[i] = ids[j]
                break
        else:
            candidates.append(i)

    # 2. near-identical texts from several units
    stance = frame["stance"].tolist() if "stance" in frame.columns else [""] * n
    cited = frame["clause_ids"].tolist() if "clause_ids" in frame.columns else [()] * n
    blocks: dict[tuple, dict[str, list[int]]] = {}
    for i in range(n):
        if not duplicate_of[i] and len(texts[i]) >= min_length and stance[i] != "agree":
            block = tuple(cited[i]) if isinstance(cited[i], (tuple, list)) else ()
            blocks.setdefault(block, {}).setdefault(_skeleton(texts[i]), []).append(i)
    for members in blocks.values():
        for rows in _near_groups(members, similarity):
            if len({units[i] for i in rows}) < 2:
                continue
            rows = sorted(rows, key=lambda i: (_date_key(received[i]), i))
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


def _near_groups(members: dict[str, list[int]], similarity: float) -> list[list[int]]:
    """Rows of texts linked by ``ratio >= similarity`` (single linkage), per component."""
    unique = sorted(members, key=len)
    parent = list(range(len(unique)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    if len(unique) > 1 and similarity < 100:
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


def _date_key(value) -> tuple:
    if value is None or value != value:  # None or NaN
        return (1, "")
    return (0, str(value))
