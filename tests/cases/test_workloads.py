"""Each mediator's open cases, kept as cases move (``cases.workloads``): equal to a
count of the cases after every kind of change, checked and repaired by ``totals``."""

from sqlalchemy import select, update

from mediation_app.cases.models import MediatorWorkload
from mediation_app.cases.workloads import workload_differences
from mediation_app.errors import DomainError
from mediation_app.extensions import db


def _kept(app) -> dict[int, int]:
    with app.app_context():
        return dict(
            db.session.execute(select(MediatorWorkload.mediator_id, MediatorWorkload.open_cases)).all()
        )


def test_the_kept_counts_follow_assignment_reassignment_and_conclusion(app, world):
    world.case("filed")  # no mediator yet: counts for nobody
    assigned, mediated = world.case("assigned"), world.case("mediated")
    world.case("settled")  # concluded: no longer open
    assert _kept(app) == {world.mediator.id: 2}
    world.fire(assigned, "reassign")
    assert _kept(app) == {world.mediator.id: 1, world.other_mediator.id: 1}
    world.fire(mediated, "refer_to_court")
    assert _kept(app) == {world.mediator.id: 0, world.other_mediator.id: 1}
    with app.app_context():
        assert workload_differences(world.centre_id) == []


def test_a_refused_transition_leaves_the_counts_alone(app, world):
    case_id = world.case("assigned")
    try:
        world.fire(case_id, "reassign", mediator_id=world.staff.id)  # not a mediator
    except DomainError:
        pass
    else:
        raise AssertionError("a staff member was accepted as the mediator")
    assert _kept(app) == {world.mediator.id: 1}


def test_verify_names_a_drifted_count_and_rebuild_repairs_it(app, world):
    world.case("assigned")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0
    with app.app_context():
        db.session.execute(update(MediatorWorkload).values(open_cases=5))
        db.session.commit()
    result = runner.invoke(args=["totals", "verify"])
    assert result.exit_code == 1
    assert f"mediator {world.mediator.id}: open cases kept 5, actual 1" in result.output
    assert runner.invoke(args=["totals", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0
    assert _kept(app) == {world.mediator.id: 1}
