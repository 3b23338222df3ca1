"""`consultkit ingest WORKSPACE --public EXPORT`: messages, re-run, errors."""

from __future__ import annotations

from click.testing import CliRunner

from consultkit.cli import main
from consultkit.workspace import new_consultation


def _export(path):
    path.write_text("# dữ liệu tổng hợp\nThời gian gửi;Đối tượng;Tỉnh/Thành phố;Họ và tên;Nội dung góp ý\n"
                    + "".join(f"0{d % 9 + 1}/08/2025 10:00;Công dân;Huế;Lê Văn Tám;"
                              f"Đề nghị sửa mục 2.2 về lưu trữ hình ảnh, gọi 0912345678.\n"
                              for d in range(40))
                    + "xx/08/2025;Công dân;Huế;;Nhất trí.\n;Công dân;Huế;;\n", encoding="utf-8")
    return path


def test_ingest_public_prints_the_counts_and_adds_nothing_the_second_time(tmp_path):
    ws = new_consultation(tmp_path / "ws")
    export = _export(tmp_path / "gop-y.csv")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(ws), "--public", str(export), "--chunk-rows", "7"])
    assert first.exit_code == 0, first.output
    assert "Số dòng đã đọc: 42" in first.output and "Góp ý đã lưu: 40" in first.output
    assert "Bị loại (kèm số dòng và lý do): 2" in first.output
    assert "1 nhóm từ hai ý kiến trở lên" in first.output
    again = runner.invoke(main, ["ingest", str(ws), "--public", str(export)])
    assert again.exit_code == 0 and "Lưu mới trong lần này: 0" in again.output
    assert "Phần đã có từ trước (bỏ qua): 6" in again.output


def test_ingest_public_errors_are_one_line_messages(tmp_path):
    ws = new_consultation(tmp_path / "ws")
    runner = CliRunner()
    missing = runner.invoke(main, ["ingest", str(ws), "--public", str(tmp_path / "khong-co.csv")])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    bad = tmp_path / "x.csv"
    bad.write_text("Ngày;Tỉnh\n01/08/2025;Huế\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(ws), "--public", str(bad)])
    assert result.exit_code == 1 and "không thấy cột nội dung góp ý" in result.output
    usage = runner.invoke(main, ["ingest", str(ws), "--cluster", "local"])
    assert usage.exit_code == 2 and "--public" in usage.output
