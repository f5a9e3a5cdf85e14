"""Filing and transitions on the real database: one transaction each, all or nothing."""

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from mediation_app.cases import operations
from mediation_app.cases.audit import verify_case
from mediation_app.cases.hooks import case_moved, transition_done
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.cases.queries import get_visible_case, timeline
from mediation_app.documents import operations as document_operations
from mediation_app.documents.models import Document
from mediation_app.errors import Conflict, Forbidden, NotVisible, StaleCase, ValidationFailed
from mediation_app.extensions import db
from mediation_app.reporting.models import CaseTally
from mediation_app.reporting.queries import totals, totals_differences
from workflows import CaseState


def _snapshot(app, case_id):
    """Everything a transition may touch."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        return {
            "state": case.state,
            "version": case.version,
            "mediator": case.mediator_id,
            "agreed": case.agreed_amount,
            "events": db.session.scalar(select(func.count()).select_from(CaseEvent)),
            "documents": db.session.scalar(select(func.count()).select_from(Document)),
            "tallies": sorted(
                (t.scope, t.state, t.case_count, t.claim_amount, t.agreed_amount)
                for t in db.session.scalars(select(CaseTally))
            ),
            "files": sorted(p.name for p in app.config["DOCUMENT_STORAGE"].iterdir()),
        }


def _agree(world, case_id, **overrides):
    case = world.load(case_id)
    data = {
        "trigger": "record_agreement",
        "version": case.version,
        **world.trigger_data("record_agreement"),
        **overrides,
    }
    return operations.transition_case(world.mediator.user(), case_id, data)


def test_an_enterprise_files_as_the_applicant_whatever_it_sends(world, ctx):
    case = operations.file_case(
        world.applicant.user(), world.filing(applicant={"name": "冒名公司", "uscc": world.outsider_uscc})
    )
    assert case.state is CaseState.FILED
    assert case.applicant_id == world.applicant.organisation_id
    assert case.claim_amount == Decimal("580000.00")
    assert case.number.endswith("字第0001号")
    assert [e.action for e in timeline(case, world.staff.user())] == ["file"]
    assert totals(world.centre_id).cases_by_state["filed"] == 1


def test_case_numbers_count_up_per_centre(world, ctx):
    first = operations.file_case(world.staff.user(), world.filing())
    second = operations.file_case(world.staff.user(), world.filing())
    assert first.number.endswith("第0001号") and second.number.endswith("第0002号")


def test_an_admin_may_not_file(world, ctx):
    with pytest.raises(Forbidden):
        operations.file_case(world.admin.user(), world.filing())


def test_a_court_liaison_files_only_for_its_own_court(world, ctx):
    with pytest.raises(ValidationFailed) as error:
        operations.file_case(
            world.other_liaison.user(),
            world.filing(source="court_delegated", court_case_number="(2024)苏0621民诉前调1号"),
        )
    assert "court_case_number" in error.value.fields
    case = operations.file_case(
        world.liaison.user(),
        world.filing(source="court_delegated", court_case_number="（2024）苏0621民诉前调1号"),
    )
    assert case.court_id == world.court and case.court_case_number == "(2024)苏0621民诉前调1号"
    assert case.deadline is not None


def test_a_court_case_number_is_filed_once_per_court(world, ctx):
    data = world.filing(source="court_delegated", court_case_number="(2024)苏0621民诉前调7号")
    operations.file_case(world.liaison.user(), data)
    with pytest.raises(ValidationFailed) as error:
        operations.file_case(world.liaison.user(), data)
    assert "court_case_number" in error.value.fields


@pytest.mark.with_documents
def test_the_whole_lifecycle_keeps_totals_and_a_sound_timeline(world, ctx, app):
    case_id = world.case("settled")
    case = world.load(case_id)
    assert case.state is CaseState.SETTLED and case.agreed_amount == Decimal("500000.00")
    events = timeline(case, world.staff.user())
    assert [e.action for e in events] == [
        "file",
        "assign",
        "issue_document",
        "issue_document",
        "store_document",
        "store_document",
        "start_mediation",
        "record_agreement",
        "issue_document",
        "store_document",
        "sign_agreement",
        "sign_agreement",
        "sign_agreement",
        "agreement_effective",
        "settle",
        "issue_document",
        "store_document",
    ]
    moves = [e for e in events if e.to_state is not None]
    assert [(e.action, e.from_state, e.to_state) for e in moves] == [
        ("file", None, "filed"),
        ("assign", "filed", "assigned"),
        ("start_mediation", "assigned", "mediated"),
        ("record_agreement", "mediated", "mediated"),
        ("settle", "mediated", "settled"),
    ]
    assert verify_case(events[0].case_id) is None
    kept = totals(world.centre_id)
    assert (kept.settled, kept.resolved_claim_amount, kept.agreed_amount) == (
        1,
        Decimal("580000.00"),
        Decimal("500000.00"),
    )
    assert totals_differences(world.centre_id) == []


def test_a_stale_version_is_a_conflict_and_changes_nothing(world, ctx, app):
    case_id = world.case("mediated")
    before = _snapshot(app, case_id)
    with pytest.raises(StaleCase):
        _agree(world, case_id, version=before["version"] - 1)
    assert _snapshot(app, case_id) == before


def test_a_trigger_not_possible_now_is_a_conflict(world, ctx):
    case_id = world.case("filed")
    with pytest.raises(Conflict):
        operations.transition_case(
            world.staff.user(), case_id, {"trigger": "refer_to_court", "version": 1, "reason": "x"}
        )


def test_a_mediator_cannot_settle_a_case_assigned_to_someone_else(world, ctx):
    case_id = world.case("mediated")
    with pytest.raises(NotVisible):
        operations.transition_case(
            world.other_mediator.user(), case_id, {"trigger": "record_agreement", "version": 3}
        )


def test_the_respondent_cannot_withdraw_the_application(world, ctx):
    case_id = world.case("filed")
    with pytest.raises(Forbidden):
        operations.transition_case(world.respondent.user(), case_id, {"trigger": "withdraw", "version": 1})


def test_a_mediator_of_a_partys_chamber_cannot_be_assigned(world, ctx, app):
    case_id = world.case("filed")
    before = _snapshot(app, case_id)
    with pytest.raises(ValidationFailed) as error:
        operations.transition_case(
            world.staff.user(),
            case_id,
            {"trigger": "assign", "version": 1, "mediator_id": world.conflicted_mediator.id},
        )
    assert "chamber" in error.value.fields["mediator_id"] or "商会" in error.value.fields["mediator_id"]
    assert _snapshot(app, case_id) == before


def test_reassignment_takes_the_case_away_from_the_old_mediator_at_once(world, ctx):
    case_id = world.case("mediated")
    operations.transition_case(
        world.staff.user(),
        case_id,
        {
            "trigger": "reassign",
            "version": world.load(case_id).version,
            "mediator_id": world.other_mediator.id,
        },
    )
    with pytest.raises(NotVisible):
        get_visible_case(world.mediator.user(), case_id)
    assert get_visible_case(world.other_mediator.user(), case_id).state is CaseState.MEDIATED


@pytest.mark.parametrize("failing_step", ["issue_for_transition", "record_case_move", "second_event"])
def test_a_failure_midway_through_recording_an_agreement_leaves_nothing_behind(
    world, ctx, app, monkeypatch, failing_step
):
    case_id = world.case("mediated")
    before = _snapshot(app, case_id)

    def explode(*args, **kwargs):
        raise RuntimeError("injected failure")

    if failing_step == "second_event":
        # Fails after the first document was recorded: neither it nor its job may remain.
        real_record = document_operations.record_event

        def record_then_fail(case, actor, action, **kwargs):
            if action == "issue_document":
                explode()
            return real_record(case, actor, action, **kwargs)

        monkeypatch.setattr(document_operations, "record_event", record_then_fail)
    else:  # the receiver of that name fails where it is attached (cases.hooks)
        hook = transition_done if failing_step == "issue_for_transition" else case_moved
        receivers = [(explode if r.__name__ == failing_step else r, names) for r, names in hook.receivers]
        assert receivers != hook.receivers
        monkeypatch.setattr(hook, "receivers", receivers)
    with pytest.raises(RuntimeError, match="injected"):
        _agree(world, case_id)
    db.session.remove()
    assert _snapshot(app, case_id) == before
    with app.app_context():
        assert totals_differences(world.centre_id) == []


@pytest.mark.postgresql_only
@pytest.mark.with_documents
def test_ten_simultaneous_agreements_on_one_case_give_exactly_one_success(world, app):
    case_id = world.case("mediated")
    with app.app_context():
        version = world.load(case_id).version
    barrier, outcomes = threading.Barrier(10), []

    def settle():
        with app.app_context():
            data = {
                "trigger": "record_agreement",
                "version": version,
                **world.trigger_data("record_agreement"),
            }
            barrier.wait()
            try:
                operations.transition_case(world.mediator.user(), case_id, data)
                outcomes.append("ok")
            except StaleCase:
                outcomes.append("stale")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=settle) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["stale"] * 9
    snapshot = _snapshot(app, case_id)
    assert (
        # the two notices of the acceptance, and one agreement: the losers left no file behind
        snapshot["state"] is CaseState.MEDIATED and snapshot["documents"] == 3 and len(snapshot["files"]) == 3
    )
    with app.app_context():
        assert totals_differences(world.centre_id) == []
