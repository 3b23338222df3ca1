"""Legacy Word files (.doc), .rtf and .odt → .docx bytes, through LibreOffice headless.

:func:`convert_to_docx` runs ``soffice --headless --convert-to docx`` on a
copy of the file in a temporary folder, with its own LibreOffice profile
(``-env:UserInstallation``) so that conversions never share or lock a user's
profile and can run side by side, and a time limit after which the whole
LibreOffice process group is killed. Nothing is left on disk.

A ``.doc`` that is really a .docx (renamed) is returned as it is. Without
LibreOffice the error says what to install (Vietnamese, for the user).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import CorruptFileError, UnsupportedFormatError
from .files import Source, read_bytes, source_name

#: seconds one conversion may take
TIMEOUT = 120
_MAGIC = {".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), ".rtf": (b"{\\rtf",), ".odt": (b"PK\x03\x04",)}
MISSING = ("cần LibreOffice để đọc tệp {suffix} (Word cũ/RTF/OpenDocument) nhưng máy chưa cài: "
           "cài gói “libreoffice-writer-nogui” (Debian/Ubuntu: apt-get install "
           "libreoffice-writer-nogui) hoặc mở tệp bằng Word/LibreOffice và lưu thành .docx")


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(source: Source, *, name: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """The file converted to .docx by LibreOffice; ConsultkitError on any failure."""
    name = name or source_name(source)
    suffix = Path(str(name)).suffix.lower()
    data = read_bytes(source)
    if not data.strip():
        raise CorruptFileError("tệp rỗng", path=name, hint="Đề nghị đơn vị gửi lại tệp")
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:200_000]:
        return data                         # a .docx saved under another extension
    expected = _MAGIC.get(suffix, ())
    if expected and not any(data.lstrip().startswith(m) for m in expected):
        raise CorruptFileError(f"nội dung tệp không phải định dạng {suffix}", path=name,
                               hint="Kiểm tra lại tệp; lưu lại dưới dạng .docx")
    soffice = soffice_path()
    if soffice is None:
        raise UnsupportedFormatError(MISSING.format(suffix=suffix), path=name)
    with tempfile.TemporaryDirectory(prefix="consultkit-lo-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        (folder / "out").mkdir()
        src = folder / "in" / f"input{suffix or '.doc'}"
        src.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "docx:MS Word 2007 XML",
                   "--outdir", str(folder / "out"), str(src)]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            raise CorruptFileError(f"LibreOffice không chuyển xong tệp trong {timeout:g} giây",
                                   path=name, hint="Mở tệp bằng Word/LibreOffice và lưu thành "
                                                   ".docx") from None
        out = folder / "out" / "input.docx"
        if process.returncode != 0 or not out.exists():
            # LibreOffice's own message is English ("source file could not be loaded"): not shown
            raise CorruptFileError("LibreOffice không mở được tệp để chuyển sang .docx (tệp hỏng "
                                   "hoặc không phải văn bản Word, RTF hay ODT)",
                                   path=name, hint="Đề nghị đơn vị gửi lại tệp .docx")
        return out.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    """Stop LibreOffice and the processes it started (a process group on POSIX)."""
    killpg = getattr(os, "killpg", None)
    if killpg is not None and os.name == "posix":
        killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    else:                                   # Windows: no process groups of that kind
        process.kill()
