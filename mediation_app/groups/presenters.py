"""Groups as their response schemas, shared by the API and the pages."""

from mediation_app.groups.actions import GROUP
from mediation_app.groups.queries import GroupSummary, SeenGroup
from mediation_app.groups.schemas import (
    AgreementRecorded,
    AgreementsReport,
    AssignmentReport,
    AssignmentResult,
    GroupOut,
    GroupSummaryOut,
    MemberOut,
    StateCount,
)


def group_out(seen: SeenGroup, viewer) -> GroupOut:
    """The group as ``viewer`` sees it: its visible members, and the totals of those."""
    return GroupOut(
        id=seen.group.id,
        number=seen.group.number,
        common_party=seen.group.common_party,
        common_side=seen.group.common_side,
        members=[
            MemberOut(
                case_id=case.id,
                position=seen.positions[case.id],
                number=case.number,
                applicant=case.applicant,
                respondent=case.respondent,
                state=case.state,
                deadline=case.deadline,
                claim_amount=case.claim_amount,
                agreed_amount=case.agreed_amount,
                version=case.version,
            )
            for case in seen.members
        ],
        claim_total=seen.claim_total,
        settled_amount=seen.settled_amount,
        by_state=_by_state(seen.by_state),
        allowed_actions=GROUP.available(viewer, seen),
        created_at=seen.group.created_at,
    )


def _by_state(counts) -> list[StateCount]:
    return [StateCount(state=state, members=n) for state, n in counts]


def summary_out(summary: GroupSummary) -> GroupSummaryOut:
    return GroupSummaryOut(
        id=summary.group.id,
        number=summary.group.number,
        common_party=summary.group.common_party,
        common_side=summary.group.common_side,
        members=summary.members,
        claim_total=summary.claim_total,
        settled_amount=summary.settled_amount,
        by_state=_by_state(summary.by_state),
        created_at=summary.group.created_at,
    )


def assignment_report(outcome) -> AssignmentReport:
    """``operations.GroupAssigned`` as its response."""
    return AssignmentReport(
        group_id=outcome.group_id,
        mediator_id=outcome.mediator_id,
        results=[
            AssignmentResult(
                case_id=result.case.id,
                number=result.case.number,
                outcome="assigned" if result.assigned else "refused",
                reasons=list(result.reasons),
            )
            for result in outcome.members
        ],
    )


def agreements_report(group_id: int, cases) -> AgreementsReport:
    """The members whose agreements ``operations.record_group_agreements`` recorded."""
    return AgreementsReport(
        group_id=group_id,
        agreements=[
            AgreementRecorded(case_id=case.id, number=case.number, agreed_amount=case.agreed_amount)
            for case in cases
        ],
    )
