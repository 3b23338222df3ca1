"""Word-level diff: tokens, reconstruction, engines, no timeout, large alphabets."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from consultkit.comparison import worddiff as wd

WORDS = ["cơ", "sở", "khám", "bệnh", "chữa", "hình", "ảnh", "DICOM", "HL7", "1", "2024"]
SEPS = [" ", ", ", ". ", "; ", " (", ") ", "\u00a0"]
text_st = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=25).map(
    lambda pairs: "".join(w + s for w, s in pairs))
any_text = st.one_of(text_st, st.text(max_size=60))


def test_tokens_are_words_spaces_and_marks():
    assert wd.tokenize("Điều 8. Phạm vi") == ["Điều", " ", "8", ".", " ", "Phạm", " ", "vi"]
    assert "".join(wd.tokenize("a,  b…c")) == "a,  b…c"


def test_vietnamese_syllables_are_words_and_edits_never_cut_them():
    ops = wd.word_diff("Bệnh viện Chợ Rẫy", "Bệnh viện Chợ Lớn")
    assert ops == [(0, "Bệnh viện Chợ "), (-1, "Rẫy"), (1, "Lớn")]
    assert wd.words_added(ops) == 1 and wd.words_deleted(ops) == 1


@given(any_text, any_text)
def test_ops_rebuild_both_texts(a, b):
    ops = wd.word_diff(a, b)
    assert wd.old_text(ops) == a
    assert wd.new_text(ops) == b
    assert wd.apply_ops(a, ops) == b
    assert all(text for _, text in ops)
    assert all(x[0] != y[0] for x, y in zip(ops, ops[1:]))


@given(any_text)
def test_diff_with_itself_is_all_equal(a):
    ops = wd.word_diff(a, a)
    assert all(op == wd.EQUAL for op, _ in ops)
    assert wd.similarity(ops) == 1.0


@given(any_text, any_text)
def test_fast_and_pure_engines_give_the_same_ops(a, b):
    assert wd._fast is not None, "fast-diff-match-patch (a dev dependency) is not installed"
    assert wd.word_diff(a, b, engine="fast") == wd.word_diff(a, b, engine="pure")


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError):
        wd.word_diff("a b", "a c", engine="nope")


def test_apply_ops_refuses_ops_of_another_text():
    ops = wd.word_diff("một hai ba", "một bốn ba")
    with pytest.raises(ValueError):
        wd.apply_ops("một hai bốn", ops)


def test_more_than_65536_distinct_tokens():
    n = 70_000
    a = " ".join(f"w{i}" for i in range(n))
    b = " ".join(f"w{i}" if i % 1000 else f"x{i}" for i in range(n))
    ops = wd.word_diff(a, b)
    assert wd.old_text(ops) == a and wd.new_text(ops) == b
    assert wd.words_deleted(ops) == n // 1000 and wd.words_added(ops) == n // 1000


def test_fallback_beyond_the_code_point_alphabet(monkeypatch):
    monkeypatch.setattr(wd, "MAX_TOKENS", 3)
    ops = wd.word_diff("a b c d", "a b x d")
    assert wd.old_text(ops) == "a b c d" and wd.new_text(ops) == "a b x d"
    assert (wd.DELETE, "c") in ops and (wd.INSERT, "x") in ops


def test_no_timeout_on_long_different_texts():
    # Long, thoroughly different texts. Cut short by a timeout, diff-match-patch returns a
    # coarse diff (here: a near-instant one); with Diff_Timeout = 0 every common word is kept.
    from diff_match_patch import diff_match_patch
    n = 1500
    a = " ".join(f"a{i} common{i}" for i in range(n))
    b = " ".join(f"b{i} common{i}" for i in range(n))
    for engine in ("pure", "fast"):
        ops = wd.word_diff(a, b, engine=engine)
        assert wd.apply_ops(a, ops) == b
        assert sum(wd.count_words(t) for op, t in ops if op == wd.EQUAL) == n
    assert wd._PURE.Diff_Timeout == 0
    sa, sb, _ = wd._encode(wd.tokenize(a), wd.tokenize(b))
    hurried = diff_match_patch()
    hurried.Diff_Timeout = 1e-9
    cut = hurried.diff_main(sa, sb, False)
    assert sum(len(t) for op, t in cut if op == 0) < 2 * n   # the timeout loses matches


def test_semantic_cleanup_groups_scattered_edits():
    a = "một hai ba bốn năm sáu bảy"
    b = "một X ba Y năm Z bảy"
    raw = wd.word_diff(a, b, cleanup=False)
    clean = wd.word_diff(a, b)
    assert wd.new_text(clean) == b
    assert len(clean) <= len(raw)


def test_similarity_counts_words():
    ops = wd.word_diff("một hai ba bốn", "một hai ba năm")
    assert wd.similarity(ops) == pytest.approx(6 / 8)
    assert wd.similarity(wd.word_diff("", "")) == 1.0
    assert wd.similarity(wd.word_diff("một", "")) == 0.0
