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
    if path.name == "06_soan_du_thao.ipynb":
        _check_drafting_demo(workspace / "exports" / "thu-soan-du-thao")
    if path.name == "00_bat_dau.ipynb":
        text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                         for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert str(workspace) in text                      # it opened the copy
        assert "Tổng số: 128 dòng" in text and "63" in text and "43" in text


def _check_drafting_demo(demo):
    """What notebook 06 must have made: dự thảo 3 with exactly its three edits, and the
    bảng so sánh and the synthesis naming the comments taken in."""
    import docx
    from consultkit import compare, open_consultation

    c = open_consultation(demo)
    assert c.version_names[-2:] == ["du-thao-2", "du-thao-3"]
    original = docx.Document(str(demo / "versions" / "du-thao-2.docx"))
    redrafted = docx.Document(str(demo / "versions" / "du-thao-3.docx"))
    assert redrafted.sections[0].left_margin == original.sections[0].left_margin
    assert [s.name for s in redrafted.styles] == [s.name for s in original.styles]
    step = compare(c.versions["du-thao-2"], c.versions["du-thao-3"])
    changed = step.table[step.table["change"] != "unchanged"]
    assert set(changed["new_id"]) - {""} == {"IV.2.2.a", "IV.2.1a"}
    assert dict(zip(changed["new_id"], changed["change"]))["IV.2.1a"] == "added"
    assert set(changed["old_id"]) - {""} == {"IV.2.2.a", "IV.2.3", "IV.2.3-1", "IV.2.3-2", "IV.2.3-3"}
    table = docx.Document(str(demo / "exports" / "bang-so-sanh-du-thao-3.docx"))
    cells = "\n".join(cell.text for t in table.tables for row in t.rows for cell in row.cells)
    assert "Tiếp thu ý kiến của" in cells and "Kéo dài thời gian lưu trữ tại cơ sở" in cells
    synthesis = docx.Document(str(demo / "exports" / "ban-tong-hop.docx"))
    cells = "\n".join(cell.text for t in synthesis.tables for row in t.rows for cell in row.cells)
    assert "Đã chỉnh sửa tại điểm a tiểu mục 2.2" in cells


def test_kernel_is_this_environment():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[0] in {sys.executable, "python", "python3"} or \
        os.path.realpath(spec.argv[0]) == os.path.realpath(sys.executable)
