"""``consultkit new DIR``: start a consultation workspace by copying a template."""

from __future__ import annotations

import click


@click.command("new")
@click.argument("target", type=click.Path(file_okay=False))
@click.option("--from", "template", type=click.Path(file_okay=False, exists=True), default=None,
              help="Thư mục mẫu (mặc định: đợt lấy ý kiến RIS-PACS 2021 đi kèm).")
@click.option("--with-comments", is_flag=True,
              help="Chép cả thư mục inbox (các góp ý đã nhận) của thư mục mẫu.")
def command(target: str, template: str | None, with_comments: bool) -> None:
    """Tạo thư mục cho một đợt lấy ý kiến mới (chép từ thư mục mẫu)."""
    from ..workspace import BUNDLED, MANIFEST_NAME, new_consultation

    path = new_consultation(target, template or BUNDLED, with_comments=with_comments)
    click.echo(f"Đã tạo thư mục đợt lấy ý kiến: {path}")
    click.echo(f"Tiếp theo: sửa {path / MANIFEST_NAME} (tên đợt, công văn, hạn góp ý, các phiên bản), "
               "thay công văn trong dispatch/ và dự thảo trong versions/, rồi chạy:")
    click.echo(f"  consultkit info {path}")
