"""Reading a case's agents (seen by whoever sees the case, as the parties' names are),
and the cases an agent's account acts in."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app.agents.models import AgentScope, CaseAgent
from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.core.visibility import Agency
from mediation_app.extensions import db


def agents_of(case_id: int) -> list[CaseAgent]:
    """Every appointment of the case, standing or revoked, by party then time."""
    return db.session.scalars(
        select(CaseAgent)
        .where(CaseAgent.case_id == case_id)
        .options(joinedload(CaseAgent.letter), joinedload(CaseAgent.appointed_by))
        .order_by(CaseAgent.party, CaseAgent.id)
    ).all()


def standing_agents(case_id: int) -> dict[str, list[CaseAgent]]:
    """The agents acting now, by party (what a document issued now names)."""
    by_party = {"applicant": [], "respondent": []}
    for agent in db.session.scalars(
        select(CaseAgent)
        .where(CaseAgent.case_id == case_id, CaseAgent.revoked_at.is_(None))
        .order_by(CaseAgent.id)
    ):
        by_party[agent.party].append(agent)
    return by_party


def agencies_of(user) -> list[Agency]:
    """The standing appointments ``user``'s account acts through (``core.visibility``)."""
    rows = db.session.execute(
        select(CaseAgent.case_id, CaseAgent.party, CaseAgent.scope, Case.applicant_id, Case.respondent_id)
        .join(Case, Case.id == CaseAgent.case_id)
        .where(CaseAgent.user_id == user.id, CaseAgent.revoked_at.is_(None))
    )
    return [
        Agency(
            case_id=row.case_id,
            party=row.party,
            organisation_id=row.applicant_id if row.party == "applicant" else row.respondent_id,
            special=row.scope is AgentScope.SPECIAL,
        )
        for row in rows
    ]


def agent_accounts(case, organisation_id) -> list[User]:
    """The active accounts acting for ``organisation_id`` in ``case`` as its agents, told
    what the party's own users are told (``cases.notices.users_of``)."""
    party = {case.applicant_id: "applicant", case.respondent_id: "respondent"}.get(organisation_id)
    if party is None:  # the court, or no one
        return []
    return db.session.scalars(
        select(User)
        .join(CaseAgent, CaseAgent.user_id == User.id)
        .where(
            CaseAgent.case_id == case.id,
            CaseAgent.party == party,
            CaseAgent.revoked_at.is_(None),
            User.active,
        )
    ).all()
