"""Line patterns of Vietnamese legal structure and number helpers.

:func:`classify` looks at the start of one paragraph (its displayed text,
automatic number included) and says which structural unit it opens, if any:

>>> classify("Điều 8. Thể thức văn bản")[:3]
('article', 'Điều 8.', '8')
>>> classify("Chương II")[:3]
('chapter', 'Chương II', 'II')
>>> classify("2.1. Hạ tầng kỹ thuật")[:3]
('decimal', '2.1.', '2.1')
>>> classify("đ) Tên loại và trích yếu")[:3]
('point', 'đ)', 'đ')
>>> classify("b. Tên cơ quan")[:3], classify("a.b") is None
(('point', 'b.', 'b'), True)
>>> classify("2) Bổ sung tiêu chí")[:3]
('paren', '2)', '2')
>>> classify("Phần thứ hai bao gồm từ “Nơi nhận”") is None
True
>>> classify("Mục 1. Quy định chung")[:3], classify("Mục 1 quy định") is None
(('section', 'Mục 1.', '1'), True)
"""

from __future__ import annotations

import re

from ..text import VIETNAMESE_POINT_LETTERS, fold

_TITLE_TAIL = r"(?:\s*[.:\-–]\s*|\s+)?(?P<rest>.*)$"

#: (kind, compiled pattern); the first match wins. Each has groups num (as written),
#: n (the number itself) and rest (what follows on the line).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("annex", re.compile(r"^(?P<num>(?:PHỤ LỤC|Phụ lục|Phụ Lục)(?:\s+(?:SỐ|số))?\s+"
                         r"(?P<n>[IVXLC]+|\d+[A-Za-z]?)\b\.?)" + _TITLE_TAIL)),
    ("annex", re.compile(r"^(?P<num>PHỤ LỤC|Phụ lục|Phụ Lục)(?P<n>)\s*(?P<rest>)$")),
    ("part", re.compile(r"^(?P<num>(?:PHẦN|Phần)\s+(?P<n>(?:THỨ|thứ)\s+\w+|[IVXLC]+|\d+)\b\.?)"
                        + _TITLE_TAIL)),
    ("chapter", re.compile(r"^(?P<num>(?:CHƯƠNG|Chương)\s+(?P<n>[IVXLC]+|\d+)\b\.?)"
                           + _TITLE_TAIL)),
    ("section", re.compile(r"^(?P<num>(?:MỤC|Mục)\s+(?P<n>\d+[a-zđ]?|[IVXLC]+)\b\.?)"
                          + _TITLE_TAIL)),
    ("article", re.compile(r"^(?P<num>(?:Điều|ĐIỀU)\s+(?P<n>\d+[a-zđ]?)\s*[.:])\s*(?P<rest>.*)$")),
    ("roman", re.compile(r"^(?P<num>(?P<n>[IVXLC]+)\.)(?!\d)\s*(?P<rest>.*)$")),
    ("decimal", re.compile(r"^(?P<num>(?P<n>\d{1,3}(?:\.\d{1,2})*)\.)(?!\d)\s*(?P<rest>.*)$")),
    # inserted units ("1a.", "18a.", "2.2a."): the suffix letter is followed by a space
    ("decimal", re.compile(r"^(?P<num>(?P<n>\d{1,3}(?:\.\d{1,2})*[a-zđ])\.)(?!\d)\s*(?P<rest>\S.*)$")),
    ("decimal", re.compile(r"^(?P<num>(?P<n>\d{1,3}(?:\.\d{1,2})+))\s+(?P<rest>.*)$")),
    ("paren", re.compile(r"^(?P<num>(?P<n>\d{1,3})\))\s*(?P<rest>.*)$")),
    ("point", re.compile(r"^(?P<num>(?P<n>[a-zđ])\))\s*(?P<rest>.*)$")),
    ("point", re.compile(r"^(?P<num>(?P<n>[a-zđ]\d{1,2})\))\s*(?P<rest>\S.*)$")),  # inserted "d1)"
    ("point", re.compile(r"^(?P<num>(?P<n>[a-zđ])\.)\s+(?P<rest>\S.*)$")),   # "a. " in some drafts
    ("bullet", re.compile(r"^(?P<num>(?P<n>[-–—+•·*◦○▪■●➢✓❖❑]))\s+(?P<rest>\S.*)$")),
]

#: kinds whose number line must be a title (empty or upper case), not a sentence
_TITLED = {"annex", "part", "chapter", "section"}

HEADER_LINE = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|Độc lập\s*[-–]\s*Tự do|Số\s*:|Số\s+\d|[^,]{0,40},\s*ngày\s.{0,20}tháng\s.{0,12}năm"
    r"|[\W_]+$)")
PREAMBLE_LINE = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện|Để\s)"
                           r"|\bban hành\b.*\.$")
NOTE_LINE = re.compile(r"^(?:Văn bản minh họa|Văn bản minh hoạ|VĂN BẢN MINH HỌA)")
SIGNATURE_LINE = re.compile(r"^(?:TM\.|T\.M\.|KT\.|K\.T\.|TL\.|T\.L\.|TUQ\.|Q\.\s|\(?Đã ký\)?)")
RECIPIENTS_LINE = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:")
STT_HEADERS = {"stt", "tt", "so tt", "so thu tu"}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINALS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6,
             "bay": 7, "tam": 8, "chin": 9, "muoi": 10}


def upper_ratio(text: str) -> float:
    """Share of letters that are upper case (1.0 for text without letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(ch.isupper() for ch in letters) / len(letters)


def is_title_like(text: str) -> bool:
    """Empty, in parentheses, decorative or mostly upper case: a heading's line."""
    text = text.strip()
    return not text or text.startswith("(") or upper_ratio(text) >= 0.8


def classify(text: str):
    """(kind, number as written, number, rest) of a structural line, or None.

    kind: annex, part, chapter, section, article, roman, decimal, paren ("1)"), point,
    bullet.
    """
    for kind, pattern in PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        n = match.group("n")
        rest = match.group("rest")
        if kind in _TITLED and not is_title_like(rest):
            # "Mục 1. Quy định chung": a title in lower case needs an explicit separator
            between = text[match.end("num"):match.start("rest")]
            explicit = match.group("num").endswith(".") or any(c in between for c in ".:-–")
            if not (explicit and rest[:1].isupper()):
                continue
        if kind == "roman" and roman_value(n) is None:
            continue
        if kind == "part" and " " in n and ordinal_value(n) is None:
            continue
        return kind, match.group("num"), n, rest
    return None


def roman_value(text: str) -> int | None:
    """Value of a Roman numeral written canonically ('IV' → 4); None otherwise.

    >>> roman_value("XIV"), roman_value("IIII"), roman_value("IC")
    (14, None, None)
    """
    text = text.upper()
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if to_roman(total) == text else None


def to_roman(value: int) -> str:
    out = []
    for number, letters in [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
                            (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def ordinal_value(text: str) -> int | None:
    """'thứ hai' → 2; 'II' → 2; '3' → 3; None if not a number."""
    folded = fold(text)
    if folded.startswith("thu "):
        return _ORDINALS.get(folded[4:].strip())
    if folded.isdigit():
        return int(folded)
    return roman_value(text)


def arabic(text: str) -> str:
    """A chapter/part/section number as Arabic digits for ids ('II' → '2'); else as is."""
    value = ordinal_value(text)
    return str(value) if value is not None else re.sub(r"\W+", "_", text).strip("_")


def point_index(letter: str) -> int | None:
    """Position of a point letter in the Vietnamese alphabet (a=0, đ=4); None if not one."""
    try:
        return VIETNAMESE_POINT_LETTERS.index(letter)
    except ValueError:
        return None


_INSERTED = re.compile(r"^(?P<base>\d{1,3}(?:\.\d{1,2})*)[a-zđ]$|^(?P<letter>[a-zđ])\d{1,2}$")


def inserted_base(n: str) -> str | None:
    """The number an inserted unit follows ('1a' → '1', '2.2a' → '2.2', 'd1' → 'd',
    '5a' → '5'); None for a number without the amending suffix.

    >>> inserted_base("18a"), inserted_base("đ1"), inserted_base("2.2a"), inserted_base("d")
    ('18', 'đ', '2.2', None)
    """
    match = _INSERTED.match(n)
    if not match:
        return None
    return match.group("base") or match.group("letter")


def base_number(n: str) -> str:
    """``n`` without an amending suffix ('1a' → '1', 'd1' → 'd', '3' → '3')."""
    return inserted_base(n) or n


def id_token(text: str) -> str:
    """A number as an id component: punctuation dropped ('7a, 7b' → '7a_7b', '1.' → '1')."""
    return re.sub(r"[^\w]+", "_", text).strip("_") or "_"


#: what a criteria table's STT cell holds: "5", "5.", "2.1", "IV", "A", "a)"
STT_VALUE = re.compile(r"^(?:\d{1,3}[a-zđ]?(?:\.\d{1,3})*|[IVXLC]+|[A-ZĐ]|[a-zđ])[.)]?$")

#: bullet marks by depth: "-"/"•" (11), "+"/"◦" (12), "▪"/"■" (13)
BULLET_RANKS = {"+": 12, "◦": 12, "○": 12, "✓": 12, "▪": 13, "■": 13, "❑": 13}
