"""Filing a group of 500 serial cases from a workbook, PostgreSQL and SQLite.

Generates a workbook of N members (one applicant of the bench world against N
respondents, most new to the centre) and times ``groups.operations.import_group``
on a fresh database, as the group filing page runs it: every row read and checked,
then every member filed by the case filing's own rules (number, audit event,
totals) and the group written, all in one transaction. The members are then counted
back. Goal (issue 16): 500 members in under 30 s.

Then 50 members of a group, assigned and in mediation, get their agreements at once
(``groups.operations.record_group_agreements``): one transaction fires each member's
``record_agreement``, and the 50 agreement PDFs render as jobs right after the commit
(in-process, as in the embedded set-up); the figure is the whole, commit to last PDF.
"""

import contextlib
import time
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.cases.operations import transition_case
from mediation_app.documents.models import Document, DocumentStatus
from mediation_app.extensions import db
from mediation_app.groups import operations as group_operations
from mediation_app.groups.models import CaseGroupMember
from mediation_app.spreadsheets import write_workbook
from mediation_app.types import utcnow
from workflows.deadlines import local_date

NAME = "groups"
GOAL_SECONDS = 30
AGREEMENTS = 50  # members whose agreements are recorded at once
HEADINGS = ("被申请人", "统一社会信用代码", "标的额（元）", "纠纷摘要")


def member_rows(count: int):
    """``count`` valid members, in the workbook's columns."""
    for n in range(count):
        yield (
            f"江苏基准{1000 + n}号童装有限公司",
            support.bench_uscc(1000 + n),
            Decimal(5_000 + (n * 137) % 95_000) + Decimal(n % 100) / 100,
            f"被申请人拖欠童装面料货款（第{n + 1}批）。",
        )


def run(run: support.Run) -> None:
    count = run.pick(500, 50)
    workbook = run.tempdir("groups") / "members.xlsx"
    write_workbook(workbook, HEADINGS, member_rows(count), title="系列案")
    for backend in ("postgresql", "sqlite"):
        with contextlib.ExitStack() as cleanup:
            stack = run.stack(backend, cleanup)
            world = support.build_world(stack.app, mediators=1)
            group = _import(run, stack, world, workbook, count)
            _agreements(run, stack, world, group, AGREEMENTS)


def _import(run: support.Run, stack: support.Stack, world: support.World, workbook, count: int) -> int:
    backend = stack.backend
    with stack.app.app_context():
        staff = db.session.get(User, world.staff_id)
        name, uscc = world.enterprises[0]
        shared = {
            "applicant": {"name": name, "uscc": uscc},
            "industry": "textile",
            "dispute_type": "sale_contract",
        }
        support.progress(f"groups: filing a group of {count:,} members ({backend})")
        start = time.perf_counter()
        with workbook.open("rb") as stream:
            group = group_operations.import_group(staff, stream, shared)
        seconds = time.perf_counter() - start
        filed = db.session.scalar(
            select(func.count()).select_from(CaseGroupMember).where(CaseGroupMember.group_id == group.id)
        )
        if filed != count:
            raise RuntimeError(f"group incomplete: {filed} of {count} members")
        run.report.figure(
            NAME,
            f"file a group of {count:,} members from a workbook, {backend}",
            f"{seconds:.1f} s",
            f"{count / seconds:,.0f} members/s; read, check and file in one transaction",
        )
        run.report.goal(
            NAME,
            f"a group of {count:,} members ({backend})",
            f"{seconds:.1f} s",
            f"< {GOAL_SECONDS} s",
            seconds < GOAL_SECONDS,
        )
        db.session.remove()
    return group.id


def _agreements(
    run: support.Run, stack: support.Stack, world: support.World, group_id: int, count: int
) -> None:
    """``count`` members assigned and started one by one (no documents timed), then
    their agreements recorded at once and rendered."""
    with stack.app.app_context():
        staff = db.session.get(User, world.staff_id)
        mediator = db.session.get(User, world.mediator_ids[0])
        members = db.session.scalars(
            select(CaseGroupMember)
            .where(CaseGroupMember.group_id == group_id)
            .order_by(CaseGroupMember.position)
        ).all()[:count]
        support.progress(f"groups: {count} members into mediation ({stack.backend})")
        for member in members:
            case = transition_case(
                staff,
                member.case_id,
                {
                    "trigger": "assign",
                    "version": member.case.version,
                    "mediator_id": mediator.id,
                    "override_reason": "基准测试",
                },
            )
            transition_case(
                mediator,
                case.id,
                {"trigger": "start_mediation", "version": case.version, "respondent_consent": True},
            )
        deadline = (local_date(utcnow()) + timedelta(days=30)).isoformat()
        body = {
            "terms": ["被申请人按期付清货款。", "申请人放弃其余诉讼请求。"],
            "performance_deadline": deadline,
            "members": [
                {
                    "case_id": member.case.id,
                    "version": member.case.version,
                    "agreed_amount": str(member.case.claim_amount),
                    "instalments": [{"amount": str(member.case.claim_amount), "due_on": deadline}],
                }
                for member in members
            ],
        }
        support.progress(f"groups: {count} agreements at once ({stack.backend})")
        start = time.perf_counter()
        group_operations.record_group_agreements(mediator, group_id, body)
        seconds = time.perf_counter() - start
        issued = db.session.scalar(
            select(func.count())
            .select_from(Document)
            .where(Document.kind == "agreement", Document.status == DocumentStatus.ISSUED)
        )
        if issued != count:
            raise RuntimeError(f"{issued} of {count} agreements issued")
        run.report.figure(
            NAME,
            f"record {count} agreements at once and render them, {stack.backend}",
            f"{seconds:.1f} s",
            f"{support.ms(seconds / count)} per agreement; one transaction, PDFs as jobs after it",
        )
        db.session.remove()
