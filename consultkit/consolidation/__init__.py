"""Consolidation: amending instructions read and applied to the base text (văn bản hợp nhất).

* :mod:`.grammar` — the grammar of instruction heads ("Sửa đổi, bổ sung khoản 2 Điều 5
  như sau:", "Thay thế cụm từ “…” bằng cụm từ “…” tại …");
* :mod:`.instructions` — :func:`read_amendments`, an amending document → INSTRUCTIONS frame;
* :mod:`.apply` — :func:`consolidate`, base + amending documents → CONSOLIDATED frame
  with a report of what was and was not applied;
* :mod:`.render` — the consolidated text as HTML and Markdown (the .docx is
  :mod:`consultkit.writers.consolidated`).
"""

from .apply import REPEALED, consolidate, surviving
from .instructions import read_amendments

__all__ = ["read_amendments", "consolidate", "surviving", "REPEALED"]
