"""Two real OS users triage the same comments at the same time in a team workspace.

As root the test creates a group and two users (removed afterwards) and a shared
folder; one member makes the workspace there with ``consultkit new --example --team
GROUP`` and ingests the inbox, then one process runs as each user. Each process drives the notebook view ``CommentTriage`` as a drafter
does: select a comment, type a disposition, press "Lưu". Both load each comment
before either saves, so one of them always saves second: it must get the
stale-edit message naming the other, keep its typed text, and save it on the
next "Lưu". Nothing is lost: the audit log holds each person's edit under their
login name, and the register's files stay usable by the group.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT

POSIX_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not POSIX_ROOT, reason="creating OS users needs root (CI runs as root)"),
    pytest.mark.skipif(shutil.which("useradd") is None, reason="useradd is not installed"),
]

N_COMMENTS = 12

WORKER = r'''
import json, sys, time
from pathlib import Path

from consultkit.register import Register
from consultkit.views import CommentTriage

ws, sync, me, other = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
ids = json.loads(sys.argv[5])


def wait_for(path):
    end = time.monotonic() + 120
    while not path.exists():
        if time.monotonic() > end:
            raise SystemExit(f"{me}: gave up waiting for {path.name}")
        time.sleep(0.005)


triage = CommentTriage(Register(ws / "register.sqlite"))      # "Người xử lý": the login name
out = {"who": triage.who.value, "edits": []}
for cid in ids:
    triage.reload()
    triage.list.value = cid                                    # the drafter selects the comment
    (sync / f"{cid}.{me}.loaded").touch()
    wait_for(sync / f"{cid}.{other}.loaded")                   # both have it open
    typed = f"{me} tiếp thu ý kiến {cid[:8]}"
    triage.status.value = "accepted"
    triage.response.value = typed
    first = triage.save()
    edit = {"cid": cid, "typed": typed, "first": first, "message": triage.message.value,
            "kept": triage.response.value}
    if not first:
        edit["second"] = triage.save()                         # "Lưu" again: overwrite knowingly
    out["edits"].append(edit)
    (sync / f"{cid}.{me}.done").touch()
    wait_for(sync / f"{cid}.{other}.done")
print(json.dumps(out, ensure_ascii=False))
'''


def _run(*cmd):
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def _closed_folders(*paths: Path) -> list[Path]:
    """Folders above ``paths`` that other users cannot pass through (no o+x)."""
    closed = []
    for path in paths:
        for folder in Path(os.path.realpath(path)).parents:
            if not folder.stat().st_mode & stat.S_IXOTH and folder not in closed:
                closed.append(folder)
    return closed


@pytest.fixture
def python_for_members():
    """This Python, usable by the new users for the length of the test.

    On a team server Python is installed for everyone; a CI machine may keep it
    under /root (pyenv). Then the folders above it get the search bit for others
    (o+x: pass through, not list) during the test, and their modes are restored.
    """
    import sysconfig

    closed = _closed_folders(Path(sys.executable), Path(sysconfig.get_path("stdlib")),
                             Path(sysconfig.get_path("purelib")), ROOT)
    modes = {folder: folder.stat().st_mode for folder in closed}
    try:
        for folder, mode in modes.items():
            folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
        yield sys.executable
    finally:
        for folder, mode in modes.items():
            folder.chmod(stat.S_IMODE(mode))


@pytest.fixture
def team():
    """A group and two members (removed afterwards), and a shared folder they can reach."""
    tag = secrets.token_hex(3)
    group, users = f"ckt{tag}", [f"ckt{tag}a", f"ckt{tag}b"]
    shared = Path(tempfile.mkdtemp(prefix="consultkit-team-", dir="/tmp"))
    shared.chmod(0o755)
    made: list[tuple[str, str]] = []
    try:
        _run("groupadd", group)
        made.append(("groupdel", group))
        for user in users:
            _run("useradd", "--no-create-home", "--gid", group, "--shell", "/usr/sbin/nologin", user)
            made.insert(0, ("userdel", user))
        yield group, users, shared
    finally:
        for command, name in made:
            subprocess.run([command, name], capture_output=True, timeout=60)
        shutil.rmtree(shared, ignore_errors=True)


def test_two_users_triage_the_same_comments_at_once(team, python_for_members):
    import grp
    import pwd

    from consultkit.cli import main
    from consultkit.register import Register

    group, (alice, bob), shared = team
    gid = grp.getgrnam(group).gr_gid
    srv = shared / "srv"                              # the team's shared folder (docs/team.md)
    srv.mkdir()
    os.chown(srv, 0, gid)
    srv.chmod(0o2775)
    ws = srv / "dot-gop-y"
    sync = shared / "sync"
    sync.mkdir(mode=0o777)
    sync.chmod(0o777)

    def as_user(user, args, **kw):
        home = shared / f"home-{user}"
        home.mkdir(exist_ok=True)
        os.chown(home, pwd.getpwnam(user).pw_uid, gid)
        env = {k: v for k, v in os.environ.items() if k != "CONSULTKIT_USER"}
        env.update(USER=user, LOGNAME=user, HOME=str(home), PYTHONPATH=str(ROOT),
                   PYTHONDONTWRITEBYTECODE="1")
        return subprocess.Popen([python_for_members, *args], user=user, group=gid, extra_groups=[gid],
                                umask=0o022, env=env, cwd=home, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", **kw)

    # a member (not root) makes the workspace, then reads the inbox into the register
    for args in (["new", str(ws), "--example", "--team", group], ["ingest", str(ws)]):
        step = as_user(alice, ["-m", "consultkit", *args])
        out, err = step.communicate(timeout=300)
        assert step.returncode == 0, err
    assert (ws / "register.sqlite").stat().st_uid == pwd.getpwnam(alice).pw_uid

    with Register(ws / "register.sqlite") as register:
        ids = list(register.comments()["comment_id"][:N_COMMENTS])
        versions_before = {cid: register.disposition(cid)["version"] for cid in ids}
    assert len(ids) == N_COMMENTS

    script = shared / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    script.chmod(0o644)
    procs = {alice: as_user(alice, [str(script), str(ws), str(sync), alice, bob, json.dumps(ids)]),
             bob: as_user(bob, [str(script), str(ws), str(sync), bob, alice, json.dumps(ids)])}
    results = {}
    for user, proc in procs.items():
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{user}: {err[-3000:]}"
        results[user] = json.loads(out.strip().splitlines()[-1])

    assert results[alice]["who"] == alice and results[bob]["who"] == bob   # login names by default
    stale_seen = 0
    with Register(ws / "register.sqlite") as register:
        audit = register.audit()
        for i, cid in enumerate(ids):
            edits = {user: results[user]["edits"][i] for user in (alice, bob)}
            assert all(e["cid"] == cid for e in edits.values())
            later = [user for user, e in edits.items() if not e["first"]]
            # both loaded the same version, so exactly one saved second
            assert len(later) == 1, (cid, edits)
            late, early = later[0], (bob if later[0] == alice else alice)
            e = edits[late]
            assert "Chưa lưu" in e["message"] and early in e["message"]      # the stale-edit message
            assert e["kept"] == e["typed"]                                   # typed text kept
            assert e["second"] is True
            stale_seen += 1
            rows = audit[(audit["comment_id"] == cid) & (audit["field"] == "response")]
            assert list(rows["who"]) == [early, late]                        # each under their name
            assert list(rows["new_value"]) == [edits[early]["typed"], edits[late]["typed"]]
            final = register.disposition(cid)
            assert final["response"] == edits[late]["typed"] and final["updated_by"] == late
            assert final["version"] == versions_before[cid] + 2
        assert register.integrity_check() == "ok"
    assert stale_seen == N_COMMENTS

    # the register and the files SQLite made beside it stay the group's, group-writable
    for path in ws.iterdir():
        if path.name.startswith("register.sqlite"):
            info = path.stat()
            assert info.st_gid == gid and stat.S_IMODE(info.st_mode) & 0o660 == 0o660, path
    info = CliRunner().invoke(main, ["info", str(ws)])
    assert info.exit_code == 0 and "quyền đúng" in info.output, info.output
