"""The vectorised MinHash estimates Jaccard similarity as datasketch's MinHash does."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultkit.public import minhash

WORDS = ("de nghi bo sung quy dinh ve luu tru hinh anh muc 2 2 tieu chi so 5 benh vien tuyen huyen "
         "chi phi dau tu may chu ket noi hl7 fhir bao mat du lieu nguoi benh lo trinh ap dung").split()


def _pairs(words):
    return {" ".join(p) for p in zip(words, words[1:])} if len(words) > 1 else set(words)


def _jaccard(a: str, b: str) -> float:
    x, y = _pairs(a.split()), _pairs(b.split())
    return len(x & y) / len(x | y)


def test_estimates_agree_with_datasketch_and_the_exact_value():
    datasketch = pytest.importorskip("datasketch")
    rng = random.Random(4)
    ours, theirs, exact = [], [], []
    for _ in range(300):
        base = [rng.choice(WORDS) for _ in range(rng.randint(20, 60))]
        other = list(base)
        for _ in range(rng.randint(0, 25)):
            other[rng.randrange(len(other))] = rng.choice(WORDS) + str(rng.randint(0, 9))
        a, b = " ".join(base), " ".join(other)
        sigs = minhash.signatures([a, b])
        ours.append(float(minhash.similarity(sigs[0], sigs[1])))
        m1, m2 = datasketch.MinHash(num_perm=256), datasketch.MinHash(num_perm=256)
        m1.update_batch([s.encode() for s in _pairs(base)])
        m2.update_batch([s.encode() for s in _pairs(other)])
        theirs.append(m1.jaccard(m2))
        exact.append(_jaccard(a, b))
    ours, theirs, exact = map(np.array, (ours, theirs, exact))
    # unbiased, and as close to the truth as 64 permutations allow (σ ≤ 0.0625)
    assert abs((ours - exact).mean()) < 0.02
    assert np.abs(ours - exact).mean() < 0.06
    assert np.corrcoef(ours, theirs)[0, 1] > 0.9


@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=30).map(" ".join))
def test_signatures_are_deterministic_and_batch_independent(text):
    alone = minhash.signatures([text])
    batch = minhash.signatures(["mot hai ba", text, "", "bon"])
    assert (alone[0] == batch[1]).all()
    assert minhash.similarity(alone[0], batch[1]) == 1.0
    assert (minhash.from_bytes(minhash.to_bytes(batch)) == batch).all()
