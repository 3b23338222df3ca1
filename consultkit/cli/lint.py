"""``consultkit lint FILE``: check a consultation dispatch before it is issued.

Prints the findings (severity, rule, place, message, suggested fix) as a
table, or as CSV with ``--format csv``. Exit status 1 when there are errors;
placeholders left for issuance ("cần hoàn thiện khi ban hành") are not errors.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("lint")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
              show_default=True, help="Output: a readable table or CSV.")
@click.option("--min-days", type=int, default=None,
              help="Minimum days between the dispatch and its deadline (default 10).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Measure the consultation period from this day when the dispatch date is blank.")
def command(file: Path, fmt: str, min_days: int | None, today) -> None:
    """Kiểm tra công văn xin ý kiến (thể thức, hạn góp ý, danh sách gửi)."""
    from ..lint import MIN_DAYS, format_findings, lint_dispatch

    frame = lint_dispatch(file, min_days=MIN_DAYS if min_days is None else min_days,
                          today=today.date() if today else None)
    if fmt == "csv":
        from ..writers.cells import to_csv

        click.echo(to_csv(frame), nl=False)
    else:
        click.echo(format_findings(frame), nl=False)
    if (frame["severity"] == "error").any():
        raise SystemExit(1)
