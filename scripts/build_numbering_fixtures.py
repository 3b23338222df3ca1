"""Build tests/fixtures/numbering/: automatically numbered .docx files and their truth.

Inputs, each written the way a real writer writes it:

* ``ris-<version>``: the bundled versions (data/consultations/ris-pacs-2021/versions/),
  python-docx with Word automatic numbering (points restarted by a ``w:num`` with a
  ``w:startOverride``);
* ``pydocx-styles``: python-docx's own template styles — "List Number" (continues through
  the document), "List Number 2", and its "Subtitle" style, which has an ``ilvl`` but
  takes its ``numId`` from nowhere (not numbered);
* ``word-decree``: a decree laid out as Word does it: a multi-level list whose levels are
  linked to paragraph styles (``w:pStyle`` in the levels, ``w:numPr`` in the styles, a
  style ``basedOn`` another taking its list and its own ``w:ilvl``), a list style
  (``w:styleLink``/``w:numStyleLink``) shared by two ``w:num``, points restarted by
  ``w:startOverride``, a level starting at 4 in upper Roman, ``w:isLgl``, a level that
  never restarts (``w:lvlRestart`` 0), an overriding ``w:lvl`` with its own start,
  ``numId`` 0 switching a style's numbering off, and inserted units numbered by Word
  ("%1a.", "d%1)").

For every input ``X.docx`` it writes ``X.lo.docx`` (.docx → .odt → .docx through
LibreOffice) and ``X.lo2.docx`` (that again), and for each of the three files the text
LibreOffice renders (``--convert-to txt:Text``) as ``….txt``: the stated truth. The
numbers consultkit displays must equal LibreOffice's (tests/test_numbering_fixtures.py).

Usage: python scripts/build_numbering_fixtures.py   (needs LibreOffice: make system-deps)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "data" / "consultations" / "ris-pacs-2021" / "versions"
OUT = ROOT / "tests" / "fixtures" / "numbering"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        sys.exit("LibreOffice (soffice) is not installed: run 'make system-deps'")
    return found


def convert(path: Path, target: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to target`` with a profile of its own."""
    profile = Path(tempfile.gettempdir()) / f"ck-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(outdir), str(path)],
                       check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    made = outdir / (path.stem + "." + target.split(":")[0])
    if not made.exists():
        sys.exit(f"LibreOffice did not convert {path}")
    return made


def round_trip(path: Path, name: str) -> Path:
    """``path`` saved by LibreOffice as .odt and back as .docx, written as ``name``."""
    with tempfile.TemporaryDirectory() as tmp:
        odt = convert(path, "odt", Path(tmp))
        back = convert(odt, 'docx:MS Word 2007 XML', Path(tmp) / "back")
        target = OUT / name
        shutil.copyfile(back, target)
    return target


def text_export(path: Path) -> Path:
    """LibreOffice's text rendering of ``path`` next to it (``<stem>.txt``)."""
    with tempfile.TemporaryDirectory() as tmp:
        made = convert(path, "txt:Text", Path(tmp))
        target = path.with_suffix(".txt")
        shutil.copyfile(made, target)
    return target


# ----------------------------------------------------------------- inputs
def _numbering(document):
    return document.part.numbering_part.element


def _abstract(aid: str, levels: str, extra: str = "") -> object:
    return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
                     f'<w:multiLevelType w:val="multilevel"/>{extra}{levels}</w:abstractNum>')


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{extra}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>')


def _add_abstract(document, element) -> None:
    numbering = _numbering(document)
    first = numbering.find(qn("w:num"))
    if first is not None:
        first.addprevious(element)
    else:
        numbering.append(element)


def _add_num(document, num_id: str, abstract_id: str, overrides: str = "") -> None:
    _numbering(document).append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'{overrides}</w:num>'))


def _numbered(document, text: str, num_id: str | None = None, ilvl: int | None = None,
              style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    if num_id is not None or ilvl is not None:
        inner = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
        inner += "" if num_id is None else f'<w:numId w:val="{num_id}"/>'
        ppr = paragraph._p.get_or_add_pPr()
        numpr = parse_xml(f'<w:numPr {nsdecls("w")}>{inner}</w:numPr>')
        style_el = ppr.find(qn("w:pStyle"))
        if style_el is not None:
            style_el.addnext(numpr)
        else:
            ppr.insert(0, numpr)
    return paragraph


def pydocx_styles(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Danh sách theo kiểu List Number")
    for text in ["Mục thứ nhất", "Mục thứ hai", "Mục thứ ba"]:
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Đoạn xen giữa, không đánh số")
    for text in ["Mục tiếp theo (đánh số tiếp)", "Mục sau nữa"]:
        document.add_paragraph(text, style="List Number")
    for text in ["Cấp hai thứ nhất", "Cấp hai thứ hai"]:
        document.add_paragraph(text, style="List Number 2")
    document.add_paragraph("Phụ đề theo kiểu Subtitle", style="Subtitle")
    document.add_paragraph("Hết")
    document.save(str(path))


def word_decree(path: Path) -> None:
    document = docx.Document()
    styles = document.styles.element
    # paragraph styles linked to the levels of one multi-level list (numId 40)
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Khoan"><w:name w:val="Khoan"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="40"/></w:numPr></w:pPr>'
        '</w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Diem"><w:name w:val="Diem"/>'
        '<w:basedOn w:val="Khoan"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr>'
        '</w:style>'))
    # a list style: abstract 51 defines it (styleLink), abstract 52 only names it
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="DanhSachMuc">'
        '<w:name w:val="DanhSachMuc"/><w:pPr><w:numPr><w:numId w:val="50"/></w:numPr></w:pPr>'
        '</w:style>'))
    _add_abstract(document, _abstract("40", _lvl(0, "decimal", "%1.", extra='<w:pStyle w:val="Khoan"/>')
                                      + _lvl(1, "lowerLetter", "%2)", extra='<w:pStyle w:val="Diem"/>')))
    _add_abstract(document, _abstract("41", _lvl(0, "upperRoman", "%1.", start=4)
                                      + _lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")
                                      + _lvl(2, "decimal", "%3)", extra='<w:lvlRestart w:val="0"/>')))
    _add_abstract(document, _abstract("51", _lvl(0, "decimal", "Mục %1:"),
                                      extra='<w:styleLink w:val="DanhSachMuc"/>'))
    _add_abstract(document, _abstract("52", "", extra='<w:numStyleLink w:val="DanhSachMuc"/>'))
    _add_abstract(document, _abstract("53", _lvl(0, "decimal", "%1a.", start=3)))
    _add_abstract(document, _abstract("54", _lvl(0, "decimal", "d%1)")))
    _add_abstract(document, _abstract("55", _lvl(0, "lowerLetter", "%1)")))
    _add_num(document, "40", "40")
    _add_num(document, "41", "41")
    _add_num(document, "42", "40", '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/>'
                                   '</w:lvlOverride>')
    _add_num(document, "50", "51")
    _add_num(document, "51", "52")
    _add_num(document, "53", "53")
    _add_num(document, "54", "54")
    _add_num(document, "55", "55")
    _add_num(document, "56", "55", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                                   '</w:lvlOverride>')
    _add_num(document, "57", "55", '<w:lvlOverride w:ilvl="0">'
                                   + _lvl(0, "lowerLetter", "%1)", start=5) + '</w:lvlOverride>')

    document.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    _numbered(document, "Khoản một theo kiểu Khoan.", style="Khoan")
    _numbered(document, "Điểm a theo kiểu Diem.", style="Diem")
    _numbered(document, "Điểm b theo kiểu Diem.", style="Diem")
    _numbered(document, "Khoản hai.", style="Khoan")
    _numbered(document, "Điểm a của khoản hai (cấp dưới bắt đầu lại).", style="Diem")
    _numbered(document, "Khoản ba, khoản một được bổ sung sau đó.", style="Khoan")
    _numbered(document, "Khoản 3a được bổ sung, số do Word đánh.", num_id="53", ilvl=0)
    _numbered(document, "Kiểu Khoan nhưng numId 0: không đánh số.", num_id="0", style="Khoan")
    _numbered(document, "Khoản bốn (danh sách tiếp tục).", style="Khoan")
    _numbered(document, "Điểm với numId trực tiếp, cấp lấy từ kiểu Diem.", num_id="40", style="Diem")
    _numbered(document, "Điểm bắt đầu lại bằng startOverride.", num_id="42", ilvl=1)
    _numbered(document, "Điểm tiếp sau khi bắt đầu lại.", num_id="42", ilvl=1)
    _numbered(document, "Điểm trên num gốc, tiếp danh sách.", num_id="40", ilvl=1)
    document.add_paragraph("d) Điểm d gõ tay.")
    _numbered(document, "Điểm d1 được bổ sung, số do Word đánh.", num_id="54", ilvl=0)
    _numbered(document, "Điểm d2 được bổ sung.", num_id="54", ilvl=0)
    document.add_paragraph("Phụ lục")
    _numbered(document, "TIÊU CHÍ BẮT ĐẦU TỪ IV", num_id="41", ilvl=0)
    _numbered(document, "Mục con có isLgl.", num_id="41", ilvl=1)
    _numbered(document, "Mục con thứ hai.", num_id="41", ilvl=1)
    _numbered(document, "Mục cấp ba.", num_id="41", ilvl=2)
    _numbered(document, "TIÊU CHÍ TIẾP THEO", num_id="41", ilvl=0)
    _numbered(document, "Cấp ba không bắt đầu lại (lvlRestart 0).", num_id="41", ilvl=2)
    _numbered(document, "Mục con mới.", num_id="41", ilvl=1)
    _numbered(document, "Danh sách theo kiểu danh sách (styleLink).", num_id="50", ilvl=0)
    _numbered(document, "Num khác cùng kiểu danh sách (numStyleLink): tiếp.", num_id="51", ilvl=0)
    _numbered(document, "Lại num đầu.", num_id="50", ilvl=0)
    _numbered(document, "Điểm chữ a.", num_id="55", ilvl=0)
    _numbered(document, "Điểm chữ b.", num_id="55", ilvl=0)
    _numbered(document, "Bắt đầu lại ở a.", num_id="56", ilvl=0)
    _numbered(document, "Tiếp ở num gốc.", num_id="55", ilvl=0)
    _numbered(document, "Cấp được thay bằng lvl có start 5.", num_id="57", ilvl=0)
    _numbered(document, "Tiếp sau cấp thay thế.", num_id="57", ilvl=0)
    document.add_paragraph("Hết.")
    document.save(str(path))


def main() -> None:
    _soffice()
    OUT.mkdir(parents=True, exist_ok=True)
    inputs = []
    for version in sorted(VERSIONS.glob("*.docx")):
        target = OUT / f"ris-{version.stem}.docx"
        shutil.copyfile(version, target)
        inputs.append(target)
    pydocx_styles(OUT / "pydocx-styles.docx")
    word_decree(OUT / "word-decree.docx")
    inputs += [OUT / "pydocx-styles.docx", OUT / "word-decree.docx"]
    for source in inputs:
        once = round_trip(source, f"{source.stem}.lo.docx")
        twice = round_trip(once, f"{source.stem}.lo2.docx")
        for path in (source, once, twice):
            text_export(path)
        print(f"{source.name}: {once.name}, {twice.name} and their .txt")


if __name__ == "__main__":
    main()
