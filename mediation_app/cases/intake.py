"""Screening at intake (受理审查): the same dispute filed twice.

Two parties in a running trade dispute may have thousands of open cases between them
(a ledger import, a supplier filing invoice by invoice), so nothing here reads them
all: the case page names the first few and counts up to :data:`COUNTED`, and the full
list is read a page at a time (oldest first, after a case id).
"""

from dataclasses import dataclass

from sqlalchemy import select, union_all
from sqlalchemy.orm import joinedload

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from workflows.case_states import OPEN_STATES

SHOWN = 10  # possible duplicates named on the case page
COUNTED = 100  # counted up to this many; beyond, the page says "100 or more"
PAGE = 100  # the most one request lists


def _ids(case: Case, columns, *, after: int | None, limit: int):
    """The first ``limit`` other open cases of the centre between the same two parties,
    either way round, by id (after ``after``), as ``columns``: each way round is one
    walk of ix_cases_applicant_id_respondent_id_id in id order that stops at ``limit``."""

    def one_way(applicant_id: int, respondent_id: int):
        query = select(*columns).where(
            Case.applicant_id == applicant_id,
            Case.respondent_id == respondent_id,
            Case.centre_id == case.centre_id,
            Case.state.in_(OPEN_STATES),
            Case.id != case.id,
        )
        if after is not None:
            query = query.where(Case.id > after)
        return select(query.order_by(Case.id).limit(limit).subquery())

    both = union_all(
        one_way(case.applicant_id, case.respondent_id), one_way(case.respondent_id, case.applicant_id)
    ).subquery()
    return select(both).order_by(both.c.id).limit(limit)


def possible_duplicates(case: Case, *, after: int | None = None, limit: int = PAGE) -> list[Case]:
    """Other open cases of the centre between the same two parties, either way round,
    oldest first: at most ``limit`` (and :data:`PAGE`), after the case id ``after``."""
    limit = max(1, min(limit, PAGE))
    ids = _ids(case, (Case.id,), after=after, limit=limit).subquery()
    query = (
        select(Case)
        .where(Case.id.in_(select(ids.c.id)))
        .options(joinedload(Case.applicant), joinedload(Case.respondent), joinedload(Case.mediator))
        .order_by(Case.id)
    )
    return db.session.scalars(query).all()


@dataclass(frozen=True)
class Duplicates:
    """What the case page says of the possible duplicates: the first few (id, number),
    and how many there are, counted up to :data:`COUNTED`."""

    first: list[tuple[int, str]]
    count: int
    counted: int = COUNTED

    @property
    def more_than_counted(self) -> bool:
        return self.count > self.counted

    @property
    def more_than_shown(self) -> bool:
        return self.count > len(self.first)


def duplicates_at_intake(case: Case) -> Duplicates:
    """One statement of at most ``COUNTED + 1`` short rows, whatever the parties' history."""
    rows = db.session.execute(_ids(case, (Case.id, Case.number), after=None, limit=COUNTED + 1)).all()
    return Duplicates([(row.id, row.number) for row in rows[:SHOWN]], len(rows))
