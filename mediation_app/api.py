"""The JSON API (``/api/v1``): one blueprint, with each domain's routes attached
by importing that domain's ``api`` module."""

from mediation_app import openapi
from mediation_app.accounts import api as accounts_api
from mediation_app.agents import api as agents_api
from mediation_app.api_support import api
from mediation_app.auth import api as auth_api
from mediation_app.cases import api as cases_api
from mediation_app.court import api as court_api
from mediation_app.documents import api as documents_api
from mediation_app.evidence import api as evidence_api
from mediation_app.exchange import api as exchange_api
from mediation_app.federation import api as federation_api
from mediation_app.groups import api as groups_api
from mediation_app.mediators import api as mediators_api
from mediation_app.notifications import api as notifications_api
from mediation_app.parties import api as parties_api
from mediation_app.reporting import api as reporting_api
from mediation_app.service import api as service_api
from mediation_app.sessions import api as sessions_api
from mediation_app.subject_access import api as subject_access_api
from mediation_app.surveys import api as surveys_api

DOMAIN_ROUTES = (
    accounts_api,
    agents_api,
    auth_api,
    cases_api,
    court_api,
    documents_api,
    evidence_api,
    exchange_api,
    federation_api,
    groups_api,
    mediators_api,
    notifications_api,
    parties_api,
    reporting_api,
    service_api,
    sessions_api,
    subject_access_api,
    surveys_api,
    openapi,
)

__all__ = ["DOMAIN_ROUTES", "api"]
