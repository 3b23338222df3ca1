"""The library runs on Windows as well as Linux: read from its source.

* every text file is opened with an explicit encoding (Windows' default is not UTF-8);
* POSIX-only calls (uid/gid, chown, fork, process groups, fcntl, pwd/grp, signals
  Windows lacks) appear only where they are guarded, in the modules listed here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "consultkit"
SOURCES = sorted(PACKAGE.rglob("*.py"))

#: module -> why its POSIX-only calls are safe on Windows
GUARDED = {
    "team.py": "imports grp inside _grp(), which raises TeamError on Windows before any chown",
    "cli/serve.py": "os.geteuid read with getattr (absent on Windows)",
    "readers/convert.py": "os.killpg and SIGKILL read with getattr, used on POSIX only; "
                          "process.kill() on Windows",
}
POSIX_ONLY_ATTRS = {("os", a) for a in ("getuid", "geteuid", "getgid", "getegid", "chown", "lchown",
                                        "fork", "forkpty", "killpg", "setsid", "setpgrp", "getpgid",
                                        "setuid", "setgid", "umask_posix", "mkfifo", "sync")}
POSIX_ONLY_ATTRS |= {("signal", a) for a in ("SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2",
                                             "SIGALRM", "SIGCHLD", "alarm", "setitimer", "pause")}
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "resource", "posix"}
TEXT_READERS = {"read_text", "write_text"}


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _mode(call: ast.Call, position: int) -> str | None:
    """The mode string of an open() call, if it is written as a constant."""
    for kw in call.keywords:
        if kw.arg == "mode" and isinstance(kw.value, ast.Constant):
            return str(kw.value.value)
    if len(call.args) > position and isinstance(call.args[position], ast.Constant) \
            and isinstance(call.args[position].value, str) \
            and re.fullmatch(r"[rwaxbt+]+", call.args[position].value):   # not zip.open("a.xml")
        return call.args[position].value
    return None


def _text_opens_without_encoding(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        keywords = {kw.arg for kw in node.keywords}
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            mode = _mode(node, 1) or "r"
        elif isinstance(func, ast.Attribute) and func.attr == "open":
            mode = _mode(node, 0)          # Path.open("r"); zip.open(name) has no mode: not text
            if mode is None:
                continue
        elif isinstance(func, ast.Attribute) and func.attr in TEXT_READERS:
            mode = "t"
        else:
            continue
        if "b" not in mode and "encoding" not in keywords:
            lines.append(node.lineno)
    return lines


def _posix_only(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and (node.value.id, node.attr) in POSIX_ONLY_ATTRS:
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name in POSIX_ONLY_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in POSIX_ONLY_MODULES:
            found.append((node.lineno, node.module))
    return found


def test_the_scan_sees_the_package():
    assert len(SOURCES) > 50 and PACKAGE / "resources.py" in SOURCES


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_text_files_are_opened_with_an_encoding(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _text_opens_without_encoding(tree) == [], \
        f"{_name(path)}: open()/read_text()/write_text() without encoding= at these lines"


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_posix_only_calls_are_guarded(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = _posix_only(tree)
    if _name(path) in GUARDED:
        return
    assert found == [], f"{_name(path)}: POSIX-only calls {found}; guard them and list the module"


@pytest.mark.parametrize("module", sorted(GUARDED))
def test_guarded_modules_import_posix_modules_lazily(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not [n for n in top for name in ([a.name for a in n.names] if isinstance(n, ast.Import)
                                           else [n.module]) if name in POSIX_ONLY_MODULES]


def test_the_scanner_catches_what_it_is_for():
    bad = ast.parse("open(p)\nopen(p, 'w')\nPath(p).read_text()\nq.write_text(s)\n"
                    "Path(p).open('r')\nimport fcntl\nos.getuid()\nsignal.SIGKILL\n")
    assert _text_opens_without_encoding(bad) == [1, 2, 3, 4, 5]
    assert sorted(name for _, name in _posix_only(bad)) == ["fcntl", "os.getuid", "signal.SIGKILL"]
    good = ast.parse("open(p, 'rb')\nopen(p, encoding='utf-8')\nz.open(name)\nz.open('xl/a.xml')\n"
                     "Path(p).read_text(encoding='utf-8')\nPath(p).open('rb')\n")
    assert _text_opens_without_encoding(good) == []
