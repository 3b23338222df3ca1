"""Check a .docx against Nghị định 30/2020, Phụ lục I: paper, margins, font and sizes.

:func:`check_document` returns findings as dicts with the ``schema.LINT``
columns (severity, rule, location, message, suggestion); the linter turns
them into a frame. Each rule reports once per document part with a count and
the first place, not once per run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from docx.oxml.ns import qn

from .style_base import A4_MM, FONT, MARGIN_RANGES_MM

_TWIP_PER_MM = 1440 / 25.4
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _finding(severity, rule, location, message, suggestion) -> dict[str, str]:
    return {"severity": severity, "rule": rule, "location": location, "message": message,
            "suggestion": suggestion}


class _Styles:
    """Resolve a run's font and size through rPr → character style → paragraph style → defaults."""

    def __init__(self, doc):
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = root.find(qn("w:docDefaults"))
        rpr = None
        if defaults is not None and defaults.find(qn("w:rPrDefault")) is not None:
            rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        self.default_font = self._font(rpr) or "(mặc định của Word)"
        self.default_size = self._size(rpr) or 10.0
        self.default_para = next((s.get(qn("w:styleId")) for s in self.by_id.values()
                                  if s.get(qn("w:type")) == "paragraph"
                                  and s.get(qn("w:default")) in ("1", "true")), None)
        self._cache: dict[tuple[str, str], Any] = {}

    @staticmethod
    def _font(rpr):
        if rpr is None:
            return None
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            return None
        theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
        if theme:
            return f"theme:{theme}"
        return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))

    @staticmethod
    def _size(rpr):
        if rpr is None:
            return None
        sz = rpr.find(qn("w:sz"))
        return int(sz.get(qn("w:val"))) / 2 if sz is not None and sz.get(qn("w:val")) else None

    def _chain(self, style_id: str | None, what: str):
        key = (style_id or "", what)
        if key in self._cache:
            return self._cache[key]
        seen, value = set(), None
        while style_id and style_id not in seen and value is None:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            rpr = style.find(qn("w:rPr"))
            value = (self._font(rpr) if what == "font" else self._size(rpr) if what == "size"
                     else self._toggle(rpr, what))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        self._cache[key] = value
        return value

    @staticmethod
    def _toggle(rpr, tag: str):
        if rpr is None:
            return None
        el = rpr.find(qn(f"w:{tag}"))
        if el is None:
            return None
        return el.get(qn("w:val"), "true") not in ("0", "false", "off")

    def weight(self, r, p_style: str | None) -> tuple[bool, bool]:
        """(bold, italic) of a run, through its character and paragraph styles."""
        rpr = r.find(qn("w:rPr"))
        r_style = None
        if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
            r_style = rpr.find(qn("w:rStyle")).get(qn("w:val"))
        p_style = p_style or self.default_para
        out = []
        for tag in ("b", "i"):
            value = self._toggle(rpr, tag)
            for style_id in (r_style, p_style):
                if value is None:
                    value = self._chain(style_id, tag)
            out.append(bool(value))
        return out[0], out[1]

    def resolve(self, r, p_style: str | None):
        rpr = r.find(qn("w:rPr"))
        r_style = None
        if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
            r_style = rpr.find(qn("w:rStyle")).get(qn("w:val"))
        p_style = p_style or self.default_para
        font = (self._font(rpr) or self._chain(r_style, "font") or self._chain(p_style, "font")
                or self.default_font)
        size = (self._size(rpr) or self._chain(r_style, "size") or self._chain(p_style, "size")
                or self.default_size)
        return font, size


def _paragraph_style(p) -> str | None:
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
        return ppr.find(qn("w:pStyle")).get(qn("w:val"))
    return None


def _paragraphs(body):
    """(paragraph element, location, in_table) in document order."""
    n_par = n_tab = 0
    for child in body:
        if child.tag == _W + "p":
            n_par += 1
            yield child, f"p{n_par}", False
        elif child.tag == _W + "tbl":
            n_tab += 1
            for i, tr in enumerate(child.iter(_W + "tr"), start=1):
                for p in tr.iter(_W + "p"):
                    yield p, f"t{n_tab}.r{i}", True


def _check_sections(doc, findings, expect_landscape: bool | None) -> None:

    labels = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    for k, section in enumerate(doc.sections, start=1):
        where = f"section {k}"
        w, h = section.page_width, section.page_height
        if w is None or h is None:
            findings.append(_finding("error", "page.size", where, "Không khai báo khổ giấy.",
                                     "Đặt khổ giấy A4 (210 × 297 mm)."))
            continue
        w_mm, h_mm = w / 36000, h / 36000
        if sorted((round(w_mm), round(h_mm))) != [round(A4_MM[0]), round(A4_MM[1])] and not (
                abs(min(w_mm, h_mm) - A4_MM[0]) < 1.5 and abs(max(w_mm, h_mm) - A4_MM[1]) < 1.5):
            findings.append(_finding("error", "page.size", where,
                                     f"Khổ giấy {w_mm:.0f} × {h_mm:.0f} mm, không phải A4.",
                                     "Đặt khổ giấy A4 (210 × 297 mm) theo Phụ lục I, mục I.1."))
        landscape = w_mm > h_mm
        if expect_landscape is not None and landscape != expect_landscape:
            findings.append(_finding("warning", "page.orientation", where,
                                     "Trang đặt " + ("ngang" if landscape else "dọc") + ".",
                                     "Văn bản trình bày theo chiều dài khổ A4; chỉ trình bày "
                                     "theo chiều rộng khi có bảng, biểu (Phụ lục I, mục I.2)."))
        for side, (lo, hi) in MARGIN_RANGES_MM.items():
            value = getattr(section, f"{side}_margin")
            if value is None:
                continue
            mm = value / 36000
            if mm < lo - 0.3 or mm > hi + 0.3:
                findings.append(_finding(
                    "error", "page.margins", where,
                    f"Lề {labels[side]} {mm:.1f} mm, ngoài khoảng {lo:.0f}–{hi:.0f} mm.",
                    f"Đặt lề {labels[side]} trong khoảng {lo:.0f}–{hi:.0f} mm "
                    "(Phụ lục I, mục I.3)."))
        header_xml = section.header._element.xml if not section.header.is_linked_to_previous else ""
        if k == 1 and "PAGE" in header_xml and not section.different_first_page_header_footer:
            findings.append(_finding("warning", "page.number-first", where,
                                     "Số trang hiển thị cả ở trang thứ nhất.",
                                     "Chọn 'Different first page' để không hiện số trang đầu "
                                     "(Phụ lục I, mục I.7)."))


#: Parts of a document recognised by their text: (rule, test on folded text, sizes, bold, italic, label).
_PARTS = [
    ("part.national-name", lambda f, t: f == "cong hoa xa hoi chu nghia viet nam", (12, 13), True, False,
     "Quốc hiệu", "chữ in hoa, cỡ 12–13, đứng, đậm"),
    ("part.motto", lambda f, t: f == "doc lap tu do hanh phuc", (13, 14), True, False,
     "Tiêu ngữ", "cỡ 13–14, đứng, đậm"),
    ("part.number", lambda f, t: t.startswith("Số") and "/" in t and len(t) < 40, (13, 13), False, False,
     "Số, ký hiệu", "cỡ 13, đứng"),
    ("part.place-date", lambda f, t: bool(re.search(r"^[^,]{2,40}, ngày .{0,12}tháng .{0,8}năm", t)) and len(t) < 70,
     (13, 14), None, True, "Địa danh và thời gian ban hành", "cỡ 13–14, nghiêng"),
    ("part.subject", lambda f, t: t.startswith("V/v"), (12, 13), False, False,
     "Trích yếu công văn", "cỡ 12–13, đứng"),
    ("part.recipients", lambda f, t: f == "noi nhan" and t.endswith(":"), (12, 12), True, True,
     "Từ “Nơi nhận”", "cỡ 12, nghiêng, đậm"),
]


def _check_parts(doc, styles, findings) -> None:
    """Sizes and weights of the parts Phụ lục I, V names, where they can be recognised."""
    from ..text import fold

    seen = set()
    for p, where, _ in _paragraphs(doc.element.body):
        text = "".join(t.text or "" for t in p.iter(_W + "t")).strip()
        if not text or len(text) > 120:
            continue
        folded = fold(text)
        for rule, test, (lo, hi), bold, italic, name, spec in _PARTS:
            if rule in seen or not test(folded, text):
                continue
            seen.add(rule)
            p_style = _paragraph_style(p)
            runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
            problems = []
            for r in runs:
                _, size = styles.resolve(r, p_style)
                is_bold, is_italic = styles.weight(r, p_style)
                if not lo - 0.25 <= size <= hi + 0.25:
                    problems.append(f"cỡ chữ {size:g}")
                if bold is not None and is_bold != bold:
                    problems.append("chữ đậm" if is_bold else "thiếu chữ đậm")
                if italic is not None and is_italic != italic:
                    problems.append("chữ nghiêng" if is_italic else "thiếu chữ nghiêng")
            if problems:
                findings.append(_finding("warning", rule, where,
                                         f"{name} “{text[:50]}”: " + ", ".join(dict.fromkeys(problems)) + ".",
                                         f"{name} trình bày {spec} (Phụ lục I, mục V)."))


def check_document(docx, *, expect_landscape: bool | None = None) -> list[dict[str, str]]:
    """Findings on paper size, margins, font family and sizes of a .docx (path or Document)."""
    from ..readers.files import open_docx
    from ..readers.plain import where_vi

    doc = docx if hasattr(docx, "sections") else open_docx(docx)
    findings: list[dict[str, str]] = []
    _check_sections(doc, findings, expect_landscape)
    styles = _Styles(doc)
    _check_parts(doc, styles, findings)
    fonts: dict[str, list] = defaultdict(list)
    body_size: list[tuple[str, float]] = []
    too_big: list[tuple[str, float]] = []
    too_small: list[tuple[str, float]] = []
    for p, where, in_table in _paragraphs(doc.element.body):
        p_style = _paragraph_style(p)
        runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
        text = "".join(t.text or "" for t in p.iter(_W + "t"))
        for r in runs:
            font, size = styles.resolve(r, p_style)
            if font != FONT:
                fonts[font].append(where)
            if size > 14.5:
                too_big.append((where, size))
            elif size < (9.5 if in_table else 10.5):
                too_small.append((where, size))
            elif not in_table and len(text.strip()) >= 120 and not 13 <= size <= 14:
                body_size.append((where, size))
    for font, places in fonts.items():
        findings.append(_finding("error", "font.family", places[0],
                                 f"{len(places)} đoạn chữ dùng phông “{font}” (đầu tiên: {where_vi(places[0])}).",
                                 "Dùng phông Times New Roman, bộ mã Unicode TCVN 6909:2001 "
                                 "(Phụ lục I, mục I.4)."))
    for rule, items, severity, message, suggestion in (
            ("font.size-body", body_size, "error", "cỡ chữ phần nội dung {size:g} pt",
             "Phần nội dung văn bản cỡ chữ 13–14 (Phụ lục I, mục II.6.e)."),
            ("font.size-max", too_big, "warning", "cỡ chữ {size:g} pt, lớn hơn 14",
             "Các thành phần thể thức dùng cỡ chữ không quá 14 (Phụ lục I, mục V)."),
            ("font.size-min", too_small, "warning", "cỡ chữ {size:g} pt, quá nhỏ",
             "Cỡ chữ nhỏ nhất là 11 (nơi nhận), trong bảng không dưới 10.")):
        if items:
            where, size = items[0]
            findings.append(_finding(severity, rule, where,
                                     f"{len(items)} đoạn chữ có " + message.format(size=size)
                                     + f" (đầu tiên: {where_vi(where)}).", suggestion))
    return findings


__all__ = ["check_document"]
