"""Write notebooks 00–06 and the dashboard notebook (without outputs).

The committed .ipynb files are the product; this script is how they are kept
consistent. Run ``.venv/bin/python scripts/build_notebooks.py`` after editing
the cells below, then execute them (tests/test_notebooks.py does).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

FIRST_CELL = '''import os
from pathlib import Path

from consultkit.workspace import BUNDLED

# `consultkit lab` đặt CONSULTKIT_WORKSPACE; nếu không: thư mục chứa sổ tay này, hoặc đợt mẫu đi kèm
WORKSPACE = os.environ.get("CONSULTKIT_WORKSPACE") or (
    ".." if Path("../consultation.toml").is_file() else str(BUNDLED))
WORKSPACE'''

OPEN = '''from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

import consultkit
from consultkit import charts

pd.set_option("display.max_colwidth", 100)


def bang(frame):
    """Bảng để đọc: chữ căn trái, không hiện cột chỉ số."""
    left = [{"selector": "th", "props": [("text-align", "left")]}]
    return frame.style.hide(axis="index").set_properties(**{"text-align": "left"}).set_table_styles(left)


consultation = consultkit.open_consultation(WORKSPACE)
inbox = consultation.manifest.inbox
if len(consultation.register) == 0 and inbox is not None and inbox.exists():
    print(consultation.ingest())         # sổ ý kiến còn trống: đọc hộp thư đến trước
    print()
EXPORTS = Path(consultation.path) / "exports"
EXPORTS.mkdir(exist_ok=True)
print(consultation.manifest.title)
print("Hạn góp ý:", f"{consultation.deadline:%d/%m/%Y}" if consultation.deadline else "(không ghi)")'''

WORKSPACE_MD = ("Ô mã đầu tiên chọn thư mục của đợt lấy ý kiến: mặc định là đợt góp ý dự thảo "
                "Thông tư sửa đổi tiêu chí RIS-PACS năm 2021 đi kèm dự án. Muốn dùng cho đợt khác, "
                "đặt biến môi trường `CONSULTKIT_WORKSPACE` hoặc sửa đường dẫn trong ô đó. Nếu sổ ý "
                "kiến còn trống, sổ tay đọc hộp thư đến (`inbox/`) trước.")


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str):
    return new_code_cell(text.strip())


def notebook(cells) -> nbformat.NotebookNode:
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:02d}"            # stable ids: rebuilding changes nothing
    nb = new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def nb00():
    return notebook([
        md("""
# Bắt đầu: mở một đợt lấy ý kiến

Sổ tay này mở thư mục của đợt lấy ý kiến (mặc định: đợt lấy ý kiến góp ý dự thảo Thông tư sửa
đổi tiêu chí RIS-PACS năm 2021 đi kèm dự án), đọc **công văn xin ý kiến** và lập **danh sách
đơn vị nhận công văn** từ phụ lục của công văn.

Muốn dùng cho đợt khác: đặt biến môi trường `CONSULTKIT_WORKSPACE` trỏ tới thư mục đó (hoặc sửa
ô dưới đây). Tạo thư mục mới bằng lệnh `consultkit new THƯ_MỤC`.
"""),
        code(FIRST_CELL),
        code('''import pandas as pd
import consultkit
from consultkit.lint import SEVERITY_LABELS
from consultkit.readers.roster import roster_anomalies
from consultkit.schema import UNIT_KIND_LABELS

pd.set_option("display.max_colwidth", 120)


def bang(frame):
    """Bảng để đọc: chữ căn trái, không hiện cột chỉ số."""
    left = [{"selector": "th", "props": [("text-align", "left")]}]
    return frame.style.hide(axis="index").set_properties(**{"text-align": "left"}).set_table_styles(left)


consultation = consultkit.open_consultation(WORKSPACE)
print(consultation.manifest.title)'''),
        md("""
## Công văn xin ý kiến

Các trường để trống trên mẫu (số, ngày ban hành) được giữ là trống, không đoán. Hạn góp ý được
đọc từ câu "trước ngày …" trong nội dung công văn.
"""),
        code('''dispatch = consultation.dispatch
bang(pd.DataFrame(list(dispatch.summary().items()), columns=["Mục", "Nội dung"]))'''),
        md("Ghi chú của chương trình khi đọc công văn (những chỗ để trống hoặc phải suy ra):"),
        code('''for issue in dispatch.issues:
    print("-", issue)'''),
        md("""
## Danh sách đơn vị nhận công văn

Mỗi dòng là một đơn vị. Số nhóm và số thứ tự giữ nguyên như trong phụ lục của công văn. Nhóm chỉ
nêu tên mà không kèm danh sách được xử lý như sau: nhóm là một đơn vị (Bảo hiểm xã hội Việt Nam)
được tính là một đơn vị; nhóm Sở Y tế các tỉnh/thành phố được mở rộng theo danh mục tỉnh/thành
phố có hiệu lực vào ngày của công văn; nhóm khác giữ một **dòng đại diện**.
"""),
        code('''roster = consultation.roster
counts = (roster.groupby(["group", "group_title", "kind"], sort=False)
          .agg(so_don_vi=("unit_id", "size"), dai_dien=("placeholder", "all"))
          .reset_index())
counts["kind"] = counts["kind"].map(UNIT_KIND_LABELS)
counts["dai_dien"] = counts["dai_dien"].map({True: "có", False: ""})
counts.columns = ["Nhóm", "Tên nhóm", "Loại đơn vị", "Số đơn vị", "Dòng đại diện"]
print(f"Tổng số: {len(roster)} dòng (ngày áp dụng danh mục tỉnh: {roster.attrs['reference_date']:%d/%m/%Y})")
counts'''),
        code('''bang(pd.DataFrame({
    "Nhóm": roster["group"],
    "STT": roster["seq"].astype("string").fillna(""),
    "Tên đơn vị": roster["name"],
    "Loại đơn vị": roster["kind"].map(UNIT_KIND_LABELS),
    "Mã tỉnh": roster["province_code"],
    "Dòng đại diện": roster["placeholder"].map({True: "có", False: ""}),
}).head(12))'''),
        md("""
## Những điểm cần lưu ý trong phụ lục

Chương trình không tự sửa văn bản: những chỗ bất thường (ví dụ số nhóm bị lặp) được liệt kê dưới
đây để người soạn thảo quyết định.
"""),
        code('''findings = roster_anomalies(dispatch)
bang(pd.DataFrame({
    "Mức độ": findings["severity"].map(SEVERITY_LABELS),
    "Vị trí": findings["location"],
    "Nội dung": findings["message"],
    "Đề nghị": findings["suggestion"],
}))'''),
    ])


def nb01():
    return notebook([
        md(f"""
# Theo dõi phản hồi của các đơn vị

Ai đã trả lời, ai trả lời muộn, ai chưa trả lời và cần đôn đốc; biểu đồ tiến độ; bảng theo dõi
có bộ lọc và nút viết công văn đôn đốc.

{WORKSPACE_MD}
"""),
        code(FIRST_CELL),
        code(OPEN),
        md("""
## Tình hình chung theo nhóm đơn vị

Số đơn vị được xin ý kiến, đã trả lời, trả lời muộn (sau hạn góp ý) và cần đôn đốc, theo nhóm
như trong phụ lục của công văn. Nhóm chỉ nêu tên mà không liệt kê đơn vị không được tính là
đơn vị phải đôn đốc.
"""),
        code('''from consultkit.tracking import summary

responses = consultation.responses()
by_group = summary(responses)
bang(by_group.assign(placeholder=by_group["placeholder"].map({True: "có", False: ""})).rename(
    columns={"group": "Nhóm", "group_title": "Tên nhóm", "placeholder": "Nhóm không kèm danh sách",
             "consulted": "Số đơn vị", "replied": "Đã trả lời", "late": "Trả lời muộn",
             "to_remind": "Cần đôn đốc"}))'''),
        code('''units = responses[~responses["placeholder"]]
print(f"{len(units)} đơn vị được xin ý kiến; {int(units['replied'].sum())} đã trả lời, "
      f"trong đó {int((units['replied'] & units['late']).sum())} trả lời muộn; "
      f"{int(units['needs_reminder'].sum())} đơn vị cần đôn đốc.")'''),
        md("## Đơn vị trả lời muộn"),
        code('''late = responses[responses["replied"] & responses["late"]]
bang(pd.DataFrame({"Đơn vị": late["name"], "Nhóm": late["group"],
                   "Ngày trả lời": [f"{d:%d/%m/%Y}" for d in late["first_reply"]],
                   "Số ý kiến": late["n_comments"]}))'''),
        md("## Đơn vị chưa trả lời (cần đôn đốc)"),
        code('''missing = responses[responses["needs_reminder"]]
missing[["name", "group", "group_title"]].rename(columns={
    "name": "Đơn vị", "group": "Nhóm", "group_title": "Tên nhóm"}).reset_index(drop=True)'''),
        md("## Biểu đồ"),
        code("charts.reply_rate_by_group(responses)"),
        code("charts.cumulative_replies(responses, consultation.deadline)"),
        md("""
## Bảng theo dõi

Chọn nhóm và tình trạng để lọc. Nút **Cập nhật** đọc lại sổ ý kiến (sau khi nhập thêm thư trả
lời). Nút **Viết công văn đôn đốc** viết công văn gửi các đơn vị chưa trả lời vào thư mục
`exports/` của đợt lấy ý kiến, với hạn mới chọn ở ô *Hạn mới*.
"""),
        code('''from consultkit.views import ResponseTracker

tracker = ResponseTracker(consultation)
tracker'''),
        md("""
## Viết công văn đôn đốc bằng lệnh

Cùng việc với nút trên: một tệp gộp cho tất cả đơn vị chưa trả lời, hạn mới là 7 ngày sau hạn cũ,
ghi vào thư mục `exports/cong-van-don-doc/`.
"""),
        code('''import datetime as dt
from consultkit.writers.letters import write_reminders

new_deadline = (consultation.deadline or dt.date.today()) + dt.timedelta(days=7)
written = write_reminders(consultation, tracker.exports, new_deadline=new_deadline, merged=True)
written'''),
    ])


def nb02():
    return notebook([
        md(f"""
# So sánh các phiên bản, từng điều khoản

So sánh hai phiên bản bất kỳ (văn bản hiện hành, các dự thảo) theo từng điều khoản: điều khoản
nào được sửa đổi, bổ sung, bãi bỏ, di chuyển; xem chi tiết từng chữ cùng các ý kiến góp ý nêu
điều khoản đó; lịch sử của mỗi điều khoản qua các dự thảo; xuất bảng so sánh và bản Word có
đánh dấu thay đổi.

{WORKSPACE_MD}
"""),
        code(FIRST_CELL),
        code(OPEN),
        md("## Các phiên bản"),
        code('''versions = consultation.versions
names = consultation.version_names
pd.DataFrame([{"Phiên bản": name, "Số điều khoản": int((~frame["clause_id"].str.startswith("_")).sum())}
              for name, frame in versions.items()])'''),
        md("""
## So sánh hai phiên bản

Đổi `OLD` và `NEW` thành tên hai phiên bản bất kỳ trong bảng trên.
"""),
        code('''from consultkit import compare

OLD, NEW = names[0], names[-1]
comparison = compare(versions[OLD], versions[NEW])
bang(comparison.summary().query("count > 0")[["label", "count"]].rename(
    columns={"label": "Loại thay đổi", "count": "Số điều khoản"}))'''),
        code("charts.change_kinds(comparison.table, only_changed=True)"),
        code("HTML(comparison.to_html(layout='side-by-side', only_changed=True))"),
        md("""
## Xem từng điều khoản

Chọn hai phiên bản, lọc theo loại thay đổi hoặc gõ từ khóa (không cần dấu). Trong danh sách
điều khoản, phím ↑/↓ chuyển điều khoản; các nút **Trước**/**Sau** bấm được bằng Tab rồi Enter.
Bên phải là các ý kiến góp ý nêu điều khoản đang xem. Khi phiên bản mới là dự thảo cuối cùng,
khung bên dưới cho phép sửa điều khoản đang xem, bổ sung đơn vị sau nó (đánh số theo cách của
văn bản sửa đổi: 2.2a., d1)…) hoặc bãi bỏ nó, rồi lưu thành dự thảo mới (xem sổ tay 06).
"""),
        code('''from consultkit.views import ClauseDiffViewer

viewer = ClauseDiffViewer(versions, consultation.comments, old=OLD, new=NEW, consultation=consultation)
viewer'''),
        md("""
## Lịch sử của từng điều khoản qua các phiên bản

Mỗi dòng là một điều khoản theo dõi qua các phiên bản: số hiệu ở từng phiên bản và các thay đổi
ở mỗi bước.
"""),
        code('''from consultkit import compare_versions

from consultkit.comparison.core import CHANGE_LABELS
from consultkit.views import ident

history = compare_versions([versions[n] for n in names], names=names)
steps = [col for col in history.columns if col.startswith("change:")]
ids = history[[f"id:{n}" for n in names]].astype(str)
clauses_only = ~ids.apply(lambda col: col.str.startswith("_")).any(axis=1)
changed = history[clauses_only & (history[steps].ne("unchanged") & history[steps].ne("")).any(axis=1)]
print(f"{int(clauses_only.sum())} điều khoản, {len(changed)} có thay đổi qua các phiên bản")
table = pd.DataFrame({f"Số hiệu ở {n}": changed[f"id:{n}"].map(ident) for n in names})
for step in steps:
    table[f"Thay đổi ({step.split(':', 1)[1]})"] = changed[step].map(lambda c: CHANGE_LABELS.get(c, c))
bang(table.head(30))'''),
        md("""
## Xuất văn bản

Bảng so sánh (theo mẫu trình ký) và bản Word của phiên bản mới có đánh dấu thay đổi (Track
Changes) so với phiên bản cũ, ghi vào thư mục `exports/`.
"""),
        code('''from consultkit import write_comparison_table, write_tracked_changes

table_docx = write_comparison_table(comparison, EXPORTS / f"bang-so-sanh-{OLD}-{NEW}.docx")
tracked_docx = write_tracked_changes(comparison, EXPORTS / f"theo-doi-thay-doi-{OLD}-{NEW}.docx",
                                     author="Cục Công nghệ thông tin")
print(table_docx)
print(tracked_docx)'''),
    ])


def nb03():
    return notebook([
        md(f"""
# Xử lý ý kiến góp ý

Các ý kiến theo điều khoản, rồi ghi kết quả xử lý (tiếp thu, tiếp thu một phần, giải trình)
cho từng ý kiến. Mỗi lần bấm **Lưu** được ghi ngay vào sổ ý kiến, kèm nhật ký ai sửa, lúc nào.
Nếu người khác đã sửa ý kiến đó trước, chương trình không ghi đè mà báo rõ và giữ nguyên nội
dung anh/chị vừa nhập.

{WORKSPACE_MD}
"""),
        code(FIRST_CELL),
        code(OPEN),
        md("""
## Ý kiến theo điều khoản

`DRAFT` là phiên bản dùng để hiển thị nội dung điều khoản (mặc định: phiên bản cuối cùng trong
tệp `consultation.toml`). Một ý kiến nêu nhiều điều khoản được tính cho mỗi điều khoản.
"""),
        code('''from consultkit.writers.labels import clause_label

comments = consultation.comments
DRAFT = consultation.version_names[-1] if consultation.version_names else None
clauses = consultation.versions[DRAFT] if DRAFT else None
per_clause = (comments.assign(clause=[ids or (charts.NO_CLAUSE,) for ids in comments["clause_ids"]])
              .explode("clause").groupby(["clause", "stance"]).size().unstack(fill_value=0))
per_clause = (per_clause.reindex(charts.order_clause_ids(per_clause.index, clauses))
              .rename(index=lambda c: c if c == charts.NO_CLAUSE else clause_label(c),
                      columns=charts.STANCE_LABELS)
              .rename_axis(index="Điều khoản", columns="Loại ý kiến"))
per_clause'''),
        code("charts.comments_per_clause(comments, clauses)"),
        code("charts.clause_group_heatmap(comments, consultation.roster, clauses)"),
        md("""
## Ghi kết quả xử lý

Lọc theo điều khoản, đơn vị, loại ý kiến, trạng thái; chọn một ý kiến; chọn kết quả xử lý, nhập
nội dung tiếp thu hoặc giải trình, nhập tên người xử lý rồi bấm **Lưu**. Khung bên dưới sửa ngay
điều khoản mà ý kiến nêu (ý kiến đang chọn được đánh dấu là ý kiến được tiếp thu), rồi lưu thành
dự thảo mới.
"""),
        code('''from consultkit.views import CommentTriage

triage = CommentTriage(consultation.register, clauses=clauses, roster=consultation.roster,
                       consultation=consultation)
triage'''),
        md("""
## Ví dụ: ghi kết quả xử lý bằng lệnh

Ví dụ dưới đây chạy trên **bản sao** của sổ ý kiến (trong thư mục tạm), để việc chạy thử sổ tay
không làm thay đổi sổ thật. Muốn ghi vào sổ thật, dùng `consultation.register` thay cho `demo`.
`expected_version` là số phiên bản của ý kiến lúc đọc: nếu người khác đã sửa trong lúc đó, lệnh
báo lỗi `StaleEditError` và không ghi gì.
"""),
        code('''import sqlite3
import tempfile
from consultkit.register import Register

copy = Path(tempfile.mkdtemp()) / "register.sqlite"
with sqlite3.connect(consultation.register.path) as src, sqlite3.connect(copy) as dst:
    src.backup(dst)
demo = Register(copy)

todo = demo.comments().query("status == 'pending' and stance == 'substantive'")
if len(todo):
    first = todo.iloc[0]
    demo.set_disposition(first["comment_id"], status="partly_accepted",
                         response="Tiếp thu một phần; đã chỉnh sửa nội dung tại dự thảo.",
                         who="Chuyên viên (ví dụ)", expected_version=int(first["version"]))
    from consultkit.schema import DISPOSITION_STATUSES

    audit = demo.audit(first["comment_id"])
    fields = {"status": "Kết quả xử lý", "response": "Nội dung tiếp thu, giải trình"}
    show = lambda v: DISPOSITION_STATUSES.get(v, v)  # noqa: E731
    at = pd.to_datetime(audit["at"]).dt.tz_convert("Asia/Ho_Chi_Minh")  # giờ Việt Nam
    display(bang(pd.DataFrame({"Nội dung sửa": audit["field"].map(lambda f: fields.get(f, f)),
                               "Trước": audit["old_value"].map(show),
                               "Sau": audit["new_value"].map(show),
                               "Người sửa": audit["who"],
                               "Thời điểm": at.dt.strftime("%d/%m/%Y %H:%M")})))
else:
    print("Không còn ý kiến nào chưa xử lý.")'''),
        md("## Tình hình xử lý"),
        code('''charts.dispositions_by_status(consultation.comments)'''),
        md("""
## Góp ý công khai: xử lý theo nhóm

Khi lấy ý kiến rộng rãi trên cổng thông tin (`consultkit ingest THƯ_MỤC --public TỆP_XUẤT`), các
ý kiến giống nhau (mẫu chung, gần trùng) được gom thành nhóm. Duyệt các nhóm từ lớn đến nhỏ,
ghi **một** kết quả xử lý cho cả nhóm; mọi ý kiến trong nhóm nhận kết quả đó.
"""),
        code('''from consultkit.public import PublicStore
from consultkit.views import ClusterTriage

store = PublicStore.of(consultation)
if store.exists():
    display(ClusterTriage(store, consultation.register).widget)
else:
    print("Chưa có góp ý công khai trong không gian làm việc này.")'''),
    ])


CHARTS = '''responses = consultation.responses()
comments = consultation.comments
names = consultation.version_names
clauses = consultation.versions[names[-1]] if names else None
figures = {
    "so-lieu-chinh": charts.headline(responses, comments),
    "ty-le-tra-loi-theo-nhom": charts.reply_rate_by_group(responses),
    "tien-do-tra-loi": charts.cumulative_replies(responses, consultation.deadline),
    "y-kien-theo-dieu-khoan": charts.comments_per_clause(comments, clauses),
    "dieu-khoan-va-nhom-don-vi": charts.clause_group_heatmap(comments, consultation.roster, clauses),
    "tinh-hinh-xu-ly": charts.dispositions_by_status(comments),
}
if len(names) >= 2:
    from consultkit import compare
    figures["thay-doi-qua-du-thao"] = charts.change_kinds(
        compare(consultation.versions[names[0]], consultation.versions[names[-1]]).table,
        only_changed=True)'''


PUBLIC = '''from consultkit.public import PublicStore, views as public_views

store = PublicStore.of(consultation)
if store.exists():
    head = public_views.headline(store)
    n = lambda v: f"{v:,}".replace(",", ".")
    display(HTML(f"<p><b>{n(head['comments'])}</b> ý kiến công khai ({n(head['rejected'])} dòng bị loại), "
                 f"<b>{n(head['in_clusters'])}</b> ý kiến thuộc nhóm từ hai ý kiến trở lên, "
                 f"{n(head['clusters'])} nhóm tính cả ý kiến riêng lẻ.</p>"))
    for fig in (charts.public_over_time(store), charts.public_by_province(store),
                charts.public_clause_stance(store, clauses), charts.public_cluster_sizes(store)):
        fig.show()
else:
    display(HTML("<p>Chưa có góp ý công khai trong không gian làm việc này.</p>"))'''


def nb04():
    return notebook([
        md(f"""
# Biểu đồ cho cuộc họp và xuất văn bản

Các biểu đồ để trình bày tại cuộc họp (tỷ lệ trả lời theo nhóm, tiến độ so với hạn góp ý, ý
kiến theo điều khoản, tình hình xử lý, các thay đổi của dự thảo) và các văn bản xuất ra: bản
tổng hợp, tiếp thu, giải trình ý kiến (.docx và .xlsx), biểu đồ (.html, mở được không cần mạng).

Cùng các biểu đồ này có trang riêng cho lãnh đạo không dùng Jupyter: `consultkit dashboard
THƯ_MỤC` (hoặc `make dashboard`).

{WORKSPACE_MD}
"""),
        code(FIRST_CELL),
        code(OPEN),
        md("## Biểu đồ"),
        code(CHARTS),
        code('''for fig in figures.values():
    fig.show()'''),
        md("""
## Xuất biểu đồ

Mỗi biểu đồ được ghi thành tệp .html (luôn được, mở bằng trình duyệt không cần mạng). Tệp ảnh
.png cần có Chrome hoặc Chromium trên máy; nếu không có, chương trình báo rõ và bỏ qua.
"""),
        code('''from consultkit.errors import ExportError

chart_dir = EXPORTS / "bieu-do"
for name, fig in figures.items():
    print(charts.save_figure(fig, chart_dir / f"{name}.html"))
try:
    print(charts.save_figure(figures["ty-le-tra-loi-theo-nhom"], chart_dir / "ty-le-tra-loi-theo-nhom.png"))
except ExportError as exc:
    print("Không xuất được ảnh PNG:", exc)'''),
        md("""
## Bản tổng hợp, tiếp thu, giải trình ý kiến

Văn bản theo thể thức Nghị định 30/2020/NĐ-CP (khổ A4 ngang) và bảng tính cùng nội dung.
"""),
        code('''from consultkit import write_synthesis

docx = write_synthesis(consultation, EXPORTS / "ban-tong-hop-tiep-thu-giai-trinh.docx",
                       xlsx=EXPORTS / "ban-tong-hop-tiep-thu-giai-trinh.xlsx")
sorted(p.relative_to(EXPORTS).as_posix() for p in EXPORTS.rglob("*") if p.is_file())'''),
    ])


def dashboard():
    return notebook([
        md("""
# Tình hình lấy ý kiến góp ý dự thảo

Trang tổng hợp cho cuộc họp: số liệu chính, tỷ lệ trả lời của các đơn vị, tiến độ so với hạn
góp ý, ý kiến theo điều khoản và tình hình xử lý.
"""),
        code(FIRST_CELL.rsplit("\n", 1)[0]),      # no echo of the path on the page
        code('''import plotly.io as pio
import html
from IPython.display import HTML, display

import consultkit
from consultkit import charts

pio.renderers.default = "plotly_mimetype"
consultation = consultkit.open_consultation(WORKSPACE)
inbox = consultation.manifest.inbox
if len(consultation.register) == 0 and inbox is not None and inbox.exists():
    consultation.ingest()
deadline = f"{consultation.deadline:%d/%m/%Y}" if consultation.deadline else "không ghi"
display(HTML(f"<p><b>{html.escape(consultation.manifest.title)}</b> — hạn góp ý: {deadline}</p>"))'''),
        code(CHARTS),
        code('''for fig in figures.values():
    fig.show()'''),
        md("""
## Góp ý công khai

Ý kiến người dân và tổ chức gửi qua cổng thông tin (nhập bằng `consultkit ingest THƯ_MỤC --public
TỆP_XUẤT`): theo thời gian, theo tỉnh, thành phố, theo điều khoản và loại ý kiến, và cỡ các nhóm ý
kiến giống nhau (mẫu chung, gần trùng). Số liệu được tính trực tiếp trên kho dữ liệu, không nạp
toàn bộ ý kiến.
"""),
        code(PUBLIC),
    ])


def nb05():
    return notebook([
        md(f"""
# Hợp nhất văn bản: áp dụng văn bản sửa đổi vào văn bản gốc

Đọc các lệnh sửa đổi, bổ sung của một văn bản sửa đổi ("Sửa đổi, bổ sung … như sau:",
"Bổ sung … vào sau …", "Bãi bỏ …", "Thay thế cụm từ …"), áp dụng vào văn bản gốc và được văn
bản hợp nhất: giữ nguyên số hiệu của văn bản gốc, đơn vị bổ sung đặt đúng chỗ, đơn vị bị bãi
bỏ ghi "(được bãi bỏ)", mỗi thay đổi có chú thích cuối trang nêu văn bản sửa đổi. Lệnh nào
không áp dụng được (không có đơn vị, không thấy cụm từ, cụm từ xuất hiện nhiều lần…) được
liệt kê kèm lý do; không lệnh nào bị bỏ qua âm thầm.

Văn bản sửa đổi đi kèm đợt lấy ý kiến (`amending/sua-doi-du-thao-2.md`) là **văn bản minh
họa** do consultkit tự soạn từ bản so sánh văn bản hiện hành với dự thảo lần 2; hợp nhất nó
vào văn bản hiện hành phải được đúng dự thảo lần 2.

{WORKSPACE_MD}
"""),
        code(FIRST_CELL),
        code('''from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

import consultkit
from consultkit import compare, consolidate, read_amendments, write_consolidated
from consultkit.consolidation import surviving
from consultkit.consolidation.render import to_html

pd.set_option("display.max_colwidth", 90)


def bang(frame):
    """Bảng để đọc: chữ căn trái, không hiện cột chỉ số."""
    left = [{"selector": "th", "props": [("text-align", "left")]}]
    return frame.style.hide(axis="index").set_properties(**{"text-align": "left"}).set_table_styles(left)


consultation = consultkit.open_consultation(WORKSPACE)
EXPORTS = Path(consultation.path) / "exports"
EXPORTS.mkdir(exist_ok=True)
BASE_NAME = consultation.version_names[0]
BASE = consultation.versions[BASE_NAME]
AMENDING = Path(consultation.path) / "amending" / "sua-doi-du-thao-2.md"
print("Văn bản gốc:", BASE_NAME)
print("Văn bản sửa đổi:", AMENDING.name)'''),
        md("""
## Các lệnh sửa đổi, bổ sung

Mỗi dòng là một thao tác: vị trí của lệnh trong văn bản sửa đổi, thao tác, đơn vị của văn bản
gốc mà lệnh nêu (mã điều khoản) và nội dung mới (trích dẫn).
"""),
        code('''instructions = read_amendments(AMENDING)
info = instructions.attrs["document"]
print(info["title"])
print("Số:", info["number"] or "(chưa có)", "— có hiệu lực:", info["effective"] or "(chưa ghi)")
bang(pd.DataFrame({
    "Lệnh": instructions["location"],
    "Thao tác": instructions["action_label"],
    "Đơn vị": [", ".join(t) for t in instructions["targets"]],
    "Cụm từ": instructions["phrase"],
    "Nội dung mới": instructions["text"].str.slice(0, 80) + instructions["new_phrase"],
}))'''),
        md("""
## Hợp nhất

Áp dụng lần lượt các lệnh vào văn bản gốc. Bảng dưới cho biết lệnh nào đã áp dụng, lệnh nào
không và vì sao. Ô thứ hai thử thêm một văn bản có lệnh sai để thấy cách báo lỗi.
"""),
        code('''merged = consolidate(BASE, instructions)
report = merged.attrs["report"]
print(f"Đã áp dụng {int(report['applied'].sum())}/{len(report)} lệnh.")
bang(pd.DataFrame({
    "Lệnh": report["location"],
    "Nội dung lệnh": report["instruction"].str.slice(0, 90),
    "Kết quả": report["applied"].map({True: "đã áp dụng", False: "không áp dụng"}),
    "Lý do": report["reason"],
}))'''),
        code('''wrong = ("Điều 1. Sửa đổi, bổ sung một số nội dung\\n"
         "1. Bãi bỏ tiểu mục 9.9 mục IV.\\n"
         "2. Thay thế cụm từ “tối thiểu 10 năm” bằng cụm từ “tối thiểu 05 năm” tại tiểu mục 2.2 mục IV.")
checked = consolidate(BASE, instructions, wrong)
bad = checked.attrs["report"]
bang(bad[~bad["applied"]][["document", "location", "instruction", "reason"]].rename(columns={
    "document": "Văn bản", "location": "Lệnh", "instruction": "Nội dung lệnh", "reason": "Lý do"}))'''),
        md("""
## Văn bản hợp nhất

Số hiệu của văn bản gốc được giữ nguyên; các số chú thích dẫn đến danh sách chú thích ở cuối.
"""),
        code("HTML(to_html(merged))"),
        md("""
## Đối chiếu

Văn bản hợp nhất so với văn bản gốc, từng điều khoản, trong trình xem so sánh; và so với dự thảo
lần 2 (phải trùng khớp: văn bản sửa đổi được soạn từ chính dự thảo đó).
"""),
        code('''from consultkit.views import ClauseDiffViewer

viewer = ClauseDiffViewer({BASE_NAME: BASE, "hợp nhất": surviving(merged)}, old=BASE_NAME,
                          new="hợp nhất")
viewer'''),
        code('''LATEST = consultation.version_names[-1]
check = compare(surviving(merged), consultation.versions[LATEST])
different = check.changed()
print(f"So với {LATEST}: {len(different)} điều khoản khác nhau")'''),
        md("""
## Xuất văn bản hợp nhất

Bản Word theo thể thức Nghị định 30/2020 (chú thích cuối trang thật của Word) và bản HTML,
ghi vào thư mục `exports/`.
"""),
        code('''docx = write_consolidated(merged, EXPORTS / "van-ban-hop-nhat.docx")
html = write_consolidated(merged, EXPORTS / "van-ban-hop-nhat.html")
print(docx)
print(html)'''),
    ])


def nb06():
    return notebook([
        md(f"""
# Soạn dự thảo tiếp theo từ kết quả xử lý ý kiến

Tiếp thu ý kiến thì sửa dự thảo: sửa nội dung một điều khoản của dự thảo mới nhất, bổ sung đơn
vị mới sau một điều khoản (đánh số theo cách của văn bản sửa đổi, không đánh số lại: `2.2a.`,
`d1)`, `1a.`), hoặc bãi bỏ một điều khoản; mỗi chỉnh sửa ghi các ý kiến được tiếp thu và lý do.
Các chỉnh sửa được ghi ngay vào sổ ý kiến (có nhật ký ai sửa, lúc nào; hai người sửa cùng một
điều khoản thì người lưu sau được báo, không mất nội dung).

**Lưu thành dự thảo mới** ghi dự thảo tiếp theo vào thư mục `versions/`: chính tệp Word của dự
thảo trước (giữ nguyên định dạng, đánh số tự động) với các chỉnh sửa, và tệp .md cùng nội dung.
Bảng so sánh lấy lý do và tên đơn vị có ý kiến được tiếp thu làm cột "Thuyết minh"; bản tổng hợp
ghi ý kiến được tiếp thu tại đâu.

{WORKSPACE_MD}
"""),
        code(FIRST_CELL),
        code(OPEN),
        md("""
## Sửa dự thảo

Gõ số hiệu điều khoản (ví dụ `IV.2.2.a`) vào ô dưới, chọn việc cần làm, sửa nội dung, chọn các ý
kiến được tiếp thu, ghi lý do rồi bấm **Lưu chỉnh sửa**. Khi đủ các chỉnh sửa, đặt tên và bấm
**Lưu thành dự thảo mới**.
"""),
        code('''import ipywidgets as widgets
from consultkit.views import ClauseEditor

editor = ClauseEditor(consultation)
choose = widgets.Combobox(description="Điều khoản:", placeholder="IV.2.2.a",
                          options=[c for c in consultation.versions[editor.base]["clause_id"]
                                   if not c.startswith("_")], ensure_option=True)
choose.observe(lambda change: editor.show(change["new"]), "value")
widgets.VBox([choose, editor.widget])'''),
        md("""
## Ví dụ: cả vòng soạn thảo bằng lệnh, trên một bản sao

Ví dụ dưới đây chạy trên **bản sao** của đợt lấy ý kiến (thư mục `exports/thu-soan-du-thao/`),
để việc chạy thử không thêm dự thảo vào đợt lấy ý kiến thật: sửa điểm a tiểu mục 2.2 theo ý kiến
của các đơn vị, bổ sung tiểu mục 2.1a, bãi bỏ tiểu mục 2.3, lưu thành dự thảo 3, rồi so sánh,
lập bảng so sánh và bản tổng hợp.
"""),
        code('''import shutil
from consultkit import compare, new_consultation, open_consultation

demo_dir = EXPORTS / "thu-soan-du-thao"
shutil.rmtree(demo_dir, ignore_errors=True)
demo = open_consultation(new_consultation(demo_dir, template=consultation.path, with_comments=True))
demo.ingest()
base = demo.version_names[-1]
cited = demo.comments[[("IV.2.2.a" in ids) for ids in demo.comments["clause_ids"]]]
answered = list(cited["comment_id"][:2])
demo.edit_clause("IV.2.2.a", "Lưu trữ hình ảnh của người bệnh tại cơ sở trong thời gian tối đa "
                 "24 tháng kể từ ngày thực hiện kỹ thuật; hình ảnh cần lưu trữ lâu hơn được chuyển về "
                 "hệ thống quản lý, lưu trữ hình ảnh y tế tập trung;",
                 reason="Kéo dài thời gian lưu trữ tại cơ sở", comments=answered, who="Chuyên viên (ví dụ)")
added = demo.insert_after("IV.2.1", "Phòng máy chủ có hệ thống phòng cháy, chữa cháy và kiểm soát "
                          "ra vào.", comments=answered[:1], who="Chuyên viên (ví dụ)")
demo.repeal_clause("IV.2.3", reason="Nội dung đã quy định tại tiểu mục 6.2", who="Chuyên viên (ví dụ)")
print("Đơn vị bổ sung mang số", added["number"])
written = demo.new_draft("du-thao-3", based_on=base)
for path in written.values():
    print(path.relative_to(demo_dir))'''),
        md("## Dự thảo 3 so với dự thảo 2"),
        code('''from consultkit.comparison.core import CHANGE_LABELS
from consultkit.views import ident

step = compare(demo.versions[base], demo.versions["du-thao-3"])
changed = step.table[step.table["change"] != "unchanged"]
bang(pd.DataFrame({"Dự thảo 2": changed["old_id"].map(ident), "Dự thảo 3": changed["new_id"].map(ident),
                   "Thay đổi": changed["change"].map(lambda c: CHANGE_LABELS.get(c, c))}))'''),
        code('''HTML(step.to_html(layout="side-by-side", only_changed=True))'''),
        md("## Bảng so sánh và bản tổng hợp"),
        code('''from consultkit import write_comparison_table, write_synthesis
from consultkit.drafting import draft_rationale

(demo_dir / "exports").mkdir(exist_ok=True)
rationale = draft_rationale(demo, base)
table_docx = write_comparison_table(step, demo_dir / "exports" / "bang-so-sanh-du-thao-3.docx",
                                    rationale=rationale)
synthesis_docx = write_synthesis(demo, demo_dir / "exports" / "ban-tong-hop.docx")
from consultkit.comparison.amend import cite

bang(pd.DataFrame({"Điều khoản": [cite(k).capitalize() for k in rationale],
                   "Thuyết minh": list(rationale.values())}))'''),
        code('''names = dict(zip(demo.roster["unit_id"], demo.roster["name"]))
placed = demo.comments.query("placed != ''")
bang(pd.DataFrame({"Đơn vị": [names.get(u, r) for u, r in zip(placed["unit_id"], placed["unit_raw"])],
                   "Ý kiến": [t[:120] for t in placed["text"]], "Đã tiếp thu tại": placed["placed"]}))'''),
    ])


def main() -> None:
    builds = {"00_bat_dau.ipynb": nb00, "01_theo_doi_phan_hoi.ipynb": nb01, "02_so_sanh_dieu_khoan.ipynb": nb02,
              "03_xu_ly_gop_y.ipynb": nb03, "04_bieu_do_hop.ipynb": nb04,
              "05_hop_nhat.ipynb": nb05, "06_soan_du_thao.ipynb": nb06,
              "dashboard.ipynb": dashboard}
    for name, build in builds.items():
        nb = build()
        nbformat.validate(nb)
        nbformat.write(nb, NOTEBOOKS / name)
        print("wrote", NOTEBOOKS / name)


if __name__ == "__main__":
    main()
