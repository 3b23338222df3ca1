"""Bản tổng hợp, tiếp thu, giải trình: the public face of the synthesis.

The table and its numbers are in :mod:`.synthesis_table` (pure, over frames), the Word
document in :mod:`.synthesis_doc` (which builds on the table); this module re-exports
both, so ``consultkit.writers.synthesis`` is the one name to import.
"""

from __future__ import annotations

from .synthesis_doc import summary_paragraphs, write_synthesis
from .synthesis_table import (ANSWER_LEADS, COLUMNS, EXTRA, STATUS_LABELS, WIDTHS_MM, synthesis_numbers,
                              synthesis_table, table_comments)

__all__ = ["synthesis_table", "synthesis_numbers", "write_synthesis", "summary_paragraphs",
           "table_comments", "COLUMNS", "EXTRA", "WIDTHS_MM", "STATUS_LABELS", "ANSWER_LEADS"]
