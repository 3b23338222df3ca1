"""Word automatic numbering: the number Word displays for a numbered paragraph.

A paragraph is numbered when it has ``w:pPr/w:numPr`` (``w:numId`` + ``w:ilvl``)
or inherits one from its paragraph style (following ``w:basedOn``). The
``w:numId`` points to a ``w:num`` in ``numbering.xml``, which points to a
``w:abstractNum`` holding up to nine levels (``w:lvl``): ``w:start``,
``w:numFmt`` (decimal, lowerLetter, upperLetter, lowerRoman, upperRoman,
bullet, none, decimalZero…), ``w:lvlText`` (a pattern such as ``"%1.%2."``),
``w:lvlRestart`` and ``w:isLgl``; an abstract numbering that only names a
list style (``w:numStyleLink``) takes the levels of the numbering that style
uses. A ``w:num`` may override levels (``w:lvlOverride`` with
``w:startOverride`` and/or a whole ``w:lvl``).

Counting follows Word and LibreOffice: paragraphs of every ``w:num`` that share
an abstract numbering (after following ``w:numStyleLink`` to the list style's
numbering) continue one list. A ``w:num`` with a start override
(``w:lvlOverride/w:startOverride``) restarts that level at its first paragraph
(an overriding ``w:lvl`` changes the level's look, not the count, as LibreOffice
shows it); the list then goes on,
and paragraphs of the plain ``w:num`` that come after continue from it. This is
how LibreOffice writes "restart numbering" when it saves a .docx (one new
``w:num`` with a start override for the first paragraph, the rest on the shared
``w:num``), and how Word reads such files. Using a level resets the deeper levels
(unless their ``w:lvlRestart`` says otherwise: 0 never, N after level N). A level
skipped by a deeper one counts as used at its start ("V." then "1)" at level 3 then
level 2 shows "V.2.", as LibreOffice does). ``w:isLgl`` shows every
level in decimal ("4.1." under "IV.") and ``w:lvlRestart`` 0 never restarts, as Word
does (LibreOffice 7.4 ignores both and drops them when it saves). ``numId`` 0 switches
numbering off, even when the style would number the paragraph. The display is
checked against LibreOffice's own text export of the same files
(tests/fixtures/numbering/, remade by scripts/build_numbering_fixtures.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
#: bullets drawn from symbol fonts (private-use code points) are shown as this
BULLET = "•"


def to_roman(value: int) -> str:
    """Lower-case Roman numeral of a positive integer (0 and below as digits)."""
    if value <= 0:
        return str(value)
    out = []
    for number, letters in _ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def to_letters(value: int) -> str:
    """Word's letter numbering: a…z, then aa…zz, aaa… (Word repeats the letter)."""
    if value <= 0:
        return str(value)
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    """One level's counter in its ``w:numFmt``."""
    if fmt == "lowerLetter":
        return to_letters(value)
    if fmt == "upperLetter":
        return to_letters(value).upper()
    if fmt == "lowerRoman":
        return to_roman(value)
    if fmt == "upperRoman":
        return to_roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)  # decimal and every format we do not render specially


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None       # lvlText; None = absent
    restart: int | None = None    # lvlRestart (1-based level); None = default
    legal: bool = False           # isLgl: show every level in decimal
    style: str | None = None      # the paragraph style linked to this level
    font: str | None = None       # the number's font (w:rPr/w:rFonts/@w:ascii)


def _val(element, tag: str, default=None):
    child = element.find(W + tag)
    if child is None:
        return default
    return child.get(W + "val", default)


def _int(text, default=None):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _level(element) -> Level:
    return Level(start=_int(_val(element, "start"), 1),
                 fmt=_val(element, "numFmt", "decimal") or "decimal",
                 text=_val(element, "lvlText"),
                 restart=_int(_val(element, "lvlRestart")),
                 legal=element.find(W + "isLgl") is not None
                 and _val(element, "isLgl", "1") not in ("0", "false"),
                 style=_val(element, "pStyle"),
                 font=_font(element))


def _font(element) -> str | None:
    fonts = element.find(W + "rPr/" + W + "rFonts")
    return None if fonts is None else fonts.get(W + "ascii")


#: symbol-font glyphs Word uses for bullets, as Unicode (font, code without 0xF000)
_SYMBOL_GLYPHS = {("symbol", 0xB7): "•", ("wingdings", 0xA7): "▪", ("wingdings", 0xD8): "➢",
                  ("wingdings", 0xFC): "✓", ("wingdings", 0x76): "❖", ("wingdings", 0x71): "❑",
                  ("wingdings", 0x6E): "■", ("wingdings", 0x6C): "●"}


def bullet_text(text: str, font: str | None) -> str:
    """A bullet as shown: Symbol-font punctuation ("\uf02b" → "+", "\uf02d" → "-") keeps
    its character, Word's usual symbol bullets are their Unicode look-alikes ("▪", "➢"),
    Courier New's "o" is "◦"; other private-use symbols are :data:`BULLET`."""
    font = (font or "").lower()
    if text == "o":
        return "◦"
    out = []
    for ch in text:
        code = ord(ch)
        glyph = _SYMBOL_GLYPHS.get((font, code - 0xF000 if code >= 0xF000 else code))
        if glyph and (code >= 0xF000 or font in ("symbol", "wingdings")) and code > 0x7F:
            out.append(glyph)
        elif font == "symbol" and 0xF021 <= code <= 0xF07E and not chr(code - 0xF000).isalnum():
            out.append(chr(code - 0xF000))
        elif not ch.isprintable() or 0xE000 <= code <= 0xF8FF:
            return BULLET
        else:
            out.append(ch)
    return "".join(out) or BULLET


@dataclass
class Numbering:
    """Numbering definitions of one document plus the running counters."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_based: dict[str, str] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)   # abstractNum -> list style
    _counters: dict[object, dict[int, int]] = field(default_factory=dict)
    _started: set = field(default_factory=set)       # numIds whose start overrides were applied

    @classmethod
    def from_document(cls, document) -> "Numbering":
        """Read numbering.xml and styles.xml of a python-docx ``Document``."""
        self = cls()
        part = document.part
        try:
            numbering_el = part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering_el = None
        if numbering_el is not None:
            for abstract in numbering_el.iter(W + "abstractNum"):
                levels = {}
                for lvl in abstract.findall(W + "lvl"):
                    levels[_int(lvl.get(W + "ilvl"), 0)] = _level(lvl)
                aid = abstract.get(W + "abstractNumId")
                self.abstract[aid] = levels
                link = _val(abstract, "numStyleLink")
                if link:
                    self.style_links[aid] = link
            for num in numbering_el.iter(W + "num"):
                overrides: dict[int, Level] = {}
                starts: dict[int, int] = {}
                for override in num.findall(W + "lvlOverride"):
                    ilvl = _int(override.get(W + "ilvl"), 0)
                    start = _int(_val(override, "startOverride"))
                    if start is not None:
                        starts[ilvl] = start
                    lvl = override.find(W + "lvl")
                    if lvl is not None:
                        overrides[ilvl] = _level(lvl)
                self.nums[num.get(W + "numId")] = (_val(num, "abstractNumId"), overrides, starts)
        try:
            styles_el = part.styles.element
        except (NotImplementedError, KeyError, AttributeError):
            styles_el = None
        if styles_el is not None:
            for style in styles_el.iter(W + "style"):
                sid = style.get(W + "styleId")
                based = _val(style, "basedOn")
                if based:
                    self.style_based[sid] = based
                ppr = style.find(W + "pPr")
                numpr = ppr.find(W + "numPr") if ppr is not None else None
                if numpr is not None:
                    self.style_numpr[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl")))
        return self

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl a style gives, each from the nearest style that sets it
        (a style based on a numbered one may set only its own ``w:ilvl``)."""
        seen = set()
        num_id = ilvl = None
        while style_id and style_id not in seen:
            seen.add(style_id)
            s_num, s_ilvl = self.style_numpr.get(style_id, (None, None))
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
            if num_id is not None and ilvl is not None:
                break
            style_id = self.style_based.get(style_id)
        return num_id, ilvl

    def _abstract_levels(self, abstract_id: str | None, seen: frozenset = frozenset()):
        """Levels of an abstract numbering, following a list style's numStyleLink."""
        link = self.style_links.get(abstract_id)
        if link and abstract_id not in seen:
            num_id, _ = self.style_numpr.get(link, (None, None))
            if num_id in self.nums:
                return self._abstract_levels(self.nums[num_id][0], seen | {abstract_id})
        return self.abstract.get(abstract_id, {})

    def _list_key(self, abstract_id: str | None, seen: frozenset = frozenset()):
        """The abstract numbering whose counters a list uses (a numStyleLink followed)."""
        link = self.style_links.get(abstract_id)
        if link and abstract_id not in seen:
            num_id, _ = self.style_numpr.get(link, (None, None))
            if num_id in self.nums:
                return self._list_key(self.nums[num_id][0], seen | {abstract_id})
        return abstract_id

    def _levels(self, num_id: str) -> dict[int, Level]:
        abstract_id, overrides, _ = self.nums[num_id]
        levels = dict(self._abstract_levels(abstract_id))
        levels.update(overrides)
        return levels

    def _level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        for ilvl, level in self._levels(num_id).items():
            if style_id and level.style == style_id:
                return ilvl
        return None

    def resolve(self, ppr, style_id: str | None) -> tuple[str, int | None]:
        """Advance the counters for one paragraph; return (displayed number, level).

        ``ppr`` is the paragraph's ``w:pPr`` element (or None). Returns
        ``("", None)`` for a paragraph that is not numbered.
        """
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = ilvl = None
        if numpr is not None:
            num_id = _val(numpr, "numId")
            ilvl = _int(_val(numpr, "ilvl"))
        if num_id is None or ilvl is None:
            s_num, s_ilvl = self._style_numpr(style_id)
            num_id = s_num if num_id is None else num_id
            if ilvl is None:
                ilvl = s_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return "", None
        if ilvl is None:
            ilvl = self._level_for_style(num_id, style_id) or 0
        levels = self._levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return "", ilvl
        abstract_id, _, starts = self.nums[num_id]
        key = self._list_key(abstract_id)
        counters = self._counters.setdefault(key, {})
        if starts and num_id not in self._started:
            self._started.add(num_id)
            for lvl_index, start in starts.items():
                # the override gives the first value shown: store the one before
                counters[lvl_index] = start - 1
                for deeper in [k for k in counters if k > lvl_index]:
                    del counters[deeper]
        for higher in range(ilvl):
            if higher not in counters and higher in levels:
                counters[higher] = levels[higher].start   # a skipped level counts as used
        value = counters.get(ilvl)
        counters[ilvl] = (levels[ilvl].start if value is None else value + 1)
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                del counters[deeper]
        if level.text is None or level.fmt == "none" and "%" not in (level.text or ""):
            return (level.text or "").strip(), ilvl
        if level.fmt == "bullet":
            return bullet_text(level.text or "", level.font), ilvl

        def part(index: int) -> str:
            lvl = levels.get(index, Level())
            value = counters.get(index, lvl.start)
            fmt = "decimal" if (level.legal and lvl.fmt not in ("none",)) else lvl.fmt
            return format_number(value, fmt)

        out = []
        text = level.text
        i = 0
        while i < len(text):
            if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                out.append(part(int(text[i + 1]) - 1))
                i += 2
            else:
                out.append(text[i])
                i += 1
        return "".join(out).strip(), ilvl
