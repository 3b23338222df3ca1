"""Build the Word twins of the illustrative regulation versions.

For each ``data/consultations/ris-pacs-2021/versions/*.md`` this writes the
``.docx`` of the same text with python-docx, laid out as a drafter would:

* headings ("Phụ lục 1", the annex title, "IV. …") are plain bold paragraphs
  whose numbers are typed;
* the numbered items use **real Word automatic numbering**: sections and
  sub-items share one multi-level list (``numbering.xml``: level 0 ``%1.``,
  level 1 ``%1.%2.``, level 2 ``%1.%2.%3.``, all decimal), so the text of
  "2.1. Máy chủ…" is only "Máy chủ…" and Word computes "2.1."; every run of
  points "a) b) c)" is its own ``w:num`` over a one-level ``lowerLetter`` ``%1)`` list with a
  ``w:startOverride`` of 1, the way Word restarts lettered lists;
* dash bullets keep their typed "- ";
* the criteria table is a real Word table (header row bold, repeated on each
  page);
* the note saying the text is illustrative is an italic paragraph.

The script checks that the numbers it leaves to Word are the ones typed in
the .md (sections in order, sub-items restarting under each section, points
a, b, c…), and stops otherwise. It does not import consultkit: the reader is
tested on its output (tests/test_word.py, tests/test_parse.py).

Usage: python scripts/build_versions.py [VERSIONS_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "consultations" / "ris-pacs-2021" / "versions"

DECIMAL = re.compile(r"^(\d+(?:\.\d+){0,2})\.\s+(.*)$")
POINT = re.compile(r"^([a-zđ])\)\s+(.*)$")
BOLD = re.compile(r"^\*\*(.+)\*\*$")
LETTERS = "abcdefghijklmnopqrstuvwxyz"   # Word's lowerLetter sequence

SECTIONS_ABSTRACT = 90
POINTS_ABSTRACT = 91


def _el(tag: str, **attrs) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _level(ilvl: int, fmt: str, text: str, indent: int) -> OxmlElement:
    lvl = _el("w:lvl", ilvl=ilvl)
    lvl.append(_el("w:start", val=1))
    lvl.append(_el("w:numFmt", val=fmt))
    lvl.append(_el("w:lvlText", val=text))
    lvl.append(_el("w:lvlJc", val="left"))
    ppr = _el("w:pPr")
    ppr.append(_el("w:ind", left=indent, hanging=indent))
    lvl.append(ppr)
    return lvl


class Numbering:
    """Adds our abstract numberings and hands out w:num ids."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.next_id = 100
        sections = _el("w:abstractNum", abstractNumId=SECTIONS_ABSTRACT)
        sections.append(_el("w:multiLevelType", val="multilevel"))
        sections.append(_level(0, "decimal", "%1.", 0))
        sections.append(_level(1, "decimal", "%1.%2.", 0))
        sections.append(_level(2, "decimal", "%1.%2.%3.", 0))
        points = _el("w:abstractNum", abstractNumId=POINTS_ABSTRACT)
        points.append(_el("w:multiLevelType", val="singleLevel"))
        points.append(_level(0, "lowerLetter", "%1)", 0))
        first_num = self.root.find(qn("w:num"))
        for abstract in (sections, points):   # abstractNums must precede the nums
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                self.root.append(abstract)
        self.sections_num = self.new_num(SECTIONS_ABSTRACT)

    def new_num(self, abstract_id: int, restart: bool = False) -> int:
        num_id = self.next_id
        self.next_id += 1
        num = _el("w:num", numId=num_id)
        num.append(_el("w:abstractNumId", val=abstract_id))
        if restart:
            override = _el("w:lvlOverride", ilvl=0)
            override.append(_el("w:startOverride", val=1))
            num.append(override)
        self.root.append(num)
        return num_id


def _number(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=ilvl))
    numpr.append(_el("w:numId", val=num_id))
    ppr.insert(0, numpr)


def _cells(line: str) -> list[str]:
    body = line.strip().strip("|")
    return [c.strip() for c in body.split("|")]


def build(md_path: Path, out_path: Path) -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    numbering = Numbering(document)
    section_no, sub_no, subsub_no = 0, 0, 0
    points_num = None
    expected_letter = 0
    table = None
    lines = md_path.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        where = f"{md_path.name} line {number}"
        if not line:
            continue
        if line.startswith("|"):
            if re.fullmatch(r"\|?\s*-{2,}.*", line):
                continue
            cells = _cells(line)
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"
                header = True
            else:
                header = False
            row = table.add_row()
            for cell, text in zip(row.cells, cells):
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.bold = header
            if header:
                trpr = row._tr.get_or_add_trPr()
                trpr.append(_el("w:tblHeader"))
            continue
        table = None
        if line.startswith(">"):
            paragraph = document.add_paragraph()
            paragraph.add_run(line.lstrip("> ").strip()).italic = True
            continue
        bold = BOLD.match(line)
        text = bold.group(1) if bold else line
        decimal = DECIMAL.match(text)
        point = POINT.match(text)
        paragraph = document.add_paragraph()
        if decimal:
            parts = decimal.group(1).split(".")
            if len(parts) == 1:
                section_no, sub_no = section_no + 1, 0
                expected = [section_no]
            elif len(parts) == 2:
                sub_no, subsub_no = sub_no + 1, 0
                expected = [section_no, sub_no]
            else:
                subsub_no += 1
                expected = [section_no, sub_no, subsub_no]
            if [int(p) for p in parts] != expected:
                raise SystemExit(f"{where}: typed {decimal.group(1)} but Word would show "
                                 f"{'.'.join(map(str, expected))}")
            _number(paragraph, numbering.sections_num, len(parts) - 1)
            text = decimal.group(2)
            points_num = None
        elif point:
            if points_num is None:
                points_num = numbering.new_num(POINTS_ABSTRACT, restart=True)
                expected_letter = 0
            if point.group(1) != LETTERS[expected_letter]:
                raise SystemExit(f"{where}: typed {point.group(1)}) but Word would show "
                                 f"{LETTERS[expected_letter]})")
            expected_letter += 1
            _number(paragraph, points_num, 0)
            text = point.group(2)
        else:
            points_num = None if not line.startswith("-") else points_num
        run = paragraph.add_run(text)
        run.bold = bool(bold)
        if bold and not decimal:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text.startswith("(") and not decimal:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.core_properties.title = "Văn bản minh họa — " + md_path.stem
    document.core_properties.author = "consultkit (minh họa)"
    document.save(out_path)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else FOLDER
    for md_path in sorted(folder.glob("*.md")):
        if md_path.name == "CHANGES.md":
            continue
        out = md_path.with_suffix(".docx")
        build(md_path, out)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
