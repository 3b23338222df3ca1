"""LibreOffice as the independent judge of a tracked-changes file (run with the system
``python3`` that has ``uno``; the tests call it through ``subprocess``).

Usage: ``python3 tests/lo_judge.py MODE:FILE.docx ...`` where MODE is ``plain`` (the file
as it is), ``accept`` (``.uno:AcceptAllTrackedChanges`` first) or ``reject``
(``.uno:RejectAllTrackedChanges``). Prints one JSON object: for each argument, the body
as LibreOffice holds it — each paragraph as ``[number, text]`` (``number`` is the automatic
number LibreOffice displays, "" if none), and each table as its rows of cell texts
(``{"table": [[...], ...]}``) — in document order.

One soffice is started for all the files, headless, with its own user profile in a
temporary folder, listening on a free local port; it is ended when the script ends.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import uno  # noqa: F401  (system python3-uno)
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _connect(port: int, proc, deadline: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                raise
            time.sleep(0.3)


def _rows(table) -> list[list[str]]:
    rows = []
    names = table.getCellNames()
    by_row: dict[int, list[str]] = {}
    order: list[int] = []
    for name in names:
        letters = name.rstrip("0123456789.")
        digits = name[len(letters):].split(".")[0]
        row = int(digits)
        if row not in by_row:
            by_row[row] = []
            order.append(row)
        by_row[row].append(table.getCellByName(name).getString())
    for row in order:
        rows.append(by_row[row])
    return rows


def _body(doc) -> list:
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            out.append({"table": _rows(el)})
        else:
            label = ""
            try:
                label = el.getPropertyValue("ListLabelString") or ""
            except Exception:
                pass
            out.append([label, el.getString()])
    return out


def main(args: list[str]) -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = tempfile.mkdtemp(prefix="lo-judge-")
    port = _free_port()
    proc = subprocess.Popen([soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                             f"-env:UserInstallation=file://{profile}",
                             f"--accept=socket,host=127.0.0.1,port={port};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = {}
    try:
        ctx = _connect(port, proc, time.time() + 60)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for arg in args:
            mode, path = arg.split(":", 1)
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
            try:
                if mode in ("accept", "reject"):
                    command = ".uno:AcceptAllTrackedChanges" if mode == "accept" \
                        else ".uno:RejectAllTrackedChanges"
                    frame = doc.getCurrentController().getFrame()
                    dispatcher.executeDispatch(frame, command, "", 0, ())
                result[arg] = _body(doc)
            finally:
                doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
