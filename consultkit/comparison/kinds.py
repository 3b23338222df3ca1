"""What a comparison says about a unit: the change kinds and their Vietnamese labels.

The bottom of :mod:`consultkit.comparison`: :mod:`.amend`, :mod:`.html` and
:mod:`.core` read these; this module reads none of them.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

__all__ = ["CHANGE_LABELS", "CHANGE_KINDS", "ComparisonLike"]

CHANGE_LABELS = {
    "unchanged": "Không thay đổi",
    "modified": "Sửa đổi",
    "added": "Bổ sung",
    "deleted": "Bãi bỏ",
    "moved": "Chuyển vị trí",
    "renumbered": "Đánh số lại",
    "split": "Tách",
    "merged": "Gộp",
    "moved+modified": "Chuyển vị trí và sửa đổi",
    "renumbered+modified": "Đánh số lại và sửa đổi",
}
CHANGE_KINDS = tuple(CHANGE_LABELS)


class ComparisonLike(Protocol):
    """What the wording and the HTML view read from a comparison
    (:class:`consultkit.comparison.core.Comparison` is one)."""

    table: pd.DataFrame
    old: pd.DataFrame
    new: pd.DataFrame
