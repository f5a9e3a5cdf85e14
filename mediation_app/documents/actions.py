"""Acting on a case's documents (``cases.actions``); reading them is
``documents.queries.visible_documents``."""

from mediation_app.cases.actions import CASE
from mediation_app.cases.permissions import in_charge_of

# Those in charge of the case (staff, its mediator) issue corrected versions; whether a
# given document may still be corrected is the operation's to say (409).
CASE.add("correct_document", who=in_charge_of)
