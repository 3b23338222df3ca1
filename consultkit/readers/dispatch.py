"""The consultation dispatch (công văn xin ý kiến) as a frozen :class:`Dispatch`.

The parser is filled in by the foundation work; this module fixes the shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnnexGroup:
    """One group of the recipient annex, as written."""

    number: str                      # "I", "IV" — as written
    title: str                       # "Bảo hiểm xã hội Việt Nam"
    entries: tuple[tuple[str, str], ...] = ()   # (seq as written, unit name)
    line: int | None = None          # line (or paragraph) of the group heading in the source


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
    signer_title: str | None         # "CỤC TRƯỞNG"
    signer_name: str | None          # "Trần Quý Tường"
    cc: tuple[str, ...]              # Nơi nhận entries
    annex_title: str | None
    annex: tuple[AnnexGroup, ...] = ()
    source: str = ""                 # file it was read from
    issues: tuple[str, ...] = field(default=(), compare=False)  # anomalies seen while reading
