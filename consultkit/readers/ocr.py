"""Scanned letters (image-only PDF, .png/.jpg/.tif) → the same letter reader as digital ones.

Most official replies are printed, signed, stamped and scanned. For each page:

1. rasterise (PDF pages with pypdfium2 at :data:`DPI`; images as they are,
   every frame of a TIFF);
2. clean: pixels of the red stamp and of a blue signature become white, so they
   no longer cover the words under them;
3. deskew: the angle (±:data:`MAX_SKEW` degrees) that makes the text lines
   sharpest in a horizontal projection, then rotate back;
4. recognise with Tesseract (``vie`` model) word by word, with confidences;
5. rebuild laid-out text lines (words placed at their columns, blank lines
   between paragraphs), the shape pypdf's layout mode gives for a digital PDF,
   and read them with :func:`consultkit.readers.pdf.layout_blocks` and
   :func:`consultkit.readers.letters.letter_from_blocks` (header → sender,
   số/ký hiệu, date; body → comments).

Each comment row is marked ``source_kind='ocr'`` with ``confidence`` the mean
word confidence of its words and ``doubtful`` the words below
:data:`DOUBTFUL_BELOW`; the source names the page (``scan.pdf#page1``). Before
matching, the sender, the clause numbers and the date are checked against what
the consultation knows (:mod:`consultkit.readers.ocr_fix`); each correction is
written in ``notes``.

Without Tesseract (or its Vietnamese model, or pytesseract) the file is a
reject that names what to install; the rest of the inbox still imports.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field

from ..errors import CorruptFileError, UnsupportedFormatError
from ..text import normalize
from .files import Source, read_bytes, source_name
from .rows import ReadResult

DPI = 300
MAX_SKEW = 5.0
#: words recognised below this confidence (0–100) are marked for review
DOUBTFUL_BELOW = 60.0
LANG = "vie"
MISSING = ("cần Tesseract OCR với mô hình tiếng Việt để đọc bản quét nhưng máy chưa cài: cài gói "
           "“tesseract-ocr” và “tesseract-ocr-vie” (Debian/Ubuntu: apt-get install tesseract-ocr "
           "tesseract-ocr-vie) và gói Python “pytesseract”")


@dataclass
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    line: tuple


@dataclass
class Page:
    """One recognised page."""

    number: int
    words: list[Word] = field(default_factory=list)
    angle: float = 0.0

    def layout(self) -> str:
        return layout_text(self.words)


def check_tesseract() -> None:
    """Raise :class:`UnsupportedFormatError` naming the packages when OCR cannot run."""
    try:
        import pytesseract
    except ImportError:
        raise UnsupportedFormatError(MISSING) from None
    if shutil.which("tesseract") is None:
        raise UnsupportedFormatError(MISSING)
    try:
        langs = pytesseract.get_languages(config="")
    except Exception:  # noqa: BLE001 - tesseract present but broken
        raise UnsupportedFormatError(MISSING) from None
    if LANG not in langs:
        raise UnsupportedFormatError(MISSING)


def page_images(source: Source, *, name: str | None = None, dpi: int = DPI):
    """PIL images of every page of a PDF or image file."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    name = name or source_name(source)
    data = read_bytes(source)
    if data.lstrip()[:4] == b"%PDF":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise CorruptFileError("tệp PDF bị hỏng, không đọc được", path=name,
                                   hint="Đề nghị đơn vị gửi lại tệp") from exc
        try:
            return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
        finally:
            pdf.close()
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise CorruptFileError("tệp ảnh bị hỏng hoặc không phải ảnh", path=name,
                               hint="Đề nghị đơn vị gửi lại bản quét (.pdf, .png, .jpg, .tif)") from exc
    return frames


def drop_ink(image):
    """The image in grey with red (stamp) and blue (signature) pixels turned white."""
    from PIL import ImageChops

    r, g, b = image.convert("RGB").split()
    redness = ImageChops.subtract(r, ImageChops.lighter(g, b))      # clamps at 0
    blueness = ImageChops.subtract(b, ImageChops.lighter(r, g))
    mask = ImageChops.lighter(redness, blueness).point(lambda v: 255 if v > 40 else 0)
    grey = image.convert("L")
    grey.paste(255, mask=mask)
    return grey


def skew_angle(image) -> float:
    """The skew of the text lines in degrees (positive = counter-clockwise), ±MAX_SKEW."""
    import numpy as np

    small = image.copy()
    small.thumbnail((800, 800))
    ink = (np.asarray(small) < 128).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    from PIL import Image

    ink_img = Image.fromarray((ink * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rotated = np.asarray(ink_img.rotate(angle, resample=Image.NEAREST, fillcolor=0),
                             dtype=np.float32)
        profile = rotated.sum(axis=1)
        return float(np.sum(np.diff(profile) ** 2))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(best - 0.4, best + 0.41, 0.1), key=sharpness)
    return float(round(fine, 1))


def clean_page(image):
    """Drop stamp/signature colours, then deskew; returns (grey image, angle)."""
    from PIL import Image

    grey = drop_ink(image)
    angle = skew_angle(grey)
    if abs(angle) >= 0.1:
        grey = grey.rotate(angle, resample=Image.BILINEAR, expand=True, fillcolor=255)
    return grey, angle


def recognise(image, number: int = 1) -> Page:
    """Tesseract words with confidences for one page image (cleaned first)."""
    import os

    import pytesseract

    # one thread per page: pages run in parallel processes instead (recognise_pages)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    grey, angle = clean_page(image)
    data = pytesseract.image_to_data(grey, lang=LANG, config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    page = Page(number=number, angle=angle)
    for i, text in enumerate(data["text"]):
        text = normalize(text or "")
        conf = float(data["conf"][i])
        if not text or conf < 0 or (not any(c.isalnum() for c in text) and conf < 60):
            continue                      # specks, table rules and underlines read as "„ : _"
        text = _fix_year(text)
        page.words.append(Word(text, conf, data["left"][i], data["top"][i], data["width"][i],
                               data["height"][i],
                               (data["block_num"][i], data["par_num"][i], data["line_num"][i])))
    page.words = _reread_weak_lines(grey, _without_rules(page.words))
    return page


#: a line whose mean word confidence is below this is read again on its own (``--psm 7``)
WEAK_LINE = 70.0


def _reread_weak_lines(grey, words: list[Word]) -> list[Word]:
    """Read again, as a single line, each line the page segmentation read badly (a motto or
    a date squeezed beside another column); keep the new reading when it is surer."""
    import pytesseract

    lines: dict[tuple, list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    # a line running across two columns is two segments, each judged on its own
    segments: list[tuple[tuple, list[Word]]] = []
    for key, line in lines.items():
        line = sorted(line, key=lambda w: w.left)
        height = sorted(w.height for w in line)[len(line) // 2]
        part = [line[0]]
        for word in line[1:]:
            if word.left - (part[-1].left + part[-1].width) > 1.5 * height:
                segments.append((key, part))
                part = []
            part.append(word)
        segments.append((key, part))
    out: list[Word] = []
    for n, (key, line) in enumerate(segments):
        key = (*key, n)
        mean = sum(w.conf for w in line) / len(line)
        if mean >= WEAK_LINE or sum(len(w.text) for w in line) < 4:
            out.extend(Word(w.text, w.conf, w.left, w.top, w.width, w.height, key) for w in line)
            continue
        pad = max(6, int(0.3 * max(w.height for w in line)))
        left = max(0, min(w.left for w in line) - pad)
        top = max(0, min(w.top for w in line) - pad)
        right = min(grey.width, max(w.left + w.width for w in line) + pad)
        bottom = min(grey.height, max(w.top + w.height for w in line) + pad)
        data = pytesseract.image_to_data(grey.crop((left, top, right, bottom)), lang=LANG,
                                         config="--psm 7", output_type=pytesseract.Output.DICT)
        again = [Word(normalize(t), float(c), left + x, top + y, wd, ht, key)
                 for t, c, x, y, wd, ht in zip(data["text"], data["conf"], data["left"],
                                               data["top"], data["width"], data["height"])
                 if normalize(t or "") and float(c) >= 0]
        if again and sum(w.conf for w in again) / len(again) > mean + 10:
            out.extend(again)
        else:
            out.extend(Word(w.text, w.conf, w.left, w.top, w.width, w.height, key) for w in line)
    return out


def _without_rules(words: list[Word]) -> list[Word]:
    """Drop the short rules under the organ's name and the motto, read as a letter or two:
    a "word" of one or two characters much flatter or wider than the text around it."""
    if not words:
        return words
    import statistics

    height = statistics.median(w.height for w in words)
    return [w for w in words if not (len(w.text) <= 2 and (w.height < 0.45 * height or
                                                            w.width > 2.5 * height * len(w.text)))]


def _fix_year(token: str) -> str:
    """A year with a speck read inside it ("20g21") → "2021"; other tokens unchanged."""
    import re

    match = re.fullmatch(r"(\d{1,3})[^\d\s](\d{1,3})([.,]?)", token)
    if match and len(match.group(1) + match.group(2)) == 4 and \
            1990 <= int(match.group(1) + match.group(2)) <= 2100:
        return match.group(1) + match.group(2) + match.group(3)
    return token


def _recognise_one(args) -> Page:
    image, number = args
    return recognise(image, number)


def recognise_pages(images, *, workers: int | None = None) -> list[Page]:
    """Recognise pages, in parallel processes when ``workers`` > 1 (standard library pool)."""
    jobs = [(image, i) for i, image in enumerate(images, start=1)]
    if not workers or workers <= 1 or len(jobs) <= 1:
        return [_recognise_one(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_recognise_one, jobs))


def layout_text(words: list[Word]) -> str:
    """Words laid out as text: lines by position, columns by spaces, blank lines between
    paragraphs (a vertical gap larger than 1.5 line heights)."""
    if not words:
        return ""
    import statistics

    char_w = statistics.median(w.width / max(1, len(w.text)) for w in words) or 10
    line_h = statistics.median(w.height for w in words) or 20
    lines: dict[tuple, list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    # tesseract lines of different blocks at the same height form one printed row
    rows: list[list[Word]] = []
    for line in sorted(lines.values(), key=lambda ws: min(w.top for w in ws)):
        top = sum(w.top + w.height / 2 for w in line) / len(line)
        if rows:
            last = rows[-1]
            last_mid = sum(w.top + w.height / 2 for w in last) / len(last)
            if abs(top - last_mid) < 0.5 * line_h:
                last.extend(line)
                continue
        rows.append(list(line))
    out: list[str] = []
    previous_bottom = None
    for row in rows:
        row.sort(key=lambda w: w.left)
        top = min(w.top for w in row)
        if previous_bottom is not None and top - previous_bottom > 0.9 * line_h:
            out.append("")
        previous_bottom = max(w.top + w.height for w in row)
        text = ""
        prev_line = None
        prev_right = 0
        for word in row:
            column = int(round(word.left / char_w))
            if not text:
                text = " " * column
            elif word.line != prev_line or word.left - prev_right > 1.5 * line_h:
                text += " " * max(2, column - len(text))   # another column of the page
            else:
                text += " "
            text += word.text
            prev_line = word.line
            prev_right = word.left + word.width
        out.append(text.rstrip())
    return "\n".join(out)


def _comment_confidence(text: str, confs: dict[str, list[float]]) -> tuple[float, tuple[str, ...]]:
    values: list[float] = []
    doubtful: list[str] = []
    for token in text.split():
        known = confs.get(token)
        if not known:
            continue
        value = min(known)
        values.append(value)
        if value < DOUBTFUL_BELOW:
            doubtful.append(token)
    mean = round(sum(values) / len(values), 1) if values else 0.0
    return mean, tuple(dict.fromkeys(doubtful))


def read_scanned_reply(source: Source, *, name: str | None = None, channel: str = "post",
                       roster=None, clauses=None, workers: int | None = None,
                       dates: tuple | None = None) -> ReadResult:
    """A scanned reply letter → comment rows marked ``ocr`` (see the module docstring)."""
    from .letters import letter_comments, letter_from_blocks
    from .ocr_fix import correct_letter
    from .pdf import layout_blocks

    name = name or source_name(source)
    check_tesseract()
    pages = recognise_pages(page_images(source, name=name), workers=workers)
    text_pages = [page.layout() for page in pages]
    if sum(len(t.strip()) for t in text_pages) < 20:
        from ..errors import ParseError

        raise ParseError("bản quét không có lớp chữ; nhận dạng chữ (OCR) không đọc được chữ nào "
                         "(trang trắng hoặc ảnh quá mờ)",
                         path=name, hint="Đề nghị đơn vị gửi bản quét rõ hơn hoặc bản .docx")
    letter = letter_from_blocks(layout_blocks(text_pages), name=name)
    letter, corrections = correct_letter(letter, roster=roster, clauses=clauses, dates=dates)
    result = letter_comments(letter, channel=channel, name=name)
    confs: dict[str, list[float]] = {}
    for page in pages:
        for word in page.words:
            confs.setdefault(word.text, []).append(word.conf)
    angles = [f"trang {p.number}: {p.angle:+.1f}°" for p in pages if abs(p.angle) >= 0.1]
    base_notes = ["nhận dạng chữ (OCR) từ bản quét"] + \
        ([f"đã chỉnh nghiêng ({', '.join(angles)})"] if angles else []) + corrections
    for row in result.rows:
        row["source_kind"] = "ocr"
        row["confidence"], row["doubtful"] = _comment_confidence(row["text"], confs)
        row["notes"] = "; ".join(base_notes)
        row["source"] = row["source"].split("#", 1)[0] + "#page" + _page_of(row["text"], pages)
    return result


def _page_of(text: str, pages: list[Page]) -> str:
    """The number of the page holding most of the comment's first words."""
    words = set(text.split()[:12])
    best = max(pages, key=lambda p: sum(1 for w in p.words if w.text in words))
    return str(best.number)


def ocr_text(source: Source, *, name: str | None = None) -> str:
    """The recognised text of a scan, pages laid out and joined (benchmarks, tests)."""
    name = name or source_name(source)
    check_tesseract()
    return "\n\f\n".join(p.layout() for p in recognise_pages(page_images(source, name=name)))


__all__ = ["read_scanned_reply", "recognise", "recognise_pages", "clean_page", "drop_ink",
           "skew_angle", "layout_text", "page_images", "check_tesseract", "ocr_text", "Page",
           "DOUBTFUL_BELOW"]
