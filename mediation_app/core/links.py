"""Links to the app's pages, for pages and for e-mails sent from a request or a command."""

from flask import current_app, has_request_context, url_for


def link(endpoint: str, **values) -> str:
    """Absolute when a request tells the host; a path otherwise (a command line)."""
    if has_request_context():
        return url_for(endpoint, **values, _external=True)
    return current_app.url_map.bind("").build(endpoint, values)
