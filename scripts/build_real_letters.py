"""Build tests/fixtures/letters_real/: reply letters and a comment log shaped as agencies write them.

SYNTHETIC: no unit wrote any of these; numbers, dates, signers and opinions are invented.
The shapes are not: they follow how replies to a Ministry consultation are laid out
(Nghị định 30/2020 header with the parent organ above the issuing one; "Kính gửi";
an opening that names the dispatch, sometimes agreeing in the same breath; comments as
numbered paragraphs with "Lý do:" lines, or in a comment table in one of the usual
layouts, with the quoted draft or without, with two-row headers, a row numbering the
columns, merged cells, a table cut in two with its header written again, a table
attached after the signature; a closing that sends the reply on; KT./TL./Q./TM.
signatures with "Nơi nhận"), from provincial departments (names before and after the
2025 merger), central hospitals, social security, ministries' health agencies and
bodies outside the roster.

Each letter is written one way:

* ``word``  — python-docx (what Word writes: tables with merged cells as w:vMerge / w:gridSpan);
* ``lo``    — HTML converted by LibreOffice into .docx (LibreOffice's own tables and merges);
* ``pdf``   — the python-docx letter printed to PDF by LibreOffice (a text layer, as a
  digitally signed "văn bản điện tử" has).

Beside each file, ``<name>.expected.json`` states what a drafter reads in it: the sender
(as the letterhead names it) and its roster unit ('' when the body is not on the
roster), số/ký hiệu, date, the reply's stance, and every comment — its opinion text,
the clause ids of du-thao-2 it targets, its stance, its rationale and the draft text it
quotes; and the text that is not part of any comment and must still be accounted for.
``so-theo-doi-gop-y-thuc-te.xlsx`` is a drafters' log with merged unit cells, a blank
row, a formula cell holding its cached value and abbreviated unit names, with its own
``.expected.json`` (unit of every row).

Run: ``.venv/bin/python scripts/build_real_letters.py`` (needs ``soffice`` on PATH).
``tests/test_letters_real.py`` reads them and scores the reader.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "letters_real"
NOTE = "Dữ liệu mẫu tổng hợp (không phải ý kiến thật)."
DISPATCH = "Công văn số 512/CNTT-THKCB ngày 28/5/2021 của Cục Công nghệ thông tin - Bộ Y tế"
SUBJECT = "V/v góp ý dự thảo Thông tư sửa đổi, bổ sung tiêu chí kỹ thuật RIS-PACS"
ADDRESSEE = "Kính gửi: Cục Công nghệ thông tin - Bộ Y tế."


@dataclass
class Table:
    """A table as written: rows of cell texts; ``merges`` (r1, c1, r2, c2), 0-based, inclusive;
    the merged text is in the top-left cell, the others are ''."""

    rows: list
    merges: list = field(default_factory=list)
    repeat_header: bool = False      # Word's "Repeat as header row at the top of each page"


@dataclass
class Letter:
    stem: str
    how: str
    left: list                 # letterhead lines: parent organ, issuing organ
    number: str
    place_date: str
    body: list                 # paragraphs (str) and Table
    signature: list
    expect: dict
    recipients: list = field(default_factory=lambda: ["Nơi nhận:", "- Như trên;", "- Lưu: VT, NVY."])
    annex: list = field(default_factory=list)     # after the signature
    addressee: list = field(default_factory=lambda: [ADDRESSEE])


def C(text, ids=(), stance="substantive", rationale="", quoted=""):
    """An expected comment."""
    return {"text": text, "clause_ids": list(ids), "stance": stance, "rationale": rationale,
            "quoted_text": quoted}


def E(sender, unit, number, date, stance, comments, unused=()):
    return {"sender": sender, "unit_id": unit, "number": number, "date": date, "stance": stance,
            "comments": comments, "unused": list(unused)}


def opening(who, tail="có ý kiến như sau:"):
    return f"Phúc đáp {DISPATCH} về việc góp ý dự thảo Thông tư sửa đổi tiêu chí RIS-PACS, {who} {tail}"


def closing(who):
    return f"Trên đây là ý kiến góp ý của {who}, kính gửi Cục Công nghệ thông tin tổng hợp./."


# --- comment tables in the usual layouts ----------------------------------------------------

Q22A = ("a) Lưu trữ hình ảnh của người bệnh tại cơ sở trong thời gian tối đa 12 tháng kể từ ngày "
        "thực hiện kỹ thuật")
Q23 = "Màn hình chuyên dụng có độ phân giải phù hợp với từng loại hình ảnh"
Q82 = ("Cơ sở khám bệnh, chữa bệnh tự đánh giá mức độ đáp ứng tiêu chí và báo cáo cơ quan quản lý "
       "y tế trực tiếp vào tháng 12 hằng năm")

BACH_MAI = Table([
    ["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do"],
    ["1", f"Tiểu mục 2.2, điểm a: “{Q22A}”",
     "Đề nghị sửa thành: lưu trữ tại cơ sở tối thiểu 24 tháng.",
     "Bệnh viện thường xuyên phải tra cứu hình ảnh cũ khi tái khám."],
    ["2", f"“{Q23}”", "Đề nghị quy định cụ thể độ phân giải tối thiểu: 3 MP với X-quang, 5 MP với "
     "chụp nhũ ảnh.", "Để các cơ sở có căn cứ mua sắm."],
    ["3", f"Tiểu mục 8.2: “{Q82}”", "Đề nghị sửa “tháng 12” thành “quý IV”.",
     "Phù hợp kỳ báo cáo thống kê của ngành."],
])

VU_KHTC = Table([
    ["Điều, khoản", "Nội dung góp ý", "Đề xuất sửa đổi", "Giải thích"],
    ["Tiểu mục 7.2", "Thời hạn lưu trữ tại hệ thống tập trung chưa nêu nguồn kinh phí duy trì.",
     "Bổ sung: “Kinh phí duy trì hệ thống tập trung do ngân sách nhà nước bảo đảm theo phân cấp.”",
     "Tránh phát sinh chi phí cho cơ sở khám bệnh, chữa bệnh."],
    ["Mục 3, dòng số 8", "Mẫu báo cáo thống kê chưa thống nhất với mẫu của Vụ.",
     "Sửa “theo mẫu của Bộ Y tế” thành “theo mẫu tại Thông tư số 37/2019/TT-BYT”.", ""],
])

HA_NOI = Table([
    ["TT", "Điều/khoản/điểm", "Nội dung đề nghị sửa đổi", "Lý do/Giải trình"],
    ["1", "Điểm b tiểu mục 2.2", "Đề nghị quy định tần suất sao lưu tối thiểu hằng tuần.",
     "Bảo đảm khôi phục dữ liệu khi có sự cố."],
    ["2", "", "Đề nghị bổ sung yêu cầu thiết bị sao lưu đặt ở địa điểm khác.",
     "Phòng rủi ro cháy nổ tại phòng máy chủ."],
    ["3", "Tiểu mục 5.1", "Đề nghị bổ sung chuẩn HL7 FHIR bên cạnh HL7 v2.", "Xu hướng kết nối hiện nay."],
], merges=[(1, 1, 2, 1)])   # one unit for two comments: the cell is merged down

HCM = Table([
    ["STT", "Vị trí", "Nội dung góp ý", "", "Ghi chú"],
    ["", "", "Ý kiến", "Đề xuất", ""],
    ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ["1", "Tiểu mục 4.5", "Phần mềm xem hình ảnh trên nền web chưa yêu cầu bảo mật đường truyền.",
     "Bổ sung: “sử dụng giao thức mã hóa HTTPS”.", "Sở đã áp dụng tại 12 bệnh viện."],
    ["2", "Mục 3, dòng số 10", "Chưa rõ thời điểm bắt buộc kết nối hệ thống tập trung.",
     "Bổ sung lộ trình đến năm 2025.", ""],
], merges=[(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)])

K_1 = Table([
    ["STT", "Điều khoản", "Ý kiến góp ý", "Lý do"],
    ["1", "Tiểu mục 1.3", "Đề nghị bổ sung mức “nâng cao” có lộ trình 3 năm.", "Nhiều cơ sở chưa đủ kinh phí."],
    ["2", "Điểm c tiểu mục 4.3", "Đề nghị chuyển dựng hình 3D sang mức nâng cao.", "Không phải cơ sở nào cũng có CT."],
])
K_2 = Table([
    ["STT", "Điều khoản", "Ý kiến góp ý", "Lý do"],
    ["3", "Tiểu mục 6.2", "Đề nghị quy định thời gian lưu nhật ký truy cập tối thiểu 2 năm.", ""],
    ["4", "Tiểu mục 7.3", "Đề nghị bổ sung chức năng chia sẻ hình ảnh cho người bệnh.",
     "Người bệnh cần mang kết quả khi chuyển tuyến."],
])

QLKCB = Table([
    ["STT", "Nội dung", "Ý kiến của Cục", "Lý do"],
    ["Mục 2. Yêu cầu về hạ tầng kỹ thuật", "", "", ""],
    ["1", "Tiểu mục 2.1", "Đề nghị bổ sung yêu cầu điều hòa nhiệt độ phòng máy chủ.", ""],
    ["2", "Tiểu mục 2.4", "Đề nghị quy định băng thông tối thiểu 1 Gbps.", "Bảo đảm truyền tải hình ảnh."],
    ["Mục 6. Yêu cầu về bảo đảm an toàn thông tin", "", "", ""],
    ["3", "Tiểu mục 6.3", "Đề nghị nêu rõ cấp độ an toàn tối thiểu là cấp độ 3.", ""],
], merges=[(1, 0, 1, 3), (4, 0, 4, 3)])

CAN_THO = Table([
    ["STT", "Điều, khoản", "Nội dung góp ý", "Lý do"],
    ["1", "Tiểu mục 5.2", "Đề nghị bỏ cụm từ “theo tiêu chuẩn DICOM” vì đã nêu tại tiểu mục 4.1.",
     "Tránh trùng lặp."],
    ["2", "Tiểu mục 5.3", "", ""],
    ["3", "Tiểu mục 1.2", "Đề nghị bổ sung “phần mềm quản lý kho hình ảnh” vào thành phần hệ thống.",
     ""],
], merges=[(1, 2, 2, 2), (1, 3, 2, 3)])     # one opinion for two units

NHI = Table([
    ["STT", "Điều, khoản", "Nội dung góp ý", "Mức độ ưu tiên"],
    ["1", "Tiểu mục 2.3", "Đề nghị bổ sung máy trạm chuyên dùng cho chẩn đoán hình ảnh nhi khoa.", "Cao"],
    ["2", "Tiểu mục 4.2", "Đề nghị lưu kèm thông tin cân nặng của trẻ với hình ảnh.", "Trung bình"],
])

THAI_NGUYEN_1 = Table([
    ["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do"],
    ["1", "Tiểu mục 2.4", "Đề nghị bổ sung yêu cầu mạng dự phòng.", "Bảo đảm liên tục."],
])
THAI_NGUYEN_2 = Table([
    ["2", "Mục 3, dòng số 3", "Đề nghị bỏ yêu cầu thông báo lịch hẹn ở mức cơ bản.", "Chưa cần thiết."],
])

CHO_RAY = Table([
    ["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Lý do"],
    ["1", "Tiểu mục 4.1: “Thu nhận hình ảnh từ thiết bị chẩn đoán hình ảnh theo tiêu chuẩn DICOM.”",
     "Đề nghị bổ sung việc thu nhận hình ảnh từ thiết bị chưa hỗ trợ DICOM qua bộ chuyển đổi.",
     "Nhiều thiết bị cũ tại bệnh viện chưa hỗ trợ DICOM."],
    ["2", "“Ký số kết quả chẩn đoán hình ảnh theo quy định về chữ ký số”",
     "Đề nghị cho phép bác sĩ ký số nhiều kết quả cùng lúc.", ""],
])

CAN_THO_SYT = Table([
    ["TT", "Điều/khoản/điểm", "Nội dung đề nghị sửa đổi", "Lý do/Giải trình"],
    ["1", "Tiểu mục 6.2", "Đề nghị quy định rõ thời gian lưu nhật ký truy cập.", "Phục vụ thanh tra, kiểm tra."],
    ["2", "", "Đề nghị bổ sung yêu cầu thử khôi phục dữ liệu định kỳ 6 tháng một lần.", ""],
    ["3", "Mục 3, dòng số 9", "Đề nghị bổ sung phân quyền theo khoa, phòng.", "Phù hợp tổ chức bệnh viện."],
], merges=[(1, 1, 2, 1)])

PHOI = Table([
    ["STT", "Điều, khoản", "Nội dung góp ý", "", "Giải thích"],
    ["", "", "Ý kiến", "Đề xuất sửa đổi", ""],
    ["1", "Tiểu mục 2.1", "Chưa nêu yêu cầu phòng máy chủ chống cháy.", "Bổ sung: “có hệ thống báo cháy”.",
     "Bảo đảm an toàn thiết bị."],
    ["2", "Tiểu mục 5.3", "Chưa nêu chuẩn kết nối với hệ thống tập trung.", "Bổ sung: “theo chuẩn DICOM và HL7”.",
     ""],
], merges=[(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)])

DAN_SO = Table([
    ["Mục", "Nội dung góp ý", "Lý do"],
    ["2.2", "Đề nghị bổ sung yêu cầu lưu trữ dự phòng ngoài cơ sở.", "Phòng mất dữ liệu."],
    ["8.2", "Đề nghị sửa thời điểm báo cáo thành tháng 11 hằng năm.", "Kịp tổng hợp báo cáo năm."],
])

QUANG_NINH = ("Sở Y tế tỉnh Quảng Ninh nhận được " + DISPATCH + " về việc xin ý kiến góp ý dự thảo "
              "Thông tư sửa đổi mục IV Phụ lục 1 Thông tư số 54/2017/TT-BYT. Sở Y tế tỉnh Quảng Ninh "
              "thống nhất với nội dung dự thảo.")

_E_UNITS = [("Tiểu mục 1.1", "IV.1.1"), ("Tiểu mục 1.2", "IV.1.2"), ("Tiểu mục 2.1", "IV.2.1"),
            ("Điểm c tiểu mục 2.2", "IV.2.2.c"), ("Tiểu mục 2.4", "IV.2.4"), ("Mục 3, dòng số 1", "IV.3.r1"),
            ("Mục 3, dòng số 4", "IV.3.r4"), ("Tiểu mục 4.4", "IV.4.4"), ("Tiểu mục 5.2", "IV.5.2"),
            ("Tiểu mục 6.1", "IV.6.1"), ("Điểm a tiểu mục 7.3", "IV.7.3.a"), ("Tiểu mục 8.1", "IV.8.1")]
BENH_VIEN_E = Table(
    [["STT", "Điều, khoản", "Ý kiến góp ý", "Lý do"]]
    + [[str(k), unit, f"Đề nghị làm rõ yêu cầu tại {unit.lower()} đối với bệnh viện hạng đặc biệt, "
        "nêu cụ thể tiêu chuẩn kỹ thuật, lộ trình áp dụng và trách nhiệm của từng khoa, phòng liên quan "
        f"trong việc triển khai, vận hành và bảo trì (ý kiến số {k}).",
        "Bệnh viện đã triển khai thí điểm từ năm 2019 và gặp nhiều vướng mắc khi chưa có hướng dẫn cụ thể "
        "về nội dung này; việc làm rõ giúp các đơn vị chủ động lập kế hoạch đầu tư, đào tạo nhân lực và "
        "bố trí kinh phí hằng năm."]
       for k, (unit, _) in enumerate(_E_UNITS, start=1)],
    repeat_header=True)

VIET_DUC_BODY = [
    "Phúc đáp " + DISPATCH + ", Bệnh viện Hữu nghị Việt Đức có ý kiến như sau:",
    ("List Number", "Tiểu mục 2.3: đề nghị yêu cầu màn hình chẩn đoán có độ phân giải tối thiểu 3 MP."),
    "Lý do: bảo đảm chất lượng đọc phim X-quang.",
    ("List Number", "Điểm b tiểu mục 4.3: đề nghị bổ sung công cụ đo thể tích."),
    ("List Bullet", "Phục vụ phẫu thuật thần kinh;"),
    ("List Bullet", "Phục vụ phẫu thuật chấn thương."),
    "Trân trọng./.",
]

LETTERS = [
    Letter("so-y-te-lao-cai", "word", ["UBND TỈNH LÀO CAI", "SỞ Y TẾ"], "Số: 1520/SYT-NVY",
           "Lào Cai, ngày 09 tháng 6 năm 2021",
           ["Sở Y tế tỉnh Lào Cai nhận được " + DISPATCH + " về việc xin ý kiến góp ý dự thảo Thông tư. "
            "Sau khi nghiên cứu, Sở Y tế thống nhất với nội dung dự thảo.",
            "Sở Y tế tỉnh Lào Cai trân trọng gửi Cục Công nghệ thông tin tổng hợp./."],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Văn Bình"],
           E("SỞ Y TẾ TỈNH LÀO CAI", "so-y-te-lao-cai", "1520/SYT-NVY", "2021-06-09", "agree",
             [C("Sở Y tế tỉnh Lào Cai nhận được " + DISPATCH + " về việc xin ý kiến góp ý dự thảo Thông tư. "
                "Sau khi nghiên cứu, Sở Y tế thống nhất với nội dung dự thảo.", stance="agree")])),
    Letter("benh-vien-bach-mai", "lo", ["BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"], "Số: 733/BVBM-CNTT",
           "Hà Nội, ngày 11 tháng 6 năm 2021",
           [opening("Bệnh viện Bạch Mai"), BACH_MAI, closing("Bệnh viện Bạch Mai")],
           ["GIÁM ĐỐC", "Đào Xuân Cơ"],
           E("BỆNH VIỆN BẠCH MAI", "benh-vien-bach-mai", "733/BVBM-CNTT", "2021-06-11", "substantive",
             [C(BACH_MAI.rows[1][2], ["IV.2.2.a"], rationale=BACH_MAI.rows[1][3], quoted=BACH_MAI.rows[1][1]),
              C(BACH_MAI.rows[2][2], ["IV.2.3"], rationale=BACH_MAI.rows[2][3], quoted=BACH_MAI.rows[2][1]),
              C(BACH_MAI.rows[3][2], ["IV.8.2"], rationale=BACH_MAI.rows[3][3], quoted=BACH_MAI.rows[3][1])])),
    Letter("vu-ke-hoach-tai-chinh", "word", ["BỘ Y TẾ", "VỤ KẾ HOẠCH - TÀI CHÍNH"], "Số: 388/KH-TC",
           "Hà Nội, ngày 15 tháng 6 năm 2021",
           ["Phúc đáp " + DISPATCH + ", Vụ Kế hoạch - Tài chính có ý kiến như sau:", VU_KHTC,
            "Đề nghị Cục Công nghệ thông tin nghiên cứu, tổng hợp./."],
           ["TL. BỘ TRƯỞNG", "KT. VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH", "PHÓ VỤ TRƯỞNG", "Nguyễn Thị Hà"],
           E("VỤ KẾ HOẠCH - TÀI CHÍNH", "vu-ke-hoach-tai-chinh", "388/KH-TC", "2021-06-15", "substantive",
             [C(VU_KHTC.rows[1][1] + "\n" + VU_KHTC.rows[1][2], ["IV.7.2"], rationale=VU_KHTC.rows[1][3]),
              C(VU_KHTC.rows[2][1] + "\n" + VU_KHTC.rows[2][2], ["IV.3.r8"])])),
    Letter("so-y-te-ha-noi", "lo", ["UBND THÀNH PHỐ HÀ NỘI", "SỞ Y TẾ"], "Số: 4105/SYT-KHTC",
           "Hà Nội, ngày 16 tháng 6 năm 2021",
           [opening("Sở Y tế Hà Nội"), HA_NOI, closing("Sở Y tế Hà Nội")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Đình Hưng"],
           E("SỞ Y TẾ THÀNH PHỐ HÀ NỘI", "so-y-te-ha-noi", "4105/SYT-KHTC", "2021-06-16", "substantive",
             [C(HA_NOI.rows[1][2], ["IV.2.2.b"], rationale=HA_NOI.rows[1][3]),
              C(HA_NOI.rows[2][2], ["IV.2.2.b"], rationale=HA_NOI.rows[2][3]),
              C(HA_NOI.rows[3][2], ["IV.5.1"], rationale=HA_NOI.rows[3][3])])),
    Letter("bao-hiem-xa-hoi-viet-nam", "word", ["BẢO HIỂM XÃ HỘI", "VIỆT NAM"], "Số: 2011/BHXH-CNTT",
           "Hà Nội, ngày 14 tháng 6 năm 2021",
           [opening("Bảo hiểm xã hội Việt Nam"),
            "1. Cơ bản nhất trí với nội dung dự thảo Thông tư.",
            "2. Đề nghị bổ sung vào tiểu mục 5.3 yêu cầu kết nối với Hệ thống thông tin giám định "
            "bảo hiểm y tế.",
            "Lý do: phục vụ thanh toán chi phí chẩn đoán hình ảnh theo chế độ bảo hiểm y tế.",
            closing("Bảo hiểm xã hội Việt Nam")],
           ["TL. TỔNG GIÁM ĐỐC", "GIÁM ĐỐC TRUNG TÂM CÔNG NGHỆ THÔNG TIN", "Lê Văn Phúc"],
           E("BẢO HIỂM XÃ HỘI VIỆT NAM", "bao-hiem-xa-hoi-viet-nam", "2011/BHXH-CNTT", "2021-06-14",
             "substantive",
             [C("1. Cơ bản nhất trí với nội dung dự thảo Thông tư.", stance="agree"),
              C("2. Đề nghị bổ sung vào tiểu mục 5.3 yêu cầu kết nối với Hệ thống thông tin giám định "
                "bảo hiểm y tế.", ["IV.5.3"],
                rationale="Lý do: phục vụ thanh toán chi phí chẩn đoán hình ảnh theo chế độ bảo hiểm y tế.")])),
    Letter("cuc-y-te-bo-cong-an", "lo", ["BỘ CÔNG AN", "CỤC Y TẾ"], "Số: 1187/C07-P3",
           "Hà Nội, ngày 17 tháng 6 năm 2021",
           [opening("Cục Y tế - Bộ Công an"),
            "1. Tại điểm a tiểu mục 2.2: đề nghị cho phép cơ sở y tế trong lực lượng vũ trang lưu trữ "
            "hình ảnh tại chỗ không giới hạn thời gian.",
            "2. Mục 3, dòng số 6: đề nghị cho phép dùng chữ ký số chuyên dùng của Ban Cơ yếu Chính phủ.",
            closing("Cục Y tế - Bộ Công an")],
           ["TL. BỘ TRƯỞNG", "CỤC TRƯỞNG CỤC Y TẾ", "Đại tá Trần Văn Sơn"],
           E("CỤC Y TẾ", "", "1187/C07-P3", "2021-06-17", "substantive",
             [C("1. Tại điểm a tiểu mục 2.2: đề nghị cho phép cơ sở y tế trong lực lượng vũ trang lưu trữ "
                "hình ảnh tại chỗ không giới hạn thời gian.", ["IV.2.2.a"]),
              C("2. Mục 3, dòng số 6: đề nghị cho phép dùng chữ ký số chuyên dùng của Ban Cơ yếu Chính phủ.",
                ["IV.3.r6"])])),
    Letter("cuc-quan-y", "word", ["BỘ QUỐC PHÒNG", "CỤC QUÂN Y"], "Số: 905/QY-KHTC",
           "Hà Nội, ngày 12 tháng 6 năm 2021",
           [opening("Cục Quân y", "nhất trí với nội dung dự thảo và không có ý kiến khác."),
            "Trân trọng./."],
           ["Q. CỤC TRƯỞNG", "Thiếu tướng Nguyễn Văn Thành"],
           E("CỤC QUÂN Y", "", "905/QY-KHTC", "2021-06-12", "agree",
             [C(opening("Cục Quân y", "nhất trí với nội dung dự thảo và không có ý kiến khác."),
                stance="agree")])),
    Letter("hoi-dien-quang", "word", ["HỘI ĐIỆN QUANG VÀ Y HỌC HẠT NHÂN VIỆT NAM"], "Số: 46/HĐQ",
           "Hà Nội, ngày 30 tháng 6 năm 2021",
           ["Hội Điện quang và Y học hạt nhân Việt Nam nhận được văn bản xin ý kiến của Cục Công nghệ "
            "thông tin, xin gửi ý kiến như sau:",
            "- Dòng 10 bảng chức năng: đề nghị chuyển tiêu chí kết nối hệ thống tập trung thành mức cơ "
            "bản từ năm 2023.",
            "- Tiểu mục 4.3: đề nghị bổ sung công cụ so sánh hình ảnh giữa các lần chụp.",
            "Trân trọng cảm ơn./."],
           ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "GS.TS. Phạm Minh Thông"],
           E("HỘI ĐIỆN QUANG VÀ Y HỌC HẠT NHÂN VIỆT NAM", "", "46/HĐQ", "2021-06-30", "substantive",
             [C("- Dòng 10 bảng chức năng: đề nghị chuyển tiêu chí kết nối hệ thống tập trung thành mức cơ "
                "bản từ năm 2023.", ["IV.3.r10"]),
              C("- Tiểu mục 4.3: đề nghị bổ sung công cụ so sánh hình ảnh giữa các lần chụp.", ["IV.4.3"])])),
    Letter("so-y-te-ho-chi-minh", "word", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ Y TẾ"],
           "Số: 5012/SYT-CNTT", "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2021",
           [opening("Sở Y tế Thành phố Hồ Chí Minh", "góp ý như sau (gửi chậm do triển khai công tác "
                    "phòng, chống dịch):"), HCM, closing("Sở Y tế Thành phố Hồ Chí Minh")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Hoài Nam"],
           E("SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH", "so-y-te-ho-chi-minh", "5012/SYT-CNTT", "2021-06-29",
             "substantive",
             [C(HCM.rows[3][2] + "\n" + HCM.rows[3][3], ["IV.4.5"], rationale=HCM.rows[3][4]),
              C(HCM.rows[4][2] + "\n" + HCM.rows[4][3], ["IV.3.r10"])])),
    Letter("benh-vien-k", "lo", ["BỘ Y TẾ", "BỆNH VIỆN K"], "Số: 1340/BVK-CNTT",
           "Hà Nội, ngày 10 tháng 6 năm 2021",
           [opening("Bệnh viện K"), K_1, K_2, closing("Bệnh viện K")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Quảng"],
           E("BỆNH VIỆN K", "benh-vien-k", "1340/BVK-CNTT", "2021-06-10", "substantive",
             [C(K_1.rows[1][2], ["IV.1.3"], rationale=K_1.rows[1][3]),
              C(K_1.rows[2][2], ["IV.4.3.c"], rationale=K_1.rows[2][3]),
              C(K_2.rows[1][2], ["IV.6.2"]),
              C(K_2.rows[2][2], ["IV.7.3"], rationale=K_2.rows[2][3])])),
    Letter("vien-chien-luoc-va-chinh-sach-y-te", "word", ["BỘ Y TẾ", "VIỆN CHIẾN LƯỢC VÀ CHÍNH SÁCH Y TẾ"],
           "Số: 221/VCL-KH", "Hà Nội, ngày 18 tháng 6 năm 2021",
           [opening("Viện Chiến lược và Chính sách y tế"),
            "I. Ý kiến chung",
            "Viện nhất trí với sự cần thiết sửa đổi tiêu chí RIS-PACS.",
            "II. Ý kiến cụ thể",
            "1. Tiểu mục 1.3: đề nghị nêu rõ cơ quan công nhận mức nâng cao.",
            "Lý do: dự thảo chưa quy định thẩm quyền công nhận.",
            "2. Tiểu mục 8.1: đề nghị bổ sung trách nhiệm của Sở Y tế trong kiểm tra việc triển khai.",
            closing("Viện Chiến lược và Chính sách y tế")],
           ["VIỆN TRƯỞNG", "Phan Lê Thu Hằng"],
           E("VIỆN CHIẾN LƯỢC VÀ CHÍNH SÁCH Y TẾ", "vien-chien-luoc-va-chinh-sach-y-te", "221/VCL-KH",
             "2021-06-18", "substantive",
             [C("Viện nhất trí với sự cần thiết sửa đổi tiêu chí RIS-PACS.", stance="agree"),
              C("1. Tiểu mục 1.3: đề nghị nêu rõ cơ quan công nhận mức nâng cao.", ["IV.1.3"],
                rationale="Lý do: dự thảo chưa quy định thẩm quyền công nhận."),
              C("2. Tiểu mục 8.1: đề nghị bổ sung trách nhiệm của Sở Y tế trong kiểm tra việc triển khai.",
                ["IV.8.1"])])),
    Letter("so-y-te-nghe-an", "pdf", ["UBND TỈNH NGHỆ AN", "SỞ Y TẾ"], "Số: 2290/SYT-NVY",
           "Nghệ An, ngày 14 tháng 6 năm 2021",
           [opening("Sở Y tế Nghệ An"),
            "1. Điểm c tiểu mục 4.3: đề nghị chuyển dựng hình ba chiều sang mức nâng cao.",
            "2. Tiểu mục 6.1: đề nghị hướng dẫn cách xác định cấp độ an toàn cho hệ thống RIS-PACS.",
            closing("Sở Y tế Nghệ An")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Hiền"],
           E("SỞ Y TẾ TỈNH NGHỆ AN", "so-y-te-nghe-an", "2290/SYT-NVY", "2021-06-14", "substantive",
             [C("1. Điểm c tiểu mục 4.3: đề nghị chuyển dựng hình ba chiều sang mức nâng cao.", ["IV.4.3.c"]),
              C("2. Tiểu mục 6.1: đề nghị hướng dẫn cách xác định cấp độ an toàn cho hệ thống RIS-PACS.",
                ["IV.6.1"])])),
    Letter("cuc-quan-ly-kham-chua-benh", "word", ["BỘ Y TẾ", "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH"],
           "Số: 802/KCB-PHCN&GĐ", "Hà Nội, ngày 15 tháng 6 năm 2021",
           [opening("Cục Quản lý Khám, chữa bệnh"), QLKCB, closing("Cục Quản lý Khám, chữa bệnh")],
           ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Nguyễn Trọng Khoa"],
           E("CỤC QUẢN LÝ KHÁM, CHỮA BỆNH", "cuc-quan-ly-kham-chua-benh", "802/KCB-PHCN&GĐ", "2021-06-15",
             "substantive",
             [C(QLKCB.rows[2][2], ["IV.2.1"]), C(QLKCB.rows[3][2], ["IV.2.4"], rationale=QLKCB.rows[3][3]),
              C(QLKCB.rows[5][2], ["IV.6.3"])])),
    Letter("benh-vien-da-khoa-trung-uong-can-tho", "lo", ["BỘ Y TẾ", "BỆNH VIỆN ĐA KHOA TRUNG ƯƠNG CẦN THƠ"],
           "Số: 615/BVĐKTƯCT-CNTT", "Cần Thơ, ngày 13 tháng 6 năm 2021",
           [opening("Bệnh viện Đa khoa Trung ương Cần Thơ"), CAN_THO, "Trân trọng./."],
           ["GIÁM ĐỐC", "Phạm Văn Lình"],
           E("BỆNH VIỆN ĐA KHOA TRUNG ƯƠNG CẦN THƠ", "benh-vien-da-khoa-trung-uong-can-tho",
             "615/BVĐKTƯCT-CNTT", "2021-06-13", "substantive",
             [C(CAN_THO.rows[1][2], ["IV.5.2", "IV.5.3"], rationale=CAN_THO.rows[1][3]),
              C(CAN_THO.rows[3][2], ["IV.1.2"])])),
    Letter("so-y-te-dak-lak", "pdf", ["UBND TỈNH ĐẮK LẮK", "SỞ Y TẾ"], "Số: 1873/SYT-NVY",
           "Đắk Lắk, ngày 15 tháng 6 năm 2021",
           ["Thực hiện " + DISPATCH + ", Sở Y tế tỉnh Đắk Lắk cơ bản thống nhất với dự thảo, đồng thời "
            "có một số ý kiến như sau:",
            "1. Tiểu mục 2.3: đề nghị bổ sung bộ lưu điện cho máy chủ, không chỉ máy trạm.",
            "2. Tiểu mục 7.1: đề nghị làm rõ đơn vị vận hành hệ thống tập trung.",
            "Sở Y tế tỉnh Đắk Lắk trân trọng gửi Cục Công nghệ thông tin tổng hợp./."],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Hoa"],
           E("SỞ Y TẾ TỈNH ĐẮK LẮK", "so-y-te-dak-lak", "1873/SYT-NVY", "2021-06-15", "substantive",
             [C("1. Tiểu mục 2.3: đề nghị bổ sung bộ lưu điện cho máy chủ, không chỉ máy trạm.", ["IV.2.3"]),
              C("2. Tiểu mục 7.1: đề nghị làm rõ đơn vị vận hành hệ thống tập trung.", ["IV.7.1"])])),
    Letter("benh-vien-nhi-trung-uong", "word", ["BỘ Y TẾ", "BỆNH VIỆN NHI TRUNG ƯƠNG"], "Số: 977/BVNTƯ-CNTT",
           "Hà Nội, ngày 16 tháng 6 năm 2021",
           [opening("Bệnh viện Nhi Trung ương"), NHI, closing("Bệnh viện Nhi Trung ương")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Cao Việt Tùng"],
           E("BỆNH VIỆN NHI TRUNG ƯƠNG", "benh-vien-nhi-trung-uong", "977/BVNTƯ-CNTT", "2021-06-16",
             "substantive",
             [C(NHI.rows[1][2], ["IV.2.3"]), C(NHI.rows[2][2], ["IV.4.2"])],
             unused=["Mức độ ưu tiên", "Cao", "Trung bình"])),
    Letter("benh-vien-trung-uong-thai-nguyen", "word", ["BỘ Y TẾ", "BỆNH VIỆN TRUNG ƯƠNG THÁI NGUYÊN"],
           "Số: 1102/BVTWTN-CNTT", "Thái Nguyên, ngày 17 tháng 6 năm 2021",
           [opening("Bệnh viện Trung ương Thái Nguyên"), THAI_NGUYEN_1, THAI_NGUYEN_2,
            closing("Bệnh viện Trung ương Thái Nguyên")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Công Hoàng"],
           E("BỆNH VIỆN TRUNG ƯƠNG THÁI NGUYÊN", "benh-vien-trung-uong-thai-nguyen", "1102/BVTWTN-CNTT",
             "2021-06-17", "substantive",
             [C(THAI_NGUYEN_1.rows[1][2], ["IV.2.4"], rationale=THAI_NGUYEN_1.rows[1][3]),
              C(THAI_NGUYEN_2.rows[0][2], ["IV.3.r3"], rationale=THAI_NGUYEN_2.rows[0][3])])),
    Letter("so-y-te-tuyen-quang", "word", ["UBND TỈNH TUYÊN QUANG", "SỞ Y TẾ"], "Số: 95/SYT-NVY",
           "Tuyên Quang, ngày 15 tháng 7 năm 2025",
           [opening("Sở Y tế tỉnh Tuyên Quang"),
            "Tiểu mục 7.2: đề nghị cập nhật căn cứ theo Luật Khám bệnh, chữa bệnh năm 2023.",
            closing("Sở Y tế tỉnh Tuyên Quang")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đặng Văn Thịnh"],
           # after the 2025 merger the new Tuyên Quang also covers the old Hà Giang: two roster rows,
           # so the unit waits for a person's decision ('' here), it is never guessed
           E("SỞ Y TẾ TỈNH TUYÊN QUANG", "", "95/SYT-NVY", "2025-07-15", "substantive",
             [C("Tiểu mục 7.2: đề nghị cập nhật căn cứ theo Luật Khám bệnh, chữa bệnh năm 2023.",
                ["IV.7.2"])])),
    Letter("so-y-te-ha-giang", "pdf", ["UBND TỈNH HÀ GIANG", "SỞ Y TẾ"], "Số: 1011/SYT-NVY",
           "Hà Giang, ngày 21 tháng 6 năm 2021",
           ["Sở Y tế tỉnh Hà Giang không có ý kiến khác đối với dự thảo Thông tư./."],
           ["GIÁM ĐỐC", "Lò Văn Sinh"],
           E("SỞ Y TẾ TỈNH HÀ GIANG", "so-y-te-ha-giang", "1011/SYT-NVY", "2021-06-21", "agree",
             [C("Sở Y tế tỉnh Hà Giang không có ý kiến khác đối với dự thảo Thông tư./.", stance="agree")])),
    Letter("vu-to-chuc-can-bo", "word", ["BỘ Y TẾ", "VỤ TỔ CHỨC CÁN BỘ"], "Số: 512/TCCB",
           "Hà Nội, ngày 11 tháng 6 năm 2021",
           [opening("Vụ Tổ chức cán bộ"),
            "Đề nghị bổ sung yêu cầu về nhân lực công nghệ thông tin vận hành hệ thống RIS-PACS tại "
            "tiểu mục 8.1.",
            "Lý do: nhiều cơ sở chưa có cán bộ chuyên trách.",
            closing("Vụ Tổ chức cán bộ")],
           ["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ TỔ CHỨC CÁN BỘ", "Phạm Văn Tác"],
           E("VỤ TỔ CHỨC CÁN BỘ", "vu-to-chuc-can-bo", "512/TCCB", "2021-06-11", "substantive",
             [C("Đề nghị bổ sung yêu cầu về nhân lực công nghệ thông tin vận hành hệ thống RIS-PACS tại "
                "tiểu mục 8.1.", ["IV.8.1"], rationale="Lý do: nhiều cơ sở chưa có cán bộ chuyên trách.")])),
    Letter("so-y-te-thua-thien-hue", "lo", ["UBND TỈNH THỪA THIÊN HUẾ", "SỞ Y TẾ"], "Số: 2468/SYT-NVY",
           "Thừa Thiên Huế, ngày 17 tháng 6 năm 2021",
           [opening("Sở Y tế tỉnh Thừa Thiên Huế", "có ý kiến tại Phụ lục kèm theo."),
            closing("Sở Y tế tỉnh Thừa Thiên Huế")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Đình Tuấn"],
           E("SỞ Y TẾ TỈNH THỪA THIÊN HUẾ", "so-y-te-thua-thien-hue", "2468/SYT-NVY", "2021-06-17",
             "substantive",
             [C("Đề nghị bổ sung yêu cầu xem hình ảnh trên thiết bị di động.", ["IV.4.5"],
                rationale="Bác sĩ cần hội chẩn ngoài giờ."),
              C("Đề nghị quy định thời gian phản hồi của hệ thống tập trung.", ["IV.7.3"])]),
           annex=["PHỤ LỤC", "Ý kiến góp ý của Sở Y tế tỉnh Thừa Thiên Huế",
                  Table([["STT", "Điều, khoản", "Ý kiến góp ý", "Lý do"],
                         ["1", "Tiểu mục 4.5", "Đề nghị bổ sung yêu cầu xem hình ảnh trên thiết bị di động.",
                          "Bác sĩ cần hội chẩn ngoài giờ."],
                         ["2", "Tiểu mục 7.3", "Đề nghị quy định thời gian phản hồi của hệ thống tập trung.",
                          ""]])]),
    Letter("benh-vien-cho-ray", "pdf", ["BỘ Y TẾ", "BỆNH VIỆN CHỢ RẪY"], "Số: 2214/BVCR-CNTT",
           "Thành phố Hồ Chí Minh, ngày 16 tháng 6 năm 2021",
           [opening("Bệnh viện Chợ Rẫy"), CHO_RAY, closing("Bệnh viện Chợ Rẫy")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Thanh Việt"],
           E("BỆNH VIỆN CHỢ RẪY", "benh-vien-cho-ray", "2214/BVCR-CNTT", "2021-06-16", "substantive",
             [C(CHO_RAY.rows[1][2], ["IV.4.1"], rationale=CHO_RAY.rows[1][3], quoted=CHO_RAY.rows[1][1]),
              C(CHO_RAY.rows[2][2], ["IV.3.r6"], quoted=CHO_RAY.rows[2][1])])),
    Letter("so-y-te-can-tho", "pdf", ["UBND THÀNH PHỐ CẦN THƠ", "SỞ Y TẾ"], "Số: 1766/SYT-NVY",
           "Cần Thơ, ngày 18 tháng 6 năm 2021",
           [opening("Sở Y tế thành phố Cần Thơ"), CAN_THO_SYT, closing("Sở Y tế thành phố Cần Thơ")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Hai"],
           E("SỞ Y TẾ THÀNH PHỐ CẦN THƠ", "so-y-te-can-tho", "1766/SYT-NVY", "2021-06-18", "substantive",
             [C(CAN_THO_SYT.rows[1][2], ["IV.6.2"], rationale=CAN_THO_SYT.rows[1][3]),
              C(CAN_THO_SYT.rows[2][2], ["IV.6.2"]),
              C(CAN_THO_SYT.rows[3][2], ["IV.3.r9"], rationale=CAN_THO_SYT.rows[3][3])])),
    Letter("benh-vien-phoi-trung-uong", "pdf", ["BỘ Y TẾ", "BỆNH VIỆN PHỔI TRUNG ƯƠNG"], "Số: 845/BVPTƯ-CNTT",
           "Hà Nội, ngày 15 tháng 6 năm 2021",
           [opening("Bệnh viện Phổi Trung ương"), PHOI, closing("Bệnh viện Phổi Trung ương")],
           ["GIÁM ĐỐC", "Đinh Văn Lượng"],
           E("BỆNH VIỆN PHỔI TRUNG ƯƠNG", "benh-vien-phoi-trung-uong", "845/BVPTƯ-CNTT", "2021-06-15",
             "substantive",
             [C(PHOI.rows[2][2] + "\n" + PHOI.rows[2][3], ["IV.2.1"], rationale=PHOI.rows[2][4]),
              C(PHOI.rows[3][2] + "\n" + PHOI.rows[3][3], ["IV.5.3"])])),
    Letter("tong-cuc-dan-so", "word", ["BỘ Y TẾ", "TỔNG CỤC DÂN SỐ"], "Số: 377/TCDS-VP",
           "Hà Nội, ngày 12 tháng 6 năm 2021",
           [opening("Tổng cục Dân số"), DAN_SO, closing("Tổng cục Dân số")],
           ["KT. TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "Nguyễn Doãn Tú"],
           E("TỔNG CỤC DÂN SỐ", "tong-cuc-dan-so", "377/TCDS-VP", "2021-06-12", "substantive",
             [C(DAN_SO.rows[1][1], ["IV.2.2"], rationale=DAN_SO.rows[1][2]),
              C(DAN_SO.rows[2][1], ["IV.8.2"], rationale=DAN_SO.rows[2][2])])),
    Letter("benh-vien-huu-nghi-viet-duc", "word", ["BỘ Y TẾ", "BỆNH VIỆN HỮU NGHỊ VIỆT ĐỨC"],
           "Số: 1290/VĐ-CNTT", "Hà Nội, ngày 19 tháng 6 năm 2021", VIET_DUC_BODY,
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Dương Đức Hùng"],
           E("BỆNH VIỆN HỮU NGHỊ VIỆT ĐỨC", "benh-vien-huu-nghi-viet-duc", "1290/VĐ-CNTT", "2021-06-19",
             "substantive",
             # the numbers and bullets Word displays are part of what the drafter reads
             [C("1. " + VIET_DUC_BODY[1][1], ["IV.2.3"], rationale=VIET_DUC_BODY[2]),
              C("2. " + VIET_DUC_BODY[3][1] + "\n• " + VIET_DUC_BODY[4][1] + "\n• " + VIET_DUC_BODY[5][1],
                ["IV.4.3.b"])])),
    Letter("so-y-te-quang-ninh", "lo", ["UBND TỈNH QUẢNG NINH", "SỞ Y TẾ"], "Số: 2733/SYT-NVY",
           "Quảng Ninh, ngày 24 tháng 6 năm 2021",
           [QUANG_NINH, "Sở Y tế tỉnh Quảng Ninh kính chuyển Cục Công nghệ thông tin tổng hợp./."],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Vũ Hồng Sơn"],
           E("SỞ Y TẾ TỈNH QUẢNG NINH", "so-y-te-quang-ninh", "2733/SYT-NVY", "2021-06-24", "agree",
             [C(QUANG_NINH, stance="agree")])),
    Letter("so-y-te-thanh-pho-hue", "word", ["UBND THÀNH PHỐ HUẾ", "SỞ Y TẾ"], "Số: 318/SYT-NVY",
           "Huế, ngày 03 tháng 3 năm 2025",
           [opening("Sở Y tế thành phố Huế"),
            "1. Tiểu mục 7.2: đề nghị dẫn chiếu Luật Khám bệnh, chữa bệnh số 15/2023/QH15.",
            "2. Tiểu mục 6.3: đề nghị bổ sung yêu cầu giám sát an toàn thông tin 24/7.",
            closing("Sở Y tế thành phố Huế")],
           ["GIÁM ĐỐC", "Nguyễn Đình Tuấn"],
           # Thừa Thiên Huế became the city of Huế on 1/1/2025: the same roster row
           E("SỞ Y TẾ THÀNH PHỐ HUẾ", "so-y-te-thua-thien-hue", "318/SYT-NVY", "2025-03-03", "substantive",
             [C("1. Tiểu mục 7.2: đề nghị dẫn chiếu Luật Khám bệnh, chữa bệnh số 15/2023/QH15.", ["IV.7.2"]),
              C("2. Tiểu mục 6.3: đề nghị bổ sung yêu cầu giám sát an toàn thông tin 24/7.", ["IV.6.3"])])),
    Letter("benh-vien-da-khoa-tinh-phu-tho", "pdf", ["SỞ Y TẾ PHÚ THỌ", "BỆNH VIỆN ĐA KHOA TỈNH PHÚ THỌ"],
           "Số: 1456/BVĐKT-CNTT", "Phú Thọ, ngày 22 tháng 6 năm 2021",
           [opening("Bệnh viện Đa khoa tỉnh Phú Thọ"),
            "- Điểm d tiểu mục 2.2: đề nghị quy định dung lượng lưu trữ dự phòng tối thiểu 20%.",
            "- Mục 3, dòng số 2: đề nghị bổ sung danh sách chờ cho thiết bị siêu âm.",
            "Trân trọng./."],
           ["GIÁM ĐỐC", "Nguyễn Huy Ngọc"],
           E("BỆNH VIỆN ĐA KHOA TỈNH PHÚ THỌ", "", "1456/BVĐKT-CNTT", "2021-06-22", "substantive",
             [C("- Điểm d tiểu mục 2.2: đề nghị quy định dung lượng lưu trữ dự phòng tối thiểu 20%.",
                ["IV.2.2.d"]),
              C("- Mục 3, dòng số 2: đề nghị bổ sung danh sách chờ cho thiết bị siêu âm.", ["IV.3.r2"])])),
    # a long table going over two pages, its header repeated on each (Word's header row)
    Letter("benh-vien-e", "pdf", ["BỘ Y TẾ", "BỆNH VIỆN E"], "Số: 1675/BVE-CNTT",
           "Hà Nội, ngày 17 tháng 6 năm 2021",
           [opening("Bệnh viện E"), BENH_VIEN_E, closing("Bệnh viện E")],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Công Hựu"],
           E("BỆNH VIỆN E", "benh-vien-e", "1675/BVE-CNTT", "2021-06-17", "substantive",
             [C(row[2], [cid], rationale=row[3]) for row, (_, cid) in zip(BENH_VIEN_E.rows[1:], _E_UNITS)])),
]


# --- writers --------------------------------------------------------------------------------

def _html_table(table: Table) -> str:
    e = html.escape
    covered = {(r, c) for r1, c1, r2, c2 in table.merges for r in range(r1, r2 + 1)
               for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
    span = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in table.merges}
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = span.get((r, c), (1, 1))
            attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
            cells.append(f"<td{attrs}>{e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table border='1' style='border-collapse:collapse'>{''.join(rows)}</table>"


def _html(letter: Letter) -> str:
    e = html.escape
    cell = "<td style='width:50%;text-align:center;vertical-align:top'>{}</td>"
    head_left = "".join(f"<p><b>{e(x)}</b></p>" if i == len(letter.left) - 1 else f"<p>{e(x)}</p>"
                        for i, x in enumerate(letter.left)) + \
        f"<p>{e(letter.number)}</p><p>{e(SUBJECT)}</p>"
    head_right = ("<p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>"
                  "<p><b>Độc lập - Tự do - Hạnh phúc</b></p>" f"<p><i>{e(letter.place_date)}</i></p>")
    parts = ["<html><head><meta charset='utf-8'></head><body>",
             f"<table style='width:100%'><tr>{cell.format(head_left)}{cell.format(head_right)}"
             "</tr></table>", f"<p>{e(NOTE)}</p>", *[f"<p>{e(a)}</p>" for a in letter.addressee]]
    for item in letter.body:
        parts.append(_html_table(item) if isinstance(item, Table) else f"<p>{e(item)}</p>")
    sign_left = "".join(f"<p>{e(x)}</p>" for x in letter.recipients)
    sign_right = "".join(f"<p><b>{e(x)}</b></p>" for x in letter.signature)
    parts.append(f"<table style='width:100%'><tr>{cell.format(sign_left)}"
                 f"{cell.format(sign_right)}</tr></table>")
    for item in letter.annex:
        parts.append(_html_table(item) if isinstance(item, Table) else f"<p><b>{e(item)}</b></p>")
    parts.append("</body></html>")
    return "".join(parts)


def _docx_table(doc, table: Table):
    t = doc.add_table(rows=len(table.rows), cols=len(table.rows[0]))
    t.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    for r1, c1, r2, c2 in table.merges:
        t.cell(r1, c1).merge(t.cell(r2, c2))
    if table.repeat_header:
        from docx.oxml import OxmlElement

        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return t


def _docx(path: Path, letter: Letter) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    doc.core_properties.title = NOTE
    header = doc.add_table(rows=1, cols=2)
    lcell, rcell = header.rows[0].cells
    lines_left = [*letter.left, letter.number, SUBJECT]
    lcell.paragraphs[0].text = lines_left[0]
    for line in lines_left[1:]:
        lcell.add_paragraph(line)
    rcell.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for line in ("Độc lập - Tự do - Hạnh phúc", letter.place_date):
        rcell.add_paragraph(line)
    for par in [*lcell.paragraphs, *rcell.paragraphs]:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(NOTE)
    for line in letter.addressee:
        doc.add_paragraph(line)
    for item in letter.body:
        if isinstance(item, Table):
            _docx_table(doc, item)
            doc.add_paragraph("")        # Word keeps an empty paragraph between two tables
        elif isinstance(item, tuple):
            doc.add_paragraph(item[1], style=item[0])      # Word's automatic numbering
        else:
            doc.add_paragraph(item)
    sign = doc.add_table(rows=1, cols=2)
    scell, ncell = sign.rows[0].cells
    scell.paragraphs[0].text = letter.recipients[0]
    for line in letter.recipients[1:]:
        scell.add_paragraph(line)
    ncell.paragraphs[0].text = letter.signature[0]
    for line in letter.signature[1:]:
        ncell.add_paragraph(line)
    for item in letter.annex:
        if isinstance(item, Table):
            _docx_table(doc, item)
        else:
            doc.add_paragraph(item)
    doc.save(path)


def _soffice(args: list[str], cwd: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("soffice (LibreOffice) is needed to build the letter fixtures")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", *args],
                       cwd=cwd, check=True, capture_output=True, timeout=300)


# --- the drafters' log ----------------------------------------------------------------------

LOG_ROWS = [
    # (unit cell, date, number, clause, comment); None = blank cell (merged or not)
    ("Cục QLKCB", "15/06/2021", "802/KCB-PHCN&GĐ", "Tiểu mục 2.1", "Đề nghị bổ sung điều hòa phòng máy chủ."),
    (None, None, None, "Tiểu mục 2.4", "Đề nghị quy định băng thông tối thiểu."),
    ("Vụ KH-TC", "15/06/2021", "388/KH-TC", "Tiểu mục 7.2", "Đề nghị nêu nguồn kinh phí duy trì."),
    ("Sở YT TP.HCM", "29/06/2021", "5012/SYT-CNTT", "Mục 3, dòng số 10", "Đề nghị bổ sung lộ trình kết nối."),
    ("BVĐK TW Cần Thơ", "13/06/2021", "615/BVĐKTƯCT-CNTT", "Tiểu mục 5.2", "Đề nghị bỏ cụm từ trùng lặp."),
    ("Vụ TCCB", "11/06/2021", "512/TCCB", "Tiểu mục 8.1", "Đề nghị bổ sung yêu cầu nhân lực."),
    (None, None, None, None, None),
    (None, None, None, "", "Ý kiến tại cuộc họp ngày 20/6, chưa rõ đơn vị."),
    ("BHXH VN", "14/06/2021", "2011/BHXH-CNTT", "Tiểu mục 5.3", "Đề nghị kết nối giám định BHYT."),
    ("=B11", "14/06/2021", "2011/BHXH-CNTT", "", "Cơ bản nhất trí với dự thảo."),
]
LOG_EXPECTED_UNITS = ["cuc-quan-ly-kham-chua-benh", "cuc-quan-ly-kham-chua-benh", "vu-ke-hoach-tai-chinh",
                      "so-y-te-ho-chi-minh", "benh-vien-da-khoa-trung-uong-can-tho", "vu-to-chuc-can-bo",
                      "", "bao-hiem-xa-hoi-viet-nam", "bao-hiem-xa-hoi-viet-nam"]


def _log(path: Path) -> None:
    """The log as Excel saves it: the two rows of Cục QLKCB merged in the unit, date and
    number columns, a blank row, a unit cell copying the one above (=B11) with its cached value."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append([NOTE])
    sheet.append(["STT", "Đơn vị", "Ngày nhận", "Số văn bản", "Điều khoản", "Nội dung góp ý"])
    for k, (unit, date, number, clause, text) in enumerate(LOG_ROWS, start=1):
        if text is None:
            sheet.append([None] * 6)
            continue
        sheet.append([k, unit, date, number, clause, text])
    for column in "BCD":
        sheet.merge_cells(f"{column}3:{column}4")
    book.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    xml, n = re.subn(r'<c r="B12"([^>]*)><f>B11</f><v\s*/?>(?:</v>)?</c>',
                     '<c r="B12" t="str"><f>B11</f><v>BHXH VN</v></c>', xml)
    assert n == 1, "the formula cell B12 was not found"
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2021, 6, 30, 0, 0, 0))
            z.writestr(info, data, zipfile.ZIP_DEFLATED)


def build(out: Path = OUT) -> list[Path]:
    """Write every letter, its expected reading, and the log into ``out``; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html_files, pdf_sources = [], []
        for letter in LETTERS:
            if letter.how == "lo":
                src = work / f"{letter.stem}.html"
                src.write_text(_html(letter), encoding="utf-8")
                html_files.append(src.name)
                suffix = ".docx"
            else:
                target = (work if letter.how == "pdf" else out) / f"{letter.stem}.docx"
                _docx(target, letter)
                if letter.how == "pdf":
                    pdf_sources.append(target.name)
                    suffix = ".pdf"
                else:
                    written.append(target)
                    suffix = ".docx"
            expected = out / f"{letter.stem}{suffix}.expected.json"
            expected.write_text(json.dumps({"how": letter.how, **letter.expect}, ensure_ascii=False,
                                           indent=1) + "\n", encoding="utf-8")
            written.append(expected)
        if html_files:
            _soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *html_files], work)
            written += [out / (Path(n).stem + ".docx") for n in html_files]
        if pdf_sources:
            _soffice(["--convert-to", "pdf", "--outdir", str(out), *pdf_sources], work)
            written += [out / (Path(n).stem + ".pdf") for n in pdf_sources]
    log = out / "so-theo-doi-gop-y-thuc-te.xlsx"
    _log(log)
    (out / f"{log.name}.expected.json").write_text(json.dumps(
        {"rows": len([r for r in LOG_ROWS if r[4] is not None]), "empty": 1, "rejected": 0,
         "unit_ids": LOG_EXPECTED_UNITS}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written += [log, out / f"{log.name}.expected.json"]
    return sorted(written)


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
