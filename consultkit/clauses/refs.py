"""Citations of clauses in free Vietnamese text: find them, resolve them.

:func:`parse_refs` returns a :data:`consultkit.schema.REFS` frame, one row per
citation: its span, its parts from small to large and the ``clause_id``\\ s it
resolves to in a clause frame (:func:`consultkit.clauses.parse.parse_clauses`).

The grammar of citations is in :mod:`consultkit.clauses.citations`.

Resolution never guesses. "khoản 2" without its Điều resolves only within the
``context`` clause's article; "điểm a" only within the context's khoản;
"này" ("Điều này", "khoản này", "Phụ lục này") only relative to ``context``;
"mục 2.1" or "tiêu chí số 5" without a larger part resolve when they are
unique in the text (or unique within the context's enclosing units). A
citation followed by another document's number or name ("khoản 2 Điều 3
Thông tư số 54/2017/TT-BYT", "Điều 5 Luật Khám bệnh, chữa bệnh") cites that
document and is left unresolved ("… Nghị định này" stays in this one).

Two rules for annexes numbered "IV.", "2.", "2.1.", "a)":

* a Roman "Mục IV" right after decimal sections of the same chain encloses
  them: "điểm a tiểu mục 2.2 Mục IV" is one citation, ``IV.2.2.a`` (not also
  ``IV``); "Mục IV" on its own (or in a list, "mục 2.1 và Mục IV") cites IV;
* drafters say "khoản"/"điểm" loosely for numbered items: where no real
  khoản (of an article) is in scope, "khoản N" under an annex section S is
  the item ``S.N`` if that id exists ("khoản 2 mục IV" → ``IV.2``, "điểm a
  khoản 2 mục IV.2" → ``IV.2.2.a``), else it stays unresolved and the issue
  says which id was looked for. Without a section ("khoản 2" alone) nothing
  is guessed. "điểm 2.2" (a dotted number: points have letters) is item 2.2.

A citation that cannot be resolved keeps ``resolved=False`` and says why in
``issue`` (Vietnamese), with whatever parts did resolve in ``clause_ids``.

>>> refs = parse_refs("Đề nghị sửa điểm a khoản 2 Điều 3 và bỏ Điều 5.")
>>> list(refs.span)
['điểm a khoản 2 Điều 3', 'Điều 5']
>>> refs.parts[0]
(('point', 'a'), ('clause', '2'), ('article', '3'))
>>> parse_refs("từ khoản 2 đến khoản 4 Điều 5").parts[0]
(('clause', '2'), ('clause', '3'), ('clause', '4'), ('article', '5'))
>>> parse_refs("các điểm a, b, c khoản 1").parts[0]
(('point', 'a'), ('point', 'b'), ('point', 'c'), ('clause', '1'))
>>> parse_refs("điều kiện và phần mềm mục tiêu").empty
True
"""

from __future__ import annotations

import re

import pandas as pd

from .. import schema
from ..text import nfc
from .citations import _OTHER_DOCUMENT, _RANK, find_parts
from .patterns import arabic, classify, roman_value

__all__ = ["parse_refs", "RefResolver", "resolver_for", "find_parts"]

class _Frame:
    """Lookup tables over a clause frame, built once (see :class:`RefResolver`)."""

    def __init__(self, clauses: pd.DataFrame):
        self.rows = clauses.sort_values("order")
        self.parent = dict(zip(self.rows.clause_id, self.rows.parent_id))
        self.kind = dict(zip(self.rows.clause_id, self.rows.kind))
        self.order = dict(zip(self.rows.clause_id, self.rows.order))
        self.index: dict[tuple[str, str], list[str]] = {}
        for cid, kind, number in zip(self.rows.clause_id, self.rows.kind, self.rows.number):
            self.index.setdefault((kind, self._key(kind, number)), []).append(cid)
        self.has_articles = "article" in set(self.kind.values())
        self._ancestors: dict[str, list[str]] = {}

    @staticmethod
    def _key(kind: str, number: str) -> str:
        number = number.strip()
        if kind in ("article", "chapter", "part", "section", "annex"):
            found = classify(number)
            token = found[2] if found else number.rstrip(".:")
            return token if kind == "article" else arabic(token)
        return number.rstrip(".):")

    def ancestors(self, cid: str) -> list[str]:
        """cid and its ancestors, deepest first."""
        if cid in self._ancestors:
            return self._ancestors[cid]
        out: list[str] = []
        node = cid
        while node and node not in out:
            out.append(node)
            node = self.parent.get(node, "")
        self._ancestors[cid] = out
        return out

    def within(self, cid: str, scope: str | None) -> bool:
        return scope is None or scope in self.ancestors(self.parent.get(cid, ""))

    def find(self, kind: str, number: str, scope: str | None) -> list[str]:
        def pick(row_kind, key, roman_only=False):
            return [c for c in self.index.get((row_kind, key), ())
                    if self.within(c, scope) and (not roman_only or not key[:1].isdigit())]

        if kind in ("point", "article"):
            return pick(kind, number)
        if kind == "clause":
            found = pick("clause", number)
            if not found and re.fullmatch(r"\d{1,3}(?:\.\d{1,3}[a-zđ]?)+", number):
                # a dotted number is never an article's khoản: "khoản 7.3" is the annex item 7.3
                found = pick("annex_section", number)
            if not found and scope is not None and self.kind.get(scope) == "annex_section" \
                    and re.fullmatch(r"\d{1,3}[a-zđ]?(?:\.\d{1,3}[a-zđ]?)*", number):
                # annexes: "khoản 2 mục IV" is the numbered item IV.2 (see the module docstring)
                child = f"{scope}.{number}"
                found = [child] if self.kind.get(child) == "annex_section" else []
            return found
        if kind == "criterion":
            return pick("table_row", number)
        if kind in ("chapter", "annex"):
            return pick(kind, arabic(number))
        if kind == "part":
            found = pick("part", arabic(number))
            if not found and roman_value(number):
                found = pick("annex_section", number, roman_only=True)
            return found
        # section: annex numbering first, then a decree's Mục
        found = pick("annex_section", number)
        return found or pick("section", arabic(number) if roman_value(number) else number)


_THIS = {"article": ("article",), "clause": ("clause",), "point": ("point",),
         "annex": ("annex",), "section": ("annex_section", "section"),
         "part": ("part", "annex_section"), "chapter": ("chapter",),
         "criterion": ("table_row",)}
_NAMES = {"point": "điểm", "clause": "khoản", "article": "Điều", "section": "mục",
          "part": "phần", "chapter": "Chương", "annex": "Phụ lục", "criterion": "tiêu chí số"}


def _resolve(parts, frame: _Frame, context: str | None) -> tuple[list[str], list[str]]:
    """(clause_ids, issues) of one citation's parts."""
    issues: list[str] = []
    # "mục IV.2.1": a Roman head is the enclosing part
    expanded = []
    for kind, number in parts:
        if kind == "section" and re.search(r"\d\.[a-zđ]$", number):    # "mục 4.3.c"
            expanded.append(("point", number[-1]))
            number = number[:-2]
        head, dot, rest = number.partition(".")
        if kind == "section" and dot and roman_value(head):
            expanded += [("part", head), ("section", rest)]
        else:
            expanded.append((kind, number))
    kinds = {k for k, _ in expanded}
    by_rank = sorted(expanded, key=lambda p: _RANK[p[0]])
    scopes: list[str | None] = [None]
    if context is not None and context not in frame.kind:
        return [], [f"không có đơn vị “{context}” làm ngữ cảnh"]
    # small units need their enclosing unit: from the citation or from the context
    implicit = None
    if "point" in kinds and not kinds & {"clause", "article", "section", "part", "chapter",
                                         "annex", "criterion"}:
        implicit = ("clause", "article", "annex_section")
    elif "clause" in kinds and not kinds & {"article", "section", "part", "annex"} \
            and frame.has_articles:
        implicit = ("article",)
    if implicit:
        anchor = None
        if context is not None:
            anchor = next((a for a in frame.ancestors(context) if frame.kind[a] in implicit), None)
        if anchor is None:
            what = "khoản/mục" if implicit[0] == "clause" else "Điều"
            return [], [f"không rõ thuộc {what} nào (cần nêu {what} hoặc ngữ cảnh)"]
        scopes = [anchor]
    groups: list[tuple[str, list[str]]] = []
    for kind, number in by_rank:
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(number)
        else:
            groups.append((kind, [number]))
    for kind, numbers in groups:
        found_all: list[str] = []
        for number in numbers:
            if number.lower() == "này":
                if context is None:
                    issues.append(f"“{_NAMES[kind]} này” cần ngữ cảnh")
                    continue
                anchor = next((a for a in frame.ancestors(context)
                               if frame.kind[a] in _THIS[kind]), None)
                if anchor is None:
                    issues.append(f"ngữ cảnh {context} không nằm trong {_NAMES[kind]} nào")
                else:
                    found_all.append(anchor)
                continue
            for scope in scopes:
                found = frame.find(kind, number, scope)
                if len(found) > 1 and context is not None:
                    for anc in frame.ancestors(context):
                        narrowed = [f for f in found if frame.within(f, anc)]
                        if narrowed:
                            found = narrowed
                            break
                where = f" trong {scope}" if scope else ""
                if not found and kind == "clause" and frame.kind.get(scope) == "annex_section":
                    issues.append(f"không có khoản {number}{where} (trong phụ lục, khoản "
                                  f"{number} của mục {scope} là mục {scope}.{number})")
                elif not found:
                    issues.append(f"không có {_NAMES[kind]} {number}{where}")
                elif len(found) > 1:
                    issues.append(f"{_NAMES[kind]} {number}{where} không rõ: "
                                  f"{', '.join(sorted(found, key=frame.order.get))}")
                else:
                    found_all.extend(found)
        scopes = found_all
        if not scopes:
            return [], issues
    ids = sorted(dict.fromkeys(s for s in scopes if s), key=frame.order.get)
    return ids, issues


class RefResolver:
    """Resolves citations against one clause frame, its lookup tables built once.

    >>> from consultkit.clauses.parse import parse_clauses
    >>> resolver = RefResolver(parse_clauses("Điều 3. A\\n1. B.\\n2. C:\\na) D."))
    >>> resolver.refs("điểm a khoản 2 Điều 3; khoản này", context="D3.k1").clause_ids.tolist()
    [('D3.k2.a',), ('D3.k1',)]

    ``clauses`` may be None or empty: citations are found, nothing is resolved.
    The frame must not be changed in place while the resolver is in use.
    """

    def __init__(self, clauses: pd.DataFrame | None):
        self.clauses = clauses
        self.frame = _Frame(clauses) if clauses is not None and len(clauses) else None
        self.size = 0 if clauses is None else len(clauses)

    def refs(self, text: str | None, context: str | None = None) -> pd.DataFrame:
        """The citations of ``text`` as a :data:`~consultkit.schema.REFS` frame."""
        return schema.conform(self.rows(text, context), schema.REFS) if text \
            else schema.empty(schema.REFS)

    def rows(self, text: str | None, context: str | None = None) -> list[dict]:
        """Like :meth:`refs`, as a list of row dicts (no frame built)."""
        rows = []
        text = nfc(text or "")
        for start, end, parts, issues in find_parts(text):
            small_to_large = tuple(sorted(parts, key=lambda p: -_RANK[p[0]]))
            ids: list[str] = []
            other = _OTHER_DOCUMENT.match(text, end)
            if other:
                issues = issues + [f"dẫn chiếu đến văn bản khác ({other.group('doc').strip()})"]
            elif self.frame is None:
                issues = issues + ["chưa đối chiếu: không có văn bản (khung điều khoản) để tra"]
            else:
                ids, more = _resolve(parts, self.frame, context)
                issues = issues + more
            rows.append({"start": start, "end": end, "span": text[start:end],
                         "parts": small_to_large, "clause_ids": tuple(ids),
                         "resolved": not issues and bool(ids), "issue": "; ".join(issues)})
        return rows


#: the last few resolvers, keyed on the identity of their clause frame
_RESOLVERS: list[RefResolver] = []
_CACHE_SIZE = 4


def resolver_for(clauses: pd.DataFrame | None) -> RefResolver:
    """A :class:`RefResolver` for ``clauses``, reused while the same frame object is passed."""
    for resolver in _RESOLVERS:
        if resolver.clauses is clauses and (clauses is None or resolver.size == len(clauses)):
            return resolver
    resolver = RefResolver(clauses)
    _RESOLVERS.insert(0, resolver)
    del _RESOLVERS[_CACHE_SIZE:]
    return resolver


def parse_refs(text: str, clauses: pd.DataFrame | None = None,
               context: str | None = None) -> pd.DataFrame:
    """Citations in ``text`` as a :data:`~consultkit.schema.REFS` frame.

    ``clauses``: the clause frame to resolve against (without it nothing is
    resolved, the parts are still given). ``context``: the clause_id the text
    is about, for "khoản này", "Điều này" and citations missing their article.
    Repeated calls with the same frame object reuse its lookup tables
    (:func:`resolver_for`); for many texts, make one :class:`RefResolver`.
    """
    return resolver_for(clauses).refs(text, context)
