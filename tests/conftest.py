"""Shared fixtures: the bundled workspace, the shared reference files, temp copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "consultations" / "ris-pacs-2021"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_580fa3392af2ef92.txt"
ND30 = SHARED / "reference" / "nd30-2020"

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@pytest.fixture(scope="session")
def bundled() -> Path:
    """The bundled 2021 RIS-PACS workspace (read-only: copy it to change it)."""
    return BUNDLED


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def nd30() -> Path:
    if not ND30.is_dir():
        pytest.skip("../shared/reference/nd30-2020 is not beside the project")
    return ND30


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A writable copy of the bundled workspace (register not copied)."""
    target = tmp_path / "ws"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    return target


def soffice() -> str | None:
    """Path of LibreOffice's soffice, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_soffice = pytest.mark.skipif(soffice() is None,
                                   reason="LibreOffice (soffice) is not installed: "
                                          "run 'make system-deps' to install it")
