"""Stance of a comment: ``agree`` (no further comment), ``substantive`` or ``general``.

* ``agree`` — the text only says the unit agrees with the draft and has
  nothing to add: "Nhất trí với nội dung dự thảo", "Thống nhất với dự thảo,
  không có ý kiến khác", "Cơ bản nhất trí", "Không có ý kiến bổ sung",
  "Hoàn toàn đồng ý", "Khong co y kien" … with or without diacritics, and
  wrapped or not in the usual courtesy sentences ("Phúc đáp công văn số …",
  "Trân trọng./.").
* ``substantive`` — it proposes something (đề nghị, kiến nghị, sửa, bổ sung,
  bỏ, thay, làm rõ, chưa phù hợp …), or it cites a clause and does not just
  agree with it. A text that agrees AND proposes a change is substantive.
* ``general`` — anything else (remarks, information, questions).

The text is cut into sentences, each folded (:func:`consultkit.text.fold`:
no diacritics, no case, no punctuation) and classed as agreement, courtesy,
proposal or other; the verdict follows from the classes present.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import fold

STANCES = ("agree", "substantive", "general")

_SENTENCES = re.compile(r"(?<=[.;!?])\s+|\n+|\.$|(?<=:)\s+(?=[-+•*]|\d+[.)])")

#: "no (other / further) comment": agreement phrases that contain proposal words
NEGATED = re.compile(
    r"khong (?:co )?(?:them )?(?:y kien|gop y|de xuat|kien nghi|noi dung|bo sung|sua doi)"
    r"(?: (?:gi|nao))?(?: (?:khac|bo sung|them|sua doi|gop y|de xuat|nao khac|gi them|gi khac|"
    r"hoac|va|nao))*"
    r"|(?:no|without) (?:further |other |additional )?(?:comments?|remarks?|changes?)")
#: the agreeing verbs ("nhất trí", "thống nhất", "đồng ý" …)
AGREE = re.compile(r"\b(?:nhat tri|thong nhat|dong y|tan thanh|dong tinh|ung ho|agree|agrees|concur|"
                   r"endorse)\b")
#: phrases that look like proposals but are part of the draft's title or the intro
NEUTRAL = re.compile(
    r"(?:thong tu|du thao|van ban)(?: \w+){0,4}? sua doi(?: bo sung)?"
    r"|sua doi bo sung (?:tieu chi|quy dinh|thong tu|mot so)"
    r"|(?:su can thiet|viec|chu truong)(?: phai)? sua doi(?: bo sung)?"
    r"|theo de nghi (?:cua|tai)|de nghi cua (?:cuc|bo|quy)"
    r"|de nghi (?:cuc|bo(?! sung\b)|quy cuc|co quan soan thao)(?: \w+){0,6}? (?:som )?"
    r"(?:ban hanh|(?<!lo )trinh|tong hop)\b"
    r"|(?:kinh|xin) de nghi (?:cuc|quy cuc)(?: \w+){0,4}? tong hop")
#: asking the drafters to go on ("đề nghị Bộ Y tế sớm ban hành"): courtesy, not a proposal
ASK_TO_ISSUE = re.compile(r"^(?:kinh |xin |vay )?de nghi (?:cuc|bo|quy cuc|co quan soan thao)(?! sung\b)"
                          r"(?: \w+){0,6}? (?:som )?(?:ban hanh|(?<!lo )trinh|tong hop)\b(?: \w+){0,4}$")
#: words that make a sentence a proposal
PROPOSAL = re.compile(
    r"\b(?:de nghi|kien nghi|de xuat|sua doi|sua lai|sua thanh|chinh sua|bo sung|bai bo|thay the|"
    r"thay doi|thay bang|thay cum|dieu chinh|lam ro|quy dinh ro|chua phu hop|khong phu hop|"
    r"chua ro|chua hop ly|chua day du|chua thong nhat|"
    r"(?:khong|chua) (?:hoan toan )?(?:nhat tri|dong y|tan thanh|dong tinh)|viet lai|xem xet lai|can xem xet|"
    r"can bo sung|can quy dinh|nen quy dinh|nen bo sung|luoc bo|tach thanh|gop (?:diem|khoan|muc)|"
    r"(?<!toan )bo (?:cum tu|tu|doan|noi dung|diem|khoan|muc|tieu chi|quy dinh|yeu cau)|"
    r"propose|proposes|suggest|suggests|should|amend|replace|delete|clarify)\b")
#: courtesy sentences that carry no stance
COURTESY = re.compile(
    r"^(?:phuc dap|kinh gui|tren day la|tran trong|xin tran trong|kinh chuc|rat mong|xin gui|"
    r"gui kem|thuc hien|can cu|nhan duoc|tiep nhan|sau khi|theo de nghi|noi nhan|"
    r"kinh de nghi cuc|xin cam on|cam on)\b"
    r"|\bnhu sau$|\bco y kien\b$|\bgop y\b$|^(?:v v|ve viec)\b"
    r"|\b(?:nhan duoc|phuc dap|tiep nhan) (?:cong van|van ban|cv)\b")
_CITATION = re.compile(r"\b(?:diem\s+[a-z]\b|(?:khoan|dieu|muc|tiet|tieu chi|phan|phu luc|chuong)"
                       r"\s+(?:so\s+)?(?:\d+|[ivxlc]+)\b)")


#: a list mark left alone by the sentence split ("1." of "1. Cơ bản nhất trí …")
_MARK_ONLY = re.compile(r"^(?:\d{1,3}(?: \d{1,3})*|[a-z]|[ivx]{1,5})$")


def _sentences(text: str) -> list[str]:
    parts = [fold(p) for p in _SENTENCES.split(text)]
    return [p for p in parts if p and not _MARK_ONLY.match(p)]


@lru_cache(maxsize=262144)
def sentence_kind(folded: str) -> str:
    """``proposal``, ``agree``, ``courtesy``, ``cited`` or ``other`` for one folded sentence."""
    negated = NEGATED.search(folded) is not None
    rest = NEGATED.sub(" ", folded)
    rest = NEUTRAL.sub(" ", rest)
    if PROPOSAL.search(rest):
        return "proposal"
    if negated or AGREE.search(rest):
        return "agree"
    if COURTESY.search(folded) or ASK_TO_ISSUE.search(folded):
        return "courtesy"
    if _CITATION.search(rest):
        return "cited"
    return "other"


@lru_cache(maxsize=65536)
def classify_stance(text: str | None) -> str:
    """``agree``, ``substantive`` or ``general`` (see the module docstring).

    >>> classify_stance("Sở Y tế Nghệ An nhất trí với nội dung dự thảo.")
    'agree'
    >>> classify_stance("Nhất trí với dự thảo, đề nghị bổ sung DICOM vào tiêu chí số 5.")
    'substantive'
    >>> classify_stance("Khong co y kien khac")
    'agree'
    >>> classify_stance("1. Cơ bản nhất trí với nội dung dự thảo.")
    'agree'
    """
    if not text:
        return "general"
    kinds = {sentence_kind(s) for s in _sentences(str(text))}
    if "proposal" in kinds:
        return "substantive"
    if "agree" in kinds and not kinds & {"other"}:
        return "agree"
    if "cited" in kinds:
        return "substantive"
    return "general"
