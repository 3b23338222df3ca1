"""The consultation dispatch (công văn xin ý kiến) as a frozen :class:`Dispatch`.

:func:`load_dispatch` reads a ``.md``/``.txt`` transcription or a ``.docx``
(header as a table issuer | Quốc hiệu, or as plain paragraphs) into the same
:class:`Dispatch`. The document is cut into parts by their markers, in order:

* header — issuer lines (upper case, before "Số:"), "Số: …/KÝ-HIỆU", the
  place-and-date line, the subject ("V/v …"/"Về việc …", continued until a blank line);
* addressees — "Kính gửi:" and the list under it (bulleted, or lines ending in ";",
  or several on the "Kính gửi" line separated by ";");
* body — paragraphs up to the signer's title or "Nơi nhận:";
* closing — signer's title (upper case), "Nơi nhận:" list, signer's name;
* annex — see :mod:`consultkit.readers.annex`.

Blank form fields stay ``None`` ("Số: /CNTT-THKCB" has no number; "ngày tháng
năm 2021" has no date but a year). When the header has no issuer line, the
issuer is derived from the body: the agency whose name's initials give the
first part of the ký hiệu ("CNTT" → "Cục Công nghệ thông tin"), with the
ministry named after it ("…, Bộ Y tế"); :attr:`Dispatch.issues` says so.
Everything is NFC; Markdown emphasis is stripped. Text copied from a PDF, where
the two columns of the header and of the closing run together on one line, is
unfolded first (:func:`consultkit.readers.layout.unfold_columns`).

The deadline is a date only when the dispatch writes one: a period counted from
receipt ("trong thời hạn 10 ngày kể từ ngày nhận được công văn"), an impossible
date ("30/02/2024") or a date without its year leave :attr:`Dispatch.deadline`
``None`` and keep the phrase in :attr:`Dispatch.deadline_text`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError, UnsupportedFormatError
from ..text import fold, normalize
from .annex import is_annex_title, parse_annex
from .dates import date_line, deadline_phrase, find_deadline, relative_deadline
from .files import Source, read_bytes, source_name
from .issuer import derive_issuer, proper_case
from .layout import collect_list, is_person_name, is_signer_title, item, unfold_columns, upper
from .plain import Line, docx_lines, markdown_lines, where_vi

__all__ = ["AnnexGroup", "Dispatch", "load_dispatch", "dispatch_lines", "parse_dispatch_lines"]


@dataclass(frozen=True)
class AnnexGroup:
    """One group of the recipient annex, as written."""

    number: str                      # "I", "IV" — as written
    title: str                       # "Bảo hiểm xã hội Việt Nam"
    entries: tuple[tuple[str, str], ...] = ()   # (seq as written, unit name)
    line: int | None = field(default=None, compare=False)  # line/paragraph of the heading
    location: str = field(default="", compare=False)       # "line 48", "p30", "t3.r1"
    entry_locations: tuple[str, ...] = field(default=(), compare=False)  # one per entry


@dataclass(frozen=True)
class Dispatch:
    """A consultation dispatch. Blank form fields are ``None``, never guessed."""

    issuer: str                      # "Cục Công nghệ thông tin"
    parent_issuer: str | None        # "Bộ Y tế"
    number: str | None               # "123/CNTT-THKCB"; None where "Số: /CNTT-THKCB" is blank
    number_symbol: str | None        # "CNTT-THKCB" (the ký hiệu, kept even when the number is blank)
    place: str | None                # "Hà Nội"
    date: dt.date | None             # None where "ngày tháng năm 2021" is blank
    year: int | None                 # the year even when day/month are blank
    subject: str                     # trích yếu, "V/v xin ý kiến góp ý dự thảo …"
    addressees: tuple[str, ...]      # Kính gửi entries
    body: tuple[str, ...]            # body paragraphs
    deadline: dt.date | None
    contact_email: str | None
    postal_address: str | None
    signer_title: str | None         # "CỤC TRƯỞNG"; one line each: "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG"
    signer_name: str | None          # "Trần Quý Tường"
    cc: tuple[str, ...]              # Nơi nhận entries
    annex_title: str | None
    annex: tuple[AnnexGroup, ...] = ()
    source: str = ""                 # file it was read from
    issues: tuple[str, ...] = field(default=(), compare=False)  # anomalies seen while reading
    annex_note: str | None = None    # "(Kèm theo Công văn số …)"
    annex_issues: tuple[str, ...] = field(default=(), compare=False)  # the annex's share of issues
    #: the deadline phrase as written ("trước ngày 30/02/2024", "trong thời hạn 10 ngày kể từ …"),
    #: also when it gives no date (an impossible date, a period counted from receipt)
    deadline_text: str | None = None

    @property
    def reference_date(self) -> dt.date | None:
        """The date the roster is valid on: the dispatch's date, else its deadline,
        else 1 January of its year."""
        if self.date:
            return self.date
        if self.deadline:
            return self.deadline
        return dt.date(self.year, 1, 1) if self.year else None

    def summary(self) -> dict[str, str]:
        """The main fields with Vietnamese labels, for display."""
        def fmt(day: dt.date | None) -> str:
            return f"{day:%d/%m/%Y} ({day.isoformat()})" if day else "(để trống)"

        issuer = self.issuer + (f", {self.parent_issuer}" if self.parent_issuer else "")
        number = self.number or (f"…/{self.number_symbol} (chưa ghi số)" if self.number_symbol
                                 else "(để trống)")
        date = fmt(self.date) if self.date else (f"(để trống) năm {self.year}" if self.year
                                                  else "(để trống)")
        return {
            "Cơ quan ban hành": issuer or "(không rõ)",
            "Số, ký hiệu": number,
            "Địa danh": self.place or "(để trống)",
            "Ngày ban hành": date,
            "Trích yếu": self.subject or "(không có)",
            "Kính gửi": "; ".join(self.addressees),
            "Hạn góp ý": fmt(self.deadline) if self.deadline or not self.deadline_text
                         else f"({_dateless(self.deadline_text)}) “{self.deadline_text}”",
            "Thư điện tử": self.contact_email or "(không có)",
            "Địa chỉ nhận văn bản": self.postal_address or "(không có)",
            "Người ký": " ".join(x for x in ((self.signer_title or "").replace("\n", " / "),
                                              self.signer_name) if x) or "(không có)",
            "Nơi nhận": "; ".join(self.cc),
        }


_NUMBER = re.compile(r"^Số\s*:?\s*(?P<num>[^/\s]*)\s*/\s*(?P<sym>[^\s,;]*)", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ADDRESS = re.compile(
    r"địa\s+chỉ\s*:?\s*(?P<address>.+?)(?=\s+hoặc\b|\s*;|\s*,?\s*(?:email|e-mail|thư điện tử|"
    r"điện thoại|ĐT|số điện thoại|fax|trước|chậm nhất|trong thời hạn|trong vòng|đồng thời|để|"
    r"không muộn hơn|đến hết)\b|\s*\(|(?<!\bTP)(?<!\bTX)(?<!\bQ)(?<!\bP)\.(?:\s|$)|$)",
    re.IGNORECASE,
)


def _dateless(phrase: str) -> str:
    """Why a written deadline gives no date, in Vietnamese."""
    if relative_deadline(phrase):
        return "không có ngày cụ thể"
    return "không ghi năm" if not re.search(r"\d{4}", phrase) else "không phải ngày có thật"


def _postal_address(body: str) -> str | None:
    """The postal address after "địa chỉ:", None when only an e-mail address is given."""
    for match in _ADDRESS.finditer(body):
        address = match.group("address").strip(" ,:")
        key = fold(address)
        if not address or _EMAIL.search(address) or key.startswith(
                ("thu dien tu", "email", "e-mail", "hop thu", "cong thong tin", "website")):
            continue
        return address
    return None


def parse_dispatch_lines(lines: list[Line], source: str = "") -> Dispatch:
    """Build a :class:`Dispatch` from the lines of a document (see module docstring)."""
    issues: list[str] = []
    lines = unfold_columns(lines)
    n = len(lines)
    kinh_gui = next((i for i, l in enumerate(lines) if fold(l.text).startswith("kinh gui")), None)
    if kinh_gui is None:
        nonblank = [l for l in lines if l.text]
        where = (f"{len(nonblank)} non-empty lines, first: “{nonblank[0].text[:60]}”"
                 if nonblank else "no text at all")
        raise ParseError("không có dòng “Kính gửi:”: đây không giống công văn xin ý kiến",
                         path=source or None, where=where,
                         hint="Đưa vào công văn (.md/.txt/.docx) có phần đầu và dòng "
                              "“Kính gửi: …”; dự thảo văn bản thì đọc bằng 'consultkit clauses TỆP'")
    annex_at = next((i for i in range(kinh_gui + 1, n) if is_annex_title(lines, i)), n)

    # header
    issuer_lines: list[str] = []
    subject: list[str] = []
    number = symbol = place = None
    date = None
    year = None
    in_subject = False
    for line in lines[:kinh_gui]:
        text = line.text
        key = fold(text)
        if not text or key.startswith(("cong hoa xa hoi chu nghia", "doc lap tu do")) \
                or re.fullmatch(r"[-_=*.\s]+", text):
            in_subject = False
            continue
        if (match := _NUMBER.match(text)) and symbol is None:
            num = match.group("num").strip(" .…_")
            symbol = match.group("sym") or None
            number = f"{num}/{symbol}" if num else None
            in_subject = False
        elif (parsed := date_line(text)) is not None and place is None:
            place, date, year = parsed
            in_subject = False
        elif key.startswith(("v v ", "ve viec ")) or key == "v v":
            subject = [text]
            in_subject = True
        elif in_subject:
            subject.append(text)
        elif upper(text) and symbol is None:
            issuer_lines.append(text)
        else:
            issues.append(f"{where_vi(line.location)}: dòng ở phần đầu không nhận ra: “{text}”")

    # addressees
    addressees: list[str] = []
    inline = re.sub(r"^kính\s+gửi\s*:?\s*", "", lines[kinh_gui].text, flags=re.IGNORECASE)
    if inline:
        # "Kính gửi: Bộ Tài chính; Bộ Tư pháp; Bộ Công an." — several on one line
        addressees += [item(part) for part in re.split(r";\s+(?=\S)", inline)]
    i = kinh_gui + 1
    while i < annex_at and lines[i].blank:
        i += 1
    items, j = collect_list(lines, i)
    if items:
        addressees += items
        i = j
    else:
        # unbulleted lines: "Kính gửi: Bộ Tài chính;" / "Bộ Nội vụ;" / "Bộ Công an."
        last = inline if inline else ""
        if not addressees and i < annex_at:
            last = lines[i].text
            addressees.append(item(last))
            i += 1
        while (i < annex_at and last.rstrip().endswith((";", ",")) and lines[i].text
               and len(lines[i].text) <= 150 and not is_signer_title(lines[i].text)):
            last = lines[i].text
            addressees.append(item(last))
            i += 1

    # body
    body: list[str] = []
    while i < annex_at:
        text = lines[i].text
        if fold(text).startswith("noi nhan") or is_signer_title(text):
            break
        if text:
            body.append(text)
        i += 1
    body_text = " ".join(body)

    # closing: signer's title, Nơi nhận, signer's name
    titles: list[str] = []
    names: list[str] = []
    cc: list[str] = []
    while i < annex_at:
        line = lines[i]
        text = line.text
        if not text or fold(text) in {"da ky", "ky ten dong dau", "ky va ghi ro ho ten"}:
            i += 1
            continue
        if fold(text).startswith("noi nhan"):
            rest = re.sub(r"^nơi\s+nhận\s*:?\s*", "", text, flags=re.IGNORECASE)
            if rest:
                cc.append(item(rest))
            k = i + 1
            while k < annex_at and lines[k].blank:
                k += 1
            items, i = collect_list(lines, k)
            cc += items
            continue
        if upper(text):
            titles.append(text)
        elif is_person_name(text):
            names.append(text)
        else:
            issues.append(f"{where_vi(line.location)}: dòng ở phần ký không nhận ra: “{text}”")
        i += 1

    # issuer
    issuer, parent = "", None
    if issuer_lines:
        issuer = proper_case(issuer_lines[-1], body_text)
        parent = proper_case(issuer_lines[-2], body_text) if len(issuer_lines) >= 2 else None
    else:
        issuer, parent, how = derive_issuer(symbol, body_text)
        if issuer:
            issues.append(f"Phần đầu không có tên cơ quan ban hành; đã suy ra “{issuer}"
                          f"{', ' + parent if parent else ''}” từ ký hiệu “{symbol}” và nội dung "
                          f"công văn ({how})")
        else:
            issues.append("Không xác định được cơ quan ban hành (phần đầu không có, nội dung "
                          "không nêu tên cơ quan ứng với ký hiệu)")

    emails = _EMAIL.findall(body_text)
    address = _postal_address(body_text)
    deadline = find_deadline(body_text)
    deadline_text = deadline_phrase(body_text)
    relative = relative_deadline(body_text) if deadline is None else None
    if deadline is None and deadline_text and not re.search(r"\d{4}", deadline_text):
        issues.append(f"Hạn góp ý “{deadline_text}” không ghi năm")
    elif deadline is None and deadline_text:
        issues.append(f"Hạn góp ý “{deadline_text}” không phải ngày có thật")
    elif relative is not None:
        deadline_text = relative[2]
        issues.append(f"Hạn góp ý tính từ ngày nhận công văn (“{relative[2]}”), không có ngày cụ thể")
    elif deadline is None:
        issues.append("Không tìm thấy hạn góp ý (“trước ngày …”) trong nội dung công văn")
    if not subject:
        issues.append("Không có trích yếu (“V/v …”)")
    if symbol and number is None:
        issues.append(f"Số công văn để trống (“Số: /{symbol}”)")
    if year and date is None:
        issues.append(f"Ngày, tháng ban hành để trống (năm {year})")

    annex_title, annex_note, raw_groups, annex_issues = parse_annex(lines[annex_at:])
    issues += annex_issues
    groups = []
    for g in raw_groups:
        digits = re.search(r"\d+", g["location"])
        groups.append(AnnexGroup(
            number=g["number"], title=g["title"], entries=tuple(g["entries"]),
            line=int(digits.group(0)) if digits and g["location"].startswith(("line", "p")) else None,
            location=g["location"], entry_locations=tuple(g["entry_locations"])))

    return Dispatch(
        issuer=issuer,
        parent_issuer=parent,
        number=number,
        number_symbol=symbol,
        place=place,
        date=date,
        year=year,
        subject=normalize(" ".join(subject)),
        addressees=tuple(a for a in addressees if a),
        body=tuple(body),
        deadline=deadline,
        contact_email=emails[0] if emails else None,
        postal_address=address,
        signer_title="\n".join(titles) or None,   # one line each, as signed: "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG"
        signer_name=names[-1] if names else None,
        cc=tuple(c for c in cc if c),
        annex_title=annex_title,
        annex=tuple(groups),
        source=source,
        issues=tuple(i[:1].upper() + i[1:] for i in issues),
        annex_note=annex_note,
        annex_issues=tuple(annex_issues),
        deadline_text=deadline_text,
    )


_TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}


def load_dispatch(src: Source) -> Dispatch:
    """Read a dispatch from a ``.md``/``.txt``/``.docx`` path or file object.

    Bad files raise :class:`~consultkit.errors.ConsultkitError` subclasses that
    name the file; a file without "Kính gửi" raises :class:`ParseError`.
    """
    lines, name = dispatch_lines(src)
    return parse_dispatch_lines(lines, source=name)


def dispatch_lines(src: Source) -> tuple[list[Line], str]:
    """The lines of a dispatch file as written (before parsing), and the file's name."""
    name = source_name(src)
    suffix = Path(name).suffix.lower()
    if suffix in {".doc", ".docx", ".docm", ".dotx"}:
        lines = docx_lines(src)
    elif suffix in _TEXT_SUFFIXES:
        data = read_bytes(src)
        if data.startswith(b"PK\x03\x04") and not isinstance(src, (str, Path)):
            stream = io.BytesIO(data)
            stream.name = name
            lines = docx_lines(stream)
        else:
            stream = io.BytesIO(data)
            stream.name = name
            lines = markdown_lines(stream)
    else:
        raise UnsupportedFormatError(f"không đọc được công văn từ tệp '{suffix}'", path=name,
                                     hint="Đưa công văn dưới dạng .docx, .md hoặc .txt")
    return lines, name
