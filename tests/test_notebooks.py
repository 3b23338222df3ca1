"""Every notebook runs top to bottom on a real Jupyter kernel, on a copy of the bundled workspace.

Notebooks are stored without outputs (checked below) and executed with nbclient,
kernel "python3" of this environment, in notebooks/ as working directory, with
CONSULTKIT_WORKSPACE pointing to a temporary copy so they never write into data/.
"""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from conftest import BUNDLED, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert any(p.name == "00_bat_dau.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has outputs: clear them"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    workspace = tmp_path / "ws"
    shutil.copytree(BUNDLED, workspace, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    # what a notebook could write into a workspace: the register, exports, caches
    written = lambda: sorted(p.relative_to(BUNDLED) for p in BUNDLED.rglob("*")  # noqa: E731
                             if p.suffix.startswith(".sqlite") or "exports" in p.parts
                             or p.suffix in {".xlsx", ".pdf", ".png", ".html"})
    before = written()
    monkeypatch.setenv("CONSULTKIT_WORKSPACE", str(workspace))
    # the kernel imports this checkout's consultkit, whatever the environment's install
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT),
                                                                   os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("BROWSER_PATH", os.environ.get("BROWSER_PATH", "/usr/bin/chromium"))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    assert written() == before, "the notebook wrote into data/"
    if path.name == "00_bat_dau.ipynb":
        text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                         for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert str(workspace) in text                      # it opened the copy
        assert "Tổng số: 128 dòng" in text and "63" in text and "43" in text


def test_kernel_is_this_environment():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[0] in {sys.executable, "python", "python3"} or \
        os.path.realpath(spec.argv[0]) == os.path.realpath(sys.executable)
