"""A reply file of any kind → raw comment rows, each saying how its text was read.

:func:`read_reply` is what the intake calls for letters. By extension:

====================  =================================================================
``.docx``             legacy-font runs converted (:mod:`.legacy_fonts`); a returned draft
                      (tracked changes or Word comments on the draft's clauses) read by
                      :mod:`.returned`; else the letter reader
                      (:func:`consultkit.readers.letters.letter_from_blocks`)
``.doc .rtf .odt``    converted to .docx by LibreOffice (:mod:`.convert`), then as .docx
``.pdf``              the text layer (:mod:`.pdf`); a scan without one is recognised by
                      OCR (:mod:`.ocr`) and read by the same letter reader
``.png .jpg .tif``    OCR, then the letter reader
====================  =================================================================

Every row carries ``source_kind`` (``digital``/``ocr``), ``confidence``,
``doubtful`` words and ``notes`` (what was converted or corrected).
"""

from __future__ import annotations

import io
from pathlib import Path

from .files import Source, open_docx, read_bytes, source_name
from .rows import ReadResult

DOCX = (".docx",)
CONVERTED = (".doc", ".rtf", ".odt")
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
PDF = (".pdf",)
READABLE = DOCX + CONVERTED + PDF + IMAGES

#: confidence given to text that still looks like an unconverted legacy encoding
LEGACY_CONFIDENCE = 30.0


def read_reply(source: Source, *, name: str | None = None, channel: str = "post",
               clauses=None, roster=None, dates: tuple | None = None) -> ReadResult:
    """Read one reply file (see the module docstring); errors are ConsultkitErrors.

    ``roster``, ``clauses`` and ``dates`` (the window a reply can be dated in) are what
    OCR readings are checked against."""
    name = name or source_name(source)
    suffix = Path(str(name)).suffix.lower()
    if suffix in CONVERTED:
        from .convert import convert_to_docx

        data = convert_to_docx(source, name=name)
        return read_docx_reply(io.BytesIO(data), name=name, channel=channel, clauses=clauses,
                               notes=[f"chuyển từ {suffix} sang .docx bằng LibreOffice"])
    if suffix in PDF or suffix in IMAGES:
        from .ocr import read_scanned_reply
        from .pdf import SCANNED

        if suffix in PDF:
            from ..errors import ParseError
            from .letters import read_letter_comments

            data = read_bytes(source)
            try:
                return read_letter_comments(io.BytesIO(data), name=name, channel=channel)
            except ParseError as exc:
                if exc.message != SCANNED:
                    raise
            source = io.BytesIO(data)
        return read_scanned_reply(source, name=name, channel=channel, roster=roster,
                                  clauses=clauses, dates=dates)
    return read_docx_reply(source, name=name, channel=channel, clauses=clauses)


def read_docx_reply(source: Source, *, name: str, channel: str = "post", clauses=None,
                    notes: list[str] | None = None) -> ReadResult:
    """A .docx reply: legacy fonts converted, then a returned draft or a letter."""
    from .legacy_fonts import convert_document, legacy_words, looks_legacy
    from .letters import docx_blocks, letter_comments, letter_from_blocks

    document = open_docx(source)
    report = convert_document(document)
    notes = list(notes or []) + report.messages()
    from .returned import (has_revisions, is_letter, read_returned_draft, resolve_revisions,
                           word_comments)

    if has_revisions(document) and not is_letter(document):
        result = read_returned_draft(document, name=name, channel=channel, clauses=clauses)
    else:
        if has_revisions(document):       # a letter with changes or comments left in it
            notes.append("công văn còn theo dõi thay đổi: đã đọc bản chấp nhận mọi thay đổi")
            notes += [f"ghi chú Word của {c['author'] or 'người soạn'}: “{c['text']}”"
                      for c in word_comments(document).values() if c["text"]]
            resolve_revisions(document.element.body, accept=True)
        letter = letter_from_blocks(docx_blocks(document, name=name), name=name)
        result = letter_comments(letter, channel=channel, name=name)
    for row in result.rows:
        row["notes"] = "; ".join(n for n in [*notes, row.get("notes") or ""] if n)
        if report.flagged and looks_legacy(row["text"]):
            row["confidence"] = LEGACY_CONFIDENCE
            row["doubtful"] = legacy_words(row["text"])
    return result

