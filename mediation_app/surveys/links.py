"""The link to a case's survey, for pages and for the closing e-mails."""

from flask import current_app, has_request_context, url_for


def survey_url(case) -> str:
    """Absolute when a request tells the host; a path otherwise (a command line)."""
    if has_request_context():
        return url_for("surveys.answer", case_id=case.id, _external=True)
    return current_app.url_map.bind("").build("surveys.answer", {"case_id": case.id})
