"""Stance: the many ways of saying "agree, nothing to add" versus proposals."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from consultkit.comments.stance import STANCES, classify_stance
from consultkit.text import strip_diacritics

AGREE = [
    "Nhất trí với nội dung dự thảo.",
    "Sở Y tế Nghệ An nhất trí với nội dung dự thảo Thông tư sửa đổi, bổ sung tiêu chí kỹ thuật RIS-PACS.",
    "Thống nhất với dự thảo, không có ý kiến khác.",
    "Đồng ý với nội dung dự thảo",
    "Cơ bản nhất trí",
    "Không có ý kiến bổ sung.",
    "Hoàn toàn đồng ý.",
    "khong co y kien",
    "Khong co y kien khac",
    "NHẤT TRÍ",
    "nhat tri voi du thao",
    "Bệnh viện Bạch Mai thống nhất với các nội dung của dự thảo Thông tư.",
    "Phúc đáp Công văn số 512/CNTT-THKCB ngày 04/6/2021 của Cục Công nghệ thông tin, Sở Y tế tỉnh "
    "Thanh Hoá nhất trí với dự thảo. Trân trọng./.",
    "Không có ý kiến sửa đổi, bổ sung.",
    "Đơn vị không có góp ý thêm.",
    "Nhất trí với dự thảo và đề nghị Cục sớm ban hành Thông tư.",
    "We agree with the draft, no further comments.",
    "Hoàn toàn nhất trí, không có ý kiến gì thêm.",
    "Sở Y tế Hà Nội cơ bản thống nhất với nội dung dự thảo, không có ý kiến gì khác.",
    "Bảo hiểm xã hội Việt Nam nhất trí với nội dung dự thảo, không có ý kiến bổ sung.",
    "BV K dong y voi noi dung du thao",
    "Tán thành dự thảo.",
    "Nhất trí như dự thảo.",
    "Về cơ bản, đơn vị đồng ý với toàn bộ nội dung dự thảo Thông tư.",
    "Mục 2.1 phần IV: nhất trí.",
    "Nhất trí với dự thảo. Đề nghị Bộ Y tế sớm ban hành Thông tư.",
]
SUBSTANTIVE = [
    # 'bổ sung lộ trình' is a proposal, not "đề nghị Bộ … trình" (submit)
    "Cơ bản nhất trí với dự thảo, tuy nhiên đề nghị bổ sung lộ trình triển khai.",
    "Không nhất trí với quy định tại điểm a mục 2.2.",
    "Chưa hoàn toàn đồng ý với mục 8.2.",
    "Nhất trí với dự thảo, đề nghị bổ sung DICOM vào tiêu chí số 5.",
    "Cơ bản nhất trí, tuy nhiên đề nghị làm rõ thời gian lưu trữ hình ảnh.",
    "Đề nghị sửa điểm a khoản 2 thành: 'lưu trữ tối thiểu 10 năm'.",
    "Tại mục 2.1 phần IV: quy định thời gian lưu trữ chưa phù hợp với Luật Khám bệnh, chữa bệnh.",
    "De nghi bo sung yeu cau ket noi HL7 FHIR",
    "Mục IV.2.1: thời hạn 01 năm là quá ngắn.",
    "Nhất trí. Đề nghị bỏ cụm từ 'tối đa'.",
    "Propose to replace item 3.",
    "Nhất trí với dự thảo. Tuy nhiên cần xem xét lại tiêu chí số 5 về lưu trữ.",
    "Về tiêu chí số 7: phần mềm phải hỗ trợ chuẩn DICOM 3.0.",
    "Kiến nghị điều chỉnh lộ trình áp dụng đến năm 2025.",
    "Thay thế cụm từ 'máy trạm' bằng 'trạm làm việc'.",
]
GENERAL = [
    "Đơn vị đang triển khai PACS từ năm 2019.",
    "Trân trọng.",
    "Bệnh viện đã nhận được công văn.",
    "",
]


@pytest.mark.parametrize("text", AGREE)
def test_agree(text):
    assert classify_stance(text) == "agree"


@pytest.mark.parametrize("text", AGREE)
def test_agree_without_diacritics(text):
    assert classify_stance(strip_diacritics(text)) == "agree"


@pytest.mark.parametrize("text", SUBSTANTIVE)
def test_substantive(text):
    assert classify_stance(text) == "substantive"
    assert classify_stance(strip_diacritics(text).upper()) == "substantive"


@pytest.mark.parametrize("text", GENERAL)
def test_general(text):
    assert classify_stance(text) == "general"


def test_table_is_large_enough():
    assert len(AGREE) + len(SUBSTANTIVE) >= 30


@given(st.sampled_from(AGREE), st.sampled_from(["đề nghị bổ sung tiêu chí lưu trữ",
                                                "kiến nghị sửa khoản 2", "đề xuất bỏ điểm b"]))
def test_agreeing_and_proposing_is_substantive(agree, proposal):
    assert classify_stance(f"{agree} Tuy nhiên, {proposal}.") == "substantive"


@given(st.text(max_size=80))
def test_always_one_of_the_stances(text):
    assert classify_stance(text) in STANCES


@pytest.mark.parametrize("text", [
    "1. Cơ bản nhất trí với nội dung dự thảo.",
    "2. Về cơ bản, Sở Y tế thống nhất với dự thảo.",
    "Sở Y tế tỉnh Lào Cai nhận được Công văn số 512/CNTT-THKCB ngày 28/5/2021 của Cục Công nghệ "
    "thông tin về việc xin ý kiến góp ý dự thảo Thông tư. Sau khi nghiên cứu, Sở Y tế thống nhất "
    "với nội dung dự thảo.",
])
def test_numbered_agreement_and_agreement_after_the_opening_sentence(text):
    assert classify_stance(text) == "agree"
