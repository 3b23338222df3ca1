"""What every view shares: quiet updates and notebook display."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class View:
    """Base of the views: ``widget`` is the box shown in a notebook.

    Observers check ``self._quiet`` so that refilling a dropdown's options and
    restoring its value (two trait changes) redraws once, not three times.
    """

    widget = None
    _quiet = False

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def _unless_quiet(self, action):
        """An observer/click handler that runs ``action()`` unless updates are quiet."""
        def handler(_event=None):
            if not self._quiet:
                action()
        return handler

    def _repr_mimebundle_(self, **kwargs):  # pragma: no cover - notebook display
        return self.widget._repr_mimebundle_(**kwargs)
