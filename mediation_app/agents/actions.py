"""Appointing and revoking a party's agents (added to ``cases.actions``); reading them
is reading the case."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import party_of
from workflows.roles import Role


def _for_a_party(user, case) -> bool:
    """A party's own user for its side (not its agent: an agent appoints no other);
    staff for either (a letter handed in on paper)."""
    return user.role is Role.STAFF or (user.organisation_id is not None and party_of(user, case) is not None)


for action in ("appoint_agent", "revoke_agent"):
    CASE.add(
        action,
        who=_for_a_party,
        when=lambda case: not case.state.is_final,
        not_now=_l("Agents can only be changed while the case is open."),
    )
