"""Masking personal data in public comments: phones, e-mails, ID numbers, names."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from consultkit.public.mask import EMAIL, ID_NUMBER, NAME, PHONE, mask_text

WORDS = ["Tôi", "đề", "nghị", "bổ", "sung", "mục", "2.2", "vì", "bệnh", "viện", "tỉnh", "liên", "hệ",
         "số", "điện", "thoại", "email", "của", "tôi", "là", "chi", "phí", "ngày", "12/05/2025",
         "điểm", "a", "khoản", "3", "Điều", "5", "tiêu", "chí", "số", "10", "Trân", "trọng.", "—", "(",
         ")", ",", ":", "khoảng", "1.000.000.000", "đồng", "6.1.1", "HL7", "FHIR"]
filler = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join)


@st.composite
def phones(draw):
    prefix = draw(st.sampled_from(["0", "+84", "84", "+84 ", "0084"]))
    body = draw(st.sampled_from(["3", "5", "7", "8", "9"])) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8)))
    sep = draw(st.sampled_from(["", " ", ".", "-"]))
    grouped = body[:2] + sep + body[2:5] + sep + body[5:] if sep else body
    return prefix + grouped


emails = st.builds(lambda user, n, domain: f"{user}{n}@{domain}",
                   st.sampled_from(["an", "lan.nguyen", "tuan_pham", "hoa-le", "x"]),
                   st.integers(0, 9999), st.sampled_from(["gmail.com", "moh.gov.vn", "yahoo.com.vn"]))
id_numbers = st.one_of(
    st.builds(lambda p, n: f"0{p:02d}{n:09d}", st.integers(1, 96), st.integers(0, 10 ** 9 - 1)),  # CCCD
    st.builds(lambda n: f"{n:09d}", st.integers(10 ** 8, 10 ** 9 - 1)))                        # CMND


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@given(filler, phones(), filler)
def test_a_phone_number_never_survives(before, phone, after):
    masked = mask_text(f"{before} {phone} {after}")
    assert _digits(phone) not in _digits(masked.replace("1.000.000.000", ""))
    assert PHONE in masked


@given(filler, emails, filler)
def test_an_email_never_survives(before, email, after):
    masked = mask_text(f"{before} {email}. {after}")
    assert email not in masked and "@" not in masked and EMAIL in masked


@given(filler, id_numbers, filler)
def test_an_id_number_never_survives(before, number, after):
    masked = mask_text(f"{before} CCCD {number}, {after}")
    assert number not in masked
    assert ID_NUMBER in masked or PHONE in masked   # a CMND may look like a phone number


@given(filler, st.one_of(phones(), emails, id_numbers), filler)
def test_masking_is_idempotent_and_keeps_the_rest(before, secret, after):
    text = f"{before} {secret} {after}"
    once = mask_text(text)
    assert mask_text(once) == once
    # the words around are kept in order (only the secret was replaced)
    for word in (before + " " + after).split():
        if not re.search(r"\d{3}", word):
            assert word in once


@given(filler)
def test_text_without_personal_data_is_unchanged(text):
    assert mask_text(text) == text


def test_amounts_dates_and_clause_numbers_are_kept():
    text = "Chi phí 1.000.000.000 đồng từ ngày 12/05/2025 theo mục 6.1.1 và tiêu chí số 10."
    assert mask_text(text) == text


@given(st.sampled_from(["Nguyễn Văn An", "Trần Thị Lan", "Lê Minh Tuấn"]), filler,
       st.sampled_from(["{}", "{upper}", "{plain}"]))
def test_the_commenters_own_name_is_masked_in_any_spelling(name, rest, form):
    from consultkit.text import strip_diacritics

    written = form.format(name, upper=name.upper(), plain=strip_diacritics(name))
    masked = mask_text(f"{rest} Tôi, {written}, góp ý.", name=name)
    assert NAME in masked and written not in masked


def test_self_introduction_masks_the_name_that_follows():
    assert mask_text("Tôi tên là Phạm Quang Huy, bác sĩ.") == "Tôi tên là [họ tên], bác sĩ."
    assert mask_text("Tôi là người dân ở Huế.") == "Tôi là người dân ở Huế."
