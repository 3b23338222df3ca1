"""consultkit: a toolkit for Vietnamese regulatory drafters.

Load a consultation (dispatch, roster, comments), track replies, compare the
versions of a regulation clause by clause, triage comments and write the
documents the procedure requires in the Nghị định 30/2020 format.

The public names below are imported lazily, so ``import consultkit`` stays
fast and a notebook only pays for what it uses.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS = {
    # foundation
    "ConsultkitError": "consultkit.errors",
    "open_consultation": "consultkit.workspace",
    "new_consultation": "consultkit.workspace",
    "Consultation": "consultkit.workspace",
    "load_dispatch": "consultkit.readers.dispatch",
    "Dispatch": "consultkit.readers.dispatch",
    "load_roster": "consultkit.readers.roster",
    "roster_anomalies": "consultkit.readers.roster",
    "provinces": "consultkit.readers.roster",
    # clauses
    "parse_clauses": "consultkit.clauses.parse",
    "parse_refs": "consultkit.clauses.refs",
    # comparison
    "compare": "consultkit.comparison.core",
    "Comparison": "consultkit.comparison.core",
    "compare_versions": "consultkit.comparison.history",
    "word_diff": "consultkit.comparison.worddiff",
    # consolidation
    "read_amendments": "consultkit.consolidation.instructions",
    "consolidate": "consultkit.consolidation.apply",
    "write_consolidated": "consultkit.writers.consolidated",
    # comments
    "load_comments": "consultkit.comments.intake",
    "match_units": "consultkit.comments.match",
    "classify_stance": "consultkit.comments.stance",
    "Register": "consultkit.register",
    "responses": "consultkit.tracking",
    # documents
    "write_synthesis": "consultkit.writers.synthesis",
    "write_reminders": "consultkit.writers.letters",
    "write_dispatch": "consultkit.writers.letters",
    "write_comparison_table": "consultkit.writers.comparison_table",
    "write_tracked_changes": "consultkit.writers.tracked",
    "lint_dispatch": "consultkit.lint",
    # public consultations at scale
    "ingest_public": "consultkit.public.ingest",
    "PublicStore": "consultkit.public.store",
    "public_synthesis": "consultkit.public.synthesis",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'consultkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
