"""The grammar of clause citations in Vietnamese text (resolution: :mod:`.refs`).

A citation is a chain of *parts*; a part is a keyword and a list of numbers;
parts follow each other separated only by spaces or "của", "thuộc", "tại",
"trong"::

    citation := part ( ("của" | "thuộc" | "tại" | "trong")? part )*
    part     := ("các" | "những")? "từ"? KEYWORD number ( SEP KEYWORD? number )*
    SEP      := "," | "và" | "hoặc" | "đến" | "-"    ("đến", "-" make a range)
    number   := Roman path (IV, IV.2.1) | decimal path (5, 8a, 2.1, 2.2a) | letter (a, đ)
                | inserted point (c1, d2, đ1) | "này"
                (a path may end with a point letter: "mục 4.3.c", "IV.4.3.c")

Units inserted the amending way are cited by their numbers as written ("khoản 1a
Điều 2", "điểm c1 khoản 2 Điều 7", "các điểm d1, d2 khoản 1", "Điều 11a", "khoản
2.2a mục IV"). Text typed without diacritics is read too: the keywords (diem,
khoan, dieu, muc, tieu muc, phan, chuong, phu luc, tieu chi), "cac", "tu", the
separators "va", "hoac", "den", the glue "cua", "thuoc", "tai" and "nay".

Parts may come in either order ("điểm a khoản 2 Điều 3", "Điều 3 khoản 2",
"mục 2.1 (phần IV)"),
also separated by a comma or a dash when they keep going the same way
("điểm a, khoản 2, Điều 3", "Điều 3, khoản 2"; but "Điều 3, khoản 2 Điều 5"
is two citations);
a keyword repeated in a list must be the same ("khoản 2 và khoản 3"). A "mục 2"
right after "tiểu mục 2.1" names its parent and adds nothing. A Roman
"Mục IV" right after decimal sections of the chain encloses them ("tiểu mục
2.2 Mục IV" is the part ``('section', 'IV.2.2')``); a list going from a Roman
section to a decimal one ("Mục IV và mục 5.1") is two citations.

>>> find_parts("điểm a tiểu mục 2.2 Mục IV")[0][2]
[('point', 'a'), ('section', 'IV.2.2')]
"""

from __future__ import annotations

import re

from ..text import VIETNAMESE_POINT_LETTERS, nfc
from .patterns import roman_value, to_roman

_NUMBER = r"""
    (?: (?-i: [IVXLC]+ (?:\.\d{1,3})+ \.[a-zđ] (?!\w)  # a point in a path: IV.4.3.c, 4.3.c
            | \d{1,3} (?:\.\d{1,3})* \.[a-zđ] (?!\w)
            | [IVXLC]+ (?:\.\d{1,3}[a-zđ]?)* (?!\w)     # Roman, maybe with a path: IV, IV.2.1
            | \d{1,3} [a-zđ]? (?:\.\d{1,3}[a-zđ]?)* (?!\w)  # decimal: 5, 8a, 2.1, 2.2a, 2.1.3
            | [a-zđ] \d{0,2} (?!\w)                     # point letter: a, đ; inserted c1, d2
        )
      | n[àa]y (?!\w)                                  # relative: "Điều này" ("Dieu nay")
      | th[ứu] \s+ \w+                                # "Phần thứ hai"
    )"""

PART = re.compile(rf"""
    (?: (?:các|những|cac|nhung) \s+ )?               # plural: "các điểm a, b, c"
    (?P<from> (?:từ|tu) \s+ )?                        # range start: "từ khoản 2 …"
    (?P<kw> điểm | khoản | điều | tiểu \s+ mục | mục | phần | chương | phụ \s+ lục
          | tiêu \s+ chí (?: \s+ số )? | stt
          | diem | khoan | dieu | tieu \s+ muc | muc | phan | chuong | phu \s+ luc
          | tieu \s+ chi (?: \s+ so )? )                # the same without diacritics
    \s+
    (?P<numbers>
        {_NUMBER}
        (?: \s* (?: , | và | hoặc | đến | va | hoac | den | [-–] ) \s*  # list or range …
            (?: (?P=kw) \s+ )?                        # … the same keyword may repeat
            {_NUMBER} )*
    )
    """, re.IGNORECASE | re.VERBOSE)

#: what may stand between two parts of one citation
_GLUE = re.compile(r"^\s*\(?\s*(?:(?:của|thuộc|tại|trong|cua|thuoc|tai)\s+)?$", re.IGNORECASE)
#: a comma or dash between parts: "điểm a, khoản 2, Điều 3", "khoản 2 - Điều 3"
_COMMA_GLUE = re.compile(r"^\s*[,\-–]\s*(?:(?:của|thuộc|tại|trong|cua|thuoc|tai)\s+)?$",
                         re.IGNORECASE)
_SPLIT = re.compile(r"\s*(,|\bvà\b|\bhoặc\b|\bđến\b|\bva\b|\bhoac\b|\bden\b|[-–])\s*",
                    re.IGNORECASE)
#: separators and relative words written without diacritics, as their accented form
_PLAIN_WORDS = {"va": "và", "hoac": "hoặc", "den": "đến", "nay": "này"}

#: a citation followed by another document's name cites that document, not this one:
#: "khoản 2 Điều 3 Thông tư số 54/2017/TT-BYT", "Điều 5 Luật Khám bệnh, chữa bệnh"
#: (but "Điều 3 Nghị định này", "khoản 2 của Thông tư" stay in this document)
_OTHER_DOCUMENT = re.compile(
    r"\s*,?\s*(?:của\s+|tại\s+)?(?P<doc>(?:Bộ\s+luật|Luật)\s+(?!này)[A-ZĐ][^,.;]{0,60}"
    r"|(?:Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định|Nghị\s+quyết|Pháp\s+lệnh"
    r"|Chỉ\s+thị|Công\s+văn)\s+(?:số\s+)?\d+[^\s,.;]*"
    r"|(?:Luat|Bo\s+luat)\s+(?!nay)[A-Z][^,.;]{0,60}"
    r"|(?:Nghi\s+dinh|Thong\s+tu|Quyet\s+dinh|Nghi\s+quyet)\s+(?:so\s+)?\d+[^\s,.;]*)")

_KINDS = {"điểm": "point", "khoản": "clause", "điều": "article", "tiểu mục": "section",
          "mục": "section", "phần": "part", "chương": "chapter", "phụ lục": "annex",
          "tiêu chí": "criterion", "tiêu chí số": "criterion",
          "stt": "criterion", "diem": "point", "khoan": "clause", "dieu": "article",
          "tieu muc": "section", "muc": "section", "phan": "part", "chuong": "chapter",
          "phu luc": "annex", "tieu chi": "criterion", "tieu chi so": "criterion"}
#: from large to small
_RANK = {"annex": 0, "part": 1, "chapter": 2, "section": 3, "article": 4, "criterion": 5,
         "clause": 5, "point": 6}


def _kind(keyword: str) -> str:
    return _KINDS[re.sub(r"\s+", " ", keyword.lower())]


def _expand(a: str, b: str) -> list[str] | None:
    """Numbers from a to b inclusive (same shape), None if not a range we can count."""
    if a in VIETNAMESE_POINT_LETTERS and b in VIETNAMESE_POINT_LETTERS:
        i, j = VIETNAMESE_POINT_LETTERS.index(a), VIETNAMESE_POINT_LETTERS.index(b)
        return list(VIETNAMESE_POINT_LETTERS[i:j + 1]) if i <= j else None
    head_a, _, last_a = a.rpartition(".")
    head_b, _, last_b = b.rpartition(".")
    if head_a == head_b and last_a.isdigit() and last_b.isdigit() and int(last_a) <= int(last_b):
        prefix = head_a + "." if head_a else ""
        return [f"{prefix}{k}" for k in range(int(last_a), int(last_b) + 1)]
    ra, rb = roman_value(a), roman_value(b)
    if ra and rb and ra <= rb:
        return [to_roman(k) for k in range(ra, rb + 1)]
    return None


def _numbers(kw: str, text: str) -> tuple[list[str], str]:
    """The numbers of one part, ranges expanded; and an issue ('' if none)."""
    body = re.sub(rf"(?i)(?<=[,\s]){re.escape(kw)}\s+", " ", " " + text).strip()
    tokens = _SPLIT.split(body)
    values = [_PLAIN_WORDS.get(v.strip().lower(), v) for v in tokens[0::2]]
    seps = [_PLAIN_WORDS.get(s.lower(), s.lower()) for s in tokens[1::2]]
    out: list[str] = []
    issue = ""
    for index, value in enumerate(values):
        value = re.sub(r"\s+", " ", value.strip())
        if index and seps[index - 1] in ("đến", "-", "–") and out:
            span = _expand(out[-1], value)
            if span is None:
                issue = f"không hiểu được khoảng “{out[-1]} đến {value}”"
                out.append(value)
            else:
                out.extend(span[1:])
        else:
            out.append(value)
    return out, issue


_ROMAN_THEN_DECIMAL = re.compile(r"(?i)^\s*(?-i:[IVXLC]+)(?:\s*(?:,|và|hoặc)\s*(?-i:[IVXLC]+))*"
                                 r"(?P<cut>\s*(?:,|và|hoặc)\s*(?:(?:tiểu\s+)?mục\s+)?)\d")


def _matches(text: str):
    """PART matches; a list of sections going from Roman to decimal ("Mục IV và mục 5.1")
    is cut before the first decimal: those are different units, cited one by one."""
    pos = 0
    while True:
        match = PART.search(text, pos)
        if match is None:
            return
        cut = None
        if _kind(match.group("kw")) == "section":
            cut = _ROMAN_THEN_DECIMAL.match(match.group("numbers"))
        if cut:
            end = match.start("numbers") + cut.start("cut")
            match = PART.match(text, match.start(), end)
        yield match
        pos = match.end()


def _parent_section(parts, kind: str, numbers: list[str]) -> bool:
    """A decimal "mục 2" after "tiểu mục 2.1" of the same citation names its parent."""
    sections = [n for k, n in parts if k == "section"]
    return (kind == "section" and len(numbers) == 1 and bool(sections)
            and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", numbers[0]) is not None
            and all("." in n and _without_roman(n.rsplit(".", 1)[0]) == numbers[0]
                    for n in sections))


def _without_roman(path: str) -> str:
    head, dot, rest = path.partition(".")
    return rest if dot and roman_value(head) else path


def _enclosing_section(parts, kind: str, numbers: list[str]) -> bool:
    """A Roman "Mục IV" after decimal sections of the same citation encloses them."""
    sections = [n for k, n in parts if k == "section"]
    return (kind == "section" and len(numbers) == 1 and roman_value(numbers[0]) is not None
            and bool(sections) and "part" not in {k for k, _ in parts}
            and all(re.fullmatch(r"\d{1,3}[a-zđ]?(?:\.\d{1,3}[a-zđ]?)*(?:\.[a-zđ])?", n)
                    for n in sections))


def _comma_chains(parts, kind: str, following: str | None) -> bool:
    """Whether a part after a comma or dash continues the citation: "điểm a, khoản 2,
    Điều 3" (ever larger) or "Điều 3, khoản 2" (ever smaller, unless the next part
    is glued to a larger one: "Điều 3, khoản 2 Điều 5" is two citations)."""
    ranks = [_RANK[k] for k, _ in parts]
    if _RANK[kind] < min(ranks):
        return True
    return _RANK[kind] > max(ranks) and (following is None or _RANK[following] > _RANK[kind])


def find_parts(text: str) -> list[tuple[int, int, list[tuple[str, str]], list[str]]]:
    """(start, end, parts as written from left to right, issues) of every citation."""
    text = nfc(text)
    citations: list[tuple[int, int, list, list]] = []
    current = None
    matches = list(_matches(text))
    for index, match in enumerate(matches):
        kind = _kind(match.group("kw"))
        numbers, issue = _numbers(match.group("kw"), match.group("numbers"))
        if kind == "point" and all(re.fullmatch(r"\d{1,3}(?:\.\d{1,3})+", n) for n in numbers):
            kind = "section"          # "điểm 2.2": points have letters; this is item 2.2
        between = text[current[1]:match.start()] if current is not None else None
        glued = between is not None and _GLUE.match(between)
        chained = glued and kind not in {k for k, _ in current[2]}
        if glued and not chained and _parent_section(current[2], kind, numbers):
            current[1] = match.end()      # "tiểu mục 2.1 mục 2": "2" is already in "2.1"
            continue
        if glued and not chained and _enclosing_section(current[2], kind, numbers):
            # "điểm a tiểu mục 2.2 Mục IV": the Roman section encloses the decimal one
            current[2][:] = [(k, f"{numbers[0]}.{n}" if k == "section" else n)
                             for k, n in current[2]]
            current[1] = match.end()
            continue
        if not glued and between is not None and _COMMA_GLUE.match(between) \
                and kind not in {k for k, _ in current[2]}:
            after = matches[index + 1] if index + 1 < len(matches) else None
            following = _kind(after.group("kw")) if after is not None and _GLUE.match(
                text[match.end():after.start()]) else None
            chained = _comma_chains(current[2], kind, following)
        if not chained:
            current = [match.start(), match.end(), [], []]
            citations.append(current)
        current[1] = match.end()
        current[2].extend((kind, n) for n in numbers)
        if issue:
            current[3].append(issue)
    return [(s, e, parts, issues) for s, e, parts, issues in citations]
