"""consultkit.resources: the package data, found the same way in a checkout and an install.

The wheel itself is built, installed and used by scripts/smoke_wheel.py (run by .ci/run).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest

from consultkit import resources
from consultkit.errors import SchemaError
from consultkit.readers.roster import provinces
from consultkit.workspace import BUNDLED, open_consultation
from conftest import ROOT


def test_province_lists_by_date():
    lists = resources.province_lists()
    assert [(day, item.name) for day, item in lists] == [
        (dt.date(2021, 7, 1), "provinces-2021-07-01.tsv"),
        (dt.date(2025, 7, 1), "provinces-2025-07-01.tsv")]
    assert len(provinces(dt.date(2021, 6, 1))) == 63 and len(provinces(dt.date(2025, 9, 1))) == 34


def test_example_and_notebooks_are_package_data():
    package = ROOT / "consultkit" / "data"
    assert resources.example_workspace() == BUNDLED == (package / "consultations" / "ris-pacs-2021")
    assert len(open_consultation(resources.example_workspace()).roster) == 128
    names = {p.name for p in resources.notebooks_dir().glob("*.ipynb")}
    assert {"00_bat_dau.ipynb", "03_xu_ly_gop_y.ipynb", "dashboard.ipynb"} <= names


def test_a_missing_data_file_is_a_clear_error():
    with pytest.raises(SchemaError, match="data file of consultkit is missing") as info:
        resources.data_path("reference", "provinces-1999-01-01.tsv")
    assert "Reinstall consultkit" in str(info.value)


def test_the_wheel_configuration_takes_every_data_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-data"]["consultkit"] == ["data/**/*"]
    excluded = config["exclude-package-data"]["consultkit"]
    assert all("sqlite" in p or "exports" in p or "checkpoints" in p for p in excluded)


def test_the_library_reads_nothing_outside_the_package():
    """No module reaches above consultkit/ (the repository is not there after pip install)."""
    above = re.compile(r"parents\[[2-9]\]|\.parent\.parent\.parent|ROOT\.parent|\.\./shared|"
                       r"\"data\" / \"(reference|consultations)\"")
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in sorted((ROOT / "consultkit").rglob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if above.search(line)]
    assert hits == []
