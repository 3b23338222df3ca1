"""Small frames over the public store, each ONE DuckDB query (never all rows in memory).

Each function takes a :class:`~consultkit.public.store.PublicStore` and
returns an aggregate frame for a chart, a table or the triage view:

* :func:`over_time` — comments per day (or hour/week), by commenter kind;
* :func:`by_province` — comments per province and commenter kind;
* :func:`clause_stance` — comments per cited clause and stance;
* :func:`cluster_sizes` — how many clusters have 1, 2–9, 10–99 … members;
* :func:`cluster_page` — one page of clusters, biggest first (triage);
* :func:`cluster_members` — a page of a cluster's distinct texts;
* :func:`headline` — total comments, rejects, clusters, form-letter share.
"""

from __future__ import annotations

import pandas as pd

KIND_LABELS = {"citizen": "Công dân", "organisation": "Tổ chức", "unknown": "Không rõ"}
NO_CLAUSE = ""


def _df(store, sql: str, params=None) -> pd.DataFrame:
    with store.connect(read_only=True) as conn:
        return conn.execute(sql, params or []).df()


def over_time(store, unit: str = "day") -> pd.DataFrame:
    """Columns ``period`` (timestamp), ``kind``, ``comments``."""
    if unit not in ("hour", "day", "week", "month"):
        raise ValueError(f"unit must be hour, day, week or month, not {unit!r}")
    return _df(store, f"SELECT date_trunc('{unit}', time) AS period, kind, COUNT(*) AS comments "
                      "FROM comments WHERE time IS NOT NULL GROUP BY ALL ORDER BY period, kind")


def by_province(store) -> pd.DataFrame:
    """Columns ``province`` ('' when unknown), ``kind``, ``comments``; most comments first."""
    return _df(store, "SELECT province, kind, comments FROM (SELECT province, kind, COUNT(*) AS comments"
                      " FROM comments GROUP BY province, kind) ORDER BY SUM(comments) OVER "
                      "(PARTITION BY province) DESC, province, kind")


def clause_stance(store) -> pd.DataFrame:
    """Columns ``clause_id`` ('' for comments citing none), ``stance``, ``comments``.

    A comment citing two clauses counts for each."""
    return _df(store, """
        SELECT clause_id, stance, COUNT(*) AS comments FROM (
            SELECT CASE WHEN len(clause_ids) = 0 THEN [''] ELSE clause_ids END AS ids, stance
            FROM comments), UNNEST(ids) AS u(clause_id)
        GROUP BY ALL ORDER BY clause_id, stance""")


def cluster_sizes(store) -> pd.DataFrame:
    """Columns ``size_class`` ('1', '2–9', '10–99', …), ``clusters``, ``comments``."""
    return _df(store, """
        SELECT CASE WHEN size = 1 THEN '1' WHEN size < 10 THEN '2–9'
                    ELSE CAST(CAST(pow(10, floor(log10(size))) AS BIGINT) AS VARCHAR) || '–' ||
                         CAST(CAST(pow(10, floor(log10(size)) + 1) AS BIGINT) - 1 AS VARCHAR)
               END AS size_class,
               MIN(size) AS smallest, COUNT(*) AS clusters, SUM(size) AS comments
        FROM clusters GROUP BY ALL ORDER BY smallest""").drop(columns="smallest")


def cluster_page(store, page: int = 0, per_page: int = 20, *, min_size: int = 1) -> pd.DataFrame:
    """Clusters ``page*per_page`` … biggest first (ties: id): cluster_id, size, n_texts,
    representative, agree, substantive, general, clause_ids, provinces, first_time, last_time."""
    return _df(store, "SELECT * FROM clusters WHERE size >= ? ORDER BY size DESC, cluster_id "
                      "LIMIT ? OFFSET ?", [min_size, per_page, page * per_page])


def cluster_count(store, *, min_size: int = 1) -> int:
    with store.connect(read_only=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM clusters WHERE size >= ?", [min_size]).fetchone()[0])


def cluster_members(store, cluster_id: int, limit: int = 20) -> pd.DataFrame:
    """The distinct texts of a cluster, most comments first: text_hash, comments, text."""
    return _df(store, """
        SELECT tc.text_hash, tc.n AS comments, (SELECT MIN(t.text) FROM texts t
                                                WHERE t.text_hash = tc.text_hash) AS text
        FROM text_clusters tc WHERE tc.cluster_id = ? ORDER BY tc.n DESC, tc.text_hash LIMIT ?""",
               [int(cluster_id), limit])


def headline(store) -> dict:
    """Totals: comments, rejected, distinct texts, clusters, comments in clusters of ≥ 2."""
    with store.connect(read_only=True) as conn:
        comments, rejected = conn.execute(
            "SELECT COALESCE(SUM(n_stored), 0), COALESCE(SUM(n_rejected), 0) FROM chunks").fetchone()
        texts, clusters, grouped = conn.execute(
            "SELECT (SELECT COUNT(*) FROM text_clusters), COUNT(*), "
            "COALESCE(SUM(size) FILTER (WHERE size > 1), 0) FROM clusters").fetchone()
    return {"comments": int(comments), "rejected": int(rejected), "texts": int(texts),
            "clusters": int(clusters), "in_clusters": int(grouped)}
