"""Form letters and near-duplicates: clusters of the store's distinct texts.

Two stages, both over DISTINCT normalised texts (never over all rows):

1. exact groups: comments whose normalised text (:func:`consultkit.text.fold`
   of the masked text: case, diacritics, punctuation and spacing ignored) is
   the same share a ``text_hash``; a form letter copied a million times is
   one distinct text of count 1,000,000;
2. near-duplicates: MinHash signatures (:mod:`consultkit.public.minhash`, word
   pairs, 64 hash functions) banded for locality-sensitive hashing — 16 bands of
   4 rows; texts sharing a band are candidates (a pair of Jaccard similarity
   0.75 becomes a candidate with probability 0.998, one of 0.3 with 0.12) —
   then each candidate pair is kept only when the estimated similarity is at
   least :data:`THRESHOLD`; clusters are the connected components of the kept
   pairs (``scipy.sparse.csgraph``). Texts of fewer than
   :data:`MIN_WORDS` words ("Đồng ý") are only grouped exactly: on so few word
   pairs the estimate means nothing.

Cost: one signature per distinct text (computed in the chunks), then for each
band a sort of the band keys — O(n log n) in the number of distinct texts,
about 300 bytes of memory per distinct text.

A cluster's id is the ``text_hash`` of its representative: the text with the
most comments (ties: the smallest hash), so re-clustering after another
export keeps the id — and the drafters' disposition — of a cluster whose
largest form letter is unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import minhash

BANDS = 16
ROWS = 4
THRESHOLD = 0.7
MIN_WORDS = 4
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)


def _band_keys(sigs: np.ndarray, band: int) -> np.ndarray:
    cols = sigs[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
    with np.errstate(over="ignore"):
        key = np.full(len(sigs), np.uint64(band + 1) * _M2, dtype=np.uint64)
        for j in range(cols.shape[1]):
            key = (key ^ cols[:, j]) * _M1
            key ^= key >> np.uint64(31)
    return key


def near_duplicate_labels(sigs: np.ndarray, eligible: np.ndarray | None = None,
                          threshold: float = THRESHOLD) -> np.ndarray:
    """Component label (int64, 0..k-1) of each signature row: rows linked by a chain of
    LSH candidate pairs whose estimated Jaccard similarity is ≥ ``threshold``.
    Rows where ``eligible`` is False are alone."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(sigs)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    index = np.arange(n) if eligible is None else np.flatnonzero(eligible)
    sub = sigs[index]
    left, right = [], []
    for band in range(min(BANDS, sigs.shape[1] // ROWS)):
        keys = _band_keys(sub, band)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        same = sorted_keys[1:] == sorted_keys[:-1]
        if not same.any():
            continue
        # each member of a run is paired with the previous one and with the run's first
        starts = np.flatnonzero(np.concatenate([[True], ~same]))
        run_first = np.repeat(starts, np.diff(np.concatenate([starts, [len(order)]])))
        members = np.flatnonzero(np.concatenate([[False], same]))
        for a in (members - 1, run_first[members]):
            pa, pb = order[a], order[members]
            keep = minhash.similarity(sub[pa], sub[pb]) >= threshold
            left.append(pa[keep])
            right.append(pb[keep])
    m = len(index)
    if left:
        a, b = np.concatenate(left), np.concatenate(right)
    else:
        a = b = np.empty(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(m, m))
    _, sub_labels = connected_components(graph, directed=False)
    labels = np.empty(n, dtype=np.int64)
    if eligible is None:
        labels[:] = sub_labels
    else:
        labels[index] = sub_labels
        alone = np.flatnonzero(~eligible)
        labels[alone] = sub_labels.max(initial=-1) + 1 + np.arange(len(alone))
    return labels


def cluster_texts(hashes: np.ndarray, counts: np.ndarray, words: np.ndarray,
                  sigs: np.ndarray) -> pd.DataFrame:
    """``text_hash → cluster_id`` for distinct texts (hash, comment count, words, signature).

    Pure: the same arrays in any order give the same mapping.
    """
    if len(hashes) > 1 and not (np.diff(hashes) > 0).all():     # sorted already: no copy
        order = np.argsort(hashes, kind="stable")
        hashes, counts, words, sigs = hashes[order], counts[order], words[order], sigs[order]
    labels = near_duplicate_labels(sigs, eligible=words >= MIN_WORDS)
    frame = pd.DataFrame({"text_hash": hashes, "label": labels, "n": counts})
    # representative: most comments, then smallest hash (rows are sorted by hash)
    best = frame.sort_values(["label", "n", "text_hash"], ascending=[True, False, True],
                             kind="stable").drop_duplicates("label")
    rep = pd.Series(best["text_hash"].to_numpy(), index=best["label"].to_numpy())
    frame["cluster_id"] = rep.reindex(frame["label"]).to_numpy()
    return frame[["text_hash", "cluster_id", "n"]]


def build_clusters(store) -> dict[str, int]:
    """Cluster every distinct text of ``store`` and write the tables ``text_clusters``,
    ``clusters`` (one row per cluster: size, distinct texts, representative text,
    stance counts, cited clauses and provinces by frequency, first and last time) and
    ``clause_clusters`` (comments per cited clause and cluster, '' for none)."""
    with store.connect() as conn:
        distinct = conn.sql(
            "SELECT c.text_hash, c.n, t.words, t.sig FROM "
            "(SELECT text_hash, COUNT(*) AS n FROM comments GROUP BY text_hash) c "
            "JOIN (SELECT text_hash, ANY_VALUE(words) AS words, ANY_VALUE(sig) AS sig "
            "      FROM texts GROUP BY text_hash) t USING (text_hash) ORDER BY text_hash").to_arrow_table()
        hashes = distinct.column("text_hash").to_numpy()
        counts = distinct.column("n").to_numpy()
        words = distinct.column("words").to_numpy()
        sig_col = distinct.column("sig").combine_chunks()
        buffer = sig_col.buffers()[2]
        offsets = np.frombuffer(sig_col.buffers()[1], dtype=np.int32)[sig_col.offset:]
        sigs = np.frombuffer(buffer, dtype="<u4", count=int(offsets[len(sig_col)]) // 4,
                             offset=0)[int(offsets[0]) // 4:].reshape(-1, minhash.NUM_PERM)
        del distinct, sig_col
        mapping = cluster_texts(hashes, counts, words, sigs)
        del sigs
        conn.execute("BEGIN TRANSACTION")
        conn.execute("DELETE FROM text_clusters")
        conn.register("_mapping", mapping)
        conn.execute("INSERT INTO text_clusters SELECT text_hash, cluster_id, n FROM _mapping")
        conn.unregister("_mapping")
        conn.execute("DELETE FROM clusters")
        conn.execute("""
            INSERT INTO clusters
            WITH per AS (
                SELECT tc.cluster_id, c.stance, c.province, c.time, c.clause_ids
                FROM comments c JOIN text_clusters tc USING (text_hash)),
            base AS (
                SELECT cluster_id, COUNT(*) AS size,
                       COUNT(*) FILTER (WHERE stance = 'agree') AS agree,
                       COUNT(*) FILTER (WHERE stance = 'substantive') AS substantive,
                       COUNT(*) FILTER (WHERE stance = 'general') AS general,
                       MIN(time) AS first_time, MAX(time) AS last_time
                FROM per GROUP BY cluster_id),
            clause_counts AS (
                SELECT cluster_id, clause_id, COUNT(*) AS n FROM
                    (SELECT cluster_id, UNNEST(clause_ids) AS clause_id FROM per)
                GROUP BY cluster_id, clause_id),
            clause_lists AS (
                SELECT cluster_id, LIST(clause_id ORDER BY n DESC, clause_id) AS clause_ids
                FROM clause_counts GROUP BY cluster_id),
            province_counts AS (
                SELECT cluster_id, province, COUNT(*) AS n FROM per WHERE province <> ''
                GROUP BY cluster_id, province),
            province_lists AS (
                SELECT cluster_id, LIST(province ORDER BY n DESC, province) AS provinces
                FROM province_counts GROUP BY cluster_id),
            n_texts AS (SELECT cluster_id, COUNT(*) AS n_texts FROM text_clusters GROUP BY cluster_id),
            reps AS (SELECT text_hash AS cluster_id, MIN(text) AS representative
                     FROM texts WHERE text_hash IN (SELECT cluster_id FROM text_clusters)
                     GROUP BY text_hash)
            SELECT b.cluster_id, b.size, n.n_texts, r.representative, b.agree, b.substantive,
                   b.general, COALESCE(cl.clause_ids, []), COALESCE(pl.provinces, []),
                   b.first_time, b.last_time
            FROM base b JOIN n_texts n USING (cluster_id) JOIN reps r USING (cluster_id)
            LEFT JOIN clause_lists cl USING (cluster_id) LEFT JOIN province_lists pl USING (cluster_id)
        """)
        # comments per (cited clause, cluster): what the per-clause synthesis reads
        conn.execute("DELETE FROM clause_clusters")
        conn.execute("""
            INSERT INTO clause_clusters
            SELECT u.clause_id, tc.cluster_id, SUM(b.n)
            FROM (SELECT text_hash, CASE WHEN len(clause_ids) = 0 THEN [''] ELSE clause_ids END AS ids,
                         COUNT(*) AS n FROM comments GROUP BY ALL) b
            JOIN text_clusters tc USING (text_hash), UNNEST(b.ids) AS u(clause_id)
            GROUP BY ALL""")
        conn.execute("COMMIT")
        n_clusters, multi = conn.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE size > 1) FROM clusters").fetchone()
    return {"texts": int(len(mapping)), "clusters": int(n_clusters), "multi": int(multi)}
