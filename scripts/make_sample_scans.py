"""Add the SYNTHETIC scanned letters and the returned draft to the bundled sample inbox.

    python scripts/make_sample_scans.py [--out DIR]

Writes three files next to those of scripts/make_sample_inbox.py (run that one first):

* ``ban-quet-so-y-te-quang-ninh.pdf``: a reply letter written as .docx, printed by
  LibreOffice, rasterised at 300 dpi, turned by 1.6°, speckled, stamped in red and signed in
  blue, saved as an image-only PDF (scripts/make_scans.py);
* ``ban-quet-benh-vien-viet-duc.jpg``: another letter, a clean scan saved as JPEG;
* ``du-thao-gop-y-so-y-te-khanh-hoa.docx``: the draft du-thao-2.docx sent back with tracked
  changes and Word comments (tests/returned_docs.py), its company set to the unit.

Every file is labelled synthetic: the letters carry the sample label as their first line and
the scans print "BẢN QUÉT TỔNG HỢP …" in the bottom margin; the draft's first paragraph and
its document properties carry the label. The images depend on the LibreOffice version that
renders the letters, so unlike make_sample_inbox.py the output is not byte-identical across
machines (tests check what is read from the files, not their bytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
INBOX = ROOT / "data" / "consultations" / "ris-pacs-2021" / "inbox"
DRAFT = ROOT / "data" / "consultations" / "ris-pacs-2021" / "versions" / "du-thao-2.docx"
#: the sample files this script writes (tests/test_intake.py knows them by these names)
NAMES = ("ban-quet-so-y-te-quang-ninh.pdf", "ban-quet-benh-vien-viet-duc.jpg",
         "du-thao-gop-y-so-y-te-khanh-hoa.docx")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LETTERS = [
    {"name": NAMES[0], "quality": "noisy", "skew": 1.6, "seed": 11,
     "organs": ("UBND TỈNH QUẢNG NINH", "SỞ Y TẾ"), "number": "1830/SYT-NVY", "place": "Quảng Ninh",
     "date": dt.date(2021, 6, 16),
     "body": ["Phúc đáp Công văn số 512/CNTT-THKCB ngày 04/6/2021 của Cục Công nghệ thông tin, "
              "Sở Y tế Quảng Ninh có ý kiến như sau:",
              "1. Tại điểm a mục 2.2: đề nghị quy định thời gian lưu trữ hình ảnh tại cơ sở tối "
              "thiểu 24 tháng.",
              "2. Đối với mục 5.3: đề nghị Bộ Y tế ban hành hướng dẫn kỹ thuật kết nối với hệ "
              "thống tập trung trước khi áp dụng.",
              "Trên đây là ý kiến của Sở Y tế Quảng Ninh, đề nghị Cục tổng hợp."],
     "signer_title": ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "signer": "Trần Văn Minh"},
    {"name": NAMES[1], "quality": "clean", "skew": None, "seed": 12,
     "organs": ("BỘ Y TẾ", "BỆNH VIỆN HỮU NGHỊ VIỆT ĐỨC"), "number": "2215/BVVĐ-CNTT",
     "place": "Hà Nội", "date": dt.date(2021, 6, 15),
     "body": ["Bệnh viện Hữu nghị Việt Đức nhất trí với nội dung dự thảo Thông tư, đề nghị bổ sung "
              "tại mục 4.3 công cụ so sánh hình ảnh giữa các lần chụp của cùng người bệnh."],
     "signer_title": ("GIÁM ĐỐC",), "signer": "Nguyễn Thị Lan"},
]


def build(out_dir: Path) -> list[Path]:
    inbox = _load("make_sample_inbox")
    scans = _load("make_scans")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="ck-sample-scans-") as tmp:
        for spec in LETTERS:
            source = Path(tmp) / (Path(spec["name"]).stem + ".docx")
            source.write_bytes(inbox.letter_docx(organs=spec["organs"], number=spec["number"],
                                                 place=spec["place"], date=spec["date"],
                                                 body=spec["body"],
                                                 signer_title=spec["signer_title"],
                                                 signer=spec["signer"]))
            pages = scans.scan_pages(source, quality=spec["quality"], seed=spec["seed"],
                                     skew=spec["skew"])
            written.append(scans.save(pages, out_dir / spec["name"]))
    written.append(_returned(out_dir / NAMES[2], inbox.LABEL, inbox.FIXED))
    return written


def _returned(path: Path, label: str, fixed: dt.datetime) -> Path:
    import docx

    from returned_docs import returned_draft

    data = returned_draft(DRAFT.read_bytes(), company="Sở Y tế tỉnh Khánh Hòa")
    document = docx.Document(io.BytesIO(data))
    first = document.paragraphs[0]
    note = first.insert_paragraph_before(label)
    note.runs[0].italic = True
    core = document.core_properties
    core.title = core.comments = label
    core.author = core.last_modified_by = "Phòng Nghiệp vụ Y, Sở Y tế Khánh Hòa (dữ liệu mẫu)"
    core.created = core.modified = fixed
    buffer = io.BytesIO()
    document.save(buffer)
    from returned_docs import set_company

    path.write_bytes(set_company(buffer.getvalue(), "Sở Y tế tỉnh Khánh Hòa"))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=INBOX)
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
