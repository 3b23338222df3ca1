"""Bad input files: each gives a ConsultkitError naming the file, never a raw zipfile/lxml/KeyError.

The inputs are built here: empty, binary junk, a truncated .docx, an encrypted .docx
(an OLE compound file holding an "EncryptedPackage" stream, as Word writes it), a
legacy .doc, a zip without word/document.xml, a .docx whose XML is broken, a missing
file named in the manifest and a manifest that is not TOML.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest

from consultkit.errors import (ConsultkitError, CorruptFileError, InputFileError, ManifestError,
                               UnsupportedFormatError)
from consultkit.readers.dispatch import load_dispatch
from consultkit.readers.files import open_docx, read_text
from consultkit.workspace import open_consultation

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORBIDDEN = (KeyError, zipfile.BadZipFile, UnicodeDecodeError, struct.error)


def ole_file(stream_names: list[str]) -> bytes:
    """A minimal compound file: header sector, then one directory sector naming the streams."""
    header = bytearray(512)
    header[0:8] = OLE_MAGIC
    header[0x18:0x1A] = struct.pack("<H", 0x3E)      # minor version
    header[0x1A:0x1C] = struct.pack("<H", 3)         # major version 3 (512-byte sectors)
    header[0x1C:0x1E] = struct.pack("<H", 0xFFFE)    # little-endian
    header[0x1E:0x20] = struct.pack("<H", 9)         # sector shift
    header[0x20:0x22] = struct.pack("<H", 6)         # mini sector shift
    header[0x30:0x34] = struct.pack("<I", 0)         # first directory sector
    directory = bytearray()
    for index, name in enumerate(["Root Entry", *stream_names]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(encoded)] = encoded
        entry[64:66] = struct.pack("<H", len(encoded))
        entry[66] = 5 if index == 0 else 2           # root storage / stream
        directory += entry
    directory += bytes(512 - len(directory) % 512)
    return bytes(header) + bytes(directory)


def good_docx(bundled: Path) -> bytes:
    return (bundled / "dispatch" / "cong-van-xin-y-kien.docx").read_bytes()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check(error: pytest.ExceptionInfo, path: Path, expected: type, *words: str) -> None:
    assert isinstance(error.value, expected)
    message = str(error.value)
    assert path.name in message
    for word in words:
        assert word in message, message
    assert not isinstance(error.value, FORBIDDEN)
    assert error.value.hint, "the message must say what to do"


def bad_inputs(bundled: Path, tmp_path: Path) -> dict[str, tuple[Path, type, tuple[str, ...]]]:
    docx = good_docx(bundled)
    no_document = io.BytesIO()
    with zipfile.ZipFile(no_document, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/other.xml", "<x/>")
    broken_xml = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(broken_xml, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]                       # cut inside an element
            package.writestr(item, data)
    return {
        "empty": (write(tmp_path, "rong.docx", b""), InputFileError, ("trống",)),
        "junk": (write(tmp_path, "rac.docx", os.urandom(2048)), CorruptFileError, ("không phải tệp Word",)),
        "truncated": (write(tmp_path, "cut.docx", docx[: len(docx) // 2]), CorruptFileError,
                      ("cắt cụt",)),
        "encrypted": (write(tmp_path, "mat-khau.docx", ole_file(["EncryptionInfo", "EncryptedPackage"])),
                      CorruptFileError, ("mật khẩu",)),
        "legacy": (write(tmp_path, "cu.doc", ole_file(["WordDocument", "1Table"])),
                   UnsupportedFormatError, (".doc", "lưu thành .docx")),
        "no-document": (write(tmp_path, "thieu.docx", no_document.getvalue()), CorruptFileError,
                        ("word/document.xml",)),
        "broken-xml": (write(tmp_path, "hong.docx", broken_xml.getvalue()), CorruptFileError, ()),
    }


CASES = ["empty", "junk", "truncated", "encrypted", "legacy", "no-document", "broken-xml"]


@pytest.mark.parametrize("case", CASES)
def test_open_docx_bad_inputs(case, bundled, tmp_path):
    path, expected, words = bad_inputs(bundled, tmp_path)[case]
    with pytest.raises(ConsultkitError) as error:
        open_docx(path)
    check(error, path, expected, *words)


@pytest.mark.parametrize("case", CASES)
def test_load_dispatch_bad_inputs(case, bundled, tmp_path):
    path, expected, words = bad_inputs(bundled, tmp_path)[case]
    with pytest.raises(ConsultkitError) as error:
        load_dispatch(path)
    check(error, path, expected, *words)


def test_crafted_ole_file_is_a_compound_file():
    data = ole_file(["EncryptionInfo", "EncryptedPackage"])
    assert data.startswith(OLE_MAGIC) and len(data) % 512 == 0
    assert "EncryptedPackage".encode("utf-16-le") in data


@pytest.mark.parametrize("name, data, words", [
    ("rong.txt", b"", ("trống",)),
    ("trang.md", b"  \n\n\t", ("trống",)),
    ("rac.txt", b"\x00\x01\xff\xfe\x80" * 50, ()),
    ("latin1.md", "Kính gửi: Sở Y tế".encode("cp1258", errors="replace") + b"\xff\xfe", ("UTF-8",)),
    ("nul.txt", b"abc\x00def", ("nhị phân",)),
])
def test_text_bad_inputs(name, data, words, tmp_path):
    path = write(tmp_path, name, data)
    for reader in (read_text, load_dispatch):
        with pytest.raises(InputFileError) as error:
            reader(path)
        check(error, path, InputFileError, *words)


def test_word_file_with_text_extension(bundled, tmp_path):
    path = write(tmp_path, "cong-van.txt", good_docx(bundled))
    with pytest.raises(UnsupportedFormatError) as error:
        read_text(path)
    check(error, path, UnsupportedFormatError, "Word")


def test_missing_file(tmp_path):
    path = tmp_path / "khong-co.docx"
    with pytest.raises(InputFileError) as error:
        load_dispatch(path)
    check(error, path, InputFileError, "không tìm thấy")


def test_missing_file_named_in_the_manifest(workspace):
    manifest = workspace / "consultation.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "dispatch/cong-van-xin-y-kien.txt", "dispatch/da-xoa.docx"), encoding="utf-8")
    consultation = open_consultation(workspace)
    with pytest.raises(InputFileError) as error:
        consultation.dispatch
    check(error, Path("da-xoa.docx"), InputFileError, "không tồn tại", "consultation.toml")
    with pytest.raises(InputFileError):
        consultation.roster


def test_invalid_manifest_toml(workspace):
    manifest = workspace / "consultation.toml"
    manifest.write_text('title = "Thiếu dấu nháy\n[roster\n', encoding="utf-8")
    with pytest.raises(ManifestError) as error:
        open_consultation(workspace)
    check(error, manifest, ManifestError, "không đúng cú pháp TOML")


def test_manifest_not_utf8(workspace):
    manifest = workspace / "consultation.toml"
    manifest.write_bytes('title = "Góp ý"\n'.encode("utf-16"))
    with pytest.raises(ManifestError) as error:
        open_consultation(workspace)
    assert "consultation.toml" in str(error.value)
