"""Filing a group of 500 serial cases from a workbook, PostgreSQL and SQLite.

Generates a workbook of N members (one applicant of the bench world against N
respondents, most new to the centre) and times ``groups.operations.import_group``
on a fresh database, as the group filing page runs it: every row read and checked,
then every member filed by the case filing's own rules (number, audit event,
totals) and the group written, all in one transaction. The members are then counted
back. Goal (issue 16): 500 members in under 30 s.
"""

import contextlib
import time
from decimal import Decimal

from sqlalchemy import func, select

from benchmarks import support
from mediation_app.auth.models import User
from mediation_app.extensions import db
from mediation_app.groups import operations as group_operations
from mediation_app.groups.models import CaseGroupMember
from mediation_app.spreadsheets import write_workbook

NAME = "groups"
GOAL_SECONDS = 30
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
            _import(run, stack, world, workbook, count)


def _import(run: support.Run, stack: support.Stack, world: support.World, workbook, count: int) -> None:
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
