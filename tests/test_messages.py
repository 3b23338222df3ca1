"""Every message a user can see is Vietnamese: error messages, hints, places and reject reasons.

Two scans: the source (every ``…Error(message, hint=…, where=…)`` a consultkit module
raises, and every ``"reason": …`` of a reject it writes), and the rejects an inbox of
broken, hostile and mis-encoded files actually produces.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import consultkit
from consultkit import errors

PACKAGE = Path(consultkit.__file__).resolve().parent
ERROR_NAMES = {name for name, value in vars(errors).items()
               if isinstance(value, type) and issubclass(value, errors.ConsultkitError)}
#: English words that never belong in a Vietnamese sentence
ENGLISH = {"the", "is", "not", "no", "cannot", "could", "must", "has", "have", "file", "found", "does",
           "this", "with", "from", "and", "or", "of", "to", "an", "be", "are", "was", "it", "check",
           "give", "use", "save", "open", "please", "missing", "invalid", "empty", "damaged", "line",
           "sheet", "column", "row", "rows", "which", "there", "unknown", "only", "read", "first"}


def english_words(text: str) -> list[str]:
    """English words of ``text`` outside quotes, file names, code and options."""
    text = re.sub(r"“[^”]*”|'[^']*'|\"[^\"]*\"", " ", text)
    words = [w.strip(",;:.!?()[]") for w in text.split()]
    return [w for w in words if w.isalpha() and w.isascii() and w.lower() in ENGLISH]


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return " ".join(filter(None, (_literal(node.left), _literal(node.right))))
    return None


def source_messages() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            texts = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ERROR_NAMES:
                    texts += [_literal(a) for a in node.args[:1]]
                    texts += [_literal(k.value) for k in node.keywords if k.arg in ("hint", "where")]
            elif isinstance(node, ast.Dict):
                texts += [_literal(v) for k, v in zip(node.keys, node.values)
                          if isinstance(k, ast.Constant) and k.value == "reason"]
            for text in texts:
                if text:
                    found.append((str(path.relative_to(PACKAGE)), node.lineno, text))
    return found


def test_the_scan_finds_the_messages():
    messages = source_messages()
    assert len(messages) > 100
    assert english_words("the file is not found") and not english_words("tệp không tìm thấy (.docx)")


def test_every_raised_message_and_reject_reason_is_vietnamese():
    bad = [f"{file}:{line}: {text!r} ({english_words(text)})" for file, line, text in source_messages()
           if english_words(text)]
    assert not bad, "English in user-visible messages:\n" + "\n".join(bad)


def test_rejects_of_a_bad_inbox_are_vietnamese(tmp_path):
    from hostile import hostile_inbox
    from consultkit.comments.intake import load_comments

    inbox = tmp_path / "inbox"
    hostile_inbox(inbox)
    (inbox / "rong.docx").write_bytes(b"")
    (inbox / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (inbox / "hong.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (inbox / "tcvn3.csv").write_bytes("Don vi,Noi dung\nS\xe8 Y t\xd5,\xae\xd2 ngh\xdf\n".encode("latin-1"))
    (inbox / "thieu-cot.csv").write_text("Tên,Ghi chú\nA,B\n", encoding="utf-8")
    (inbox / "rong.eml").write_bytes(b"")
    (inbox / "ghi-chu.txt").write_text("x", encoding="utf-8")
    result = load_comments(inbox)
    assert len(result.rejects) >= 14
    bad = [(s, r) for s, r in zip(result.rejects["source"], result.rejects["reason"]) if english_words(r)]
    assert not bad, bad
