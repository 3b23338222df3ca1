"""``consultkit ingest WORKSPACE [PATHS…]``: read comment files into the register.

Without PATHS the workspace's inbox is read. Prints, in Vietnamese, how many
rows were read, how many comments are new, how many were already in the
register and how many were rejected, with each reason.

``consultkit ingest [WORKSPACE] --explain FILE`` reads one reply letter and
prints each part as read (:func:`consultkit.comments.explain.explain_letter`),
matched against the workspace's roster and latest draft when a workspace is
given (or set in ``CONSULTKIT_WORKSPACE``); the register is not touched.
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
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--progress/--no-progress", default=None,
              help="Hiện thanh tiến trình (mặc định: khi chạy trong cửa sổ lệnh).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Số tiến trình đọc tệp song song (bản quét cần nhận dạng chữ).")
@click.option("--explain", "explain", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Chỉ đọc một công văn và in từng phần như đã đọc (không ghi vào sổ ý kiến).")
@click.option("--public", "public", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tệp xuất góp ý công khai (.csv, .jsonl, .parquet) nhập vào kho góp ý công khai.")
@click.option("--cluster", default=None, metavar="local|tcp://HOST:8786",
              help="Chạy trên cụm Dask: 'local' (LocalCluster trên máy này) hoặc địa chỉ scheduler.")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=None,
              help="Số dòng mỗi phần khi nhập góp ý công khai (mặc định 100000).")
def command(workspace: Path | None, paths: tuple[Path, ...], progress: bool | None, workers: int,
            explain: Path | None, public: Path | None, cluster: str | None,
            chunk_rows: int | None) -> None:
    """Đọc góp ý (bảng tính, công văn .docx/.doc/.pdf, bản quét, thư .eml; tệp xuất góp ý công
    khai với --public) vào sổ ý kiến của WORKSPACE."""
    if explain is not None:
        click.echo(_explain(explain, workspace))
        return
    if workspace is None:
        raise click.UsageError("Thiếu WORKSPACE: thư mục đợt xin ý kiến")
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
    report = consultation.ingest(list(paths) or None, progress=show, workers=workers)
    click.echo(f"Sổ ý kiến: {consultation.register.path}")
    for line in report.lines():
        click.echo(line)


def _explain(path: Path, workspace: Path | None) -> str:
    import os

    from ..comments.explain import explain_letter
    from ..errors import InputFileError

    if path.suffix.lower() not in (".docx", ".pdf"):
        raise InputFileError("chỉ giải thích được công văn .docx hoặc .pdf", path=path,
                             hint="Bảng tính và thư .eml: dùng 'consultkit ingest' rồi xem sổ ý kiến")
    workspace = workspace or (Path(os.environ["CONSULTKIT_WORKSPACE"])
                              if os.environ.get("CONSULTKIT_WORKSPACE") else None)
    roster = clauses = None
    header = "(không có đợt xin ý kiến: không đối chiếu danh sách đơn vị và dự thảo)"
    if workspace is not None:
        consultation = open_consultation(workspace)
        roster = consultation.roster
        names = list(consultation.versions)
        clauses = consultation.versions[names[-1]] if names else None
        header = (f"Đối chiếu với: {consultation.title or workspace}"
                  + (f" — dự thảo “{names[-1]}”" if names else ""))
    return header + "\n" + explain_letter(path, roster=roster, clauses=clauses)
