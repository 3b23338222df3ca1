"""E-mail messages (.eml) → comments from their reply letters, or from the body.

* sender: display name and address from ``From``; date from ``Date`` (the
  date as the sender's clock wrote it); subject; body (text/plain preferred,
  else HTML reduced to text, with scripts and styles dropped);
* ``.docx`` and ``.pdf`` (text layer) attachments are read as reply letters
  (:func:`consultkit.readers.letters.read_letter`), **in memory**: nothing is
  written to disk, so an attachment name such as ``../../x.docx`` can never
  place a file anywhere. Names are sanitised (:func:`safe_filename`) before
  they appear in a ``source``;
* other attachments (legacy .doc, images) and PDFs without text are listed in the
  rejects with the reason;
* a message without a readable letter attachment gives its body as the
  comment text, cut like a letter body (one comment per cited clause).
  With letter attachments, the body is taken as a cover note, not a comment;
* bounded work (:mod:`consultkit.readers.limits`): an attachment over the
  attachment budget is rejected from its encoded size, before decoding; a
  body that is not text (binary data declared as text: replacement or control
  characters) or longer than the body budget is rejected, never cut into
  comments; a message whose only part is not text is read as an attachment.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import html.parser
import io
import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import ConsultkitError, InputFileError
from ..text import normalize
from .files import Source, read_bytes, source_name
from .limits import MB, SETTINGS, current, number_text, size_text
from .letters import letter_comments, read_letter, split_comments
from .rows import ReadResult, raw_row

LETTER_SUFFIXES = (".docx", ".pdf")
_BY_TYPE = {"application/pdf": ".pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def safe_filename(name: str | None, default: str = "attachment") -> str:
    """A plain file name: base name only, no ``..``, no control characters, no drive.

    >>> safe_filename("../../x.docx")
    'x.docx'
    >>> safe_filename("C:\\\\Users\\\\a\\\\gop y.docx")
    'gop y.docx'
    """
    if not name:
        return default
    name = unicodedata.normalize("NFC", str(name))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = PureWindowsPath(PurePosixPath(name.replace("\\", "/")).name).name
    name = name.strip().lstrip(".").strip()
    name = re.sub(r'[<>:"/\\|?*]', "_", name)
    return name[:150] or default


class _TextOfHtml(html.parser.HTMLParser):
    """HTML → text: block tags become line breaks; script/style contents dropped."""

    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
              "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, one line per block."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = [normalize(line) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _decoded(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def read_message(source: Source, *, name: str | None = None):
    """Parse an .eml file into an ``email.message.EmailMessage``."""
    name = name or source_name(source)
    data = read_bytes(source)
    if not data.strip():
        raise InputFileError("tệp thư điện tử trống", path=name, hint="Lưu lại thư từ chương trình thư")
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(h) for h in ("From", "Date", "Subject")) or message.defects and \
            not message.get_payload():
        raise InputFileError("đây không phải thư điện tử (không có dòng “From”, “Date” hay “Subject”)",
                             path=name, hint="Lưu thư từ chương trình thư dưới dạng .eml")
    return message


def message_fields(message) -> dict:
    """sender name, address, date, subject and body text of a message."""
    display, address = "", ""
    try:
        sender = message["From"]
        if sender is not None and getattr(sender, "addresses", None):
            display = sender.addresses[0].display_name or ""
            address = sender.addresses[0].addr_spec or ""
        elif sender is not None:
            display, address = email.utils.parseaddr(str(sender))
    except (ValueError, IndexError, TypeError):
        display, address = email.utils.parseaddr(str(message.get("From", "")))
    date = None
    try:
        stamp = message["Date"]
        parsed = getattr(stamp, "datetime", None) or (
            email.utils.parsedate_to_datetime(str(stamp)) if stamp else None)
        date = parsed.date() if isinstance(parsed, dt.datetime) else None
    except (ValueError, TypeError, IndexError):
        date = None
    body_part = message.get_body(preferencelist=("plain", "html"))
    body, body_problem = "", None
    if body_part is not None:
        body_problem = _body_problem(body_part)
        if body_problem is None:
            content = _decoded(body_part)
            body_problem = _binary_problem(content)
            if body_problem is None:
                body = html_to_text(content) if body_part.get_content_subtype() == "html" else content
    return {"sender_name": normalize(display), "sender_address": normalize(address), "date": date,
            "subject": normalize(str(message.get("Subject", "") or "")), "body": body,
            "body_problem": body_problem}


def _encoded_size(part) -> int:
    """Bytes a part will decode to, estimated from its encoded payload (no decoding)."""
    payload = part.get_payload()
    if not isinstance(payload, (str, bytes)):
        return 0
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    return len(payload) * 3 // 4 if encoding == "base64" else len(payload)


def _body_problem(part) -> str | None:
    """Why a body part cannot be the comment text before decoding it (too long), else None."""
    budget = current().body_chars
    size = _encoded_size(part)
    if size > budget * 4:           # a character is at most 4 bytes in any charset we read
        return (f"thân thư dài {size_text(size)}, vượt giới hạn {number_text(budget)} ký tự cho "
                f"nội dung một thư; {_raise_hint('body_chars')}")
    return None


def _binary_problem(text: str) -> str | None:
    """Why decoded body text is not text (binary data, too long), else None."""
    if not text:
        return None
    junk = sum(1 for ch in text if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f")
               or "\x7f" <= ch <= "\x9f")
    if junk > max(3, len(text) // 100):
        return ("thân thư không phải văn bản (dữ liệu nhị phân hoặc sai bảng mã: "
                f"{number_text(junk)} ký tự không đọc được); hãy gửi góp ý dưới dạng văn bản hoặc "
                "tệp đính kèm .docx/.pdf")
    budget = current().body_chars
    if len(text) > budget:
        return (f"thân thư dài {number_text(len(text))} ký tự, vượt giới hạn {number_text(budget)} "
                f"ký tự cho nội dung một thư; {_raise_hint('body_chars')}")
    return None


def _raise_hint(setting: str) -> str:
    return f"tăng bằng biến môi trường {SETTINGS[setting]} nếu thư này là thật"


#: header lines of a message forwarded inline, and the forward separator
_FORWARD_HEADER = re.compile(r"(?i)^(?:-{2,}\s*(?:forwarded message|original message|thư chuyển tiếp)"
                             r".*|(?:from|sent|to|cc|date|subject|từ|gửi|đến|ngày|tiêu đề|chủ đề)\s*:.*)$")


def _body_paragraphs(body: str) -> list[str]:
    lines = [normalize(line) for line in body.replace("\r\n", "\n").split("\n")]
    paragraphs: list[str] = []
    for line in lines:
        if not line or line.startswith(">") or _FORWARD_HEADER.match(line):
            continue
        if line.startswith("-- ") or line == "--":
            break  # signature separator
        paragraphs.append(line)
    # drop salutations
    return [p for p in paragraphs
            if not re.match(r"(?i)^(kính gửi|kinh gui|dear|xin chào|xin chao|chào|chao)\b", p)]


def read_mail(source: Source, *, name: str | None = None) -> ReadResult:
    """Comments and rejects from one .eml file."""
    name = name or source_name(source)
    return _read(read_message(source, name=name), name=name, origin=Path(name).name)


def _read(message, *, name: str, origin: str, depth: int = 0) -> ReadResult:
    """Comments of one message; a forwarded message (message/rfc822) is read in turn."""
    fields = message_fields(message)
    sender = fields["sender_name"] or fields["sender_address"]
    result = ReadResult()
    found = False
    parts = list(message.iter_attachments())
    if not message.is_multipart() and message.get_content_maintype() not in ("text", "multipart"):
        parts = [message]               # the whole message is one file (no text body)
    for index, part in enumerate(parts, start=1):
        if part.get_content_type() == "message/rfc822" and depth < 3:
            inner = part.get_content()
            if hasattr(inner, "iter_attachments"):
                sub = _read(inner, name=f"{name}#fwd{index}", origin=f"{origin}/fwd{index}",
                            depth=depth + 1)
                found = found or bool(sub.rows)
                result.extend(sub)
                continue
        filename = safe_filename(part.get_filename(), default=f"attachment-{index}")
        if not filename.lower().endswith(LETTER_SUFFIXES) and "." not in filename:
            filename += _BY_TYPE.get(part.get_content_type(), "")   # an attachment with no name
        where = f"{name}#{filename}"
        if not filename.lower().endswith(LETTER_SUFFIXES):
            result.rejects.append({"source": where,
                                   "reason": f"tệp đính kèm “{filename}” không phải công văn .docx "
                                             "hoặc .pdf (ảnh và tệp .doc cần chuyển sang .docx "
                                             "hoặc nhập lại)"})
            continue
        budget = current().attachment_mb * MB
        size = _encoded_size(part)
        if size > budget:
            result.rejects.append({"source": where, "reason": (
                f"tệp đính kèm “{filename}” dung lượng {size_text(size)}, vượt giới hạn "
                f"{size_text(budget)} cho một tệp đính kèm; {_raise_hint('attachment_mb')}")})
            continue
        payload = part.get_payload(decode=True) or b""
        if not isinstance(payload, bytes):
            payload = b""
        stream = io.BytesIO(payload)
        stream.name = filename
        try:
            letter = read_letter(stream, name=where)
        except ConsultkitError as exc:
            result.rejects.append({"source": where, "reason": f"tệp đính kèm “{filename}”: {exc.message}"
                                   + (f". {exc.hint}" if exc.hint else "")})
            continue
        found = True
        result.extend(letter_comments(letter, channel="email", received=fields["date"], name=where,
                                      origin=f"{origin}/{filename}", sender=sender))
    if found:
        return result
    if fields["body_problem"]:
        result.rejects.append({"source": f"{name}#body", "reason": fields["body_problem"]})
        return result
    paragraphs = _body_paragraphs(fields["body"])
    if not paragraphs:
        if not result.rejects or depth == 0:
            result.rejects.append({"source": name, "reason": "thư không có nội dung và không "
                                                             "đính kèm công văn .docx/.pdf"})
        return result
    starts, texts = split_comments(paragraphs)
    for start, text in zip(starts, texts):
        result.rows.append(raw_row(unit_raw=sender, received=fields["date"], letter_number="",
                                   channel="email", text=text, refs_raw="",
                                   source=f"{name}#body.l{start + 1}", origin=origin))
    return result
