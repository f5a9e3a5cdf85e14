"""Query parameters of the court lists: ``since`` / ``cursor`` / ``limit``."""

import base64
from datetime import datetime

from flask_babel import gettext as _

from mediation_app.errors import ValidationFailed

MAX_PAGE = 100


def _moment(raw: str) -> datetime:
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        raise ValueError("naive")
    return moment


def referral_cursor(referral) -> str:
    """Opaque: the (updated_at, id) of the last referral of a page."""
    text = f"{referral.updated_at.isoformat()}|{referral.id}"
    return base64.urlsafe_b64encode(text.encode()).decode()


def parse_referral_query(args) -> tuple[tuple[datetime, int | None] | None, int]:
    """The position to continue after (from ``cursor``, else ``since``) and the page size."""
    errors, position, limit = {}, None, 50
    if args.get("cursor"):
        try:
            moment, _sep, last_id = base64.urlsafe_b64decode(args["cursor"].encode()).decode().partition("|")
            position = (_moment(moment), int(last_id))
        except (ValueError, UnicodeError):
            errors["cursor"] = _("is not a cursor this list gave out")
    elif args.get("since"):
        try:
            position = (_moment(args["since"]), None)  # strictly after that moment
        except ValueError:
            errors["since"] = _("must be a time in ISO 8601 with its offset, e.g. 2026-12-01T08:00:00+08:00")
    raw_limit = args.get("limit", str(limit))
    if raw_limit.isascii() and raw_limit.isdigit() and 1 <= int(raw_limit) <= MAX_PAGE:
        limit = int(raw_limit)
    else:
        errors["limit"] = _("must be between 1 and %(n)d", n=MAX_PAGE)
    if errors:
        raise ValidationFailed(fields=errors)
    return position, limit
