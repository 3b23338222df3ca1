"""``consultkit ingest WORKSPACE [PATHS…]``: read comment files into the register.

Without PATHS the workspace's inbox is read. Prints, in Vietnamese, how many
rows were read, how many comments are new, how many were already in the
register and how many were rejected, with each reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..workspace import open_consultation


@click.command("ingest")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--progress/--no-progress", default=None,
              help="Hiện thanh tiến trình (mặc định: khi chạy trong cửa sổ lệnh).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Số tiến trình đọc tệp song song (bản quét cần nhận dạng chữ).")
def command(workspace: Path, paths: tuple[Path, ...], progress: bool | None, workers: int) -> None:
    """Đọc góp ý (bảng tính, công văn .docx/.doc/.pdf, bản quét, thư .eml) vào sổ ý kiến của
    WORKSPACE."""
    consultation = open_consultation(workspace)
    show = sys.stderr.isatty() if progress is None else progress
    report = consultation.ingest(list(paths) or None, progress=show, workers=workers)
    click.echo(f"Sổ ý kiến: {consultation.register.path}")
    for line in report.lines():
        click.echo(line)
