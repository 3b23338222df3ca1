"""The next draft's files: the previous draft's own file with the drafters' edits applied.

Nothing is re-rendered. :func:`edit_docx` opens the previous draft's .docx
and changes only the paragraphs and table rows of the edited units (found
through the clause frame's ``location``, see
:func:`consultkit.readers.word.located_elements`): styles, sections, headers,
footers, automatic numbering and the formatting of every other paragraph stay
as they were. An edited paragraph keeps its paragraph properties and the
formatting of its first run; an inserted unit is a copy of the paragraph (or
table row) of the unit it follows, with its number typed as the amending
convention writes it (``2.2a.``, ``d1)``) and automatic numbering switched off
for it, so the numbers of the units around it never move. :func:`edit_markdown`
does the same to a .md/.txt version line by line.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pandas as pd

from ..readers.numbering import W
from ..redraft import RedraftError, Tree, checked_edits as _check
from ..text import normalize

__all__ = ["edit_docx", "edit_markdown"]

_KEEP = {W + "pPr", W + "bookmarkStart", W + "bookmarkEnd"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _span(location: str) -> tuple[str, int, int]:
    """('p', 12, 14) for 'p12-p14', ('line', 3, 7) for 'line 3-line 7', ('t', ...) for rows."""
    first, _, last = str(location).partition("-")
    last = last or first
    if first.startswith("line"):
        return "line", int(first.split()[1]), int(last.split()[1])
    if first.startswith("p"):
        return "p", int(first[1:]), int(last[1:])
    return "t", 0, 0


def _units(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["clause_id"]: r for r in frame.to_dict("records")}


def _content(unit: dict, text: str) -> tuple[str, bool]:
    """(new text, is it the heading) of an edited unit."""
    has_text = bool((unit.get("text") or "").strip())
    heading_only = bool((unit.get("heading") or "").strip()) and not has_text
    return normalize(text), heading_only


def _cells_of(unit: dict, text: str, stt: str | None = None) -> list[str]:
    from ..redraft import _cells_from_text

    cells = unit.get("cells") or {}
    return list(_cells_from_text(cells, text, stt=stt).values())


# -- Word -----------------------------------------------------------------------------

def _text_of(p) -> str:
    from ..readers.word import paragraph_text

    return normalize(paragraph_text(p))


def _first_rpr(p):
    for r in p.iter(W + "r"):
        if r.find(W + "t") is not None:
            rpr = r.find(W + "rPr")
            return copy.deepcopy(rpr) if rpr is not None else None
    return None


def _set_text(p, text: str) -> None:
    """Replace the runs of paragraph ``p`` by one run of ``text`` formatted like its first run."""
    rpr = _first_rpr(p)
    for child in list(p):
        if child.tag not in _KEEP:
            p.remove(child)
    run = p.makeelement(W + "r", {})
    if rpr is not None:
        run.append(rpr)
    parts = text.split("\t")
    for i, part in enumerate(parts):
        if i:
            run.append(run.makeelement(W + "tab", {}))
        t = run.makeelement(W + "t", {})
        t.text = part
        t.set(_XML_SPACE, "preserve")
        run.append(t)
    p.append(run)


def _typed_number(p, number: str) -> str:
    """The number typed at the start of the paragraph with what follows it ('2.2. '), '' if
    the number is automatic (not part of the text)."""
    number = (number or "").strip()
    text = _text_of(p)
    if number and text.startswith(number):
        rest = text[len(number):]
        gap = rest[:len(rest) - len(rest.lstrip())] or " "
        return number + gap
    return ""


def _paragraph_text(unit: dict, p, new: str) -> str:
    return _typed_number(p, unit.get("number", "")) + new


def _numbering_off(p, document) -> None:
    """Switch automatic numbering off for ``p`` keeping the indentation the numbering gave it."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        return
    numpr = ppr.find(W + "numPr")
    ind = None
    if numpr is not None:
        ilvl = numpr.find(W + "ilvl")
        num_id = numpr.find(W + "numId")
        ind = _level_indent(document, num_id.get(W + "val") if num_id is not None else None,
                            ilvl.get(W + "val", "0") if ilvl is not None else "0")
        ppr.remove(numpr)
    style = ppr.find(W + "pStyle")
    # numId 0 cancels numbering inherited from the paragraph style too
    new = ppr.makeelement(W + "numPr", {})
    lvl = new.makeelement(W + "ilvl", {W + "val": "0"})
    nid = new.makeelement(W + "numId", {W + "val": "0"})
    new.extend([lvl, nid])
    ppr.insert(1 if style is not None else 0, new)
    if ind is not None and ppr.find(W + "ind") is None:
        ppr.append(copy.deepcopy(ind))


def _level_indent(document, num_id: str | None, ilvl: str):
    if not num_id:
        return None
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None
    num = next((n for n in numbering.findall(W + "num") if n.get(W + "numId") == num_id), None)
    if num is None:
        return None
    abstract = num.find(W + "abstractNumId")
    aid = abstract.get(W + "val") if abstract is not None else None
    for a in numbering.findall(W + "abstractNum"):
        if a.get(W + "abstractNumId") == aid:
            for lvl in a.findall(W + "lvl"):
                if lvl.get(W + "ilvl") == ilvl:
                    return lvl.find(W + "pPr/" + W + "ind")
    return None


_FORMATS = {"decimal": r"(\d+)", "decimalZero": r"(\d+)", "lowerLetter": r"([a-z]+)",
            "upperLetter": r"([A-Z]+)", "lowerRoman": r"([ivxlcdm]+)", "upperRoman": r"([IVXLCDM]+)"}


def _value(text: str, fmt: str) -> int:
    if fmt.startswith("decimal"):
        return int(text)
    if fmt.endswith("Letter"):
        t = text.lower()
        return (ord(t[0]) - 96) + 26 * (len(t) - 1)
    from ..clauses.patterns import roman_value
    return roman_value(text.upper()) or 1


def _num_of(p, numbering=None) -> tuple[str, str] | None:
    """(numId, ilvl) numbering ``p``: its own w:numPr, else its paragraph style's (LibreOffice
    and Word number list paragraphs through their style too); None when not numbered."""
    ppr = p.find(W + "pPr")
    numpr = ppr.find(W + "numPr") if ppr is not None else None
    num_id = ilvl = None
    if numpr is not None:
        n, lv = numpr.find(W + "numId"), numpr.find(W + "ilvl")
        num_id = n.get(W + "val") if n is not None else None
        ilvl = lv.get(W + "val") if lv is not None else None
    if num_id is None and numbering is not None:
        style = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = style.get(W + "val") if style is not None else "Normal"
        s_num, s_ilvl = numbering._style_numpr(style_id)
        num_id = s_num
        if ilvl is None and s_ilvl is not None:
            ilvl = str(s_ilvl)
        if ilvl is None and s_num in numbering.nums:
            ilvl = str(numbering._level_for_style(s_num, style_id) or 0)
    if num_id in (None, "0"):
        return None
    return num_id, ilvl or "0"


def _set_num(p, num_id: str, ilvl: str) -> None:
    """Give ``p`` its own w:numPr (numId, ilvl), whatever its style says."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = p.makeelement(W + "pPr", {})
        p.insert(0, ppr)
    numpr = ppr.find(W + "numPr")
    if numpr is None:
        numpr = ppr.makeelement(W + "numPr", {})
        style = ppr.find(W + "pStyle")
        ppr.insert(1 if style is not None else 0, numpr)
    for child in list(numpr):
        numpr.remove(child)
    numpr.append(numpr.makeelement(W + "ilvl", {W + "val": ilvl}))
    numpr.append(numpr.makeelement(W + "numId", {W + "val": num_id}))


def _keep_numbers(document, removed: list, numbered: dict) -> None:
    """After automatically numbered paragraphs were removed, keep the numbers of the rest.

    The units that follow a repealed one keep their official numbers (the
    amending convention): the list continues from the paragraph after the
    removed ones in a new list instance (``w:num``) of the same definition whose
    ``w:lvlOverride/w:startOverride`` values are the numbers that paragraph
    showed, so Word and LibreOffice display what they displayed before; the
    units of a higher level after that run stay in the original instance,
    whose counters never counted the run.
    ``numbered``: element → the number it displayed ('2.4.').
    """
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return
    from ..readers.numbering import Numbering

    styles = Numbering.from_document(document)
    num_of = lambda p: _num_of(p, styles)  # noqa: E731
    body = document.element.body
    paragraphs = list(body.iter(W + "p"))
    gone = {id(e) for e in removed}
    for first in [e for e in paragraphs if id(e) in gone and num_of(e)]:
        num_id, ilvl = num_of(first)
        start = paragraphs.index(first)
        nxt = next((q for q in paragraphs[start + 1:] if id(q) not in gone and num_of(q)
                    and num_of(q)[0] == num_id), None)
        if nxt is None or num_of(nxt)[1] != ilvl or nxt not in numbered:
            continue
        num = next((n for n in numbering.findall(W + "num") if n.get(W + "numId") == num_id), None)
        abstract_id = num.find(W + "abstractNumId").get(W + "val") if num is not None else None
        abstract = next((a for a in numbering.findall(W + "abstractNum")
                         if a.get(W + "abstractNumId") == abstract_id), None)
        if abstract is None:
            continue
        levels = {lvl.get(W + "ilvl"): lvl for lvl in abstract.findall(W + "lvl")}
        lvl = levels.get(ilvl)
        text = lvl.find(W + "lvlText").get(W + "val", "") if lvl is not None else ""
        fmts, pattern = {}, ""
        for piece in re.split(r"(%\d)", text):
            if re.fullmatch(r"%\d", piece):
                k = str(int(piece[1]) - 1)
                fmt_el = levels.get(k).find(W + "numFmt") if levels.get(k) is not None else None
                fmts[k] = fmt_el.get(W + "val", "decimal") if fmt_el is not None else "decimal"
                pattern += _FORMATS.get(fmts[k], r"(\w+)")
            else:
                pattern += re.escape(piece)
        match = re.fullmatch(pattern.strip(), numbered[nxt].strip())
        if not match or not fmts:
            continue
        new_id = str(max(int(n.get(W + "numId")) for n in numbering.findall(W + "num")) + 1)
        new = numbering.makeelement(W + "num", {W + "numId": new_id})
        ref = new.makeelement(W + "abstractNumId", {W + "val": abstract_id})
        new.append(ref)
        for (k, fmt), value in zip(fmts.items(), match.groups()):
            override = new.makeelement(W + "lvlOverride", {W + "ilvl": k})
            override.append(override.makeelement(W + "startOverride",
                                                  {W + "val": str(_value(value, fmt))}))
            new.append(override)
        numbering.append(new)
        # only the run of the repealed unit's later siblings (and what is below them) moves to
        # the new instance; from the next unit of a higher level on, the list goes on as before
        # (removed paragraphs in the run move too, so that a later repeal in the same list
        # finds its neighbours in one list instance)
        for q in paragraphs[paragraphs.index(nxt):]:
            if not num_of(q) or num_of(q)[0] != num_id:
                continue
            if int(num_of(q)[1]) < int(ilvl):
                break
            _set_num(q, new_id, num_of(q)[1])


def _set_row(tr, values: list[str]) -> None:
    cells = [tc for tc in tr.iter(W + "tc")]
    for tc, value in zip(cells, values):
        tcpr = tc.find(W + "tcPr")
        vm = tcpr.find(W + "vMerge") if tcpr is not None else None
        if vm is not None and vm.get(W + "val", "continue") != "restart":
            continue
        paragraphs = tc.findall(W + "p")
        for extra in paragraphs[1:]:
            tc.remove(extra)
        _set_text(paragraphs[0], value)


def edit_docx(source: str | Path, frame: pd.DataFrame, edits, out: str | Path) -> Path:
    """Write ``out``: the .docx ``source`` (parsed as ``frame``) with ``edits`` applied."""
    from ..readers.files import open_docx
    from ..readers.word import located_elements

    document = open_docx(source)
    elements = located_elements(document)
    units = _units(frame)
    rows = _check(frame, edits)
    tree = Tree(frame)

    def paragraphs_of(cid: str) -> list:
        kind, first, last = _span(units[cid]["location"])
        if kind == "t":
            el = elements.get(units[cid]["location"])
            return [el] if el is not None else []
        return [elements[f"p{i}"] for i in range(first, last + 1)
                if f"p{i}" in elements and _text_of(elements[f"p{i}"])]

    def last_element(cid: str):
        tail = [e for c in tree.subtree(cid) for e in paragraphs_of(c)]
        if not tail:
            raise RedraftError(f"không tìm thấy đoạn văn của {cid} trong tệp {Path(source).name}")
        return tail[-1]

    removals, inserts = [], []
    for edit in rows:
        cid, action = edit["clause_id"], edit["action"]
        unit = units[cid]
        own = paragraphs_of(cid)
        if not own:
            raise RedraftError(f"không tìm thấy đoạn văn của {cid} trong tệp {Path(source).name}",
                               hint="Tệp Word và bản đã đọc không khớp; mở lại phiên bản")
        if action == "edit":
            if own[0].tag == W + "tr":
                _set_row(own[0], _cells_of(unit, edit["text"]))
                continue
            new, _ = _content(unit, edit["text"])
            parts = new.split("\n")
            _set_text(own[0], _paragraph_text(unit, own[0], parts[0]))
            for p, part in zip(own[1:], parts[1:]):
                _set_text(p, part)
            anchor = own[min(len(own), len(parts)) - 1]
            for part in parts[len(own):]:
                clone = copy.deepcopy(own[-1] if len(own) > 1 else own[0])
                if len(own) == 1:
                    _numbering_off(clone, document)
                _set_text(clone, part)
                anchor.addnext(clone)
                anchor = clone
            removals.extend(own[len(parts):])
        elif action == "repeal":
            removals.extend(e for c in tree.subtree(cid) for e in paragraphs_of(c))
        elif action == "insert":
            inserts.append((last_element(cid), own[0], unit, edit))
    for anchor, model, unit, edit in reversed(inserts):
        if model.tag == W + "p" and anchor.tag == W + "tr":   # a unit whose last part is a table
            anchor = next(a for a in anchor.iterancestors() if a.tag == W + "tbl")
        clone = copy.deepcopy(model)
        if clone.tag == W + "tr":
            _set_row(clone, _cells_of(unit, edit["text"], stt=edit["number"]))
        else:
            _numbering_off(clone, document)
            parts = normalize(edit["text"]).split("\n")
            _set_text(clone, f"{edit['number']} {parts[0]}")
            extra = []
            for part in parts[1:]:
                cont = copy.deepcopy(clone)
                _set_text(cont, part)
                extra.append(cont)
            for cont in reversed(extra):
                anchor.addnext(cont)
        anchor.addnext(clone)
    numbered = {}
    for unit in units.values():
        el = elements.get(str(unit.get("location", "")).split("-")[0])
        if el is not None and el.tag == W + "p" and unit.get("number") and not _typed_number(el, unit["number"]):
            numbered[el] = unit["number"]
    _keep_numbers(document, removals, numbered)
    for el in removals:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    out = Path(out)
    document.save(str(out))
    return out


# -- Markdown / text -------------------------------------------------------------------

_MARK = re.compile(r"^(?P<lead>\s*(?:#{1,6}\s+|>\s*)?(?:\*\*|__)?)(?P<body>.*?)(?P<trail>(?:\*\*|__)?\s*)$")


def _md_line(raw: str, number: str, new: str) -> str:
    """``raw`` with its text replaced by ``new``, its markup and typed number kept."""
    m = _MARK.match(raw.rstrip("\n"))
    lead, body, trail = m["lead"], m["body"], m["trail"]
    if lead.strip() in ("**", "__") and not trail.strip():
        lead, trail = lead.replace("**", "").replace("__", ""), trail
        body = m["body"]
    number = (number or "").strip()
    prefix = ""
    if number and body.startswith(number):
        rest = body[len(number):]
        prefix = number + (rest[:len(rest) - len(rest.lstrip())] or " ")
    return f"{lead}{prefix}{new}{trail}"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |"


def edit_markdown(source: str | Path, frame: pd.DataFrame, edits, out: str | Path) -> Path:
    """Write ``out``: the .md/.txt ``source`` (parsed as ``frame``) with ``edits`` applied."""
    from ..readers.files import read_text
    from ..readers.plaintext import text_blocks

    text = read_text(source)
    lines = text.splitlines()
    row_line = {b.location: b.meta.get("line") for b in text_blocks(text) if b.kind == "table_row"}
    units = _units(frame)
    rows = _check(frame, edits)
    tree = Tree(frame)

    def lines_of(cid: str) -> list[int]:
        loc = units[cid]["location"]
        kind, first, last = _span(loc)
        if kind == "t":
            return [row_line[loc]] if loc in row_line else []
        return [i for i in range(first, last + 1) if i <= len(lines) and lines[i - 1].strip()]

    gap = "\n" if any(not line.strip() for line in lines) else ""
    replace: dict[int, str | None] = {}
    after: dict[int, list[str]] = {}
    for edit in rows:
        cid, action = edit["clause_id"], edit["action"]
        unit = units[cid]
        own = lines_of(cid)
        if not own:
            raise RedraftError(f"không tìm thấy dòng của {cid} trong tệp {Path(source).name}")
        if action == "edit":
            if unit.get("cells"):
                replace[own[0]] = _md_row(_cells_of(unit, edit["text"]))
                continue
            parts = normalize(edit["text"]).split("\n")
            replace[own[0]] = _md_line(lines[own[0] - 1], unit.get("number", ""), parts[0])
            for i, line_no in enumerate(own[1:], start=1):
                replace[line_no] = parts[i] if i < len(parts) else None
            if len(parts) > len(own):
                after.setdefault(own[-1], []).extend(gap + p for p in parts[len(own):])
        elif action == "repeal":
            for c in tree.subtree(cid):
                for line_no in lines_of(c):
                    replace[line_no] = None
        elif action == "insert":
            last = [n for c in tree.subtree(cid) for n in lines_of(c)][-1]
            if unit.get("cells"):
                after.setdefault(last, []).append(_md_row(_cells_of(unit, edit["text"],
                                                                    stt=edit["number"])))
            else:
                parts = normalize(edit["text"]).split("\n")
                first = _md_line(lines[own[0] - 1], "", f"{edit['number']} {parts[0]}")
                first = re.sub(r"^(\s*(?:\*\*|__)?)", r"\1", first)
                after.setdefault(last, []).extend([gap + first] + [gap + p for p in parts[1:]])
    out_lines: list[str] = []
    skip_blank = False
    for number, line in enumerate(lines, start=1):
        value = replace.get(number, line)
        if value is None:
            skip_blank = True       # the blank line after a removed paragraph goes with it
            for extra in after.get(number, []):     # a unit inserted after a removed line
                out_lines.extend(extra.split("\n") if extra.startswith("\n") else [extra])
            continue
        if skip_blank and not line.strip() and out_lines and not out_lines[-1].strip():
            continue
        skip_blank = False
        out_lines.append(value)
        for extra in after.get(number, []):
            out_lines.extend(extra.split("\n") if extra.startswith("\n") else [extra])
    out = Path(out)
    out.write_text("\n".join(out_lines) + ("\n" if text.endswith("\n") else ""), encoding="utf-8")
    return out
