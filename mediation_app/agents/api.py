"""JSON API of a case's agents (委托代理人); thin: parse, call one operation, present."""

from mediation_app.agents import operations
from mediation_app.agents.delivery import receive_appointment
from mediation_app.agents.presenters import agent_out
from mediation_app.agents.queries import agents_of
from mediation_app.agents.schemas import AgentOut
from mediation_app.api_support import api, caller, endpoint, present, remote_addr
from mediation_app.cases.queries import get_visible_case


@api.get("/cases/<int:case_id>/agents")
@endpoint(ok=list[AgentOut])
def list_agents(case_id: int):
    """Every agent of the case's parties, standing or revoked (whoever sees the case)."""
    user = caller()
    case = get_visible_case(user, case_id)
    return present([agent_out(agent, user, case) for agent in agents_of(case.id)])


@api.post("/cases/<int:case_id>/agents")
@endpoint(ok=AgentOut, status=201, withheld=("temporary_password",))
def appoint_agent(case_id: int):
    """Appoint a party's agent (multipart): the party's own user, or staff naming ``party``.

    Form fields: ``letter`` (the signed authorisation letter, 授权委托书: PDF or image,
    checked by content), ``name``, ``kind`` (lawyer, legal_worker, employee, relative,
    citizen), ``workplace`` (required for a lawyer or legal worker), ``licence_number``
    (a lawyer's, 17 digits), ``phone``, ``scope`` (general or special) and ``powers``
    (optional wording), ``email`` (the agent's account, optional: an existing personal
    account, or a new one whose temporary password this answer carries once). At most
    two agents per party at a time."""
    user = caller()
    agent, password = receive_appointment(user, case_id)
    return present(agent_out(agent, user, get_visible_case(user, case_id), temporary_password=password), 201)


@api.post("/cases/<int:case_id>/agents/<int:agent_id>/revoke")
@endpoint(ok=AgentOut)
def revoke_agent(case_id: int, agent_id: int):
    """End an agent's appointment; it stays on record, with when and by whom."""
    user = caller()
    agent = operations.revoke_agent(user, case_id, agent_id, remote_addr=remote_addr())
    return present(agent_out(agent, user, get_visible_case(user, case_id)))
