"""Opening input files safely: every failure becomes a clear ConsultkitError.

All readers go through these two functions, so the messages for empty files,
binary junk, truncated or encrypted Word files and legacy ``.doc`` files are
the same everywhere and never a raw ``zipfile``/``lxml``/``KeyError`` trace.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO, Union

from ..errors import CorruptFileError, InputFileError, UnsupportedFormatError

Source = Union[str, Path, IO[bytes], IO[str]]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy .doc/.xls, and encrypted OOXML
_ZIP_MAGIC = b"PK\x03\x04"
#: Largest part we accept inside a .docx (uncompressed), against zip bombs.
MAX_PART_BYTES = 200 * 1024 * 1024


def source_name(source: Source) -> str:
    """A printable name for a path or file object."""
    if isinstance(source, (str, Path)):
        return str(source)
    return str(getattr(source, "name", "<stream>"))


def read_bytes(source: Source) -> bytes:
    """The whole content of a path or binary/text file object."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise InputFileError("file not found", path=path, hint="Check the path and file name")
        if path.is_dir():
            raise InputFileError("this is a folder, not a file", path=path)
        data = path.read_bytes()
    else:
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
    return data


def read_text(source: Source) -> str:
    """Decode a text file (UTF-8 with or without BOM, else UTF-16 with BOM).

    Raises :class:`InputFileError` for empty files and binary content.
    """
    name = source_name(source)
    if isinstance(source, (str, Path)):
        data = read_bytes(source)
    else:
        data = source.read()
        if isinstance(data, str):
            if not data.strip():
                raise InputFileError("the file is empty", path=name, hint="Check that it was saved")
            return data
    if not data.strip():
        raise InputFileError("the file is empty", path=name, hint="Check that it was saved completely")
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise UnsupportedFormatError("this is a Word/Excel file, not plain text", path=name,
                                     hint="Give it a .docx/.xlsx extension or save it as .txt/.md")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError("the file is not UTF-8 text (binary content or another encoding)",
                             path=name, where=f"line {line}",
                             hint="Save the file as UTF-8 text, or give the original .docx") from exc
    if "\x00" in text:
        raise InputFileError("the file contains binary data", path=name,
                             hint="Give a text (.md/.txt) or Word (.docx) file")
    return text


def check_docx_bytes(data: bytes, name: str) -> None:
    """Raise a clear error unless ``data`` looks like a readable .docx package."""
    if not data:
        raise InputFileError("the file is empty", path=name, hint="Check that it was saved completely")
    if data.startswith(_OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise CorruptFileError("the Word file is password-protected (encrypted)", path=name,
                                   hint="Open it in Word, remove the password and save again")
        raise UnsupportedFormatError("this is a legacy Word 97–2003 (.doc) file", path=name,
                                     hint="Open it in Word or LibreOffice and save as .docx "
                                          "(soffice --headless --convert-to docx FILE)")
    if not data.startswith(_ZIP_MAGIC):
        raise CorruptFileError("this is not a Word .docx file (not a zip package)", path=name,
                               hint="Check the file; save it from Word as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise CorruptFileError("the package has no word/document.xml: not a Word document",
                                       path=name, hint="Save the file from Word as .docx")
            for info in package.infolist():
                if info.file_size > MAX_PART_BYTES:
                    raise CorruptFileError(f"part {info.filename} is too large to be a document",
                                           path=name, hint="Check the file's origin")
            bad = package.testzip()
            if bad is not None:
                raise CorruptFileError(f"part {bad} is damaged", path=name,
                                       hint="The file is truncated or corrupt; ask for it again")
    except CorruptFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise CorruptFileError("the Word file is truncated or damaged", path=name,
                               hint="Ask the sender for the file again, or re-save it in Word") from exc


def open_docx(source: Source):
    """Open a .docx with python-docx; every failure is a :class:`ConsultkitError`.

    Returns a ``docx.document.Document``.
    """
    import docx
    from lxml import etree

    name = source_name(source)
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() == ".doc":
        data = read_bytes(source)
        if not data.startswith(_ZIP_MAGIC):
            check_docx_bytes(data, name)
    data = read_bytes(source)
    check_docx_bytes(data, name)
    try:
        return docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, AttributeError,
            TypeError) as exc:
        raise CorruptFileError(f"the Word file could not be read ({type(exc).__name__}: {exc})",
                               path=name, hint="Open and re-save it in Word or LibreOffice") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError, among others
        raise CorruptFileError(f"the Word file could not be read ({type(exc).__name__})",
                               path=name, hint="Open and re-save it in Word or LibreOffice") from exc
