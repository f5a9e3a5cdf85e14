"""The top menu: each entry with the workspace action it needs (``core.workspace``),
in the order shown; a test checks that every entry offered opens for its user."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from mediation_app.core.workspace import may
from workflows.roles import Role


@dataclass(frozen=True)
class Entry:
    label: object  # a lazy translation
    endpoint: str
    action: str
    # The same page named for what it holds for a role (a liaison's court is one court).
    labels: dict = field(default_factory=dict)

    def label_for(self, user):
        return self.labels.get(user.role, self.label)


ENTRIES = (
    Entry(_l("Dashboard"), "reporting.dashboard", "view_statistics"),
    Entry(_l("Registrations"), "parties.registrations", "review_registrations"),
    Entry(_l("Ledger"), "ledger.index", "keep_ledger"),
    Entry(_l("Mediator evaluation"), "surveys.evaluation", "evaluate_mediators"),
    Entry(_l("Mediator register"), "mediators.register", "manage_mediator_register"),
    Entry(_l("My queue"), "cases.queue", "work_queue"),
    Entry(
        _l("Court cases"), "court.workspace", "court_workspace", {Role.COURT_LIAISON: _l("Our court's cases")}
    ),
    Entry(_l("Court exchange"), "exchange.page", "exchange_court_cases"),
    Entry(_l("Member centres"), "federation.rollup", "view_member_centres"),
    Entry(_l("Cases"), "cases.list_cases", "list_cases"),
    Entry(_l("Serial cases"), "groups.list_groups", "list_case_groups"),
    Entry(_l("File a case"), "cases.new_case", "file_case"),
    Entry(_l("File serial cases"), "groups.new_group", "file_case_group"),
    Entry(_l("Accounts"), "accounts.list_accounts", "manage_accounts"),
    Entry(_l("Centre seal"), "documents.centre_seal", "manage_centre_seal"),
)


def menu_for(user) -> list[Entry]:
    return [entry for entry in ENTRIES if may(user, entry.action)]
