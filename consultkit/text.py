"""Vietnamese text helpers: normalisation, folding and abbreviations.

Guarantees of :func:`normalize` (used by every reader before parsing):

* the result is NFC (precomposed letters, as TCVN 6909:2001 documents use);
* every run of white space (spaces, tabs, non-breaking and zero-width spaces,
  line breaks inside one paragraph) is one ASCII space, and there is none at
  either end;
* nothing else changes: letters, punctuation and tone-mark placement are kept
  as written (so a document's text is never "corrected").

For *matching* (unit names, headers, search) use :func:`fold`, which removes
diacritics (đ → d), case and punctuation, and :func:`canonical_tones`, which
maps the two tone-mark placements ("Hoà" / "Hòa", "Thanh Hoá" / "Thanh Hóa",
"Thuỷ" / "Thủy") to one.

>>> fold("Sở Y tế tỉnh Thanh Hoá") == fold("SO Y TE TINH THANH HOA")
True
>>> canonical_tones("Hoà Bình") == canonical_tones("Hòa Bình")
True
>>> expand_abbreviations("SYT Nghệ An")
'Sở Y tế Nghệ An'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "nfc",
    "normalize",
    "clean_whitespace",
    "strip_diacritics",
    "fold",
    "canonical_tones",
    "expand_abbreviations",
    "match_key",
    "ABBREVIATIONS",
    "VIETNAMESE_POINT_LETTERS",
    "slugify",
]

#: Letters used for điểm (points) in Vietnamese legal texts, in order.
VIETNAMESE_POINT_LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)

_WS = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def clean_whitespace(text: str) -> str:
    """Collapse every run of white space to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def normalize(text: str | None) -> str:
    """NFC plus white-space clean-up; ``None`` becomes ``""``."""
    if text is None:
        return ""
    return clean_whitespace(nfc(str(text)))


def strip_diacritics(text: str) -> str:
    """Remove every diacritic, mapping đ/Đ to d/D.

    >>> strip_diacritics("Đà Nẵng")
    'Da Nang'
    """
    if text.isascii():
        return text
    if not _WIDE.search(text):   # one table lookup per character; the same result as below
        return text.translate(_STRIP_TABLE)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f" + "".join(
    chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]")
_ASCII_PUNCT = re.compile("[^a-z0-9]+")
_WIDE = re.compile("[\u2000-\U0010ffff]")   # characters outside the translation tables


def _strip_table() -> dict[int, str]:
    """Each code point below U+2000 → its NFD decomposition without combining marks.

    Canonical decomposition works character by character (the reordering that
    follows only moves combining marks, which are dropped), so translating
    with this table equals decomposing the whole text."""
    table = {}
    for cp in range(0x2000):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch:
            table[cp] = base
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_STRIP_TABLE = _strip_table()


_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str | None) -> str:
    """Matching key: no diacritics, lower case, punctuation as spaces.

    >>> fold("  Bệnh viện  Chợ Rẫy! ")
    'benh vien cho ray'
    """
    if not text:
        return ""
    text = nfc(str(text))
    # Vietnamese text: decomposed, it is ASCII plus combining marks U+0300–U+036F; dropping
    # them and lower-casing ASCII gives exactly what the general path below gives
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if not _NOT_ASCII_OR_MARK.search(decomposed):
        ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
        return " ".join(_ASCII_PUNCT.sub(" ", ascii_text).split())
    if not _WIDE.search(text):   # one table pass; the same result as the general path below
        return " ".join(text.translate(_FOLD_TABLE).split())
    folded = strip_diacritics(text).casefold()
    return clean_whitespace(_PUNCT.sub(" ", folded).replace("_", " "))


def _fold_table() -> dict[int, str]:
    """Each code point below U+2000 → what :func:`fold` makes of it alone (diacritics
    stripped, case folded, anything but a letter or digit a space)."""
    table = {}
    for cp in range(0x2000):
        out = _PUNCT.sub(" ", strip_diacritics(chr(cp)).casefold()).replace("_", " ")
        if out != chr(cp):
            table[cp] = out
    return table


_FOLD_TABLE = _fold_table()


# Syllables whose tone mark moves between the two conventions: a final
# "oa", "oe" or "uy" with no consonant after it ("hoà"/"hòa", "khoẻ"/"khỏe",
# "thuỷ"/"thủy"). "qu" + vowel is excluded: "quý" is written alike in both.
_TONE_SYLLABLE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])"
)


def canonical_tones(text: str) -> str:
    """Put the tone mark of open "oa", "oe", "uy" syllables on the first vowel.

    Both placements are in use ("Thanh Hoá" in older documents, "Thanh Hóa"
    in newer ones); this maps them to the traditional one, in NFC.

    >>> canonical_tones("Thanh Hoá, thuỷ, khoẻ")
    'Thanh Hóa, thủy, khỏe'
    >>> canonical_tones("quý, hoàn")
    'quý, hoàn'
    """
    decomposed = unicodedata.normalize("NFD", text)
    moved = _TONE_SYLLABLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


#: Abbreviations drafters write in unit names, with their expansions.
#: Keys are matched as whole tokens; the case-sensitive ones (TW, TƯ) are
#: upper case only, since "tư" is also an ordinary word.
ABBREVIATIONS: dict[str, str] = {
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "TPHCM": "Thành phố Hồ Chí Minh",
    "TP. HCM": "Thành phố Hồ Chí Minh",
    "TP HCM": "Thành phố Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "TP.": "Thành phố",
    "TP": "Thành phố",
    "BV": "Bệnh viện",
    "BVĐK": "Bệnh viện Đa khoa",
    "BVĐKTƯ": "Bệnh viện Đa khoa Trung ương",
    "SYT": "Sở Y tế",
    "BHXH": "Bảo hiểm xã hội",
    "BHXHVN": "Bảo hiểm xã hội Việt Nam",
    "BYT": "Bộ Y tế",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
    "ĐK": "Đa khoa",
    "ĐH": "Đại học",
    "YHCT": "Y học cổ truyền",
    "CNTT": "Công nghệ thông tin",
    "VN": "Việt Nam",
}

_CASE_SENSITIVE = {"TW", "TƯ", "TP", "VN", "ĐK", "ĐH", "HCM"}


def _abbreviation_pattern() -> re.Pattern[str]:
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    alternatives = []
    for key in keys:
        body = re.escape(key).replace(r"\ ", r"\s*")
        if key in _CASE_SENSITIVE:
            alternatives.append(f"(?-i:{body})")
        else:
            alternatives.append(body)
    # Tokens are delimited by anything that is not a letter or digit.
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)


_ABBREV = _abbreviation_pattern()
_ABBREV_LOOKUP = {re.sub(r"\s+", "", k).upper(): v for k, v in ABBREVIATIONS.items()}


def expand_abbreviations(text: str) -> str:
    """Expand the usual abbreviations of unit names (BV, SYT, BHXH, TW/TƯ, TP.HCM…).

    >>> expand_abbreviations("BV Răng Hàm Mặt TW TP.HCM")
    'Bệnh viện Răng Hàm Mặt Trung ương Thành phố Hồ Chí Minh'
    """
    text = nfc(text)

    def repl(match: re.Match[str]) -> str:
        key = re.sub(r"\s+", "", match.group(0)).upper()
        expansion = _ABBREV_LOOKUP.get(key)
        if expansion is None:
            return match.group(0)
        end = match.end()
        # "TP." followed directly by a name: keep a space after the expansion.
        if key.endswith(".") and end < len(match.string) and not match.string[end].isspace():
            return expansion + " "
        return expansion

    return clean_whitespace(_ABBREV.sub(repl, text))


def match_key(text: str | None) -> str:
    """The key used for fuzzy matching of names: abbreviations expanded, folded.

    >>> match_key("BV Đa khoa TƯ Cần Thơ") == match_key("Bệnh viện đa khoa trung ương Can Tho")
    True
    """
    if not text:
        return ""
    return fold(canonical_tones(expand_abbreviations(str(text))))


def slugify(text: str, max_length: int = 60) -> str:
    """A stable ASCII identifier made from ``text``.

    >>> slugify("Sở Y tế Thành phố Hồ Chí Minh")
    'so-y-te-thanh-pho-ho-chi-minh'
    """
    slug = "-".join(fold(text).split())
    return slug[:max_length].rstrip("-") or "x"
