"""``GET /api/v1/openapi.json``: the contract of ``/api/v1`` (shared API.md),
generated from the schemas each route declares with ``@endpoint``.

A test checks that every API route in ``app.url_map`` is declared, and every
response the suite produces is validated against this document.
"""

from mediation_app.api_support import api, spec


@api.get("/openapi.json")
def openapi():
    from flask import current_app

    return current_app.json.response(spec.spec)
