"""Helpers for the court-linkage tests: settled and referred court cases."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation_app.cases.operations import file_case
from mediation_app.extensions import db
from mediation_app.notifications.models import OutboxMessage
from mediation_app.types import utcnow
from workflows.deadlines import local_date

COURT_NUMBER = "(2026)苏0621民诉前调{n}号"


def today():
    return local_date(utcnow())


def in_days(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


class Court:
    """Cases of the world's court (苏0621) in the states the court linkage starts from."""

    def __init__(self, world):
        self.world = world
        self.serial = 0

    def case(self, state: str, **filing) -> int:
        self.serial += 1
        filing = {
            "source": "court_delegated",
            "court_case_number": COURT_NUMBER.format(n=self.serial),
            **filing,
        }
        return self.world.case(state, **filing)

    def of_other_court(self) -> int:
        """A case filed by the other court (苏0682) through its own liaison."""
        self.serial += 1
        data = self.world.filing(
            source="court_delegated", court_case_number=f"(2026)苏0682民诉前调{self.serial}号"
        )
        with self.world.app.app_context():
            return file_case(self.world.other_liaison.user(), data).id

    def settled(self, instalments=None, effective_on=None, **filing) -> int:
        """A settled court case, its agreement in effect from today; ``effective_on`` (a date)
        sets another day."""
        case_id = self.case("mediated", **filing)
        data = {"instalments": instalments} if instalments is not None else {}
        self.world.fire(case_id, "settle", **data)
        if effective_on is not None:
            with self.world.app.app_context():
                self.world.load(case_id).agreement_effective_on = effective_on
                db.session.commit()
        return case_id

    def outbox(self, kind: str) -> list[OutboxMessage]:
        with self.world.app.app_context():
            rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()
            db.session.expunge_all()
            return rows


@pytest.fixture
def court(world):
    return Court(world)
