"""Build tests/fixtures/redrafts/: redrafts of a real decree, each with its truth.

The base is the real Nghị định 30/2020/NĐ-CP (../shared/reference/nd30-2020/), a Word
file nobody here wrote. Each redraft is what a drafter does to it, made with python-docx
on the real paragraphs (a new paragraph is a copy of its neighbour, so it keeps the
style and run formatting), and saved again through LibreOffice (.docx → .odt → .docx):

=========================  ===============================================================
redraft                    edits
=========================  ===============================================================
insert-article             Điều 5a inserted after Điều 5 (two khoản), nothing renumbered
insert-article-renumber    a new Điều 9 inserted; old Điều 9–38 become Điều 10–39
insert-units               khoản 1a in Điều 2; điểm c1, c2, đ1, i1 in khoản 2 Điều 8
delete-renumber            khoản 12 Điều 3 deleted, khoản 13–17 renumbered 12–16;
                           điểm b khoản 3 Điều 8 deleted, no renumbering
delete-and-reuse-number    điểm e khoản 2 Điều 8 deleted, g/h/i become e/g/h, the new e
                           reworded; khoản 2 Điều 11 replaced by an unrelated text
move                       khoản 3 Điều 10 moved to the end of Điều 11; khoản 4 becomes 3
split                      khoản 2 Điều 11 split: its second half becomes khoản 2a;
                           khoản 1 Điều 12 split in two sentences, khoản 2 becomes 3
merge                      khoản 1 and 2 of Điều 12 merged into khoản 1
modify                     khoản 2 Điều 2 and điểm a khoản 2 Điều 4 reworded; headings of
                           Điều 8 and Mục 1 Chương II changed
all                        insert-article + insert-units + move + merge + modify at once
renumber-and-modify        insert-article-renumber, and Điều 9 (now 10), khoản 1 Điều 10
                           (now 11) and khoản 2 Điều 12 (now 13) reworded
insert-clause-renumber     a new khoản 2 in Điều 10; khoản 2–4 become 3–5, the old khoản 2
                           reworded
ris-inserted               the bundled Dự thảo 2 (Word automatic numbering): b1) and 2.2a.
                           typed between numbered paragraphs, a point added to an
                           automatic list
annex-units                Phụ lục I: item 1a. and point c1) inserted; criteria-table row 12
                           deleted, rows 13–14 renumbered 12–13, a new row 14 added, a cell
                           of row 10 changed
=========================  ===============================================================

Truth (``<name>.json``): ``added`` (new ids), ``deleted`` (old ids), ``pairs`` (old id →
new id, with the change expected: modified, moved), ``renamed`` (old id → new id, text
unchanged: the renumbering), ``splits`` ([old, [new…]]) and ``merges`` ([[old…], new]);
every other old clause keeps its id and text; ``base`` names the old file. Files:
``base.docx`` (the decree), ``annex-base.docx`` (its Phụ lục I), ``ris-base.docx`` (the
bundled Dự thảo 2),
``<name>.docx`` (python-docx), ``<name>.lo.docx`` (LibreOffice). The scoring is
tests/test_redraft_corpus.py.

Usage: python scripts/build_redraft_corpus.py [NAME…]  (needs ../shared and LibreOffice)
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_numbering_fixtures import convert  # noqa: E402  (the same LibreOffice call)

ROOT = Path(__file__).resolve().parent.parent
ND30 = ROOT.parent / "shared" / "reference" / "nd30-2020"
OUT = ROOT / "tests" / "fixtures" / "redrafts"


class Draft:
    """The decree's body paragraphs, addressed by their original 1-based position."""

    def __init__(self, path: Path):
        self.document = docx.Document(str(path))
        self.p = [None] + list(self.document.paragraphs)

    @staticmethod
    def set_text(paragraph, text: str) -> None:
        runs = [r for r in paragraph.runs]
        if not runs:
            paragraph.add_run(text)
            return
        runs[0].text = text
        for run in runs[1:]:
            run._r.getparent().remove(run._r)

    def insert_after(self, anchor, text: str, like=None):
        """A new paragraph after ``anchor`` (a position or a paragraph), a copy of ``like``."""
        anchor = self.p[anchor] if isinstance(anchor, int) else anchor
        model = self.p[like] if isinstance(like, int) else (like or anchor)
        element = copy.deepcopy(model._p)
        anchor._p.addnext(element)
        paragraph = docx.text.paragraph.Paragraph(element, anchor._parent)
        self.set_text(paragraph, text)
        return paragraph

    def delete(self, index: int) -> None:
        element = self.p[index]._p
        element.getparent().remove(element)

    def move_after(self, index: int, anchor) -> None:
        anchor = self.p[anchor] if isinstance(anchor, int) else anchor
        anchor._p.addnext(self.p[index]._p)

    def replace(self, index: int, old: str, new: str) -> None:
        text = self.p[index].text
        if old not in text:
            raise SystemExit(f"p{index}: “{old}” not in “{text[:80]}”")
        self.set_text(self.p[index], text.replace(old, new, 1))

    def renumber(self, index: int, old: str, new: str) -> None:
        text = self.p[index].text
        if not text.startswith(old):
            raise SystemExit(f"p{index} does not start with “{old}”: “{text[:40]}”")
        self.set_text(self.p[index], new + text[len(old):])

    def save(self, path: Path) -> None:
        self.document.save(str(path))


def _article_paragraphs(draft: Draft) -> dict[int, int]:
    """Original position of each "Điều N." paragraph."""
    out = {}
    for i, p in enumerate(draft.p[1:], start=1):
        text = p.text.strip()
        if text.startswith("Điều ") and text[5:].split(".")[0].isdigit():
            out[int(text[5:].split(".")[0])] = i
    return out


def _renamed_article(old: int, new: int, ids: list[str]) -> dict[str, str]:
    prefix = f"D{old}"
    return {i: f"D{new}" + i[len(prefix):] for i in ids
            if i == prefix or i.startswith(prefix + ".")}


# ----------------------------------------------------------------- the redrafts
def insert_article(d: Draft) -> dict:
    a = d.insert_after(50, "Điều 5a. Giá trị pháp lý của bản sao văn bản điện tử", like=51)
    b = d.insert_after(a, "1. Bản sao văn bản điện tử được thực hiện từ bản gốc văn bản "
                          "điện tử có giá trị pháp lý như bản chính.", like=50)
    d.insert_after(b, "2. Việc sao văn bản điện tử sang văn bản giấy và ngược lại được thực "
                      "hiện theo quy định tại Mục 3 Chương III Nghị định này.", like=50)
    return {"added": ["D5a", "D5a.k1", "D5a.k2"]}


def insert_article_renumber(d: Draft, ids: list[str]) -> dict:
    articles = _article_paragraphs(d)
    renamed = {}
    for n in range(38, 8, -1):
        d.renumber(articles[n], f"Điều {n}.", f"Điều {n + 1}.")
        renamed.update(_renamed_article(n, n + 1, ids))
    a = d.insert_after(85, "Điều 9. Ngôn ngữ và chữ viết của văn bản", like=86)
    b = d.insert_after(a, "1. Văn bản hành chính được thể hiện bằng tiếng Việt, trừ trường "
                          "hợp luật có quy định khác.", like=85)
    d.insert_after(b, "2. Chữ viết trong văn bản là chữ quốc ngữ, dùng phông chữ tiếng Việt "
                      "của bộ mã ký tự Unicode theo Tiêu chuẩn Việt Nam TCVN 6909:2001.",
                   like=85)
    return {"added": ["D9", "D9.k1", "D9.k2"], "renamed": renamed}


def insert_units(d: Draft) -> dict:
    d.insert_after(16, "1a. Nghị định này cũng áp dụng đối với đơn vị sự nghiệp công lập "
                       "không thuộc cơ quan, tổ chức quy định tại khoản 1 Điều này.")
    c1 = d.insert_after(73, "c1) Mã định danh của văn bản điện tử.")
    d.insert_after(c1, "c2) Ký hiệu mật mã của văn bản khi gửi qua mạng diện rộng.")
    d.insert_after(75, "đ1) Căn cứ ban hành văn bản, trong trường hợp văn bản có căn cứ.")
    d.insert_after(79, "i1) Số trang của văn bản, nếu văn bản có từ hai trang trở lên.")
    return {"added": ["D2.k1a", "D8.k2.c1", "D8.k2.c2", "D8.k2.đ1", "D8.k2.i1"]}


def delete_renumber(d: Draft) -> dict:
    d.delete(31)
    renamed = {}
    for k in range(13, 18):
        d.renumber(19 + k, f"{k}.", f"{k - 1}.")
        renamed[f"D3.k{k}"] = f"D3.k{k - 1}"
    d.delete(82)
    return {"deleted": ["D3.k12", "D8.k3.b"], "renamed": renamed}


def delete_and_reuse_number(d: Draft) -> dict:
    d.delete(76)
    d.set_text(d.p[77], "e) Chức vụ, họ tên và chữ ký của người có thẩm quyền ký ban hành "
                        "văn bản.")
    d.renumber(78, "h)", "g)")
    d.renumber(79, "i)", "h)")
    d.set_text(d.p[99], "2. Văn thư cơ quan kiểm tra lần cuối số trang, phụ lục kèm theo và "
                        "lưu một bản thảo đã được duyệt tại hồ sơ công việc.")
    return {"deleted": ["D8.k2.e", "D11.k2"], "added": ["D11.k2"],
            "pairs": {"D8.k2.g": ["D8.k2.e", "modified"]},
            "renamed": {"D8.k2.h": "D8.k2.g", "D8.k2.i": "D8.k2.h"}}


def move(d: Draft) -> dict:
    d.move_after(95, 99)          # khoản 3 keeps its words and its number "3." in Điều 11
    d.renumber(96, "4.", "3.")
    return {"pairs": {"D10.k3": ["D11.k3", "moved"]}, "renamed": {"D10.k4": "D10.k3"}}


def split(d: Draft) -> dict:
    d.set_text(d.p[99], "2. Trường hợp bản thảo văn bản đã được phê duyệt nhưng cần sửa chữa, "
                        "bổ sung")
    d.insert_after(99, "2a. Việc sửa chữa, bổ sung bản thảo văn bản đã được phê duyệt thì "
                       "phải trình người có thẩm quyền ký xem xét, quyết định.")
    text = d.p[101].text
    d.set_text(d.p[101], "1. Người đứng đầu đơn vị soạn thảo văn bản phải kiểm tra nội dung "
                         "văn bản.")
    d.insert_after(101, "2. Người đứng đầu đơn vị soạn thảo văn bản chịu trách nhiệm trước "
                        "người đứng đầu cơ quan, tổ chức và trước pháp luật về nội dung văn bản.")
    assert text.startswith("1. Người đứng đầu")
    d.renumber(102, "2.", "3.")
    return {"splits": [["D11.k2", ["D11.k2", "D11.k2a"]], ["D12.k1", ["D12.k1", "D12.k2"]]],
            "renamed": {"D12.k2": "D12.k3"}}


def merge(d: Draft) -> dict:
    first = d.p[101].text
    second = d.p[102].text
    d.set_text(d.p[101], first.rstrip(".") + "; " + second[3].lower() + second[4:])
    d.delete(102)
    return {"merges": [[["D12.k1", "D12.k2"], "D12.k1"]]}


def modify(d: Draft) -> dict:
    d.replace(17, "tổ chức xã hội - nghề nghiệp", "tổ chức xã hội - nghề nghiệp, hội")
    d.replace(41, "phải được soạn thảo", "phải được soạn thảo, ban hành")
    d.replace(68, "Thể thức văn bản", "Thể thức và thành phần của văn bản")
    d.replace(65, "THỂ THỨC, KỸ THUẬT TRÌNH BÀY", "THỂ THỨC, KỸ THUẬT TRÌNH BÀY, PHÁT HÀNH")
    return {"pairs": {"D2.k2": ["D2.k2", "modified"], "D4.k2.a": ["D4.k2.a", "modified"],
                      "D8": ["D8", "modified"], "C2.M1": ["C2.M1", "modified"]}}


def renumber_and_modify(d: Draft, ids: list[str]) -> dict:
    """A new Điều 9 (the rest renumbered) and edits in some of the renumbered articles."""
    truth = insert_article_renumber(d, ids)
    d.replace(86, "Kỹ thuật trình bày văn bản", "Kỹ thuật trình bày văn bản hành chính")
    d.replace(92, "người đứng đầu cơ quan, tổ chức", "người đứng đầu cơ quan, tổ chức, đơn vị")
    d.replace(102, "phải kiểm tra", "phải kiểm tra kỹ")
    renamed = truth["renamed"]
    truth["pairs"] = {old: [renamed.pop(old), "modified"] for old in ("D9", "D10.k1", "D12.k2")}
    return truth


def insert_clause_renumber(d: Draft) -> dict:
    """A new khoản 2 in Điều 10, khoản 2–4 become 3–5, the old khoản 2 reworded too."""
    d.insert_after(92, "2. Việc soạn thảo văn bản điện tử được thực hiện trên Hệ thống quản lý "
                       "tài liệu điện tử của cơ quan, tổ chức.")
    d.renumber(93, "2.", "3.")
    d.replace(93, "Xác định tên loại", "Xác định hình thức, tên loại")
    d.renumber(95, "3.", "4.")
    d.renumber(96, "4.", "5.")
    return {"added": ["D10.k2"], "pairs": {"D10.k2": ["D10.k3", "modified"]},
            "renamed": {"D10.k3": "D10.k4", "D10.k4": "D10.k5"}}


def annex_units(d: Draft) -> dict:
    """Phụ lục I: an inserted item 1a. and point c1), a criteria-table row deleted (the
    rows after it renumbered), a row added at the end with the freed number, a cell
    changed."""
    d.insert_after(11, "1a. Màu chữ: Màu đen, trừ trường hợp văn bản có quy định khác.")
    d.insert_after(36, "c1) Ký hiệu của văn bản điện tử được trình bày như ký hiệu của văn "
                       "bản giấy.")
    table = d.document.tables[2]
    rows = list(table.rows)

    def set_cells(row, texts):
        for cell, text in zip(row.cells, texts):
            if text is not None:
                Draft.set_text(cell.paragraphs[0], text)

    last = rows[60]
    new_row = copy.deepcopy(last._tr)
    last._tr.addnext(new_row)
    set_cells(docx.table._Row(new_row, table),
              ["14", "Mã định danh của văn bản điện tử", "In thường", "10", "Đứng"])
    set_cells(rows[60], ["13", None, None, None, None])     # t2.r61, STT 14
    set_cells(rows[59], ["12", None, None, None, None])     # t2.r60, STT 13
    set_cells(rows[56], [None, None, None, "13", None])     # t2.r57, STT 10
    rows[58]._tr.getparent().remove(rows[58]._tr)           # t2.r59, STT 12
    return {"base": "annex-base.docx", "added": ["P1.I.1a", "P1.II.3.c1", "P1.V.r14"],
            "deleted": ["P1.V.r12"], "pairs": {"P1.V.r10": ["P1.V.r10", "modified"]},
            "renamed": {"P1.V.r13": "P1.V.r12", "P1.V.r14": "P1.V.r13"}}


def _unnumbered_copy(d: Draft, anchor: int, text: str, like: int | None = None):
    """A paragraph after ``anchor`` like ``like`` but with its number typed, not Word's."""
    paragraph = d.insert_after(anchor, text, like=like)
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        ppr.remove(ppr.numPr)
    return paragraph


def ris_inserted(d: Draft) -> dict:
    """The bundled Dự thảo 2 (Word automatic numbering): units inserted the amending way
    typed between automatically numbered ones — point b1) after b), item 2.2a. after the
    points of 2.2 — and a point added at the end of 4.3 in the automatic list."""
    b1 = _unnumbered_copy(d, 14, "b1) Có bản sao dữ liệu hình ảnh lưu tại địa điểm khác với "
                                 "địa điểm đặt máy chủ.")
    assert b1 is not None
    _unnumbered_copy(d, 16, "2.2a. Hệ thống lưu trữ hình ảnh dự phòng bảo đảm khôi phục dữ "
                            "liệu trong vòng 24 giờ.", like=12)
    d.insert_after(29, "Xuất hình ảnh ra đĩa CD/DVD hoặc thiết bị lưu trữ di động cho người "
                       "bệnh khi có yêu cầu.")
    return {"base": "ris-base.docx", "added": ["IV.2.2.b1", "IV.2.2a", "IV.4.3.d"]}


def _merge_truths(*truths: dict) -> dict:
    out: dict = {}
    for truth in truths:
        for key, value in truth.items():
            if isinstance(value, dict):
                out.setdefault(key, {}).update(value)
            else:
                out.setdefault(key, []).extend(value)
    return out


def all_at_once(d: Draft) -> dict:
    return _merge_truths(insert_article(d), insert_units(d), move(d), merge(d), modify(d))


def main() -> None:
    from consultkit import parse_clauses   # only to list the base's ids for renaming

    base = ND30 / "nd30_30_2020_ND_CP.docx"
    if not base.exists():
        sys.exit(f"{base} is missing (../shared beside the project)")
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, OUT / "base.docx")
    annex = ND30 / "nd30_Phuluc1.docx"
    shutil.copyfile(annex, OUT / "annex-base.docx")
    ids = list(parse_clauses(base).clause_id)
    ris = ROOT / "data" / "consultations" / "ris-pacs-2021" / "versions" / "du-thao-2.docx"
    shutil.copyfile(ris, OUT / "ris-base.docx")
    makers = {"ris-inserted": ris_inserted, "renumber-and-modify": lambda d: renumber_and_modify(d, ids),
              "insert-clause-renumber": insert_clause_renumber, "annex-units": annex_units,
              "insert-article": insert_article,
              "insert-article-renumber": lambda d: insert_article_renumber(d, ids),
              "insert-units": insert_units, "delete-renumber": delete_renumber,
              "delete-and-reuse-number": delete_and_reuse_number, "move": move,
              "split": split, "merge": merge, "modify": modify, "all": all_at_once}
    only = set(sys.argv[1:])
    for name, make in makers.items():
        if only and name not in only:
            continue
        draft = Draft(annex if name.startswith("annex") else ris if name.startswith("ris")
                      else base)
        truth = make(draft)
        truth.setdefault("base", "base.docx")
        path = OUT / f"{name}.docx"
        draft.save(path)
        (OUT / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1,
                                                     sort_keys=True), encoding="utf-8")
        lo = convert(convert(path, "odt", OUT / "tmp"), "docx:MS Word 2007 XML", OUT / "tmp")
        shutil.move(lo, OUT / f"{name}.lo.docx")
        print(name, "→", path.name, f"{name}.lo.docx")
    shutil.rmtree(OUT / "tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
