"""Comments → the clauses they are about.

Two kinds of links, kept apart:

* **citations** (facts): the clause references written in the comment or in
  the sheet's clause column, read by :func:`consultkit.clauses.refs.parse_refs`
  and resolved against the clause frame; a clause column holding a bare id
  ("IV.2.1") is taken as that id, a bare number ("2.1", "5.") as "mục 2.1"
  when that resolves. These fill ``clause_ids`` and ``refs_raw``.
* **suggestions** (never facts): for a comment that cites nothing, up to
  :data:`MAX_SUGGESTIONS` clauses whose text is most like the comment's, by
  TF-IDF cosine similarity on folded words and word pairs, each with its score
  (0–100) and only at or above :data:`MIN_SCORE`. They fill
  ``clause_suggestions`` as ``(clause_id, score)`` pairs, best first.

Relative citations in a comment ("khoản này", "Điều này", "khoản 2" without
its Điều) resolve against the comment's own first explicit citation, else its
clause column. The same text is parsed once per call (comments repeat a lot),
so linking 100,000 comments costs about as much as linking their distinct texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..text import fold

MAX_SUGGESTIONS = 3
#: cosine similarity × 100 below which no suggestion is made
MIN_SCORE = 25.0
#: clause kinds that are not provisions one comments on
NOT_CLAUSES = {"title", "header", "preamble", "signature", "recipients", "text"}
_BARE_NUMBER = re.compile(r"(?:[IVXLC]+|\d{1,3})(?:\.\d{1,3})*")


class Citer:
    """Finds and resolves the citations of texts against one clause frame.

    One :class:`~consultkit.clauses.refs.RefResolver` (lookup tables built
    once) and a cache per (text, context): comments repeat a lot. Relative
    citations ("khoản này", "Điều này", "khoản 2" without its Điều) are
    resolved against a context: the text's own first explicit citation that
    resolves, else the ``context`` given (the row's clause column).
    """

    def __init__(self, clauses: pd.DataFrame | None):
        from ..clauses.refs import RefResolver

        self.clauses = clauses if clauses is not None and len(clauses) else None
        self.ids = set(self.clauses["clause_id"].astype(str)) if self.clauses is not None else set()
        self.resolver = RefResolver(self.clauses)
        self.cache: dict[tuple[str, str | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def __call__(self, text: str, context: str | None = None
                 ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(resolved clause ids, citation spans as written) found in ``text``."""
        if not text:
            return (), ()
        key = (text, context)
        if key not in self.cache:
            self.cache[key] = self._cite(text, context)
        return self.cache[key]

    def column(self, value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Like calling the citer, for a sheet's clause column: a bare number there
        ("2.1", "IV.2.1.", "5") is read as "mục 2.1" when that is unique."""
        ids, spans = self(value)
        bare = value.strip().rstrip(".:;")
        if not spans and _BARE_NUMBER.fullmatch(bare):
            ids, spans = self(f"mục {bare}")
            spans = (value.strip(),) if spans else ()
        return ids, spans

    def _cite(self, text: str, context: str | None):
        bare = text.strip().rstrip(".;:")
        if bare in self.ids:
            return (bare,), (text.strip(),)
        rows = self.resolver.rows(text)
        first = next((r["clause_ids"][0] for r in rows if r["resolved"]), None)
        anchor = first or (context if context in self.ids else None)
        if anchor is not None and any(not r["resolved"] for r in rows):
            again = self.resolver.rows(text, anchor)
            rows = [r if r["resolved"] else a for r, a in zip(rows, again)]
        ids = tuple(dict.fromkeys(c for r in rows for c in r["clause_ids"]))
        return ids, tuple(r["span"] for r in rows)


def citations(text: str, clauses: pd.DataFrame | None, *, context: str | None = None,
              parser=None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(resolved clause ids, citation spans as written) found in ``text``.

    ``context``: the clause the text is about (its row's clause column), used
    for "Điều này" and "khoản 2" without its article when the text itself
    cites nothing that resolves. ``parser``: a ``parse_refs``-like function to
    use instead (called once with the whole text and ``context``).
    """
    if parser is None:
        return Citer(clauses)(text, context)
    if not text:
        return (), ()
    refs = parser(text, clauses, context)
    ids = tuple(dict.fromkeys(c for found in refs["clause_ids"] for c in found or ()))
    return ids, tuple(refs["span"])


def _tokens(text: str) -> list[str]:
    words = [w for w in fold(text).split() if len(w) > 1 or w.isdigit()]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


class ClauseIndex:
    """TF-IDF vectors of the clauses' own text (with their heading)."""

    def __init__(self, clauses: pd.DataFrame):
        rows = clauses
        if "kind" in rows.columns:
            rows = rows[~rows["kind"].isin(NOT_CLAUSES)]
        rows = rows[~rows["clause_id"].astype(str).str.startswith("_")]
        docs = [f"{h} {t}" for h, t in zip(rows.get("heading", [""] * len(rows)), rows["text"])]
        keep = [i for i, d in enumerate(docs) if fold(d)]
        self.ids = [str(rows["clause_id"].iloc[i]) for i in keep]
        counts = [Counter(_tokens(docs[i])) for i in keep]
        df = Counter(t for c in counts for t in c)
        n = max(len(counts), 1)
        self.idf = {t: math.log((1 + n) / (1 + k)) + 1.0 for t, k in df.items()}
        self.vocab = {t: j for j, t in enumerate(self.idf)}
        self.matrix = self._vectors(counts)

    def _vectors(self, counts: Sequence[Counter]):
        from scipy.sparse import csr_matrix

        data, rows, cols = [], [], []
        for i, count in enumerate(counts):
            vec = {self.vocab[t]: (1 + math.log(k)) * self.idf[t] for t, k in count.items()
                   if t in self.vocab}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for j, v in vec.items():
                rows.append(i)
                cols.append(j)
                data.append(v / norm)
        return csr_matrix((data, (rows, cols)), shape=(len(counts), len(self.vocab)))

    def suggest(self, texts: Sequence[str], *, limit: int = MAX_SUGGESTIONS,
                min_score: float = MIN_SCORE) -> list[tuple[tuple[str, float], ...]]:
        """For each text, up to ``limit`` (clause_id, score) with score ≥ ``min_score``."""
        if not texts or not self.ids:
            return [() for _ in texts]
        queries = self._vectors([Counter(_tokens(t)) for t in texts])
        sims = (queries @ self.matrix.T).toarray() * 100.0
        out = []
        for row in sims:
            order = np.argsort(-row, kind="stable")[:limit]
            out.append(tuple((self.ids[j], round(float(row[j]), 1)) for j in order
                             if row[j] >= min_score))
        return out


def link_clauses(texts: Iterable[str], clauses: pd.DataFrame | None, *,
                 refs_raw: Iterable[str] | None = None, suggest: Iterable[bool] | None = None,
                 min_score: float = MIN_SCORE, limit: int = MAX_SUGGESTIONS):
    """Link comments to clauses: ``(clause_ids, suggestions)``, one entry per text.

    ``clause_ids[i]`` is the tuple of clause ids the comment (or its
    ``refs_raw[i]`` clause column) cites; ``suggestions[i]`` is ``()`` when it
    cites something (even a citation that does not resolve) or ``suggest[i]`` is false, else up to ``limit``
    ``(clause_id, score)`` pairs. See :func:`link_details` for the citation
    spans as well.
    """
    ids, suggestions, _ = link_details(texts, clauses, refs_raw=refs_raw, suggest=suggest,
                                       min_score=min_score, limit=limit)
    return ids, suggestions


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_LEAD_MARK = re.compile(r"^\s*(?:[a-zđ]\)|\d+(?:\.\d+)*\.?|[-+•*–])\s*")


class QuoteFinder:
    """The clause whose own text holds a quoted piece of the draft (folded, list mark dropped)."""

    def __init__(self, clauses: pd.DataFrame | None):
        self.rows: list[tuple[str, str]] = []
        if clauses is not None and len(clauses):
            for cid, text in zip(clauses["clause_id"].astype(str), clauses["text"].astype(str)):
                if not cid.startswith("_"):
                    self.rows.append((cid, fold(text)))

    def __call__(self, quoted: str) -> tuple[str, ...]:
        inner = _QUOTED.findall(quoted)
        pieces = [q[1:-1] for q in inner] or [quoted]
        found: list[str] = []
        for piece in pieces:
            key = fold(_LEAD_MARK.sub("", piece))
            if len(key) < 20:
                continue
            hits = [cid for cid, text in self.rows if key in text]
            if len(hits) == 1:
                found.append(re.sub(r"(?:-\d+)+$", "", hits[0]))   # a bullet: the unit it is in
        return tuple(dict.fromkeys(found))


_HEAD = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[-+•*–])?\s*(?:(?:tại|đối với|về)\s+)?"
                   r"(?P<head>[^:\n]{3,100}):", re.IGNORECASE)
_HEAD_UNIT = re.compile(r"^(?:điểm|khoản|điều|tiểu\s+mục|mục|tiêu\s+chí|dòng|phần|chương|phụ\s+lục)\b",
                        re.IGNORECASE)


def _head(text: str) -> str:
    """The unit a comment opens with, before its colon ("1. Tại điểm a tiểu mục 2.2: …"),
    or '' when it does not open that way."""
    match = _HEAD.match(text)
    if match and _HEAD_UNIT.match(match.group("head").strip()):
        return match.group("head")
    return ""


def _within(ids: tuple[str, ...], scope: tuple[str, ...]) -> tuple[str, ...]:
    """The ids that are ``scope`` units or inside them ("IV.3.r6" is inside "IV.3")."""
    return tuple(i for i in ids if any(i == s or i.startswith(s + ".") for s in scope))


def whole_draft_ids(clauses: pd.DataFrame | None) -> set[str]:
    """The units that stand for the whole draft consulted: the top unit and each only child
    below it ("PL1" → "IV" when section IV is all the draft holds). An agreement "với nội
    dung dự thảo sửa đổi mục IV" agrees with the draft; it does not cite a unit of it."""
    if clauses is None or not len(clauses) or "parent_id" not in clauses.columns:
        return set()
    rows = clauses[~clauses["clause_id"].astype(str).str.startswith("_")]
    children: dict[str, list[str]] = {}
    for cid, parent in zip(rows["clause_id"].astype(str), rows["parent_id"].astype(str)):
        children.setdefault(parent, []).append(cid)
    out: set[str] = set()
    level = children.get("", [])
    while len(level) == 1:
        out.add(level[0])
        level = children.get(level[0], [])
    return out


def link_details(texts, clauses, *, refs_raw=None, suggest=None, min_score: float = MIN_SCORE,
                 limit: int = MAX_SUGGESTIONS, quoted=None):
    """Like :func:`link_clauses`, plus the citations as written (``refs_raw`` column).

    The target of a comment is, in this order: its clause column (``refs_raw``,
    a letter table's "Điều, khoản" cell), else the citation written beside
    the draft text it quotes (``quoted``: "Tiểu mục 2.2, điểm a: “…”"), else
    the one clause whose text holds the quoted words; when one of these gives
    the target, citations in the comment's text count only inside that target
    ("tiêu chí số 6" under "Mục 3"), so a unit mentioned in passing ("đã nêu
    tại tiểu mục 4.1") is not linked. Otherwise the text's own citations.
    """
    texts = [str(t or "") for t in texts]
    refs_raw = [str(r or "") for r in refs_raw] if refs_raw is not None else [""] * len(texts)
    quoted = [str(q or "") for q in quoted] if quoted is not None else [""] * len(texts)
    suggest = list(suggest) if suggest is not None else [True] * len(texts)
    cite = Citer(clauses)
    finder = QuoteFinder(clauses) if any(quoted) else None
    ids_out: list[tuple[str, ...]] = []
    raw_out: list[str] = []
    cites: list[bool] = []
    for text, column, quote in zip(texts, refs_raw, quoted):
        col_ids, col_spans = cite.column(column) if column else ((), ())
        if not col_ids and quote:
            outside = _QUOTED.sub(" ", quote)
            col_ids, spans = cite(outside) if outside.strip() else ((), ())
            if not col_ids and finder is not None:
                col_ids = finder(quote)
            if col_ids and not column:
                column = "; ".join(spans) if spans else ""
        if not col_ids:
            head = _head(text)
            if head:      # "1. Tiểu mục 5.2: đề nghị … như tiểu mục 4.1": 5.2 is the target
                col_ids, head_spans = cite(head)
                col_spans = col_spans or head_spans
        text_ids, text_spans = cite(text, col_ids[0] if col_ids else None)
        if col_ids:
            text_ids = _within(text_ids, col_ids)
        ids_out.append(tuple(dict.fromkeys(col_ids + text_ids)))
        raw_out.append(column or "; ".join(dict.fromkeys(text_spans)))
        cites.append(bool(col_ids or text_ids or col_spans or text_spans))
    # a comment that cites something, even unresolved, gets no guesses
    asked = [s and not c and bool(t.strip()) for t, c, s in zip(texts, cites, suggest)]
    wanted = sorted({t for t, a in zip(texts, asked) if a})
    suggestions_by_text: dict[str, tuple] = {}
    if wanted and clauses is not None and len(clauses):
        index = ClauseIndex(clauses)
        suggestions_by_text = dict(zip(wanted, index.suggest(wanted, limit=limit,
                                                             min_score=min_score)))
    suggestions = [suggestions_by_text.get(t, ()) if a else () for t, a in zip(texts, asked)]
    return ids_out, suggestions, raw_out
