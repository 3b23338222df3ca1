"""Opening input files safely: every failure becomes a clear ConsultkitError.

All readers go through these two functions, so the messages for empty files,
binary junk, truncated or encrypted Word files and legacy ``.doc`` files are
the same everywhere and never a raw ``zipfile``/``lxml``/``KeyError`` trace.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import IO, Union

from ..errors import CorruptFileError, InputFileError, LimitError, UnsupportedFormatError
from .limits import check_package

Source = Union[str, Path, IO[bytes], IO[str]]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy .doc/.xls, and encrypted OOXML
_ZIP_MAGIC = b"PK\x03\x04"
#: what zipfile raises on a damaged package (zlib.error: a corrupt deflate stream)
ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error,
              KeyError, IndexError, OverflowError)


def source_name(source: Source) -> str:
    """A printable name for a path or file object."""
    if isinstance(source, (str, Path)):
        return str(source)
    return str(getattr(source, "name", "<stream>"))


def read_bytes(source: Source) -> bytes:
    """The whole content of a path or binary/text file object, within the file budget
    (:func:`consultkit.readers.limits.check_file_size`: checked on the size on disk before
    reading, and on the bytes read from a stream)."""
    from .limits import MB, check_file_size, current

    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise InputFileError("không tìm thấy tệp", path=path,
                                 hint="Kiểm tra lại đường dẫn và tên tệp")
        if path.is_dir():
            raise InputFileError("đây là thư mục, không phải tệp", path=path)
        check_file_size(path.stat().st_size, str(path))
        data = path.read_bytes()
    else:
        data = source.read(int(current().file_mb * MB) + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        check_file_size(len(data), source_name(source))
    return data


def read_text(source: Source) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 LE/BE
    without one, or Windows-1258 (see :mod:`consultkit.readers.encodings`).

    Raises :class:`InputFileError` for empty files, binary content and other
    encodings (the message lists the encodings that are read).
    """
    from .encodings import decode_text

    name = source_name(source)
    if isinstance(source, (str, Path)):
        data = read_bytes(source)
    else:
        data = read_bytes(source) if not isinstance(source, io.TextIOBase) else source.read()
        if isinstance(data, str):
            if not data.strip():
                raise InputFileError("tệp trống", path=name, hint="Kiểm tra xem tệp đã được lưu chưa")
            return data
    if not data.strip():
        raise InputFileError("tệp trống", path=name, hint="Kiểm tra xem tệp đã được lưu đầy đủ chưa")
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise UnsupportedFormatError("đây là tệp Word/Excel, không phải tệp văn bản", path=name,
                                     hint="Đặt đúng phần mở rộng .docx/.xlsx hoặc lưu lại thành .txt/.md/.csv")
    text = decode_text(data, name)
    if not text.strip("\ufeff \t\r\n"):
        raise InputFileError("tệp trống", path=name, hint="Kiểm tra xem tệp đã được lưu đầy đủ chưa")
    return text


def check_docx_bytes(data: bytes, name: str) -> None:
    """Raise a clear error unless ``data`` looks like a readable .docx package."""
    if not data:
        raise InputFileError("tệp trống", path=name, hint="Kiểm tra xem tệp đã được lưu đầy đủ chưa")
    if data.startswith(_OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise CorruptFileError("tệp Word có mật khẩu (đã mã hóa)", path=name,
                                   hint="Mở bằng Word, bỏ mật khẩu rồi lưu lại")
        raise UnsupportedFormatError("đây là tệp Word 97–2003 (.doc) cũ", path=name,
                                     hint="Mở bằng Word hoặc LibreOffice rồi lưu thành .docx "
                                          "(soffice --headless --convert-to docx TỆP)")
    if not data.startswith(_ZIP_MAGIC):
        raise CorruptFileError("đây không phải tệp Word .docx (không phải gói zip)", path=name,
                               hint="Kiểm tra lại tệp; lưu lại từ Word dưới dạng .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise CorruptFileError("gói không có word/document.xml: không phải văn bản Word",
                                       path=name, hint="Lưu lại tệp từ Word dưới dạng .docx")
            check_package(package, name)       # declared sizes, ratios: before anything is inflated
            bad = package.testzip()
            if bad is not None:
                raise CorruptFileError(f"phần {bad} bị hỏng", path=name,
                                       hint="Tệp bị cắt cụt hoặc hỏng; đề nghị gửi lại")
    except (CorruptFileError, LimitError):
        raise
    except ZIP_ERRORS as exc:
        raise CorruptFileError("tệp Word bị cắt cụt hoặc hỏng", path=name,
                               hint="Đề nghị bên gửi gửi lại tệp, hoặc mở và lưu lại bằng Word") from exc


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
        document = docx.Document(io.BytesIO(data))
        if getattr(document.element, "body", None) is None:   # the main part is not a w:document
            raise CorruptFileError("phần word/document.xml không phải nội dung văn bản Word "
                                   "(thiếu w:body)", path=name,
                                   hint="Mở và lưu lại bằng Word hoặc LibreOffice")
        return document
    except CorruptFileError:
        raise
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, AttributeError,
            TypeError) as exc:
        raise CorruptFileError(f"không đọc được tệp Word ({type(exc).__name__}: {exc})",
                               path=name, hint="Mở và lưu lại bằng Word hoặc LibreOffice") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError, among others
        raise CorruptFileError(f"không đọc được tệp Word ({type(exc).__name__})",
                               path=name, hint="Mở và lưu lại bằng Word hoặc LibreOffice") from exc
