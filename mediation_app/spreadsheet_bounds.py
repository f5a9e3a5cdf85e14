"""What reading an .xlsx would cost, measured from its XML without loading it.

calamine (``spreadsheets.read_workbook``) builds a sheet as one dense grid from its
first to its last cell and copies a shared string into every cell that uses it, so a
file of a few kilobytes can ask for gigabytes: two cells at A1 and XFD1048576, or one
long shared string used by every cell. A sheet's ``<dimension>`` is only a claim, so
the cells' own positions (``r="P200001"``) and the shared strings they use are
scanned instead, streaming the unpacked XML in chunks with C-speed regular
expressions (about 1 s per 100 MB of sheet XML).
"""

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from zipfile import ZipFile

CHUNK = 1 << 20
TAG_MAX = 64 * 1024  # an unfinished tag longer than this is not a workbook's
SHEETS = re.compile(r"xl/worksheets/[^/]+\.xml")
SHARED_STRINGS = "xl/sharedStrings.xml"

_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,9})"')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,4})([0-9]{1,9})"')
# Rows and cells without a position take the next one; they are counted, and every
# one of them is assumed to extend the grid (no common writer leaves them out).
_ANY_ROW = re.compile(rb"<row[\s/>]")
_ANY_CELL = re.compile(rb"<c[\s/>]")
# Searched from its literal attribute, which the regular expression engine skips to (tried
# at every "<c", it took a third of the measuring); any attribute ending in t="s" before
# a <v> counts, which can only raise the upper bound.
_SHARED_CELL = re.compile(rb't="s"[^>]*>\s*<v>([0-9]{1,9})</v>')
_STRING_EDGE = re.compile(rb"<si[\s/>]|</si>")
# Excel holds at most 32,767 characters in a cell, at most 4 bytes each in UTF-8; text
# runs are only looked for from there on (a longer one is reported, not measured).
CELL_TEXT_BYTES = 4 * 32_767
_LONG_TEXT = re.compile(rb">([^<]{%d,})" % (CELL_TEXT_BYTES + 1))


class Unreadable(ValueError):
    """The XML is cut off or malformed in a way that makes it unmeasurable."""


@dataclass
class Extent:
    rows: int = 0  # the grid's height and width, from row 1 and column A
    columns: int = 0
    shared_text: int = 0  # bytes of shared strings copied into cells (an upper bound)
    longest_text: int = 0  # bytes of the longest text, when over CELL_TEXT_BYTES or shared

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _chunks(archive: ZipFile, name: str) -> Iterator[tuple[int, bytes]]:
    """The member's XML in pieces that never cut a tag, each with its offset."""
    carry, offset = b"", 0
    with archive.open(name) as member:
        while piece := member.read(CHUNK):
            data = carry + piece
            cut = data.rfind(b"<")
            if cut == -1 or b">" in data[cut:]:
                cut = len(data)
            if len(data) - cut > TAG_MAX:
                raise Unreadable(name)
            yield offset, data[:cut]
            offset += cut
            carry = data[cut:]
    yield offset, carry


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _longest_long_text(data: bytes) -> int:
    """The longest text run over CELL_TEXT_BYTES, also one continued from the last chunk."""
    head = data.find(b"<")
    runs = [head if head > CELL_TEXT_BYTES else len(data) if head == -1 else 0]
    return max(runs + list(map(len, _LONG_TEXT.findall(data))))


def _string_lengths(archive: ZipFile) -> array:
    lengths, start = array("Q"), None
    if SHARED_STRINGS not in archive.namelist():
        return lengths
    for offset, data in _chunks(archive, SHARED_STRINGS):
        for edge in _STRING_EDGE.finditer(data):
            if edge[0].startswith(b"</"):
                if start is not None:
                    lengths.append(offset + edge.end() - start)
                start = None
            else:
                start = offset + edge.start()
    return lengths


def measure(archive: ZipFile) -> Extent:
    """The largest grid any sheet of ``archive`` spans, and the shared-string bytes the
    cells of all sheets would copy."""
    lengths = _string_lengths(archive)
    extent = Extent(longest_text=max(lengths, default=0))
    for name in filter(SHEETS.fullmatch, archive.namelist()):
        rows = columns = unplaced_rows = unplaced_cells = 0
        for _offset, data in _chunks(archive, name):
            row_numbers = _ROW.findall(data)
            cells = _CELL.findall(data)
            rows = max(rows, *map(int, row_numbers), *map(int, map(itemgetter(1), cells)), 0)
            if cells:
                letters = max(set(map(itemgetter(0), cells)), key=lambda c: (len(c), c))
                columns = max(columns, _column_number(letters))
            extent.longest_text = max(extent.longest_text, _longest_long_text(data))
            unplaced_rows += len(_ANY_ROW.findall(data)) - len(row_numbers)
            unplaced_cells += len(_ANY_CELL.findall(data)) - len(cells)
            extent.shared_text += sum(
                lengths[index] if index < len(lengths) else 0
                for index in map(int, _SHARED_CELL.findall(data))
            )
        extent.rows = max(extent.rows, rows + unplaced_rows)
        extent.columns = max(extent.columns, columns + unplaced_cells)
    return extent
