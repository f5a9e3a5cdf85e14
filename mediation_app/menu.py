"""The top menu: each entry with whom it is offered to, in the order shown (a test
checks that every entry offered opens for its user)."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from mediation_app.cases.permissions import may_file
from workflows.roles import Role


@dataclass(frozen=True)
class Entry:
    label: object  # a lazy translation
    endpoint: str
    offered: Callable[[object], bool]


def _role(*roles: Role) -> Callable[[object], bool]:
    return lambda user: user.role in roles


ENTRIES = (
    Entry(_l("Dashboard"), "reporting.dashboard", _role(Role.STAFF)),
    Entry(_l("Registrations"), "parties.registrations", _role(Role.STAFF)),
    Entry(_l("Ledger"), "ledger.index", _role(Role.STAFF)),
    Entry(_l("Mediator evaluation"), "surveys.evaluation", _role(Role.STAFF)),
    Entry(_l("My queue"), "cases.queue", _role(Role.MEDIATOR)),
    Entry(_l("Our court's cases"), "court.workspace", _role(Role.COURT_LIAISON)),
    Entry(_l("Court cases"), "court.workspace", _role(Role.STAFF)),
    Entry(_l("Member centres"), "federation.rollup", _role(Role.FEDERATION)),
    Entry(_l("Cases"), "cases.list_cases", lambda user: user.role is not Role.FEDERATION),
    Entry(_l("File a case"), "cases.new_case", may_file),
)


def menu_for(user) -> list[Entry]:
    return [entry for entry in ENTRIES if entry.offered(user)]
