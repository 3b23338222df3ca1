"""Write a SYNTHETIC public-consultation export (portal download) with its truth.

    python scripts/make_public_comments.py --rows 100000 --seed 1 -o gop-y.csv
        [--format csv|csv-utf16|jsonl|parquet] [--delimiter ';'|','] [--truth truth.parquet]

The comments are made up (labelled so on the file's first line, in the Parquet
metadata, or on the first JSON line) from templates and free variation, on the
bundled draft (the RIS-PACS criteria, annex IV of Thông tư 54/2017):

* about 60 % exact copies of a campaign's form letter (40 campaigns, Zipf-like
  popularity);
* about 15 % near-duplicates of a form letter: typos, letters without
  diacritics, a greeting or a signature added, a word dropped;
* about 22 % individual comments built from an opening, one or two proposals
  citing the draft's clauses ("mục 2.2", "điểm a mục 4.3", "tiêu chí số 5"),
  a reason and a closing, sometimes with the commenter's phone, e-mail or
  CCCD number in the text (for masking), sometimes without diacritics;
* about 3 % short stock replies ("Tôi đồng ý với dự thảo.");
* a few malformed rows: no text, a date that is not a date, a wrong number of
  fields (CSV), a line that is not JSON (JSON Lines).

Commenters are citizens (name given or not) or organisations; provinces are
those valid on the comment's date (the 34 of 1 July 2025), some written with
their pre-merger name or without diacritics.

The truth (``--truth``, default ``<output>.truth.parquet``) has one row per data
row: ``row`` (1-based data row number), ``kind`` (form, near, free, stock,
malformed) and ``label`` (the campaign for form letters and their
near-duplicates; the exact text for the others), so tests can measure cluster
purity and recall.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LABEL = "# DỮ LIỆU TỔNG HỢP (synthetic) — không phải ý kiến thật; tạo bởi scripts/make_public_comments.py"
HEADER = ["STT", "Thời gian gửi", "Đối tượng", "Tỉnh/Thành phố", "Họ và tên", "Phần dự thảo góp ý",
          "Nội dung góp ý"]
START = dt.datetime(2025, 8, 1, 7, 0)
DAYS = 45

CLAUSES = [("mục 2.2", "IV.2.2"), ("điểm a mục 2.2", "IV.2.2.a"), ("mục 2.3", "IV.2.3"),
           ("mục 1.2", "IV.1.2"), ("tiêu chí số 5", "IV.3.r5"), ("tiêu chí số 2", "IV.3.r2"),
           ("mục 4.3", "IV.4.3"), ("điểm b mục 4.3", "IV.4.3.b"), ("mục 5.1", "IV.5.1"),
           ("mục 6.1.1", "IV.6.1.1"), ("mục 7.3", "IV.7.3"), ("điểm c mục 7.3", "IV.7.3.c"),
           ("mục 8.1", "IV.8.1"), ("tiêu chí số 8", "IV.3.r8"), ("mục 2.4", "IV.2.4")]
TOPICS = ["thời hạn lưu trữ hình ảnh", "chuẩn DICOM", "kết nối HL7 FHIR", "chi phí đầu tư máy chủ",
          "băng thông mạng nội bộ", "bảo mật dữ liệu người bệnh", "lộ trình áp dụng tại tuyến huyện",
          "đào tạo kỹ thuật viên", "sao lưu dữ liệu dự phòng", "chữ ký số trên kết quả chẩn đoán",
          "liên thông kết quả giữa các bệnh viện", "in phim X quang", "trả kết quả qua ứng dụng",
          "hội chẩn từ xa", "yêu cầu về màn hình chẩn đoán", "điện toán đám mây",
          "phân quyền truy cập", "nhật ký truy cập hệ thống", "thời gian phản hồi hệ thống",
          "hỗ trợ cơ sở y tế tư nhân", "tiêu chuẩn nén ảnh", "quản lý danh mục kỹ thuật"]
VERBS = ["đề nghị bổ sung quy định về", "đề nghị làm rõ", "kiến nghị điều chỉnh yêu cầu về",
         "đề nghị sửa đổi nội dung về", "đề xuất quy định cụ thể hơn về", "đề nghị bỏ yêu cầu về",
         "cần xem xét lại quy định về", "đề nghị có hướng dẫn chi tiết về", "góp ý về",
         "đề nghị giảm bớt yêu cầu về", "đề nghị tăng cường", "mong Bộ cân nhắc về"]
REASONS = ["vì nhiều cơ sở y tế tuyến huyện chưa đủ điều kiện", "để phù hợp với thực tế triển khai",
           "nhằm bảo đảm quyền lợi của người bệnh", "do chi phí đầu tư quá cao so với ngân sách",
           "để thống nhất với Luật Khám bệnh, chữa bệnh", "vì quy định hiện nay còn chung chung",
           "để người dân không phải chụp lại nhiều lần", "nhằm tránh lãng phí",
           "vì bệnh viện tôi đã gặp khó khăn khi làm thủ tục", "để bảo đảm an toàn thông tin",
           "do thiếu nhân lực công nghệ thông tin", "để tiết kiệm thời gian cho bác sĩ",
           "vì người bệnh ở vùng sâu vùng xa khó tiếp cận", "theo kinh nghiệm của đơn vị chúng tôi"]
OPENINGS = ["Kính gửi Bộ Y tế.", "Tôi là người dân, xin góp ý như sau.", "Xin chào Ban soạn thảo.",
            "Tôi làm việc tại bệnh viện tỉnh.", "Là bác sĩ chẩn đoán hình ảnh, tôi có ý kiến.",
            "Sau khi đọc dự thảo, tôi thấy như sau.", "Gia đình tôi thường xuyên đi khám bệnh.", "",
            "Tôi là kỹ thuật viên X quang.", "Chúng tôi là doanh nghiệp cung cấp phần mềm PACS."]
CLOSINGS = ["Trân trọng cảm ơn.", "Mong Bộ xem xét.", "Xin cảm ơn.", "", "Rất mong được phản hồi.",
            "Chúc Ban soạn thảo sức khỏe.", "Trân trọng."]
DETAILS = ["Ví dụ tại bệnh viện chúng tôi mất {n} ngày để xử lý.", "Hiện có khoảng {n} ca mỗi ngày.",
           "Chi phí ước tính {n} triệu đồng.", "Thời hạn nên là {n} tháng.", "Đã có {n} người đồng tình.",
           "Tôi đã chờ {n} giờ để lấy kết quả.", "Đề nghị áp dụng sau {n} năm."]
PLACES = ["Ở xã tôi", "Tại bệnh viện huyện", "Ở phòng khám tư", "Tại trạm y tế", "Ở thành phố",
          "Tại bệnh viện tỉnh", "Ở vùng núi", "Tại trung tâm y tế", "Ở khu công nghiệp", "Ở nông thôn"]
STOCK = ["Tôi đồng ý với dự thảo.", "Nhất trí.", "Tôi không đồng ý.", "Đồng ý", "Ủng hộ dự thảo.",
         "Không có ý kiến.", "Nhất trí với nội dung dự thảo.", "Tôi hoàn toàn đồng ý."]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Minh", "Nam", "Ngọc",
         "Phương", "Quang", "Sơn", "Thảo", "Trang", "Tuấn", "Vy"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Hữu", "Ngọc", "Thanh"]
ORGS = ["Công ty Cổ phần Giải pháp Y tế {p}", "Bệnh viện Đa khoa {p}", "Hội Điện quang {p}",
        "Phòng khám Đa khoa Tâm An {p}", "Công ty TNHH Thiết bị Y tế {p}", "Trung tâm Y tế huyện {p}"]
GREETINGS = ["Kính gửi Bộ Y tế,", "Xin chào,", "Kính gửi Ban soạn thảo,", "Thưa Bộ Y tế,"]
SIGNS = ["Trân trọng.", "Xin cảm ơn!", "Người góp ý.", "Cảm ơn Bộ."]


def _fold(text: str) -> str:
    from consultkit.text import strip_diacritics
    return strip_diacritics(text)


def _campaigns(rng: random.Random) -> list[tuple[str, str]]:
    """40 form letters (campaign id, text): each 3–6 sentences on its own clauses."""
    out = []
    for k in range(40):
        cites = rng.sample(CLAUSES, rng.choice((1, 2, 3)))
        sentences = [rng.choice(GREETINGS[:1] + ["Chúng tôi, những người ký tên dưới đây, xin góp ý."])]
        for label, _ in cites:
            topic = rng.choice(TOPICS)
            sentences.append(f"Tại {label}, {rng.choice(VERBS)} {topic} {rng.choice(REASONS)}.")
        sentences.append(rng.choice(REASONS).capitalize() + f", chiến dịch số {k + 1} kiến nghị "
                         f"{rng.choice(VERBS)} {rng.choice(TOPICS)}.")
        if rng.random() < 0.5:
            sentences.append(f"Cụ thể: {rng.choice(TOPICS)}, {rng.choice(TOPICS)} và {rng.choice(TOPICS)}"
                             f" cần được quy định rõ trong {rng.choice(CLAUSES)[0]}.")
        sentences.append("Trân trọng.")
        out.append((f"campaign-{k + 1:02d}", " ".join(sentences)))
    return out


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.choice((1, 2, 3))):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.5 else w[:j] + w[j + 1:]
        words[i] = w
    return " ".join(words)


def _near(rng: random.Random, text: str) -> str:
    """A near-duplicate of a form letter (never byte-identical)."""
    choice = rng.random()
    if choice < 0.35:
        out = _typo(rng, text)
    elif choice < 0.55:
        out = rng.choice(GREETINGS) + " " + text
    elif choice < 0.75:
        out = text + " " + rng.choice(SIGNS) + f" {rng.choice(FAMILY)} {rng.choice(GIVEN)}."
    elif choice < 0.9:
        words = text.split(" ")
        del words[rng.randrange(1, len(words) - 1)]
        out = " ".join(words)
    else:
        out = _fold(_typo(rng, text))
    return out if out != text else text + " Xin cảm ơn."


def _phone(rng):
    return rng.choice(["09", "03", "08", "07"]) + "".join(rng.choice("0123456789") for _ in range(8))


def _free(rng: random.Random, name: str) -> str:
    parts = [rng.choice(OPENINGS)]
    for _ in range(rng.choice((1, 2))):
        label = rng.choice(CLAUSES)[0]
        form = rng.random()
        proposal = f"{rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(REASONS)}"
        if form < 0.6:
            parts.append(f"Về {label}: {proposal}.")
        elif form < 0.85:
            parts.append(f"{proposal.capitalize()} tại {label}.")
        else:
            parts.append(proposal.capitalize() + ".")
    parts.append(rng.choice(DETAILS).format(n=rng.randint(2, 900)))
    a, b, c = rng.sample(TOPICS, 3)
    parts.append(f"{rng.choice(PLACES)} {rng.choice(('còn thiếu', 'đang vướng', 'cần thêm', 'chưa có'))} "
                 f"{a}, {b} và {c}.")
    if rng.random() < 0.5:
        parts.append(f"Ngoài ra {rng.choice(TOPICS)} {rng.choice(REASONS)}.")
    contact = rng.random()
    if contact < 0.08:
        parts.append(f"Liên hệ: {_phone(rng)}.")
    elif contact < 0.14:
        parts.append(f"Email: {_fold(rng.choice(GIVEN)).lower()}{rng.randint(1, 999)}@gmail.com")
    elif contact < 0.17:
        parts.append(f"Số CCCD của tôi: 0{rng.randint(10, 96)}{rng.randint(0, 999999999):09d}.")
    elif contact < 0.22 and name:
        parts.append(f"Tôi tên là {name}.")
    parts.append(rng.choice(CLOSINGS))
    text = " ".join(p for p in parts if p)
    return _fold(text) if rng.random() < 0.12 else text


def _provinces():
    from consultkit.readers.roster import provinces
    frame = provinces(dt.date(2025, 8, 1))
    old = [n.strip() for names in frame["merged_from_names"] for n in names.split(";") if n.strip()]
    return list(frame["name"]), old


def rows(n: int, seed: int):
    """Yield (data row, truth) for ``n`` rows: data row = the 7 export fields (STT first)
    or, for a malformed row, a list of another length; truth = (kind, label)."""
    rng = random.Random(seed)
    campaigns = _campaigns(random.Random(1000 + seed))
    weights = [1 / (k + 1) ** 0.8 for k in range(len(campaigns))]
    names, old = _provinces()
    for i in range(1, n + 1):
        when = START + dt.timedelta(seconds=int(DAYS * 86400 * (i / max(n, 1)) ** 1.3)
                                    + rng.randint(0, 600))
        r = rng.random()
        organisation = rng.random() < 0.08
        if organisation:
            p = rng.choice(names)
            name = rng.choice(ORGS).format(p=p.replace("Tỉnh ", "").replace("Thành phố ", ""))
        else:
            name = (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                    if rng.random() < 0.6 else "")
        pr = rng.random()
        province = (rng.choice(names) if pr < 0.8 else rng.choice(old) if pr < 0.9
                    else _fold(rng.choice(names)) if pr < 0.97 else "")
        part = ""
        if r < 0.004:
            kind = "malformed"
            bad = rng.random()
            if bad < 0.4:
                yield [str(i), when.strftime("%d/%m/%Y %H:%M"), "Công dân", province, name, "", ""], \
                    (kind, "no text")
            elif bad < 0.7:
                yield [str(i), "ngày 32/13", "Công dân", province, name, "", "Nhất trí."], \
                    (kind, "bad date")
            else:
                yield [str(i), when.strftime("%d/%m/%Y %H:%M"), "Công dân"], (kind, "short row")
            continue
        if r < 0.604:
            kind, (label, text) = "form", campaigns[rng.choices(range(len(campaigns)), weights)[0]]
        elif r < 0.754:
            cid, base = campaigns[rng.choices(range(len(campaigns)), weights)[0]]
            kind, label, text = "near", cid, _near(rng, base)
        elif r < 0.97:
            text = _free(rng, name)
            kind, label = "free", "free:" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
            if rng.random() < 0.3:
                part = rng.choice(CLAUSES)[0].capitalize()
        else:
            text = rng.choice(STOCK)
            kind, label = "stock", "stock:" + text
        who = "Tổ chức" if organisation else rng.choice(("Công dân", "Cá nhân", "Người dân"))
        yield [str(i), when.strftime("%d/%m/%Y %H:%M"), who, province, name, part, text], (kind, label)


def write(path: Path, n: int, seed: int, fmt: str = "csv", delimiter: str = ";",
          truth: Path | None = None) -> Path:
    """Write the export and its truth; returns the truth path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    truth = Path(truth) if truth else path.with_name(path.name + ".truth.parquet")
    kinds, labels = [], []
    if fmt in ("csv", "csv-utf16"):
        encoding = "utf-16" if fmt == "csv-utf16" else "utf-8-sig"
        with open(path, "w", encoding=encoding, newline="") as fh:
            fh.write(LABEL + "\n")
            out = csv.writer(fh, delimiter=delimiter)
            out.writerow(HEADER)
            for row, (kind, label) in rows(n, seed):
                out.writerow(row)
                kinds.append(kind)
                labels.append(label)
    elif fmt == "jsonl":
        keys = ["stt", "thoi_gian", "doi_tuong", "tinh_thanh", "ho_ten", "phan_du_thao", "noi_dung"]
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"#": LABEL}, ensure_ascii=False) + "\n")
            for row, (kind, label) in rows(n, seed):
                if len(row) != len(keys):
                    fh.write("{\"stt\": " + row[0] + ", \"thoi_gian\": \n")   # broken JSON
                else:
                    fh.write(json.dumps(dict(zip(keys, row)), ensure_ascii=False) + "\n")
                kinds.append(kind)
                labels.append(label)
    elif fmt == "parquet":
        data = {h: [] for h in HEADER}
        for row, (kind, label) in rows(n, seed):
            row = row + [""] * (len(HEADER) - len(row))
            for h, v in zip(HEADER, row):
                data[h].append(v)
            kinds.append(kind)
            labels.append(label)
        table = pa.table(data).replace_schema_metadata({"synthetic": LABEL})
        pq.write_table(table, path, row_group_size=50_000)
    else:
        raise SystemExit(f"unknown format {fmt!r}")
    pq.write_table(pa.table({"row": list(range(1, len(kinds) + 1)), "kind": kinds, "label": labels}),
                   truth)
    return truth


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, default=Path("gop-y-cong-khai.csv"))
    parser.add_argument("--format", default="csv", choices=("csv", "csv-utf16", "jsonl", "parquet"))
    parser.add_argument("--delimiter", default=";")
    parser.add_argument("--truth", type=Path, default=None)
    args = parser.parse_args(argv)
    truth = write(args.output, args.rows, args.seed, args.format, args.delimiter, args.truth)
    print(f"{args.rows} rows → {args.output} (truth: {truth})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
