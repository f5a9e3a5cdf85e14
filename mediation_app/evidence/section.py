"""What the case page's evidence section shows to the current user (``cases.sections``)."""

from mediation_app.cases.sections import posted
from mediation_app.evidence.actions import CASE
from mediation_app.evidence.forms import EvidenceForm
from mediation_app.evidence.operations import CATEGORIES
from mediation_app.evidence.queries import evidence_of


def evidence_section(case, user) -> dict:
    form = posted("evidence")
    if form is None and CASE.allows(user, case, "upload_evidence"):
        form = EvidenceForm(formdata=None)
    return {"evidence": evidence_of(user, case), "evidence_form": form, "categories": CATEGORIES}
