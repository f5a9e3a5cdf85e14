"""Ledger workbooks for the tests: a valid row to vary, and files built from rows."""

import io
from datetime import date
from decimal import Decimal

import pytest

from mediation_app.ledger import columns as c
from mediation_app.spreadsheets import write_workbook
from tests.factories import uscc


def ledger_row(**overrides) -> dict:
    """A valid settled case of the test world's centre (mediator ``mediator``)."""
    return {
        c.NUMBER: "(2021)测商调字第0001号",
        c.FILED_ON: date(2021, 3, 1),
        c.SOURCE: "当事人直接申请",
        c.APPLICANT: "江苏常安纺织科技有限公司",
        c.RESPONDENT: "海安华达锦纶有限公司",
        c.INDUSTRY: "锦纶",
        c.DISPUTE_TYPE: "买卖合同",
        c.CLAIM: Decimal("580000.00"),
        c.MEDIATOR: "mediator",
        c.STATE: "调解成功",
        c.CONCLUDED_ON: date(2021, 4, 2),
        c.AGREED: Decimal("500000.00"),
        c.PERFORMANCE: "部分履行",
        c.APPLICANT_USCC: uscc(1),
        c.RESPONDENT_USCC: uscc(2),
        c.PERFORMED: Decimal("200000.00"),
        **overrides,
    }


def ledger_file(rows: list[dict], headings=c.COLUMNS) -> io.BytesIO:
    buffer = io.BytesIO()
    write_workbook(buffer, headings, ([row.get(h) for h in headings] for row in rows), title="台账")
    buffer.seek(0)
    return buffer


@pytest.fixture
def staff(world, ctx):
    """The world's staff member, as an ORM row in the test's app context."""
    return world.staff.user()
