"""Amounts in capital Chinese numerals (大写金额), as written on legal documents.

Follows the People's Bank rules for written amounts: 壹拾 keeps its 壹, one 零
stands for any run of zeros between non-zero digits (including across 万/亿
groups), 整 follows an amount that ends at 元 or 角, and 分 is never followed
by 整.
"""

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
_GROUPS = ("", "万", "亿")
MAX_AMOUNT = Decimal("999999999999.99")


def _group(value: int) -> str:
    """Capitals of 1..9999 inside one four-digit group."""
    text, pending_zero = "", False
    for place, unit in _PLACES:
        digit = value // place % 10
        if digit == 0:
            pending_zero = bool(text)
        else:
            if pending_zero:
                text += DIGITS[0]
                pending_zero = False
            text += DIGITS[digit] + unit
    return text


def _integer(value: int) -> str:
    groups = [(value // 10_000**i) % 10_000 for i in range(len(_GROUPS))]
    text, pending_zero = "", False
    for index in reversed(range(len(_GROUPS))):
        group = groups[index]
        if group == 0:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += DIGITS[0]
        text += _group(group) + _GROUPS[index]
        pending_zero = False
    return text


def amount_in_capitals(amount: Decimal) -> str:
    """``Decimal('100010.00')`` → ``壹拾万零壹拾元整``."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValueError(f"not a writable amount: {amount!r}")
    fen_total = int(amount.quantize(Decimal("0.01")) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan and fen:
        text += DIGITS[0]
    return text + (DIGITS[fen] + "分" if fen else "整")
