"""XML helpers under the revision marks of :mod:`.tracked_runs`: what a run's or a
paragraph's formatting is (:func:`rpr_key`, :func:`ppr_key`, :class:`NumberFormats`), the
elements a mark needs (``w:pPr``, the paragraph mark's ``w:rPr``, ``w:trPr``), a
paragraph's runs with their text offsets and a run split at given offsets, and old
content made safe to copy into the new file.

Copies of old content lose what would point into the old file's parts (images,
hyperlink targets, comments, footnotes, bookmarks): their text is kept.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .tracked_leaves import R, W, run_pieces, runs


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_PPR, _RPR, _TRPR = W + "pPr", W + "rPr", W + "trPr"
#: run properties that are not formatting (proofing language, spell-check marks)
_RPR_IGNORED = {W + "lang", W + "noProof", W + "rPrChange", W + "webHidden", W + "ins", W + "del"}
_PPR_IGNORED = {_RPR, W + "sectPr", W + "pPrChange", W + "numPr"}
#: run children that point into parts of the old file, dropped from copies
_POINTERS = {W + "drawing", W + "pict", W + "object", W + "commentReference",
             W + "footnoteReference", W + "endnoteReference",
             "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_DROPPED = {W + "bookmarkStart", W + "bookmarkEnd", W + "commentRangeStart", W + "commentRangeEnd",
            W + "permStart", W + "permEnd", W + "del", W + "moveFrom", W + "rPrChange",
            W + "pPrChange", W + "moveFromRangeStart", W + "moveFromRangeEnd",
            W + "moveToRangeStart", W + "moveToRangeEnd"} | _POINTERS


def _canon(el) -> tuple:
    return (el.tag, tuple(sorted(el.attrib.items())), tuple(_canon(c) for c in el))


def rpr_key(rpr) -> tuple:
    """What a run's formatting is, for comparing two runs."""
    if rpr is None:
        return ()
    return tuple(_canon(c) for c in rpr if c.tag not in _RPR_IGNORED)


class NumberFormats:
    """``(numFmt, lvlText)`` of a numbering level, to tell whether two files number a
    paragraph the same way (their ``numId`` values need not agree)."""

    def __init__(self, root):
        """``root``: the numbering part's root element (``w:numbering``), or None."""
        self.nums: dict[str, dict[str, tuple]] = {}
        if root is None:
            return
        abstract = {}
        for a in root.findall(W + "abstractNum"):
            abstract[a.get(W + "abstractNumId")] = self._levels(a)
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            levels = dict(abstract.get(ref.get(W + "val") if ref is not None else None, {}))
            for override in num.findall(W + "lvlOverride"):
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels.update(self._levels(override))
            self.nums[num.get(W + "numId")] = levels

    @staticmethod
    def _levels(parent) -> dict[str, tuple]:
        out = {}
        for lvl in parent.findall(W + "lvl"):
            fmt, text = lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
            out[lvl.get(W + "ilvl")] = (fmt.get(W + "val") if fmt is not None else None,
                                        text.get(W + "val") if text is not None else None)
        return out

    def key(self, ppr) -> tuple:
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is None:
            return ()
        num_id, ilvl = numpr.find(W + "numId"), numpr.find(W + "ilvl")
        num_id = num_id.get(W + "val") if num_id is not None else None
        ilvl = ilvl.get(W + "val") if ilvl is not None else "0"
        if num_id == "0":
            return ("off",)
        return (ilvl, self.nums.get(num_id, {}).get(ilvl))


def ppr_key(ppr, numbers: NumberFormats) -> tuple:
    if ppr is None:
        return ((), ())
    return (tuple(_canon(c) for c in ppr if c.tag not in _PPR_IGNORED), numbers.key(ppr))


def _el(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _ensure_ppr(p):
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    return ppr


def _ensure_mark_rpr(p):
    """The paragraph mark's run properties (``w:pPr/w:rPr``), created in schema order."""
    ppr = _ensure_ppr(p)
    rpr = ppr.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        later = [c for c in ppr if c.tag in (W + "sectPr", W + "pPrChange")]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr


def _ensure_trpr(tr):
    trpr = tr.find(_TRPR)
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        before = tr.find(W + "tblPrEx")
        if before is not None:
            before.addnext(trpr)
        else:
            tr.insert(0, trpr)
    return trpr


def _spans(p) -> list[tuple[object, int, int]]:
    """``(run, start, end)`` for each run of a paragraph, offsets in its text."""
    out, pos = [], 0
    for r in runs(p):
        n = sum(len(t) for _, t in run_pieces(r))
        out.append((r, pos, pos + n))
        pos += n
    return out


def _split_run(run, cuts: list[int], start: int) -> list[tuple[object, int, int]]:
    """Split ``run`` (whose text starts at ``start``) at the absolute offsets ``cuts``;
    each piece is a new run with a copy of the run's properties. Returns the pieces."""
    rpr = run.find(_RPR)
    texts = dict(run_pieces(run))
    pieces: list[tuple[object, int, int]] = []
    current, cur_start, offset, ci = None, start, start, 0

    def close():
        nonlocal current
        if current is not None and len(current) > (1 if rpr is not None else 0):
            pieces.append((current, cur_start, offset))
        current = None

    def open_():
        nonlocal current, cur_start
        current = run.makeelement(R, dict(run.attrib))
        if rpr is not None:
            current.append(deepcopy(rpr))
        cur_start = offset

    open_()
    for child in list(run):
        if child is rpr:
            continue
        while ci < len(cuts) and cuts[ci] <= offset:
            if cuts[ci] == offset and cuts[ci] > cur_start:
                close()
                open_()
            ci += 1
        text = texts.get(child)
        if child.tag == W + "t" and text:
            local = 0
            while ci < len(cuts) and cuts[ci] < offset + len(text) - local:
                cut = cuts[ci] - offset
                t = deepcopy(child)
                t.text = text[local:local + cut]
                t.set(_XML_SPACE, "preserve")
                current.append(t)
                offset += cut
                local += cut
                close()
                open_()
                ci += 1
            t = deepcopy(child)
            t.text = text[local:]
            t.set(_XML_SPACE, "preserve")
            current.append(t)
            offset += len(text) - local
        else:
            current.append(deepcopy(child))
            offset += len(text or "")
    close()
    return pieces


def _to_deleted_text(run) -> None:
    for child in run:
        if child.tag == W + "t":
            child.tag = W + "delText"
        elif child.tag == W + "instrText":
            child.tag = W + "delInstrText"


def _sanitize(el) -> None:
    """Make a copy of old content safe in the new file (see the module docstring)."""
    for child in list(el.iter()):
        if not isinstance(child.tag, str):
            continue
        if child.tag in _DROPPED:
            parent = child.getparent()
            if parent is not None:
                parent.remove(child)
    for child in list(el.iter(W + "ins", W + "moveTo", W + "hyperlink")):
        parent = child.getparent()
        if parent is None or (child.tag == W + "ins" and parent.tag == _RPR):
            if parent is not None:
                parent.remove(child)
            continue
        for sub in list(child):
            child.addprevious(sub)
        parent.remove(child)
    for child in el.iter():
        if not isinstance(child.tag, str):
            continue
        for attr in list(child.attrib):
            if attr.startswith(_REL) or attr.startswith(_W14):
                del child.attrib[attr]
    for sect in list(el.iter(W + "sectPr")):
        sect.getparent().remove(sect)
