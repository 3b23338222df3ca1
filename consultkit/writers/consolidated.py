"""The consolidated document (văn bản hợp nhất) as .docx, .html or .md.

:func:`write_consolidated` writes a :func:`~consultkit.consolidation.consolidate` result
in the Nghị định 30/2020 house style (:mod:`consultkit.writers.style`): the base's title,
"(VĂN BẢN HỢP NHẤT)", the opening naming the base and its amending documents, the text
with chapters and sections centred and bold, article headings bold, body justified with
a first-line indent, criteria tables as tables, repealed units as their number followed
by "(được bãi bỏ)", and one real Word footnote per change (:mod:`.footnotes`). The layout
is :func:`consultkit.consolidation.render.layout`, shared with the HTML and Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..consolidation.render import layout, opening_lines, title_of, title_parts, to_html, to_markdown
from . import style
from .footnotes import Footnotes

__all__ = ["write_consolidated", "consolidated_docx"]


def consolidated_docx(frame: pd.DataFrame):
    """The consolidated document as a python-docx Document (footnotes attached)."""
    doc = style.new_document()
    notes = Footnotes(size_pt=12)
    kind, subject = title_parts(frame)
    style.add_title(doc, kind, subject or None, note="(VĂN BẢN HỢP NHẤT)")
    for line in opening_lines(frame):
        style.add_body_paragraph(doc, line, italic=True)
    pieces, texts = layout(frame)
    queue = iter(texts)
    for piece in pieces:
        if piece.kind == "table":
            if not piece.rows:
                continue
            header, rows = piece.rows[0], piece.rows[1:]
            width = max(len(r) for r in piece.rows)
            header = list(header) + [""] * (width - len(header))
            rows = [list(r) + [""] * (width - len(r)) for r in rows]
            widths = [15] + [int(150 / max(width - 1, 1))] * (width - 1)
            table = style.add_table(doc, header, rows, widths)
            for k, numbers in enumerate(piece.row_notes[1:], 1):
                for _ in numbers:
                    cell = table.rows[k].cells[0]
                    notes.reference(cell.paragraphs[-1], next(queue))
            continue
        if piece.kind == "centred":
            paragraph = style.add_paragraph(doc, piece.bold_prefix, bold=True, align="center",
                                            before=12, keep_next=True)
            if piece.text:
                style.add_paragraph(doc, piece.text, bold=not piece.repealed, align="center",
                                    keep_next=True)
        elif piece.kind == "heading":
            paragraph = style.add_body_paragraph(doc, "", indent=True)
            style.add_run(paragraph, piece.bold_prefix, bold=True)
            if piece.text:
                style.add_run(paragraph, " " + piece.text)
            paragraph.paragraph_format.keep_with_next = not piece.repealed
        else:
            paragraph = style.add_body_paragraph(doc, "")
            if piece.bold_prefix:
                style.add_run(paragraph, piece.bold_prefix + " ")
            style.add_run(paragraph, piece.text)
        for _ in piece.notes:
            notes.reference(paragraph, next(queue))
    notes.attach(doc)
    return doc


def write_consolidated(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the consolidated document; the format follows the suffix (.docx, .html, .md)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return style.save_document(consolidated_docx(frame), path, what="the consolidated text")
    if suffix in (".html", ".htm"):
        body = to_html(frame)
        text = (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
                f"<title>{title_of(frame)}</title></head><body>\n{body}\n</body></html>\n")
    elif suffix in (".md", ".markdown", ".txt"):
        text = to_markdown(frame)
    else:
        from ..errors import ExportError
        raise ExportError(f"không ghi được định dạng “{suffix or path.name}”", path=path,
                          hint="Chọn tệp .docx, .html hoặc .md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
