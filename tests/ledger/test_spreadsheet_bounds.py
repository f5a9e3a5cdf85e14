"""A workbook that would take more memory to read than the limits allow is refused
before the reader sees it, whatever its sheet claims; the largest workbook accepted
is read within the bound (measured in a fresh process)."""

import io
import json
import subprocess
import sys
import time
import zipfile

import pytest

from mediation_app import spreadsheets
from mediation_app.spreadsheets import NotAWorkbook, read_workbook

# What a read of the largest accepted workbook may add to a worker's memory: "about
# 300 MB" (issue 14); the worst case the limits let through measures about 230 MB.
READ_BOUND_MB = 300
MAX_ROWS = 200_000  # the ledger's

_PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="r1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>",
    "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="台账" sheetId="1" r:id="r1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="r1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="r2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>",
}


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def crafted(target, rows, shared=(), dimension=None) -> None:
    """A workbook written as a hostile generator would: ``rows`` is an iterable of
    (row number, [(column number, cell XML inside <c>, type)]), ``shared`` the texts of
    the shared strings."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for text in shared:
                part.write(f"<si><t>{text}</t></si>".encode())
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for number, cells in rows:
                xml = "".join(
                    f'<c r="{_column(column)}{number}" t="{kind}">{inner}</c>'
                    for column, inner, kind in cells
                )
                part.write(f'<row r="{number}">{xml}</row>'.encode())
            part.write(b"</sheetData></worksheet>")


def _text(column: int, text: str):
    return (column, f"<is><t>{text}</t></is>", "inlineStr")


def _shared(column: int, index: int):
    return (column, f"<v>{index}</v>", "s")


HOSTILE = {
    "one cell a million rows down": (
        dict(rows=[(1, [_text(1, "案号")]), (1_000_000, [_text(16, "x")])]),
        "more than 200000 rows",
    ),
    "a dimension claiming little, a cell at the last column": (
        dict(rows=[(1, [_text(1, "案号"), _text(16_384, "x")])], dimension="A1:B2"),
        "more than 64 columns",
    ),
    "the last cell Excel has": (
        dict(rows=[(1, [_text(1, "案号")]), (1_048_576, [_text(16_384, "x")])]),
        "more than 200000 rows",
    ),
    "one shared string of 100 KB used by 2,000 cells": (
        dict(rows=[(n, [_shared(1, 0)]) for n in range(1, 2_001)], shared=["x" * 100_000]),
        "too large",
    ),
    "a cell longer than Excel allows": (
        dict(rows=[(1, [_text(1, "x" * 200_000)])]),
        "32,767",
    ),
    "a grid of 200,000 rows of 20 columns": (
        dict(rows=[(1, [_text(20, "x")]), (200_001, [_text(1, "x")])]),
        "too large",
    ),
}


@pytest.mark.parametrize(("workbook", "message"), HOSTILE.values(), ids=list(HOSTILE))
def test_a_workbook_too_costly_to_read_is_refused_unread_with_a_reason(workbook, message):
    content = io.BytesIO()
    crafted(content, **workbook)
    content.seek(0)
    started = time.perf_counter()
    with pytest.raises(NotAWorkbook) as refusal, read_workbook(content, width=16, max_rows=MAX_ROWS):
        pass
    print(f"{len(content.getvalue()):,} bytes refused in {time.perf_counter() - started:.3f} s")
    assert message in str(refusal.value)


def test_a_workbook_within_the_limits_is_still_read(tmp_path):
    content = io.BytesIO()
    crafted(
        content,
        rows=[(1, [_text(1, "案号"), _shared(2, 0)]), (3, [_text(1, "甲"), _shared(2, 1)])],
        shared=["金额", "12"],
    )
    content.seek(0)
    with read_workbook(content, width=2, max_rows=MAX_ROWS) as sheet:
        assert (sheet.headings, list(sheet.rows)) == (["案号", "金额"], [(3, ["甲", "12"])])


_MEASURE = """
import json, resource, sys
from mediation_app.spreadsheets import read_workbook
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "rb") as stream, read_workbook(stream, width=16, max_rows=int(sys.argv[2])) as sheet:
    rows = sum(1 for _ in sheet.rows)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "added_mb": (after - before) / 1024}))
"""


def test_the_largest_workbook_accepted_is_read_within_the_memory_bound(tmp_path):
    """The worst case the limits let through: every cell of the largest grid holding
    its own text (calamine keeps a copy of each), as long as the unpacked-size limit
    allows."""
    columns = spreadsheets.MAX_CELLS // (MAX_ROWS + 1)
    per_cell = spreadsheets.MAX_UNPACKED_BYTES * 0.98 // ((MAX_ROWS + 1) * columns)
    text = "x" * int(per_cell - len('<c r="AA100000" t="inlineStr"><is><t></t></is></c>'))
    path = tmp_path / "largest.xlsx"
    crafted(path, rows=((n, [_text(c, text) for c in range(1, columns + 1)]) for n in range(1, MAX_ROWS + 2)))
    measured = subprocess.run(  # noqa: S603  (this interpreter, our script)
        [sys.executable, "-c", _MEASURE, str(path), str(MAX_ROWS)], capture_output=True, text=True, check=True
    )
    figures = json.loads(measured.stdout)
    print(f"largest accepted workbook: {figures['rows']:,} rows, read adding {figures['added_mb']:.0f} MB")
    assert figures["rows"] == MAX_ROWS and figures["added_mb"] < READ_BOUND_MB
