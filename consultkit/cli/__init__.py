"""The ``consultkit`` command: a thin Click layer over the library.

Each command lives in its own module of this package and exposes ``command``
(a ``click.Command``), imported only when that command runs (or for ``--help``). Library errors (:class:`~consultkit.errors.ConsultkitError`)
become a one-line message and exit status 1, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import ConsultkitError

#: modules of this package that define a command, in help order
COMMAND_MODULES = ["info", "new", "clauses", "compare", "ingest", "status", "report", "lint",
                   "dashboard", "lab", "consolidate"]


class Failure(click.ClickException):
    """A library error shown to the user: ``Lỗi: <message>`` on stderr, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True, file=file)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConsultkitError as exc:
            raise Failure(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="consultkit")
def main() -> None:
    """consultkit — công cụ hỗ trợ xin ý kiến góp ý dự thảo văn bản quy phạm pháp luật."""
    if hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass


class _LazyCommands(dict):
    """Command name -> its module's ``command``, imported when the command is looked up,
    so ``consultkit compare`` does not import what ``dashboard`` or ``ingest`` need.
    Each module of :data:`COMMAND_MODULES` defines the command of the same name."""

    def _load(self, name: str):
        value = dict.get(self, name)
        if isinstance(value, str):
            try:
                value = importlib.import_module(f"{__name__}.{value}").command
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
                dict.__delitem__(self, name)  # command not written yet
                return None
            dict.__setitem__(self, name, value)
        return value

    def get(self, name, default=None):
        value = self._load(name) if name in self else None
        return default if value is None else value

    def __getitem__(self, name):
        value = self._load(name)
        if value is None:
            raise KeyError(name)
        return value

    def values(self):
        return [self[k] for k in list(self) if self.get(k) is not None]

    def items(self):
        return [(k, self[k]) for k in list(self) if self.get(k) is not None]


main.commands = _LazyCommands({name: name for name in COMMAND_MODULES})
