"""The data shipped inside the package, found through :mod:`importlib.resources`.

Everything the code reads that is not the user's own input lives in
``consultkit/data/`` and travels in the wheel (provenance in its README.md)::

    consultkit/data/
        reference/provinces-YYYY-MM-DD.tsv   province lists, each valid from its date
        consultations/ris-pacs-2021/         the example consultation (RIS-PACS 2021)
        notebooks/                           the workbench notebooks and dashboard.ipynb

A checkout, an editable install and a wheel install read the same files the
same way: there is one copy, inside the package.
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
_HINT = "Reinstall consultkit (pip install --force-reinstall consultkit): its data files are missing"


def data(*parts: str) -> Traversable:
    """A file or folder under ``consultkit/data`` (a Traversable; may not exist)."""
    return files("consultkit").joinpath("data", *parts)


def data_path(*parts: str) -> Path:
    """A file or folder under ``consultkit/data`` as a path on disk; a clear error if missing.

    pip installs packages as folders, so the package data are real files.
    """
    resource = data(*parts)
    path = Path(str(resource))
    if not path.exists():
        raise SchemaError("a data file of consultkit is missing", path=path, hint=_HINT)
    return path


def province_lists() -> list[tuple[dt.date, Traversable]]:
    """The reference lists of provinces, oldest first, with the day each is valid from."""
    folder = data("reference")
    found = sorted(((dt.date.fromisoformat(m.group(1)), item)
                    for item in (folder.iterdir() if folder.is_dir() else ())
                    if (m := _PROVINCE_FILE.match(item.name))), key=lambda pair: pair[0])
    if not found:
        raise SchemaError("no reference list of provinces (provinces-YYYY-MM-DD.tsv) was found",
                          path=Path(str(folder)), hint=_HINT)
    return found


def example_workspace() -> Path:
    """The bundled example consultation (read-only: ``consultkit new DIR --example`` copies it)."""
    return data_path("consultations", EXAMPLE_NAME)


def notebooks_dir() -> Path:
    """The workbench notebooks shipped with the package."""
    return data_path("notebooks")
