"""Docs that cannot drift: every public name and CLI command is in the README,
and the README's test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import consultkit
from consultkit import cli, schema

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_public_name_is_documented():
    missing = [name for name in consultkit.__all__
               if not name.startswith("_") and f"`{name}`" not in README]
    assert not missing, f"public names missing from README.md: {missing}"


def test_every_public_name_resolves():
    for name in consultkit.__all__:
        if name != "__version__":
            assert getattr(consultkit, name) is not None


def test_every_cli_command_is_documented():
    commands = sorted(cli.main.commands)
    assert commands, "the consultkit command has no subcommands"
    missing = [c for c in commands if f"consultkit {c}" not in README]
    assert not missing, f"CLI commands missing from README.md: {missing}"


def test_ci_runs_the_readme_test_command():
    assert "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, re.M), ".ci/run must run the README's test command"


def test_architecture_doc_names_every_frame():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in schema.FRAMES:
        assert name.upper() in doc, f"frame {name} not mentioned in docs/architecture.md"


def test_public_names_are_not_shadowed_by_subpackages():
    """`consultkit.compare` must stay the function even after every submodule is imported
    (a subpackage of the same name would replace it on the package)."""
    import importlib
    import pkgutil
    import types

    for module in pkgutil.walk_packages(consultkit.__path__, "consultkit."):
        importlib.import_module(module.name)
    for name in consultkit.__all__:
        if name != "__version__":
            assert not isinstance(getattr(consultkit, name), types.ModuleType), name
