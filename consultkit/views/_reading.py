"""How a comment was read, as HTML for the triage view.

* OCR comments: the source kind and confidence, the text with each doubtful word marked
  (``<mark>``), the corrections made, and the page image itself (rendered at
  :data:`PAGE_DPI` on demand, in a ``<details>`` block: the "link" to the scan);
* a change proposed in a returned draft: the word diff against the clause of the draft
  (``<del>``/``<ins>``), computed from the clause text and ``proposed``;
* any other notes (legacy fonts converted, covering letter used).
All text is escaped.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from ._html import esc, esc_multiline

PAGE_DPI = 80


def marked_text(text: str, doubtful) -> str:
    """Escaped text with the doubtful words in ``<mark>`` (whole words only)."""
    words = {w for w in (doubtful or ()) if w}
    if not words:
        return esc_multiline(text)
    pattern = re.compile("(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?=\s|$)")
    parts = []
    last = 0
    for match in pattern.finditer(text or ""):
        start = match.start()
        if start and not (text[start - 1].isspace()):
            continue
        parts.append(esc_multiline(text[last:start]))
        parts.append(f'<mark title="cần kiểm tra">{esc(match.group(0))}</mark>')
        last = match.end()
    parts.append(esc_multiline((text or "")[last:]))
    return "".join(parts)


def page_image_html(source: str, base: Path | None) -> str:
    """The scanned page named by ``source`` ("inbox/x.pdf#page2") as an inline image, or ''."""
    if base is None or "#page" not in (source or ""):
        return ""
    label, _, page = source.partition("#page")
    path = Path(base) / label
    if not path.is_file() or not page.isdigit():
        return ""
    try:
        from ..readers.ocr import page_images

        images = page_images(path, dpi=PAGE_DPI)
        image = images[int(page) - 1] if path.suffix.lower() == ".pdf" else images[0]
    except Exception:  # noqa: BLE001 - a missing or broken scan must not break the view
        return ""
    image.thumbnail((900, 1300))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<details><summary>Xem trang quét ({esc(label)}, trang {esc(page)})</summary>'
            f'<img alt="trang quét" style="max-width:100%" src="data:image/png;base64,{data}">'
            f"</details>")


def reading_html(row: dict, clause_text: dict, base: Path | None) -> tuple[str, str]:
    """(text HTML, extra HTML under it) for a comment row of the register."""
    kind = row.get("source_kind") or "digital"
    notes = row.get("notes") or ""
    extra = []
    if kind == "ocr":
        confidence = row.get("confidence")
        doubtful = tuple(row.get("doubtful") or ())
        head = "Nhận dạng chữ (OCR) từ bản quét"
        if confidence == confidence and confidence is not None:
            head += f", độ tin cậy {float(confidence):.0f}%"
        if doubtful:
            head += f"; {len(doubtful)} từ cần kiểm tra (tô vàng)"
        extra.append(f'<div class="ck-warn">{esc(head)}</div>')
        text = marked_text(row.get("text") or "", doubtful)
        image = page_image_html(row.get("source") or "", base)
        if image:
            extra.append(image)
    else:
        text = marked_text(row.get("text") or "", row.get("doubtful"))
    proposed = row.get("proposed") or ""
    ids = tuple(row.get("clause_ids") or ())
    if proposed and (row.get("text") or "").startswith("Đề xuất bổ sung"):
        extra.append(f"<div>Đề xuất bổ sung vào dự thảo:<p><ins>{esc(proposed)}</ins></p></div>")
    elif proposed and ids and clause_text.get(ids[0]):
        from ..comparison.html import ops_to_html
        from ..comparison.worddiff import word_diff

        diff = ops_to_html(word_diff(clause_text[ids[0]], proposed))
        extra.append(f"<div>Đề xuất sửa so với dự thảo:<p>{diff}</p></div>")
    if notes:
        extra.append(f'<div class="ck-muted">Ghi chú khi đọc: {esc(notes)}</div>')
    return text, "".join(extra)
