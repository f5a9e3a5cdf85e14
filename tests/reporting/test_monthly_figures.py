"""The monthly figures, kept in the transaction of every change, equal their
recomputation from the cases: worked examples, then random workloads (hypothesis)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.cases.operations import file_case, record_past_transition, transition_case
from mediation_app.cases.workloads import workload_differences
from mediation_app.court.models import Payment
from mediation_app.errors import DomainError
from mediation_app.extensions import db
from mediation_app.parties.models import Organisation
from mediation_app.reporting.figures import Figures
from mediation_app.reporting.models import MonthlyFigures
from mediation_app.reporting.operations import rebuild_monthly_figures, record_case_move, record_performance
from mediation_app.reporting.queries import totals_differences
from mediation_app.reporting.recompute import figures_differences, kept_figures
from mediation_app.types import utcnow
from tests.conftest import _empty_database
from tests.factories import World
from workflows.case_states import CaseState
from workflows.deadlines import local_date

COURT_NUMBER = "(2024)苏0621民诉前调{}号"


def _row(world, *, month: date, dimension: str, key: str, scope: str = "centre") -> Figures:
    kept = kept_figures(world.centre_id)
    return kept.get((world.centre_id, scope, month, dimension, key), Figures())


def _this_month() -> date:
    return local_date(utcnow()).replace(day=1)


def pay(case_id: int, amount: str, paid_on: date, by: int) -> None:
    """A payment recorded as the court module records one: row and figures together."""
    case = db.session.get(Case, case_id)
    db.session.add(Payment(case_id=case_id, amount=Decimal(amount), paid_on=paid_on, recorded_by_id=by))
    record_performance(case, Decimal(amount), paid_on)
    db.session.commit()


def import_case(
    world, state: CaseState, filed_at: datetime, concluded_at: datetime | None, serial: int
) -> int:
    """A historical case as a ledger importer creates it: straight in its final state,
    with its historical dates, counted through ``record_case_move``."""
    case = Case(
        centre_id=world.centre_id,
        number=f"(2019)测商调字第{9000 + serial:04d}号",
        state=state,
        source="direct",
        applicant_id=world.applicant.organisation_id,
        respondent_id=world.respondent.organisation_id,
        mediator_id=world.other_mediator.id if state is not CaseState.REJECTED else None,
        claim_amount=Decimal("120000.50"),
        agreed_amount=Decimal("100000.00") if state is CaseState.SETTLED else None,
        summary="历史台账导入",
        industry="textile",
        filed_by_id=world.staff.id,
        created_at=filed_at,
        updated_at=filed_at,
        concluded_at=concluded_at,
        deadline=local_date(filed_at) + timedelta(days=30),
    )
    db.session.add(case)
    db.session.flush()
    record_case_move(case, None, state)
    db.session.commit()
    return case.id


def test_a_settled_case_counts_its_intake_when_filed_and_its_outcome_when_concluded(world, ctx):
    case_id = world.case("settled")
    month = _this_month()
    chamber = db.session.get(Organisation, world.applicant.organisation_id).chamber_id
    by_source = _row(world, month=month, dimension="source", key="direct")
    assert (by_source.received, by_source.accepted, by_source.settled) == (1, 1, 1)
    assert by_source.claim_amount == by_source.resolved_claim_amount == Decimal("580000.00")
    assert by_source.agreed_amount == Decimal("500000.00")
    assert by_source.days_to_conclude == 0 and by_source.concluded_late == 0
    assert _row(world, month=month, dimension="chamber", key=str(chamber)).settled == 1
    assert _row(world, month=month, dimension="industry", key="nylon").received == 1
    by_mediator = _row(world, month=month, dimension="mediator", key=str(world.mediator.id))
    assert (by_mediator.received, by_mediator.settled) == (0, 1)  # outcomes only
    pay(case_id, "1000.00", date(2031, 3, 31), world.staff.id)
    assert _row(
        world, month=date(2031, 3, 1), dimension="mediator", key=str(world.mediator.id)
    ).performed_amount == (Decimal("1000.00"))
    assert figures_differences(world.centre_id) == []


def test_a_court_case_also_counts_in_its_courts_slice_and_the_court_breakdown(world, ctx):
    world.case("referred_to_court", source="court_delegated", court_case_number=COURT_NUMBER.format(1))
    month = _this_month()
    court = str(world.court)
    assert _row(world, month=month, dimension="court", key=court).referred_to_court == 1
    sliced = _row(world, month=month, dimension="source", key="court_delegated", scope=f"court:{world.court}")
    assert (sliced.received, sliced.referred_to_court) == (1, 1)
    assert figures_differences(world.centre_id) == []


def test_reassignment_moves_nothing_and_the_concluding_mediator_gets_the_outcome(world, ctx):
    case_id = world.case("mediated")
    before = kept_figures(world.centre_id)
    world.fire(case_id, "reassign")
    assert kept_figures(world.centre_id) == before
    transition_case(
        world.other_mediator.user(),
        case_id,
        {"trigger": "refer_to_court", "version": world.load(case_id).version, "reason": "调解不成"},
    )
    month = _this_month()
    assert (
        _row(world, month=month, dimension="mediator", key=str(world.other_mediator.id)).referred_to_court
        == 1
    )
    assert _row(world, month=month, dimension="mediator", key=str(world.mediator.id)).is_zero()


def test_withdrawal_before_acceptance_is_not_accepted_and_after_it_stays_accepted_and_concludes(world, ctx):
    world.case("withdrawn")
    accepted = world.case("assigned")
    world.fire(accepted, "withdraw")
    direct = _row(world, month=_this_month(), dimension="source", key="direct")
    assert (direct.received, direct.accepted, direct.withdrawn) == (2, 1, 2)
    # 结案 is every ending after acceptance: the case withdrawn after it, not the one before.
    assert (direct.concluded, direct.settled, direct.days_to_conclude) == (1, 0, 0)


def test_months_are_china_calendar_months_and_late_conclusions_are_counted(world, ctx):
    # 16:30 UTC on 31 January is 1 February in Shanghai; concluded 45 days later, past the 30-day limit.
    filed = datetime(2025, 1, 31, 16, 30, tzinfo=UTC)
    import_case(world, CaseState.SETTLED, filed, filed + timedelta(days=45), serial=1)
    import_case(world, CaseState.WITHDRAWN, filed - timedelta(hours=1), None, serial=2)
    february = _row(world, month=date(2025, 2, 1), dimension="source", key="direct")
    assert (february.received, february.accepted) == (1, 1)
    march = _row(world, month=date(2025, 3, 1), dimension="source", key="direct")
    assert (march.settled, march.days_to_conclude, march.concluded_late) == (1, 45, 1)
    january = _row(world, month=date(2025, 1, 1), dimension="source", key="direct")
    assert (january.received, january.withdrawn) == (1, 1)  # no conclusion date: its filing month
    assert figures_differences(world.centre_id) == []


def test_verify_reports_a_tampered_figure_and_rebuild_repairs_it(app, world):
    world.case("settled")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0
    with app.app_context():
        db.session.execute(
            update(MonthlyFigures).where(MonthlyFigures.dimension == "industry").values(received=7)
        )
        db.session.commit()
    result = runner.invoke(args=["totals", "verify"])
    assert result.exit_code == 1
    assert "industry=nylon: received kept 7, actual 1" in result.output
    assert runner.invoke(args=["totals", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["totals", "verify"]).exit_code == 0


def test_rebuild_reproduces_the_kept_figures(world, ctx):
    world.case("settled")
    world.case("rejected", source="court_commissioned", court_case_number=COURT_NUMBER.format(2))
    kept = kept_figures(world.centre_id)
    rebuild_monthly_figures(world.centre_id)
    assert kept_figures(world.centre_id) == kept


# ---- random workloads ------------------------------------------------------------------------

TRIGGERS = (
    "assign",
    "reassign",
    "reject",
    "start_mediation",
    "record_agreement",
    "settle",
    "refer_to_court",
    "withdraw",
)
# "next" moves a case along the main path, so that random workloads reach the outcomes often.
NEXT = {CaseState.FILED: "assign", CaseState.ASSIGNED: "start_mediation"}

steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("file"),
            st.sampled_from(["direct", "court_delegated", "court_commissioned"]),
            st.integers(1, 10**9),  # claim in fen
            st.booleans(),  # the applicant with a chamber, or the one without
            st.sampled_from(["nylon", "textile", ""]),
        ),
        st.tuples(
            st.just("fire"), st.integers(0, 7), st.sampled_from((*TRIGGERS, "next", "next")), st.booleans()
        ),
        st.tuples(st.just("pay"), st.integers(0, 7), st.integers(1, 10**7), st.integers(0, 400)),
        st.tuples(
            st.just("import"),
            st.sampled_from([CaseState.SETTLED, CaseState.REFERRED_TO_COURT, CaseState.WITHDRAWN]),
            st.integers(0, 3 * 365 * 24),  # hours after 2021-01-01
            st.one_of(st.none(), st.integers(0, 90 * 24)),  # hours to conclusion
        ),
    ),
    max_size=10,
)


class Workload:
    def __init__(self, world: World):
        self.world = world
        self.case_ids: list[int] = []
        self.serial = 0

    def file(self, source, fen, with_chamber, industry):
        self.serial += 1
        parties = [
            {"name": "江苏常安纺织科技有限公司", "uscc": self.world.applicant_uscc},
            {"name": "海安华达锦纶有限公司", "uscc": self.world.respondent_uscc},
        ]
        if not with_chamber:
            parties.reverse()
        court = {} if source == "direct" else {"court_case_number": COURT_NUMBER.format(self.serial)}
        data = self.world.filing(
            source=source,
            claim_amount=str(Decimal(fen) / 100),
            industry=industry,
            applicant=parties[0],
            respondent=parties[1],
            **court,
        )
        filer = self.world.staff if source == "direct" else self.world.liaison
        self.case_ids.append(file_case(filer.user(), data).id)

    def fire(self, index, trigger, other_mediator):
        if not self.case_ids:
            return
        case = db.session.get(Case, self.case_ids[index % len(self.case_ids)])
        if trigger == "next":
            agreed = case.agreement_recorded_at is not None
            trigger = (
                ("settle" if agreed else "record_agreement") if case.state is CaseState.MEDIATED else None
            )
            trigger = trigger or NEXT.get(case.state, "withdraw")
        data = {"trigger": trigger, "version": case.version, **self.world.trigger_data(trigger)}
        mediator = self.world.other_mediator if other_mediator else self.world.mediator
        if trigger in ("assign", "reassign"):
            data |= {"mediator_id": mediator.id, "override_reason": "测试"}
        mediators_turn = trigger in ("start_mediation", "record_agreement", "settle") or (
            trigger == "refer_to_court" and other_mediator
        )
        actor = db.session.get(User, case.mediator_id) if mediators_turn and case.mediator_id else None
        try:
            # Documents leave the figures alone; rendering them would dominate the run.
            record_past_transition(actor or self.world.staff.user(), case.id, data)
        except DomainError:
            db.session.rollback()  # refused: changes nothing, which verify checks too

    def pay(self, index, fen, days):
        settled = [i for i in self.case_ids if db.session.get(Case, i).state is CaseState.SETTLED]
        if settled:
            pay(
                settled[index % len(settled)],
                str(Decimal(fen) / 100),
                date(2026, 1, 1) + timedelta(days),
                self.world.staff.id,
            )

    def import_(self, state, hours, to_conclusion):
        self.serial += 1
        filed = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
        concluded = None if to_conclusion is None else filed + timedelta(hours=to_conclusion)
        self.case_ids.append(import_case(self.world, state, filed, concluded, self.serial))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workload=steps)
def test_random_workloads_keep_the_figures_equal_to_their_recomputation(app, clean_db, workload):
    _empty_database(app)
    world = World(app, documents=False)  # the figures do not depend on the papers
    with app.app_context():
        run = Workload(world)
        for kind, *arguments in workload:
            getattr(run, "import_" if kind == "import" else kind)(*arguments)
        assert figures_differences(world.centre_id) == []
        assert totals_differences(world.centre_id) == []
        assert workload_differences(world.centre_id) == []  # the mediators' open cases too
        db.session.remove()
