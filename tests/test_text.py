"""consultkit.text: doctests and the documented guarantees, as properties."""

from __future__ import annotations

import doctest
import re
import unicodedata

from hypothesis import given, strategies as st

from consultkit import text
from consultkit.text import canonical_tones, expand_abbreviations, fold, match_key, normalize, slugify

VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxy" "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
              "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
              "ÀÁẢÃẠÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ0123456789.,;:()/-–“”")
COMBINING = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]
SPACES = [" ", "\t", "\n", "\u00a0", "\u200b", "\u3000", "\ufeff"]

vietnamese_text = st.text(alphabet=st.sampled_from(list(VIETNAMESE) + COMBINING + SPACES), max_size=60)
any_text = st.one_of(vietnamese_text, st.text(max_size=40))


def test_doctests():
    result = doctest.testmod(text)
    assert result.failed == 0 and result.attempted >= 10


@given(any_text)
def test_normalize_guarantees(value):
    result = normalize(value)
    assert unicodedata.is_normalized("NFC", result)
    assert result == result.strip()
    assert "  " not in result
    assert not re.search(r"[\t\n\r\u00a0\u200b\u3000\ufeff]", result)
    assert normalize(result) == result
    # nothing but white space changes
    squeeze = lambda s: re.sub(r"[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]", "", s)  # noqa: E731
    assert squeeze(result) == squeeze(unicodedata.normalize("NFC", value))


def test_normalize_none():
    assert normalize(None) == ""


@given(any_text)
def test_fold_idempotent(value):
    assert fold(fold(value)) == fold(value)


@given(vietnamese_text)
def test_fold_is_ascii_lower_for_vietnamese(value):
    folded = fold(value)
    assert folded.isascii() and folded == folded.lower()


@given(any_text)
def test_canonical_tones_idempotent_and_nfc(value):
    once = canonical_tones(value)
    assert canonical_tones(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert fold(once) == fold(value)            # only tone-mark placement changes


@given(st.sampled_from(["Hoà Bình", "Thanh Hoá", "Khánh Hoà", "thuỷ", "khoẻ", "Quy Hoà"]))
def test_both_tone_placements_match(old_style):
    new_style = canonical_tones(old_style)
    assert new_style != old_style
    assert match_key(old_style) == match_key(new_style)


@given(vietnamese_text)
def test_slugify_is_a_stable_ascii_identifier(value):
    slug = slugify(value)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*|x", slug)
    assert slugify(value) == slug and len(slug) <= 60


def test_abbreviations():
    assert expand_abbreviations("BHXH Việt Nam") == "Bảo hiểm xã hội Việt Nam"
    assert expand_abbreviations("SYT TP. HCM") == "Sở Y tế Thành phố Hồ Chí Minh"
    assert expand_abbreviations("BV Nhi TƯ") == "Bệnh viện Nhi Trung ương"
    assert expand_abbreviations("năm tư") == "năm tư"            # "tư" is a word, not TƯ
    assert match_key("BV Bạch Mai") == match_key("Bệnh viện Bạch Mai")
