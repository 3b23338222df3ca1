"""Notebook views (ipywidgets): small classes over the library's pure functions.

Only this package imports ipywidgets. Each view builds its widgets in
``__init__``, keeps them as attributes (so tests can set ``.value`` and call
``.click()``), and displays as its ``widget`` box in a notebook.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ClauseDiffViewer": "consultkit.views.diff_viewer",
    "ClauseEditor": "consultkit.views.editor",
    "frame_table": "consultkit.views._html",
    "ident": "consultkit.views.diff_viewer",
    "CommentTriage": "consultkit.views.triage",
    "ClusterTriage": "consultkit.views.cluster_triage",
    "ResponseTracker": "consultkit.views.tracker",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'consultkit.views' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
