"""A group's members from a workbook: one member a row under a heading row, every row
checked, one bad row files nothing; errors are named by the row as Excel numbers it."""

import io

import pytest
from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.errors import ValidationFailed
from mediation_app.extensions import db
from mediation_app.groups.operations import import_group
from mediation_app.groups.schemas import MAX_MEMBERS
from tests.groups.support import group_filing, members_file

SHARED = {"industry": "textile", "dispute_type": "sale_contract"}


def _import(world, members_or_file):
    stream = members_or_file if isinstance(members_or_file, io.BytesIO) else members_file(members_or_file)
    shared = SHARED | {"applicant": group_filing(world)["applicant"]}
    return import_group(world.staff.user(), stream, shared)


def test_every_row_becomes_a_member_in_order(world, ctx):
    members = group_filing(world, 5)["members"]
    group = _import(world, members)
    cases = db.session.scalars(select(Case).order_by(Case.id)).all()
    assert [case.respondent.uscc for case in cases] == [m["respondent"]["uscc"] for m in members]
    assert [str(case.claim_amount) for case in cases] == [m["claim_amount"] for m in members]
    assert {case.industry for case in cases} == {"textile"} and group.number.endswith("系字第0001号")


@pytest.mark.parametrize(
    ("changes", "blamed"),
    [
        ({0: {"claim_amount": "0"}}, {"rows.2.claim_amount"}),
        (
            {3: {"summary": ""}, 1: {"respondent": {"name": "无码公司", "uscc": ""}}},
            {"rows.5.summary", "rows.3.respondent.uscc"},
        ),
    ],
    ids=["one bad row", "two bad rows"],
)
def test_a_bad_row_files_nothing_and_is_named_by_its_row(world, ctx, changes, blamed):
    with pytest.raises(ValidationFailed) as refused:
        _import(world, group_filing(world, 4, changes)["members"])
    assert set(refused.value.fields) == blamed
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


@pytest.mark.parametrize(
    "content",
    [b"not a workbook", "empty", "too long"],
    ids=["not a workbook", "no rows", "more rows than a group holds"],
)
def test_a_workbook_that_cannot_be_a_group_is_refused_as_a_whole(world, ctx, content):
    if content == "empty":
        stream = members_file([])
    elif content == "too long":
        stream = members_file(group_filing(world, 1)["members"] * (MAX_MEMBERS + 1))
    else:
        stream = io.BytesIO(content)
    with pytest.raises(ValidationFailed) as refused:
        _import(world, stream)
    assert set(refused.value.fields) == {"file"}
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0
