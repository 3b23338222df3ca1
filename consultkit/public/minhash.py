"""MinHash signatures of normalised texts, computed for a batch at once with numpy.

A text's shingles are its word pairs (word 2-grams of the folded text; a
one-word text is its word). Each word gets a 64-bit BLAKE2b hash (cached);
a pair's hash mixes the two; the signature is, for each of :data:`NUM_PERM`
universal hash functions ``h(x) = (a·x + b) >> 32`` (odd ``a``, fixed seed),
the minimum over the text's shingles — the classic MinHash of Broder (1997),
as in ``datasketch.MinHash``, but vectorised over all the texts of a chunk
(``datasketch`` hashes one text at a time with SHA-1, about 50× slower here).
The fraction of equal positions of two signatures estimates the Jaccard
similarity of their shingle sets (:func:`similarity`). Deterministic across
processes and machines (no Python ``hash``), so Dask workers agree.
"""

from __future__ import annotations

import hashlib

import numpy as np

NUM_PERM = 64
_SEED = 20250801
_rng = np.random.default_rng(_SEED)
_A = (_rng.integers(1, 2 ** 63, NUM_PERM, dtype=np.uint64) | np.uint64(1)).astype(np.uint64)
_B = _rng.integers(0, 2 ** 63, NUM_PERM, dtype=np.uint64).astype(np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORDS: dict[str, int] = {}
_MAX_WORDS = 500_000     # word hashes cached (about 100 bytes each)


def _word_hash(word: str) -> int:
    value = _WORDS.get(word)
    if value is None:
        if len(_WORDS) >= _MAX_WORDS:
            _WORDS.clear()
        value = _WORDS[word] = int.from_bytes(
            hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return value


def signatures(texts: list[str]) -> np.ndarray:
    """``(len(texts), NUM_PERM)`` uint32 MinHash signatures of folded texts.

    An empty text gets the all-ones signature (similar to nothing but itself).
    """
    n = len(texts)
    out = np.full((n, NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    if n == 0:
        return out
    get = _word_hash
    lengths = np.empty(n, dtype=np.int64)
    flat: list[int] = []
    for i, text in enumerate(texts):
        words = text.split()
        lengths[i] = len(words)
        flat.extend(get(w) for w in words)
    if not flat:
        return out
    hashes = np.fromiter(flat, dtype=np.uint64, count=len(flat))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    # pair (i, i+1) inside one text; a one-word text keeps its single word
    with np.errstate(over="ignore"):
        pairs = hashes[:-1] * _MIX + (hashes[1:] ^ (hashes[1:] >> np.uint64(29)))
    inside = np.ones(len(hashes) - 1, dtype=bool)
    inside[ends[ends < len(hashes)] - 1] = False
    shingle = pairs[inside]
    owner = np.repeat(np.arange(n), np.maximum(lengths - 1, 0))
    single = np.flatnonzero(lengths == 1)
    if len(single):
        shingle = np.concatenate([shingle, hashes[starts[single]]])
        owner = np.concatenate([owner, single])
        order = np.argsort(owner, kind="stable")
        shingle, owner = shingle[order], owner[order]
    if not len(shingle):
        return out
    has = np.flatnonzero(lengths > 0)
    counts = np.bincount(owner, minlength=n)[has]
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    with np.errstate(over="ignore"):
        for k in range(NUM_PERM):
            values = ((shingle * _A[k] + _B[k]) >> np.uint64(32)).astype(np.uint32)
            out[has, k] = np.minimum.reduceat(values, offsets)
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows ``a`` and ``b`` (same shape)."""
    return (a == b).mean(axis=-1)


def to_bytes(sigs: np.ndarray) -> list[bytes]:
    """Signatures as one ``bytes`` per row (for Parquet)."""
    raw = np.ascontiguousarray(sigs, dtype="<u4")
    return [row.tobytes() for row in raw]


def from_bytes(values) -> np.ndarray:
    """Inverse of :func:`to_bytes` (a sequence of bytes → (n, NUM_PERM) uint32)."""
    if len(values) == 0:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    return np.frombuffer(b"".join(values), dtype="<u4").reshape(-1, NUM_PERM).astype(np.uint32)
