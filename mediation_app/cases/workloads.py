"""Each mediator's number of open cases, kept in step with the cases inside the
caller's transaction, so the roster costs one row per mediator at any number of cases.

Every change of a case's state or mediator goes through :func:`record_case_change`
(transitions, imported cases). The changes of a transaction are summed in the session
and written when it commits, still inside it, one row per mediator in id order (no
deadlock between two transactions moving cases between the same mediators).
"""

from collections import Counter

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from mediation_app.auth.models import User
from mediation_app.cases.models import Case, MediatorWorkload
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.upsert import adding_upsert
from workflows.case_states import OPEN_STATES

_PENDING = "cases.workloads.pending"


def _counts(state, mediator_id) -> bool:
    return mediator_id is not None and state in OPEN_STATES


def record_case_change(case, from_state, from_mediator_id) -> None:
    """``case`` (anything with ``state`` and ``mediator_id``) was in ``from_state`` with
    ``from_mediator_id`` (``None`` for a new case) and is now as it is."""
    change = Counter()
    if _counts(from_state, from_mediator_id):
        change[from_mediator_id] -= 1
    if _counts(case.state, case.mediator_id):
        change[case.mediator_id] += 1
    if any(change.values()):
        db.session.info.setdefault(_PENDING, Counter()).update(change)


@event.listens_for(Session, "before_commit")
def _post_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    rows = [{"mediator_id": m, "open_cases": n} for m, n in sorted((pending or {}).items()) if n]
    if rows:
        session.execute(adding_upsert(MediatorWorkload, ("mediator_id",), ("open_cases",)), rows)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def open_cases_query(centre_id: int):
    """The open cases of each mediator of the centre, counted from the cases (a scan)."""
    return (
        select(Case.mediator_id, func.count())
        .where(Case.centre_id == centre_id, Case.mediator_id.is_not(None), Case.state.in_(OPEN_STATES))
        .group_by(Case.mediator_id)
    )


def workload_differences(centre_id: int) -> list[str]:
    """Every mediator of the centre whose kept count differs from the cases (``totals verify``)."""
    actual = dict(db.session.execute(open_cases_query(centre_id)).all())
    kept = dict(
        db.session.execute(
            select(MediatorWorkload.mediator_id, MediatorWorkload.open_cases)
            .join(User, User.id == MediatorWorkload.mediator_id)
            .where(User.centre_id == centre_id)
        ).all()
    )
    return [
        f"mediator {m}: open cases kept {kept.get(m, 0)}, actual {actual.get(m, 0)}"
        for m in sorted(set(kept) | set(actual))
        if kept.get(m, 0) != actual.get(m, 0)
    ]


def rebuild_workloads(centre_id: int) -> None:
    """Replace the kept counts of the centre's mediators by a count of the cases (after
    a bulk load that wrote cases directly)."""
    of_centre = select(User.id).where(User.centre_id == centre_id)
    rows = [{"mediator_id": m, "open_cases": n} for m, n in db.session.execute(open_cases_query(centre_id))]
    with committed():
        db.session.execute(delete(MediatorWorkload).where(MediatorWorkload.mediator_id.in_(of_centre)))
        if rows:
            db.session.execute(MediatorWorkload.__table__.insert(), rows)
