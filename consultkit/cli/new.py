"""``consultkit new DIR``: start a consultation workspace by copying a template.

``--example`` copies the bundled RIS-PACS 2021 consultation with its inbox;
``--team GROUP`` makes the workspace usable by every member of an OS group on
a shared server (:mod:`consultkit.team`). The workbench notebooks are copied
into ``DIR/notebooks`` in every case.
"""

from __future__ import annotations

from pathlib import Path

import click


def create(target: str | Path, *, example: bool = False, template: str | Path | None = None,
           with_comments: bool = False, team: str | None = None) -> Path:
    """Make the workspace ``target``; returns its path. ``team``: OS group to share it with."""
    from ..team import group_id, share_with_group
    from ..workspace import BUNDLED, MANIFEST_NAME, Manifest, new_consultation

    if team:
        group_id(team)                    # a clear error before anything is written
    path = new_consultation(target, template or BUNDLED, with_comments=with_comments or example)
    if team:
        manifest = path / MANIFEST_NAME
        text = manifest.read_text(encoding="utf-8")
        if "[team]" not in text:
            text = text.rstrip("\n") + f'\n\n[team]\ngroup = "{team}"\n'
            manifest.write_text(text, encoding="utf-8", newline="\n")
        share_with_group(path, team, Manifest.read(path).register)
    return path


@click.command("new")
@click.argument("target", type=click.Path(file_okay=False))
@click.option("--example", is_flag=True,
              help="Chép đợt lấy ý kiến mẫu RIS-PACS 2021 đi kèm, cả các góp ý mẫu và sổ tay.")
@click.option("--from", "template", type=click.Path(file_okay=False, exists=True), default=None,
              help="Thư mục mẫu (mặc định: đợt lấy ý kiến RIS-PACS 2021 đi kèm).")
@click.option("--with-comments", is_flag=True,
              help="Chép cả thư mục inbox (các góp ý đã nhận) của thư mục mẫu.")
@click.option("--team", metavar="NHÓM", default=None,
              help="Nhóm người dùng (Linux) cùng làm việc trên thư mục: đặt nhóm sở hữu, "
                   "bit setgid và quyền đọc/ghi cho nhóm, kể cả sổ ý kiến (SQLite).")
def command(target: str, example: bool, template: str | None, with_comments: bool,
            team: str | None) -> None:
    """Tạo thư mục cho một đợt lấy ý kiến mới (chép từ thư mục mẫu, kèm các sổ tay)."""
    from ..workspace import MANIFEST_NAME

    if example and template:
        raise click.UsageError("--example và --from không dùng cùng nhau.")
    path = create(target, example=example, template=template, with_comments=with_comments,
                  team=team)
    click.echo(f"Đã tạo thư mục đợt lấy ý kiến: {path}")
    if team:
        click.echo(f"Dùng chung cho nhóm {team}: thư mục và sổ ý kiến đọc/ghi được cho cả nhóm.")
    if example:
        click.echo("Tiếp theo, mở các sổ tay:")
        click.echo(f"  consultkit lab {path}")
        return
    click.echo(f"Tiếp theo: sửa {path / MANIFEST_NAME} (tên đợt, công văn, hạn góp ý, các phiên bản), "
               "thay công văn trong dispatch/ và dự thảo trong versions/, rồi chạy:")
    click.echo(f"  consultkit info {path}")
