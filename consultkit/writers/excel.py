"""Excel exports that Excel never evaluates: formula-like cells are neutralised
(by :func:`consultkit.writers.cells.neutralise`, shared with every CSV export).

A comment that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) would be run as a formula when the drafter opens the file (CSV/
formula injection, OWASP). Every such text cell is written as a string with a
leading apostrophe, which Excel shows as text and never evaluates.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ExportError
from .. import text as vt

from .cells import FORMULA_PREFIXES, neutralise   # the one formula-safety function

_MAX_WIDTH = 60


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return neutralise(", ".join(str(v) for v in value))
    if isinstance(value, dict):
        return neutralise("; ".join(f"{k}: {v}" for k, v in value.items()))
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (dt.date, dt.datetime, bool, int, float)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return neutralise(str(value))


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet_name: str = "Tổng hợp") -> Path:
    """Write ``frame`` to ``path`` (.xlsx): bold wrapped header, sized columns, frozen header row.

    Text cells starting with = + - @ (or tab/CR) are stored as text with a
    leading apostrophe, so Excel shows them and never evaluates them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "-", vt.normalize(sheet_name))[:31] or "Sheet1"
    header = [neutralise(str(c)) for c in frame.columns]
    ws.append(header)
    widths = [len(h) for h in header]
    for row in frame.itertuples(index=False, name=None):
        values = [_cell_value(v) for v in row]
        ws.append(values)
        for j, v in enumerate(values):
            if v is not None:
                longest = max((len(line) for line in str(v).split("\n")), default=0)
                widths[j] = max(widths[j], longest)
    bold = Font(bold=True, name="Times New Roman")
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # cannot happen after neutralise; belt and braces
                cell.value = "'" + str(cell.value)
                cell.data_type = "s"
            cell.alignment = wrap
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(_MAX_WIDTH, max(8, width + 2))
    ws.freeze_panes = "A2"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
    except OSError as exc:
        raise ExportError(f"không ghi được tệp Excel ({exc.strerror or exc})", path=path,
                          hint="Đóng tệp nếu đang mở trong Excel, hoặc chọn thư mục khác") from exc
    return path


__all__ = ["write_xlsx", "neutralise", "FORMULA_PREFIXES"]
