"""``consultkit ingest WORKSPACE [PATHS…]``: read comment files into the register.

Without PATHS the workspace's inbox is read. Prints, in Vietnamese, how many
rows were read, how many comments are new, how many were already in the
register and how many were rejected, with each reason.

``consultkit ingest WORKSPACE --public EXPORT [--cluster local|tcp://host:8786]``
reads a public-consultation export (CSV, JSON Lines, Parquet; millions of
rows) into the workspace's public store (``public/``: Parquet + DuckDB) in
chunks, embedded or on a Dask cluster, then clusters form letters and
near-duplicates (:mod:`consultkit.public`).
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
@click.option("--public", "public", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tệp xuất góp ý công khai (.csv, .jsonl, .parquet) nhập vào kho góp ý công khai.")
@click.option("--cluster", default=None, metavar="local|tcp://HOST:8786",
              help="Chạy trên cụm Dask: 'local' (LocalCluster trên máy này) hoặc địa chỉ scheduler.")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=None,
              help="Số dòng mỗi phần khi nhập góp ý công khai (mặc định 100000).")
def command(workspace: Path, paths: tuple[Path, ...], progress: bool | None, public: Path | None,
            cluster: str | None, chunk_rows: int | None) -> None:
    """Đọc góp ý (bảng tính, công văn .docx, thư .eml) vào sổ ý kiến của WORKSPACE."""
    consultation = open_consultation(workspace)
    show = sys.stderr.isatty() if progress is None else progress
    if public is not None:
        from ..public.ingest import _n, ingest_public

        if paths:
            raise click.UsageError("--public nhận một tệp xuất; không ghi thêm đường dẫn khác")

        def tell(chunks: int, rows: int) -> None:
            click.echo(f"  … {_n(chunks)} phần, {_n(rows)} dòng", err=True)

        report = ingest_public(consultation, public, cluster=cluster, chunk_rows=chunk_rows,
                               progress=tell if show else None)
        click.echo(f"Kho góp ý công khai: {consultation.path / 'public'}")
        for line in report.lines():
            click.echo(line)
        return
    if cluster is not None or chunk_rows is not None:
        raise click.UsageError("--cluster và --chunk-rows chỉ dùng với --public")
    report = consultation.ingest(list(paths) or None, progress=show)
    click.echo(f"Sổ ý kiến: {consultation.register.path}")
    for line in report.lines():
        click.echo(line)
