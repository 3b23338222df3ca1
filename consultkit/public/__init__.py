"""Public consultations at national scale: millions of comments, out of core.

A draft posted for public comment (ministry portal, national law portal,
phone app) brings far more comments than a written consultation's hundred
letters. This package is the path for that case; the small path (comments
register, per-comment dispositions) is unchanged.

* :mod:`.read` — exports (CSV, JSON Lines, Parquet) in streaming chunks;
* :mod:`.mask` — personal data masked at intake;
* :mod:`.chunk` — the pure function every chunk goes through (on distinct texts);
* :mod:`.store` — Parquet partitions + DuckDB in ``<workspace>/public``;
* :mod:`.ingest` — the engine: embedded, or the same chunks on ``dask.distributed``;
* :mod:`.minhash`, :mod:`.clusters` — form letters and near-duplicates;
* :mod:`.views`, :mod:`.synthesis` — DuckDB aggregates: charts, triage, per-clause synthesis.

Dispositions are per cluster, in the register (``Register.set_cluster_disposition``).
"""

from .store import PublicStore  # noqa: E402  (the store is what views and charts take)

__all__ = ["PublicStore"]
