from decimal import Decimal

import pytest

from mediation_app.documents.capitals import amount_in_capitals


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("0.55", "伍角伍分"),
        ("1.00", "壹元整"),
        ("10.00", "壹拾元整"),
        ("15.00", "壹拾伍元整"),
        ("100.05", "壹佰元零伍分"),
        ("105.50", "壹佰零伍元伍角整"),
        ("1010.00", "壹仟零壹拾元整"),
        ("1001.00", "壹仟零壹元整"),
        ("10005.00", "壹万零伍元整"),
        ("100010.00", "壹拾万零壹拾元整"),
        ("580000.00", "伍拾捌万元整"),
        ("1000000.01", "壹佰万元零壹分"),
        ("10000100.00", "壹仟万零壹佰元整"),
        ("10001000.00", "壹仟万壹仟元整"),
        ("58000000.00", "伍仟捌佰万元整"),
        ("58360000.00", "伍仟捌佰叁拾陆万元整"),
        ("100000000.00", "壹亿元整"),
        ("100001000.00", "壹亿零壹仟元整"),
        ("200100000.00", "贰亿零壹拾万元整"),
        ("1000000001.00", "壹拾亿零壹元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("0.00", "零元整"),
    ],
)
def test_capitals(amount, capitals):
    assert amount_in_capitals(Decimal(amount)) == capitals


@pytest.mark.parametrize(
    "amount", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity"), Decimal("1000000000000"), 5]
)
def test_unwritable_amounts_are_refused(amount):
    with pytest.raises(ValueError):
        amount_in_capitals(amount)
