"""The strict parsers that guard every way in (forms, API, CLI)."""

from decimal import Decimal

import pytest

from mediation_app import create_app
from mediation_app.validation import (
    clean_text,
    parse_amount,
    parse_court_case_number,
    parse_uscc,
    uscc_check_character,
)


@pytest.fixture(autouse=True)
def _app_context(tmp_path):
    # Error messages are translated lazily; they need a request to pick the language.
    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "DOCUMENT_STORAGE": tmp_path}
    )
    with app.test_request_context("/api/v1/", headers={"Accept-Language": "en"}):
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("580000.00", Decimal("580000.00")),
        ("0.01", Decimal("0.01")),
        ("  12.5 ", Decimal("12.50")),
        ("999999999999.99", Decimal("999999999999.99")),
        ("１２３", Decimal("123.00")),  # documented policy: full-width digits are read after NFKC
    ],
)
def test_amounts_accepted(raw, expected):
    amount = parse_amount(raw)
    assert amount == expected and amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "raw",
    [
        "-1",
        "0",
        "0.00",
        "NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
        "1e309",
        "1e5",
        "12.345",
        "1_000",
        "12,345.00",
        "¥100",
        "1000000000000",
        "123456789012345",
        "",
        " ",
        ".5",
        "5.",
        "+5",
        "0x10",
        "12.3.4",
        "1 000",
        100,
        100.0,
        None,
        [],
        {},
        True,
    ],
)
def test_amounts_refused(raw):
    with pytest.raises(ValueError) as error:
        parse_amount(raw)
    assert str(error.value)


def test_the_documented_uscc_example_is_valid():
    assert parse_uscc("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("91350100M000100Y44", "check character"),
        ("91350100m000100y43", "upper case"),
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100Y433", "18 characters"),
        ("91350100I000100Y43", "not allowed"),
        ("", "18 characters"),
    ],
)
def test_uscc_refused(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_uscc(raw)


def test_check_character_follows_gb_32100():
    assert uscc_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(2024)苏0621民诉前调123号", "(2024)苏0621民诉前调123号"),
        ("（2024）苏0621民诉前调123号", "(2024)苏0621民诉前调123号"),
        ("(2021)川0104民诉前调801号", "(2021)川0104民诉前调801号"),
        ("(2023)苏0621民初45号", "(2023)苏0621民初45号"),
    ],
)
def test_court_case_numbers_accepted(raw, expected):
    assert parse_court_case_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2024苏0621民诉前调123号",
        "(24)苏0621民诉前调123号",
        "(2024)苏0621民诉前调123",
        "(2024)0621民诉前调123号",
        "(2024)苏0621民诉前调0号",
        "(2024)苏0621123号",
        "",
        None,
        "(2024)苏0621民诉前调123号; DROP TABLE cases",
    ],
)
def test_court_case_numbers_refused(raw):
    with pytest.raises(ValueError):
        parse_court_case_number(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "name\x00",
        "line\nbreak",
        "bidi\u202eoverride",
        "zero\u200bwidth",
        "bom\ufeff",
        "x" * 201,
        "",
        "   ",
    ],
)
def test_single_line_text_refused(raw):
    with pytest.raises(ValueError):
        clean_text(raw, max_length=200)


def test_markup_is_kept_as_text():
    assert clean_text('"><img src=x onerror=alert(1)>', max_length=200) == '"><img src=x onerror=alert(1)>'
