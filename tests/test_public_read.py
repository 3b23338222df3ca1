"""Public comment exports read in chunks: encodings, delimiters, JSON Lines, Parquet, bad rows."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from consultkit.errors import SchemaError, UnsupportedFormatError
from consultkit.public.read import FIELDS, read_export

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("make_public_comments",
                                                  ROOT / "scripts" / "make_public_comments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _all(path, chunk_rows=97) -> pd.DataFrame:
    chunks = list(read_export(path, chunk_rows=chunk_rows))
    assert [c.number for c in chunks] == list(range(len(chunks)))
    assert all(c.first_row == c.frame["row"].iat[0] for c in chunks)
    return pd.concat([c.frame for c in chunks], ignore_index=True)


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    gen = _generator()
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for name, fmt, delimiter in (("utf8-semicolon.csv", "csv", ";"), ("utf8-comma.csv", "csv", ","),
                                 ("utf16.csv", "csv-utf16", ";"), ("lines.jsonl", "jsonl", ";"),
                                 ("table.parquet", "parquet", ";")):
        gen.write(folder / name, 600, 7, fmt, delimiter)
        out[name] = folder / name
    plain = folder / "no-bom.csv"     # UTF-8 without BOM, no label line
    text = (folder / "utf8-comma.csv").read_text(encoding="utf-8-sig").split("\n", 1)[1]
    plain.write_text(text, encoding="utf-8")
    out["no-bom.csv"] = plain
    return out


def test_every_format_gives_the_same_records(exports):
    """CSV (UTF-8 with/without BOM, UTF-16, ';' or ','), JSON Lines and Parquet of the
    same export give the same row numbers and fields (malformed rows aside)."""
    frames = {name: _all(path) for name, path in exports.items()}
    base = frames["utf8-semicolon.csv"]
    assert len(base) == 600 and base["row"].tolist() == list(range(1, 601))
    good = base["problem"] == ""
    for name, frame in frames.items():
        assert frame["row"].tolist() == list(range(1, 601)), name
        ok = good & (frame["problem"] == "")
        assert ok.sum() >= 590, name
        for field in FIELDS:
            assert frame.loc[ok, field].tolist() == base.loc[ok, field].tolist(), (name, field)
    # the header's words were mapped, not its positions: the text is the comment
    assert base["text"].str.len().max() > 100
    assert set(base["kind"]) >= {"Công dân", "Tổ chức"}


def test_malformed_rows_are_yielded_with_a_problem_and_their_line(exports, tmp_path):
    path = tmp_path / "bad.csv"
    text = exports["utf8-semicolon.csv"].read_text(encoding="utf-8-sig")
    path.write_text(text + "601;01/09/2025 10:00;Công dân\n602;01/09/2025;Công dân;Huế;;;Đồng ý\n",
                    encoding="utf-8-sig")
    frame = _all(path)
    assert len(frame) == 602
    short = frame[frame["problem"] != ""]
    assert 601 in short["row"].tolist() and 602 not in short["row"].tolist()
    assert short["problem"].str.contains("3 trường").any()
    # line = physical line in the file: the label line and the header come first
    assert (short["line"] == short["row"] + 2).all()
    path = tmp_path / "bad.jsonl"
    path.write_text(exports["lines.jsonl"].read_text(encoding="utf-8") + '{"stt": 601, "noi_dung\n',
                    encoding="utf-8")
    lines = _all(path)
    assert lines["problem"].iat[-1].startswith("dòng không phải JSON") and lines["row"].iat[-1] == 601


def test_quoted_line_breaks_keep_row_numbers(tmp_path):
    path = tmp_path / "multi.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=",")
        out.writerow(["Thời gian", "Tỉnh/Thành phố", "Ý kiến"])
        out.writerow(["01/08/2025", "Hà Nội", "Dòng một\nDòng hai\nDòng ba"])
        out.writerow(["02/08/2025", "Huế", "Một dòng"])
    frame = _all(path)
    assert frame["row"].tolist() == [1, 2]
    assert frame["line"].tolist() == [4, 5]
    assert frame["text"].iat[0] == "Dòng một\nDòng hai\nDòng ba"


def test_a_file_without_a_text_column_names_its_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Thời gian;Tỉnh\n01/08/2025;Huế\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        list(read_export(path))
    assert "Thời gian, Tỉnh" in str(err.value) and "Nội dung góp ý" in str(err.value)
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK")
    with pytest.raises(UnsupportedFormatError):
        read_export(bad)


def test_json_notes_and_nested_values(tmp_path):
    path = tmp_path / "x.jsonl"
    rows = [{"#": "ghi chú"}, {"id": 1, "comment": "Đồng ý", "province": "Huế"},
            {"id": 2, "comment": {"a": 1}, "province": "Huế"}, [1, 2]]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    frame = _all(path)
    assert frame["row"].tolist() == [1, 2, 3]
    assert frame["text"].tolist()[:2] == ["Đồng ý", '{"a": 1}']
    assert frame["problem"].iat[2] != ""
