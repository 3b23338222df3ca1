"""The comments register: a real SQLite file, real processes, real SIGKILL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consultkit import schema
from consultkit.errors import RegisterError, SchemaError, StaleEditError
from consultkit.register import Register

ROOT = Path(__file__).resolve().parent.parent


def comments(n: int, start: int = 0, **overrides) -> pd.DataFrame:
    rows = []
    for i in range(start, start + n):
        row = dict(comment_id=f"c{i:06d}", unit_raw="SYT Nghệ An", unit_id="syt-nghe-an",
                   match_score=95.0, match_method="alias", received=dt.date(2021, 6, 1 + i % 28),
                   letter_number=f"{i}/SYT-NVY", channel="post", text=f"Góp ý số {i} về khoản 2",
                   refs_raw="khoản 2 mục IV", clause_ids=("IV.2",),
                   clause_suggestions=(("IV.2.1", 0.61), ("IV.3", 0.42)), stance="substantive",
                   duplicate_of="", group_id="", source=f"inbox/gop-y.xlsx#Sheet1!R{i + 2}")
        row.update(overrides)
        rows.append(row)
    return schema.conform(rows, schema.COMMENTS)


@pytest.fixture
def reg(tmp_path: Path) -> Register:
    return Register(tmp_path / "register.sqlite")


def test_add_is_idempotent_and_round_trips(reg: Register):
    frame = comments(5)
    first = reg.add_comments(frame)
    assert (first.new, first.known) == (5, 0)
    again = reg.add_comments(pd.concat([frame, comments(2, start=5)]))
    assert (again.new, again.known) == (2, 5)
    back = reg.comments()
    assert list(back.columns[:len(schema.COMMENTS)]) == list(schema.COMMENTS)
    assert len(back) == 7 and back["comment_id"].is_unique
    row = back.iloc[0]
    assert row["received"] == dt.date(2021, 6, 1)
    assert row["clause_ids"] == ("IV.2",)
    assert row["clause_suggestions"] == (("IV.2.1", 0.61), ("IV.3", 0.42))
    assert row["text"] == "Góp ý số 0 về khoản 2"
    assert (back["status"] == "pending").all() and (back["version"] == 0).all()
    # duplicates inside one batch: the first copy is new, the second known
    dup = reg.add_comments(pd.concat([comments(1, start=9), comments(1, start=9)]))
    assert (dup.new, dup.known) == (1, 1)


@settings(max_examples=20)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["", "x", "Điều 8", "a)"])),
                max_size=25))
def test_conservation_property(tmp_path_factory, batch):
    reg = Register(tmp_path_factory.mktemp("p") / "r.sqlite")
    ids = [f"c{i}" for i, _ in batch]
    frame = comments(len(batch)).assign(comment_id=ids, refs_raw=[r for _, r in batch])
    res = reg.add_comments(frame, rejects=pd.DataFrame({"source": ["x#R1"], "reason": ["trống"]}))
    assert res.new == len(set(ids)) and res.new + res.known == len(batch)
    log = reg.import_log().iloc[-1]
    assert log["read"] == log["new"] + log["known"] + log["rejected"] == len(batch) + 1
    assert len(reg.comments()) == len(set(ids))
    again = reg.add_comments(frame)
    assert again.new == 0 and again.known == len(batch)


def test_bad_frames_are_refused_clearly(reg: Register):
    with pytest.raises(SchemaError, match="comment_id"):
        reg.add_comments(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(SchemaError, match="không có comment_id"):
        reg.add_comments(comments(2).assign(comment_id=["a", ""]))
    with pytest.raises(SchemaError, match="không phải là ngày"):
        reg.add_comments(comments(1).assign(received=["31/02/2021"]))
    assert len(reg) == 0 and reg.import_log().empty   # nothing half-written


def test_dispositions_and_audit(reg: Register):
    reg.add_comments(comments(2))
    d = reg.disposition("c000000")
    assert d["status"] == "pending" and d["version"] == 0
    d = reg.set_disposition("c000000", status="Tiếp thu một phần", response="Đã sửa khoản 2.",
                            who="Lan", expected_version=0)
    assert (d["status"], d["response"], d["updated_by"], d["version"]) == \
        ("partly_accepted", "Đã sửa khoản 2.", "Lan", 1)
    d = reg.set_disposition("c000000", status="explained", who="Minh", expected_version=1)
    assert d["version"] == 2 and d["response"] == "Đã sửa khoản 2."
    log = reg.audit("c000000")
    assert log[["field", "old_value", "new_value", "who"]].values.tolist() == [
        ["status", "pending", "partly_accepted", "Lan"],
        ["response", "", "Đã sửa khoản 2.", "Lan"],
        ["status", "partly_accepted", "explained", "Minh"],
    ]
    joined = reg.comments().set_index("comment_id")
    assert joined.loc["c000000", "status"] == "explained"
    assert joined.loc["c000001", "status"] == "pending"
    with pytest.raises(RegisterError, match="không có tình trạng 'done'.*Tiếp thu một phần"):
        reg.set_disposition("c000001", status="done", who="Lan", expected_version=0)
    with pytest.raises(RegisterError, match="không có góp ý 'nope'"):
        reg.set_disposition("nope", status="accepted", who="Lan", expected_version=0)
    with pytest.raises(RegisterError, match="who"):
        reg.set_disposition("c000001", status="accepted", who=" ", expected_version=0)


def test_stale_edit_is_refused_naming_comment_and_editor(reg: Register):
    reg.add_comments(comments(1))
    seen = reg.disposition("c000000")["version"]
    reg.set_disposition("c000000", response="Tiếp thu", who="Nguyễn Thị Lan", expected_version=seen)
    with pytest.raises(StaleEditError) as err:
        reg.set_disposition("c000000", response="Không tiếp thu", who="Minh", expected_version=seen)
    message = str(err.value)
    assert "c000000" in message and "Nguyễn Thị Lan" in message
    assert reg.disposition("c000000")["response"] == "Tiếp thu"
    assert len(reg.audit()) == 1


def test_set_unit_is_a_manual_audited_decision(reg: Register):
    reg.add_comments(comments(1, unit_id="", match_method="needs_decision", match_score=70.0))
    d = reg.set_unit("c000000", "syt-ha-giang", "Lan", 0)
    assert d["version"] == 1
    row = reg.comments().iloc[0]
    assert (row["unit_id"], row["match_method"]) == ("syt-ha-giang", "manual")
    assert reg.audit().iloc[-1][["field", "old_value", "new_value"]].tolist() == \
        ["unit_id", "", "syt-ha-giang"]
    with pytest.raises(StaleEditError):
        reg.set_unit("c000000", "syt-tuyen-quang", "Minh", 0)


def test_audit_log_is_append_only_in_sqlite_itself(reg: Register):
    reg.add_comments(comments(1))
    reg.set_disposition("c000000", status="accepted", who="Lan", expected_version=0)
    raw = sqlite3.connect(reg.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE audit SET who = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM audit")
    raw.close()
    assert reg.audit()["who"].tolist() == ["Lan"]


def test_rejects_and_import_log_persist(tmp_path: Path):
    path = tmp_path / "r.sqlite"
    Register(path).add_comments(comments(3), files=["inbox"], rejects=pd.DataFrame(
        {"source": ["inbox/a.docx", "inbox/b.xlsx#R4"], "reason": ["tệp hỏng", "thiếu nội dung"]}))
    with Register(path) as first:
        assert len(first) == 3
    reg = Register(path)              # reopened: everything is in the file
    log = reg.import_log()
    assert log.iloc[0][["read", "new", "known", "rejected"]].tolist() == [5, 3, 0, 2]
    assert log.iloc[0]["files"] == ("inbox",)
    assert reg.rejects()["reason"].tolist() == ["tệp hỏng", "thiếu nội dung"]


def test_not_a_register_is_a_clear_error(tmp_path: Path):
    junk = tmp_path / "register.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RegisterError, match="không mở được sổ góp ý"):
        Register(junk)
    with pytest.raises(RegisterError, match="thư mục"):
        Register(tmp_path / "missing" / "r.sqlite")


EDITOR = textwrap.dedent("""
    import sys
    from consultkit.errors import StaleEditError
    from consultkit.register import Register
    path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reg = Register(path)
    retries = 0
    for i in range(n):
        while True:
            version = reg.disposition("c000000")["version"]
            try:
                reg.set_disposition("c000000", response=f"{who}-{i}", who=who,
                                    expected_version=version)
                break
            except StaleEditError:
                retries += 1
    print(retries)
""")


def test_two_processes_lose_no_edit(reg: Register):
    reg.add_comments(comments(1))
    procs = [subprocess.Popen([sys.executable, "-c", EDITOR, str(reg.path), who, "500"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("A", "B")]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    log = reg.audit()
    assert len(log) == 1000
    for who in ("A", "B"):
        mine = log[log["who"] == who]["new_value"].tolist()
        assert mine == [f"{who}-{i}" for i in range(500)]          # in order, none lost
    # each entry's old value is the previous entry's new value: a single chain
    assert log["old_value"].tolist()[1:] == log["new_value"].tolist()[:-1]
    final = reg.disposition("c000000")
    assert final["version"] == 1000 and final["response"] == log["new_value"].iloc[-1]


IMPORTER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from test_register import comments
    from consultkit.register import Register
    frame = comments(int(sys.argv[3]), start=1000)
    print("ready", flush=True)
    Register(sys.argv[1]).add_comments(frame, files=["big.xlsx"])
    print("done", flush=True)
""")


def test_process_killed_mid_import_leaves_nothing_half_written(reg: Register):
    reg.add_comments(comments(50))
    n = 150_000
    child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(reg.path),
                              str(Path(__file__).parent), str(n)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    probe = sqlite3.connect(reg.path, timeout=0, isolation_level=None)
    killed = False
    deadline = time.monotonic() + 60
    while child.poll() is None and time.monotonic() < deadline:
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:          # the child holds the write lock: mid-import
            os.kill(child.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    child.wait(timeout=30)
    probe.close()
    assert killed, child.stderr.read()
    assert child.returncode == -signal.SIGKILL
    reopened = Register(reg.path)
    assert reopened.integrity_check() == "ok"
    count = len(reopened)
    assert count in (50, 50 + n)                  # all of the batch or none of it
    log = reopened.import_log()
    assert len(log) == (1 if count == 50 else 2)
    assert reopened.add_comments(comments(1, start=999_999)).new == 1   # still writable


def test_a_register_of_schema_1_is_migrated(tmp_path):
    """A register written before the reading columns (schema 1) opens: its comments read as
    digital text with full confidence and no quoted draft or rationale, and new comments keep
    their reading columns, quoted draft text and rationale."""
    import sqlite3

    from consultkit.register import _db

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in _db._MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (1, '2021-06-01')")
    conn.execute("INSERT INTO comments (comment_id, text, added_at) VALUES ('c-old', 'Nhất trí.', 'x')")
    conn.execute("INSERT INTO dispositions (comment_id) VALUES ('c-old')")
    conn.commit()
    conn.close()
    reg = Register(path)
    old = reg.comments().set_index("comment_id").loc["c-old"]
    assert (old["source_kind"], old["confidence"], old["doubtful"], old["notes"]) == \
        ("digital", 100.0, (), "")
    frame = comments(1, start=3)
    frame["source_kind"], frame["confidence"] = "ocr", 81.5
    frame["doubtful"] = [("thòi",)]
    reg.add_comments(frame)
    new = reg.comments().set_index("comment_id").loc[frame["comment_id"].iloc[0]]
    assert (new["source_kind"], new["confidence"], new["doubtful"]) == ("ocr", 81.5, ("thòi",))
    register = reg
    old = register.comments().set_index("comment_id", drop=False).loc[["c-old"]]
    assert (old["quoted_text"].tolist(), old["rationale"].tolist()) == ([""], [""])
    row = {**old.iloc[0].to_dict(), "comment_id": "c-new", "quoted_text": "Lưu trữ 12 tháng",
           "rationale": "Phù hợp Luật Khám bệnh, chữa bệnh"}
    register.add_comments(schema.conform([row], schema.COMMENTS))
    new = register.comments().set_index("comment_id")
    assert new.loc["c-new", "quoted_text"] == "Lưu trữ 12 tháng"
    assert new.loc["c-new", "rationale"] == "Phù hợp Luật Khám bệnh, chữa bệnh"
