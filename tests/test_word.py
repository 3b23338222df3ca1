"""Word reader: blocks in document order, automatic numbering, tables."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from consultkit.errors import ConsultkitError
from consultkit.readers.numbering import format_number, to_letters, to_roman
from consultkit.readers.word import read_blocks

from conftest import BUNDLED, ROOT, needs_soffice, soffice

VERSIONS = BUNDLED / "versions"


def _abstract(abstract_id: int, levels: list[tuple[str, str, int]], restart=None) -> str:
    lvls = []
    for ilvl, (fmt, text, start) in enumerate(levels):
        extra = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None and ilvl == 1 else ""
        lvls.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>{extra}'
                    f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            + "".join(lvls) + "</w:abstractNum>")


def _num(num_id: int, abstract_id: int, start_override: int | None = None) -> str:
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/>'
                "</w:lvlOverride>" if start_override is not None else "")
    return (f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>")


def _numbered(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                            f'<w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def _save(document) -> io.BytesIO:
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


@pytest.fixture
def numbered_doc():
    """A document exercising every numbering rule the reader implements."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    abstracts = [
        _abstract(70, [("decimal", "%1.", 1), ("decimal", "%1.%2.", 1), ("lowerLetter", "%3)", 1)]),
        _abstract(71, [("upperRoman", "%1.", 1)]),
        _abstract(72, [("lowerRoman", "(%1)", 1)]),
        _abstract(73, [("bullet", "\uf0b7", 1)]),
        _abstract(74, [("decimal", "%1.", 5), ("decimal", "%1.%2.", 1)], restart=0),
        _abstract(75, [("lowerLetter", "%1)", 1)]),
    ]
    for xml in abstracts:
        first_num.addprevious(parse_xml(xml))
    for xml in [_num(200, 70), _num(201, 71), _num(202, 72), _num(203, 73), _num(204, 74),
                _num(205, 75, 1), _num(206, 75, 1), _num(207, 70)]:
        numbering.append(parse_xml(xml))
    # a paragraph style that numbers through numPr (style-inherited numbering)
    style = document.styles.add_style("Khoan", 1)
    style.element.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="201"/></w:numPr>'))
    _numbered(document, "Một", 200, 0)
    _numbered(document, "Một một", 200, 1)
    _numbered(document, "Điểm", 200, 2)
    _numbered(document, "Điểm hai", 200, 2)
    _numbered(document, "Một hai", 200, 1)
    _numbered(document, "Hai", 200, 0)
    _numbered(document, "Hai một", 200, 1)          # level 1 restarted under "2."
    _numbered(document, "Ba (num 207 continues abstract 70)", 207, 0)
    document.add_paragraph("La Mã một", style="Khoan")
    document.add_paragraph("La Mã hai", style="Khoan")
    off = document.add_paragraph("Không đánh số", style="Khoan")
    off._p.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    _numbered(document, "i nhỏ", 202)
    _numbered(document, "ii nhỏ", 202)
    _numbered(document, "Gạch", 203)
    _numbered(document, "Năm", 204, 0)
    _numbered(document, "Năm một", 204, 1)
    _numbered(document, "Sáu", 204, 0)
    _numbered(document, "Sáu hai (lvlRestart 0: no restart)", 204, 1)
    _numbered(document, "a của danh sách thứ nhất", 205)
    _numbered(document, "b của danh sách thứ nhất", 205)
    _numbered(document, "a lại (startOverride)", 206)
    return _save(document)


def test_numbering_formats():
    assert [to_letters(n) for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert to_roman(14) == "xiv"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(3, "decimalZero") == "03"
    assert format_number(3, "none") == ""


def test_automatic_numbering_is_displayed_as_word_does(numbered_doc):
    blocks = read_blocks(numbered_doc)
    got = [(b.number, b.text) for b in blocks]
    assert got == [
        ("1.", "Một"), ("1.1.", "Một một"), ("a)", "Điểm"), ("b)", "Điểm hai"),
        ("1.2.", "Một hai"), ("2.", "Hai"), ("2.1.", "Hai một"),
        ("3.", "Ba (num 207 continues abstract 70)"),
        ("I.", "La Mã một"), ("II.", "La Mã hai"), ("", "Không đánh số"),
        ("(i)", "i nhỏ"), ("(ii)", "ii nhỏ"), ("•", "Gạch"),
        ("5.", "Năm"), ("5.1.", "Năm một"), ("6.", "Sáu"),
        ("6.2.", "Sáu hai (lvlRestart 0: no restart)"),
        ("a)", "a của danh sách thứ nhất"), ("b)", "b của danh sách thứ nhất"),
        ("a)", "a lại (startOverride)"),
    ]
    assert blocks[0].display == "1. Một"
    assert blocks[1].level == 1


def test_tables_merged_cells_once_and_nested_flattened():
    document = docx.Document()
    document.add_paragraph("Trước bảng")
    table = document.add_table(rows=4, cols=3)
    for i, name in enumerate(["STT", "Tiêu chí", "Yêu cầu"]):
        table.cell(0, i).text = name
    table.cell(1, 0).text = "1"
    merged = table.cell(1, 1).merge(table.cell(1, 2))        # gridSpan
    merged.text = "Gộp hai cột"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "Gộp dọc"
    table.cell(2, 1).merge(table.cell(3, 1))                 # vMerge
    table.cell(2, 2).text = "Hàng 2"
    table.cell(3, 0).text = "3"
    table.cell(3, 2).text = "Hàng 3"
    inner = table.cell(3, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "lồng A"
    inner.cell(0, 1).text = "lồng B"
    document.add_paragraph("Sau bảng")
    blocks = read_blocks(_save(document))
    assert [b.location for b in blocks] == ["p1", "t1.r1", "t1.r2", "t1.r3", "t1.r4", "p2"]
    row1 = blocks[2]
    assert row1.cells == ("1", "Gộp hai cột")
    assert row1.cells_by_header() == {"STT": "1", "Tiêu chí": "Gộp hai cột"}
    assert blocks[3].cells == ("2", "Gộp dọc", "Hàng 2")
    assert blocks[4].cells == ("3", "", "Hàng 3 lồng A lồng B")     # vMerge continuation empty
    assert blocks[4].text.count("Gộp dọc") == 0
    assert blocks[4].display == "3 | Hàng 3 lồng A lồng B"


def test_deleted_revisions_and_text_boxes_are_not_read():
    document = docx.Document()
    paragraph = document.add_paragraph("Giữ ")
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>BỎ</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>thêm</w:t></w:r></w:ins>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(
        f'<w:pict {nsdecls("w")}><w:txbxContent><w:p><w:r><w:t>HỘP</w:t></w:r></w:p>'
        "</w:txbxContent></w:pict>"))
    bold = document.add_paragraph()
    bold.add_run("Đậm").bold = True
    blocks = read_blocks(_save(document))
    assert blocks[0].text == "Giữ thêm"
    assert blocks[1].bold and not blocks[0].bold


def test_decree_blocks(nd30):
    blocks = read_blocks(nd30 / "nd30_30_2020_ND_CP.docx")
    assert blocks[0].kind == "table_row" and "CHÍNH PHỦ" in blocks[0].cells[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in blocks[0].cells[1]
    articles = [b.text for b in blocks if re.match(r"Điều \d+\.", b.text)]
    assert len(articles) == 38
    assert all(b.display for b in blocks if b.kind == "paragraph")
    assert all(re.fullmatch(r"p\d+|t\d+\.r\d+", b.location) for b in blocks)
    # every line of the .txt twin that is a paragraph is found, in order
    ours = "\n".join("".join(b.display.split()) for b in blocks if b.kind == "paragraph")
    position = 0
    for line in (nd30 / "nd30_30_2020_ND_CP.txt").read_text(encoding="utf-8").splitlines():
        line = "".join(unicodedata.normalize("NFC", line).split())   # the .txt is not all NFC
        if not line or line.startswith("[") or "|" in line:   # table lines
            continue
        found = ours.find(line, position)
        assert found >= 0, line
        position = found + len(line)


def test_bad_files_are_clear_errors(tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ConsultkitError, match="junk.docx"):
        read_blocks(junk)
    with pytest.raises(ConsultkitError):
        read_blocks(tmp_path / "missing.docx")


def _profile(tmp_path) -> str:
    """A private LibreOffice profile: soffice runs started elsewhere at the same time
    (other tests, other users) cannot lock ours."""
    return f"-env:UserInstallation=file://{tmp_path}/lo-profile"


@needs_soffice
def test_numbers_match_libreoffice(tmp_path):
    """LibreOffice's text export shows Word's numbers: ours must be the same."""
    source = VERSIONS / "du-thao-2.docx"
    subprocess.run([soffice(), _profile(tmp_path), "--headless", "--convert-to", "txt:Text",
                    "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    exported = (tmp_path / "du-thao-2.txt").read_text(encoding="utf-8-sig").splitlines()
    oracle = [" ".join(line.split()) for line in exported
              if re.match(r"^\s*(\d+(\.\d+)*\.|[a-z]\))\s", line)]
    ours = [b.display for b in read_blocks(source) if b.number]
    assert len(ours) > 40
    assert ours == oracle


@needs_soffice
@pytest.mark.parametrize("name", ["nd30_30_2020_ND_CP.docx", "nd30_Phuluc1.docx"])
def test_real_files_read_as_libreoffice_shows_them(nd30, tmp_path, name):
    """Each paragraph (numbers included) is a line of LibreOffice's text export,
    or several consecutive lines when the paragraph holds a line break (w:br)."""
    subprocess.run([soffice(), _profile(tmp_path), "--headless", "--convert-to", "txt:Text",
                    "--outdir", str(tmp_path), str(nd30 / name)], check=True, capture_output=True,
                   timeout=120)
    exported = (tmp_path / name.replace(".docx", ".txt")).read_text(encoding="utf-8-sig")
    lines = ["".join(unicodedata.normalize("NFC", l).split()) for l in exported.splitlines()]
    lines = [l for l in lines if l]
    joined = "".join(lines)
    ours = ["".join(b.display.split()) for b in read_blocks(nd30 / name) if b.kind == "paragraph"]
    assert len(ours) > 100
    set_of_lines = set(lines)
    for paragraph in ours:
        assert paragraph in set_of_lines or paragraph in joined, paragraph


def test_list_style_link_takes_the_linked_levels():
    """abstractNum with w:numStyleLink → the list style's numbering gives the levels."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(parse_xml(_abstract(76, [("upperLetter", "%1.", 1)])))
    first_num.addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
        '<w:numStyleLink w:val="DanhSachChu"/></w:abstractNum>'))
    numbering.append(parse_xml(_num(400, 76)))
    numbering.append(parse_xml(_num(401, 77)))
    style = document.styles.add_style("DanhSachChu", 4)    # a numbering (list) style
    style.element.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:numId w:val="400"/></w:numPr>'))
    _numbered(document, "Một", 401)
    _numbered(document, "Hai", 401)
    assert [b.display for b in read_blocks(_save(document))] == ["A. Một", "B. Hai"]


FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "docs"
CORPUS = ["thong-tu", "phu-luc-tieu-chi", "quyet-dinh", "phan-thu", "sua-doi", "ke-hoach"]
_NUMBERED = re.compile(r"^\s+(Điều \d+\.|[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ][.)]|\d+\))\s")


def test_corpus_was_made_by_libreoffice_not_python_docx():
    import zipfile

    for name in CORPUS:
        with zipfile.ZipFile(FIXTURE_DOCS / f"{name}.docx") as archive:
            app = archive.read("docProps/app.xml").decode("utf-8")
            numbering = archive.read("word/numbering.xml").decode("utf-8")
        assert "LibreOffice" in app and "<w:lvlText" in numbering


def test_symbol_font_bullets_keep_their_character():
    from consultkit.readers.numbering import BULLET, bullet_text

    assert bullet_text("\uf02b", "Symbol") == "+" and bullet_text("\uf02d", "Symbol") == "-"
    assert bullet_text("\uf0b7", "Symbol") == BULLET          # Symbol's own bullet glyph
    assert bullet_text("\uf061", "Symbol") == BULLET          # a Greek letter: not guessed
    assert bullet_text("\uf02b", "Wingdings") == BULLET
    assert bullet_text("-", None) == "-" and bullet_text("", None) == BULLET
    # Word's default bullet levels: Symbol •, Courier New o, Wingdings ▪; and the arrow ➢
    assert [bullet_text(t, f) for t, f in [("\uf0b7", "Symbol"), ("o", "Courier New"),
                                           ("\uf0a7", "Wingdings"), ("\uf0d8", "Wingdings"),
                                           ("§", "Wingdings")]] == ["•", "◦", "▪", "➢", "▪"]


@pytest.fixture(scope="module")
def corpus_txt(tmp_path_factory):
    """LibreOffice's own text rendering of every corpus file (one soffice call)."""
    out = tmp_path_factory.mktemp("corpus_txt")
    subprocess.run([soffice(), _profile(out), "--headless",
                    "--convert-to", "txt:Text", "--outdir", str(out)]
                   + [str(FIXTURE_DOCS / f"{n}.docx") for n in CORPUS],
                   check=True, capture_output=True, timeout=180)
    return {n: unicodedata.normalize("NFC", (out / f"{n}.txt").read_text(encoding="utf-8-sig"))
            for n in CORPUS}


@needs_soffice
@pytest.mark.parametrize("name", CORPUS)
def test_corpus_numbers_match_libreoffice(name, corpus_txt):
    """Numbers, bullets and the criteria table's automatic STT as LibreOffice shows them."""
    lines = corpus_txt[name].splitlines()
    blocks = read_blocks(FIXTURE_DOCS / f"{name}.docx")
    # list items are indented in LibreOffice's rendering; typed numbers are not
    oracle = [" ".join(line.split()) for line in lines if _NUMBERED.match(line)]
    ours = [b.display for b in blocks if b.number and b.number not in "-+•"]
    assert len(ours) >= 5 and ours == oracle
    bullets = [line for line in lines if line.strip()[:1] in "•◦▪–-"
               and line.startswith(" ")]                   # list bullets are indented
    assert len(bullets) == sum(1 for b in blocks if b.number in ("-", "+", "•"))
    stt = [line.strip() for line in lines if re.fullmatch(r"\s+\d+\s*", line)]
    ours_stt = [b.cells[0] for b in blocks if b.kind == "table_row" and b.cells[0].isdigit()]
    if name == "phu-luc-tieu-chi":                       # its STT column is automatic numbering
        assert stt == ours_stt == ["1", "2", "3", "4", "5"]
    # every paragraph we read is shown by LibreOffice (text boxes, headers, footers are not ours)
    squeezed = "".join(lines).replace(" ", "").replace("\t", "")
    for block in blocks:
        if block.kind == "paragraph":   # LibreOffice draws every bullet as "•": compare text
            shown = block.text if block.number in ("-", "+", "•") else block.display
            assert "".join(shown.split()) in squeezed, block
        else:
            assert all("".join(c.split()) in squeezed for c in block.cells), block


def test_rows_and_cells_in_content_controls_and_grid_before():
    """Word wraps repeating rows in w:sdt; rows may start after empty grid columns."""
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([("STT", "Tiêu chí", "Yêu cầu"), ("1", "Máy chủ", "Có"),
                             ("2", "Lưu trữ", "10 năm"), ("", "Ghi chú", "Hết")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    rows = table._tbl.findall(qn("w:tr"))
    wrapper = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    rows[1].addprevious(wrapper)
    wrapper.find(qn("w:sdtContent")).append(rows[1])            # a row in a content control
    cells = rows[2].findall(qn("w:tc"))
    cell_wrapper = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent/></w:sdt>')
    cells[1].addprevious(cell_wrapper)
    cell_wrapper.find(qn("w:sdtContent")).append(cells[1])      # a cell in a content control
    last = rows[3]
    last.remove(last.findall(qn("w:tc"))[0])                    # row starts at grid column 2
    last.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    blocks = read_blocks(_save(document))
    assert [b.cells for b in blocks] == [("STT", "Tiêu chí", "Yêu cầu"),
                                         ("1", "Máy chủ", "Có"), ("2", "Lưu trữ", "10 năm"),
                                         ("Ghi chú", "Hết")]
    assert blocks[3].cells_by_header() == {"Tiêu chí": "Ghi chú", "Yêu cầu": "Hết"}


def test_one_cell_table_is_a_box_around_body_text():
    """Drafts put a border box (a 1×1 table) around an annex: its content is body text."""
    document = docx.Document()
    document.add_paragraph("Trước hộp")
    box = document.add_table(rows=1, cols=1).cell(0, 0)
    box.paragraphs[0].text = "IV. TIÊU CHÍ"
    box.add_paragraph("1. Hạ tầng")
    inner = box.add_table(rows=2, cols=2)
    for r, row in enumerate([("STT", "Tiêu chí"), ("1", "Máy chủ")]):
        for c, value in enumerate(row):
            inner.cell(r, c).text = value
    document.add_paragraph("Sau hộp")
    blocks = read_blocks(_save(document))
    assert [(b.kind, b.display) for b in blocks] == [
        ("paragraph", "Trước hộp"), ("paragraph", "IV. TIÊU CHÍ"), ("paragraph", "1. Hạ tầng"),
        ("table_row", "STT | Tiêu chí"), ("table_row", "1 | Máy chủ"), ("paragraph", "Sau hộp")]
    assert [b.location for b in blocks][3:] == ["t1.r1", "t1.r2", "p5"]   # p4: empty, in the box
