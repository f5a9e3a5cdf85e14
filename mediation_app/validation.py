"""Strict parsers for values that arrive from outside (forms, JSON, CLI, imports).

Each parser returns a clean Python value or raises ``ValueError`` with a message
meant for the user (translated lazily); faces collect these into field-specific errors.
"""

import functools
import re
import unicodedata
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

MAX_AMOUNT_DIGITS = 12  # NUMERIC(14,2): up to 999,999,999,999.99 yuan
_AMOUNT = re.compile(rf"(?P<yuan>[0-9]{{1,{MAX_AMOUNT_DIGITS}}})(?:\.(?P<fen>[0-9]{{1,2}}))?", re.ASCII)

# Characters that can forge log lines or reorder text on screen and in PDFs.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def parse_amount(raw) -> Decimal:
    """A positive yuan amount with at most two decimals, as ``Decimal``.

    Policy for full-width input: the text is NFKC-normalised first, so ``１２３``
    is read as ``123``; anything else (exponents, separators, signs, currency
    symbols, NaN/Infinity, JSON numbers) is refused.
    """
    if not isinstance(raw, str):
        raise ValueError(_l('must be a string such as "580000.00"'))
    text = unicodedata.normalize("NFKC", raw).strip()
    match = _AMOUNT.fullmatch(text)
    if not match:
        raise ValueError(_l("must be a positive amount with at most 2 decimals"))
    amount = Decimal(text)
    if amount <= 0:
        raise ValueError(_l("must be greater than zero"))
    return amount.quantize(Decimal("0.01"))


def clean_text(raw, *, max_length: int, multiline: bool = False, required: bool = True) -> str:
    """Text without control, bidi-override or zero-width characters."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ValueError(_l("must be text"))
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n")).strip()
    if not multiline and "\n" in text:
        raise ValueError(_l("must be a single line"))
    if _FORBIDDEN_CHARS.search(text):
        raise ValueError(_l("contains control or invisible characters"))
    if required and not text:
        raise ValueError(_l("is required"))
    if len(text) > max_length:
        raise ValueError(_l("must be at most %(n)d characters", n=max_length))
    return text


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@functools.lru_cache(maxsize=8192)  # a ledger names the same enterprises again and again
def uscc_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def parse_uscc(raw) -> str:
    """A unified social credit code (统一社会信用代码), checksum verified."""
    if not isinstance(raw, str):
        raise ValueError(_l("must be text"))
    code = unicodedata.normalize("NFKC", raw).strip()
    if len(code) != 18:
        raise ValueError(_l("must be 18 characters"))
    if code != code.upper():
        raise ValueError(_l("must be in upper case"))
    if any(c not in USCC_ALPHABET for c in code):
        raise ValueError(_l("contains a character not allowed in a social credit code (I, O, Z, S, V)"))
    if code[17] != uscc_check_character(code[:17]):
        raise ValueError(_l("check character does not match"))
    return code


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_NUMBER = re.compile(r"[1-9][0-9]{5}(?P<birth>[0-9]{8})[0-9]{3}[0-9X]", re.ASCII)


def id_number_check_character(first17: str) -> str:
    """The 18th character of a resident identity number (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def parse_id_number(raw) -> str:
    """A resident identity number (居民身份证号码): 18 characters, a real date of birth,
    check character verified; a lower-case x is read as X."""
    if not isinstance(raw, str):
        raise ValueError(_l("must be text"))
    number = unicodedata.normalize("NFKC", raw).strip().upper()
    if len(number) != 18:
        raise ValueError(_l("must be 18 characters"))
    match = _ID_NUMBER.fullmatch(number)
    if not match:
        raise ValueError(_l("must be 17 digits and a check digit or X"))
    birth = match["birth"]
    try:
        date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        raise ValueError(_l("does not contain a valid date of birth")) from None
    if number[17] != id_number_check_character(number[:17]):
        raise ValueError(_l("check digit does not match"))
    return number


# (year) + court code (province character + up to 4 digits) + type code + serial + 号.
_COURT_CASE_NUMBER = re.compile(
    r"[(（](?P<year>(?:19|20)[0-9]{2})[)）]"
    r"(?P<court>[\u4e00-\u9fff][0-9]{0,4})"
    r"(?P<kind>[\u4e00-\u9fff]{1,6})"
    r"(?P<serial>[1-9][0-9]{0,6})号"
)


def parse_court_case_number(raw) -> str:
    """A court case number (案号), returned with half-width brackets."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(_l("is required for cases from a court"))
    text = raw.strip()
    match = _COURT_CASE_NUMBER.fullmatch(text)
    if not match:
        raise ValueError(_l("must look like (2024)苏0621民诉前调123号"))
    return "({year}){court}{kind}{serial}号".format(**match.groupdict())


def court_code_of(case_number: str) -> str:
    """The court code (e.g. 苏0621) inside a valid court case number."""
    return _COURT_CASE_NUMBER.fullmatch(case_number).group("court")


def parse_date(raw) -> date:
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        raise ValueError(_l("must be a date YYYY-MM-DD"))
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(_l("must be a date YYYY-MM-DD")) from None
