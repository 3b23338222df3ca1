"""The loop closes: ``consolidate(old, amending_text(compare(old, new)))`` gives ``new``.

Random redrafts of real text — the first articles of Nghị định 30/2020 and section IV
of the bundled RIS-PACS annex with its criteria table — as a drafter makes them:
phrases replaced, added, removed; units inserted the amending way (``1a.``, ``d1)``,
``Điều 5a.``) or at the end; units deleted, split, merged and moved with the
siblings renumbered; table rows changed, deleted and added. The amending wording the
toolkit drafts for the pair is applied to the old text and must give the new one unit
for unit — the toolkit's own comparison finds no change between them; numbers the
amended text keeps where the redraft renumbered are no change, since an amending
document never renumbers — every instruction applied. Also on Word: the amending .docx
written by ``write_amending_docx`` read back.
"""

from __future__ import annotations

import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from consultkit.clauses.parse import parse_clauses
from consultkit.comparison.align import content_of
from consultkit.comparison.core import compare
from consultkit.consolidation import consolidate, read_amendments, surviving
from consultkit.text import VIETNAMESE_POINT_LETTERS as LETTERS

ARTICLES = 9          # Điều 1 … Điều 9 of Nghị định 30/2020


def units(frame) -> list[tuple[str, str, str]]:
    live = surviving(frame)
    return [(r.clause_id, r.number.strip(), content_of(r.heading, r.text))
            for r in live.itertuples()]


def same_text(result, new) -> list:
    """What differs between the consolidated text in force and the new version, clause by
    clause, by the toolkit's own comparison: numbers the amended text keeps where the new
    version renumbered are no difference (an amending document never renumbers), anything
    else is — a unit missing, added, moved, or with other words."""
    table = compare(surviving(result), new).table
    table = table[table["is_clause"] & (table["change"] != "unchanged")]
    return table[["old_id", "new_id", "change"]].to_dict("records")


def check_round_trip(old_text: str, new_text: str) -> None:
    old, new = parse_clauses(old_text), parse_clauses(new_text)
    wording = compare(old, new).amending_text()
    result = consolidate(old, wording)
    report = result.attrs["report"]
    failed = report[~report.applied]
    assert failed.empty, (wording, failed[["instruction", "reason"]].to_dict("records"))
    assert same_text(result, new) == [], wording
    assert len(surviving(result)) == len(surviving(new)), wording


# ------------------------------------------------------------------ the decree
def decree(nd30) -> list[dict]:
    """Điều 1–9 as nested dicts: article → clauses → points."""
    frame = parse_clauses(nd30 / "nd30_30_2020_ND_CP.txt")
    articles: list[dict] = []
    for row in frame.itertuples():
        if row.kind == "article":
            if len(articles) == ARTICLES:
                break
            articles.append({"n": row.number.split()[1].rstrip("."), "title": row.heading,
                             "text": row.text, "clauses": []})
        elif row.kind == "clause" and articles:
            articles[-1]["clauses"].append({"n": row.number.rstrip("."), "text": row.text,
                                            "points": []})
        elif row.kind == "point" and articles and articles[-1]["clauses"]:
            articles[-1]["clauses"][-1]["points"].append({"n": row.number.rstrip(")"),
                                                          "text": row.text})
    return articles


def render(articles: list[dict]) -> str:
    lines = []
    for a in articles:
        lines.append(f"Điều {a['n']}. {a['title']}")
        lines += [x for x in a["text"].split("\n") if x]
        for c in a["clauses"]:
            first, *rest = c["text"].split("\n") if c["text"] else [""]
            lines.append(f"{c['n']}. {first}".rstrip())
            lines += [x for x in rest if x]
            for p in c["points"]:
                lines.append(f"{p['n']}) {p['text']}")
    return "\n".join(lines)


def renumber_clauses(article: dict) -> None:
    if all(c["n"].isdigit() for c in article["clauses"]):
        for k, c in enumerate(article["clauses"], 1):
            c["n"] = str(k)


def renumber_points(clause: dict) -> None:
    if all(len(p["n"]) == 1 for p in clause["points"]):
        for k, p in enumerate(clause["points"]):
            p["n"] = LETTERS[k]


WORDS = ["cụ thể", "điện tử", "theo quy định", "thống nhất"]


def edit(doc: list[dict], op: tuple) -> None:
    kind, i, j, k, w = op
    a = doc[i % len(doc)]
    clauses = a["clauses"]
    c = clauses[j % len(clauses)] if clauses else None
    if kind in ("replace", "insert_word", "delete_word"):
        target = c if c is not None and c["text"] else a
        if c is not None and c["points"] and k % 2:
            target = c["points"][k % len(c["points"])]
        key = "text" if target["text"] else "title"
        words = target[key].split(" ")
        at = w % len(words)
        if kind == "replace":
            words[at] = WORDS[k % len(WORDS)]
        elif kind == "insert_word":
            words.insert(at + 1, WORDS[k % len(WORDS)])
        elif len(words) > 4:
            del words[at]
        target[key] = " ".join(words)
    elif kind == "insert_clause" and c is not None and c["n"].isdigit():
        number = c["n"] + "a"
        if not any(x["n"] == number for x in clauses):
            clauses.insert(clauses.index(c) + 1, {"n": number, "points": [],
                                                  "text": f"Nội dung bổ sung {k} về văn thư."})
    elif kind == "insert_point" and c is not None and c["points"]:
        p = c["points"][k % len(c["points"])]
        number = p["n"] + "1"
        if len(p["n"]) == 1 and not any(x["n"] == number for x in c["points"]):
            c["points"].insert(c["points"].index(p) + 1,
                               {"n": number, "text": f"Điểm bổ sung {k};"})
    elif kind == "insert_article" and a["n"].isdigit():
        number = a["n"] + "a"
        if not any(x["n"] == number for x in doc):
            doc.insert(doc.index(a) + 1, {"n": number, "title": "Quy định bổ sung", "text": "",
                                          "clauses": [{"n": "1", "text": "Khoản một mới.",
                                                       "points": []}]})
    elif kind == "append_clause" and all(x["n"].isdigit() for x in clauses) and clauses:
        clauses.append({"n": str(len(clauses) + 1), "text": f"Khoản cuối mới {k}.", "points": []})
    elif kind == "delete_clause" and c is not None and len(clauses) > 1:
        clauses.remove(c)
        renumber_clauses(a)
    elif kind == "delete_point" and c is not None and len(c["points"]) > 1:
        del c["points"][k % len(c["points"])]
        renumber_points(c)
    elif kind == "delete_article" and len(doc) > 2:
        doc.remove(a)
    elif kind == "split" and c is not None and not c["points"] and ". " in c["text"].strip(". "):
        head, tail = c["text"].split(". ", 1)
        c["text"] = head + "."
        clauses.insert(clauses.index(c) + 1, {"n": c["n"] + "x", "text": tail, "points": []})
        for x in clauses:
            x["n"] = x["n"].replace("x", "")
        if all(x["n"].isdigit() for x in clauses):
            renumber_clauses(a)
        else:
            clauses.remove(clauses[clauses.index(c) + 1])
            c["text"] = head + ". " + tail
    elif kind == "merge" and c is not None and not c["points"] and c is not clauses[-1]:
        nxt = clauses[clauses.index(c) + 1]
        if not nxt["points"]:
            c["text"] = c["text"] + " " + nxt["text"]
            clauses.remove(nxt)
            renumber_clauses(a)
    elif kind == "move_point" and c is not None and c["points"] and len(c["points"]) > 1:
        other = doc[(i + 1 + k) % len(doc)]["clauses"]
        dest = other[w % len(other)] if other else None
        if dest is not None and dest is not c and dest["points"] and \
                all(len(p["n"]) == 1 for p in dest["points"] + c["points"]):
            point = c["points"].pop(k % len(c["points"]))
            dest["points"].append(point)
            renumber_points(c)
            renumber_points(dest)


OPS = st.tuples(st.sampled_from(["replace", "insert_word", "delete_word", "insert_clause",
                                 "insert_point", "insert_article", "append_clause",
                                 "delete_clause", "delete_point", "delete_article", "split",
                                 "merge", "move_point"]),
                st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.integers(0, 80))


@pytest.fixture(scope="module")
def articles(nd30):
    return decree(nd30)


@settings(max_examples=60, deadline=None)
@given(ops=st.lists(OPS, min_size=1, max_size=6))
def test_round_trip_on_redrafts_of_the_decree(articles, ops):
    new = copy.deepcopy(articles)
    for op in ops:
        edit(new, op)
    check_round_trip(render(articles), render(new))


# ------------------------------------------------------------------ the annex with a table
def annex_lines(bundled) -> list[str]:
    text = (bundled / "versions" / "hien-hanh.md").read_text(encoding="utf-8")
    return [x for x in text.splitlines() if x.strip()]


def row_edit(lines: list[str], op: tuple) -> list[str]:
    kind, i, k = op
    rows = [n for n, x in enumerate(lines) if re.match(r"^\|\s*\d+[a-z]?\s*\|", x)]
    items = [n for n, x in enumerate(lines) if re.match(r"^\d+\.\d+\. ", x)]
    lines = list(lines)
    if kind == "cell":
        n = rows[i % len(rows)]
        cells = lines[n].split("|")
        cells[3] = f" {cells[3].strip()} theo hướng dẫn {k} "
        lines[n] = "|".join(cells)
    elif kind == "mark":
        n = rows[i % len(rows)]
        cells = lines[n].split("|")
        cells[4] = " x " if not cells[4].strip() else " "
        lines[n] = "|".join(cells)
    elif kind == "delete_row":
        del lines[rows[i % len(rows)]]
        for stt, n in enumerate([n for n, x in enumerate(lines)
                                 if re.match(r"^\|\s*\d+\s*\|", x)], 1):
            lines[n] = re.sub(r"^\|\s*\d+\s*\|", f"| {stt} |", lines[n])
    elif kind == "add_row":
        lines.insert(rows[-1] + 1, f"| {len(rows) + 1} | Chức năng mới {k} | Mô tả {k} | | x |")
    elif kind == "insert_row":
        n = rows[i % len(rows)]
        stt = re.match(r"^\|\s*(\d+)", lines[n]).group(1)
        if not re.match(rf"^\|\s*{stt}a\s*\|", lines[n + 1] if n + 1 < len(lines) else ""):
            lines.insert(n + 1, f"| {stt}a | Chức năng chen {k} | Mô tả | x | x |")
    elif kind == "item":
        n = items[i % len(items)]
        lines[n] = lines[n].rstrip(".;") + f" theo lộ trình {k}."
    elif kind == "delete_item":
        n = items[i % len(items)]
        del lines[n]
    return lines


ROW_OPS = st.tuples(st.sampled_from(["cell", "mark", "delete_row", "add_row", "insert_row",
                                     "item", "delete_item"]),
                    st.integers(0, 40), st.integers(0, 40))


@settings(max_examples=40, deadline=None)
@given(ops=st.lists(ROW_OPS, min_size=1, max_size=5))
def test_round_trip_on_redrafts_of_the_annex_table(bundled, ops):
    old = annex_lines(bundled)
    new = old
    for op in ops:
        new = row_edit(new, op)
    check_round_trip("\n\n".join(old), "\n\n".join(new))


# ------------------------------------------------------------------ the bundled drafts
@pytest.mark.parametrize("a, b", [("hien-hanh", "du-thao-1"), ("du-thao-1", "du-thao-2"),
                                  ("hien-hanh", "du-thao-2")])
def test_round_trip_on_the_bundled_drafts_text_and_word(bundled, tmp_path, a, b):
    from consultkit.writers.tracked import write_amending_docx
    folder = bundled / "versions"
    old, new = parse_clauses(folder / f"{a}.md"), parse_clauses(folder / f"{b}.md")
    cmp = compare(old, new)
    check_round_trip((folder / f"{a}.md").read_text(encoding="utf-8"),
                     (folder / f"{b}.md").read_text(encoding="utf-8"))
    path = write_amending_docx(cmp, tmp_path / "sua-doi.docx")
    frame = read_amendments(path)
    from_text = read_amendments(cmp.amending_text())
    assert list(frame.instruction) == list(from_text.instruction)
    assert list(frame.text) == list(from_text.text)
    result = consolidate(old, frame)
    assert bool(result.attrs["report"]["applied"].all())
    assert same_text(result, new) == []


def test_bundled_amending_document_is_generated_and_consolidates_to_the_latest_draft(bundled):
    """The illustrative amending document of the bundled consultation is what the toolkit drafts
    from the comparison (scripts/build_amending_example.py), and applying it to the current text
    gives draft 2 unit for unit."""
    import importlib.util
    path = bundled.parent.parent.parent / "scripts" / "build_amending_example.py"
    spec = importlib.util.spec_from_file_location("build_amending_example", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    bundled_text = (bundled / "amending" / "sua-doi-du-thao-2.md").read_text(encoding="utf-8")
    assert bundled_text == script.build(), "run scripts/build_amending_example.py"
    assert bundled_text.startswith("> Văn bản minh họa — không phải văn bản pháp lý chính thức.")
    frame = read_amendments(bundled / "amending" / "sua-doi-du-thao-2.md")
    assert frame.attrs["document"]["title"].startswith("THÔNG TƯ Sửa đổi, bổ sung Mục IV Phụ lục 1")
    result = consolidate(bundled / "versions" / "hien-hanh.md", frame)
    assert bool(result.attrs["report"]["applied"].all())
    assert same_text(result, parse_clauses(bundled / "versions" / "du-thao-2.md")) == []


# ------------------------------------------------------------------ the Word redraft corpus
def _corpus():
    from test_redraft_corpus import FIXTURES, PAIRS, truth_of
    return FIXTURES, PAIRS, truth_of


#: a criteria table with sub-rows ("a.", "b."), rows without STT ("- Quốc hiệu") and title
#: rows, restated: the amending *text* quotes table rows as lines "N. cell | cell", which
#: cannot carry that structure back (a Word table in the quotation would) — known, reported
_TABLE_TOO_COMPLEX = {"annex-units", "annex-units.lo"}


@pytest.mark.parametrize("pair", [
    pytest.param(k, marks=pytest.mark.xfail(strict=True, reason="complex table quoted as text"))
    if f"{n}{s}" in _TABLE_TOO_COMPLEX else k
    for k, (n, s) in enumerate(_corpus()[1])], ids=[f"{n}{s}" for n, s in _corpus()[1]])
def test_round_trip_on_the_word_redraft_corpus(pair):
    """The redrafts of the real decree made in Word (and saved again by LibreOffice): the
    wording drafted for each pair, applied to the base .docx, gives the redraft."""
    fixtures, pairs, truth_of = _corpus()
    name, suffix = pairs[pair]
    old = parse_clauses(fixtures / truth_of(name)["base"])
    new = parse_clauses(fixtures / f"{name}{suffix}.docx")
    wording = compare(old, new).amending_text()
    result = consolidate(old, wording)
    report = result.attrs["report"]
    failed = report[~report.applied]
    assert failed.empty, (wording, failed[["instruction", "reason"]].to_dict("records"))
    assert same_text(result, new) == [], wording
