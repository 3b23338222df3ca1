"""``consultkit info WORKSPACE``: the dispatch and the roster of a consultation, in Vietnamese."""

from __future__ import annotations

import json

import click

from ..schema import UNIT_KIND_LABELS


def team_report(consultation) -> dict | None:
    """The team group of the workspace and what keeps its members from working there."""
    from ..team import TeamError, sharing_problems, team_group

    group = team_group(consultation.manifest)
    if not group:
        return None
    try:
        problems = [str(p) for p in sharing_problems(consultation.path, group,
                                                     consultation.register_path)]
    except TeamError as exc:
        problems = [str(exc)]
    return {"group": group, "problems": problems}


def roster_counts(roster):
    """Rows per annex group, in annex order: (group, group_title, kind, units, placeholder)."""
    if roster.empty:
        return []
    counts = []
    for (group, title), rows in roster.groupby(["group", "group_title"], sort=False):
        counts.append((group, title, rows["kind"].iloc[0], len(rows), bool(rows["placeholder"].all())))
    return counts


@click.command("info")
@click.argument("workspace", type=click.Path(file_okay=False), default=".")
@click.option("--json", "as_json", is_flag=True, help="In ra dạng JSON (cho máy đọc).")
def command(workspace: str, as_json: bool) -> None:
    """Thông tin đợt lấy ý kiến: công văn, hạn góp ý, danh sách đơn vị nhận."""
    from ..readers.roster import roster_anomalies
    from ..workspace import open_consultation

    consultation = open_consultation(workspace)
    dispatch = consultation.dispatch
    roster = consultation.roster
    counts = roster_counts(roster)
    deadline = consultation.deadline
    if as_json:
        click.echo(json.dumps({
            "title": consultation.title,
            "issuer": dispatch.issuer, "parent_issuer": dispatch.parent_issuer,
            "number": dispatch.number, "number_symbol": dispatch.number_symbol,
            "subject": dispatch.subject,
            "date": dispatch.date.isoformat() if dispatch.date else None,
            "deadline": deadline.isoformat() if deadline else None,
            "deadline_text": dispatch.deadline_text,
            "contact_email": dispatch.contact_email, "postal_address": dispatch.postal_address,
            "signer": [dispatch.signer_title, dispatch.signer_name],
            "groups": [{"group": g, "title": t, "kind": k, "units": n, "placeholder": p}
                       for g, t, k, n, p in counts],
            "units": int(len(roster)),
            "team": team_report(consultation),
        }, ensure_ascii=False, indent=2))
        return

    summary = dispatch.summary()
    if consultation.manifest.deadline and consultation.manifest.deadline != dispatch.deadline:
        summary["Hạn góp ý"] = (f"{deadline:%d/%m/%Y} ({deadline.isoformat()}) — theo "
                                f"consultation.toml; công văn ghi "
                                f"{dispatch.deadline:%d/%m/%Y}" if dispatch.deadline else
                                f"{deadline:%d/%m/%Y} ({deadline.isoformat()}) — theo consultation.toml"
                                + (f"; công văn ghi “{dispatch.deadline_text}”" if dispatch.deadline_text
                                   else ""))
    click.echo(f"Đợt lấy ý kiến: {consultation.title}")
    click.echo(f"Thư mục: {consultation.path}")
    click.echo("")
    width = max(len(label) for label in summary) + 1
    for label, value in summary.items():
        if label in {"Kính gửi", "Nơi nhận"}:
            continue
        click.echo(f"{label + ':':<{width}} {value}")
    click.echo("")
    click.echo(f"Kính gửi ({len(dispatch.addressees)}):")
    for addressee in dispatch.addressees:
        click.echo(f"  - {addressee}")
    click.echo("")
    click.echo(f"Danh sách đơn vị nhận công văn: {len(roster)} dòng")
    for group, title, kind, units, placeholder in counts:
        note = " (dòng đại diện, chưa có danh sách đơn vị)" if placeholder else ""
        label = f"Nhóm {group}. {title}" if group else title
        click.echo(f"  {label}: {units} đơn vị{note} "
                   f"[{UNIT_KIND_LABELS.get(kind, kind)}]")
    anomalies = roster_anomalies(dispatch, on=roster.attrs.get("reference_date"))
    warnings = anomalies[anomalies["severity"] != "info"]
    if len(warnings):
        click.echo("")
        click.echo("Lưu ý về danh sách (giữ nguyên như văn bản):")
        for message in warnings["message"]:
            click.echo(f"  - {message}")
    if dispatch.issues:
        click.echo("")
        click.echo("Ghi chú khi đọc công văn:")
        for issue in dispatch.issues:
            click.echo(f"  - {issue}")
    team = team_report(consultation)
    if team:
        click.echo("")
        if team["problems"]:
            click.echo(f"Dùng chung cho nhóm {team['group']}: CÓ VẤN ĐỀ về quyền "
                       f"({len(team['problems'])}) — sửa bằng: chgrp -R {team['group']} "
                       f"{consultation.path}; chmod -R g+rwX {consultation.path}; "
                       f"find {consultation.path} -type d -exec chmod g+s {{}} +")
            for problem in team["problems"][:20]:
                click.echo(f"  - {problem}")
        else:
            click.echo(f"Dùng chung cho nhóm {team['group']}: quyền đúng (thư mục, sổ ý kiến "
                       "và tệp WAL/SHM của SQLite đọc/ghi được cho cả nhóm).")
