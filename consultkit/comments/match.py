"""Match unit names as people write them to the consultation roster.

``match_units(names, roster)`` returns one row per name (:data:`MATCH_COLUMNS`).
A name is first normalised (:func:`consultkit.text.match_key`: abbreviations
such as BV, SYT, BHXH, TW/TƯ, TP.HCM expanded, diacritics and case folded, both
tone-mark placements made equal), then a few English words are translated
("Nghe An DOH", "Bach Mai Hospital"), the province prefix words (tỉnh,
thành phố) before a province name are dropped and province names are
written one way ("Hanoi", "Hà Nội", "TP Hà Nội" are the same).

Methods, in the order they are tried:

``exact``
    the normalised name equals a roster name's (score 100);
``alias``
    the same words in another order ("Nghe An DOH"), a provincial health
    department named by its province in any form, or a province merged on
    2025-07-01 (below) (score 95, merged provinces 90);
``fuzzy``
    the best rapidfuzz ``token_sort_ratio`` is at least ``threshold`` and
    ahead of the next unit by ``margin``;
``needs_decision``
    plausible candidates (score >= ``floor``) but none sure enough: ``unit_id``
    is ``""`` and ``candidates`` lists ``(unit_id, name, score)``;
``none``
    nothing plausible: names absent from the roster stay unmatched.

Distinguishing tokens veto fuzzy matches: numerals ("Bạch Mai 2", "Tâm thần
trung ương 1/2"), single letters ("Bệnh viện E/K/C"), and province names ("Sở Y
tế Hà Nam" never matches "Hà Nội"). A distinguishing token of the query that
the candidate lacks or contradicts removes the candidate ("Bạch Mai 2", a
province other than the candidate's, "… tỉnh X" against a unit with no
province); any other difference in these tokens, or in "trung ương", caps the
score below the threshold, so a person decides ("Bệnh viện Tâm thần trung
ương" → 1 or 2; "Răng Hàm Mặt trung ương" → Hà Nội or TP. Hồ Chí Minh).
Fuzzy scores average rapidfuzz ``token_sort_ratio`` and an IDF-weighted share
of words found on both sides (typos allowed), so rare words weigh more.

Province merger of 2025-07-01 (``provinces-2025-07-01.tsv``, ``merged_from``):

* a name using a province that no longer exists in the roster (an old name
  against a post-merger roster: "Sở Y tế Hà Giang") → ``alias`` to the unit
  of the province it merged into (Tuyên Quang);
* with ``on`` (the date of the letter) on or after 2025-07-01, a post-merger
  province name against a pre-merger roster ("Sở Y tế tỉnh Tuyên Quang" in
  2026 stands for the old Hà Giang *and* Tuyên Quang) → ``needs_decision``
  with every old unit in the roster as candidates, or ``alias`` when only one
  of them is in the roster. Without ``on`` the name is taken literally.

Placeholder roster rows (a group that stands for unlisted units, e.g. "Y tế
các Bộ, Ngành") are matched only exactly, never fuzzily: a ministry's health
agency is not that placeholder; see :func:`consultkit.tracking.unmatched_replies`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Iterable

import pandas as pd
from rapidfuzz import fuzz, process

from .. import schema
from ..text import match_key
from .unit_keys import HEALTH_DEPT, UnitKey, province_reference

MATCH_COLUMNS: schema.Columns = {
    "query": ("str", "the name as given"),
    "unit_id": ("str", "roster unit_id, '' when unmatched or awaiting a decision"),
    "unit_name": ("str", "the roster name of the matched unit, ''"),
    "score": ("float64", "0–100 confidence"),
    "method": ("str", "exact, alias, fuzzy, needs_decision, none"),
    "candidates": ("object", "tuple of (unit_id, name, score) when ambiguous, else ()"),
}

MERGER_DATE = dt.date(2025, 7, 1)
def _compatible(q: UnitKey, c: UnitKey, threshold: float) -> float | None:
    """None when a distinguishing token vetoes; else the score cap for this pair."""
    for qs, cs in ((q.numbers, c.numbers), (q.letters, c.letters)):
        if qs and not qs <= cs:
            return None
    if q.provinces and c.provinces and not q.provinces <= c.provinces:
        return None                                  # "Hà Nam" is never "Hà Nội"
    if q.provincial and not c.provinces:
        return None                                  # "… tỉnh Nghệ An" is a provincial unit
    cap = 100.0
    if ((c.numbers - q.numbers) or (c.letters - q.letters) or (q.central != c.central)
            or (q.provinces != c.provinces)):
        cap = threshold - 1
    return cap


class UnitMatcher:
    """An index of the roster, built once; ``.match(name)`` returns one result dict.

    Results are cached by the name's match key, so 10,000 names with repeats
    cost little more than the distinct ones.
    """

    def __init__(self, roster: pd.DataFrame, *, threshold: float = 85, margin: float = 6,
                 floor: float = 65):
        self.threshold, self.margin, self.floor = float(threshold), float(margin), float(floor)
        rows = roster.reset_index(drop=True)
        self.ids = rows["unit_id"].astype(str).tolist()
        self.names = dict(zip(self.ids, rows["name"].astype(str)))
        placeholder = (rows["placeholder"].astype(bool) if "placeholder" in rows
                       else pd.Series(False, index=rows.index))
        kinds = rows["kind"].astype(str) if "kind" in rows else pd.Series("", index=rows.index)
        codes = (rows["province_code"].astype(str) if "province_code" in rows
                 else pd.Series("", index=rows.index))
        self.keys = {uid: UnitKey(name) for uid, name in self.names.items()}
        self.by_text: dict[str, list[str]] = {}
        self.by_sorted: dict[str, list[str]] = {}
        for uid in self.ids:
            self.by_text.setdefault(self.keys[uid].text, []).append(uid)
            self.by_sorted.setdefault(self.keys[uid].sorted, []).append(uid)
        # provincial health departments by province code
        self.health_dept: dict[str, list[str]] = {}
        for uid, kind, code, is_ph in zip(self.ids, kinds, codes, placeholder):
            key = self.keys[uid]
            if is_ph:
                continue
            if kind == "provincial_health_department" or (key.rest == HEALTH_DEPT and key.provinces):
                for pc in ([code] if code else sorted(key.provinces)):
                    self.health_dept.setdefault(pc, []).append(uid)
        self.fuzzy_ids = [uid for uid, ph in zip(self.ids, placeholder) if not ph]
        self.fuzzy_texts = [self.keys[uid].text for uid in self.fuzzy_ids]
        df: dict[str, int] = {}
        for text in self.fuzzy_texts:
            for token in set(text.split()):
                df[token] = df.get(token, 0) + 1
        n = max(len(self.fuzzy_texts), 1)
        self.idf = {t: math.log(n / d) + 1.0 for t, d in df.items()}
        self.idf_unknown = math.log(n) + 1.0
        _, _, merged_from = province_reference()
        self.merged_from = merged_from
        self.merged_into = {old: new for new, olds in merged_from.items() for old in olds}
        self.pre_merger = any(code in self.merged_into and self.merged_into[code] != code
                              for code in self.health_dept)
        self._cache: dict[tuple[str, bool], dict] = {}

    # -- public -----------------------------------------------------------------------------
    def match(self, name: object, on: dt.date | None = None) -> dict:
        query = "" if name is None or (isinstance(name, float) and pd.isna(name)) else str(name)
        after = bool(on and on >= MERGER_DATE)
        cache_key = (match_key(query), after)
        result = self._cache.get(cache_key)
        if result is None:
            result = self._match(query, after)
            self._cache[cache_key] = result
        return {"query": query, **result}

    # -- steps ------------------------------------------------------------------------------
    def _row(self, uid: str, score: float, method: str, candidates=()) -> dict:
        return {"unit_id": uid, "unit_name": self.names.get(uid, ""), "score": float(score),
                "method": method, "candidates": tuple(candidates)}

    def _decide(self, uids: list[str], score: float, method: str) -> dict:
        if len(uids) == 1:
            return self._row(uids[0], score, method)
        return self._row("", score, "needs_decision",
                         [(u, self.names[u], float(score)) for u in uids])

    def _match(self, query: str, after_merger: bool) -> dict:
        q = UnitKey(query)
        if not q.tokens:
            return self._row("", 0.0, "none")
        if q.rest == HEALTH_DEPT and len(q.provinces) == 1:
            found = self._health_department(q, after_merger)
            if found is not None:
                return found
        if q.text in self.by_text:
            return self._decide(self.by_text[q.text], 100.0, "exact")
        if q.without_parent and q.without_parent in self.by_text:    # "Bạch Mai (Bộ Y tế)"
            return self._decide(self.by_text[q.without_parent], 95.0, "alias")
        if q.sorted in self.by_sorted:
            return self._decide(self.by_sorted[q.sorted], 95.0, "alias")
        return self._fuzzy(q)

    def _health_department(self, q: UnitKey, after_merger: bool) -> dict | None:
        code = next(iter(q.provinces))
        if after_merger and self.pre_merger and len(self.merged_from.get(code, ())) > 1:
            olds = [u for old in self.merged_from[code] for u in self.health_dept.get(old, [])]
            if olds:
                return self._decide(olds, 90.0, "alias")
        if code in self.health_dept:
            uids = self.health_dept[code]
            if len(uids) == 1 and q.text == self.keys[uids[0]].text:
                return self._row(uids[0], 100.0, "exact")
            return self._decide(uids, 95.0, "alias")
        new = self.merged_into.get(code)
        if new and new in self.health_dept:                      # old name, post-merger roster
            return self._decide(self.health_dept[new], 90.0, "alias")
        return None

    def _token_overlap(self, a: tuple[str, ...], b: tuple[str, ...]) -> float:
        """IDF-weighted share (0–100) of the words of a and b found, allowing typos, in the other."""
        def weight(t: str) -> float:
            return self.idf.get(t, self.idf_unknown)

        def found(xs, ys) -> float:
            total = 0.0
            for x in xs:
                best = max((fuzz.ratio(x, y) for y in ys), default=0.0)
                total += weight(x) * (best / 100 if best >= 80 else 0.0)
            return total

        whole = sum(map(weight, a)) + sum(map(weight, b))
        return 100.0 * (found(a, b) + found(b, a)) / whole if whole else 0.0

    def _fuzzy(self, q: UnitKey) -> dict:
        hits = process.extract(q.text, self.fuzzy_texts, scorer=fuzz.token_sort_ratio,
                               limit=15, score_cutoff=self.floor - 10)
        scored: dict[str, float] = {}
        for _text, chars, idx in hits:
            uid = self.fuzzy_ids[idx]
            score = (chars + self._token_overlap(q.tokens, self.keys[uid].tokens)) / 2
            if score < self.floor:
                continue
            cap = _compatible(q, self.keys[uid], self.threshold)
            if cap is None:
                continue
            scored[uid] = max(scored.get(uid, 0.0), min(float(score), cap))
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        if not ranked:
            return self._row("", 0.0, "none")
        best_uid, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= self.threshold and best - second >= self.margin:
            return self._row(best_uid, best, "fuzzy")
        candidates = [(u, self.names[u], round(s, 1)) for u, s in ranked[:5]]
        return self._row("", best, "needs_decision", candidates)


def match_units(names: Iterable[object], roster: pd.DataFrame, *, threshold: float = 85,
                margin: float = 6, floor: float = 65,
                on: dt.date | Iterable[dt.date | None] | None = None) -> pd.DataFrame:
    """Match each name to the roster; one row per name (see :data:`MATCH_COLUMNS`).

    ``on`` is the date of the letter(s) — one date or one per name — used only
    for provinces merged on 2025-07-01 (see the module docstring).

    >>> import pandas as pd
    >>> roster = pd.DataFrame({"unit_id": ["syt-nghe-an"], "name": ["Sở Y tế tỉnh Nghệ An"]})
    >>> match_units(["Nghe An DOH"], roster)[["unit_id", "method"]].values.tolist()
    [['syt-nghe-an', 'alias']]
    """
    names = list(names)
    if on is None or isinstance(on, dt.date):
        dates = [on] * len(names)
    else:
        dates = list(on)
        if len(dates) != len(names):
            raise ValueError("'on' must be one date or one per name")
    matcher = UnitMatcher(roster, threshold=threshold, margin=margin, floor=floor)
    rows = [matcher.match(name, day) for name, day in zip(names, dates)]
    return schema.conform(rows, MATCH_COLUMNS) if rows else schema.empty(MATCH_COLUMNS)
