"""What the case page's agents section shows (``cases.sections``); ``cases/show.html``
includes ``agents/_case_section.html``."""

from mediation_app.agents.actions import CASE
from mediation_app.agents.presenters import KIND_LABELS, SCOPE_LABELS, agent_out
from mediation_app.agents.queries import agents_of
from mediation_app.cases.labels import PARTY_LABELS
from mediation_app.cases.permissions import party_of


def agents_section(case, user) -> dict:
    own = party_of(user, case)
    may_revoke = CASE.allows(user, case, "revoke_agent")
    return {
        "agents_section": {
            "agents": [agent_out(agent, user, case) for agent in agents_of(case.id)],
            "may_appoint": CASE.allows(user, case, "appoint_agent"),
            # a party revokes its own agents; staff either party's
            "may_revoke": lambda agent: may_revoke and own in (None, agent.party),
            "party_labels": PARTY_LABELS,
            "kind_labels": KIND_LABELS,
            "scope_labels": SCOPE_LABELS,
        }
    }
