"""``consultkit lab`` serves JupyterLab on the workspace's notebooks; ``make lab`` is a thin call to it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from consultkit.cli import main
from consultkit.cli.lab import lab_command
from consultkit.cli.serve import check_extra_args, notebook_folder, running_as_root, server_env
from consultkit.resources import notebooks_dir
from conftest import ROOT

TOKEN = "consultkit-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _make_vars(tmp_path: Path) -> list[str]:
    """Run make with this environment's Python (a stamp newer than pyproject.toml: no reinstall)."""
    stamp = tmp_path / "installed"
    stamp.touch()
    return [f"VENV={Path(sys.executable).parent.parent}", f"STAMP={stamp}"]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _serve(cmd, tmp_path, cwd=ROOT):
    log = open(tmp_path / "lab.log", "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=_env(tmp_path),
                            start_new_session=True)
    return proc, log


def _wait_for_lab(base: str, proc, tmp_path) -> bytes:
    deadline = time.monotonic() + 120
    status, body = None, b""
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            status, body = _get(f"{base}/api/contents?token={TOKEN}")
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    assert status == 200, (tmp_path / "lab.log").read_text(encoding="utf-8")[-3000:]
    return body


def _stop(proc, log, port: int) -> None:
    """Stop consultkit the way a service manager does (SIGTERM): JupyterLab must stop with it."""
    try:
        proc.terminate()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
        log.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.3)
    raise AssertionError("JupyterLab still listens after consultkit was stopped")


def test_lab_command_line():
    cmd = lab_command(Path("nb"), 8890, open_browser=False, extra=["--ServerApp.token=x"])
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--port=8890" in cmd and "--no-browser" in cmd and cmd[-1] == "--ServerApp.token=x"
    assert f"--ServerApp.root_dir={Path('nb')}" in cmd
    assert ("--allow-root" in cmd) == running_as_root()


def test_server_env_names_the_workspace(tmp_path):
    assert server_env(tmp_path)["CONSULTKIT_WORKSPACE"] == str(tmp_path)


@pytest.mark.parametrize("arg", ["--port=9001", "--port", "--ServerApp.port=9001",
                                 "--NotebookApp.port=9001"])
def test_the_port_is_chosen_one_way(arg):
    import click

    with pytest.raises(click.UsageError, match="--port"):
        check_extra_args(["--no-browser", arg])
    result = CliRunner().invoke(main, ["lab", str(ROOT), "--port", "9000", "--", arg])
    assert result.exit_code == 2 and "cổng chỉ chọn bằng tùy chọn --port" in result.output


def test_notebooks_of_the_workspace_else_of_the_package(tmp_path, bundled):
    assert notebook_folder(bundled) == notebooks_dir()
    target = tmp_path / "ws"
    assert CliRunner().invoke(main, ["new", str(target)]).exit_code == 0
    assert notebook_folder(target) == target / "notebooks"


def test_lab_refuses_a_folder_without_manifest(tmp_path):
    result = CliRunner().invoke(main, ["lab", str(tmp_path), "--no-browser"])
    assert result.exit_code == 1 and "thiếu tệp consultation.toml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.notebook
def test_consultkit_lab_serves_the_workspace_notebooks(tmp_path):
    """What a user on any system types: `consultkit lab DIR --example` (python -m consultkit)."""
    port = _free_port()
    workspace = tmp_path / "vidu"
    proc, log = _serve([sys.executable, "-m", "consultkit", "lab", str(workspace), "--example",
                        "--port", str(port), "--no-browser", "--", f"--ServerApp.token={TOKEN}"],
                       tmp_path, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        body = _wait_for_lab(base, proc, tmp_path)
        names = {item["name"] for item in json.loads(body)["content"]}
        assert names == {p.name for p in (workspace / "notebooks").glob("*.ipynb")}
        assert "00_bat_dau.ipynb" in names and (workspace / "inbox" / "so-theo-doi-gop-y.xlsx").is_file()
        status, page = _get(f"{base}/lab?token={TOKEN}")
        assert status == 200 and b"JupyterLab" in page
    finally:
        _stop(proc, log, port)


@pytest.mark.notebook
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed (Windows: "
                                                          "use 'consultkit lab')")
def test_make_lab_serves_the_notebooks(tmp_path):
    port = _free_port()
    proc, log = _serve(["make", "--no-print-directory", "lab", f"PORT={port}",
                        f"LAB_ARGS=--no-browser --ServerApp.token={TOKEN}", *_make_vars(tmp_path)],
                       tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        body = _wait_for_lab(base, proc, tmp_path)
        names = {item["name"] for item in json.loads(body)["content"]}
        assert {"00_bat_dau.ipynb", "04_bieu_do_hop.ipynb"} <= names
        assert names == {p.name for p in notebooks_dir().glob("*.ipynb")}
    finally:
        _stop(proc, log, port)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_with_a_second_port_fails_clearly(tmp_path):
    done = subprocess.run(["make", "--no-print-directory", "lab", "PORT=8890", "LAB_ARGS=--port=8891",
                           *_make_vars(tmp_path)], cwd=ROOT, env=_env(tmp_path), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode != 0
    assert "cổng chỉ chọn bằng tùy chọn --port" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_allow_root_where_there_is_no_root(monkeypatch):
    """Windows has no os.geteuid: never --allow-root there."""
    monkeypatch.delattr(os, "geteuid", raising=False)
    assert not running_as_root()
    assert "--allow-root" not in lab_command(Path("nb"), 8888)
