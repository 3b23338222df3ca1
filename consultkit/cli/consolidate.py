"""``consultkit consolidate BASE AMENDING... -o OUT``: the text in force (văn bản hợp nhất).

The amending documents' instructions are applied to BASE in order of effect
(:func:`consultkit.consolidation.consolidate`); OUT is written as .docx (house style,
footnotes per change), .html or .md (:func:`consultkit.writers.consolidated.write_consolidated`).
Every instruction that could not be applied is listed with its reason; ``--strict``
stops at the first one (exit status 1).
"""

from __future__ import annotations

import datetime as dt

import click


@click.command("consolidate")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("amending", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
              help="Tệp văn bản hợp nhất: .docx, .html hoặc .md.")
@click.option("--effective", default=None,
              help="Chỉ áp dụng các văn bản sửa đổi có hiệu lực vào ngày này (YYYY-MM-DD).")
@click.option("--strict", is_flag=True, help="Dừng ở lệnh sửa đổi đầu tiên không áp dụng được.")
def command(base, amending, out, effective, strict) -> None:
    """Hợp nhất văn bản gốc với các văn bản sửa đổi, bổ sung."""
    from ..consolidation import consolidate
    from ..writers.consolidated import write_consolidated

    on = None
    if effective:
        try:
            on = dt.date.fromisoformat(effective)
        except ValueError as exc:
            raise click.BadParameter("cần ngày dạng YYYY-MM-DD, ví dụ 2026-03-01",
                                     param_hint="--effective") from exc
    result = consolidate(base, *amending, effective=on, strict=strict)
    write_consolidated(result, out)
    report = result.attrs["report"]
    done = int(report["applied"].sum()) if len(report) else 0
    click.echo(f"Đã áp dụng {done}/{len(report)} lệnh sửa đổi, bổ sung; đã ghi: {out}")
    for issue in result.attrs.get("issues", []):
        click.echo(f"- {issue}")
    for row in report[~report["applied"]].itertuples():
        click.echo(f"- Không áp dụng: {row.document}, {row.location or row.where}: "
                   f"“{row.instruction[:100]}” — {row.reason}")
