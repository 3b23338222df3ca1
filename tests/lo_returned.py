"""A returned draft edited by LibreOffice itself, with "Record changes" on (UNO).

:func:`libreoffice_returned_draft` starts a headless soffice (own profile, own port), loads a
.docx hidden, turns ``RecordChanges`` on, replaces words with the search-and-replace engine
(so LibreOffice writes the ``w:del``/``w:ins`` pair), types a new sentence at the end of a
paragraph and saves as "MS Word 2007 XML". (Inserting an Annotation through UNO crashes
LibreOffice 7.4 even in a hidden document, so LibreOffice-written comments are tested by a
round trip of a commented draft through .odt instead.) The UNO bridge runs in the system ``python3`` (package python3-uno).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

SCRIPT = r'''
import sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

port, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(120):
    try:
        ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
smgr = ctx.ServiceManager
desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = None
for _ in range(20):                      # the office may still be starting up
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       (prop("Hidden", True),))
    if doc is not None:
        break
    time.sleep(1)
doc.RecordChanges = True
for old, new in (("tối đa 12 tháng", "tối thiểu 10 năm"), ("hệ thống định kỳ hằng năm", "hệ thống định kỳ sáu tháng một lần")):
    rd = doc.createReplaceDescriptor(); rd.SearchString = old; rd.ReplaceString = new
    assert doc.replaceAll(rd) == 1, old
sd = doc.createSearchDescriptor(); sd.SearchString = "theo phân quyền."
found = doc.findFirst(sd)
found.getText().insertString(found.getEnd(), " Có nhật ký truy cập.", False)
doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Word 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def libreoffice_returned_draft(src: Path, dst: Path) -> Path:
    """Edit ``src`` with changes recorded by LibreOffice and save it as ``dst`` (.docx)."""
    soffice = shutil.which("soffice")
    port = _free_port()
    profile = Path("/tmp") / f"ck-uno-{uuid.uuid4().hex}"
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                               "--norestore", "--nologo",
                               f"--accept=socket,host=127.0.0.1,port={port};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = Path("/tmp") / f"ck-uno-{uuid.uuid4().hex}-in"
    work.mkdir()
    shutil.copy(src, work / "draft.docx")
    try:
        done = subprocess.run(["/usr/bin/python3", "-c", SCRIPT, str(port),
                               str(work / "draft.docx"), str(Path(dst).resolve())],
                              capture_output=True, text=True, timeout=180)
        if done.returncode:
            raise AssertionError(f"the UNO script failed: {done.stderr[-2000:]}")
    finally:
        time.sleep(0.5)
        if office.poll() is None:
            office.terminate()
            try:
                office.wait(timeout=20)
            except subprocess.TimeoutExpired:
                office.kill()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return dst


def has_uno() -> bool:
    return shutil.which("soffice") is not None and Path("/usr/bin/python3").exists() and \
        subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True).returncode == 0
