"""JSON API for groups of serial cases; thin: parse, call one operation, present."""

from flask import request

from mediation_app.api_support import api, caller, endpoint, json_body, present, remote_addr
from mediation_app.cases.schemas import Suggestion
from mediation_app.groups import operations
from mediation_app.groups.presenters import agreements_report, assignment_report, group_out, summary_out
from mediation_app.groups.queries import centre_groups, visible_group, waiting_suggestions
from mediation_app.groups.schemas import (
    AgreementsReport,
    AssignmentReport,
    GroupAgreements,
    GroupAssignment,
    GroupListQuery,
    GroupOut,
    GroupSummaryOut,
    NewGroup,
)


@api.post("/case-groups")
@endpoint(body=NewGroup, ok=GroupOut, status=201)
def create_case_group():
    """File a group: every member a case of its own, all filed or none (each refused
    member named by its path, ``members.3.claim_amount``); a retry with the same
    Idempotency-Key gets the first answer again."""
    user = caller()
    group = operations.file_group(user, json_body(), remote_addr=remote_addr())
    return present(group_out(visible_group(user, group.id), user), 201)


@api.get("/case-groups")
@endpoint(query=GroupListQuery, ok=list[GroupSummaryOut])
def list_case_groups():
    """The centre's groups, newest first, 100 a page, with their figures: members, by
    state, the total claim and the amount agreed in those settled (staff). The next page
    is asked ``before`` the last group's id; an empty page is the end."""
    staff = caller("list_case_groups")
    page = GroupListQuery.parse(request.args.to_dict())
    summaries = centre_groups(staff.centre_id, before=page.before)
    return present([summary_out(summary) for summary in summaries])


@api.get("/case-groups/<int:group_id>")
@endpoint(ok=GroupOut)
def get_case_group(group_id: int):
    """A group as far as the caller sees its members, with their totals."""
    user = caller()
    return present(group_out(visible_group(user, group_id), user))


@api.get("/case-groups/<int:group_id>/mediator-suggestions")
@endpoint(ok=list[Suggestion])
def group_mediator_suggestions(group_id: int):
    """The centre's mediators for the members waiting for one, best first, each with how
    many of them it is in conflict with (staff, while a member waits)."""
    seen = operations.group_to_assign(caller(), group_id)
    return present([Suggestion.model_validate(s) for s in waiting_suggestions(seen)])


@api.post("/case-groups/<int:group_id>/assignment")
@endpoint(body=GroupAssignment, ok=AssignmentReport)
def assign_case_group(group_id: int):
    """Assign every member waiting for a mediator to one mediator (staff): each member
    is checked and screened on its own; the report says which were assigned and why
    the others were not (they stay filed)."""
    outcome = operations.assign_group(caller(), group_id, json_body(), remote_addr=remote_addr())
    return present(assignment_report(outcome))


@api.post("/case-groups/<int:group_id>/agreements")
@endpoint(body=GroupAgreements, ok=AgreementsReport, status=201)
def record_case_group_agreements(group_id: int):
    """Record the agreements of several members at once (their assigned mediator): one
    set of terms, each member its own amount and instalments, each member's
    ``record_agreement`` with its own checks. All or none: every refused member is
    named by its path (``members.3.agreed_amount``); the agreements are numbered in the
    order listed. A retry with the same Idempotency-Key gets the first answer again."""
    recorded = operations.record_group_agreements(caller(), group_id, json_body(), remote_addr=remote_addr())
    return present(agreements_report(group_id, recorded), 201)
