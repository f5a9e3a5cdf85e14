"""Who may act on a case's documents (reading is in ``documents.queries.visible_documents``)."""

from mediation_app.cases.permissions import in_charge_of


def may_correct(user, case) -> bool:
    """Those in charge of the case (staff, its mediator) issue corrected versions."""
    return in_charge_of(user, case)
