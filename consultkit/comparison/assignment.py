"""The optimal one-to-one assignment (minimum total cost), without importing SciPy for
the small problems a comparison meets.

:func:`linear_sum_assignment` has SciPy's signature and result (``row_ind``,
``col_ind``, sorted by row). A comparison's leftover clauses make matrices of a few
rows and columns; importing ``scipy.optimize`` costs more than the whole rest of a
``consultkit compare`` run, so matrices up to :data:`SMALL` cells are solved here
(the Hungarian method with potentials, O(n²m), exact) and larger ones by SciPy
(imported then). ``tests/test_assignment.py`` checks the two agree.
"""

from __future__ import annotations

import numpy as np

#: largest number of cells solved here; larger matrices go to scipy.optimize
SMALL = 4096


def _hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row of an n × m matrix, n <= m."""
    inf = float("inf")
    n, m = len(cost), len(cost[0])
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)     # p[j]: the row (1-based) given column j, 0 if none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            row, ui0 = cost[i0 - 1], u[i0]
            delta, j1 = inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sorted((p[j] - 1, j - 1) for j in range(1, m + 1) if p[j])


def linear_sum_assignment(cost) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a minimum-cost assignment (as ``scipy.optimize``'s).

    >>> rows, cols = linear_sum_assignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> rows.tolist(), cols.tolist()
    ([0, 1, 2], [1, 0, 2])
    """
    matrix = np.asarray(cost, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("the cost matrix must have two dimensions")
    if matrix.size == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    if matrix.size > SMALL or not np.isfinite(matrix).all():
        from scipy.optimize import linear_sum_assignment as scipy_lsa
        return scipy_lsa(matrix)
    transposed = matrix.shape[0] > matrix.shape[1]
    pairs = _hungarian((matrix.T if transposed else matrix).tolist())
    if transposed:
        pairs = sorted((r, c) for c, r in pairs)
    rows = np.array([r for r, _ in pairs], dtype=np.intp)
    cols = np.array([c for _, c in pairs], dtype=np.intp)
    return rows, cols


__all__ = ["linear_sum_assignment", "SMALL"]
