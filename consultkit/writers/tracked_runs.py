"""Revision marks written into a Word file's own runs (used by :mod:`.tracked_docx`).

:class:`Marks` knows the author, the date and the next revision id, and edits the XML
of the *new* document in place:

* :meth:`Marks.pair` — a paragraph of the new file paired with one of the old file:
  the word diff of their texts (:func:`consultkit.comparison.worddiff.word_diff`) is
  written into the new paragraph's runs: runs are split at the diff's boundaries (each
  piece keeps a copy of its run's ``w:rPr``), inserted pieces go into ``w:ins``, and the
  old words are ``w:del`` runs (text in ``w:delText``) carrying the old run's ``w:rPr``,
  in their place. Where the words are the same but the run formatting differs, the new
  run gets ``w:rPrChange`` with the old properties; where the paragraph properties differ
  (style, indents, spacing, alignment, numbering level or format), ``w:pPrChange``.
* :meth:`Marks.inserted` / :meth:`Marks.deleted_copy` — a whole paragraph inserted
  (runs in ``w:ins``, paragraph mark ``w:pPr/w:rPr/w:ins``) or deleted (a copy of the
  old paragraph, runs in ``w:del``, paragraph mark ``w:pPr/w:rPr/w:del``); table rows
  likewise with ``w:trPr/w:ins`` / ``w:trPr/w:del``.

Copies of old content lose what would point into the old file's parts (images,
hyperlink targets, comments, footnotes, bookmarks): their text is kept.

The XML helpers (formatting keys, numbering formats, run splitting, sanitizing copies)
are in :mod:`.tracked_runxml`.
"""

from __future__ import annotations

from bisect import bisect_right
from copy import deepcopy

from docx.oxml import OxmlElement
from lxml import etree

from ..comparison import worddiff as wd
from .tracked_leaves import W, cell_paragraphs, cells_of, run_pieces, runs
from .tracked_runxml import (
    _PPR, _RPR, _RPR_IGNORED, _XML_SPACE, NumberFormats, _ensure_mark_rpr, _ensure_ppr,
    _ensure_trpr, _el, _sanitize, _spans, _split_run, _to_deleted_text, ppr_key, rpr_key,
)


class Marks:
    """Writes revisions by ``author`` at ``date`` (ISO, ``Z``) with ids from ``next_id``."""

    def __init__(self, author: str, date: str, next_id: int, old_numbers: NumberFormats,
                 new_numbers: NumberFormats):
        self.author, self.date, self.next_id = author, date, next_id
        self.old_numbers, self.new_numbers = old_numbers, new_numbers

    def mark(self, tag: str):
        el = _el(tag, id=str(self.next_id), author=self.author, date=self.date)
        self.next_id += 1
        return el

    def _wrap(self, run, tag: str) -> None:
        if run.getparent().tag in (W + "ins", W + "del"):
            return
        wrapper = self.mark(tag)
        run.addprevious(wrapper)
        wrapper.append(run)

    def _mark_paragraph(self, p, tag: str) -> None:
        rpr = _ensure_mark_rpr(p)
        for old in rpr.findall(W + "ins") + rpr.findall(W + "del"):
            rpr.remove(old)
        rpr.insert(0, self.mark(tag))

    # ------------------------------------------------------------ whole paragraphs and rows
    def inserted(self, p, *, mark: bool = True) -> None:
        """Mark a paragraph of the new file as inserted: its runs, and its paragraph mark
        unless ``mark`` is False (see :meth:`inserted_after`)."""
        for r in list(runs(p)):
            self._wrap(r, "w:ins")
        if mark:
            self._mark_paragraph(p, "w:ins")

    def inserted_after(self, old_anchor, anchor, inserted: list) -> None:
        """Paragraphs inserted right after a paired paragraph ``anchor``, marked as Word
        does when Enter is pressed at its end: the marks of ``anchor`` and of all but the
        last inserted paragraph are inserted, the last one keeps its mark, with the
        anchor's old properties as its ``w:pPrChange``. Rejecting joins them back into
        the anchor; LibreOffice reads this form right where a changed end of the anchor
        meets an inserted paragraph."""
        for p in [anchor] + inserted[:-1]:
            self._mark_paragraph(p, "w:ins")
        last = inserted[-1]
        self._ppr_change(old_anchor.find(_PPR), _ensure_ppr(last), self.old_numbers)

    def _delete_runs(self, p) -> None:
        for r in list(runs(p)):
            _to_deleted_text(r)
            self._wrap(r, "w:del")

    def deleted_copy(self, old_p):
        """A copy of an old paragraph, deleted (runs and paragraph mark)."""
        p = deepcopy(old_p)
        _sanitize(p)
        self._delete_runs(p)
        self._mark_paragraph(p, "w:del")
        return p

    def inserted_row(self, tr) -> None:
        _ensure_trpr(tr).append(self.mark("w:ins"))
        for tc in cells_of(tr):  # runs and paragraph marks too, or LibreOffice keeps the row
            for p in cell_paragraphs(tc):
                self.inserted(p)

    def deleted_row_copy(self, old_tr):
        tr = deepcopy(old_tr)
        _sanitize(tr)
        _ensure_trpr(tr).append(self.mark("w:del"))
        for tc in cells_of(tr):
            for p in cell_paragraphs(tc):
                self._delete_runs(p)
                self._mark_paragraph(p, "w:del")
        return tr

    def keep_last_mark(self, last_copy, kept_p) -> None:
        """The trailing-deletion case: ``kept_p`` (the container's last paragraph that
        stays) gets a deleted mark and the last deleted copy after it keeps its mark,
        with ``kept_p``'s paragraph properties (the old ones as a ``w:pPrChange``)."""
        old_ppr = last_copy.find(_PPR)
        new_ppr = deepcopy(kept_p.find(_PPR)) if kept_p.find(_PPR) is not None else OxmlElement("w:pPr")
        for tag in (W + "pPrChange", W + "sectPr"):
            for el in new_ppr.findall(tag):
                new_ppr.remove(el)
        mark_rpr = new_ppr.find(_RPR)
        if mark_rpr is not None:
            for el in mark_rpr.findall(W + "ins") + mark_rpr.findall(W + "del"):
                mark_rpr.remove(el)
        if old_ppr is not None:
            last_copy.remove(old_ppr)
        last_copy.insert(0, new_ppr)
        self._ppr_change(old_ppr, new_ppr, self.old_numbers)
        self._mark_paragraph(kept_p, "w:del")

    def take_properties(self, p, target_ppr, old_ppr, numbers: NumberFormats) -> None:
        """Give ``p`` (a paragraph whose mark goes when the revisions are accepted or
        rejected) the properties ``target_ppr`` of the paragraph it then joins, its own
        ``old_ppr`` kept as its ``w:pPrChange``. LibreOffice keeps the first paragraph's
        properties when it joins two, Word the second's: so both show the right ones."""
        if target_ppr is None or ppr_key(old_ppr, numbers) == ppr_key(target_ppr, self.new_numbers):
            return
        own = p.find(_PPR)
        mark_rpr = own.find(_RPR) if own is not None else None
        ppr = deepcopy(target_ppr)
        for el in list(ppr):
            if el.tag in (_RPR, W + "sectPr", W + "pPrChange"):
                ppr.remove(el)
        if mark_rpr is not None:
            ppr.append(mark_rpr)
        if own is not None:
            p.remove(own)
        p.insert(0, ppr)
        self._ppr_change(old_ppr, ppr, numbers)

    def share_mark(self, copy, p, old_ppr) -> None:
        """Move the content of ``copy`` (a deleted paragraph just placed) to the front of
        the inserted paragraph ``p``, whose mark then stays in both versions with
        ``copy``'s old properties as its ``w:pPrChange``; ``copy`` goes."""
        ppr = _ensure_ppr(p)
        at = ppr
        for child in list(copy):
            if child.tag != _PPR:
                at.addnext(child)
                at = child
        mark_rpr = ppr.find(_RPR)
        if mark_rpr is not None:
            for el in mark_rpr.findall(W + "ins") + mark_rpr.findall(W + "del"):
                mark_rpr.remove(el)
        self._ppr_change(old_ppr if old_ppr is not None else copy.find(_PPR), ppr, self.old_numbers)
        copy.getparent().remove(copy)

    def record_old(self, p, old_ppr) -> None:
        """``p`` (of the new file) shows ``old_ppr`` (old file's properties) when the
        revisions are rejected."""
        self._ppr_change(old_ppr, _ensure_ppr(p), self.old_numbers)

    # ------------------------------------------------------------ paired paragraphs
    def _ppr_change(self, old_ppr, new_ppr, old_numbers) -> None:
        if ppr_key(old_ppr, old_numbers) == ppr_key(new_ppr, self.new_numbers):
            return
        change = self.mark("w:pPrChange")
        record = OxmlElement("w:pPr")
        for child in (old_ppr if old_ppr is not None else ()):
            if child.tag not in (_RPR, W + "sectPr", W + "pPrChange"):
                record.append(deepcopy(child))
        change.append(record)
        new_ppr.append(change)

    def pair(self, old_p, new_p) -> None:
        """Write the differences between an old and a new paragraph into the new one."""
        if etree.tostring(old_p) == etree.tostring(new_p):  # the same paragraph: nothing to mark
            return
        old_spans, new_spans = _spans(old_p), _spans(new_p)
        old_text = "".join(t for r, _, _ in old_spans for _, t in run_pieces(r))
        new_text = "".join(t for r, _, _ in new_spans for _, t in run_pieces(r))
        ppr = new_p.find(_PPR)
        if ppr_key(old_p.find(_PPR), self.old_numbers) != ppr_key(ppr, self.new_numbers):
            self._ppr_change(old_p.find(_PPR), _ensure_ppr(new_p), self.old_numbers)
        if old_text == new_text and [(b - a, rpr_key(r.find(_RPR))) for r, a, b in old_spans if b > a] \
                == [(b - a, rpr_key(r.find(_RPR))) for r, a, b in new_spans if b > a]:
            return
        ops = wd.word_diff(old_text, new_text) if old_text != new_text else [(wd.EQUAL, new_text)]
        self._apply(new_p, old_spans, new_spans, ops)

    def _apply(self, new_p, old_spans, new_spans, ops) -> None:
        old_starts = [a for _, a, _ in old_spans]
        new_starts = [a for _, a, _ in new_spans]
        states: list[tuple[int, int, str, object]] = []  # (start, end, "ins"|"fmt", old rPr)
        deletions: list[tuple[int, int, int]] = []        # (new pos, old start, old end)
        npos = opos = 0
        for op, text in ops:
            n = len(text)
            if op == wd.INSERT:
                states.append((npos, npos + n, "ins", None))
                npos += n
            elif op == wd.DELETE:
                deletions.append((npos, opos, opos + n))
                opos += n
            else:
                # formatting changes inside equal text: cut where old and new runs differ
                a = npos
                while a < npos + n:
                    k_old = bisect_right(old_starts, opos + (a - npos)) - 1
                    k_new = bisect_right(new_starts, a) - 1
                    o_run, _, o_end = old_spans[k_old]
                    n_run, _, n_end = new_spans[k_new]
                    b = min(npos + n, n_end, npos + (o_end - opos))
                    if b <= a:  # an empty run at this offset: skip it
                        b = a + 1
                    if rpr_key(o_run.find(_RPR)) != rpr_key(n_run.find(_RPR)):
                        states.append((a, b, "fmt", o_run.find(_RPR)))
                    a = b
                npos += n
                opos += n
        cuts = sorted({x for s in states for x in s[:2]} | {d[0] for d in deletions})
        pieces: list[tuple[object, int, int]] = []
        for run, start, end in new_spans:
            inner = [c for c in cuts if start < c < end]
            if inner:
                parts = _split_run(run, inner, start)
                for part, _, _ in parts:
                    run.addprevious(part)
                run.getparent().remove(run)
                pieces += parts
            else:
                pieces.append((run, start, end))
        state_starts = [s[0] for s in states]
        for run, start, end in pieces:
            k = bisect_right(state_starts, start) - 1
            if k < 0 or not states[k][0] <= start < states[k][1] or end <= start:
                continue
            kind, old_rpr = states[k][2], states[k][3]
            if kind == "ins":
                self._wrap(run, "w:ins")
            else:
                self._rpr_change(run, old_rpr)
        for pos, a, b in deletions:
            deleted = self.mark("w:del")
            for run in self._old_runs(old_spans, a, b):
                deleted.append(run)
            anchor = next((r for r, s, e in pieces if s >= pos and (e > s or s > pos)), None)
            if anchor is not None:
                if anchor.getparent().tag in (W + "ins", W + "del"):
                    anchor = anchor.getparent()
                anchor.addprevious(deleted)
            elif pieces:
                last = pieces[-1][0]
                if last.getparent().tag in (W + "ins", W + "del"):
                    last = last.getparent()
                last.addnext(deleted)
            else:
                new_p.append(deleted)

    def _rpr_change(self, run, old_rpr) -> None:
        rpr = run.find(_RPR)
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        change = self.mark("w:rPrChange")
        record = OxmlElement("w:rPr")
        for child in (old_rpr if old_rpr is not None else ()):
            if child.tag not in _RPR_IGNORED:
                record.append(deepcopy(child))
        change.append(record)
        rpr.append(change)

    @staticmethod
    def _old_runs(old_spans, a: int, b: int) -> list:
        """Deleted runs for the old text ``[a, b)``, each with its old run's properties."""
        out = []
        for run, start, end in old_spans:
            lo, hi = max(a, start), min(b, end)
            if lo >= hi:
                continue
            text = "".join(t for _, t in run_pieces(run))[lo - start:hi - start]
            r = OxmlElement("w:r")
            rpr = run.find(_RPR)
            if rpr is not None:
                copy = deepcopy(rpr)
                for child in list(copy):
                    if child.tag in (W + "rPrChange", W + "ins", W + "del"):
                        copy.remove(child)
                r.append(copy)
            chunk = []
            for ch in text + "\0":
                if ch in "\t\n\0":
                    if chunk:
                        t = OxmlElement("w:delText")
                        t.set(_XML_SPACE, "preserve")
                        t.text = "".join(chunk)
                        r.append(t)
                        chunk = []
                    if ch == "\t":
                        r.append(OxmlElement("w:tab"))
                    elif ch == "\n":
                        r.append(OxmlElement("w:br"))
                else:
                    chunk.append(ch)
            out.append(r)
        return out


__all__ = ["Marks", "NumberFormats", "rpr_key", "ppr_key"]
