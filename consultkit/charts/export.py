"""Writing a figure to .html (always) or to an image through kaleido."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go

from ..errors import ExportError


# --- export ----------------------------------------------------------------------------

_STATIC = {".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp"}


def _browser() -> str:
    """The Chrome/Chromium kaleido will use; sets BROWSER_PATH if it was unset."""
    path = os.environ.get("BROWSER_PATH")
    if path:
        if not Path(path).is_file():
            raise ExportError(f"BROWSER_PATH chỉ đến {path}, tệp này không tồn tại",
                              hint="Đặt BROWSER_PATH chỉ đến Chrome hoặc Chromium, cài Chromium "
                                   "('make system-deps'), hoặc lưu biểu đồ dưới dạng .html")
        return path
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome"), shutil.which("chrome")):
        if candidate and Path(candidate).is_file():
            os.environ["BROWSER_PATH"] = candidate
            return candidate
    raise ExportError("không tìm thấy Chrome hoặc Chromium, cần có để xuất PNG/SVG/PDF",
                      hint="Cài Chromium ('make system-deps') hoặc đặt BROWSER_PATH; "
                           "lưu biểu đồ dưới dạng .html luôn được")


def save_figure(fig: go.Figure, path: str | Path, *, width: int = 1100, height: int | None = None,
                scale: float = 2.0) -> Path:
    """Write ``fig`` to ``path``; the format follows the suffix.

    ``.html`` always works (plotly.js inline: the file opens without internet).
    ``.png``/``.svg``/``.pdf`` go through kaleido and need Chrome/Chromium;
    without one an :class:`~consultkit.errors.ExportError` says what to do.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _STATIC | {".html", ".htm"}:
        raise ExportError(f"không lưu được biểu đồ dưới dạng '{suffix or path.name}'", path=path,
                          hint="Dùng .html, .png, .svg hoặc .pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in {".html", ".htm"}:
        fig.write_html(path, include_plotlyjs=True, full_html=True,
                       config={"displaylogo": False, "locale": "vi"})
        return path
    _browser()
    height = height or fig.layout.height or 600
    try:
        fig.write_image(path, format=suffix.lstrip(".").replace("jpg", "jpeg"),
                        width=width, height=height, scale=scale if suffix != ".svg" else 1)
    except Exception as exc:  # kaleido/choreographer raise many kinds
        raise ExportError(f"Chromium không vẽ được biểu đồ ({type(exc).__name__}: "
                          f"{exc})", path=path,
                          hint="Kiểm tra BROWSER_PATH chỉ đến Chrome/Chromium dùng được, "
                               "hoặc lưu biểu đồ dưới dạng .html") from exc
    return path
