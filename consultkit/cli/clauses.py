"""``consultkit clauses FILE``: show how a regulation text parses into clauses.

``--format table`` (default) prints the tree indented by level, one unit per
line (id, kind, number, heading/text start, location), then the parse issues;
``csv`` and ``json`` give the whole frame (``cells`` as JSON objects) so a
drafter can see exactly why a document parsed as it did.
"""

from __future__ import annotations

import json

import click

_KIND_LABELS = {
    "annex": "phụ lục", "part": "phần", "chapter": "chương", "section": "mục",
    "article": "điều", "clause": "khoản", "point": "điểm", "item": "gạch đầu dòng",
    "annex_section": "mục", "table_row": "dòng bảng", "title": "tên văn bản",
    "header": "phần đầu", "preamble": "căn cứ", "note": "ghi chú", "signature": "chữ ký",
    "recipients": "nơi nhận", "text": "văn bản",
}


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(frame, width: int = 70) -> str:
    """The tree as indented text lines (Vietnamese labels)."""
    lines = []
    for row in frame.sort_values("order").itertuples(index=False):
        label = _KIND_LABELS.get(row.kind, row.kind)
        if row.kind == "item" and str(row.number)[:1].isalnum():
            label = "mục liệt kê"          # "1)"-style items are numbered, not bullets
        body = " — ".join(p for p in (row.heading, row.text) if p)
        indent = "  " * int(row.level)
        lines.append(f"{indent}{row.clause_id:<14} {label:<14} {row.number:<10} "
                     f"{_short(body, width)}  [{row.location}]")
    issues = frame.attrs.get("parse_issues", [])
    lines.append("")
    lines.append(f"{int((~frame.clause_id.str.startswith('_')).sum())} điều khoản; "
                 f"{len(issues)} vấn đề về đánh số")
    lines += [f"  - {issue}" for issue in issues]
    return "\n".join(lines) + "\n"



@click.command("clauses")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Định dạng kết quả.")
def command(file: str, fmt: str) -> None:
    """Phân tích văn bản FILE (.docx, .md, .txt) thành cây điều khoản."""
    from ..clauses.parse import parse_clauses

    frame = parse_clauses(file)
    if fmt == "table":
        click.echo(render_table(frame), nl=False)
        return
    out = frame.copy()
    if fmt == "json":
        records = out.to_dict(orient="records")
        payload = {"clauses": records, "parse_issues": frame.attrs.get("parse_issues", [])}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        return
    out["cells"] = [json.dumps(c, ensure_ascii=False) if c else "" for c in out["cells"]]
    from ..writers.cells import to_csv

    click.echo(to_csv(out), nl=False)
