"""The fast paths of fold/strip_diacritics give exactly the general definition's result."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from consultkit import text as T

VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
              "ùúủũụừứửữựỳýỷỹỵÀÁẢÃẠỀẾỂỄỆ0123456789 .,;:!?_-()\"'/\t\n\u00a0\u0301\u034f")


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold(text: str) -> str:
    if not text:
        return ""
    folded = _strip(T.nfc(text)).casefold()
    return T.clean_whitespace(re.sub(r"[^\w]+", " ", folded).replace("_", " "))


texts = st.one_of(st.text(alphabet=VIETNAMESE, max_size=40), st.text(max_size=40))


@given(texts)
def test_fold_is_the_general_definition(text):
    assert T.fold(text) == _fold(text)


@given(texts)
def test_strip_diacritics_is_the_general_definition(text):
    assert T.strip_diacritics(text) == _strip(text)
