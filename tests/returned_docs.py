"""Drafts returned with tracked changes and Word comments, built as Word writes them.

``edit_draft`` takes a .docx (the consultation's draft) and applies, at the XML level:
* replacements inside a paragraph: the old words in ``w:del``/``w:delText`` and the new ones
  in ``w:ins``, each with author and date, the rest of the paragraph's runs kept;
* whole paragraphs inserted after another (``w:ins`` runs and an inserted paragraph mark,
  the paragraph properties — and so the automatic numbering — copied from the one before);
* comments through python-docx's own ``add_comment`` (``comments.xml``, range start/end,
  reference run), on one run or from a run in one paragraph to a run in a later one.
"""

from __future__ import annotations

import copy
import io

import docx
from docx.oxml.ns import qn

AUTHOR = "Nguyễn Văn Bình"
DATE = "2021-06-12T09:00:00Z"


def _paragraph(document, needle: str):
    for p in document.element.body.iter(qn("w:p")):
        if needle in "".join(t.text or "" for t in p.iter(qn("w:t"))):
            return p
    raise AssertionError(f"no paragraph holds {needle!r}")


def _run(template_rpr, text: str, *, deleted: bool = False):
    r = docx.oxml.OxmlElement("w:r")
    if template_rpr is not None:
        r.append(copy.deepcopy(template_rpr))
    t = docx.oxml.OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def _mark(tag: str, number: int):
    el = docx.oxml.OxmlElement(tag)
    el.set(qn("w:id"), str(number))
    el.set(qn("w:author"), AUTHOR)
    el.set(qn("w:date"), DATE)
    return el


def replace_words(document, needle: str, old: str, new: str, number: int) -> None:
    """In the paragraph holding ``needle``: ``old`` deleted, ``new`` inserted (tracked)."""
    p = _paragraph(document, needle)
    runs = [r for r in p if r.tag == qn("w:r")]
    text = "".join(t.text or "" for r in runs for t in r.iter(qn("w:t")))
    start = text.index(old)
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    for r in runs:
        p.remove(r)
    pieces = [_run(rpr, text[:start])] if start else []
    if old:
        deletion = _mark("w:del", number)
        deletion.append(_run(rpr, old, deleted=True))
        pieces.append(deletion)
    if new:
        insertion = _mark("w:ins", number + 1)
        insertion.append(_run(rpr, new))
        pieces.append(insertion)
    if text[start + len(old):]:
        pieces.append(_run(rpr, text[start + len(old):]))
    for piece in pieces:
        p.append(piece)


def insert_paragraph_after(document, needle: str, text: str, number: int) -> None:
    """A new paragraph after the one holding ``needle``, inserted with tracking."""
    p = _paragraph(document, needle)
    new = docx.oxml.OxmlElement("w:p")
    ppr = p.find(qn("w:pPr"))
    ppr = copy.deepcopy(ppr) if ppr is not None else docx.oxml.OxmlElement("w:pPr")
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = docx.oxml.OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(_mark("w:ins", number))
    new.append(ppr)
    insertion = _mark("w:ins", number + 1)
    first = next((r for r in p.iter(qn("w:r"))), None)
    insertion.append(_run(first.find(qn("w:rPr")) if first is not None else None, text))
    new.append(insertion)
    p.addnext(new)


def comment_on(document, needle: str, text: str, *, until: str | None = None):
    """A Word comment on the paragraph holding ``needle`` (through the one holding ``until``)."""
    import docx.text.paragraph

    first = docx.text.paragraph.Paragraph(_paragraph(document, needle), document._body)
    last = docx.text.paragraph.Paragraph(_paragraph(document, until), document._body) if until \
        else first
    comment = document.add_comment([first.runs[0], last.runs[-1]], text=text, author=AUTHOR,
                                   initials="NVB")
    comment._comment_elm.set(qn("w:date"), DATE)
    return comment


def returned_draft(draft: bytes, *, company: str = "Sở Y tế tỉnh Nghệ An") -> bytes:
    """The bundled du-thao-2 as Sở Y tế Nghệ An sends it back: 3 replacements, 1 inserted point,
    1 deleted phrase, 3 comments (one on a table row, one across two paragraphs)."""
    document = docx.Document(io.BytesIO(draft))
    replace_words(document, "Lưu trữ hình ảnh của người bệnh tại cơ sở", "tối đa 12 tháng",
                  "tối thiểu 10 năm", 10)
    replace_words(document, "Kiểm tra, đánh giá an toàn thông tin", "hằng năm", "sáu tháng một lần",
                  20)
    replace_words(document, "Thu nhận hình ảnh từ thiết bị", "DICOM", "DICOM và HL7", 30)
    replace_words(document, "Đo khoảng cách, góc và diện tích", " và diện tích", "", 40)
    insert_paragraph_after(document, "Có khả năng mở rộng dung lượng",
                           "Có phương án khôi phục dữ liệu khi xảy ra sự cố.", 50)
    comment_on(document, "Máy chủ cài đặt phần mềm RIS-PACS",
               "Đề nghị cho phép đặt máy chủ tại trung tâm dữ liệu thuê ngoài.")
    comment_on(document, "Hệ thống tập trung có các chức năng sau", "Bổ sung chức năng hội chẩn "
               "từ xa.\nCần thống nhất với Đề án y tế từ xa.", until="Kết nối với các hệ thống RIS")
    comment_on(document, "Ký số kết quả chẩn đoán", "Nên để ở mức nâng cao.")
    document.core_properties.author = AUTHOR
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return set_company(data, company) if company else data


def set_company(data: bytes, company: str) -> bytes:
    """The .docx with ``docProps/app.xml`` naming ``company`` (as Word fills it in)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
           '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f"<Application>Microsoft Office Word</Application><Company>{company}</Company>"
           "</Properties>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            body = source.read(name)
            if name == "docProps/app.xml":
                body = app.encode("utf-8")
            target.writestr(name, body)
        if "docProps/app.xml" not in names:
            target.writestr("docProps/app.xml", app.encode("utf-8"))
    if "docProps/app.xml" not in names:
        raise AssertionError("python-docx always writes docProps/app.xml; this draft has none")
    return out.getvalue()
