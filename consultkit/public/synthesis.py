"""The synthesis of a public consultation, per clause of the draft.

For each clause cited (in the draft's order; comments citing none under
``clause_id == ''``): how many comments cite it, the clusters of two or more
comments that cite it — size, representative text, stance counts and the
drafters' disposition of the cluster (from the register, inherited by every
member) — and how many comments citing it stand alone (a cluster of one).
The standalone comments themselves are paged with :func:`standalone`.

One DuckDB query over the store's ``clause_clusters`` and ``clusters``
tables (written when the texts are clustered: comments per cited clause and
cluster), never over the comments themselves; the register's cluster
dispositions are a small table joined afterwards.
"""

from __future__ import annotations

import pandas as pd

SYNTHESIS_COLUMNS = ("clause_id", "clause_comments", "standalone", "cluster_id", "cluster_size",
                     "comments", "representative", "agree", "substantive", "general", "status",
                     "response")


def public_synthesis(store, register=None, clauses: pd.DataFrame | None = None,
                     *, per_clause: int | None = 20) -> pd.DataFrame:
    """One row per (clause, cluster of ≥ 2 citing it), biggest first within a clause
    (at most ``per_clause`` clusters per clause; None for all), columns
    :data:`SYNTHESIS_COLUMNS`. A clause with only standalone comments has one row with
    an empty cluster. ``comments`` counts the cluster's members that cite the clause."""
    limit = "" if per_clause is None else f"WHERE rank <= {int(per_clause)}"
    with store.connect(read_only=True) as conn:
        frame = conn.execute(f"""
            WITH per AS (SELECT clause_id, cluster_id, n FROM clause_clusters),
            joined AS (
                SELECT p.clause_id, p.cluster_id, p.n, c.size, c.representative, c.agree,
                       c.substantive, c.general,
                       SUM(p.n) OVER (PARTITION BY p.clause_id) AS clause_comments,
                       SUM(CASE WHEN c.size = 1 THEN p.n ELSE 0 END) OVER (PARTITION BY p.clause_id)
                           AS standalone,
                       ROW_NUMBER() OVER (PARTITION BY p.clause_id, c.size > 1
                                          ORDER BY c.size DESC, p.cluster_id) AS rank
                FROM per p JOIN clusters c USING (cluster_id)),
            kept AS (
                SELECT * FROM joined WHERE size > 1
                UNION ALL
                SELECT DISTINCT ON (clause_id) * REPLACE (NULL AS cluster_id, 0 AS n, 0 AS size,
                       '' AS representative, 0 AS agree, 0 AS substantive, 0 AS general, 1 AS rank)
                FROM joined WHERE clause_id NOT IN (SELECT clause_id FROM joined WHERE size > 1))
            SELECT clause_id, clause_comments, standalone, cluster_id, size AS cluster_size,
                   n AS comments, representative, agree, substantive, general
            FROM kept {limit}
            ORDER BY clause_id, size DESC, cluster_id""").df()
    statuses = pd.DataFrame(columns=["cluster_id", "status", "response"])
    if register is not None:
        statuses = register.cluster_dispositions()[["cluster_id", "status", "response"]]
    frame["cluster_id"] = frame["cluster_id"].astype("Int64")
    key = frame["cluster_id"].astype(str)
    found = statuses.set_index("cluster_id")
    frame["status"] = [found["status"].get(k, "pending") if k != "<NA>" else "" for k in key]
    frame["response"] = [found["response"].get(k, "") if k != "<NA>" else "" for k in key]
    frame = _draft_order(frame, clauses)
    return frame[list(SYNTHESIS_COLUMNS)].reset_index(drop=True)


def _draft_order(frame: pd.DataFrame, clauses: pd.DataFrame | None) -> pd.DataFrame:
    from ..charts._common import natural_clause_key

    position = {}
    if clauses is not None and len(clauses):
        position = {cid: i for i, cid in enumerate(clauses["clause_id"].astype(str))}
    keys = {cid: (0, "", ()) if cid == "" else
            (1, f"{position[cid]:08d}", ()) if cid in position else (2, "", natural_clause_key(cid))
            for cid in frame["clause_id"].unique()}
    ids, sizes = frame["clause_id"].tolist(), frame["cluster_size"].tolist()
    order = sorted(range(len(frame)), key=lambda i: (keys[ids[i]], -int(sizes[i])))
    return frame.iloc[order]


def standalone(store, clause_id: str, page: int = 0, per_page: int = 50) -> pd.DataFrame:
    """The comments citing ``clause_id`` ('' for none) that belong to no cluster of ≥ 2:
    row, time, province, kind, stance, text."""
    with store.connect(read_only=True) as conn:
        return conn.execute("""
            SELECT c.export, c.row, c.time, c.province, c.kind, c.stance, c.text
            FROM comments c JOIN text_clusters tc USING (text_hash)
            JOIN clusters k USING (cluster_id)
            WHERE k.size = 1 AND (CASE WHEN ? = '' THEN len(c.clause_ids) = 0
                                       ELSE list_contains(c.clause_ids, ?) END)
            ORDER BY c.time, c.export, c.row LIMIT ? OFFSET ?""",
                            [clause_id, clause_id, per_page, page * per_page]).df()
