"""Shared fixtures: the bundled workspace, the reference documents, temp copies.

Every input a test needs is in the repository (provenance in
tests/fixtures/reference/README.md and data/README.md): a missing input
is a failure, never a skip. Only optional system programs (LibreOffice, Chromium,
Tesseract) may skip a test, with the reason.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "consultations" / "ris-pacs-2021"
#: the project seed ../shared/seeds/000_580fa3392af2ef92.txt, bundled byte for byte
SEED = BUNDLED / "dispatch" / "cong-van-xin-y-kien.txt"
SEED_SHA256 = "9c0794f448c2010a6d911cea1db39034a63600c3157543d3ced696b8ae519411"
#: copies of ../shared/reference documents the tests read
REFERENCE = ROOT / "tests" / "fixtures" / "reference"
ND30 = REFERENCE / "nd30-2020"

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@pytest.fixture(scope="session")
def bundled() -> Path:
    """The bundled 2021 RIS-PACS workspace (read-only: copy it to change it)."""
    return BUNDLED


def require(path: Path) -> Path:
    """``path`` if it exists; a failure (not a skip) naming it otherwise."""
    if not path.exists():
        pytest.fail(f"test input missing from the repository: {path.relative_to(ROOT)}",
                    pytrace=False)
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The 2021 consultation dispatch, verbatim (the project seed)."""
    return require(SEED)


@pytest.fixture(scope="session")
def nd30() -> Path:
    """Nghị định 30/2020/NĐ-CP: body and Phụ lục I–III, .docx and text (tests/fixtures/reference)."""
    return require(ND30)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A writable copy of the bundled workspace (register not copied)."""
    target = tmp_path / "ws"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    return target


@pytest.fixture
def ingested(workspace: Path):
    """The copy of the bundled workspace, opened, its inbox read into a new register."""
    from consultkit.workspace import open_consultation

    consultation = open_consultation(workspace)
    consultation.ingest()
    return consultation


def soffice() -> str | None:
    """Path of LibreOffice's soffice, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_soffice = pytest.mark.skipif(soffice() is None,
                                   reason="LibreOffice (soffice) is not installed: "
                                          "run 'make system-deps' to install it")
