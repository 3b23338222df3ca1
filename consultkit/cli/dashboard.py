"""``consultkit dashboard [WORKSPACE] [--port N]``: the meeting page, served with Voilà.

Serves ``dashboard.ipynb`` (charts and headline numbers, no code)
as a standalone web page for leaders who do not use Jupyter. The workspace
reaches the notebook through the ``CONSULTKIT_WORKSPACE`` environment variable.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..resources import _root
from .serve import run_server, server_env, workspace_root

#: the dashboard notebook shipped in the package (a workspace's own notebooks/ copy wins)
NOTEBOOK = Path(str(_root("notebooks"))) / "dashboard.ipynb"


def voila_command(notebook: Path, port: int, *, open_browser: bool = True,
                  ip: str = "127.0.0.1") -> list[str]:
    """The command line that serves ``notebook`` with Voilà."""
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={ip}",
           "--show_tracebacks=False"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def dashboard_notebook(workspace: Path) -> Path:
    """The workspace's notebooks/dashboard.ipynb if it has one, else the package's."""
    own = workspace / "notebooks" / "dashboard.ipynb"
    return own if own.is_file() else NOTEBOOK


@click.command("dashboard")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--port", default=8866, show_default=True, type=click.IntRange(1, 65535),
              help="Cổng của trang web.")
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe (0.0.0.0 để dùng chung trong mạng nội bộ).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def command(workspace: Path, port: int, ip: str, no_browser: bool) -> None:
    """Trang tổng hợp cho cuộc họp: biểu đồ và số liệu chính của WORKSPACE (Voilà, không hiện mã)."""
    root = workspace_root(workspace)  # a clear error before the server starts
    notebook = dashboard_notebook(root)
    click.echo(f"Trang tổng hợp: http://{ip}:{port}/  (Ctrl+C để dừng)")
    run_server(voila_command(notebook, port, open_browser=not no_browser, ip=ip),
               server_env(root), notebook.parent, "Voilà")
