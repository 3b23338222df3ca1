"""Character tables of the two legacy Vietnamese font encodings.

**TCVN3** (TCVN 5712:1993, the ``.VnTime``/``.VnArial`` "ABC" fonts): one byte
per letter. :data:`TCVN3_BYTES` maps every byte the standard gives a
Vietnamese letter or a combining tone mark to Unicode, exactly as glibc's
``iconv -f TCVN5712-1`` does (tests/test_legacy_fonts.py checks every byte
against iconv). Bytes 0xB0–0xB4 are combining tone marks, composed with the
letter before them by NFC.

**VNI** (the ``VNI-Times``/``VNI-Helve`` fonts): a letter is a base letter
followed by at most one mark character ("aù" = á, "eä" = ệ, "ôù" = ớ);
i/y with tones, ơ, ư and đ are single characters ("ò" = ị, "ô" = ơ, "ö" = ư,
"ñ" = đ). :data:`VNI_PAIRS` and :data:`VNI_SINGLE` list every letter of the
Vietnamese alphabet in both cases.

Word stores the bytes of a non-Unicode font as the Windows-1252 characters of
the same bytes (byte 0xE9 is "é", byte 0x80 is "€"), so the tables here are
keyed by those characters (and by the Latin-1 control characters too, which
other producers write for 0x80–0x9F).
"""

from __future__ import annotations

#: TCVN3 byte → Unicode (glibc TCVN5712-1; identity bytes such as 0xFD "ý" left out)
TCVN3_BYTES: dict[int, str] = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
    0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
    0x80: "À", 0x81: "Ả", 0x82: "Ã", 0x83: "Á", 0x84: "Ạ", 0x85: "Ặ", 0x86: "Ậ", 0x87: "È",
    0x88: "Ẻ", 0x89: "Ẽ", 0x8A: "É", 0x8B: "Ẹ", 0x8C: "Ệ", 0x8D: "Ì", 0x8E: "Ỉ", 0x8F: "Ĩ",
    0x90: "Í", 0x91: "Ị", 0x92: "Ò", 0x93: "Ỏ", 0x94: "Õ", 0x95: "Ó", 0x96: "Ọ", 0x97: "Ộ",
    0x98: "Ờ", 0x99: "Ở", 0x9A: "Ỡ", 0x9B: "Ớ", 0x9C: "Ợ", 0x9D: "Ù", 0x9E: "Ủ", 0x9F: "Ũ",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA8: "ă",
    0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xAF: "Ằ",
    0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ", 0xBA: "Ẳ", 0xBB: "ằ", 0xBC: "ẳ",
    0xBD: "ẵ", 0xBE: "ắ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xC6: "ặ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ", 0xCC: "è",
    0xCD: "Ể", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ",
    0xD5: "ế", 0xD6: "ệ", 0xD7: "ì", 0xD8: "ỉ", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xDC: "ĩ",
    0xDD: "í", 0xDE: "ị", 0xDF: "ò", 0xE0: "Ổ", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ",
    0xED: "ớ", 0xEE: "ợ", 0xEF: "ù", 0xF0: "Ỗ", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ",
    0xFE: "ỵ", 0xFF: "Ố",
}


def _stored_chars(byte: int) -> list[str]:
    """The characters a .docx may hold for a byte of a non-Unicode font."""
    chars = [chr(byte)]
    try:
        cp = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chars
    if cp != chr(byte):
        chars.append(cp)
    return chars


#: character as stored in the file → Unicode, for TCVN3 runs
TCVN3_CHARS: dict[str, str] = {c: u for b, u in TCVN3_BYTES.items() for c in _stored_chars(b)}

# --- VNI -------------------------------------------------------------------------------------
_TONES = "acute grave hook tilde dot".split()
#: the mark characters after a vowel (lower, upper)
_TONE_MARK = {"acute": ("ù", "Ù"), "grave": ("ø", "Ø"), "hook": ("û", "Û"), "tilde": ("õ", "Õ"),
              "dot": ("ï", "Ï")}
_HAT_MARK = {None: ("â", "Â"), "acute": ("á", "Á"), "grave": ("à", "À"), "hook": ("å", "Å"),
             "tilde": ("ã", "Ã"), "dot": ("ä", "Ä")}
_BREVE_MARK = {None: ("ê", "Ê"), "acute": ("é", "É"), "grave": ("è", "È"), "hook": ("ú", "Ú"),
               "tilde": ("ü", "Ü"), "dot": ("ë", "Ë")}
_COMBINING = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303",
              "dot": "\u0323", "hat": "\u0302", "breve": "\u0306", "horn": "\u031b"}


def _compose(base: str, *marks: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", base + "".join(_COMBINING[m] for m in marks))


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    pairs: dict[str, str] = {}
    single: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
                              "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
                              "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}
    for upper in (0, 1):
        for vowel in "aeouy":
            base = vowel.upper() if upper else vowel
            for tone in _TONES:
                if vowel == "y" and tone == "dot":
                    continue                          # ỵ is the single "î"
                for case in ((1, 0) if upper else (0, 1)):
                    pairs[base + _TONE_MARK[tone][case]] = _compose(base, tone)
        for vowel in "aeo":
            base = vowel.upper() if upper else vowel
            for tone, marks in _HAT_MARK.items():
                for case in ((1, 0) if upper else (0, 1)):
                    pairs[base + marks[case]] = _compose(base, "hat", *([tone] if tone else []))
        base = "A" if upper else "a"
        for tone, marks in _BREVE_MARK.items():
            for case in ((1, 0) if upper else (0, 1)):
                pairs[base + marks[case]] = _compose(base, "breve", *([tone] if tone else []))
        for vni, plain in (("Ô" if upper else "ô", "O" if upper else "o"),
                           ("Ö" if upper else "ö", "U" if upper else "u")):
            for tone in _TONES:
                for case in ((1, 0) if upper else (0, 1)):
                    pairs[vni + _TONE_MARK[tone][case]] = _compose(plain, "horn", tone)
    return pairs, single


#: VNI two-character letters (base + mark) → Unicode
#: and VNI one-character letters → Unicode
VNI_PAIRS, VNI_SINGLE = _vni_tables()
