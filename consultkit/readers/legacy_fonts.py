"""Word files typed in legacy Vietnamese fonts (TCVN3 ``.Vn…``, VNI ``VNI-…``) → Unicode.

Older offices still type in the ABC fonts (``.VnTime``, ``.VnArial``; the
"H" fonts such as ``.VnTimeH`` show capitals) or the VNI fonts
(``VNI-Times``, ``VNI-Helve``). The file then holds Latin-1 look-alikes:
"Bé Y tÕ" for "Bộ Y tế" (TCVN3), "Boä Y teá" (VNI). Each *run* is converted
by the font it is shown in, so a document mixing Unicode and legacy fonts
stays right (tables in :mod:`consultkit.readers.legacy_tables`).

:func:`convert_document` rewrites the runs of a python-docx document in
place (text and font name) and returns a :class:`LegacyReport`: fonts
converted, legacy-looking fonts it does not know (reported, never kept
silently), and text that still looks like an unconverted legacy encoding
(:func:`looks_legacy`, a test of the characters) with its place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .legacy_tables import TCVN3_CHARS, VNI_PAIRS, VNI_SINGLE

__all__ = ["font_encoding", "decode_tcvn3", "decode_vni", "encode_tcvn3", "encode_vni",
           "looks_legacy", "legacy_words", "guess_encoding", "convert_document", "LegacyReport"]

#: letters Vietnamese writes (besides ASCII); any other Latin-1 letter is a sign of legacy text
VIETNAMESE_LETTERS = frozenset(
    "àáâãèéêìíòóôõùúýăđĩũơư" + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)))
_FOREIGN = re.compile(r"[\u0080-\u024f]")


def _midword_capitals(text: str) -> int:
    """Accented capitals right after a lower-case letter ("chÝ", "kÕt")."""
    return sum(1 for a, b in zip(text, text[1:])
               if a.isalpha() and a.islower() and b.isupper() and not b.isascii())
#: fonts of other legacy Vietnamese encodings (VPS, VISCII, BK HCM, VietWare…), not converted
_OTHER_LEGACY = re.compile(r"^(?:VPS|VK\s|VU\s|BKHCM|Vn3D|VNtimes|VNI\s|VIQR|VISCII|Viet)", re.I)


def font_encoding(font: str | None) -> str | None:
    """'tcvn3', 'tcvn3-upper' (the "H" capital fonts), 'vni', 'unknown-legacy' or None.

    >>> font_encoding(".VnTime"), font_encoding(".VnTimeH"), font_encoding("VNI-Times")
    ('tcvn3', 'tcvn3-upper', 'vni')
    >>> font_encoding("Times New Roman") is None
    True
    """
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3-upper" if name.endswith("H") else "tcvn3"
    if re.match(r"(?i)^vni[-_]", name):
        return "vni"
    if _OTHER_LEGACY.match(name):
        return "unknown-legacy"
    return None


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 text as stored in a .docx → Unicode NFC (``upper`` for the "H" fonts).

    >>> decode_tcvn3("Bé Y tÕ")
    'Bộ Y tế'
    """
    out = "".join(TCVN3_CHARS.get(c, c) for c in text)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


_VNI_PAIR = re.compile("|".join(sorted(map(re.escape, VNI_PAIRS), key=len, reverse=True)))


def decode_vni(text: str) -> str:
    """VNI text as stored in a .docx → Unicode NFC.

    >>> decode_vni("Boä Y teá"), decode_vni("Sôû Y teá"), decode_vni("Ñieàu 5")
    ('Bộ Y tế', 'Sở Y tế', 'Điều 5')
    """
    out = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in VNI_PAIRS:
            out.append(VNI_PAIRS[pair])
            i += 2
            continue
        out.append(VNI_SINGLE.get(text[i], text[i]))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _reverse(table: dict[str, str]) -> dict[str, str]:
    rev: dict[str, str] = {}
    for stored, uni in table.items():
        rev.setdefault(uni, stored)
    return rev


def _tcvn3_reverse() -> dict[str, str]:
    from .legacy_tables import TCVN3_BYTES, _stored_chars

    rev: dict[str, str] = {}
    for byte in sorted(TCVN3_BYTES, reverse=True):     # bytes ≥ 0x80 before control bytes
        uni = TCVN3_BYTES[byte]
        if not unicodedata.combining(uni):
            rev.setdefault(uni, _stored_chars(byte)[-1])   # as Word stores it (cp1252)
    return rev


_TCVN3_REV = _tcvn3_reverse()
_VNI_REV = _reverse({**VNI_SINGLE, **VNI_PAIRS})


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as a .docx stores it (for tests and fixtures)."""
    return "".join(_TCVN3_REV.get(c, c) for c in unicodedata.normalize("NFC", text))


def encode_vni(text: str) -> str:
    """Unicode → VNI as a .docx stores it (for tests and fixtures)."""
    return "".join(_VNI_REV.get(c, c) for c in unicodedata.normalize("NFC", text))


def _letters(text: str) -> list[str]:
    return [c for c in text if c.isalpha()]


def looks_legacy(text: str) -> bool:
    """True when the text looks like unconverted TCVN3/VNI: Latin-1 letters Vietnamese
    does not use ("µ", "ö", "ø", "Õ" inside a word…) make up a noticeable share.

    >>> looks_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), looks_legacy("Coäng hoøa xaõ hoäi")
    (True, True)
    >>> looks_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam"), looks_legacy("Hôm nay")
    (False, False)
    """
    letters = _letters(text)
    if len(letters) < 6:
        return False
    # VNI marks ("ä", "ø", "û", "ï"…) and TCVN3 letters ("µ", "Õ" for ế…) are mostly
    # Latin-1 characters Vietnamese never writes
    suspicious = sum(1 for c in text if _FOREIGN.match(c) and c not in VIETNAMESE_LETTERS)
    # TCVN3 also shows as accented capitals inside lower-case words ("chÝ", "kÕt", "nghÖ")
    suspicious += _midword_capitals(text)
    vietnamese = sum(1 for c in letters if c in VIETNAMESE_LETTERS)
    return suspicious >= 2 and suspicious >= 0.04 * len(letters) and suspicious >= 0.5 * vietnamese


def legacy_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` holding letters Vietnamese does not use, or an accented
    capital inside a lower-case word.

    >>> legacy_words("Sở Y tÕ Boä")
    ('tÕ', 'Boä')
    """
    return tuple(w for w in text.split()
                 if any(_FOREIGN.match(c) and c not in VIETNAMESE_LETTERS for c in w)
                 or _midword_capitals(w))


def _vietnamese_score(text: str) -> float:
    letters = _letters(text)
    if not letters:
        return 0.0
    foreign = sum(1 for c in letters if _FOREIGN.match(c) and c not in VIETNAMESE_LETTERS)
    return (sum(1 for c in letters if c in VIETNAMESE_LETTERS) - 3 * foreign) / len(letters)


def guess_encoding(text: str) -> str | None:
    """'tcvn3' or 'vni' when decoding that way gives clearly Vietnamese text, else None."""
    if not looks_legacy(text):
        return None
    scores = {"tcvn3": _vietnamese_score(decode_tcvn3(text)),
              "vni": _vietnamese_score(decode_vni(text))}
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 and not looks_legacy(
        decode_tcvn3(text) if best == "tcvn3" else decode_vni(text)) else None


# --- Word documents ----------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FONT_ATTRS = ("hAnsi", "ascii", "cs")
#: the Unicode font put on a converted run
UNICODE_FONT = "Times New Roman"


@dataclass
class LegacyReport:
    """What :func:`convert_document` did; ``messages()`` in Vietnamese for the user."""

    converted: dict[str, int] = field(default_factory=dict)     # font → runs converted
    unknown: dict[str, str] = field(default_factory=dict)       # font → a sample of its text
    suspicious: list[tuple[str, str, str | None]] = field(default_factory=list)
    # (place, sample, guessed encoding) of text still looking legacy

    def messages(self) -> list[str]:
        out = []
        if self.converted:
            fonts = ", ".join(f"{f} ({n} đoạn chữ)" for f, n in sorted(self.converted.items()))
            out.append(f"đã chuyển mã phông chữ cũ sang Unicode: {fonts}")
        for font, sample in sorted(self.unknown.items()):
            out.append(f"phông chữ cũ “{font}” chưa được hỗ trợ chuyển mã, chữ có thể sai "
                       f"(ví dụ: “{sample}”): đề nghị đơn vị gửi lại bản Unicode")
        for place, sample, guess in self.suspicious[:5]:
            hint = f", có thể là mã {guess.upper()}" if guess else ""
            out.append(f"văn bản có vẻ chưa chuyển mã Unicode ({place}{hint}): “{sample}”")
        return out

    @property
    def flagged(self) -> bool:
        return bool(self.unknown or self.suspicious)


def _font_of(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is None:
        return None
    for attr in _FONT_ATTRS:
        value = fonts.get(f"{_W}{attr}")
        if value:
            return value
    return None


class _Styles:
    """Font of each style, following basedOn, and the document default."""

    def __init__(self, document):
        self.fonts: dict[str, str | None] = {}
        self.based: dict[str, str] = {}
        self.default_paragraph: str | None = None
        self.default_font: str | None = None
        try:
            root = document.styles.element
        except Exception:  # noqa: BLE001 - a package without styles.xml
            return
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default_font = _font_of(defaults)
        for style in root.findall(f"{_W}style"):
            sid = style.get(f"{_W}styleId")
            self.fonts[sid] = _font_of(style.find(f"{_W}rPr"))
            based = style.find(f"{_W}basedOn")
            if based is not None:
                self.based[sid] = based.get(f"{_W}val")
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
                self.default_paragraph = sid

    def font(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self.fonts.get(style_id):
                return self.fonts[style_id]
            style_id = self.based.get(style_id)
        return None


def _run_font(run, paragraph, styles: _Styles) -> str | None:
    rpr = run.find(f"{_W}rPr")
    font = _font_of(rpr)
    if font:
        return font
    if rpr is not None:
        rstyle = rpr.find(f"{_W}rStyle")
        if rstyle is not None and styles.font(rstyle.get(f"{_W}val")):
            return styles.font(rstyle.get(f"{_W}val"))
    pstyle = None
    if paragraph is not None:
        ppr = paragraph.find(f"{_W}pPr")
        node = ppr.find(f"{_W}pStyle") if ppr is not None else None
        pstyle = node.get(f"{_W}val") if node is not None else None
    return styles.font(pstyle or styles.default_paragraph) or styles.font(styles.default_paragraph) \
        or styles.default_font


def _set_unicode_font(run) -> None:
    rpr = run.find(f"{_W}rPr")
    if rpr is None:
        rpr = run.makeelement(f"{_W}rPr", {})
        run.insert(0, rpr)
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is None:
        fonts = rpr.makeelement(f"{_W}rFonts", {})
        rpr.insert(0, fonts)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(f"{_W}{attr}", UNICODE_FONT)


def convert_document(document) -> LegacyReport:
    """Convert every run in a legacy font of a python-docx document (body, tables,
    tracked insertions and deletions) to Unicode, in place; report what was done."""
    report = LegacyReport()
    styles = _Styles(document)
    body = document.element.body
    for p_number, paragraph in enumerate(body.iter(f"{_W}p"), start=1):
        plain: list[str] = []
        for run in paragraph.iter(f"{_W}r"):
            texts = [t for t in run if t.tag in (f"{_W}t", f"{_W}delText")]
            if not texts:
                continue
            font = _run_font(run, paragraph, styles)
            encoding = font_encoding(font)
            if encoding in ("tcvn3", "tcvn3-upper", "vni"):
                for t in texts:
                    t.text = (decode_vni(t.text or "") if encoding == "vni"
                              else decode_tcvn3(t.text or "", upper=encoding == "tcvn3-upper"))
                _set_unicode_font(run)
                report.converted[font] = report.converted.get(font, 0) + 1
            elif encoding == "unknown-legacy":
                sample = "".join(t.text or "" for t in texts).strip()
                if sample:
                    report.unknown.setdefault(font, sample[:40])
            else:
                plain.extend(t.text or "" for t in texts)
        text = "".join(plain)
        if looks_legacy(text):
            report.suspicious.append((f"đoạn {p_number}", text.strip()[:60], guess_encoding(text)))
    return report
