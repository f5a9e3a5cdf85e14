"""Excel workbooks (.xlsx) in and out, for ledgers and other tabular exports.

Writing streams: openpyxl's write-only workbook keeps one row in memory at a time
(the rows go to a temporary file), so 100,000 rows cost no more memory than ten.
Text is always written as text, and text that a spreadsheet would take for a
formula (``=``, ``+``, ``-``, ``@``, tab, CR at the start) also gets Excel's
"quote prefix" (the hidden apostrophe of a cell typed as ``'=…``): Excel and
LibreOffice show it literally, never evaluate it, and keep it text when the cell
is edited; the value read back is the original text, unchanged.
Money is written as a number from its ``Decimal`` (never through a float), with
two decimals shown; dates as dates.

Reading checks that the upload is an .xlsx at all (by its first bytes, then by
opening it) and yields plain values row by row. It uses calamine (Rust), which
reads a 100,000-row sheet in about 3 s where openpyxl's read-only mode takes 40 s;
it holds the whole sheet in memory, so what it would hold is measured first
(``spreadsheet_bounds``, about 1 s per 100 MB of XML) and refused over limits that
keep a read near 300 MB: the largest ledger accepted (200,000 rows) adds 312 MB to a
worker, where a 677 KB file unpacking to 250 MB took one past 1 GB before these
limits (``tests/ledger/test_spreadsheet_bounds.py`` measures the worst case).
"""

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import BinaryIO
from zipfile import BadZipFile, ZipFile

from flask import send_file
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from python_calamine import CalamineError, CalamineWorkbook

from mediation_app import spreadsheet_bounds

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the pre-2007 .xls format
CENT = Decimal("0.01")
# A float read from a cell is taken at its shortest decimal spelling (repr), which is
# the text Excel stored; within this of a whole number of fen it is binary-float
# noise of a sum computed in the sheet (0.30000000000000004), not a third decimal.
FLOAT_NOISE = Decimal("1e-9")
# What an upload may unpack to: the ledger's own 200,000-row export is 167 MB of sheet XML.
MAX_UNPACKED_BYTES = 224 * 1024 * 1024
# calamine keeps about 90 bytes per cell (a 32-byte slot, and a heap copy of its
# text), every cell of the grid from A1 to the last one counting, so the grid is
# bounded: 200,000 rows and the heading of the ledger's 16 columns. The shared strings
# that cells copy count beside it; a ledger of 200,000 rows saved by Excel copies about 50 MB.
MAX_COLUMNS = 64
MAX_CELLS = 3_200_016
MAX_SHARED_TEXT = 64 * 1024 * 1024


class NotAWorkbook(ValueError):
    """The upload is not a readable .xlsx workbook; the message says why."""


_TOO_LARGE = _l("This workbook is too large to read at once; split it into several files.")


# ---- writing ----------------------------------------------------------------------------------


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
        # openpyxl would format the number through a float ("%.16g"); the exact
        # decimal text is what the file stores, so it is written as that.
        cell._value = f"{value.quantize(CENT):f}"
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = DATE_FORMAT
    return cell


@dataclass(frozen=True)
class SheetOut:
    """A sheet to write: its title, heading row and rows (consumed lazily, in sheet order)."""

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence]


def write_workbook(
    target,
    headings: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str = "Sheet1",
    more: Sequence[SheetOut] = (),
):
    """Write one sheet: the heading row, then ``rows`` (consumed lazily); then the
    sheets ``more``, each once the one before is written (a summary of the rows above
    it can be counted while they are written).

    ``target`` is a path or a binary file. Cell values may be ``str``, ``Decimal``
    (money), ``int``, ``date`` or ``None``; aware datetimes must be made dates first.
    """
    workbook = Workbook(write_only=True)
    for out in (SheetOut(title, headings, rows), *more):
        sheet = workbook.create_sheet(title=out.title)
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, heading) for heading in out.headings])
        for row in out.rows:
            sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)


def send_workbook(
    headings: Sequence[str],
    rows: Iterable[Sequence],
    *,
    download_name: str,
    title: str,
    more: Sequence[SheetOut] = (),
):
    """A download response of the workbook, built in a temporary file (not in memory)
    that disappears when the response is closed."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response)
    try:
        write_workbook(handle, headings, rows, title=title, more=more)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return send_file(handle, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=download_name)


# ---- reading ----------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The first sheet of a workbook: its heading row and the rows below it."""

    headings: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as Excel shows it, values)
    size: int  # rows below the headings, as the sheet's used range says (for progress)


def _check_archive(stream: BinaryIO, max_rows: int | None) -> None:
    """Refuse what is not an .xlsx by its first bytes, and a workbook that would take
    more memory to read than the limits above allow (the reader holds the whole sheet),
    before the reader sees it."""
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(OLE2_MAGIC):
        raise NotAWorkbook(_l("This is an old .xls workbook; save it as .xlsx (Excel 2007 or later)."))
    if not head.startswith(ZIP_MAGIC):
        raise NotAWorkbook(_l("This file is not an Excel workbook (.xlsx)."))
    try:
        with ZipFile(stream) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            extent = spreadsheet_bounds.measure(archive) if unpacked <= MAX_UNPACKED_BYTES else None
    except (BadZipFile, OSError, ValueError):  # Unreadable is a ValueError
        raise NotAWorkbook(_l("This file could not be read as an Excel workbook (.xlsx).")) from None
    finally:
        stream.seek(0)
    if extent is None:
        raise NotAWorkbook(_TOO_LARGE)
    if max_rows is not None and extent.rows > max_rows + 1:  # and the heading row
        raise NotAWorkbook(_l("The sheet has more than %(n)d rows; split it into several files.", n=max_rows))
    if extent.columns > MAX_COLUMNS:
        raise NotAWorkbook(
            _l("The sheet has more than %(n)d columns; keep only the columns asked for.", n=MAX_COLUMNS)
        )
    if extent.longest_text > spreadsheet_bounds.CELL_TEXT_BYTES:
        raise NotAWorkbook(_l("A cell holds more text than Excel allows (32,767 characters)."))
    if extent.cells > MAX_CELLS or extent.shared_text > MAX_SHARED_TEXT:
        raise NotAWorkbook(_TOO_LARGE)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


@contextmanager
def read_workbook(stream: BinaryIO, *, width: int, max_rows: int | None = None):
    """Open an uploaded .xlsx and give its first sheet as a :class:`Sheet`, reading at
    most ``width`` + 1 columns (one more than expected, to notice an extra column);
    a sheet reaching below ``max_rows`` rows under its headings is refused unread.
    Whatever ``max_rows``, a sheet over the memory limits above is refused unread.

    Formula cells give the value Excel last computed; empty cells are ``""``. Fully
    empty rows are skipped. Raises :class:`NotAWorkbook` for anything that is not a
    readable workbook.
    """
    _check_archive(stream, max_rows)
    try:
        sheet = CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError, IndexError):
        raise NotAWorkbook(_l("This file could not be read as an Excel workbook (.xlsx).")) from None
    if sheet.start is None:  # no cell at all
        yield Sheet([], iter(()), 0)
        return
    # calamine gives the rows from the sheet's first row but the columns from the
    # first one in use; the columns are put back where Excel shows them.
    padding = [""] * sheet.start[1]
    rows = ((padding + values)[: width + 1] for values in sheet.iter_rows())
    headings = [_text(v) for v in next(rows, ())]
    while headings and not headings[-1]:
        headings.pop()
    yield Sheet(headings, _data_rows(rows), max(sheet.end[0], 0))


def _data_rows(rows) -> Iterator[tuple[int, list]]:
    for number, values in enumerate(rows, start=2):
        if any(cell_text(v) for v in values):
            yield number, values


def cell_text(value) -> str:
    """A cell as text: numbers as typed (no ``.0`` on whole numbers), dates ISO."""
    if isinstance(value, str):  # most cells, first: a ledger's are counted in millions
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _text(value)


def cell_decimal(value) -> Decimal | str:
    """A numeric cell as an exact ``Decimal`` (see FLOAT_NOISE); any other cell as text,
    for the caller's usual parser."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return cell_text(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return number  # the amount parser refuses it
    try:
        rounded = number.quantize(CENT)
    except InvalidOperation:  # far too large: the parser refuses it
        return number
    return rounded if abs(number - rounded) < FLOAT_NOISE else number


def cell_date(value) -> date | str:
    """A date cell as a ``date``; any other cell as text, for the caller's parser."""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else cell_text(value)
    if isinstance(value, date):
        return value
    return cell_text(value)
