"""Write the bundled amending document implied by the latest draft (illustrative).

``data/consultations/ris-pacs-2021/amending/sua-doi-du-thao-2.md`` is generated: its
Điều 1 is ``compare(hien-hanh, du-thao-2).amending_text(document="Phụ lục 1")``, framed
by the header, title and article on effect of a Thông tư, and labelled as illustrative
like the versions. It is checked by consolidation: applied to ``hien-hanh`` it must give
``du-thao-2`` unit for unit (tests/test_consolidation_roundtrip.py re-runs :func:`build`
and the check, so the bundled file cannot drift).

Run: ``.venv/bin/python scripts/build_amending_example.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE = ROOT / "data" / "consultations" / "ris-pacs-2021"
TARGET = WORKSPACE / "amending" / "sua-doi-du-thao-2.md"

NOTE = ("> Văn bản minh họa — không phải văn bản pháp lý chính thức. Văn bản sửa đổi dưới đây do "
        "consultkit tự soạn từ bản so sánh giữa văn bản hiện hành và dự thảo lần 2 (lời văn sửa "
        "đổi, bổ sung của `consultkit compare … --format amend`) và đã được kiểm tra bằng cách "
        "hợp nhất (`consultkit consolidate`): áp dụng vào văn bản hiện hành thì được đúng dự thảo "
        "lần 2. Số, ngày ký và ngày có hiệu lực để trống; không dùng để trích dẫn hoặc áp dụng.")

HEADER = """BỘ Y TẾ

Số:      /2021/TT-BYT

Hà Nội, ngày      tháng      năm 2021

**THÔNG TƯ**

**Sửa đổi, bổ sung Mục IV Phụ lục 1 ban hành kèm theo Thông tư số 54/2017/TT-BYT ngày 29 tháng 12 năm 2017 của Bộ trưởng Bộ Y tế quy định Bộ tiêu chí ứng dụng công nghệ thông tin tại các cơ sở khám bệnh, chữa bệnh**

Căn cứ Luật Khám bệnh, chữa bệnh;

Theo đề nghị của Cục trưởng Cục Công nghệ thông tin;

Bộ trưởng Bộ Y tế ban hành Thông tư sửa đổi, bổ sung Mục IV Phụ lục 1 ban hành kèm theo Thông tư số 54/2017/TT-BYT.
"""

FOOTER = """**Điều 2. Hiệu lực thi hành**

Thông tư này có hiệu lực thi hành kể từ ngày      tháng      năm 2021.
"""


def build() -> str:
    """The text of the amending document (Markdown, one paragraph a line)."""
    sys.path.insert(0, str(ROOT))
    from consultkit.clauses.parse import parse_clauses
    from consultkit.comparison.core import compare

    versions = WORKSPACE / "versions"
    cmp = compare(parse_clauses(versions / "hien-hanh.md"), parse_clauses(versions / "du-thao-2.md"))
    body = cmp.amending_text(document="Phụ lục 1").split("\n")
    body[0] = f"**{body[0]}**"
    return "\n\n".join([NOTE, HEADER.strip(), *body, FOOTER.strip()]) + "\n"


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(build(), encoding="utf-8")
    print("wrote", TARGET)


if __name__ == "__main__":
    main()
