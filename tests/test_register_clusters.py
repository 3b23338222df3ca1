"""Cluster dispositions in the register: migration from schema 1, compare-and-set, audit."""

from __future__ import annotations

import sqlite3

import pytest

from consultkit.errors import RegisterError, StaleEditError
from consultkit.register import Register, _db


def test_a_version_1_register_migrates_and_keeps_its_rows(tmp_path):
    path = tmp_path / "register.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in _db._MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, '2021-06-01')")
    conn.execute("INSERT INTO comments (comment_id, text, added_at) VALUES ('c1', 'Nhất trí', 'x')")
    conn.execute("INSERT INTO dispositions (comment_id) VALUES ('c1')")
    conn.commit()
    conn.close()
    reg = Register(path)
    assert len(reg) == 1 and reg.disposition("c1")["status"] == "pending"
    versions = [v for (v,) in reg.conn().execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, _db.SCHEMA_VERSION + 1))
    assert reg.cluster_dispositions().empty


def test_cluster_disposition_compare_and_set_and_audit(tmp_path):
    reg = Register(tmp_path / "register.sqlite")
    assert reg.cluster_disposition(-42) == {"cluster_id": "-42", "status": "pending", "response": "",
                                            "updated_by": "", "updated_at": "", "version": 0}
    d = reg.set_cluster_disposition(-42, status="partly_accepted", response="Tiếp thu một phần.",
                                    who="Lan", expected_version=0)
    assert d["version"] == 1 and d["status"] == "partly_accepted"
    other = Register(reg.path)       # another editor, another connection
    with pytest.raises(StaleEditError) as err:
        other.set_cluster_disposition("-42", status="explained", who="Minh", expected_version=0)
    assert "Lan" in str(err.value)
    same = reg.set_cluster_disposition(-42, status="Tiếp thu một phần", who="Lan", expected_version=1)
    assert same["version"] == 1                                       # nothing changed, no entry
    audit = reg.audit("cluster:-42")
    assert audit[["field", "old_value", "new_value"]].values.tolist() == [
        ["status", "pending", "partly_accepted"], ["response", "", "Tiếp thu một phần."]]
    with pytest.raises(RegisterError):
        reg.set_cluster_disposition(-42, status="done", who="Lan", expected_version=1)
    with pytest.raises(RegisterError):
        reg.set_cluster_disposition(-42, status="accepted", who=" ", expected_version=1)
    with pytest.raises(sqlite3.DatabaseError):
        reg.conn().execute("DELETE FROM audit")
