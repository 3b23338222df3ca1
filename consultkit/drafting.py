"""The drafting loop of a workspace: edits of the latest draft, and the next draft.

The functions take a :class:`~consultkit.workspace.Consultation`; the
``Consultation`` methods of the same names call them::

    c.edit_clause("IV.2.2.a", "Lưu trữ … 24 tháng …;", reason="…", comments=[cid])
    c.insert_after("IV.2.2", "Hệ thống lưu trữ phải được kiểm tra định kỳ.")  # 2.2a.
    c.repeal_clause("IV.2.3", reason="…")
    c.new_draft("du-thao-3")      # versions/du-thao-3.docx and .md, added to the manifest

Edits are kept in the register (``Register.set_clause_edit``: audit log and
compare-and-set, as dispositions); the next draft is the previous draft's
own files with the edits applied (:mod:`consultkit.writers.draft_files`).
"""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from .errors import ConsultkitError, ManifestError
from .redraft import RedraftError, apply_edits, next_number

__all__ = ["edit_clause", "insert_after", "repeal_clause", "new_draft", "draft_rationale",
           "default_user"]


def default_user() -> str:
    """Who is editing: ``CONSULTKIT_USER``, else the login name."""
    try:
        return os.environ.get("CONSULTKIT_USER") or getpass.getuser()
    except Exception:  # no login name (containers)
        return "chuyên viên"


def _base(c, base: str | None) -> str:
    names = c.version_names
    if not names:
        raise ManifestError("đợt lấy ý kiến chưa có phiên bản nào để sửa",
                            path=c.path / "consultation.toml",
                            hint="Ghi văn bản hiện hành và dự thảo vào mục [versions]")
    base = base or names[-1]
    if base not in names:
        raise ManifestError(f"không có phiên bản tên {base!r}", path=c.path / "consultation.toml",
                            hint=f"Chọn một trong các phiên bản: {', '.join(names)}")
    return base


def _unit(c, base: str, clause_id: str) -> None:
    ids = c.__dict__.setdefault("_clause_ids", {})
    if base not in ids:
        ids[base] = set(c.versions[base]["clause_id"])
    if clause_id not in ids[base] or clause_id.startswith("_"):
        raise RedraftError(f"không có điều khoản {clause_id} trong {base}",
                           hint="Chọn một điều khoản có trong dự thảo")


def _version(c, edit_id: str, expected_version: int | None) -> int:
    if expected_version is not None:
        return int(expected_version)
    with c.register as reg:
        current = reg.clause_edit(edit_id)
    return 0 if current is None else int(current["version"])


def _store(c, clause_id: str, action: str, *, text: str = "", reason, comments, who, base,
           expected_version) -> dict:
    """Store an edit or a repeal of ``clause_id`` of ``base`` (compare-and-set)."""
    from .register import edit_key

    base = _base(c, base)
    _unit(c, base, clause_id)
    with c.register as reg:
        return reg.set_clause_edit(base, clause_id, action=action, text=text, reason=reason,
                                   comment_ids=comments, who=who or default_user(),
                                   expected_version=_version(c, edit_key(base, clause_id),
                                                             expected_version))


def edit_clause(c, clause_id: str, text: str, *, reason: str | None = None,
                comments: Iterable[str] | None = None, who: str | None = None,
                base: str | None = None, expected_version: int | None = None) -> dict:
    """Reword a unit of ``base`` (default: the latest version)."""
    return _store(c, clause_id, "edit", text=text, reason=reason, comments=comments, who=who,
                  base=base, expected_version=expected_version)


def repeal_clause(c, clause_id: str, *, reason: str | None = None,
                  comments: Iterable[str] | None = None, who: str | None = None,
                  base: str | None = None, expected_version: int | None = None) -> dict:
    """Take a unit (and everything below it) out of the next draft."""
    return _store(c, clause_id, "repeal", reason=reason, comments=comments, who=who, base=base,
                  expected_version=expected_version)


def insert_after(c, clause_id: str, text: str, *, reason: str = "", comments: Iterable[str] = (),
                 who: str | None = None, base: str | None = None) -> dict:
    """Add a unit after ``clause_id``, numbered the amending way (``1a.``, ``d1)``, ``2.2a.``)."""
    base = _base(c, base)
    _unit(c, base, clause_id)
    with c.register as reg:
        taken = [e["new_id"] for e in reg.edit_records(base, include_withdrawn=True) if e["new_id"]]
        number, new_id = next_number(c.versions[base], clause_id, taken=taken)
        return reg.set_clause_edit(base, clause_id, action="insert", text=text, reason=reason,
                                   comment_ids=comments, who=who or default_user(),
                                   number=number, new_id=new_id, expected_version=0)


def _twin(path: Path, suffix: str) -> Path | None:
    twin = path.with_suffix(suffix)
    return twin if twin.exists() else None


def _slug(name: str) -> str:
    from .text import slugify

    return slugify(name) or "du-thao-moi"


def _add_to_manifest(manifest: Path, name: str, relative: str) -> None:
    """Add ``"name" = "relative"`` at the end of the manifest's [versions] table (comments kept)."""
    lines = manifest.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("[versions]")), None)
    entry = f'"{name}" = "{relative}"'
    if start is None:
        lines += ["", "[versions]", entry]
    else:
        end = start + 1
        while end < len(lines) and not lines[end].lstrip().startswith("["):
            end += 1
        last = max([i for i in range(start + 1, end) if lines[i].strip()
                    and not lines[i].lstrip().startswith("#")], default=start)
        lines.insert(last + 1, entry)
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")


def new_draft(c, name: str, based_on: str | None = None) -> dict[str, Path]:
    """Write the next draft ``name`` from the edits of ``based_on`` (default: the latest).

    The previous draft's own .docx (its file, or the .docx beside its .md) and
    .md (or .txt) are copied with the edits applied, into ``versions/``; the
    new version is added to the manifest (as .md when there is one, so it
    reads like the others). Returns the files written by suffix.
    """
    from .clauses.parse import parse_clauses
    from .writers.draft_files import edit_docx, edit_markdown

    base = _base(c, based_on)
    if name in c.version_names:
        raise ManifestError(f"đã có phiên bản tên {name!r}",
                            path=c.path / "consultation.toml", hint="Đặt tên khác cho dự thảo mới")
    with c.register as reg:
        edits = reg.clause_edits(base)
    if edits.empty:
        raise RedraftError(f"chưa có chỉnh sửa nào cho {base}",
                           hint="Sửa, bổ sung hoặc bãi bỏ điều khoản trước khi lưu dự thảo mới")
    source = c.manifest.versions[base]
    stem = _slug(name)
    folder = source.parent
    written: dict[str, Path] = {}
    text_source = source if source.suffix.lower() in (".md", ".txt") else None
    docx_source = source if source.suffix.lower() == ".docx" else _twin(source, ".docx")
    for target in (folder / f"{stem}.docx", folder / f"{stem}.md"):
        if target.exists():
            raise ManifestError(f"đã có tệp {target.name} trong {folder}", path=target,
                                hint="Đặt tên khác cho dự thảo mới hoặc chuyển tệp đó đi nơi khác")
    expected = apply_edits(c.versions[base], edits)
    if docx_source is not None:
        frame = parse_clauses(docx_source)
        written[".docx"] = edit_docx(docx_source, frame, edits, folder / f"{stem}.docx")
    if text_source is not None:
        written[text_source.suffix] = edit_markdown(text_source, c.versions[base], edits,
                                                    folder / f"{stem}{text_source.suffix}")
    else:
        written[".md"] = _markdown_from_frame(expected, folder / f"{stem}.md")
    for path in written.values():          # the files must read as the edits say
        got = parse_clauses(path)
        if list(got["clause_id"]) != list(expected["clause_id"]):
            missing = sorted(set(expected["clause_id"]) ^ set(got["clause_id"]))[:5]
            raise ConsultkitError(f"dự thảo mới {path.name} không đọc lại đúng như các chỉnh sửa "
                                  f"({', '.join(missing)})", path=path,
                                  hint="Báo lỗi này cho nhóm phát triển kèm tệp dự thảo")
    listed = written.get(".md") or written.get(".txt") or written[".docx"]
    _add_to_manifest(c.path / "consultation.toml", name, listed.relative_to(c.path).as_posix())
    c.reload_manifest()
    return written


def _markdown_from_frame(frame: pd.DataFrame, out: Path) -> Path:
    """A .md of a version known only as .docx (numbers typed, one paragraph per line)."""
    from .writers.tracked import unit_line

    lines: list[str] = []
    header: tuple | None = None
    for row in frame.sort_values("order").to_dict("records"):
        cells = row.get("cells")
        if isinstance(cells, dict) and cells:
            if tuple(cells) != header:
                header = tuple(cells)
                lines += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines.append("| " + " | ".join(str(v).replace("|", "/") for v in cells.values()) + " |")
            continue
        if header is not None and row["kind"] == "text" and " | ".join(header) == row["text"]:
            continue
        header = None
        line = unit_line(row["number"], row["heading"], row["text"])
        if line:
            lines += ["", line]
    out.write_text("\n".join(lines).lstrip("\n") + "\n", encoding="utf-8")
    return out


def draft_rationale(c, based_on: str) -> dict[str, str]:
    """clause id (in the next draft) → the Thuyết minh of the bảng so sánh.

    The drafters' reason, then the units whose comments the edit answers:
    'Tiếp thu ý kiến của Sở Y tế Lào Cai, Bệnh viện K'.
    """
    from .writers.labels import unit_label

    with c.register as reg:
        edits = reg.clause_edits(based_on)
    if edits.empty:
        return {}
    comments = c.comments
    roster = c.roster
    names = dict(zip(roster["unit_id"], roster["name"]))
    by_id = {r["comment_id"]: r for r in comments.to_dict("records")}
    out: dict[str, str] = {}
    for edit in edits.to_dict("records"):
        cid = edit["new_id"] if edit["action"] == "insert" else edit["clause_id"]
        units = []
        for comment_id in edit["comment_ids"]:
            rec = by_id.get(comment_id)
            if rec is None:
                continue
            unit = unit_label(names.get(rec.get("unit_id") or "") or rec.get("unit_raw") or "")
            if unit and unit not in units:
                units.append(unit)
        parts = [edit["reason"].strip()] if edit["reason"].strip() else []
        if units:
            parts.append(f"Tiếp thu ý kiến của {', '.join(units)}")
        text = ". ".join(p.rstrip(".") for p in parts)
        if text:
            out[cid] = text + "."
    return out
