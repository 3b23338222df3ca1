"""The grammar of amending instructions (the lines of a Thông tư/Nghị định sửa đổi).

One instruction is one paragraph of the amending document, optionally followed by
its quoted new text. Its *head* is read by :data:`ACTION`, one verbose regex whose
alternatives are the actions of real amending documents (issued 2015–2026)::

    head    := action ( ("và" | ",") action )* [ "như sau:" ]  [ "." | ";" ]
    action  := "Sửa đổi, bổ sung" TARGETS                     -> amend
             | "Sửa đổi" | "Bổ sung" TARGETS "như sau:"        -> amend (the unit exists)
             | "Bổ sung" UNITS "vào sau" | "vào trước" TARGET   -> insert (after / before)
             | "Bổ sung" UNITS "vào" TARGET                     -> insert (among its children)
             | "Bãi bỏ" TARGETS                                 -> repeal
             | "Sửa đổi tên" TARGET                             -> rename
             | "Thay thế" | "Thay" "cụm từ" Q ("," Q)* "bằng cụm từ" Q ["tại" PLACES]
                                                                -> replace_phrase
             | "Bổ sung cụm từ" Q "vào sau" | "vào trước" "cụm từ" Q ["tại" PLACES]
                                                                -> insert_phrase
             | "Bỏ" | "Bãi bỏ" "cụm từ" Q ("," Q)* ["tại" PLACES]   -> delete_phrase
             | "Thay thế Phụ lục" N ...                         -> replace_annex
             | "Đính chính" ... "thành" ...                     -> correct (a phrase)
    Q       := “…” | "…"                                       (either kind of quotes)

and the passive forms "Khoản 2 Điều 5 được sửa đổi, bổ sung như sau:", "Điều 7
được bãi bỏ." Citations (TARGETS, UNITS, PLACES) are read by
:func:`consultkit.clauses.citations.find_parts` (lists and ranges: "các khoản 2,
3 và 5", "từ điểm a đến điểm d") after the place list is cut into citations
(:func:`split_places`: "khoản 2 Điều 5, khoản 3 Điep 7 và Điều 9" is three, "khoản 2
và khoản 3 Điều 5" two that share their Điều). Two kinds of unit the citation
grammar does not know are read here: a table row "dòng số thứ tự 6" (id ``…r6``)
and a bullet "gạch đầu dòng thứ ba" (id ``…-3``).

:func:`target_ids` turns a citation into clause ids of the base by the id scheme
of :mod:`consultkit.clauses.parse` (``khoản 2 Điều 5`` → ``D5.k2``, ``điểm a
tiểu mục 2.2 mục IV`` → ``IV.2.2.a``, ``khoản 1a Điều 2`` → ``D2.k1a``); units
missing their larger part take it from ``scope`` (the enclosing amending unit,
"Sửa đổi, bổ sung một số khoản của Điều 9 như sau:").

>>> parse_head("Sửa đổi, bổ sung khoản 18 và bổ sung khoản 18a vào sau khoản 18 Điều 9 như sau:")
[('amend', ['D9.k18'], '', '', ''), ('insert', ['D9.k18a'], 'after:D9.k18', '', '')]
>>> parse_head("Thay thế cụm từ “05 năm” bằng cụm từ “01 năm” tại khoản 2 Điều 5, khoản 3 Điều 7 và Điều 9.")[0][:2]
('replace_phrase', ['D5.k2', 'D7.k3', 'D9'])
>>> parse_head("Bãi bỏ từ điểm a đến điểm c khoản 9 Điều 15.")[0][1]
['D15.k9.a', 'D15.k9.b', 'D15.k9.c']
"""

from __future__ import annotations

import functools
import itertools
import re

from ..clauses.citations import find_parts
from ..clauses.patterns import arabic, ordinal_value, roman_value
from ..text import nfc

__all__ = ["ACTION", "ACTION_LABELS", "GrammarError", "parse_head", "is_instruction",
           "split_places", "target_ids", "QUOTED"]

#: Vietnamese names of the actions, for everything a user sees
ACTION_LABELS = {
    "amend": "sửa đổi, bổ sung", "insert": "bổ sung vào sau", "repeal": "bãi bỏ",
    "replace_phrase": "thay thế cụm từ", "insert_phrase": "bổ sung cụm từ",
    "delete_phrase": "bỏ cụm từ", "rename": "sửa đổi tên", "replace_annex": "thay thế phụ lục",
    "correct": "đính chính",
}

#: a quoted phrase, curly or straight quotes
QUOTED = r"(?:“[^”]*”|\"[^\"]*\")"

#: the unit keywords a citation may start with
_UNIT = (r"(?:các\s+|những\s+)?(?:từ\s+)?(?:điểm|khoản|điều|tiểu\s+mục|mục|phần|chương|phụ\s+lục"
         r"|dòng\s+số\s+thứ\s+tự|gạch\s+đầu\s+dòng)\b")

ACTION = re.compile(rf"""
    (?P<verb>
        (?P<replace_phrase> (?:thay\s+thế|thay)\s+(?:các\s+)?cụm\s+từ\s+ )
      | (?P<insert_phrase> bổ\s+sung\s+(?:các\s+)?cụm\s+từ\s+ )
      | (?P<delete_phrase> (?:bãi\s+bỏ|bỏ)\s+(?:các\s+)?cụm\s+từ\s+ )
      | (?P<correct> đính\s+chính\s+(?:cụm\s+từ\s+)? )
      | (?P<rename> (?:sửa\s+đổi,?\s+(?:bổ\s+sung\s+)?)?tên\s+(?:gọi\s+)?(?:của\s+)? (?={_UNIT}) )
      | (?P<replace_annex> thay\s+thế\s+(?=phụ\s+lục) )
      | (?P<amend> sửa\s+đổi,?\s+bổ\s+sung\s+ | sửa\s+đổi\s+ )
      | (?P<insert> bổ\s+sung\s+ )
      | (?P<repeal> bãi\s+bỏ\s+ )
    )""", re.IGNORECASE | re.VERBOSE)

#: "và bổ sung …", ", bãi bỏ …": where a second action starts in the same head
_NEXT_ACTION = re.compile(r"\s*(?:,|;)?\s*\bvà\s+(?=(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|bỏ|thay\s+thế)\b)"
                          r"|\s*[,;]\s+(?=(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế)\b)",
                          re.IGNORECASE)
_PASSIVE = re.compile(r"^(?P<target>.+?)\s+(?:được|bị)\s+(?P<verb>sửa\s+đổi,?\s+bổ\s+sung|sửa\s+đổi"
                      r"|bổ\s+sung|bãi\s+bỏ|thay\s+thế)\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_AS_FOLLOWS = re.compile(r"\s*(?:như\s+sau|sau\s+đây)\s*:?\s*$", re.IGNORECASE)
_END = re.compile(r"\s*[.;:]\s*$")
_WHERE = re.compile(r"\s+vào\s+(?P<how>sau|trước|cuối|đầu)?\s*(?:của\s+)?", re.IGNORECASE)
_PLACE_SPLIT = re.compile(rf"\s*(?:,|;|\bvà\b|\bhoặc\b)\s+(?={_UNIT})", re.IGNORECASE)
_ROW = re.compile(r"(?:các\s+)?dòng\s+số\s+thứ\s+tự\s+(?P<n>\d+[a-zđ]?(?:\s*(?:,|và|đến)\s*\d+[a-zđ]?)*)",
                  re.IGNORECASE)
_BULLET = re.compile(r"gạch\s+đầu\s+dòng\s+thứ\s+(?P<n>\w+)", re.IGNORECASE)
_DOCUMENT = re.compile(r"\s+(?:của\s+)?(?:ban\s+hành\s+kèm\s+theo\s+)?(?:Thông\s+tư|Nghị\s+định|Quyết"
                       r"\s+định|Luật|Nghị\s+quyết)\b.*$", re.IGNORECASE | re.DOTALL)


class GrammarError(ValueError):
    """An instruction head the grammar cannot read (message in Vietnamese)."""


def is_instruction(text: str) -> bool:
    """Whether a paragraph (its number label removed) starts like an instruction."""
    text = nfc(text).strip()
    if ACTION.match(text):
        return True
    passive = _PASSIVE.match(text)
    return bool(passive and re.match(_UNIT, passive.group("target"), re.IGNORECASE))


def _quotes(text: str) -> list[str]:
    return [q[1:-1] for q in re.findall(QUOTED, text)]


def split_places(text: str) -> list[str]:
    """A list of citations cut at each keyword that starts a new one.

    >>> split_places("khoản 2 Điều 5, khoản 3 Điều 7 và Điều 9")
    ['khoản 2 Điều 5', 'khoản 3 Điều 7', 'Điều 9']
    >>> split_places("các khoản 2, 3 và 5 Điều 4")
    ['các khoản 2, 3 và 5 Điều 4']
    """
    pieces = [p.strip(" ,;.") for p in _PLACE_SPLIT.split(text.strip())]
    return [p for p in pieces if p]


_ORDER = ["annex", "part", "chapter", "section", "article", "clause", "point", "row", "bullet"]


def _parts(piece: str) -> list[tuple[str, list[str]]]:
    """(kind, numbers) of one citation, large to small; rows and bullets included."""
    piece = _DOCUMENT.sub("", piece)
    out: dict[str, list[str]] = {}
    for match in _ROW.finditer(piece):
        numbers = re.split(r"\s*(?:,|và)\s*", match.group("n"))
        expanded: list[str] = []
        for n in numbers:
            if "đến" in n:
                a, b = re.split(r"\s*đến\s*", n)
                expanded += [str(k) for k in range(int(a), int(b) + 1)]
            else:
                expanded.append(n)
        out.setdefault("row", []).extend(expanded)
    for match in _BULLET.finditer(piece):
        value = ordinal_value("thứ " + match.group("n"))
        out.setdefault("bullet", []).append(str(value) if value else match.group("n"))
    rest = _BULLET.sub(" ", _ROW.sub(" ", piece))
    for _start, _end, parts, issues in find_parts(rest):
        if issues:
            raise GrammarError("; ".join(issues))
        for kind, number in parts:
            out.setdefault(kind, []).append(number)
    return sorted(out.items(), key=lambda kv: _ORDER.index(kv[0]) if kv[0] in _ORDER else 9)


def _annex_path(cid: str) -> bool:
    return bool(re.match(r"^(?:P\d+\.)?[IVXLC]+(?:\.|$)", cid))


def _ids(parts: list[tuple[str, list[str]]], scope: str = "") -> list[str]:
    """Clause ids of one citation's parts (see the module docstring)."""
    kinds = {k for k, _ in parts}
    roman = any(k == "section" and roman_value(n.split(".")[0]) for k, ns in parts for n in ns)
    prefixes = [scope] if scope and not (kinds & {"annex", "part", "chapter", "article"} or roman) \
        else [""]
    for kind, numbers in parts:
        if kind == "annex" and len(parts) > 1:
            continue                  # units under an annex are not prefixed with it
        nxt = []
        for prefix, number in itertools.product(prefixes, numbers):
            dot = "." if prefix else ""
            if kind == "annex":
                nxt.append(f"PL{arabic(number)}")
            elif kind == "part":
                nxt.append(f"P{arabic(number)}")
            elif kind == "chapter":
                nxt.append(f"C{arabic(number)}")
            elif kind == "article":
                nxt.append(f"D{number}")
            elif kind == "section" and roman_value(number.split(".")[0]):
                nxt.append(f"{prefix}{dot}{number}" if prefix.startswith("P") else number)
            elif kind == "section" and prefix and _annex_path(prefix):
                nxt.append(f"{prefix}.{number.split('.')[-1]}" if "." not in number
                           else f"{prefix.split('.')[0]}.{number}")
            elif kind == "section":
                nxt.append(f"{prefix}{dot}M{arabic(number)}")
            elif kind == "clause" and prefix and _annex_path(prefix):
                nxt.append(f"{prefix}.{number}")     # annex items: "khoản 2 mục IV" → IV.2
            elif kind == "clause":
                nxt.append(f"{prefix}{dot}k{number}")
            elif kind == "point":
                nxt.append(f"{prefix}{dot}{number}")
            elif kind in ("row", "criterion"):
                nxt.append(f"{prefix}{dot}r{number}")
            elif kind == "bullet":
                nxt.append(f"{prefix}-{number}")
        prefixes = nxt
    return [p for p in prefixes if p]


def target_ids(text: str, scope: str = "") -> list[str]:
    """Clause ids named by a list of citations (see :func:`_target_ids`)."""
    return list(_target_ids(text, scope))


@functools.lru_cache(maxsize=4096)
def _target_ids(text: str, scope: str = "") -> tuple[str, ...]:
    """Clause ids named by a list of citations (lists, ranges, shared larger parts).

    >>> target_ids("khoản 2 và khoản 3 Điều 5")
    ['D5.k2', 'D5.k3']
    >>> target_ids("điểm a tiểu mục 2.2 mục IV")
    ['IV.2.2.a']
    >>> target_ids("dòng số thứ tự 6 tiểu mục 3 mục IV")
    ['IV.3.r6']
    >>> target_ids("khoản 1a", scope="D2")
    ['D2.k1a']
    """
    pieces = [_parts(p) for p in split_places(nfc(text))]
    pieces = [p for p in pieces if p]
    if not pieces:
        raise GrammarError(f"không đọc được đơn vị được dẫn chiếu trong “{text.strip()}”")
    # "khoản 2 và khoản 3 Điều 5": a piece without its larger parts takes the next one's
    for index in range(len(pieces) - 2, -1, -1):
        mine, theirs = pieces[index], pieces[index + 1]
        smallest = max(_ORDER.index(k) for k, _ in mine)
        if _ORDER.index(mine[0][0]) >= _ORDER.index(theirs[0][0]):
            larger = [(k, n) for k, n in theirs if _ORDER.index(k) < _ORDER.index(mine[0][0])]
            if larger and all(_ORDER.index(k) < smallest for k, _ in larger):
                pieces[index] = larger + mine
    out: list[str] = []
    for parts in pieces:
        out += _ids(parts, scope)
    return tuple(dict.fromkeys(out))


def _units_and_where(body: str) -> tuple[str, str, str]:
    """'khoản 18a vào sau khoản 18 Điều 9' → ('khoản 18a', 'sau', 'khoản 18 Điều 9')."""
    found = _WHERE.search(body)
    if not found:
        return body, "", ""
    return body[:found.start()], (found.group("how") or "").lower(), body[found.end():]


def _share_larger(units: str, anchor: str) -> str:
    """'khoản 18a' + anchor 'khoản 18 Điều 9' → 'khoản 18a Điều 9' (units take the anchor's
    larger parts)."""
    mine, theirs = _parts(units), _parts(anchor)
    if not mine or not theirs:
        return units
    top = _ORDER.index(mine[0][0])
    larger = [(k, n) for k, n in theirs if _ORDER.index(k) < top and k != "annex"]
    extra = " ".join(_cite_part(k, n) for k, n in reversed(larger))
    return f"{units} {extra}".strip()


_WORDS = {"article": "Điều", "clause": "khoản", "point": "điểm", "chapter": "Chương",
          "part": "Phần", "annex": "Phụ lục"}


def _cite_part(kind: str, numbers: list[str]) -> str:
    if kind == "section":
        return "mục " + numbers[0]
    if kind == "row":
        return "dòng số thứ tự " + numbers[0]
    if kind == "bullet":
        return "gạch đầu dòng thứ " + numbers[0]
    return f"{_WORDS.get(kind, kind)} {numbers[0]}"


def _phrase_action(action: str, body: str, scope: str) -> tuple:
    quoted = _quotes(body)
    place = re.search(r"\btại\s+(?P<places>.+)$", re.sub(QUOTED, "Q", body), re.IGNORECASE | re.DOTALL)
    targets = target_ids(place.group("places"), scope) if place else ([scope] if scope else [])
    if action == "replace_phrase":
        cut = re.split(r"\s+bằng\s+(?:các\s+)?cụm\s+từ\s+", body, maxsplit=1, flags=re.IGNORECASE)
        if len(cut) != 2 or not _quotes(cut[0]) or not _quotes(cut[1]):
            raise GrammarError("thiếu cụm từ thay thế (cần: Thay thế cụm từ “…” bằng cụm từ “…”)")
        olds, new = _quotes(cut[0]), _quotes(cut[1])[0]
        return [(action, targets, "", old, new) for old in olds]
    if action == "correct":
        cut = re.split(r"\s+thành\s+(?:cụm\s+từ\s+)?", body, maxsplit=1, flags=re.IGNORECASE)
        if len(cut) != 2 or not _quotes(cut[0]) or not _quotes(cut[1]):
            raise GrammarError("thiếu nội dung đính chính (cần: Đính chính cụm từ “…” thành “…”)")
        return [(action, targets, "", _quotes(cut[0])[0], _quotes(cut[1])[0])]
    if action == "insert_phrase":
        where = re.search(r"\bvào\s+(?P<how>sau|trước)\s+cụm\s+từ\s+(?P<q>" + QUOTED + ")", body,
                          re.IGNORECASE)
        if not quoted or not where:
            raise GrammarError("thiếu vị trí (cần: Bổ sung cụm từ “…” vào sau cụm từ “…”)")
        return [(action, targets, where.group("how").lower(), where.group("q")[1:-1], quoted[0])]
    if not quoted:
        raise GrammarError("thiếu cụm từ trong ngoặc kép")
    heads = _quotes(re.split(r"\btại\b", body, maxsplit=1)[0]) or quoted[:1]
    return [(action, targets, "", old, "") for old in heads]


def parse_head(text: str, scope: str = "") -> list[tuple[str, list[str], str, str, str]]:
    """The actions of one instruction head: (action, target ids, anchor, phrase, new phrase).

    ``anchor`` is ``'after:ID'``, ``'before:ID'`` or ``'in:ID'`` for insertions,
    ``'sau'``/``'trước'`` for inserted phrases. Raises :class:`GrammarError`.
    """
    text = nfc(text).strip()
    passive = _PASSIVE.match(text)
    if passive and not ACTION.match(text):
        verb = re.sub(r"\s+", " ", passive.group("verb").lower())
        text = f"{verb} {passive.group('target')}{passive.group('rest')}"
    text = _AS_FOLLOWS.sub("", text)
    text = _END.sub("", text)
    match = ACTION.match(text)
    if not match:
        raise GrammarError(f"không nhận ra thao tác (sửa đổi, bổ sung, bãi bỏ, thay thế…) "
                           f"trong “{text[:80]}”")
    action = match.lastgroup if match.lastgroup != "verb" else next(
        k for k, v in match.groupdict().items() if v and k != "verb")
    body = text[match.end():]
    if action in ("replace_phrase", "insert_phrase", "delete_phrase", "correct"):
        return _phrase_action(action, body, scope)
    if action == "replace_annex":
        head = re.split(r"\s+bằng\s+", body, maxsplit=1)[0]
        return [(action, target_ids(head, scope), "", "", "")]
    # unit actions; a second action may follow ("… và bổ sung khoản 18a vào sau khoản 18 …")
    chunks = _NEXT_ACTION.split(body, maxsplit=1)
    first = chunks[0]
    out: list[tuple] = []
    rest_actions = parse_head(chunks[1], scope) if len(chunks) > 1 else []
    # the first action's citation may lack the larger parts the last one ends with
    tail = ""
    if rest_actions and len(chunks) > 1:
        _u, _h, anchor_text = _units_and_where(chunks[1])
        tail = anchor_text or _units_and_where(chunks[1])[0]
    if action == "insert":
        units, how, anchor = _units_and_where(first)
        if not anchor:
            return [("amend", target_ids(first, scope), "", "", "")] + rest_actions
        anchor_ids = target_ids(anchor, scope)
        if len(anchor_ids) != 1:
            raise GrammarError(f"vị trí bổ sung phải là một đơn vị: “{anchor}”")
        parts = _parts(units)
        if not parts:
            raise GrammarError(f"không đọc được đơn vị được bổ sung trong “{units}”")
        kind, numbers = parts[-1]
        key = {"sau": "after", "trước": "before"}.get(how, "in")
        parent = anchor_ids[0] if key == "in" else _parent_path(anchor_ids[0])
        style = anchor_ids[0] if key != "in" else ""
        ids = [_child_id(parent, kind, n, style) for n in numbers]
        out.append(("insert", ids, f"{key}:{anchor_ids[0]}", "", ""))
    else:
        citation = _share_larger(first, tail) if tail else first
        out.append((action, target_ids(citation, scope), "", "", ""))
    return out + rest_actions


def _parent_path(cid: str) -> str:
    """'D9.k18' → 'D9'; 'IV.2.3-2' → 'IV.2.3'; 'D11' → ''; 'IV.2.2' → 'IV.2'."""
    if re.search(r"-\d+$", cid):
        return cid.rsplit("-", 1)[0]
    return cid.rsplit(".", 1)[0] if "." in cid else ""


def _child_id(parent: str, kind: str, number: str, sibling: str = "") -> str:
    """The id of a unit ``number`` of ``kind`` placed under ``parent`` (next to ``sibling``).

    >>> _child_id("D9", "clause", "18a"), _child_id("IV.2", "section", "2.2a")
    ('D9.k18a', 'IV.2.2a')
    >>> _child_id("IV", "section", "7"), _child_id("IV.3", "row", "10")
    ('IV.7', 'IV.3.r10')
    """
    last = (sibling or "").split(".")[-1]
    dot = "." if parent else ""
    if kind == "article":
        return f"D{number}"
    if kind == "bullet":
        return f"{parent}-{number}"
    if kind in ("row", "criterion"):
        return f"{parent}{dot}r{number}"
    if kind == "point":
        return f"{parent}{dot}{number}"
    if kind == "chapter":
        return f"C{arabic(number)}"
    if kind == "section" and (last.startswith("M") or parent.startswith("C") and not _annex_path(parent)):
        return f"{parent}{dot}M{number}"
    if kind in ("section", "clause") and (_annex_path(parent) or _annex_path(sibling)):
        if roman_value(number.split(".")[0]):
            return number
        if "." in number:
            return f"{(parent or sibling).split('.')[0]}.{number}"
        return f"{parent}{dot}{number}"
    return f"{parent}{dot}k{number}"


def _reparent(new_id: str, anchor: str) -> str:
    """An inserted unit's id among the anchor's siblings: the anchor's parent path + own
    segment ('D9.k18a' stays; 'IV.2.2a' from anchor 'IV.2.2')."""
    own = re.split(r"[.]", new_id)[-1]
    if "-" in own:
        return anchor.rsplit("-", 1)[0] + "-" + own.rsplit("-", 1)[1]
    head = anchor.rsplit(".", 1)[0] if "." in anchor else ""
    if re.fullmatch(r"\d+[a-zđ]?", own) and re.fullmatch(r"[IVXLC]+(?:\.\d+[a-zđ]?)+", new_id):
        return new_id             # annex item paths name themselves
    return f"{head}.{own}" if head else own
