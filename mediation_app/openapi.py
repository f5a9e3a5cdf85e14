"""``GET /api/v1/openapi.json``: the contract of ``/api/v1`` (shared API.md),
generated from the schemas each route declares with ``@endpoint``.

A test checks that every API route in ``app.url_map`` is declared, and every
response the suite produces is validated against this document.
"""

from flask import current_app

from mediation_app.api_support import api, endpoint, spec


@api.get("/openapi.json")
@endpoint(public=True, description="This document: OpenAPI 3.1")
def openapi():
    """The API's OpenAPI document."""
    return current_app.json.response(spec.spec)
