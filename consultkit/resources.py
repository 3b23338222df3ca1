"""The data the code reads that is not the user's own input, found the same way in a
checkout and in an installed wheel.

In the repository they live at the top level (the project's layout: ``data/`` and
``notebooks/`` beside ``consultkit/``)::

    data/reference/provinces-YYYY-MM-DD.tsv   province lists, each valid from its date
    data/consultations/ris-pacs-2021/         the example consultation (RIS-PACS 2021)
    notebooks/                                the workbench notebooks and dashboard.ipynb

Building the wheel copies them into the package as ``consultkit/_bundled/data`` and
``consultkit/_bundled/notebooks`` (``setup.py``'s ``build_py``), read here through
:mod:`importlib.resources`. A checkout or an editable install reads the top-level folders
themselves; a wheel install reads its bundled copy: the same files either way (the CI smoke
test runs both).
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import SchemaError

__all__ = ["data", "data_path", "province_lists", "example_workspace", "notebooks_dir",
           "EXAMPLE_NAME"]

#: folder name of the bundled example consultation
EXAMPLE_NAME = "ris-pacs-2021"
_PROVINCE_FILE = re.compile(r"^provinces-(\d{4}-\d{2}-\d{2})\.tsv$")
_HINT = ("Cài lại consultkit (pip install --force-reinstall consultkit): bản cài đặt thiếu "
         "tệp dữ liệu")


#: the repository's top level when consultkit runs from a checkout (or an editable install)
_CHECKOUT = Path(__file__).resolve().parent.parent


def _from_checkout() -> bool:
    return (_CHECKOUT / "data" / "reference").is_dir() and (_CHECKOUT / "pyproject.toml").is_file()


def _root(kind: str) -> Traversable:
    """``data`` or ``notebooks``: the top-level folder of a checkout, else the wheel's copy."""
    if _from_checkout():
        return _CHECKOUT / kind
    return files("consultkit").joinpath("_bundled", kind)


def data(*parts: str) -> Traversable:
    """A file or folder of the bundled data (a Traversable; may not exist)."""
    return _root("data").joinpath(*parts)


def data_path(*parts: str) -> Path:
    """A file or folder of the bundled data as a path on disk; a clear error if missing.

    pip installs packages as folders, so the package data are real files.
    """
    path = Path(str(data(*parts)))
    if not path.exists():
        raise SchemaError("thiếu tệp dữ liệu của consultkit", path=path, hint=_HINT)
    return path


def province_lists() -> list[tuple[dt.date, Traversable]]:
    """The reference lists of provinces, oldest first, with the day each is valid from."""
    folder = data("reference")
    found = sorted(((dt.date.fromisoformat(m.group(1)), item)
                    for item in (folder.iterdir() if folder.is_dir() else ())
                    if (m := _PROVINCE_FILE.match(item.name))), key=lambda pair: pair[0])
    if not found:
        raise SchemaError("không tìm thấy danh mục tỉnh, thành phố tham chiếu (provinces-YYYY-MM-DD.tsv)",
                          path=Path(str(folder)), hint=_HINT)
    return found


def example_workspace() -> Path:
    """The bundled example consultation (read-only: ``consultkit new DIR --example`` copies it)."""
    return data_path("consultations", EXAMPLE_NAME)


def notebooks_dir() -> Path:
    """The workbench notebooks shipped with the package."""
    path = Path(str(_root("notebooks")))
    if not path.is_dir():
        raise SchemaError("thiếu các sổ tay (notebook) của consultkit", path=path, hint=_HINT)
    return path
