"""A draft returned with the unit's tracked changes and Word comments → comment rows.

Many units answer by sending the draft itself back, edited with "Track
changes" on (``w:ins``/``w:del``, moves) and with Word comments
(``word/comments.xml``, anchored by ``w:commentRangeStart``/``End``, possibly
across runs and paragraphs). :func:`read_returned_draft`:

1. builds two copies of the document in memory: every revision rejected (the
   draft as the unit received it) and every revision accepted (as the unit
   proposes it). Both keep every paragraph and table row, so a place ("p12",
   "t1.r3") means the same in both; each Word comment leaves a marker at the
   end of the paragraphs where its range starts and ends;
2. parses both into clauses (:func:`consultkit.clauses.parse.parse_clauses`);
3. aligns the received copy with the draft the consultation sent (``clauses``,
   :func:`consultkit.comparison.align.align`), so a clause is named by the
   consultation's id even when the unit's copy is numbered differently;
4. gives one row per changed clause (the text is the word diff, ``[-old-]``
   and ``{+new+}``, and ``proposed`` the clause as the unit would have it) and
   one row per Word comment (its text, the words it is anchored to, and the
   clauses its range covers).

The sender is the unit of the covering letter when the intake finds one beside
the draft (same sub-folder of the inbox); else the file's company
(``docProps/app.xml``, written by Word on saving), the person who saved it
last, the revisions' or comments' author, the file's author — in that order; the
intake matches it to the roster (a person's name stays unmatched, for a
decision). Rows have stable ids, so re-importing adds nothing.
"""

from __future__ import annotations

import io
import re

from ..text import normalize
from .rows import ReadResult, raw_row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REVISIONS = (f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo")
_MARK = re.compile("\ue000([se])(\\d+)\ue001")
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def has_revisions(document) -> bool:
    """True when the body holds tracked changes or Word comment anchors."""
    body = document.element.body
    for tag in (*_REVISIONS, f"{_W}commentRangeStart", f"{_W}commentReference"):
        if next(body.iter(tag), None) is not None:
            return True
    return False


def is_letter(document) -> bool:
    """True when the document is a letter (a "Kính gửi" line near its start), not a draft:
    a letter keeps being read as a letter even with revisions or comments left in it."""
    from ..text import fold

    seen = 0
    for paragraph in document.element.body.iter(f"{_W}p"):
        text = fold("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
        if text.startswith("kinh gui"):
            return True
        seen += 1
        if seen > 60:
            break
    return False


def word_comments(document) -> dict[str, dict]:
    """Word comments by id: author, date, text (paragraphs joined by a line break)."""
    out: dict[str, dict] = {}
    for rel in document.part.rels.values():
        if rel.reltype != _COMMENTS_REL or rel.is_external:
            continue
        from lxml import etree

        root = etree.fromstring(rel.target_part.blob)
        for comment in root.iter(f"{_W}comment"):
            paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t"))
                          for p in comment.iter(f"{_W}p")]
            out[comment.get(f"{_W}id")] = {
                "author": comment.get(f"{_W}author") or "",
                "date": comment.get(f"{_W}date") or "",
                "text": "\n".join(normalize(p) for p in paragraphs if normalize(p)),
            }
    return out


def _paragraph_of(element):
    for ancestor in element.iterancestors(f"{_W}p"):
        return ancestor
    return None


def _add_marker(paragraph, text: str) -> None:
    run = paragraph.makeelement(f"{_W}r", {})
    t = run.makeelement(f"{_W}t", {})
    t.text = text
    run.append(t)
    paragraph.append(run)


def resolve_revisions(body, accept: bool = True) -> None:
    """Accept (or reject) every revision of a ``w:body`` in place, keeping every paragraph and
    table row (emptied when all of it goes), as :func:`read_returned_draft` needs."""
    drop = {f"{_W}del", f"{_W}moveFrom"} if accept else {f"{_W}ins", f"{_W}moveTo"}
    keep = {f"{_W}ins", f"{_W}moveTo"} if accept else {f"{_W}del", f"{_W}moveFrom"}
    # rows inserted/deleted: emptied (kept, so that places stay the same in both copies)
    for trpr_mark in list(body.iter(*drop)):
        parent = trpr_mark.getparent()
        if parent is not None and parent.tag == f"{_W}trPr":
            row = parent.getparent()
            for t in list(row.iter(f"{_W}t", f"{_W}delText")):
                t.text = ""
    for element in list(body.iter(*drop)):
        parent = element.getparent()
        if parent is None or parent.tag in (f"{_W}rPr", f"{_W}trPr", f"{_W}pPr"):
            continue
        if parent.tag == f"{_W}body":               # a block-level wrapper: emptied, kept
            for t in element.iter(f"{_W}t", f"{_W}delText"):
                t.text = ""
            continue
        parent.remove(element)
    # a paragraph whose mark goes with its text: no longer numbered (so it takes no number)
    for paragraph in body.iter(f"{_W}p"):
        rpr = paragraph.find(f"{_W}pPr/{_W}rPr")
        if rpr is not None and any(rpr.find(tag) is not None for tag in drop) and not "".join(
                t.text or "" for t in paragraph.iter(f"{_W}t") if not any(
                    a.tag in drop for a in t.iterancestors())).strip():
            numpr = paragraph.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                numpr.getparent().remove(numpr)
    for element in list(body.iter(*keep)):
        parent = element.getparent()
        if parent is None or parent.tag in (f"{_W}rPr", f"{_W}trPr", f"{_W}pPr"):
            continue
        for deleted in element.iter(f"{_W}delText"):
            deleted.tag = f"{_W}t"
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)


def _variant(document, accept: bool) -> bytes:
    """The document with every revision accepted (or rejected), comment markers added."""
    import docx

    buffer = io.BytesIO()
    document.save(buffer)
    doc = docx.Document(io.BytesIO(buffer.getvalue()))
    body = doc.element.body
    # comment anchors: a marker at the end of the start and end paragraphs
    for tag, kind in ((f"{_W}commentRangeStart", "s"), (f"{_W}commentRangeEnd", "e")):
        for anchor in list(body.iter(tag)):
            paragraph = anchor if anchor.getparent().tag == f"{_W}body" else _paragraph_of(anchor)
            if paragraph is not None and paragraph.tag == f"{_W}p":
                _add_marker(paragraph, f" \ue000{kind}{anchor.get(f'{_W}id')}\ue001")
    for reference in list(body.iter(f"{_W}commentReference")):
        comment_id = reference.get(f"{_W}id")
        paragraph = _paragraph_of(reference)
        if paragraph is not None and not any(f"\ue000s{comment_id}\ue001" in (t.text or "")
                                             for t in body.iter(f"{_W}t")):
            _add_marker(paragraph, f" \ue000s{comment_id}\ue001 \ue000e{comment_id}\ue001")
    resolve_revisions(body, accept)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _clauses(data: bytes):
    from ..clauses.parse import parse_clauses

    stream = io.BytesIO(data)
    stream.name = "returned.docx"
    frame = parse_clauses(stream)
    marks: dict[str, dict[str, int]] = {}
    for row in frame.itertuples():
        for kind, number in _MARK.findall(f"{row.heading} {row.text}"):
            marks.setdefault(number, {})[kind] = row.order
    for column in ("heading", "text"):
        frame[column] = [normalize(_MARK.sub("", v)) for v in frame[column]]
    return frame, marks


def _consultation_ids(received, clauses) -> dict[str, str]:
    """Clause id in the unit's copy → the consultation draft's id (by the clause comparison)."""
    if clauses is None or not len(clauses):
        return {cid: cid for cid in received["clause_id"]}
    from ..comparison.align import align

    out = {}
    for link in align(received, clauses):
        if link.old is not None and link.new is not None:
            out[link.old.id] = link.new.id
    return out


def render_diff(ops) -> str:
    """A word diff as text: unchanged words as they are, ``[-deleted-]``, ``{+inserted+}``."""
    parts = []
    for op, text in ops:
        if op == 0:
            parts.append(text)
        elif text.strip():
            core = text.strip()
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            parts.append(lead + (f"[-{core}-]" if op < 0 else f"{{+{core}+}}") + trail)
    return normalize("".join(parts))


def _sender(document) -> str:
    from lxml import etree

    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties") and not rel.is_external:
            try:
                node = etree.fromstring(rel.target_part.blob).find(
                    "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company")
            except etree.XMLSyntaxError:
                node = None
            if node is not None and normalize(node.text or ""):
                return normalize(node.text)
    props = document.core_properties
    candidates = [props.last_modified_by]
    candidates += [e.get(f"{_W}author") for e in document.element.body.iter(*_REVISIONS)]
    candidates += [c["author"] for c in word_comments(document).values()]
    candidates.append(props.author)
    for value in candidates:
        if normalize(value or "") and normalize(value) != "python-docx":
            return normalize(value)
    return ""


def read_returned_draft(document, *, name: str, channel: str = "post", clauses=None,
                        sender: str | None = None) -> ReadResult:
    """Comment rows from a draft returned with tracked changes and Word comments."""
    import datetime as dt
    from pathlib import Path

    from ..comparison.worddiff import word_diff

    received_data = _variant(document, accept=False)
    proposed_data = _variant(document, accept=True)
    received, marks = _clauses(received_data)
    proposed, _ = _clauses(proposed_data)
    ids = _consultation_ids(received, clauses)
    by_place = {loc: row for row in proposed.itertuples() for loc in [row.location]}
    unit = sender or _sender(document)
    origin = Path(name).name
    result = ReadResult()
    day = None
    comments = word_comments(document)
    stamps = [e.get(f"{_W}date") or "" for e in document.element.body.iter(*_REVISIONS)]
    for stamp in stamps + [c["date"] for c in comments.values()]:
        try:
            when = dt.date.fromisoformat(stamp[:10]) if stamp else None
        except ValueError:
            when = None
        day = max(day, when) if day and when else (when or day)   # the latest change
    for row in received.itertuples():
        other = by_place.get(row.location)
        old = normalize(f"{row.heading} {row.text}" if row.heading and row.heading not in row.text
                        else row.text)
        new = (normalize(f"{other.heading} {other.text}" if other.heading and other.heading
                         not in other.text else other.text) if other is not None else "")
        if other is None or old == new or row.clause_id.startswith("_"):
            continue
        clause_id = ids.get(row.clause_id, row.clause_id)
        text = "Đề xuất sửa: " + render_diff(word_diff(old, new)) if new else \
            f"Đề xuất bỏ: [-{old}-]"
        result.rows.append(raw_row(unit_raw=unit, received=day, channel=channel, text=text,
                                   refs_raw=clause_id, source=f"{name}#{row.location}",
                                   origin=origin, proposed=new))
        result.rows[-1]["clause_ids"] = (clause_id,)
        result.rows[-1]["returned_draft"] = True
    places = set(received["location"])
    for row in proposed.itertuples():
        if row.location in places or row.clause_id.startswith("_") or not row.text.strip():
            continue                               # a paragraph the unit inserted
        parent = ids.get(row.parent_id, row.parent_id)
        new = normalize(f"{row.number} {row.text}")
        result.rows.append(raw_row(unit_raw=unit, received=day, channel=channel,
                                   text=f"Đề xuất bổ sung: {{+{new}+}}", refs_raw=parent,
                                   source=f"{name}#{row.location}", origin=origin, proposed=new))
        result.rows[-1]["clause_ids"] = (parent,) if parent else ()
        result.rows[-1]["returned_draft"] = True
    order_to_id = {row.order: ids.get(row.clause_id, row.clause_id)
                   for row in received.itertuples() if not row.clause_id.startswith("_")}
    for number, info in comments.items():
        place = marks.get(number, {})
        start = place.get("s", place.get("e"))
        end = place.get("e", start)
        covered = [cid for order, cid in sorted(order_to_id.items())
                   if start is not None and start <= order <= end]
        if start is not None and not covered:      # anchored in a heading or non-clause block
            covered = [cid for order, cid in sorted(order_to_id.items()) if order <= start][-1:]
        anchored = _anchored_text(document, number)
        text = info["text"] or "(ghi chú trống)"
        if anchored:
            text = f"Về đoạn “{anchored}”: {text}"
        result.rows.append(raw_row(unit_raw=unit, received=day, channel=channel,
                                   text=text, refs_raw="; ".join(dict.fromkeys(covered)),
                                   source=f"{name}#comment{number}", origin=origin,
                                   notes=f"ghi chú Word của {info['author']}" if info["author"]
                                   else ""))
        result.rows[-1]["clause_ids"] = tuple(dict.fromkeys(covered))
        result.rows[-1]["returned_draft"] = True
    return result


def _anchored_text(document, number: str) -> str:
    """The text between a comment's range start and end (across runs and paragraphs)."""
    body = document.element.body
    inside = False
    parts: list[str] = []
    for element in body.iter():
        tag = element.tag
        if tag == f"{_W}commentRangeStart" and element.get(f"{_W}id") == number:
            inside = True
        elif tag == f"{_W}commentRangeEnd" and element.get(f"{_W}id") == number:
            break
        elif inside and tag == f"{_W}t":
            parts.append(element.text or "")
        elif inside and tag == f"{_W}p" and parts:
            parts.append(" ")
    text = normalize("".join(parts))
    return text if len(text) <= 160 else text[:157] + "…"
