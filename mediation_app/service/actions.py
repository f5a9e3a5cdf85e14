"""Acting on a case's service (added to ``cases.actions``); reading it is reading the case."""

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import party_of
from workflows.roles import Role

# A party confirms (or changes) its service address; staff record one on a party's
# behalf (a party who gives it on paper or by phone). At any stage: service goes on
# after the case ends (the termination notice, the signed agreement).
CASE.add(
    "give_service_address",
    who=lambda user, case: user.role is Role.STAFF or party_of(user, case) is not None,
)
# Staff issue the electronic service certificate (电子送达凭证) and record postal service.
CASE.add("issue_service_certificate", roles={Role.STAFF})
CASE.add("record_postal_service", roles={Role.STAFF})
