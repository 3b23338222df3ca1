"""``consultkit lab [WORKSPACE] [--port N]``: JupyterLab on the notebooks, workspace set.

The same on Windows, macOS and Linux (no make, no shell): JupyterLab runs as
``python -m jupyterlab`` of this environment, its folder is the workspace's
``notebooks/`` (copied there by ``consultkit new``) or else the notebooks
shipped in the package, and ``CONSULTKIT_WORKSPACE`` tells the notebooks which
consultation to open. The port is chosen one way: ``--port``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .serve import (check_extra_args, notebook_folder, run_server, running_as_root, server_env,
                    workspace_root)


def lab_command(notebooks: Path, port: int, *, open_browser: bool = True, ip: str = "127.0.0.1",
                extra: list[str] | None = None) -> list[str]:
    """The command line that serves ``notebooks`` with JupyterLab."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks}",
           f"--port={port}", f"--ServerApp.ip={ip}"]
    if not open_browser:
        cmd.append("--no-browser")
    if running_as_root():                 # containers and CI machines run as root
        cmd.append("--allow-root")
    return cmd + list(extra or ())


@click.command("lab", context_settings={"ignore_unknown_options": True})
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--port", default=8888, show_default=True, type=click.IntRange(1, 65535),
              help="Cổng của JupyterLab (cách duy nhất để chọn cổng).")
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe (0.0.0.0 để dùng chung trong mạng nội bộ).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@click.option("--example", is_flag=True,
              help="Nếu WORKSPACE chưa có: tạo nó từ đợt lấy ý kiến mẫu (RIS-PACS 2021) trước.")
@click.argument("jupyter_args", nargs=-1, type=click.UNPROCESSED)
def command(workspace: Path, port: int, ip: str, no_browser: bool, example: bool,
            jupyter_args: tuple[str, ...]) -> None:
    """Mở JupyterLab với các sổ tay của đợt lấy ý kiến WORKSPACE (mặc định: thư mục hiện tại).

    Tùy chọn khác của JupyterLab đặt sau cùng, ví dụ: consultkit lab vidu --ServerApp.token=abc
    """
    extra = check_extra_args(jupyter_args)
    if example and not (workspace.exists() and any(workspace.iterdir())):
        from .new import create

        create(workspace, example=True)
    root = workspace_root(workspace)       # a clear error before the server starts
    notebooks = notebook_folder(root)
    click.echo(f"JupyterLab: http://{ip}:{port}/lab  — đợt lấy ý kiến: {root}  (Ctrl+C để dừng)")
    run_server(lab_command(notebooks, port, open_browser=not no_browser, ip=ip, extra=extra),
               server_env(root), notebooks, "JupyterLab")
