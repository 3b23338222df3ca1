"""Word-level diffs with diff-match-patch.

Texts are cut into tokens: words (runs of letters/digits; Vietnamese syllables
are separated by spaces, so each syllable is a word), runs of white space, and
single punctuation marks. Each distinct token is mapped to one character, as
diff-match-patch's "line mode" does with lines, the two character strings are
diffed, and the result is mapped back to text. An edit therefore never cuts a
word in two.

Guarantees:

* ``Diff_Timeout`` is 0: a diff is never silently cut short.
* The token alphabet uses every code point except the surrogates (so far more
  than 65,536 distinct tokens work: up to :data:`MAX_TOKENS`); beyond that the
  diff falls back to :mod:`difflib` on the token lists (same reconstruction).
* ``old_text(ops) == a`` and ``new_text(ops) == b`` for ``ops = word_diff(a, b)``;
  ops are merged (no two neighbours share an op) and no op has empty text.

Engines: ``"pure"`` is the reference ``diff_match_patch`` package; ``"fast"``
is ``fast_diff_match_patch`` (C++), used by default when importable (override
with ``CONSULTKIT_DIFF_ENGINE=pure``). Both run the same Myers bisection with
no timeout on the token string and then the *same* Python semantic clean-up
(:meth:`diff_match_patch.diff_cleanupSemantic`), so they return identical ops;
``tests/test_worddiff.py`` checks this.
"""

from __future__ import annotations

import difflib
import os
import re
from typing import Iterable, Sequence

import diff_match_patch as _dmp_module

try:  # optional C++ engine
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the environment
    _fast = None

__all__ = [
    "DELETE", "EQUAL", "INSERT", "tokenize", "word_diff", "diff_tokens", "apply_ops",
    "old_text", "new_text", "count_words", "words_added", "words_deleted", "similarity",
    "default_engine", "MAX_TOKENS",
]

DELETE, EQUAL, INSERT = -1, 0, 1
Ops = list[tuple[int, str]]

_TOKEN = re.compile(r"[^\W_]+|\s+|_|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

_BASE = 0x100  # first code point of the token alphabet
_SURROGATES = (0xD800, 0xE000)
#: Largest number of distinct tokens the character mapping can hold.
MAX_TOKENS = 0x110000 - _BASE - (_SURROGATES[1] - _SURROGATES[0])

_PURE = _dmp_module.diff_match_patch()
_PURE.Diff_Timeout = 0
_OPS = {"=": EQUAL, "-": DELETE, "+": INSERT}


def default_engine() -> str:
    """``"fast"`` when fast_diff_match_patch is importable, else ``"pure"``."""
    wanted = os.environ.get("CONSULTKIT_DIFF_ENGINE", "").strip().lower()
    if wanted in ("pure", "fast"):
        return "fast" if wanted == "fast" and _fast is not None else "pure"
    return "fast" if _fast is not None else "pure"


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words, white-space runs and punctuation marks.

    >>> tokenize("Điều 8. Phạm vi")
    ['Điều', ' ', '8', '.', ' ', 'Phạm', ' ', 'vi']
    """
    return _TOKEN.findall(text)


def _char(index: int) -> str:
    code = _BASE + index
    if code >= _SURROGATES[0]:
        code += _SURROGATES[1] - _SURROGATES[0]
    return chr(code)


def _encode(ta: Sequence[str], tb: Sequence[str]) -> tuple[str, str, list[str]] | None:
    table: dict[str, str] = {}
    tokens: list[str] = []
    out = []
    for seq in (ta, tb):
        chars = []
        for tok in seq:
            ch = table.get(tok)
            if ch is None:
                if len(tokens) >= MAX_TOKENS:
                    return None
                ch = _char(len(tokens))
                table[tok] = ch
                tokens.append(tok)
            chars.append(ch)
        out.append("".join(chars))
    return out[0], out[1], tokens


def _decode_index(ch: str) -> int:
    code = ord(ch)
    if code >= _SURROGATES[1]:
        code -= _SURROGATES[1] - _SURROGATES[0]
    return code - _BASE


def _merge(ops: Iterable[tuple[int, str]]) -> Ops:
    """Drop empty ops and join neighbours with the same op; deletes before inserts."""
    out: Ops = []
    for op, text in ops:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    # put a delete before an insert when they are neighbours (canonical order)
    i = 0
    while i < len(out) - 1:
        if out[i][0] == INSERT and out[i + 1][0] == DELETE:
            out[i], out[i + 1] = out[i + 1], out[i]
            i = max(i - 1, 0)
        else:
            i += 1
    return _merge_once(out)


def _merge_once(ops: Ops) -> Ops:
    out: Ops = []
    for op, text in ops:
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def _difflib_ops(ta: Sequence[str], tb: Sequence[str]) -> list[tuple[int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    ops: list[tuple[int, list[str]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, list(ta[i1:i2])))
        else:
            if i2 > i1:
                ops.append((DELETE, list(ta[i1:i2])))
            if j2 > j1:
                ops.append((INSERT, list(tb[j1:j2])))
    return ops


def diff_tokens(ta: Sequence[str], tb: Sequence[str], *, engine: str | None = None,
                cleanup: bool = True) -> list[tuple[int, list[str]]]:
    """Diff two token lists; returns ``(op, [tokens])`` pairs (not merged into text)."""
    if list(ta) == list(tb):
        return [(EQUAL, list(ta))] if ta else []
    encoded = _encode(ta, tb)
    if encoded is None:  # more distinct tokens than code points: exact fallback
        return _difflib_ops(ta, tb)
    sa, sb, tokens = encoded
    engine = engine or default_engine()
    if engine == "fast" and _fast is not None:
        raw = [(_OPS[op], text) for op, text in
               _fast.diff(sa, sb, timelimit=0, checklines=False, cleanup="No", counts_only=False)]
    elif engine in ("fast", "pure"):
        raw = [(op, text) for op, text in _PURE.diff_main(sa, sb, False)]
    else:
        raise ValueError(f"unknown diff engine {engine!r}: use 'pure' or 'fast'")
    if cleanup:
        raw = list(raw)
        _PURE.diff_cleanupSemantic(raw)
    return [(op, [tokens[_decode_index(ch)] for ch in text]) for op, text in raw if text]


def word_diff(a: str, b: str, *, engine: str | None = None, cleanup: bool = True) -> Ops:
    """Word-level diff of ``a`` into ``b`` as ``[(op, text), ...]`` (op -1, 0, 1).

    >>> word_diff("khoản 2 Điều 8", "khoản 3 Điều 8")
    [(0, 'khoản '), (-1, '2'), (1, '3'), (0, ' Điều 8')]
    """
    a = a or ""
    b = b or ""
    if a == b:
        return [(EQUAL, a)] if a else []
    ops = diff_tokens(tokenize(a), tokenize(b), engine=engine, cleanup=cleanup)
    return _merge((op, "".join(toks)) for op, toks in ops)


def old_text(ops: Iterable[tuple[int, str]]) -> str:
    """The text before the edit: equal and deleted pieces."""
    return "".join(text for op, text in ops if op != INSERT)


def new_text(ops: Iterable[tuple[int, str]]) -> str:
    """The text after the edit: equal and inserted pieces."""
    return "".join(text for op, text in ops if op != DELETE)


def apply_ops(text: str, ops: Iterable[tuple[int, str]]) -> str:
    """Apply ``ops`` to ``text``; raises ``ValueError`` if they do not fit it."""
    pos = 0
    out = []
    for op, piece in ops:
        if op == INSERT:
            out.append(piece)
            continue
        if text[pos:pos + len(piece)] != piece:
            raise ValueError(f"ops do not apply: expected {piece!r} at offset {pos}")
        if op == EQUAL:
            out.append(piece)
        elif op != DELETE:
            raise ValueError(f"unknown op {op!r}")
        pos += len(piece)
    if pos != len(text):
        raise ValueError(f"ops cover {pos} of {len(text)} characters")
    return "".join(out)


def count_words(text: str) -> int:
    """Number of words (letter/digit runs) in ``text``."""
    return len(_WORD.findall(text or ""))


def words_added(ops: Iterable[tuple[int, str]]) -> int:
    return sum(count_words(t) for op, t in ops if op == INSERT)


def words_deleted(ops: Iterable[tuple[int, str]]) -> int:
    return sum(count_words(t) for op, t in ops if op == DELETE)


def similarity(ops: Sequence[tuple[int, str]]) -> float:
    """0–1: twice the words kept over the words of both texts (1.0 for two empty texts)."""
    kept = sum(count_words(t) for op, t in ops if op == EQUAL)
    total = 2 * kept + words_added(ops) + words_deleted(ops)
    if total == 0:
        return 1.0 if all(op == EQUAL for op, _ in ops) else 0.0
    return 2 * kept / total
