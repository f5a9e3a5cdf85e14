"""Appointing a party's agent with its authorisation letter, and revoking it: one
transaction each, on the case's timeline."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from mediation_app.agents.actions import CASE
from mediation_app.agents.models import CaseAgent
from mediation_app.agents.schemas import AgentIn
from mediation_app.auth.models import AccountChange, User
from mediation_app.auth.operations import record_account_event
from mediation_app.auth.passwords import hash_password, temporary_password
from mediation_app.cases.permissions import organisation_of, party_of
from mediation_app.cases.queries import get_visible_case
from mediation_app.cases.timeline import record_event
from mediation_app.core.visibility import is_personal_account
from mediation_app.errors import Conflict, NotVisible, ValidationFailed
from mediation_app.evidence.operations import add_evidence, checked_file
from mediation_app.extensions import db
from mediation_app.transactions import committed
from mediation_app.types import utcnow
from workflows.roles import Role

#: A party may be represented by one or two agents at a time (民事诉讼法 art. 61).
MAX_AGENTS = 2
RACE = "The case changed at the same moment; please try again."


def appoint_agent(
    user, case_id: int, data: dict, *, file_name, content: bytes, remote_addr=None
) -> tuple[CaseAgent, str | None]:
    """A party's agent, appointed by the party's own user (or staff, naming the party),
    stored with its authorisation letter (授权委托书) as the party's evidence; with the
    temporary password of the agent's account when this made it (to hand over once)."""
    case = get_visible_case(user, case_id)
    CASE.require(user, case, "appoint_agent")
    errors, appointed, letter = {}, None, None
    try:
        appointed = AgentIn.parse(data)
    except ValidationFailed as error:
        errors.update(error.fields)
    try:
        letter = checked_file(file_name, content)
    except ValueError as error:
        errors["letter"] = str(error)
    party = party_of(user, case) or (appointed.party if appointed else data.get("party"))
    if party is None:
        errors.setdefault("party", _("is required"))
    if errors:
        raise ValidationFailed(fields=errors)
    with committed(race_message=_(RACE)):
        if _standing(case.id, party) >= MAX_AGENTS:
            raise Conflict(_("A party may have at most two agents; revoke one first."))
        account, password = (None, None)
        if appointed.email:
            account, password = _account_for(user, case, appointed, remote_addr)
        name, kind = letter
        evidence = add_evidence(
            user,
            case,
            name=name,
            kind=kind,
            content=content,
            category="authorisation",
            description=_("Authorisation letter of %(agent)s", agent=appointed.name),
            party_id=organisation_of(case, party).id,
            action="upload_evidence",
            remote_addr=remote_addr,
        )
        agent = CaseAgent(
            case_id=case.id,
            party=party,
            name=appointed.name,
            kind=appointed.kind,
            workplace=appointed.workplace,
            licence_number=appointed.licence_number,
            phone=appointed.phone or "",
            scope=appointed.scope,
            powers=appointed.worded_powers,
            letter_id=evidence.id,
            user_id=account.id if account else None,
            appointed_by_id=user.id,
            appointed_at=utcnow(),
        )
        db.session.add(agent)
        db.session.flush()
        record_event(
            case,
            user,
            "appoint_agent",
            remote_addr=remote_addr,
            data={"agent_id": agent.id, "party": party, "agent": agent.name, "scope": agent.scope.value},
        )
    return agent, password


def _account_for(user, case, appointed, remote_addr) -> tuple[User, str | None]:
    """The personal account the agent acts through: the one of its e-mail address, or a
    new one (verified: the signed letter vouches for it) with a temporary password."""
    existing = db.session.scalar(select(User).where(User.email == appointed.email))
    if existing is None:
        password = temporary_password()
        account = User(
            role=Role.ENTERPRISE,
            email=appointed.email,
            name=appointed.name,
            phone=appointed.phone or "",
            centre_id=case.centre_id,
            password_hash=hash_password(password),
            must_change_password=True,
            verified_at=utcnow(),
        )
        db.session.add(account)
        db.session.flush()
        after = {"role": account.role.value, "centre_id": account.centre_id, "agent_in_case": case.id}
        record_account_event(user, account, AccountChange.CREATED, {}, after, remote_addr)
        return account, password
    if not (is_personal_account(existing) and existing.active and existing.centre_id == case.centre_id):
        refusal = _(
            "belongs to an account that is not a person's own at this centre; an agent acts through one"
        )
        raise ValidationFailed(fields={"email": refusal})
    if db.session.scalar(
        select(CaseAgent.party).where(
            CaseAgent.case_id == case.id, CaseAgent.user_id == existing.id, CaseAgent.revoked_at.is_(None)
        )
    ):
        raise Conflict(_("This account already acts in this case; revoke that appointment first."))
    return existing, None


def _standing(case_id: int, party: str) -> int:
    return db.session.scalar(
        select(func.count()).where(
            CaseAgent.case_id == case_id, CaseAgent.party == party, CaseAgent.revoked_at.is_(None)
        )
    )


def revoke_agent(user, case_id: int, agent_id: int, *, remote_addr=None) -> CaseAgent:
    """End an appointment (the party's own user, or staff); the agent stays on record."""
    case = get_visible_case(user, case_id)
    CASE.require(user, case, "revoke_agent")
    agent = db.session.scalar(select(CaseAgent).where(CaseAgent.id == agent_id, CaseAgent.case_id == case.id))
    own = party_of(user, case)
    if agent is None or (own is not None and agent.party != own):
        raise NotVisible()
    if agent.revoked_at is not None:
        raise Conflict(_("This appointment has already been revoked."))
    with committed(race_message=_(RACE)):
        agent.revoked_at = utcnow()
        agent.revoked_by_id = user.id
        record_event(
            case,
            user,
            "revoke_agent",
            remote_addr=remote_addr,
            data={"agent_id": agent.id, "party": agent.party},
        )
    return agent
