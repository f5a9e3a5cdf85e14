"""Acting on a case's documents (added to ``cases.actions``); reading them is
``documents.queries.visible_documents``."""

from flask_babel import lazy_gettext as _l

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import in_charge_of, may_settle, party_of
from mediation_app.core.workspace import WORKSPACE
from mediation_app.documents.models import DocumentStatus, SignerRole
from mediation_app.documents.queries import current_agreement
from workflows.case_states import CaseState
from workflows.roles import Role

PARTIES = (SignerRole.APPLICANT, SignerRole.RESPONDENT)  # they sign first, the mediator last


def signer_role(user, case, on_behalf_of=None) -> SignerRole | None:
    """Whose signature ``user`` may give on this case (None: nobody's)."""
    if (party := party_of(user, case)) is not None:
        return SignerRole(party) if may_settle(user, case) else None
    if user.role is Role.MEDIATOR and case.mediator_id == user.id:
        return SignerRole.MEDIATOR
    if user.role is Role.STAFF and on_behalf_of in {r.value for r in PARTIES}:
        return SignerRole(on_behalf_of)
    return None


# Those in charge of the case (staff, its mediator) issue corrected versions; whether a
# given document may still be corrected is the operation's to say (409).
CASE.add("correct_document", who=in_charge_of)
# Staff send a document that could not be produced to be produced again; whether this
# one failed is the operation's to say (409).
CASE.add("produce_document_again", roles={Role.STAFF})
# The parties and the mediator sign the agreement (staff record a party's paper signature);
# who still has to sign, and in which order, is the operation's to say (409).
CASE.add(
    "sign_agreement",
    who=lambda user, case: user.role is Role.STAFF or signer_role(user, case) is not None,
    when=lambda case: (
        case.state is CaseState.MEDIATED
        and case.agreement_recorded_at is not None
        and (agreement := current_agreement(case)) is not None
        and agreement.status is DocumentStatus.ISSUED  # what is signed can be read
    ),  # a case recorded after the fact has its papers
    not_now=_l("Only an agreement recorded in mediation and awaiting signatures can be signed."),
)

# Staff keep the image of their centre's seal, which agreements in effect carry.
WORKSPACE.add("manage_centre_seal", roles={Role.STAFF})
