"""``consultkit report``: the documents of a consultation, in the ND 30/2020 house style.

* ``report synthesis WORKSPACE -o FILE.docx [--xlsx FILE.xlsx]`` — bản tổng hợp,
  tiếp thu, giải trình ý kiến góp ý (A4 landscape), optionally its table as .xlsx;
* ``report reminders WORKSPACE -o DIR --deadline YYYY-MM-DD [--merged]`` — công văn
  đôn đốc for the units that have not replied, and the mail log CSV;
* ``report dispatch WORKSPACE -o FILE.docx`` — the consultation dispatch and its
  recipient annex rendered from the workspace's data.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..workspace import open_consultation

_WORKSPACE = click.argument("workspace", type=click.Path(file_okay=False, path_type=Path))


@click.group("report")
def command() -> None:
    """Văn bản: bản tổng hợp góp ý, công văn đôn đốc, công văn xin ý kiến."""


@command.command("synthesis")
@_WORKSPACE
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Tệp Word (.docx) cần ghi.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Ghi thêm bảng tổng hợp ra tệp Excel (.xlsx).")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Ngày của bản tổng hợp (YYYY-MM-DD; bỏ trống để điền tay).")
def synthesis(workspace: Path, output: Path, xlsx: Path | None, date) -> None:
    """Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý (.docx)."""
    from ..writers.synthesis import synthesis_numbers, write_synthesis
    from ..writers.synthesis_doc import listed_units

    consultation = open_consultation(workspace)
    path = write_synthesis(consultation, output, date=date.date() if date else None, xlsx=xlsx)
    numbers = synthesis_numbers(consultation.comments, consultation.responses())
    click.echo(f"Đã ghi {path}")
    if xlsx:
        click.echo(f"Đã ghi {xlsx}")
    consulted, replied = listed_units(numbers)
    click.echo(f"{replied}/{consulted} cơ quan, đơn vị đã trả lời; "
               f"{numbers['comments_in_table']} ý kiến góp ý trong bảng "
               f"(tiếp thu {numbers['accepted']}, tiếp thu một phần {numbers['partly_accepted']}, "
               f"giải trình {numbers['explained']}, chưa xử lý {numbers['pending']}).")


@command.command("reminders")
@_WORKSPACE
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Thư mục ghi các công văn (hoặc tệp .docx khi dùng --merged).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Hạn góp ý mới (YYYY-MM-DD).")
@click.option("--merged", is_flag=True, help="Ghi tất cả công văn vào một tệp.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Tính tình hình góp ý đến ngày này (YYYY-MM-DD).")
def reminders(workspace: Path, output: Path, deadline, merged: bool, today) -> None:
    """Công văn đôn đốc các đơn vị chưa trả lời (.docx) và sổ theo dõi gửi công văn (.csv)."""
    from ..writers.letters import LOG_NAME, write_reminders

    consultation = open_consultation(workspace)
    frames = {"dispatch": consultation.dispatch,
              "responses": consultation.responses(today=today.date() if today else None)}
    files = write_reminders(frames, output, new_deadline=deadline.date(), merged=merged)
    n = int(frames["responses"]["needs_reminder"].sum())
    click.echo(f"Đã ghi {len(files)} tệp công văn đôn đốc cho {n} đơn vị chưa trả lời "
               f"vào {files[0].parent if files else output}")
    click.echo(f"Sổ theo dõi gửi công văn: {(files[0].parent if files else output) / LOG_NAME}")


@command.command("dispatch")
@_WORKSPACE
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Tệp Word (.docx) cần ghi.")
def dispatch(workspace: Path, output: Path) -> None:
    """Công văn xin ý kiến và danh sách đơn vị kèm theo (.docx)."""
    from ..writers.letters import write_dispatch

    consultation = open_consultation(workspace)
    path = write_dispatch(consultation.dispatch, consultation.roster, output)
    click.echo(f"Đã ghi {path}")
