"""Write the SYNTHETIC sample inbox of the bundled 2021 consultation.

    python scripts/make_sample_inbox.py [--out DIR]

Writes into ``data/consultations/ris-pacs-2021/inbox/`` (replacing what is
there): the drafters' running log (.xlsx), a list of comments taken down by
phone and at a meeting (.csv), reply letters (.docx) received by post, and
e-mails (.eml) with reply letters attached or with the comments in the body.

Everything here is invented ("Dữ liệu mẫu tổng hợp (không phải ý kiến
thật)"), and each file says so. About half of the roster units reply, many
with "no comment"; proposals cite clauses of the illustrative draft
``versions/du-thao-2.md`` in varied Vietnamese forms; some replies come after
the deadline (18/06/2021); one letter arrives both by e-mail and by post; unit
names are written the ways people write them, including one unit that is not
in the roster.

Deterministic: a fixed seed, fixed dates in the Word/Excel packages' core
properties and zip entries, fixed MIME boundaries; running it twice gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import sys
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consultkit.text import strip_diacritics  # noqa: E402
from consultkit.workspace import BUNDLED, open_consultation  # noqa: E402

SEED = 2021
LABEL = "Dữ liệu mẫu tổng hợp (không phải ý kiến thật)"
FIXED = dt.datetime(2021, 7, 1, 8, 0, 0)
TZ = dt.timezone(dt.timedelta(hours=7))
DISPATCH = "Công văn số 512/CNTT-THKCB ngày 04/6/2021"   # the number is invented for the sample
SUBJECT = "V/v góp ý dự thảo Thông tư sửa đổi, bổ sung tiêu chí kỹ thuật RIS-PACS"

AGREE = [
    "Nhất trí với nội dung dự thảo.",
    "Thống nhất với nội dung dự thảo, không có ý kiến khác.",
    "Cơ bản nhất trí với dự thảo Thông tư.",
    "Không có ý kiến bổ sung.",
    "Hoàn toàn đồng ý với nội dung dự thảo.",
    "Nhất trí, không có ý kiến gì thêm.",
    "Đơn vị thống nhất với các nội dung của dự thảo, không có ý kiến sửa đổi, bổ sung.",
    "Đồng ý như dự thảo.",
    "nhat tri voi noi dung du thao",
]

#: (citation, proposal): the comment is "<citation>: <proposal>", and a sheet's clause column holds
#: the citation without "Tại"; every citation resolves in du-thao-2 unless marked
PROPOSALS = [
    ("Tại điểm a mục 2.2 phần IV", "đề nghị sửa \"tối đa 12 tháng\" thành \"tối thiểu 12 tháng\", vì "
     "nhiều cơ sở cần đối chiếu hình ảnh cũ khi người bệnh tái khám."),
    ("Mục 2.3 phần IV", "đề nghị quy định cụ thể độ phân giải tối thiểu của màn hình chuyên dụng "
     "(ví dụ 3 MP đối với X-quang, 5 MP đối với chụp nhũ ảnh)."),
    ("Tiêu chí số 6", "đề nghị làm rõ loại chữ ký số áp dụng cho kết quả chẩn đoán hình ảnh (chữ ký số "
     "chuyên dùng hay chữ ký số công cộng)."),
    ("Tiêu chí số 10 mục 3 phần IV", "đề nghị lùi thời hạn áp dụng đối với bệnh viện tuyến huyện do "
     "chưa có hạ tầng kết nối."),
    ("Mục IV.5.1", "đề nghị bổ sung tiêu chuẩn HL7 FHIR bên cạnh HL7 phiên bản 2 để thống nhất với các "
     "hướng dẫn liên thông dữ liệu y tế."),
    ("Điểm c tiểu mục 4.3", "đề nghị chuyển chức năng tái tạo hình ảnh đa mặt phẳng (MPR) và dựng hình "
     "ba chiều sang mức nâng cao."),
    ("Mục 6.2", "đề nghị quy định thời gian lưu giữ nhật ký truy cập tối thiểu 12 tháng."),
    ("Mục IV.7.2", "đề nghị dẫn chiếu cụ thể điều, khoản của Luật Khám bệnh, chữa bệnh về thời hạn lưu "
     "trữ hồ sơ bệnh án."),
    ("Mục 8.2 phần IV", "đề nghị ban hành kèm theo Thông tư mẫu báo cáo tự đánh giá mức độ đáp ứng "
     "tiêu chí."),
    ("Tại mục 2.4 phần IV", "đề nghị quy định băng thông tối thiểu của mạng nội bộ (ví dụ 1 Gbps) để "
     "bảo đảm truyền tải hình ảnh."),
    ("Tiêu chí số 2", "đề nghị bổ sung yêu cầu hỗ trợ DICOM MPPS để thiết bị báo trạng thái thực hiện "
     "kỹ thuật."),
    ("Mục IV.4.5", "đề nghị bổ sung yêu cầu phần mềm xem hình ảnh trên nền web không cần cài đặt trên "
     "máy của bác sĩ lâm sàng."),
    # unresolved on purpose: the draft has no "khoản" under mục IV.2; "Mục này" needs a context
    ("Điểm a khoản 2 mục IV.2", "đề nghị sửa theo hướng cho phép cơ sở lưu trữ hình ảnh trên hạ tầng "
     "điện toán đám mây đạt yêu cầu an toàn thông tin."),
    ("Mục này", "chưa quy định trách nhiệm của nhà cung cấp phần mềm RIS-PACS; đề nghị bổ sung."),
]
#: proposals that cite nothing (clause suggestions are made for these)
UNCITED = [
    "Đề nghị bổ sung quy định về việc chia sẻ hình ảnh cho người bệnh qua ứng dụng trên điện thoại.",
    "Đề nghị có lộ trình hỗ trợ kinh phí cho các bệnh viện tuyến tỉnh khi đầu tư hệ thống lưu trữ "
    "hình ảnh.",
    "Cần quy định rõ việc sao lưu dữ liệu hình ảnh định kỳ ra thiết bị lưu trữ độc lập đặt tại vị trí "
    "khác với máy chủ chính.",
    "Đề nghị quy định rõ yêu cầu đối với máy trạm của bác sĩ chẩn đoán hình ảnh khi đọc phim từ xa.",
]
#: a text circulated among hospitals: near-identical comments from several units
CIRCULATED = ("Đề nghị Bộ Y tế ban hành hướng dẫn kỹ thuật kết nối với hệ thống quản lý, lưu trữ hình "
              "ảnh y tế tập trung trước khi áp dụng tiêu chí số 10{}")

#: reasons people add, so that the same proposal is worded differently by different units
REASONS = ["", "", " Lý do: phù hợp với điều kiện thực tế của đơn vị.",
           " Lý do: nhiều cơ sở tuyến tỉnh chưa đủ kinh phí đầu tư.",
           " Đơn vị đã gặp vướng mắc này khi triển khai thí điểm năm 2020.",
           " Việc này giúp các cơ sở chủ động lập kế hoạch đầu tư."]

SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
           "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Lan", "Đỗ Văn Minh", "Ngô Thị Nga"]


# --- how people write unit names -------------------------------------------------

def written_forms(name: str, kind: str) -> list[str]:
    """Ways a sender's name is written in sheets and e-mails."""
    forms = [name]
    if kind == "provincial_health_department":
        place = name.removeprefix("Sở Y tế ").strip()
        prefix = "thành phố" if place in {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ",
                                          "Hồ Chí Minh"} else "tỉnh"
        forms += [f"SYT {place}", f"Sở Y tế {prefix} {place}", f"So Y te {strip_diacritics(place)}"]
    elif name.startswith("Bệnh viện"):
        short = name.replace("Bệnh viện", "BV", 1)
        forms += [short, short.replace("trung ương", "TW"), name.replace("trung ương", "Trung ương")]
    return forms


#: names of the required kinds, written as the brief of the sample asks
FIXED_FORMS = {
    "so-y-te-nghe-an": "SYT Nghệ An",
    "so-y-te-thanh-hoa": "Sở Y tế tỉnh Thanh Hoá",
    "benh-vien-bach-mai": "BV Bạch Mai",
    "bao-hiem-xa-hoi-viet-nam": "BHXH Việt Nam",
    "benh-vien-k": "Benh vien K",
    "so-y-te-ho-chi-minh": "Sở Y tế TP.HCM",
    "benh-vien-da-khoa-trung-uong-can-tho": "BVĐK TƯ Cần Thơ",
}
NOT_IN_ROSTER = "Hội Điện quang và Y học hạt nhân Việt Nam"


# --- files -------------------------------------------------------------------------

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def stable_zip(data: bytes) -> bytes:
    """Rewrite an OOXML package with fixed entry dates and fixed core-property dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>2021-07-01T08:00:00Z\g<3>", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=(2021, 7, 1, 8, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, blob)
    return out.getvalue()


def letter_docx(*, organs: tuple[str, ...], number: str, place: str, date: dt.date,
                body: list[str], signer_title: tuple[str, ...], signer: str) -> bytes:
    """A reply letter laid out like a công văn (ND 30/2020), labelled as synthetic."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    core = document.core_properties
    core.author = core.last_modified_by = "consultkit (dữ liệu mẫu)"
    core.title = LABEL
    core.comments = LABEL
    core.created = core.modified = core.last_printed = FIXED
    core.revision = 1
    note = document.add_paragraph()
    run = note.add_run(LABEL)
    run.italic = True
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    lines_left = [(o, i == len(organs) - 1) for i, o in enumerate(organs)] + \
        [(f"Số: {number}", False), (SUBJECT, False)]
    lines_right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True),
                   (f"{place}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}", False)]
    for cell, lines in ((left, lines_left), (right, lines_right)):
        for k, (text, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = bold
    document.add_paragraph("Kính gửi: Cục Công nghệ thông tin - Bộ Y tế.").alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    for text in body:
        document.add_paragraph(text)
    signature = document.add_table(rows=1, cols=2)
    recipients, sign = signature.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    recipients.add_paragraph("- Như trên;")
    recipients.add_paragraph("- Lưu: VT.")
    for k, text in enumerate(signer_title + ("(đã ký)", signer)):
        paragraph = sign.paragraphs[0] if k == 0 else sign.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = k != len(signer_title)
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue())


def email_bytes(*, index: int, sender: str, date: dt.datetime, subject: str, body: str,
                html: str | None = None, attachments: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Cục CNTT - Bộ Y tế <tuyentv.cntt@moh.gov.vn>"
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<sample-{index:03d}@consultkit.invalid>"
    message["X-Consultkit-Sample"] = "synthetic"
    message.set_content(body + f"\n-- \n{LABEL}\n")
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, data in attachments:
        message.add_attachment(data, maintype="application",
                               subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                               filename=filename)
    for k, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"===consultkit-sample-{index:03d}-{k}===")
    return bytes(message)


# --- the sample ----------------------------------------------------------------------

def _header_organs(unit: dict) -> tuple[str, ...]:
    name = unit["name"]
    if unit["kind"] == "provincial_health_department":
        place = name.removeprefix("Sở Y tế ").strip()
        level = "THÀNH PHỐ" if place in {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh"} \
            else "TỈNH"
        return (f"UBND {level} {place.upper()}", "SỞ Y TẾ")
    if unit["kind"] == "social_security":
        return (name.upper(),)
    return ("BỘ Y TẾ", name.upper())


def _symbol(unit: dict) -> str:
    words = [w for w in strip_diacritics(unit["name"]).split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words)[:6]


def build(out_dir: Path) -> list[Path]:
    rng = random.Random(SEED)
    roster = open_consultation(BUNDLED).roster
    units = [dict(r) for r in roster.to_dict("records") if not r["placeholder"]]
    by_id = {u["unit_id"]: u for u in units}
    required = [u for u in FIXED_FORMS if u in by_id]
    others = [u["unit_id"] for u in units if u["unit_id"] not in FIXED_FORMS]
    rng.shuffle(others)
    replying = required + others[: len(units) // 2 - len(required)]
    deadline = dt.date(2021, 6, 18)

    def when(late: bool) -> dt.date:
        if late:
            return deadline + dt.timedelta(days=rng.randint(1, 16))
        return dt.date(2021, 6, rng.randint(7, 18))

    def name_of(uid: str) -> str:
        if uid in FIXED_FORMS:
            return FIXED_FORMS[uid]
        return rng.choice(written_forms(by_id[uid]["name"], by_id[uid]["kind"]))

    def vary(text: str) -> str:
        if rng.random() < 0.3:
            text = text.replace("đề nghị", "kiến nghị", 1)
        return text + rng.choice(REASONS)

    def comments_for(k: int) -> list[tuple[str, str]]:
        """(refs column, text) pairs: ~55% agree only, the rest proposals."""
        if rng.random() < 0.55:
            return [("", rng.choice(AGREE))]
        picked = rng.sample(PROPOSALS, rng.randint(1, 3))
        out = [(cite.removeprefix("Tại ").capitalize() if cite.startswith("Tại ") else cite,
                f"{cite}: {vary(text)}") for cite, text in picked]
        if rng.random() < 0.4:
            out.append(("", vary(rng.choice(UNCITED))))
        return out

    # channels: letters by post, e-mails with letters, e-mails with the text, the log, the csv
    order = list(replying)
    letters_post = ["so-y-te-nghe-an"] + [u for u in order[7:13]]
    mails_letter = ["so-y-te-nghe-an"] + [u for u in order[13:15]]
    mails_body = ["benh-vien-k"] + [u for u in order[15:17]]
    in_csv = [u for u in order[17:29]]
    in_log = [u for u in order if u not in set(letters_post + mails_letter + mails_body + in_csv)]
    late = set(rng.sample(order[7:], 9)) | {"benh-vien-k"}
    circulated = ["benh-vien-bach-mai"] + [u for u in in_log
                                           if by_id[u]["kind"] == "ministry_hospital"][:2]

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        if old.is_file():
            old.unlink()
    written: list[Path] = []
    letter_cache: dict[str, tuple[bytes, dt.date, str]] = {}

    def make_letter(uid: str, k: int) -> tuple[bytes, dt.date, str]:
        if uid in letter_cache:
            return letter_cache[uid]
        unit = by_id[uid]
        date = when(uid in late)
        number = f"{rng.randint(100, 2999)}/{_symbol(unit)}-{rng.choice(['VP', 'KHTC', 'NVY', 'CNTT'])}"
        intro = (f"Phúc đáp {DISPATCH} của Cục Công nghệ thông tin về việc góp ý dự thảo Thông tư sửa "
                 f"đổi, bổ sung tiêu chí kỹ thuật RIS-PACS, {unit['name']} có ý kiến như sau:")
        pairs = comments_for(k)
        if uid in circulated:
            pairs.append(("", CIRCULATED.format("." if k % 2 else " của Thông tư.")))
        if len(pairs) == 1 and pairs[0][0] == "" and pairs[0][1] in AGREE:
            body = [f"Phúc đáp {DISPATCH} của Cục Công nghệ thông tin, {unit['name']} nhất trí với nội "
                    "dung dự thảo Thông tư, không có ý kiến khác.", "Trân trọng./."]
        else:
            body = [intro] + [f"{i}. {text}" for i, (_, text) in enumerate(pairs, start=1)] + \
                [f"Trên đây là ý kiến góp ý của {unit['name']}, kính gửi Cục Công nghệ thông tin tổng "
                 "hợp./."]
        place = "Hà Nội" if unit["kind"] != "provincial_health_department" else \
            unit["name"].removeprefix("Sở Y tế ").strip()
        title = rng.choice([("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ("GIÁM ĐỐC",)])
        if unit["kind"] == "social_security":
            title = ("KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC")
        data = letter_docx(organs=_header_organs(unit), number=number, place=place, date=date, body=body,
                           signer_title=title, signer=rng.choice(SIGNERS))
        letter_cache[uid] = (data, date, number)
        return letter_cache[uid]

    for k, uid in enumerate(letters_post):
        data, _, _ = make_letter(uid, k)
        path = out_dir / f"cong-van-{by_id[uid]['unit_id']}.docx"
        path.write_bytes(data)
        written.append(path)

    for k, uid in enumerate(mails_letter):
        data, date, number = make_letter(uid, k)
        stamp = dt.datetime.combine(date, dt.time(9 + k, 15), tzinfo=TZ)
        domain = by_id[uid]["unit_id"].replace("-", "")[:16]
        sender = f"{name_of(uid)} <vanthu@{domain}.gov.vn>"
        filename = "../../cong-van-gop-y.docx" if k == 1 else f"CV {number.replace('/', '_')}.docx"
        raw = email_bytes(index=k + 1, sender=sender, date=stamp,
                          subject=f"Góp ý dự thảo Thông tư RIS-PACS - {name_of(uid)}",
                          body="Kính gửi Cục Công nghệ thông tin,\n"
                               f"Đơn vị xin gửi kèm công văn số {number} góp ý dự thảo Thông tư.\n"
                               "Trân trọng.",
                          attachments=((filename, data),))
        path = out_dir / f"email-{k + 1:02d}-{by_id[uid]['unit_id']}.eml"
        path.write_bytes(raw)
        written.append(path)

    for k, uid in enumerate(mails_body, start=len(mails_letter) + 1):
        date = when(uid in late)
        stamp = dt.datetime.combine(date, dt.time(14, k), tzinfo=TZ)
        pairs = comments_for(k)
        lines = ["Kính gửi Cục Công nghệ thông tin,"] + [text for _, text in pairs] + ["Trân trọng."]
        html = None
        if k % 2:
            items = "".join(f"<p>{t}</p>" for _, t in pairs)
            html = (f"<html><head><style>p {{margin:0}}</style></head><body><p>Kính gửi Cục Công nghệ "
                    f"thông tin,</p>{items}<p>Trân trọng.</p><p>-- <br>{LABEL}</p></body></html>")
        domain = by_id[uid]["unit_id"].replace("-", "")[:16]
        raw = email_bytes(index=k, sender=f"{name_of(uid)} <vanthu@{domain}.vn>", date=stamp,
                          subject="Gop y du thao Thong tu RIS-PACS", body="\n".join(lines), html=html)
        path = out_dir / f"email-{k:02d}-{by_id[uid]['unit_id']}.eml"
        path.write_bytes(raw)
        written.append(path)

    # the drafters' running log
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi góp ý"
    sheet.append([LABEL])
    sheet.append(["STT", "Đơn vị", "Ngày nhận", "Số văn bản", "Điều khoản", "Nội dung góp ý", "Kênh",
                  "Ghi chú"])
    row_no = 0
    log_units = in_log + [None]          # None: the unit that is not in the roster
    for k, uid in enumerate(log_units):
        date = when(uid in late) if uid else dt.date(2021, 6, 21)
        name = name_of(uid) if uid else NOT_IN_ROSTER
        number = f"{rng.randint(100, 2999)}/{_symbol(by_id[uid]) if uid else 'HĐQ'}-VP"
        pairs = comments_for(k) if uid else [("", UNCITED[0])]
        if uid in circulated:
            pairs.append(("", CIRCULATED.format(";")))
        channel = rng.choice(["Bưu điện", "Bưu điện", "Email", "Fax"])
        first_row = sheet.max_row + 1
        for j, (refs, text) in enumerate(pairs):
            row_no += 1
            first = j == 0
            sheet.append([row_no, name if first else None, dt.datetime.combine(date, dt.time()) if first
                          else None, number if first else None, refs or None, text,
                          channel if first else None, None])
        if sheet.max_row > first_row:      # one letter's rows: unit, date, number, channel merged
            for column in "BCDG":
                sheet.merge_cells(f"{column}{first_row}:{column}{sheet.max_row}")
    sheet.append([None] * 8)
    sheet.append([row_no + 1, "BV E", "31/06/2021", "88/BVE-KHTH", None,
                  "Đề nghị bổ sung yêu cầu bảo mật dữ liệu hình ảnh khi truy cập từ xa.", "Email",
                  "ngày ghi sai: dòng mẫu bị từ chối"])
    for column, width in zip("ABCDEFGH", (6, 36, 12, 16, 24, 80, 10, 20)):
        sheet.column_dimensions[column].width = width
    book.properties.creator = book.properties.lastModifiedBy = "consultkit (dữ liệu mẫu)"
    book.properties.title = LABEL
    book.properties.created = book.properties.modified = FIXED
    out = io.BytesIO()
    book.save(out)
    path = out_dir / "so-theo-doi-gop-y.xlsx"
    path.write_bytes(stable_zip(out.getvalue()))
    written.append(path)

    # comments taken down by phone and at the meeting (headers without diacritics)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([f"# {LABEL}"])
    writer.writerow(["Don vi", "Ngay", "Dieu khoan", "Y kien", "Kenh"])
    for k, uid in enumerate(in_csv):
        date = when(uid in late)
        for refs, text in comments_for(k):
            writer.writerow([name_of(uid), date.strftime("%d/%m/%Y"), refs, text,
                             rng.choice(["Điện thoại", "Họp trực tuyến"])])
    path = out_dir / "y-kien-dien-thoai-va-hop.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUNDLED / "inbox")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
