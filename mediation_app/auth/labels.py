from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "enterprise": _l("Enterprise"),
    "mediator": _l("Mediator"),
    "court_liaison": _l("Court liaison"),
    "staff": _l("Centre staff"),
    "admin": _l("Administrator"),
    "federation": _l("Federation of industry and commerce"),
}
