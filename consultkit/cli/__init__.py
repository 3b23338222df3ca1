"""The ``consultkit`` command: a thin Click layer over the library.

Each command lives in its own module of this package and exposes ``command``
(a ``click.Command``). Library errors (:class:`~consultkit.errors.ConsultkitError`)
become a one-line message and exit status 1, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import ConsultkitError

#: modules of this package that define a command, in help order
COMMAND_MODULES = ["info", "new", "clauses", "compare", "ingest", "status", "report", "lint",
                   "dashboard", "consolidate"]


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConsultkitError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="consultkit")
def main() -> None:
    """consultkit — công cụ hỗ trợ xin ý kiến góp ý dự thảo văn bản quy phạm pháp luật."""
    if hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_name}":
            raise
        continue  # command not written yet
    main.add_command(_module.command)
