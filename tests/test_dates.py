"""consultkit.readers.dates: Vietnamese date forms, deadlines, the place-and-date line."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

from hypothesis import given, strategies as st

from consultkit.readers import dates
from consultkit.readers.dates import date_line, find_deadline, parse_date

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


def test_doctests():
    assert doctest.testmod(dates).failed == 0


@given(days, st.booleans(), st.booleans(), st.sampled_from(["/", "-", "."]))
def test_deadline_in_both_forms(day, long_form, pad, sep):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    written = f"ngày {d} tháng {m} năm {day.year}" if long_form else f"{d}{sep}{m}{sep}{day.year}"
    text = f"Quyết định số 1/QĐ-BYT ngày 01/01/1989; xin gửi trước {written} để tổng hợp."
    assert find_deadline(text) == day
    assert parse_date(written) == day


def test_deadline_phrases():
    assert find_deadline("chậm nhất vào ngày 3/7/2021") == dt.date(2021, 7, 3)
    assert find_deadline("Hạn gửi: 15/06/2021") == dt.date(2021, 6, 15)
    assert find_deadline("không muộn hơn ngày 30 tháng 6 năm 2021") == dt.date(2021, 6, 30)
    assert find_deadline("trước ngày 31/02/2021") is None           # not a date
    assert find_deadline("ban hành ngày 18/6/2021") is None          # not a deadline


def test_date_line_blanks():
    assert date_line("Hà Nội, ngày      tháng      năm 2021") == ("Hà Nội", None, 2021)
    assert date_line("Thành phố Hồ Chí Minh, ngày 1 tháng 12 năm 2020") == (
        "Thành phố Hồ Chí Minh", dt.date(2020, 12, 1), 2020)
    assert date_line("Hà Nội, ngày 31 tháng 02 năm 2021") == ("Hà Nội", None, 2021)
    assert date_line("Hà Nội, ngày ... tháng ... năm ...") == ("Hà Nội", None, None)


def test_deadline_with_a_time_of_day_or_a_weekday():
    from consultkit.readers.dates import deadline_phrase

    assert find_deadline("gửi về Bộ trước 17h00 ngày 20/3/2024.") == dt.date(2024, 3, 20)
    assert find_deadline("trước 16 giờ 30 ngày 20 tháng 3 năm 2024") == dt.date(2024, 3, 20)
    assert find_deadline("chậm nhất trước thứ Sáu, ngày 22/3/2024") == dt.date(2024, 3, 22)
    assert find_deadline("trước 17h00 ngày 30/02/2024") is None
    assert deadline_phrase("trước 17h00 ngày 30/02/2024") == "trước 17h00 ngày 30/02/2024"
    assert deadline_phrase("ban hành ngày 30/02/2024") is None


@pytest.mark.parametrize("text, expected", [
    ("trong thời hạn 10 ngày kể từ ngày nhận được công văn", (10, False)),
    ("trong vòng 07 ngày làm việc kể từ ngày nhận được văn bản", (7, True)),
    ("trong thời hạn mười lăm ngày, kể từ ngày nhận được dự thảo", (15, False)),
    ("chậm nhất sau 5 ngày kể từ ngày nhận công văn", (5, False)),
    ("trước ngày 20/3/2024", None),
    ("Thông tư có hiệu lực sau 45 ngày kể từ ngày ký", None),
])
def test_relative_deadlines(text, expected):
    from consultkit.readers.dates import relative_deadline

    found = relative_deadline(text)
    assert (found[:2] if found else None) == expected


def test_a_deadline_without_its_year_is_not_completed():
    from consultkit.readers.dates import deadline_phrase

    assert find_deadline("trước ngày 20 tháng 3 để tổng hợp") is None
    assert deadline_phrase("trước ngày 20 tháng 3 để tổng hợp") == "trước ngày 20 tháng 3"
    assert deadline_phrase("trước ngày 20/3.") == "trước ngày 20/3"
    assert deadline_phrase("Quyết định trước ngày 5316/QĐ-BYT") is None
