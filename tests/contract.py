"""The API contract, checked on every response the suite produces: each JSON answer
of ``/api/v1`` must match the generated OpenAPI document (``openapi-core``)."""

import functools
from collections import Counter

from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest

from mediation_app.api_support import spec

API = "/api/v1/"
OPENAPI = "/api/v1/openapi.json"  # the document itself
CHECKED: Counter = Counter()  # responses validated, by status (reported at the end of the run)


@functools.cache
def contract() -> OpenAPI:
    return OpenAPI.from_dict(spec.spec)


def check_response(response) -> None:
    request = response.request
    if not request.path.startswith(API) or request.path == OPENAPI or response.mimetype != "application/json":
        return
    try:
        # Only the route and method matter for a response (its body was read already).
        called = MockRequest(request.host_url, request.method, request.path)
        contract().validate_response(called, WerkzeugOpenAPIResponse(response))
    except PathNotFound:
        # Only a path no route serves may be missing (test_api_routes_are_all_declared).
        assert response.status_code == 404, f"{request.method} {request.path} is not in the document"
    except OperationNotFound:
        # A method no route serves on a declared path is the router's 405.
        assert response.status_code == 405, f"{request.method} {request.path} is not in the document"
    CHECKED[response.status_code] += 1


class ContractClient(FlaskClient):
    """A test client whose API responses are validated against the OpenAPI document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        with self.application.app_context():
            check_response(response)
        return response
