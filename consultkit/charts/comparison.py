"""Charts of a comparison of two versions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ._common import (_NON_CLAUSE_KINDS, _layout, order_clause_ids)


# --- comparison ------------------------------------------------------------------------

def _section(clause_id: str, depth: int) -> str:
    return ".".join(clause_id.split(".")[:depth])


def change_kinds(comparison_table: pd.DataFrame, *, only_changed: bool = False,
                 depth: int | None = None) -> go.Figure:
    """Treemap of a comparison's rows: section → kind of change (schema.COMPARISON in).

    Rows of blocks that are not clauses (title, header, signature…, when the
    table has compare()'s ``kind`` column) are left out.

    The section is the first ``depth`` segments of the clause id (new id, else
    old id). By default ``depth`` is 1, or 2 when most rows (80 %) are in the
    same top-level unit (e.g. Annex section ``IV``).
    """
    table = comparison_table
    if "kind" in table.columns:  # compare() adds the block kind: leave out titles, headers…
        table = table[~table["kind"].isin(_NON_CLAUSE_KINDS)]
    blocks = table["new_id"].str.startswith("_") | table["old_id"].str.startswith("_")
    table = table[~blocks]  # ids of blocks that are not clauses begin with "_"
    if only_changed:
        table = table[table["change"] != "unchanged"]
    ids = [n or o for n, o in zip(table["new_id"], table["old_id"])]
    if depth is None:
        firsts = pd.Series([_section(i, 1) for i in ids], dtype="str")
        depth = 2 if len(firsts) and firsts.value_counts().iloc[0] >= 0.8 * len(firsts) else 1
    from ..comparison.core import CHANGE_LABELS as labels

    counts: dict[tuple[str, str], int] = {}
    for cid, change in zip(ids, table["change"]):
        key = (_section(cid, depth) or "(khác)", change)
        counts[key] = counts.get(key, 0) + 1
    sections = order_clause_ids({s for s, _ in counts}, None)
    root = "Toàn bộ văn bản"
    node_ids, names, parents, values = [root], [root], [""], [sum(counts.values())]
    for sec in sections:
        sec_total = sum(v for (s, _), v in counts.items() if s == sec)
        node_ids.append(sec); names.append(sec); parents.append(root); values.append(sec_total)
        for (s, change), v in sorted(counts.items()):
            if s == sec:
                node_ids.append(f"{sec}/{change}"); names.append(labels.get(change, change))
                parents.append(sec); values.append(v)
    fig = go.Figure(go.Treemap(
        ids=node_ids, labels=names, parents=parents, values=values, branchvalues="total",
        texttemplate="<b>%{label}</b><br>%{value} điều khoản",
        hovertemplate="%{label}: %{value} điều khoản<extra></extra>"))
    changed = int((table["change"] != "unchanged").sum())
    return _layout(fig, f"Các thay đổi theo phần của văn bản ({changed} điều khoản thay đổi)")


