"""Reading the centres and a centre's roster."""

from sqlalchemy import func, select

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.parties.models import Centre
from workflows.case_states import OPEN_STATES
from workflows.roles import Role


def mediator_roster(centre_id: int) -> list[tuple[User, int]]:
    """Active mediators of a centre with their number of open cases."""
    open_cases = (
        select(Case.mediator_id, func.count().label("n"))
        .where(Case.centre_id == centre_id, Case.state.in_(OPEN_STATES))  # ix_cases_centre_state_id
        .group_by(Case.mediator_id)
        .subquery()
    )
    query = (
        select(User, func.coalesce(open_cases.c.n, 0))
        .outerjoin(open_cases, open_cases.c.mediator_id == User.id)
        .where(User.role == Role.MEDIATOR, User.centre_id == centre_id, User.active.is_(True))
        .order_by(User.name)
    )
    return db.session.execute(query).all()


def all_centres() -> list[Centre]:
    return db.session.scalars(select(Centre).order_by(Centre.name, Centre.id)).all()
