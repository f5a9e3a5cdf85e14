"""The per-recipient link that opens a served document: signed with the app's secret
(salted for this use only) and expiring, so it proves that this record's recipient
opened it and cannot be forged for another record."""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from mediation_app.core.links import link
from mediation_app.types import utcnow

SALT = "service.open-document"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


class _AppClockSigner(TimestampSigner):
    """Dates its links by the app's one clock (``types.utcnow``), as every other moment."""

    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT, signer=_AppClockSigner)


def lifetime() -> timedelta:
    return timedelta(days=current_app.config["SERVICE_LINK_DAYS"])


def open_url(record_id: int) -> str:
    return link("service.open_document", token=_serializer().dumps(record_id))


def record_id_of(token: str) -> int:
    """The record a link was made for; :class:`LinkExpired` or :class:`LinkInvalid` otherwise."""
    try:
        value = _serializer().loads(token, max_age=int(lifetime().total_seconds()))
    except SignatureExpired:
        raise LinkExpired() from None
    except BadSignature:
        raise LinkInvalid() from None
    if not isinstance(value, int) or isinstance(value, bool):
        raise LinkInvalid()
    return value
