"""A group of serial cases as the tests file it: the world's applicant against several
respondents, the first of them the world's own respondent (which has an account)."""

import io
from decimal import Decimal

from mediation_app.spreadsheets import write_workbook
from tests.factories import uscc

RESPONDENTS = ["海安华达锦纶有限公司", "如皋顺达服饰有限公司", "南通金丝童装有限公司"]


def member(index: int, world, **overrides) -> dict:
    """The ``index``-th member: the world's respondent first, then others by credit code."""
    code = world.respondent_uscc if index == 0 else uscc(100 + index)
    return {
        "respondent": {"name": RESPONDENTS[index % len(RESPONDENTS)], "uscc": code},
        "claim_amount": f"{10000 * (index + 1)}.50",
        "summary": f"被申请人拖欠童装面料货款（第{index + 1}批）。",
        **overrides,
    }


def group_filing(world, size: int = 3, changes: dict | None = None) -> dict:
    """A valid group body; ``changes`` maps a member's index to the fields that replace its own."""
    changes = changes or {}
    return {
        "applicant": {"name": "江苏常安纺织科技有限公司", "uscc": world.applicant_uscc},
        "industry": "textile",
        "dispute_type": "sale_contract",
        "members": [member(i, world, **changes.get(i, {})) for i in range(size)],
    }


HEADINGS = ("被申请人", "统一社会信用代码", "标的额（元）", "纠纷摘要")


def members_file(members: list[dict]) -> io.BytesIO:
    """An .xlsx of ``members`` (as the API body has them), one a row under a heading row."""
    buffer = io.BytesIO()
    rows = (
        (m["respondent"]["name"], m["respondent"]["uscc"], Decimal(m["claim_amount"]), m["summary"])
        for m in members
    )
    write_workbook(buffer, HEADINGS, rows, title="系列案")
    buffer.seek(0)
    return buffer


def typed(members: list[dict]) -> str:
    """``members`` as the filing page's text box takes them, one a line."""
    return "\n".join(
        " | ".join((m["respondent"]["name"], m["respondent"]["uscc"], m["claim_amount"], m["summary"]))
        for m in members
    )


def applicants_filing(world, size: int = 3) -> dict:
    """Several applicants (the world's applicant first) against the world's respondent."""
    members = []
    for index in range(size):
        own = member(index, world)
        code = world.applicant_uscc if index == 0 else uscc(200 + index)
        own["applicant"] = {"name": f"海安第{index + 1}织造厂", "uscc": code}
        del own["respondent"]
        members.append(own)
    return {"respondent": {"name": "海安华达锦纶有限公司", "uscc": world.respondent_uscc}, "members": members}


def in_mediation(world, api, size: int = 3) -> dict:
    """A group whose members are all assigned to the world's mediator and in mediation,
    reached by the real steps (filed as a group, each assigned and started); the group
    as its mediator sees it."""
    group = api(world.staff).post("/case-groups", json=group_filing(world, size)).get_json()
    for member in group["members"]:
        world.fire(member["case_id"], "assign")
        world.fire(member["case_id"], "start_mediation")
    return api(world.mediator).get(f"/case-groups/{group['id']}").get_json()


def agreements(group: dict, deadline: str, changes: dict | None = None) -> dict:
    """A batch of agreements for every member of ``group``: common terms, each member
    90 % of its claim in two instalments; ``changes`` maps an index to fields replaced."""
    changes = changes or {}
    members = []
    for index, member in enumerate(group["members"]):
        amount = (Decimal(member["claim_amount"]) * Decimal("0.9")).quantize(Decimal("0.01"))
        first = (amount / 2).quantize(Decimal("0.01"))
        members.append(
            {
                "case_id": member["case_id"],
                "version": member["version"],
                "agreed_amount": str(amount),
                "instalments": [
                    {"amount": str(first), "due_on": deadline},
                    {"amount": str(amount - first), "due_on": deadline},
                ],
                **changes.get(index, {}),
            }
        )
    return {
        "terms": ["被申请人按期付清货款。", "申请人放弃其余诉讼请求。"],
        "performance_deadline": deadline,
        "payment_method": "bank_transfer",
        "members": members,
    }
