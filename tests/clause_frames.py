"""Small CLAUSES frames built inline for the comparison tests."""

from __future__ import annotations

from consultkit import schema


def frame(items):
    """A CLAUSES frame from ``(clause_id, parent_id, kind, number, text)`` tuples, in order."""
    rows = []
    for i, (cid, parent, kind, number, text) in enumerate(items):
        rows.append(dict(clause_id=cid, parent_id=parent, kind=kind, number=number, heading="",
                         text=text, order=i, level=cid.count("."), location=f"p{i}", cells=None))
    return schema.conform(rows, schema.CLAUSES)


OLD = [
    ("_header.1", "", "header", "", "BỘ Y TẾ"),
    ("D1", "", "article", "Điều 1", "Phạm vi điều chỉnh"),
    ("D1.k1", "D1", "clause", "1.", "Cơ sở khám bệnh phải lưu trữ hình ảnh trong một năm"),
    ("D1.k2", "D1", "clause", "2.", "Hệ thống phải hỗ trợ chuẩn DICOM và HL7 cho trao đổi dữ liệu; "
     "đồng thời phải kết nối với hệ thống trung tâm theo hướng dẫn của Bộ Y tế"),
    ("D1.k3", "D1", "clause", "3.", "Khoản này sẽ bị bãi bỏ hoàn toàn khỏi văn bản sửa đổi"),
    ("D1.k4", "D1", "clause", "4.", "Bảo đảm an toàn thông tin theo cấp độ của hệ thống"),
    ("D2", "", "article", "Điều 2", "Hiệu lực thi hành của văn bản kể từ ngày ký ban hành"),
    ("D3", "", "article", "Điều 3", "Trách nhiệm thi hành <b>& tổ chức</b> thực hiện"),
    ("D3.k1", "D3", "clause", "1.", "Cục Công nghệ thông tin hướng dẫn triển khai"),
    ("D3.k2", "D3", "clause", "2.", "Sở Y tế các tỉnh kiểm tra việc thực hiện"),
    ("D3.k3", "D3", "clause", "3.", "Giám đốc bệnh viện tổ chức thực hiện"),
]

NEW = [
    ("_header.1", "", "header", "", "BỘ Y TẾ"),
    ("D1", "", "article", "Điều 1", "Phạm vi điều chỉnh"),
    ("D1.k1", "D1", "clause", "1.", "Cơ sở khám bệnh, chữa bệnh phải lưu trữ hình ảnh trong tối đa "
     "một năm"),
    ("D1.k2", "D1", "clause", "2.", "Hệ thống phải hỗ trợ chuẩn DICOM và HL7 cho trao đổi dữ liệu."),
    ("D1.k3", "D1", "clause", "3.", "Đồng thời phải kết nối với hệ thống trung tâm theo hướng dẫn "
     "của Bộ Y tế"),
    ("D1.k4", "D1", "clause", "4.", "Khoản mới hoàn toàn về xử lý hình ảnh nâng cao"),
    ("D1.k5", "D1", "clause", "5.", "Bảo đảm an toàn thông tin theo cấp độ của hệ thống"),
    ("D3", "", "article", "Điều 3", "Trách nhiệm thi hành <b>& tổ chức</b> thực hiện"),
    ("D3.k1", "D3", "clause", "1.", "Cục Công nghệ thông tin hướng dẫn triển khai"),
    ("D3.k2", "D3", "clause", "2.", "Sở Y tế các tỉnh, thành phố kiểm tra và giám sát việc thực hiện"
     " hằng năm"),
    ("D2", "", "article", "Điều 2", "Hiệu lực thi hành của văn bản kể từ ngày ký ban hành"),
]
