"""What the house-style modules share: the ND 30/2020 constants and the text width.

The bottom of ``writers/style*.py`` (with :func:`save_document`, which writers that
build no house-style page use on their own): :mod:`.style_table` and :mod:`.style_check` take
their constants from here, and :mod:`.style` (which re-exports them) builds on both.
"""

from __future__ import annotations

from docx.shared import Cm

FONT = "Times New Roman"
#: Margins in millimetres, inside the ranges of Phụ lục I, I.3
#: (top/bottom 20–25, left 30–35, right 15–20).
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
#: The allowed ranges, used by :func:`check_document`.
MARGIN_RANGES_MM = {"top": (20.0, 25.0), "bottom": (20.0, 25.0), "left": (30.0, 35.0),
                    "right": (15.0, 20.0)}
A4_MM = (210.0, 297.0)

#: Sizes (pt) chosen inside the ranges of Phụ lục I, V.
SIZE = {
    "parent_issuer": 12, "issuer": 12, "national_name": 12, "motto": 13, "number": 13,
    "place_date": 14, "subject": 13, "title": 14, "subtitle": 14, "addressees": 14,
    "body": 14, "recipients_label": 12, "recipients": 11, "signer_title": 14,
    "signer_name": 14, "page_number": 13, "table": 12, "annex_title": 14,
}
BODY_INDENT = Cm(1.27)
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
#: Placeholder shown for a blank form field (number, day, month).
BLANK = "…"


def page_text_width(doc) -> int:
    """Width of the text area of the last section, in EMU."""
    section = doc.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def save_document(doc, path, *, what: str = "the document"):
    """Save ``doc`` to ``path`` (folders created); a write failure is an ExportError."""
    from pathlib import Path

    from ..errors import ExportError

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))
    except OSError as exc:
        # Shown as is in the notebooks' widgets: in Vietnamese.
        raise ExportError(f"không ghi được tệp ({exc.strerror or exc})", path=path,
                          hint="Đóng tệp nếu đang mở trong Word, hoặc chọn thư mục khác") from exc
    return path


__all__ = ["FONT", "MARGINS_MM", "MARGIN_RANGES_MM", "A4_MM", "SIZE", "BODY_INDENT", "NATIONAL_NAME",
           "MOTTO", "BLANK", "page_text_width", "save_document"]
