"""The register reads back whatever it accepted; an older register still opens."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from consultkit import schema
from consultkit.register import Register
from consultkit.register._db import SCHEMA_VERSION
from consultkit.workspace import open_consultation

FIXTURE = Path(__file__).parent / "fixtures" / "register" / "v1.sqlite"
TEXT_COLUMNS = [c for c, (dtype, _) in schema.COMMENTS.items() if dtype == "str" and c != "comment_id"]

# what a frame cell can hold for "nothing": each spelling pandas and readers produce
_NOTHING = st.sampled_from([None, float("nan"), pd.NA, pd.NaT, np.nan])
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
_DATE = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def _value(column: str):
    if column == "received":
        return st.one_of(_NOTHING, _DATE, _DATE.map(lambda d: dt.datetime(d.year, d.month, d.day, 9)),
                         _DATE.map(lambda d: d.isoformat()), _DATE.map(pd.Timestamp), st.just(""))
    if column in ("match_score", "confidence"):
        return st.one_of(_NOTHING, st.floats(0, 100, allow_nan=False))
    if column in ("clause_ids", "doubtful"):
        return st.one_of(_NOTHING, st.lists(_TEXT, max_size=3).map(tuple))
    if column == "clause_suggestions":
        return st.one_of(_NOTHING, st.lists(st.tuples(_TEXT, st.floats(0, 1, allow_nan=False)),
                                            max_size=3).map(tuple))
    return st.one_of(_NOTHING, _TEXT)


@st.composite
def frames(draw):
    """A comments frame: any column may be absent, any cell missing, sheets/letters/mail mixed."""
    present = draw(st.sets(st.sampled_from([c for c in schema.COMMENTS if c != "comment_id"])))
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        row = {"comment_id": f"c-{i:04d}"}
        for column in present:
            row[column] = draw(_value(column))
        row["source"] = draw(st.sampled_from(["a.xlsx#Sheet1!R2", "b.docx#p1", "m.eml#body.l3",
                                              None, float("nan")])) if "source" in present else None
        rows.append(row)
    return pd.DataFrame(rows)


def _expected(row: dict) -> dict:
    """What the register must give back for one written row."""
    def nothing(v):
        return v is None or (not isinstance(v, (str, tuple)) and pd.isna(v))

    out = {}
    for column in schema.COMMENTS:
        value = row.get(column)
        if column == "received":
            if nothing(value) or value == "":
                value = None
            elif isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif isinstance(value, (dt.datetime, pd.Timestamp)):
                value = value.date()
        elif column in ("match_score", "confidence"):
            value = None if nothing(value) else float(value)
        elif column in ("clause_ids", "clause_suggestions", "doubtful"):
            if isinstance(value, str):          # one id given as a string is a list of one
                value = (value,) if value else ()
            else:
                value = () if nothing(value) else tuple(value)
        else:
            value = "" if nothing(value) else str(value)
        out[column] = value
    return out


@settings(max_examples=40)
@given(frame=frames())
def test_any_frame_reads_back_equal(tmp_path_factory, frame: pd.DataFrame):
    reg = Register(tmp_path_factory.mktemp("reg") / "r.sqlite")
    added = reg.add_comments(frame)
    assert added.new == len(frame)
    back = reg.comments()
    assert list(back["comment_id"]) == list(frame["comment_id"])
    for written, (_, got) in zip(frame.to_dict("records"), back.iterrows()):
        want = _expected(written)
        for column, value in want.items():
            if column in ("match_score", "confidence") and value is None:
                assert pd.isna(got[column])
            else:
                assert got[column] == value, (column, written.get(column), got[column])
    # everything downstream of comments() works on what came back
    assert back["received"].map(lambda v: v is None or isinstance(v, dt.date)).all()
    reg.close()


def test_mixed_date_inbox_stays_readable(workspace: Path):
    """One sheet with "Ngày nhận", one without: the workspace reads back, status works."""
    from consultkit.cli import main

    inbox = workspace / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    (inbox / "co-ngay.csv").write_text("Đơn vị,Ngày nhận,Nội dung góp ý\n"
                                       "Sở Y tế Hà Nam,12/06/2021,Đề nghị sửa khoản 2.\n",
                                       encoding="utf-8")
    (inbox / "khong-ngay.csv").write_text("Đơn vị,Nội dung góp ý\n"
                                          "Sở Y tế Nghệ An,Đề nghị bổ sung lưu trữ.\n",
                                          encoding="utf-8")
    consultation = open_consultation(workspace)
    report = consultation.ingest()
    assert report.new == 2
    again = open_consultation(workspace)
    comments = again.comments
    dates = dict(zip(comments["unit_raw"], comments["received"]))
    assert dates == {"Sở Y tế Hà Nam": dt.date(2021, 6, 12), "Sở Y tế Nghệ An": None}
    assert len(again.responses()) > 0
    result = CliRunner().invoke(main, ["status", str(workspace), "--format", "csv"])
    assert result.exit_code == 0, result.output


def test_register_made_by_version_1_opens_and_migrates(tmp_path: Path):
    """tests/fixtures/register/v1.sqlite was written by consultkit with schema version 1."""
    path = tmp_path / "register.sqlite"
    shutil.copy(FIXTURE, path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
    reg = Register(path)
    versions = [v for (v,) in reg.conn().execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    indexes = {n for (n,) in reg.conn().execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"comments_import", "rejects_import"} <= indexes
    comments = reg.comments().set_index("comment_id")
    assert list(comments.index) == ["c-0001", "c-0002", "c-0003"]
    assert comments.loc["c-0001", "received"] == dt.date(2021, 6, 10)
    assert comments.loc["c-0002", "received"] is None and comments.loc["c-0003", "received"] is None
    assert comments.loc["c-0001", "clause_ids"] == ("IV.2.1",)
    assert comments.loc["c-0001", "clause_suggestions"] == (("IV.2.2", 0.81),)
    assert comments.loc["c-0001", "status"] == "accepted"
    assert comments.loc["c-0003", "unit_raw"] == '=HYPERLINK("http://x")'
    assert len(reg.audit()) == 2 and reg.import_log()["read"].tolist() == [3, 1]
    assert reg.rejects()["reason"].tolist() == ["tệp Word cũ"]
    # and it takes new work
    d = reg.disposition("c-0002")
    reg.set_disposition("c-0002", status="explained", response="Giải trình", who="an",
                        expected_version=d["version"])
    assert reg.integrity_check() == "ok" and len(reg.audit()) == 4
    reg.close()
