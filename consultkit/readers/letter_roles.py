"""The roles of a letter's body paragraphs: comment, rationale, heading, opening, closing.

:func:`paragraph_roles` cuts the body into comments (see
:mod:`consultkit.readers.letters` for the rules); the patterns here tell a
clause citation, a numbered point, an opening, a closing, a section heading, a
"Lý do: …" rationale and the signature block (``_SIGNATURE``, also used by
:func:`consultkit.readers.letters.letter_from_blocks`).
"""

from __future__ import annotations

import re

from ..text import fold

_CITE_START = re.compile(r"\b(?:diem\s+[a-zđ]\b|(?:khoan|dieu|muc|tiet|tieu chi|phan|phu luc|chuong)"
                         r"\s+(?:so\s+)?(?:\d+|[ivxlc]+)\b)")
_LIST_MARK = re.compile(r"^\s*(?:[-+•*–]|\d+(?:\.\d+)*[.)]|[a-zđ][.)])\s*")
_TOP_NUMBER = re.compile(r"^\s*(?:\d+|[IVX]+)[.)]\s+\S")
_CONTINUATION = re.compile(r"^\s*(?:[-+•*–]|[a-zđ][)]|\(?[ivx]+\))\s*")
_INTRO = re.compile(r"^(?:phuc dap|thuc hien|can cu|nhan duoc|tiep nhan|theo de nghi|sau khi|"
                    r"ngay \d+ thang|de gop y|ve viec)\b")
_INTRO_END = re.compile(r"(?:nhu sau|sau day|cu the|mot so y kien|y kien gop y|gop y)\s*$")
_CLOSING = re.compile(r"^(?:tren day la|tran trong|xin tran trong|kinh chuc|rat mong|kinh de nghi cuc|"
                      r"xin cam on|cam on|kinh mong|de nghi cuc cong nghe thong tin tong hop|"
                      r"kinh gui cuc)\b")
_SIGNATURE = re.compile(r"^(?:noi nhan|kt\b|tm\b|tl\b|tuq\b|q\b|giam doc|pho giam doc|cuc truong|"
                        r"pho cuc truong|vu truong|pho vu truong|vien truong|pho vien truong|"
                        r"tong giam doc|pho tong giam doc|chanh van phong|chanh thanh tra|"
                        r"thu truong|truong phong|nguoi ky|da ky)\b")


#: "I. Ý kiến chung", "II. Góp ý cụ thể", "B. Ý kiến về các điều khoản": headings, not comments
_SECTION_HEADING = re.compile(r"^(?:[ivx]+|[a-d]|phan [ivx\d]+)\s+(?:(?:cac\s+)?(?:y kien|gop y|noi dung"
                              r" gop y|nhan xet|de xuat)\b.{0,40}|ve .{0,40})$")
#: "Ý kiến chung:", "Góp ý cụ thể:", "Về nội dung", "Một số ý kiến cụ thể như sau:": headings
_PLAIN_HEADING = re.compile(r"^(?:(?:mot so |cac )?(?:y kien|gop y|noi dung gop y|nhan xet|de xuat)"
                            r"(?: (?:chung|cu the|khac|bo sung))?(?: nhu sau| ve .{0,40})?"
                            r"|ve (?:bo cuc|hinh thuc|the thuc|noi dung|ky thuat|cac tieu chi)\b.{0,40})$")
#: an opening that names the dispatch anywhere ("Sở Y tế tỉnh X nhận được Công văn số …")
_OPENING_ANY = re.compile(r"\b(?:phuc dap|nhan duoc|tiep nhan|thuc hien|theo de nghi|can cu|ve viec)\b"
                          r".{0,160}\b(?:cong van|van ban|cv|de nghi|xin y kien|gop y)\b")
#: a closing that sends the reply on ("… trân trọng gửi Cục … tổng hợp./.")
_CLOSING_ANY = re.compile(r"\b(?:tran trong|kinh gui|xin gui|gui|kinh chuyen|chuyen)\b.{0,120}\b(?:tong hop|nghien cuu|"
                          r"xem xet|hoan thien|tiep thu)\b|\btran trong\b\W*$"
                          r"|^(?:kinh |xin )?de nghi (?:cuc|bo|quy cuc|co quan soan thao)\b.{0,80}"
                          r"\b(?:tong hop|nghien cuu|xem xet|tiep thu)\b")
#: "Lý do: …", "Giải thích: …" after a comment: its rationale
_RATIONALE = re.compile(r"(?:ly do|giai thich|giai trinh|thuyet minh|co so de xuat|can cu de xuat)"
                        r"(?: de xuat| de nghi| sua doi)?")


def _is_rationale(text: str) -> bool:
    head, colon, _ = text.partition(":")
    return bool(colon) and _RATIONALE.fullmatch(fold(_LIST_MARK.sub("", head, count=1))) is not None


def _starts_comment(text: str) -> bool:
    stripped = _LIST_MARK.sub("", text, count=1)
    head = fold(stripped)[:90]
    return bool(_CITE_START.search(head)) or bool(_TOP_NUMBER.match(text))


def _cites_at_start(text: str) -> bool:
    return bool(_CITE_START.search(fold(_LIST_MARK.sub("", text, count=1))[:90]))


def _agrees(text: str) -> bool:
    """Whether a paragraph states an agreement with the draft (in any of its sentences)."""
    from ..comments.stance import _sentences, sentence_kind

    return any(sentence_kind(s) == "agree" for s in _sentences(text))


def paragraph_roles(paragraphs: list[str], levels: list | None = None, *, fallback: bool = True
                    ) -> tuple[list[list[int]], list[str]]:
    """Cut body paragraphs into comments: (comments as lists of paragraph indexes, the role
    of every paragraph: ``comment``, ``rationale``, ``heading``, ``opening``, ``closing``).

    ``levels``: the automatic numbering of each paragraph, ``(numId, ilvl)`` or
    None. The first level-0 list seen, and every later item of the same list
    and level, starts a comment, like "2." typed by hand; other lists are
    sub-points of the current comment. A paragraph starting "Lý do:" after a
    comment is its rationale. With ``fallback`` and no comment found, the
    first agreement stated in the opening or closing is the one comment, else
    the paragraphs that are not closings.
    """
    levels = list(levels) if levels is not None else [None] * len(paragraphs)
    from ..comments.stance import classify_stance

    n = len(paragraphs)
    later_start = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        later_start[i] = later_start[i + 1] or _starts_comment(paragraphs[i])
    top = None
    roles = [""] * n
    comments: list[list[int]] = []
    agree: list[int] = []
    current: list[int] | None = None
    cited_mode = in_section = False
    for i, text in enumerate(paragraphs):
        folded = fold(text)
        if (_SECTION_HEADING.match(folded) or (_PLAIN_HEADING.match(folded) and (text.rstrip().endswith(":") or len(text) < 40)
                                               and not _cites_at_start(text))) \
                and len(text) < 70 and not text.rstrip().endswith("."):
            current, cited_mode, in_section = None, False, True
            roles[i] = "heading"
            continue
        trailing = not later_start[i + 1]
        if _CLOSING.search(folded) or (trailing and comments and _CLOSING_ANY.search(folded)) or \
                (trailing and text.rstrip().endswith("./.") and not _starts_comment(text)
                 and (comments or _CLOSING_ANY.search(folded) or _agrees(text))):
            if _agrees(text):
                agree.append(i)
            roles[i] = "closing"
            current = None if not cited_mode else current
            continue
        numbered = levels[i] is not None and (levels[i] == top or (top is None and levels[i][1] == 0))
        sub_item = levels[i] is not None and not numbered and top is not None   # "1." of a sub-list
        if not comments and not numbered and _INTRO.search(folded) and not _LIST_MARK.match(text) \
                and not _is_rationale(text):
            # "Phúc đáp Công văn … góp ý dự thảo sửa đổi mục IV Phụ lục 1 …": it names the
            # draft, it does not cite a unit of it
            if _agrees(text):
                agree.append(i)
            roles[i] = "opening"
            continue
        if numbered:
            top = levels[i]
        if (_starts_comment(text) and not (sub_item and current is not None
                                           and not _cites_at_start(text))) or numbered:
            current = [i]
            comments.append(current)
            cited_mode = True
            roles[i] = "comment"
            continue
        if current is not None and _is_rationale(text):
            current.append(i)
            roles[i] = "rationale"
            continue
        if current is not None and (cited_mode or sub_item or _CONTINUATION.match(text)
                                    or paragraphs[current[-1]].rstrip().endswith(":")):
            current.append(i)
            roles[i] = "comment"
            continue
        if not comments and (_INTRO.search(folded) or _OPENING_ANY.search(folded[:200])
                             or (_INTRO_END.search(folded) and text.rstrip().endswith(":"))):
            if _agrees(text):
                agree.append(i)
            roles[i] = "opening"
            continue
        if classify_stance(text) == "agree" and not comments and not in_section:
            agree.append(i)
            roles[i] = "opening"
            continue
        current = [i]
        comments.append(current)
        roles[i] = "comment"
    if not comments and agree and fallback:
        comments = [[agree[0]]]
        roles[agree[0]] = "comment"
    if not comments and fallback:
        kept = [i for i, t in enumerate(paragraphs) if roles[i] not in ("closing", "heading")]
        if kept:
            comments = [kept]
            for i in kept:
                roles[i] = "comment"
    return comments, roles


def split_comments(paragraphs: list[str], levels: list | None = None, *, fallback: bool = True
                   ) -> tuple[list[int], list[str]]:
    """Cut body paragraphs into comments; returns (first paragraph index, text) lists
    (rationale paragraphs included in the text; see :func:`paragraph_roles`)."""
    comments, _ = paragraph_roles(paragraphs, levels, fallback=fallback)
    return [c[0] for c in comments], ["\n".join(paragraphs[i] for i in c) for c in comments]
