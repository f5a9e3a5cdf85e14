"""Evidence files as JSON-ready dicts."""

from mediation_app.api_support import iso


def evidence_json(evidence) -> dict:
    uploader = evidence.uploaded_by
    return {
        "id": evidence.id,
        "case_id": evidence.case_id,
        "name": evidence.original_name,
        "category": evidence.category,
        "description": evidence.description,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "mediator_only": evidence.mediator_only,
        "uploaded_by": {"id": uploader.id, "name": uploader.name, "role": uploader.role.value},
        "created_at": iso(evidence.created_at),
    }
