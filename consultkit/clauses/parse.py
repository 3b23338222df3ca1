"""Regulation texts as clause trees keyed by their official numbering.

:func:`parse_clauses` reads a ``.docx`` (:mod:`consultkit.readers.word`, Word
automatic numbering resolved), a ``.md``/``.txt`` (:mod:`consultkit.readers.plaintext`)
or a string, and returns a :data:`consultkit.schema.CLAUSES` frame, one row
per unit in document order, with ``frame.attrs["parse_issues"]`` (list of str,
Vietnamese) naming duplicated, skipped and out-of-order numbers.

Clause ids (paths of official numbers, joined by dots, never positions)
----------------------------------------------------------------------
========================  ===========================  ==========================
unit                      line as written              clause_id
========================  ===========================  ==========================
annex (phụ lục)           "Phụ lục I"                  ``PL1``
part (phần)               "Phần I", "Phần thứ hai"     ``P1``, ``P2``
chapter (chương)          "Chương II"                  ``C2``
section (mục)             "Mục 1" in Chương II         ``C2.M1``
article (điều)            "Điều 8."                    ``D8`` (unique in a text,
                                                       so not prefixed: an article
                                                       keeps its id when it moves)
clause (khoản)            "2." in Điều 8               ``D8.k2``
point (điểm)              "a)" ("a.") in khoản 2       ``D8.k2.a``
annex section             "IV." (in Phần I)            ``IV`` (``P1.IV``)
annex item                "2.", "2.1.", "2.1.3."       ``IV.2``, ``IV.2.1``, ``IV.2.1.3``
point in an annex         "a)" under 2.1.              ``IV.2.1.a``
bullet                    "- ", "+ " (no number)       ``IV.2.1.a-1``, ``…-1+2``
numbered item             "1)", "2)"                   ``D4.k1.a.1)``, ``1).a``
criteria table row        STT "5" under IV.3           ``IV.3.r5``
========================  ===========================  ==========================

Units inserted the amending way (the original numbers are kept; an inserted unit
takes the number of the unit it follows plus a suffix) keep that number as written
as their id segment, lower-case letters and digits kept:

========================  ===========================  ==========================
inserted unit             line as written              clause_id
========================  ===========================  ==========================
article                   "Điều 5a.", "Điều 30a."      ``D5a``, ``D30a``
clause in Điều 2          "1a.", "18a.", "3b."         ``D2.k1a``, ``D2.k18a``…
point in khoản 1 Điều 5   "d1)", "đ1)", "i1)"          ``D5.k1.d1``, ``D5.k1.đ1``…
annex item under IV       "2.2a.", "1.3a."             ``IV.2.2a``, ``IV.1.3a``
section in Chương II      "Mục 1a"                     ``C2.M1a``
========================  ===========================  ==========================

They are rows of their own in document order, never merged into their neighbour;
unsuffixed siblings keep their ids. The same holds when Word's automatic numbering
displays the number ("%1a.", "d%1)"). A "1a."/"2.2a."/"d1)" line is an inserted
unit only where amending practice puts it — right after its sibling with the same
base number ("1." or "1a." before "1a."/"1b."; "d)" or "d1)" before "d1)") — and
when text beginning with a letter, a quotation mark or a parenthesis follows;
otherwise ("a1) = b1 + c1", an "i1)" with no point i before it) the line is text
of the unit before it and an issue is reported. "5a/2021/TT-BYT" and "1a.5" are
never numbers (the suffix must be followed by "." or ")", then text, not a digit).

Chapters, parts and sections use Arabic digits in ids (``Chương IV`` → ``C4``);
annex sections keep their Roman numerals (``IV``). Units under an annex are
*not* prefixed with ``PL1`` (citations inside an annex say "Mục IV Phần I Phụ
lục này"); the annex is their ``parent_id``. A dotted number names its own
path: "2.1." is ``IV.2.1`` and its parent is ``IV.2`` even if "2." is missing
(then the parent is ``IV`` and an issue is reported). Bullets are the only
units numbered by position (they have no number): ``-N``/``+N`` count the
dash/plus bullets under the same parent ("-", "•", "➢" are first-level marks;
"+", "◦" second-level, ``+N``; "▪", "■" third-level, ``+N`` under a ``+N``). A number written twice keeps its
number; its id gets ``~2`` (``~3``…) and an issue is reported; its children
hang under the suffixed id.

"1)"-style items (Thông tư annexes, letters) are ``item`` units numbered as
written: under an open point they sit below it ("a) … 1) 2) b)"); elsewhere
they sit above points, so "1) … a) b) 2)" puts the points under "1)".

Quoted provisions of an amending document ("1. Sửa đổi khoản 2 Điều 3 như
sau:" then "“2. …”") are text of the amending unit, not clauses of this
document: the tree keeps the amending document's own structure (see
:mod:`consultkit.clauses.quotes`). A quotation never closed is reported and
the document is read again as if it had no quotations.

Blocks that are not clauses get ids beginning with ``_`` and these kinds:
``header`` (issuer, Quốc hiệu, số/ký hiệu, place and date, the layout table at
the top), ``title`` (document type and subject), ``preamble`` (căn cứ…),
``note`` (a paragraph beginning "Văn bản minh họa"), ``signature``
(TM./KT./TL. lines, signer), ``recipients`` (Nơi nhận and its list) and
``text`` (a paragraph or table row that belongs to no numbered unit — e.g. a
table's header row, or a paragraph after a table). ``_header.1``, ``_text.3``…
Everything before the first numbered unit is header, title or preamble.
"Nơi nhận:" starts the recipients (its dash lines included; the first other
line ends them) and a TM./KT./TL./Q. line the signature; a layout table row
holding "Nơi nhận:" is split into one unit per cell (recipients | signature).
The next numbered line (an annex, an article, "I.", "1."…) reopens the body.

Which text goes where
---------------------
* A numbered line gives ``number`` (as written: "Điều 8.", "2.", "a)", "-")
  and the rest of the line. For articles, annex sections, chapters, parts,
  sections and annexes the rest is the ``heading``; chapter/part/section/annex
  headings also take the following upper-case (or parenthesised) paragraphs.
  For khoản, annex items and points the rest is ``text``, except when the whole
  paragraph is bold: then it is the ``heading``.
* An unnumbered paragraph continues the unit just before it: it is appended
  to that unit's ``text`` (paragraphs joined by "\\n"); after a table row it
  becomes a ``text`` unit.
* Chapter/part/section/annex numbers followed by a lower-case title count only
  with an explicit separator ("Mục 1. Quy định chung"; "Mục 2 quy định…" is a
  sentence). A bold or centred line right under a bare "Chương I" is its title.
* Criteria tables (first header cell STT/TT, in one of the first three rows,
  after title rows): each row with an STT is a ``table_row`` clause under the
  deepest open numbered unit; ``number`` is the STT as written, ``text`` the
  other non-empty cells joined by " | ", ``cells`` the dict header → cell
  (all cells). A row whose STT is a letter ("a") after a numbered row "5" is
  its sub-row ``….r5.a``; a Roman or capital STT ("I", "A") opens a group whose
  numbered rows are ``….rI.1``, ``….rI.2``; "2.1" hangs under row "2". Rows without STT and other tables' rows are
  non-clause ``text`` units whose text is the row.

Round trip (no text lost)
-------------------------
:func:`joined_text` joins, for every row in ``order``, the non-empty fields
``number``, ``heading``, ``text`` (by " " — by " | " for rows from a table),
pieces from the same table row by " | " and the rest by "\\n".
:func:`document_text` is the normalised text of the blocks: each paragraph's
displayed text (automatic number included), each table row's non-empty cells
joined by " | ". The guarantee is ``squeeze(joined_text(frame)) ==
squeeze(document_text(blocks))`` where :func:`squeeze` removes all white
space: every character is kept, in order; only white space may differ (e.g.
"1.Phạm vi" yields number "1." and text "Phạm vi").
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from .. import schema
from ..readers.files import Source, read_bytes, source_name
from ..readers.plaintext import read_text_blocks, text_blocks
from ..readers.word import Block, read_blocks
from .build import TreeBuilder

__all__ = ["parse_clauses", "parse_blocks", "read_source_blocks", "document_text",
           "joined_text", "squeeze", "is_clause", "NON_CLAUSE_KINDS"]

NON_CLAUSE_KINDS = frozenset({"title", "header", "preamble", "note", "signature",
                              "recipients", "text"})


def read_source_blocks(source: Source | str) -> list[Block]:
    """Blocks of a path (.docx, .md, .txt), a file object or a text string."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                    and len(source) < 4096 and Path(source).suffix.lower()
                                    in (".docx", ".doc", ".md", ".txt", ".markdown")):
        path = Path(source)
        if path.suffix.lower() in (".docx", ".doc"):
            return read_blocks(path)
        if path.suffix.lower() in (".md", ".txt", ".markdown"):
            return read_text_blocks(path)
        data = read_bytes(path)
        return read_blocks(path) if data.startswith(b"PK") else read_text_blocks(path)
    if isinstance(source, str):
        return text_blocks(source)
    data = source.read()
    if isinstance(data, str):
        return text_blocks(data)
    stream = io.BytesIO(data)
    stream.name = source_name(source)
    if data.startswith(b"PK") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return read_blocks(stream)
    return read_text_blocks(stream)


def parse_blocks(blocks: Iterable[Block]) -> pd.DataFrame:
    """The clause frame of a list of blocks (see the module docstring)."""
    blocks = list(blocks)
    builder = TreeBuilder()
    for block in blocks:
        builder.add(block)
    rows, issues = builder.finish()
    if builder.quotes.inside:           # a quotation never closed: read it as plain structure
        unquoted = TreeBuilder(quotes=False)
        for block in blocks:
            unquoted.add(block)
        rows, more = unquoted.finish()
        issues = [i for i in issues if "ngoặc kép" in i] + more
    frame = schema.conform(rows, schema.CLAUSES) if rows else schema.empty(schema.CLAUSES)
    frame.attrs["parse_issues"] = issues
    return frame


def parse_clauses(source: Source | str) -> pd.DataFrame:
    """Parse a regulation text into a :data:`~consultkit.schema.CLAUSES` frame.

    ``source``: a path (.docx, .md, .txt), a binary/text file object, or the
    text itself. ``frame.attrs["parse_issues"]`` lists duplicated, skipped and
    out-of-order numbers (in Vietnamese).

    >>> f = parse_clauses("Điều 1. Phạm vi\\n1. Khoản một.\\na) Điểm a.\\n2. Khoản hai.")
    >>> list(f.clause_id)
    ['D1', 'D1.k1', 'D1.k1.a', 'D1.k2']
    """
    return parse_blocks(read_source_blocks(source))


def is_clause(frame: pd.DataFrame) -> pd.Series:
    """Boolean mask of the rows that are clauses (not header, title, signature…)."""
    return ~frame["clause_id"].str.startswith("_")


def squeeze(text: str) -> str:
    """``text`` without any white space (the round-trip comparison key)."""
    return re.sub(r"\s+", "", text)


def document_text(blocks: Iterable[Block]) -> str:
    """The normalised document text: one line per non-empty block, as displayed."""
    return "\n".join(b.display for b in blocks if b.display)


def _is_table_location(location: str) -> bool:
    return bool(re.match(r"^t\d+\.r\d+", location or ""))


def joined_text(frame: pd.DataFrame) -> str:
    """The rows' number, heading and text joined in ``order`` (see the module docstring)."""
    out: list[str] = []
    previous = None
    for row in frame.sort_values("order").itertuples(index=False):
        table = _is_table_location(row.location)
        sep = " | " if table else " "
        piece = sep.join(p for p in (row.number, row.heading, row.text) if p)
        if not piece:
            continue
        if table and row.location == previous and out:
            out[-1] = out[-1] + " | " + piece
        else:
            out.append(piece)
        previous = row.location if table else None
    return "\n".join(out)
