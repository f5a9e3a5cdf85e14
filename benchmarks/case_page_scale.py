"""The staff's case page at scale (PostgreSQL): 10,000 vs 1,000,000 cases.

``GET /cases/<id>`` as staff, of the newest case still at intake (``filed``): besides
the case it screens the mediators for conflicts with the parties (``conflicts_for``,
index probes into the cases), lists the roster with each mediator's open cases (kept
in ``mediator_workloads``, rebuilt by ``support.bulk_cases`` as ``flask totals
rebuild`` does) and names the possible duplicates (other open cases between the same
parties, counted up to a limit). Between two enterprises of the generated data there
are thousands of open cases at 1M, so every part meets the parties' whole history.
The page is timed over HTTP, one request at a time, the sizes taking turns
(``support.page_latencies``). Goal: 1M within 1.3× of 10k.
"""

from sqlalchemy import select

from benchmarks import support
from mediation_app.cases.conflicts import suggest_mediators
from mediation_app.cases.intake import duplicates_at_intake
from mediation_app.cases.models import Case
from mediation_app.cases.workloads import workload_differences
from mediation_app.extensions import db
from workflows.case_states import CaseState

NAME = "casepage"
GOAL_GROWTH = 1.3


def run(run: support.Run) -> None:
    sizes = (run.pick(10_000, 2_000), run.pick(1_000_000, 20_000))
    pages = {}
    for count in sizes:
        scale = support.scale_database(run, count)
        case_id, number = _intake_case(run, scale)
        pages[("page", count)] = support.Page(scale.stack, f"/cases/{case_id}", number.encode())
    support.progress("casepage: timing the staff's case page, sizes alternating")
    samples = support.page_latencies(run, pages)
    for count in sizes:
        timing = samples[("page", count)]
        run.report.figure(
            NAME,
            f"HTTP GET /cases/<id>, a filed case, as staff, at {count:,} cases",
            support.ms(support.median(timing)),
            f"median of {len(timing)}, p90 {support.ms(support.percentile(timing, 0.9))}",
        )
    small, large = sizes
    support.growth_goal(run, NAME, "staff's case page", samples, "page", small, large, GOAL_GROWTH)


def _intake_case(run: support.Run, scale: support.ScaleDatabase) -> tuple[int, str]:
    """The id and number of the newest filed case, after checking the kept open-case
    counts; what its page screens is reported as a figure."""
    with scale.stack.app.app_context():
        differences = workload_differences(scale.world.centre_id)
        if differences:
            raise RuntimeError(f"mediators' open cases differ from the cases: {differences[:3]}")
        case = db.session.scalars(
            select(Case).where(Case.state == CaseState.FILED).order_by(Case.id.desc()).limit(1)
        ).one()
        duplicates = duplicates_at_intake(case)
        flagged = sum(bool(s.conflicts) for s in suggest_mediators(case))
        found = f"more than {duplicates.counted}" if duplicates.more_than_counted else str(duplicates.count)
        run.report.figure(
            NAME,
            f"possible duplicates of that case at {scale.count:,} cases",
            found,
            f"counted up to {duplicates.counted}; "
            f"{flagged} of {len(scale.world.mediator_ids)} mediators flagged for conflicts",
        )
        found_case = case.id, case.number
        db.session.remove()
    return found_case
