"""Running a local web server for ``consultkit lab`` and ``consultkit dashboard``.

Cross-platform: no shell, no make, no POSIX-only call. The server runs as a
child process with the workspace in ``CONSULTKIT_WORKSPACE``; Ctrl+C (or a
SIGTERM sent to consultkit) stops it too.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import click

from ..errors import ConsultkitError
from ..workspace import Manifest

#: options that choose the port another way than ``--port`` (refused: one way only)
_PORT_OPTION = re.compile(r"^--(?:ServerApp\.|NotebookApp\.|Voila\.)?port(?:=|$)", re.IGNORECASE)


def running_as_root() -> bool:
    """True for the POSIX superuser (Jupyter then needs ``--allow-root``); never on Windows."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def check_extra_args(args: tuple[str, ...] | list[str]) -> list[str]:
    """Extra server options, refusing a second way of choosing the port."""
    for arg in args:
        if _PORT_OPTION.match(arg):
            raise click.UsageError(
                f"'{arg}': cổng chỉ chọn bằng tùy chọn --port của consultkit "
                "(ví dụ: consultkit lab THƯ_MỤC --port 8890; make lab PORT=8890).")
    return list(args)


def server_env(workspace: Path) -> dict[str, str]:
    """This environment with ``CONSULTKIT_WORKSPACE`` set to ``workspace``."""
    env = dict(os.environ)
    env["CONSULTKIT_WORKSPACE"] = str(workspace)
    return env


def workspace_root(workspace: Path) -> Path:
    """The workspace folder, checked before any server starts (a clear error otherwise)."""
    return Manifest.read(workspace).root


def notebook_folder(workspace: Path) -> Path:
    """The notebooks to serve: the workspace's own ``notebooks/``, else the package's."""
    from ..resources import notebooks_dir

    own = workspace / "notebooks"
    return own if own.is_dir() and any(own.glob("*.ipynb")) else notebooks_dir()


def _raise_exit(signum, frame):
    raise SystemExit(0)


def run_server(cmd: list[str], env: dict[str, str], cwd: Path, name: str) -> None:
    """Run ``cmd`` until it stops or we are interrupted; then stop it, politely first."""
    try:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd)
    except OSError as exc:
        raise ConsultkitError(f"không khởi động được {name} ({exc})", path=cwd,
                              hint="Cài lại consultkit cùng các gói nó cần "
                                   "(pip install --force-reinstall consultkit)") from exc
    previous = signal.signal(signal.SIGTERM, _raise_exit)   # stop the server with us
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
                proc.wait()
    if status:
        raise click.ClickException(f"{name} stopped with status {status}")


__all__ = ["running_as_root", "check_extra_args", "server_env", "workspace_root",
           "notebook_folder", "run_server"]
