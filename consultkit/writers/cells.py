"""The one place that makes a cell safe for a spreadsheet (CSV and .xlsx exports).

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is run as a formula when a drafter opens the export in Excel or LibreOffice
(CSV/formula injection, OWASP). :func:`neutralise` gives such a text a leading
apostrophe, which spreadsheets show as text and never evaluate; the rest of the
text is kept as written, so a bullet such as ``- bổ sung khoản 2`` stays
readable (``'- bổ sung khoản 2``). The full-width forms ``＝ ＋ － ＠`` (which
Excel with an East-Asian input method also evaluates) and text whose first
non-blank character is a trigger (`` =1+1``) are treated the same way; a lone
``-`` (a bullet's number) cannot be a formula and is left as it is.
Control characters that .xlsx cannot hold are dropped.

Every CSV writer of consultkit goes through :func:`to_csv`, every .xlsx writer
through :func:`neutralise` (:func:`consultkit.writers.excel.write_xlsx`).

>>> neutralise('=HYPERLINK("http://x")')
'\\'=HYPERLINK("http://x")'
>>> neutralise("- bổ sung khoản 2")
"'- bổ sung khoản 2"
>>> neutralise("Đề nghị sửa khoản 2")
'Đề nghị sửa khoản 2'
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd

from .. import text as vt

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
_ILLEGAL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"}


def is_formula_like(value: str) -> bool:
    """True when a spreadsheet could run ``value`` as a formula."""
    if not value or value == "-":   # a lone dash (a bullet's number) cannot be a formula
        return False
    if value[0] in _TRIGGERS:
        return True
    stripped = value.lstrip(" \u00a0")
    return bool(stripped) and stripped[0] in _TRIGGERS


def neutralise(value: Any) -> Any:
    """Text that could be read as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str):
        if any(ch in _ILLEGAL for ch in value):
            value = "".join(ch for ch in value if ch not in _ILLEGAL)
        value = vt.nfc(value)
        if is_formula_like(value):
            return "'" + value
    return value


def _line_breaks(value: str) -> str:
    """CR LF and lone CR as LF: a CSV writer quotes a cell with LF, not always one with CR."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def safe_frame(frame: pd.DataFrame, *, for_csv: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` whose every text cell and column name is :func:`neutralise`-d.

    ``for_csv``: line breaks inside cells become LF after neutralising, so
    every cell with a break is quoted and read back as one cell.
    """
    def safe(value):
        if isinstance(value, (tuple, list)):
            value = str(value)
        if not isinstance(value, str):
            return value
        value = neutralise(value)
        return _line_breaks(value) if for_csv else value

    out = frame.copy()
    out.columns = [safe(str(c)) for c in out.columns]
    for index in range(out.shape[1]):
        column = out.iloc[:, index]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            out.isetitem(index, column.map(safe))
    return out


def to_csv(frame: pd.DataFrame, path: str | Path | None = None, *, encoding: str = "utf-8",
           lineterminator: str = "\n") -> str | Path:
    """Write ``frame`` as CSV with every cell made safe; the text when ``path`` is None.

    Quoting is minimal (as pandas/Excel write it); a cell with a separator,
    quote or line break is quoted.
    """
    safe = safe_frame(frame, for_csv=True)
    if path is None:
        return safe.to_csv(index=False, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    path = Path(path)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    path.write_text(buffer.getvalue(), encoding=encoding, newline="")
    return path


__all__ = ["neutralise", "safe_frame", "to_csv", "is_formula_like", "FORMULA_PREFIXES"]
