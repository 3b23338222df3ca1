"""consultkit.workspace: the bundled manifest, lazy loading, new workspaces."""

from __future__ import annotations

import datetime as dt

import pytest

import consultkit
from consultkit.errors import ManifestError
from consultkit.workspace import BUNDLED, Manifest, new_consultation, open_consultation


def test_bundled_manifest(bundled):
    manifest = Manifest.read(bundled)
    assert manifest.root == bundled.resolve() and BUNDLED == bundled.resolve()
    assert manifest.title.startswith("Xin ý kiến góp ý dự thảo Thông tư")
    assert manifest.dispatch == bundled.resolve() / "dispatch" / "cong-van-xin-y-kien.txt"
    assert manifest.dispatch.is_file()
    assert manifest.deadline == dt.date(2021, 6, 18)
    assert manifest.roster_source == "dispatch"
    assert list(manifest.versions) == ["hien-hanh", "du-thao-1", "du-thao-2"]
    assert manifest.versions["du-thao-1"] == bundled.resolve() / "versions" / "du-thao-1.md"
    assert manifest.inbox == bundled.resolve() / "inbox"
    assert manifest.register == bundled.resolve() / "register.sqlite"


def test_public_api_opens_the_bundled_consultation(bundled):
    consultation = consultkit.open_consultation(bundled)
    assert "dispatch" not in consultation.__dict__            # loaded lazily
    assert consultation.deadline == dt.date(2021, 6, 18)
    assert consultation.dispatch is consultation.dispatch     # and cached
    assert consultation.dispatch.issuer == "Cục Công nghệ thông tin"
    assert len(consultation.roster) == 128
    assert consultkit.load_dispatch(consultation.manifest.dispatch) == consultation.dispatch


def test_manifest_deadline_and_dispatch_deadline_agree(bundled):
    consultation = open_consultation(bundled)
    assert consultation.manifest.deadline == consultation.dispatch.deadline


def test_roster_from_a_table_named_in_the_manifest(workspace):
    (workspace / "don-vi.csv").write_text("STT,Tên đơn vị\n1,Bệnh viện E\n", encoding="utf-8")
    manifest = workspace / "consultation.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'source = "dispatch"', 'source = "don-vi.csv"'), encoding="utf-8")
    roster = open_consultation(workspace).roster
    assert roster["unit_id"].tolist() == ["benh-vien-e"]


def test_refresh_reloads_the_dispatch(workspace):
    consultation = open_consultation(workspace)
    assert consultation.dispatch.signer_name == "Trần Quý Tường"
    path = consultation.manifest.dispatch
    path.write_text(path.read_text(encoding="utf-8").replace("Trần Quý Tường", "Nguyễn Văn An"),
                    encoding="utf-8")
    assert consultation.dispatch.signer_name == "Trần Quý Tường"
    consultation.refresh()
    assert consultation.dispatch.signer_name == "Nguyễn Văn An"


def test_new_consultation(tmp_path, bundled):
    target = new_consultation(tmp_path / "moi")
    assert (target / "consultation.toml").read_bytes() == (bundled / "consultation.toml").read_bytes()
    assert (target / "dispatch" / "cong-van-xin-y-kien.txt").read_bytes() == \
        (bundled / "dispatch" / "cong-van-xin-y-kien.txt").read_bytes()
    assert not list(target.glob("*.sqlite"))
    assert open_consultation(target).dispatch.deadline == dt.date(2021, 6, 18)
    with pytest.raises(ManifestError):
        new_consultation(target)


def test_missing_manifest_and_folder(tmp_path):
    with pytest.raises(ManifestError) as error:
        open_consultation(tmp_path)
    assert "thiếu tệp consultation.toml" in str(error.value) and "consultkit new" in str(error.value)
    with pytest.raises(ManifestError):
        open_consultation(tmp_path / "khong-co")


def test_bad_deadline_type(workspace):
    manifest = workspace / "consultation.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "deadline = 2021-06-18", 'deadline = "18/6/2021"'), encoding="utf-8")
    with pytest.raises(ManifestError) as error:
        open_consultation(workspace)
    assert "deadline" in str(error.value)


def test_reading_comments_never_creates_the_register(workspace):
    from consultkit import open_consultation

    c = open_consultation(workspace)
    assert not (workspace / "register.sqlite").exists()
    comments = c.comments
    assert len(comments) == 0 and "status" in comments.columns and "comment_id" in comments.columns
    responses = c.responses()
    assert not responses["replied"].any()
    assert not (workspace / "register.sqlite").exists()
    c.ingest()
    assert (workspace / "register.sqlite").exists() and len(c.comments) > 0
    assert list(c.comments.columns)[:len(comments.columns)] == list(comments.columns)
