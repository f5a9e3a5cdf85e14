"""Evidence files as their response schema."""

from mediation_app.evidence.schemas import EvidenceOut


def evidence_out(evidence) -> EvidenceOut:
    stored = {name: getattr(evidence, name) for name in EvidenceOut.model_fields if name != "name"}
    return EvidenceOut.model_validate(stored | {"name": evidence.original_name})


def evidence_json(evidence) -> dict:
    """The response as a plain dict, for routes not yet presenting schemas (court)."""
    return evidence_out(evidence).model_dump(mode="json")
