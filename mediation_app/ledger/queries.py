"""Reading the ledger: the export's rows, streamed, and what an import must know of
the centre (case numbers already used, its mediators by name, known enterprises)."""

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import aliased

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.cases.search import CaseSearch
from mediation_app.core.workspace import require
from mediation_app.court.models import Payment
from mediation_app.errors import NotVisible
from mediation_app.extensions import db
from mediation_app.ledger.columns import (
    DISPUTE_TYPE_NAMES,
    INDUSTRY_NAMES,
    SOURCE_NAMES,
    STATE_NAMES,
    ending_names,
    performance_of,
)
from mediation_app.ledger.models import LedgerImport
from mediation_app.parties.models import Organisation
from mediation_app.types import Money
from workflows.deadlines import local_date
from workflows.roles import Role

BATCH = 2000  # rows fetched at a time: memory stays flat however long the ledger


def ledger_rows(scope, search: CaseSearch | None = None) -> Iterator[tuple]:
    """The ledger rows (columns.COLUMNS) of the cases in ``scope`` (a WHERE clause:
    ``cases.queries.visible_to(user)``, or one centre's cases for the command line)
    that match ``search``, oldest first, fetched ``BATCH`` rows at a time."""
    applicant, respondent = aliased(Organisation), aliased(Organisation)
    performed = (
        select(type_coerce(func.coalesce(func.sum(Payment.amount), 0), Money))
        .where(Payment.case_id == Case.id)
        .scalar_subquery()
    )
    query = (
        select(
            Case.number,
            Case.created_at,
            Case.source,
            applicant.name,
            respondent.name,
            Case.industry,
            Case.dispute_type,
            Case.claim_amount,
            User.name,
            Case.state,
            Case.concluded_at,
            Case.agreed_amount,
            applicant.uscc,
            respondent.uscc,
            performed,
            Case.outcome_code,
        )
        .join(applicant, applicant.id == Case.applicant_id)
        .join(respondent, respondent.id == Case.respondent_id)
        .outerjoin(User, User.id == Case.mediator_id)
        .where(scope, *(search or CaseSearch()).conditions())
        .order_by(Case.id)
        .execution_options(yield_per=BATCH)
    )
    endings = ending_names()
    for *row, outcome_code in db.session.execute(query):
        yield (*_present(*row), endings.get(outcome_code))


def _present(
    number,
    created_at,
    source,
    applicant,
    respondent,
    industry,
    dispute_type,
    claim,
    mediator,
    state,
    concluded_at,
    agreed,
    applicant_uscc,
    respondent_uscc,
    performed,
) -> tuple:
    return (
        number,
        local_date(created_at),
        SOURCE_NAMES[source.value],
        applicant,
        respondent,
        INDUSTRY_NAMES.get(industry, industry),
        DISPUTE_TYPE_NAMES.get(dispute_type, dispute_type),
        claim,
        mediator,
        STATE_NAMES[state.value],
        local_date(concluded_at) if concluded_at else None,
        agreed,
        performance_of(agreed, performed),
        applicant_uscc,
        respondent_uscc,
        performed or None,
    )


def _chunks(values: list, size: int = 900) -> Iterator[list]:
    # Under SQLite's default limit of bound parameters per statement.
    for start in range(0, len(values), size):
        yield values[start : start + size]


def numbers_in_use(centre_id: int, numbers: Iterable[str]) -> set[str]:
    """Which of ``numbers`` the centre's cases already carry."""
    found = set()
    for chunk in _chunks(list(numbers)):
        found.update(
            db.session.scalars(select(Case.number).where(Case.centre_id == centre_id, Case.number.in_(chunk)))
        )
    return found


def last_case_id() -> int:
    """The highest case id so far (any centre's): the cases inserted next all have higher ids."""
    return db.session.scalar(select(func.max(Case.id))) or 0


def case_ids_after(centre_id: int, last_id: int) -> dict[str, int]:
    """The ids of the centre's cases above ``last_id``, by number: those just inserted
    (ids are only known once a bulk insert is done) and any filed meanwhile."""
    query = select(Case.number, Case.id).where(Case.id > last_id, Case.centre_id == centre_id)
    return dict(db.session.execute(query).all())


def mediators_by_name(centre_id: int) -> dict[str, list[int]]:
    """The centre's mediators (former ones too: their cases remain) by name."""
    found: dict[str, list[int]] = {}
    query = select(User.name, User.id).where(User.role == Role.MEDIATOR, User.centre_id == centre_id)
    for name, user_id in db.session.execute(query.order_by(User.id)):
        found.setdefault(name, []).append(user_id)
    return found


def organisations_by_uscc(codes: Iterable[str]) -> dict[str, Organisation]:
    found = {}
    for chunk in _chunks(list(codes)):
        for organisation in db.session.scalars(select(Organisation).where(Organisation.uscc.in_(chunk))):
            found[organisation.uscc] = organisation
    return found


def get_import(user: User, import_id: int) -> LedgerImport:
    """An import of the staff member's centre; anyone else's is answered as missing."""
    require(user, "keep_ledger")
    record = db.session.scalars(
        select(LedgerImport).where(LedgerImport.id == import_id, LedgerImport.centre_id == user.centre_id)
    ).first()
    if record is None:
        raise NotVisible()
    return record


def recent_imports(user: User, limit: int = 20) -> list[LedgerImport]:
    return db.session.scalars(
        select(LedgerImport)
        .where(LedgerImport.centre_id == user.centre_id)
        .order_by(LedgerImport.id.desc())
        .limit(limit)
    ).all()
