"""Scripted redrafts of a real Word file, made the way a drafter edits it in Word.

:func:`redraft` opens a .docx and edits its XML in place of a drafter: word edits inside
existing runs (formatting kept), inserted units numbered the amending way (``1a.``,
``c1)``, an inserted article ``Điều 5a.`` with its text), deleted paragraphs, a moved
point, a split and a merged paragraph, a changed run format, and table edits (a row
added, a row deleted, a cell edited, a line added to a cell). Every inserted paragraph
is a copy of a neighbour (its style, indents and run formatting) with new text. Edits
are deterministic for a seed. The truth of a redraft is the two files themselves: the
tracked file must accept to the new one and reject to the old one, paragraph for
paragraph.
"""

from __future__ import annotations

import random
import re
from copy import deepcopy
from pathlib import Path

import docx
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FILLER = ("hệ thống thông tin văn bản điện tử cơ quan tổ chức quản lý lưu trữ hồ sơ tài liệu "
          "bảo đảm an toàn dữ liệu kết nối liên thông chữ ký số phần mềm quy định trách nhiệm "
          "thực hiện kiểm tra báo cáo định kỳ hằng năm theo hướng dẫn của Bộ").split()
_WORD = re.compile(r"[^\W\d_]+")


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def set_text(p, text: str) -> None:
    """Give a paragraph ``text``, in its first text run (its formatting kept)."""
    first = next((r for r in p.iter(W + "r") if r.find(W + "t") is not None), None)
    for r in list(p.iter(W + "r")):
        if r is not first:
            r.getparent().remove(r)
    if first is None:
        first = etree.SubElement(p, W + "r")
    for child in list(first):
        if child.tag != W + "rPr":
            first.remove(child)
    t = etree.SubElement(first, W + "t")
    t.set(XML_SPACE, "preserve")
    t.text = text


def _body_paragraphs(body):
    return [p for p in body.findall(W + "p") if text_of(p).strip()]


def _edit_words(rng: random.Random, paragraphs, n: int) -> int:
    done = 0
    texts = [t for p in paragraphs for t in p.iter(W + "t") if _WORD.search(t.text or "")]
    for _ in range(n):
        t = rng.choice(texts)
        words = list(_WORD.finditer(t.text))
        m = rng.choice(words)
        kind = rng.random()
        s = t.text
        if kind < 0.5:
            s = s[:m.start()] + rng.choice(FILLER) + s[m.end():]
        elif kind < 0.8:
            s = s[:m.end()] + " " + rng.choice(FILLER) + s[m.end():]
        elif len(words) > 1:
            s = (s[:m.start()] + s[m.end():]).replace("  ", " ")
        t.text = s
        t.set(XML_SPACE, "preserve")
        done += 1
    return done


def _insert_after(p, text: str):
    q = deepcopy(p)
    set_text(q, text)
    p.addnext(q)
    return q


def redraft(src, dst, *, seed: int = 1, word_edits: int = 60, deletions: int = 2,
            tables: bool = True) -> list[str]:
    """Write a redraft of ``src`` to ``dst``; returns what was done, one line per edit."""
    rng = random.Random(seed)
    doc = docx.Document(str(src))
    body = doc.element.body
    done: list[str] = []
    paras = _body_paragraphs(body)
    clause = [p for p in paras if re.match(r"\d+\. ", text_of(p))]
    point = [p for p in paras if re.match(r"[a-zđ]\) ", text_of(p))]
    article = [p for p in paras if re.match(r"Điều \d+\.", text_of(p))]
    # inserted units, numbered the amending way
    if clause:
        p = rng.choice(clause)
        num = re.match(r"(\d+)\.", text_of(p)).group(1)
        nxt = p
        while nxt.getnext() is not None and nxt.getnext().tag == W + "p" and \
                re.match(r"[a-zđ]\) |-", text_of(nxt.getnext())):
            nxt = nxt.getnext()
        _insert_after(nxt, f"{num}a. Khoản bổ sung về kết nối, liên thông dữ liệu điện tử giữa các cơ quan.")
        done.append(f"inserted {num}a.")
    if point:
        p = rng.choice(point)
        letter = text_of(p)[0]
        _insert_after(p, f"{letter}1) Điểm bổ sung về chữ ký số chuyên dùng;")
        done.append(f"inserted {letter}1)")
    if len(article) > 2:
        p = rng.choice(article[1:-1])
        num = re.match(r"Điều (\d+)", text_of(p)).group(1)
        nxt = article[article.index(p) + 1]
        heading = deepcopy(p)
        set_text(heading, f"Điều {num}a. Quy định bổ sung về lưu trữ điện tử")
        nxt.addprevious(heading)
        body_p = deepcopy(p.getnext() if p.getnext() is not None and p.getnext().tag == W + "p" else p)
        set_text(body_p, "Cơ quan, tổ chức thực hiện lưu trữ hồ sơ điện tử theo quy định của pháp luật.")
        nxt.addprevious(body_p)
        done.append(f"inserted Điều {num}a")
    done.append(f"{_edit_words(rng, paras, word_edits)} word edits")
    # deletions (points first: leaves)
    for p in rng.sample(point or paras, min(deletions, len(point or paras))):
        if p.getparent() is not None:
            done.append(f"deleted {text_of(p)[:30]!r}")
            p.getparent().remove(p)
    # a moved point
    live = [p for p in point if p.getparent() is not None]
    if len(live) > 3:
        p, target = rng.sample(live, 2)
        p.getparent().remove(p)
        target.addnext(p)
        done.append(f"moved {text_of(p)[:30]!r}")
    # a split and a merge
    long = [p for p in _body_paragraphs(body) if ". " in text_of(p)[20:-5] and p not in article]
    if long:
        p = rng.choice(long)
        text = text_of(p)
        cut = text.index(". ", 20) + 2
        q = deepcopy(p)
        set_text(p, text[:cut].rstrip())
        set_text(q, text[cut:])
        p.addnext(q)
        done.append("split a paragraph")
    pairs = [p for p in _body_paragraphs(body)
             if p.getnext() is not None and p.getnext().tag == W + "p" and text_of(p.getnext()).strip()
             and p not in article and p.getnext() not in article]
    if pairs:
        p = rng.choice(pairs)
        q = p.getnext()
        set_text(p, text_of(p).rstrip() + " " + text_of(q).strip())
        body.remove(q) if q.getparent() is body else q.getparent().remove(q)
        done.append("merged two paragraphs")
    # a run made bold (formatting only)
    runs = [r for p in _body_paragraphs(body) for r in p.findall(W + "r") if r.find(W + "t") is not None]
    if runs:
        r = rng.choice(runs)
        rpr = r.find(W + "rPr")
        if rpr is None:
            rpr = etree.Element(W + "rPr")
            r.insert(0, rpr)
        if rpr.find(W + "i") is None:
            rpr.insert(0, etree.Element(W + "i"))
            done.append("a run made italic")
    if tables:
        done += _edit_tables(rng, body)
    doc.save(str(dst))
    return done


def _edit_tables(rng: random.Random, body) -> list[str]:
    done = []
    for tbl in body.iter(W + "tbl"):
        rows = tbl.findall(W + "tr")
        cells_p = [p for tr in rows for tc in tr.findall(W + "tc") for p in tc.findall(W + "p")
                   if text_of(p).strip()]
        if len(rows) >= 3:
            row = rng.choice(rows[1:])
            new = deepcopy(row)
            for tc in new.findall(W + "tc"):
                for p in tc.findall(W + "p")[1:]:
                    tc.remove(p)
                first = tc.find(W + "p")
                if first is not None and text_of(first).strip():
                    set_text(first, "Tiêu chí bổ sung " + rng.choice(FILLER))
            row.addnext(new)
            done.append("table row added")
            victim = rng.choice([r for r in rows[1:] if r is not row])
            tbl.remove(victim)
            done.append("table row deleted")
        if cells_p:
            p = rng.choice(cells_p)
            set_text(p, text_of(p) + " " + rng.choice(FILLER))
            done.append("table cell edited")
            if len(cells_p) > 2:
                q = rng.choice(cells_p)
                if q.getparent() is not None:
                    _insert_after(q, "- Dòng bổ sung trong ô;")
                    done.append("line added in a cell")
    return done


def write_pair(src, folder: Path, seed: int, **kw) -> tuple[Path, Path, list[str]]:
    """``folder/old.docx`` (a copy of ``src``) and ``folder/new.docx`` (its redraft)."""
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "old.docx", folder / "new.docx"
    docx.Document(str(src)).save(str(old))
    return old, new, redraft(old, new, seed=seed, **kw)
