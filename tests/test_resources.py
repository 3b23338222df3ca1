"""consultkit.resources: the package data, found the same way in a checkout and an install.

The wheel itself is built, installed and used by scripts/smoke_wheel.py (run by .ci/run).
"""

from __future__ import annotations

import datetime as dt
import re

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


def test_example_and_notebooks_are_the_checkouts_top_level_folders():
    assert resources.example_workspace() == BUNDLED == (ROOT / "data" / "consultations" / "ris-pacs-2021")
    assert resources.notebooks_dir() == ROOT / "notebooks"
    assert len(open_consultation(resources.example_workspace()).roster) == 128
    names = {p.name for p in resources.notebooks_dir().glob("*.ipynb")}
    assert {"00_bat_dau.ipynb", "03_xu_ly_gop_y.ipynb", "dashboard.ipynb"} <= names


def test_a_missing_data_file_is_a_clear_error():
    with pytest.raises(SchemaError, match="thiếu tệp dữ liệu của consultkit") as info:
        resources.data_path("reference", "provinces-1999-01-01.tsv")
    assert "Cài lại consultkit" in str(info.value)


def test_the_wheel_carries_the_top_level_data(tmp_path):
    """setup.py's build_py puts data/ and notebooks/ into consultkit/_bundled (registers,
    exports and checkpoints left out); scripts/smoke_wheel.py installs such a wheel and runs it."""
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    wheel = next(tmp_path.glob("consultkit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    prefix = "consultkit/_bundled/data/"
    shipped = {n[len(prefix):] for n in names if n.startswith(prefix) and not n.endswith("/")}
    wanted = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
              if p.is_file() and ".sqlite" not in p.name and "exports" not in p.parts
              and not p.name.startswith(".~lock")}
    assert shipped == wanted
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("consultkit/_bundled/notebooks/")} == \
        {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert not any(".sqlite" in n or "/exports/" in n for n in names)


def test_the_library_reads_nothing_outside_the_package():
    """No module reaches above consultkit/ (the repository is not there after pip install),
    except resources.py, which looks for the checkout's data/ and falls back to the wheel's copy."""
    above = re.compile(r"parents\[[1-9]\]|\.parent\.parent|ROOT\.parent|\.\./shared|"
                       r"\"data\" / \"(reference|consultations)\"")
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in sorted((ROOT / "consultkit").rglob("*.py"))
            if p.name != "resources.py"
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if above.search(line)]
    assert hits == []
