"""``consultkit compare OLD NEW``: clause-by-clause comparison of two versions.

Formats: ``html`` (a page with the word diff), ``csv`` (the comparison table;
``ops`` as JSON; cells that a spreadsheet would run as a formula get a leading
apostrophe), ``table-docx`` (bảng so sánh, via
``consultkit.writers.comparison_table``), ``tracked-docx`` (the new version with
revision marks: when both versions are .docx, the new file itself with the marks
added), ``amend`` (the amending wording: ``.docx`` when OUT ends in
.docx, else text).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import click

from ..errors import ConsultkitError

FORMATS = ("html", "csv", "table-docx", "tracked-docx", "amend")
def table_csv(comparison) -> str:
    frame = comparison.table.copy()
    frame["ops"] = [json.dumps([list(op) for op in ops], ensure_ascii=False) for ops in frame["ops"]]
    from ..writers.cells import to_csv

    return to_csv(frame)


def html_page(comparison, layout: str, only_changed: bool, title: str) -> str:
    body = comparison.to_html(layout=layout, only_changed=only_changed)
    rows = comparison.summary()
    summary = "".join(f"<li>{escape(r.label)}: {r.count}</li>"
                      for r in rows.itertuples() if r.count)
    return ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title></head><body>\n<h1>{escape(title)}</h1>\n"
            f"<ul>{summary}</ul>\n{body}\n</body></html>\n")


@click.command("compare")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="Định dạng kết quả.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), default=None,
              help="Tệp kết quả (bắt buộc với các định dạng .docx; mặc định in ra màn hình).")
@click.option("--layout", type=click.Choice(["inline", "side-by-side"]), default="side-by-side",
              show_default=True, help="Bố cục HTML.")
@click.option("--all", "all_rows", is_flag=True, help="Hiện cả các điều khoản không thay đổi.")
@click.option("--keep-renumbering", is_flag=True, help="Báo cả việc đánh số lại.")
@click.option("--document", default="", help="Tên văn bản được sửa đổi (dùng trong lời văn sửa đổi).")
@click.option("--author", default="Ban soạn thảo", show_default=True,
              help="Tác giả ghi trên các thay đổi (tracked-docx).")
def command(old, new, fmt, out, layout, all_rows, keep_renumbering, document, author) -> None:
    """So sánh hai phiên bản văn bản theo từng điều, khoản, điểm."""
    from ..comparison.core import compare

    comparison = compare(old, new, ignore_renumbering=not keep_renumbering)
    title = f"So sánh theo từng điều khoản: {Path(old).name} (bản cũ) và {Path(new).name} (bản mới)"
    if fmt in ("table-docx", "tracked-docx") and not out:
        raise click.UsageError(f"--format {fmt} ghi ra tệp Word: hãy cho -o TỆP.docx")
    if fmt == "html":
        _emit(html_page(comparison, layout, not all_rows, title), out)
    elif fmt == "csv":
        _emit(table_csv(comparison), out)
    elif fmt == "table-docx":
        try:
            from ..writers.comparison_table import write_comparison_table
        except ModuleNotFoundError as exc:
            if exc.name != "consultkit.writers.comparison_table":
                raise
            raise ConsultkitError("bản cài đặt này không có phần ghi bảng so sánh "
                                  "(consultkit.writers.comparison_table)",
                                  hint="Tạm dùng --format tracked-docx, html hoặc csv") from exc
        write_comparison_table(comparison, out, only_changed=not all_rows,
                               subtitle=f"(Dự thảo sửa đổi, bổ sung {document})" if document else None)
        click.echo(f"Đã ghi bảng so sánh: {out}")
    elif fmt == "tracked-docx":
        # Word inputs: the new file itself gets the marks; text inputs: a generated layout
        if all(str(f).lower().endswith(".docx") for f in (old, new)):
            from ..writers.tracked_docx import write_tracked_docx
            write_tracked_docx(comparison, old, new, out, author=author)
        else:
            from ..writers.tracked import write_tracked_changes
            write_tracked_changes(comparison, out, author=author)
        click.echo(f"Đã ghi dự thảo có theo dõi thay đổi: {out}")
    else:
        if out and out.lower().endswith(".docx"):
            from ..writers.tracked import write_amending_docx
            write_amending_docx(comparison, out, document=document)
            click.echo(f"Đã ghi lời văn sửa đổi, bổ sung: {out}")
        else:
            _emit(comparison.amending_text(document=document) + "\n", out)


def _emit(text: str, out: str | None) -> None:
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConsultkitError(f"không ghi được kết quả ({exc.strerror})", path=out,
                                  hint="Kiểm tra thư mục có tồn tại và ghi được không") from exc
        click.echo(f"Đã ghi: {out}")
    else:
        click.echo(text, nl=False)
