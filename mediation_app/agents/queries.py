"""Reading a case's agents: seen by whoever sees the case, as the parties' names are."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mediation_app.agents.models import CaseAgent
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
