"""``consultkit dashboard WORKSPACE``: the meeting page, served with Voilà.

Serves ``notebooks/dashboard.ipynb`` (charts and headline numbers, no code)
as a standalone web page for leaders who do not use Jupyter. The workspace
reaches the notebook through the ``CONSULTKIT_WORKSPACE`` environment variable.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from ..errors import ConsultkitError
from ..workspace import Manifest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "dashboard.ipynb"


def voila_command(notebook: Path, port: int, *, open_browser: bool = True,
                  ip: str = "127.0.0.1") -> list[str]:
    """The command line that serves ``notebook`` with Voilà."""
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={ip}",
           "--show_tracebacks=False"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def dashboard_env(workspace: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CONSULTKIT_WORKSPACE"] = str(workspace)
    return env


def _raise_exit(signum, frame):
    raise SystemExit(0)


@click.command("dashboard")
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8866, show_default=True, help="Cổng của trang web.")
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe (0.0.0.0 để dùng chung trong mạng nội bộ).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def command(workspace: Path, port: int, ip: str, no_browser: bool) -> None:
    """Trang tổng hợp cho cuộc họp: biểu đồ và số liệu chính của WORKSPACE (Voilà, không hiện mã)."""
    root = Manifest.read(workspace).root  # a clear error before the server starts
    if not NOTEBOOK.is_file():
        raise ConsultkitError("thiếu sổ tay (notebook) của trang tổng hợp", path=NOTEBOOK,
                              hint="Chạy consultkit từ bản sao đầy đủ của dự án")
    click.echo(f"Trang tổng hợp: http://{ip}:{port}/  (Ctrl+C để dừng)")
    proc = subprocess.Popen(voila_command(NOTEBOOK, port, open_browser=not no_browser, ip=ip),
                            env=dashboard_env(root), cwd=NOTEBOOK.parent)
    previous = signal.signal(signal.SIGTERM, _raise_exit)   # stop Voilà with us
    try:
        status = proc.wait()
    except (KeyboardInterrupt, SystemExit):
        status = 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    if status:
        raise click.ClickException(f"Voilà đã dừng với mã {status}")
