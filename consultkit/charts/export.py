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
            raise ExportError(f"BROWSER_PATH names {path}, which does not exist",
                              hint="Point BROWSER_PATH at Chrome or Chromium, install Chromium "
                                   "('make system-deps'), or save the chart as .html")
        return path
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome"), shutil.which("chrome")):
        if candidate and Path(candidate).is_file():
            os.environ["BROWSER_PATH"] = candidate
            return candidate
    raise ExportError("no Chrome or Chromium found, which PNG/SVG/PDF export needs",
                      hint="Install Chromium ('make system-deps') or set BROWSER_PATH; "
                           "saving the chart as .html always works")


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
        raise ExportError(f"cannot save a chart as '{suffix or path.name}'", path=path,
                          hint="Use .html, .png, .svg or .pdf")
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
        raise ExportError(f"the chart could not be rendered by Chromium ({type(exc).__name__}: "
                          f"{exc})", path=path,
                          hint="Check that BROWSER_PATH points at a working Chrome/Chromium, "
                               "or save the chart as .html") from exc
    return path
