"""Unit names reduced for matching: tokens, provinces, distinguishing tokens.

Used by :mod:`consultkit.comments.match`. A name goes through
:func:`consultkit.text.match_key` (abbreviations expanded, folded, tone marks
made canonical), a few English words are translated ("Nghe An DOH", "Bach Mai
Hospital"), province names are recognised — also run together ("Hanoi"), in
old spellings ("Đắc Lắc") or misspelt ("Thái Nguên") — and written one way,
and the words "tỉnh"/"thành phố" before them are dropped.

Province lists: ``provinces-2021-07-01.tsv`` and ``provinces-2025-07-01.tsv``
(with ``merged_from_codes``) from the package data (``data/reference``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from ..resources import data
from ..text import fold, match_key


# English words people use for units, as folded tokens -> folded Vietnamese.
_ENGLISH = [
    (("department", "of", "health"), ("so", "y", "te")),
    (("health", "department"), ("so", "y", "te")),
    (("health", "service"), ("so", "y", "te")),
    (("doh",), ("so", "y", "te")),
    (("vietnam", "social", "security"), ("bao", "hiem", "xa", "hoi", "viet", "nam")),
    (("social", "security"), ("bao", "hiem", "xa", "hoi")),
    (("ministry", "of", "health"), ("bo", "y", "te")),
    (("hospital",), ("benh", "vien")),
    (("institute",), ("vien",)),
    (("central",), ("trung", "uong")),
    (("national",), ("trung", "uong")),
    (("vietnam",), ("viet", "nam")),
]
_ENGLISH_DROP = {"of", "the", "and", "provincial", "province", "city", "municipal"}
_ENGLISH_MARKERS = re.compile(r"\b(hospital|department|health|doh|institute|central|national|"
                              r"social|security|ministry|city|province)\b", re.IGNORECASE)
_PREFIX_WORDS = (("tinh",), ("thanh", "pho"))
# Spellings seen in the wild, folded, -> folded 2021 name without prefix.
_PROVINCE_VARIANTS = {
    "hue": "thua thien hue", "tt hue": "thua thien hue", "sai gon": "ho chi minh",
    "hcmc": "ho chi minh", "dac lac": "dak lak", "dak lac": "dak lak", "dac nong": "dak nong",
    "dak nong": "dak nong", "bac can": "bac kan", "kontum": "kon tum", "brvt": "ba ria vung tau",
    "vung tau": "ba ria vung tau",
}
HEALTH_DEPT = ("so", "y", "te")
#: abbreviations of unit names that consultkit.text does not expand (folded tokens)
_LOCAL_ABBREVIATIONS = {
    "bhyt": ("bao", "hiem", "y", "te"), "rhm": ("rang", "ham", "mat"),
    "tmh": ("tai", "mui", "hong"), "ytdp": ("y", "te", "du", "phong"),
    "cuba": ("cu", "ba"),
}
_ROMAN = {"i": "1", "ii": "2", "iii": "3"}


def _core(name: str) -> str:
    """Folded province name without its 'Tỉnh'/'Thành phố' prefix."""
    key = fold(name)
    for prefix in ("tinh ", "thanh pho "):
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


@lru_cache(maxsize=1)
def province_reference() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    """(folded name variant -> 2021 code, code -> canonical folded name, new code -> old codes)."""
    names: dict[str, str] = {}
    canonical: dict[str, str] = {}
    merged_from: dict[str, tuple[str, ...]] = {}
    old = data("reference", "provinces-2021-07-01.tsv")
    new = data("reference", "provinces-2025-07-01.tsv")
    for path in (old, new):
        with path.open("r", encoding="utf-8") as handle:
            frame = pd.read_csv(handle, sep="\t", dtype=str, keep_default_na=False)
        for row in frame.itertuples(index=False):
            core = _core(row.name)
            canonical.setdefault(row.code, core)
            names.setdefault(core, row.code)
            if path is new:
                merged_from[row.code] = tuple(c.strip() for c in row.merged_from_codes.split(",")
                                              if c.strip())
    by_core = {core: code for core, code in names.items()}
    for variant, core in _PROVINCE_VARIANTS.items():
        if core in by_core:
            names.setdefault(variant, by_core[core])
    for core, code in list(names.items()):
        names.setdefault(core.replace(" ", ""), code)   # "hanoi", "nghean", "danang"
    return names, canonical, merged_from


@lru_cache(maxsize=1)
def _province_index() -> dict[tuple[str, ...], str]:
    names, _, _ = province_reference()
    return {tuple(k.split()): code for k, code in names.items()}


class UnitKey:
    """A name reduced for matching: tokens, provinces, distinguishing tokens."""

    __slots__ = ("tokens", "text", "sorted", "provinces", "numbers", "letters", "central", "rest",
                 "provincial", "without_parent")

    def __init__(self, name: str):
        raw = match_key(name)
        tokens = raw.split()
        if _ENGLISH_MARKERS.search(raw):
            tokens = _translate(tokens)
        tokens, self.without_parent = _parent_words(tokens)
        index = _province_index()
        _, canonical, _ = province_reference()
        out: list[str] = []
        provinces: list[str] = []
        self.provincial = False
        i = 0
        while i < len(tokens):
            for n in (4, 3, 2, 1):
                code = index.get(tuple(tokens[i:i + n]))
                if code and i + n <= len(tokens):
                    for prefix in _PREFIX_WORDS:       # drop "tỉnh"/"thành phố" before it
                        if tuple(out[-len(prefix):]) == prefix:
                            del out[-len(prefix):]
                            self.provincial |= prefix == ("tinh",)
                    out.extend(canonical[code].split())
                    provinces.append(code)
                    i += n
                    break
            else:
                out.append(tokens[i])
                i += 1
        if not provinces:
            out, provinces = _fuzzy_province(out, provinces)
        self.tokens = tuple(out)
        self.text = " ".join(out)
        self.sorted = " ".join(sorted(out))
        self.provinces = frozenset(provinces)
        self.numbers = frozenset(t for t in out if t.isdigit())
        self.letters = frozenset(t for t in out if len(t) == 1 and t.isalpha() and t != "y")
        self.central = "uong" in out          # "trung ương", also when "trung" is misspelt
        prov_tokens = {t for code in provinces for t in canonical[code].split()}
        self.rest = tuple(t for t in out if t not in prov_tokens)


def _parent_words(tokens: list[str]) -> tuple[list[str], str]:
    """Local abbreviations, roman numerals, and the parent body written around a unit's name.

    "UBND tỉnh Nghệ An - Sở Y tế" loses "UBND"; "Bộ Y tế - Bệnh viện Bạch Mai" loses
    "Bộ Y tế"; a trailing "Bộ Y tế" becomes "Bộ" ("Văn phòng Bộ Y tế" = "Văn phòng
    Bộ") and the name without it is returned too ("Bệnh viện Bạch Mai (Bộ Y tế)").
    """
    out: list[str] = []
    for t in tokens:
        out.extend(_LOCAL_ABBREVIATIONS.get(t, (t,)))
    if out[:1] == ["ubnd"]:
        out = out[1:]
    elif out[:4] == ["uy", "ban", "nhan", "dan"]:
        out = out[4:]
    if out[:3] == ["bo", "y", "te"] and len(out) > 4:
        out = out[3:]
    without = ""
    if out[-3:] == ["bo", "y", "te"] and len(out) > 4:
        without = " ".join(out[:-3])
        out = out[:-2]
    if len(out) > 2 and out[-2] == "uong" and out[-1] in _ROMAN:
        out[-1] = _ROMAN[out[-1]]
    return out, without


@lru_cache(maxsize=1)
def _province_names() -> tuple[list[str], list[str]]:
    """Multi-word province names (folded, 7+ letters) and their codes, for typo matching."""
    names, _, _ = province_reference()
    pairs = [(k, c) for k, c in names.items() if " " in k and len(k) >= 7]
    return [k for k, _ in pairs], [c for _, c in pairs]


def _fuzzy_province(out: list[str], provinces: list[str]) -> tuple[list[str], list[str]]:
    """A misspelt province name ("Thái Nguên", "Quảg Bình"): 2–4 words at ratio >= 90,
    clearly closer to one province than to any other."""
    keys, codes = _province_names()
    _, canonical, _ = province_reference()
    for n in (2, 3, 4):
        for i in range(len(out) - n + 1):
            window = " ".join(out[i:i + n])
            if len(window) < 7:
                continue
            hits = process.extract(window, keys, scorer=fuzz.ratio, limit=2, score_cutoff=84)
            if not hits or hits[0][1] < 90:
                continue
            if len(hits) > 1 and codes[hits[1][2]] != codes[hits[0][2]] and hits[1][1] > hits[0][1] - 5:
                continue
            code = codes[hits[0][2]]
            head = out[:i]
            for prefix in _PREFIX_WORDS:
                if tuple(head[-len(prefix):]) == prefix:
                    del head[-len(prefix):]
            return head + canonical[code].split() + out[i + n:], [code]
    return out, provinces


def _translate(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for english, viet in _ENGLISH:
            if tuple(tokens[i:i + len(english)]) == english:
                out.extend(viet)
                i += len(english)
                break
        else:
            if tokens[i] not in _ENGLISH_DROP:
                out.append(tokens[i])
            i += 1
    return out
