"""``consultkit status WORKSPACE``: who replied, who is late, who to remind.

``--format table`` (default) prints the counts per roster group and the lists
of units, in Vietnamese; ``--format csv`` prints the full responses frame
(one row per roster unit) for spreadsheets.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..tracking import SUMMARY_LABELS, responses, summary, unmatched_replies
from ..workspace import open_consultation
from ..writers.labels import unit_label


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "không rõ ngày"


def _table(rows: list[list[str]], headers: list[str]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers), fmt.format(*("-" * w for w in widths))] + \
        [fmt.format(*map(str, r)) for r in rows]


#: Column headers: the terms of the notebooks, the charts and the tracker widget.
LABELS = SUMMARY_LABELS


@click.command("status")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
              show_default=True, help="Kết quả: báo cáo dễ đọc (table) hoặc CSV từng đơn vị (csv).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Tính tình hình góp ý đến ngày này (YYYY-MM-DD).")
def command(workspace: Path, fmt: str, today) -> None:
    """Tình hình trả lời: đơn vị đã trả lời, trả lời muộn, cần đôn đốc."""
    consultation = open_consultation(workspace)
    day = today.date() if today else None
    comments = consultation.comments
    frame = responses(consultation.roster, comments, consultation.deadline, today=day)
    if fmt == "csv":
        from ..writers.cells import to_csv

        click.echo(to_csv(frame), nl=False)
        return
    deadline = consultation.deadline
    click.echo(consultation.title)
    click.echo(f"Hạn góp ý: {_date(deadline)}")
    counts = summary(frame)
    cols = ["group", "group_title", "consulted", "replied", "late", "to_remind"]
    click.echo("")
    for line in _table(counts[cols].values.tolist(), [LABELS[c] for c in cols]):
        click.echo(line)
    replied = frame[frame["replied"]]
    sections = [
        ("Đã trả lời", replied, lambda r: f"{unit_label(r.name)} ({_date(r.first_reply)}, {r.n_comments} ý kiến)"),
        ("Trả lời muộn (sau hạn góp ý)", frame[frame["late"]], lambda r: f"{unit_label(r.name)} ({_date(r.first_reply)})"),
        ("Cần đôn đốc (chưa trả lời)", frame[frame["needs_reminder"]], lambda r: unit_label(r.name)),
    ]
    for title, rows, text in sections:
        click.echo("")
        click.echo(f"{title}: {len(rows)}")
        for row in rows.itertuples():
            click.echo(f"  - {text(row)}")
    unmatched = unmatched_replies(comments, consultation.roster)
    if len(unmatched):
        names = dict(zip(consultation.roster["unit_id"], consultation.roster["name"]))
        click.echo("")
        click.echo(f"Văn bản góp ý chưa xác định được đơn vị: {len(unmatched)}")
        for row in unmatched.itertuples():
            note = f" (tính cho nhóm {unit_label(names[row.attributed_to])})" if row.attributed_to else ""
            click.echo(f"  - {row.unit_raw}: {row.n_comments} ý kiến{note}")
