"""Charts for the meeting: plotly figures from consultkit frames.

Each chart is a pure function from DataFrames (with the columns declared in
:mod:`consultkit.schema`) to a ``plotly.graph_objects.Figure``; titles, axis
labels, legends and hover text are Vietnamese. :func:`save_figure` writes a
figure to ``.html`` (always works, plotly.js inline so the file opens offline)
or to ``.png``/``.svg``/``.pdf`` through kaleido, which needs a Chrome or
Chromium (``BROWSER_PATH``; ``/usr/bin/chromium`` is used when present).

>>> from consultkit import charts                                 # doctest: +SKIP
>>> fig = charts.reply_rate_by_group(c.responses())              # doctest: +SKIP
>>> charts.save_figure(fig, "exports/ty-le-tra-loi.html")        # doctest: +SKIP
"""

from ._common import (NO_CLAUSE, NO_COMMENTS, STANCE_COLORS, STANCE_LABELS, STATUS_COLORS,
                      UNKNOWN_GROUP, clause_tick, natural_clause_key, order_clause_ids)
from .comments import clause_group_heatmap, comments_per_clause, dispositions_by_status
from .comparison import change_kinds
from .export import save_figure
from .public import (public_by_province, public_clause_stance, public_cluster_sizes,
                     public_over_time)
from .replies import cumulative_replies, headline, reply_rate_by_group

__all__ = [
    "STANCE_LABELS",
    "reply_rate_by_group",
    "cumulative_replies",
    "comments_per_clause",
    "clause_group_heatmap",
    "dispositions_by_status",
    "change_kinds",
    "headline",
    "save_figure",
    "public_over_time",
    "public_by_province",
    "public_clause_stance",
    "public_cluster_sizes",
    "STANCE_COLORS",
    "STATUS_COLORS",
    "NO_CLAUSE",
    "NO_COMMENTS",
    "UNKNOWN_GROUP",
    "clause_tick",
    "natural_clause_key",
    "order_clause_ids",
]
