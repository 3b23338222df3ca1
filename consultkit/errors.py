"""Exceptions raised by consultkit.

Every error a user can cause (a bad file, a missing column, a stale edit) is a
:class:`ConsultkitError`. Messages are written for the person at the keyboard:
they name the file (and line, column or clause where known) and say what to do.
Raw ``zipfile``, ``lxml`` or ``KeyError`` tracebacks never reach the user; the
CLI and the notebook views catch ``ConsultkitError`` and show its message.
"""

from __future__ import annotations

from pathlib import Path


class ConsultkitError(Exception):
    """Base class of every error consultkit raises on purpose.

    ``path`` is the file concerned (if any), ``where`` a finer location
    ("line 12", "sheet Góp ý, row 7", "clause IV.2.1"), ``hint`` what to do.
    """

    def __init__(self, message: str, *, path: str | Path | None = None,
                 where: str | None = None, hint: str | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.where = where
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = []
        if self.path:
            parts.append(self.path + (f" ({self.where})" if self.where else ""))
        elif self.where:
            parts.append(self.where)
        head = ": ".join(parts + [self.message]) if parts else self.message
        return f"{head}. {self.hint}" if self.hint else head


class InputFileError(ConsultkitError):
    """A file cannot be read: missing, empty, binary junk, wrong format."""


class UnsupportedFormatError(InputFileError):
    """The file's format is one consultkit does not read (e.g. legacy .doc)."""


class CorruptFileError(InputFileError):
    """The file has the right name but its content is damaged or encrypted."""


class LimitError(InputFileError):
    """A file breaks a size budget (file, unpacked part, compression ratio, attachment, body):
    see :mod:`consultkit.readers.limits`."""


class ManifestError(ConsultkitError):
    """The workspace manifest (consultation.toml) is missing or wrong."""


class ParseError(ConsultkitError):
    """A document was read but its structure is not what was expected."""


class SchemaError(ConsultkitError):
    """A sheet or frame lacks required columns or has values of the wrong kind."""


class RegisterError(ConsultkitError):
    """The comments register (SQLite) cannot be opened or written."""


class StaleEditError(RegisterError):
    """An edit was based on an out-of-date version of a comment.

    Someone else changed the comment after it was read; the edit is refused
    so that nothing is silently overwritten.
    """

    def __init__(self, comment_id: str, changed_by: str | None, changed_at: str | None,
                 *, path: str | Path | None = None):
        self.comment_id = comment_id
        self.changed_by = changed_by
        self.changed_at = changed_at
        who = changed_by or "người khác"
        when = f" lúc {changed_at}" if changed_at else ""
        super().__init__(
            f"góp ý {comment_id} đã được {who} sửa{when} sau khi bạn mở; "
            "nội dung bạn sửa chưa được lưu",
            path=path,
            hint="Tải lại góp ý, xem cách xử lý mới hơn, rồi sửa lại",
        )


class ExportError(ConsultkitError):
    """A document or chart could not be written (e.g. no Chromium for PNG)."""


class ConsolidationError(ConsultkitError):
    """An amending instruction cannot be applied to the base text (``strict=True``)."""
