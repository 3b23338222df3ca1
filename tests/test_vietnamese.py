"""Everything a Vietnamese drafter reads is correct Vietnamese: NFC, with diacritics, no English.

Three guards:

* the string literals of the modules that produce what users see (charts, views,
  writers, the CLI commands that print reports) and the schema's label dicts are NFC;
* the notebooks' markdown is NFC and free of the common unaccented or misspelt forms;
* the documents built from the bundled workspace (synthesis, reminders, comparison
  table, dispatch) are NFC in every text node, free of those forms, and show no
  internal English values (status keys, None/nan).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import BUNDLED, ROOT

PACKAGE = ROOT / "consultkit"
USER_FACING = sorted([*(PACKAGE / "charts").glob("*.py"), PACKAGE / "schema.py",
                      *(PACKAGE / "views").glob("*.py"), *(PACKAGE / "writers").glob("*.py"),
                      *(PACKAGE / "cli" / f"{name}.py" for name in
                        ("report", "status", "ingest", "compare", "dashboard"))])
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Vietnamese written without its diacritics (as typed on a keyboard without Telex/VNI):
#: never in what a user reads. Matched as whole words, any case.
UNACCENTED = [
    "tiep thu", "giai trinh", "gop y", "y kien", "don vi", "bo y te", "cuc cong nghe thong tin",
    "du thao", "kinh gui", "noi nhan", "cong van", "so y te", "benh vien", "thong tu", "quy dinh",
    "sua doi", "bo sung", "tran trong", "cam on", "dieu khoan", "tong hop", "hien hanh",
    "thuyet minh", "co quan", "xu ly", "han gop y", "nhat tri", "bai bo",
]
#: Misspellings and wrong capitals seen in drafts (matched as written, whole words).
MISSPELT = [
    "tiếp thụ", "giãi trình", "giải trinh", "góp ỳ", "ý kiên", "đơn vi", "Kính gữi", "Nơi nhân",
    "Trân trong", "dư thảo", "Bộ Y Tế", "Độc Lập", "Hạnh Phúc", "CỘNG HOÀ", "Quý Đơn Vị",
    "tiếp thu,giải trình", "gủi", "đôn đôc",
]
#: Internal values that must be translated before a user sees them.
ENGLISH_VALUES = ["None", "nan", "NaN", "NaT", "pending", "accepted", "partly_accepted",
                  "explained", "substantive", "unchanged", "modified", "needs_reminder"]

_UNACCENTED_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in UNACCENTED)
                            + r")(?![\w-])", re.IGNORECASE)
_MISSPELT_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in MISSPELT) + r")(?!\w)")
_ENGLISH_RE = re.compile(r"(?<![\w.])(?:" + "|".join(ENGLISH_VALUES) + r")(?![\w.])")


def wrong_forms(text: str) -> list[str]:
    """The unaccented and misspelt forms found in ``text``."""
    return _UNACCENTED_RE.findall(text) + _MISSPELT_RE.findall(text)


def not_nfc(strings) -> list[str]:
    return [s for s in strings if unicodedata.normalize("NFC", s) != s]


# ------------------------------------------------------------------ the guard itself

@pytest.mark.parametrize("text", ["Tiep thu y kien cua don vi", "góp ỳ dự thảo", "Kính gữi:",
                                  "BO Y TE", "Bộ Y Tế đề nghị", "Trân trong cảm ơn"])
def test_wrong_forms_are_caught(text):
    assert wrong_forms(text)


@pytest.mark.parametrize("text", ["Tiếp thu ý kiến của đơn vị", "BỘ Y TẾ", "Bộ Y tế",
                                  "cong-van-don-doc.docx", "so_don_vi", "Trân trọng cảm ơn./.",
                                  "Quý đơn vị", "Độc lập - Tự do - Hạnh phúc"])
def test_correct_text_passes(text):
    assert wrong_forms(text) == []


def test_internal_values_are_caught():
    assert _ENGLISH_RE.findall("Trạng thái: pending; ngày None") == ["pending", "None"]
    assert _ENGLISH_RE.findall("Mục IV.3 (DICOM MWL); tệp nan.docx") == []


def test_decomposed_text_is_caught():
    assert not_nfc([unicodedata.normalize("NFD", "Tiếp thu")]) and not not_nfc(["Tiếp thu"])


# ------------------------------------------------------------------ source strings

def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


@pytest.mark.parametrize("path", USER_FACING, ids=[p.relative_to(ROOT).as_posix() for p in USER_FACING])
def test_user_facing_string_literals_are_nfc(path):
    bad = [(line, s) for line, s in _literals(path) if not_nfc([s])]
    assert bad == [], f"{path.name}: not NFC at lines {[line for line, _ in bad]}"


@pytest.mark.parametrize("path", USER_FACING, ids=[p.relative_to(ROOT).as_posix() for p in USER_FACING])
def test_user_facing_string_literals_have_diacritics(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    # folded match keys ("noi nhan" == fold(text)) are compared, never shown
    keys = {id(c) for node in ast.walk(tree) if isinstance(node, ast.Compare)
            for c in [node.left, *node.comparators]}
    keys |= {id(a) for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr in ("startswith", "endswith")
             for a in node.args}
    bad = [(node.lineno, node.value) for node in ast.walk(tree)
           if isinstance(node, ast.Constant) and isinstance(node.value, str)
           and id(node) not in docstrings | keys and wrong_forms(node.value)]
    assert bad == []


def test_schema_labels_are_nfc_vietnamese():
    from consultkit import schema

    dicts = {name: value for name, value in vars(schema).items()
             if name.isupper() and isinstance(value, dict) and name.endswith(("LABELS", "STATUSES"))}
    assert {"UNIT_KIND_LABELS", "DISPOSITION_STATUSES"} <= set(dicts)
    for name, labels in dicts.items():
        values = [str(v) for v in labels.values()]
        assert not_nfc(values) == [], name
        assert all(not wrong_forms(v) for v in values), name
        # a label is Vietnamese: at least one of them carries a diacritic
        assert any(not v.isascii() for v in values), name


def test_chart_and_change_labels_are_nfc():
    from consultkit import charts
    from consultkit.comparison.core import CHANGE_LABELS
    from consultkit.writers.synthesis import COLUMNS

    values = [*charts.STANCE_LABELS.values(), *CHANGE_LABELS.values(), *COLUMNS]
    assert not_nfc(values) == [] and all(not wrong_forms(v) for v in values)


# ------------------------------------------------------------------ notebooks

@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_text_is_nfc_and_spelt_right(path):
    notebook = nbformat.read(path, as_version=4)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert markdown, "a notebook explains itself"
    assert not_nfc(markdown) == []
    assert [w for m in markdown for w in wrong_forms(m)] == []
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert not_nfc(code) == []
    literals = [node.value for src in code for node in ast.walk(ast.parse(src))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert [w for s in literals for w in wrong_forms(s)] == []


# ------------------------------------------------------------------ documents

def _docx_text(path: Path) -> str:
    """Every w:t of the body, headers and footers, one text node per line."""
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)]
        xml = "".join(z.read(n).decode("utf-8") for n in parts)
    import html

    return "\n".join(html.unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """The four documents a drafter sends, built from a copy of the bundled workspace."""
    from consultkit import open_consultation
    from consultkit.comparison.core import compare
    from consultkit.writers.comparison_table import write_comparison_table
    from consultkit.writers.letters import write_dispatch, write_reminders
    from consultkit.writers.synthesis import write_synthesis

    base = tmp_path_factory.mktemp("vi")
    ws = base / "ws"
    shutil.copytree(BUNDLED, ws, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    c = open_consultation(ws)
    c.ingest()
    todo = c.register.comments().query("stance == 'substantive'")
    for (_, row), status in zip(todo.head(3).iterrows(), ("accepted", "partly_accepted", "explained")):
        c.register.set_disposition(row["comment_id"], status=status,
                                   response="Ban soạn thảo tiếp thu, chỉnh sửa tại dự thảo.",
                                   who="Chuyên viên", expected_version=int(row["version"]))
    names = c.version_names
    out = base / "out"
    docs = {
        "synthesis": write_synthesis(c, out / "tong-hop.docx", date=dt.date(2021, 7, 5)),
        "reminder": write_reminders(c, out / "don-doc.docx", new_deadline=dt.date(2021, 7, 2),
                                    merged=True)[0],
        "comparison": write_comparison_table(compare(c.versions[names[0]], c.versions[names[-1]]),
                                             out / "bang-so-sanh.docx"),
        "dispatch": write_dispatch(c.dispatch, c.roster, out / "cong-van.docx"),
    }
    return docs


@pytest.mark.parametrize("kind", ["synthesis", "reminder", "comparison", "dispatch"])
def test_document_is_nfc_vietnamese(documents, kind):
    text = _docx_text(documents[kind])
    assert len(text) > 500
    assert not_nfc(text.splitlines()) == []
    assert wrong_forms(text) == []
    assert _ENGLISH_RE.findall(text) == []


def test_document_headings_are_the_ministry_s(documents):
    synthesis = _docx_text(documents["synthesis"])
    for heading in ["STT", "Điều, khoản (nội dung dự thảo)", "Đơn vị góp ý", "Nội dung góp ý",
                    "Ý kiến tiếp thu, giải trình", "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
                    "Tiếp thu: Ban soạn thảo", "Tiếp thu một phần: Ban soạn thảo"]:
        assert heading in synthesis
    comparison = _docx_text(documents["comparison"])
    for heading in ["Quy định hiện hành", "Dự thảo sửa đổi, bổ sung", "Thuyết minh (lý do)"]:
        assert heading in comparison
    reminder = _docx_text(documents["reminder"])
    assert "V/v đôn đốc góp ý dự thảo" in reminder and "Trân trọng cảm ơn" in reminder
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in reminder and "Độc lập - Tự do - Hạnh phúc" in reminder
