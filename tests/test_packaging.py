"""environment.yml (conda) lists the same runtime dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT

#: conda-forge package name -> PyPI name, where they differ
CONDA_TO_PYPI = {"python-kaleido": "kaleido", "python-duckdb": "duckdb"}


def _split(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$", spec)
    assert match, spec
    return re.sub(r"[-_.]+", "-", match.group(1)).lower(), match.group(2).replace(" ", "")


def pyproject_deps() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(_split(spec) for spec in data["project"]["dependencies"])


def environment() -> tuple[dict[str, str], list[str], str | None]:
    """(conda dependencies, pip entries, python spec) of environment.yml, read line by line."""
    conda: dict[str, str] = {}
    pip: list[str] = []
    python = None
    section = None
    for raw in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            section = line.split(":")[0]
            continue
        if section != "dependencies":
            continue
        item = line.strip()[2:].strip() if line.strip().startswith("- ") else None
        if item is None:
            continue
        indent = len(line) - len(line.lstrip())
        if item == "pip:":
            continue
        if indent > 4:
            pip.append(item)
            continue
        name, version = _split(item.replace("=", "==", 1) if re.match(r"^python=\d", item) else item)
        if name == "python":
            python = version
        elif name != "pip":
            conda[CONDA_TO_PYPI.get(name, name)] = version
    return conda, pip, python


def test_same_runtime_dependencies():
    conda, _, _ = environment()
    assert sorted(conda) == sorted(pyproject_deps())


def test_same_version_bounds():
    conda, _, _ = environment()
    assert conda == pyproject_deps()


def test_python_and_dev_extra():
    _, pip, python = environment()
    assert python == "==3.11"
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["requires-python"] == ">=3.11"
    assert "-e .[dev]" in pip and "dev" in data["project"]["optional-dependencies"]
