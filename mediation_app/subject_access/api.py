"""JSON API: a person's own subject-access export."""

from typing import Any

from mediation_app.api_support import api, caller, endpoint, present
from mediation_app.core.schema import Out
from mediation_app.subject_access.collect import held_about


class HeldAboutOut(Out):
    account: dict[str, Any]
    consents: list[dict[str, Any]]
    reveals_of_my_data: list[dict[str, Any]]
    api_tokens: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    my_actions: list[dict[str, Any]]
    my_evidence: list[dict[str, Any]]


@api.get("/me/data")
@endpoint(ok=HeldAboutOut)
def my_data():
    """Everything the centre holds about the caller (PIPL, right of access)."""
    return present(HeldAboutOut.model_validate(held_about(caller().id)))
