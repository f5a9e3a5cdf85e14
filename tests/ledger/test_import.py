"""Importing a historical ledger: all rows checked first, a row-by-row report, all or
nothing (unless valid rows only are asked for), idempotent, totals kept exact."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from mediation_app.cases.audit import verify_case
from mediation_app.cases.models import Case, CaseEvent
from mediation_app.cases.operations import transition_case
from mediation_app.court.models import Payment
from mediation_app.errors import Conflict, Forbidden
from mediation_app.extensions import db
from mediation_app.ledger import columns as c
from mediation_app.ledger import operations as ledger_operations
from mediation_app.ledger.operations import LedgerRefused, import_ledger
from mediation_app.reporting.queries import totals, totals_differences
from mediation_app.reporting.recompute import figures_differences, kept_figures
from mediation_app.types import utcnow
from tests.factories import uscc
from tests.ledger.conftest import ledger_file, ledger_row
from workflows.deadlines import local_date


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _report(problems) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in problems]


def test_a_valid_ledger_is_imported_in_its_states_with_its_numbers_dates_and_payments(world, staff):
    rows = [
        ledger_row(),
        ledger_row(
            **{
                c.NUMBER: "(2022)测商调字第0007号",
                c.STATE: "调解中",
                c.CONCLUDED_ON: None,
                c.AGREED: None,
                c.PERFORMANCE: None,
                c.PERFORMED: None,
                c.SOURCE: "court_delegated",
                c.INDUSTRY: "textile",
                c.DISPUTE_TYPE: None,
            }
        ),
        ledger_row(
            **{
                c.NUMBER: "(2022)测商调字第0008号",
                c.STATE: "不予受理",
                c.MEDIATOR: None,
                c.AGREED: None,
                c.PERFORMANCE: None,
                c.PERFORMED: None,
                c.APPLICANT: "新企业有限公司",
                c.APPLICANT_USCC: uscc(77),
            }
        ),
    ]
    result = import_ledger(staff, ledger_file(rows), file_name="台账.xlsx")
    assert (result.rows, result.imported, result.problems, result.already_present) == (3, 3, [], [])
    settled, mediated, rejected = db.session.scalars(select(Case).order_by(Case.id)).all()
    assert settled.number == "(2021)测商调字第0001号" and settled.state.value == "settled"
    assert local_date(settled.created_at) == date(2021, 3, 1)
    assert local_date(settled.concluded_at) == date(2021, 4, 2)
    assert (settled.agreed_amount, settled.mediator_id, settled.dispute_type) == (
        Decimal("500000.00"),
        world.mediator.id,
        "sale_contract",
    )
    assert (mediated.state.value, mediated.source.value, mediated.industry, mediated.dispute_type) == (
        "mediated",
        "court_delegated",
        "textile",
        "other",
    )
    assert rejected.applicant.name == "新企业有限公司" and rejected.mediator_id is None
    payment = db.session.scalars(select(Payment)).one()
    assert (payment.case_id, payment.amount, payment.paid_on) == (
        settled.id,
        Decimal("200000.00"),
        date(2021, 4, 2),
    )
    events = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id)).all()
    assert [(e.case_id, e.action, e.to_state) for e in events] == [
        (settled.id, "import_ledger", "settled"),
        (mediated.id, "import_ledger", "mediated"),
        (rejected.id, "import_ledger", "rejected"),
    ]
    assert events[0].data == {"file": "台账.xlsx", "row": 2, "claim_amount": "580000.00"}
    assert all(verify_case(event.case_id) is None for event in events)  # each starts its case's chain
    assert (mediated.version, mediated.procedure, mediated.extension_days) == (1, "ordinary", [])
    kept = totals(world.centre_id)
    assert (kept.settled, kept.resolved_claim_amount, kept.performed_amount) == (
        1,
        Decimal("580000.00"),
        Decimal("200000.00"),
    )
    assert totals_differences(world.centre_id) == []


def test_an_imported_open_case_goes_on_through_the_usual_transitions(world, staff):
    row = ledger_row(
        **{c.STATE: "调解中", c.CONCLUDED_ON: None, c.AGREED: None, c.PERFORMANCE: None, c.PERFORMED: None}
    )
    import_ledger(staff, ledger_file([row]))
    case = db.session.scalars(select(Case)).one()
    data = {"trigger": "refer_to_court", "version": case.version, "reason": "被申请人拒绝调解"}
    transition_case(world.mediator.user(), case.id, data)
    db.session.expire_all()
    assert (case.state.value, case.version) == ("referred_to_court", 2)
    events = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id)).all()
    assert events[0].action == "import_ledger" and verify_case(case.id) is None
    assert totals_differences(world.centre_id) == []


def test_a_case_number_taken_while_the_ledger_was_checked_imports_nothing(world, staff, monkeypatch):
    world.case("filed")
    taken = db.session.scalars(select(Case.number)).one()
    before = (_count(Case), _count(CaseEvent), totals(world.centre_id))
    # As if someone filed the same number between the check and the write.
    monkeypatch.setattr(ledger_operations, "numbers_in_use", lambda centre_id, numbers: set())
    rows = [ledger_row(**{c.NUMBER: "(2021)测商调字第0099号"}), ledger_row(**{c.NUMBER: taken})]
    with pytest.raises(Conflict) as conflict:
        import_ledger(staff, ledger_file(rows))
    assert "未导入任何内容" in str(conflict.value.message)
    assert (_count(Case), _count(CaseEvent), totals(world.centre_id)) == before
    assert totals_differences(world.centre_id) == []


def test_importing_the_same_ledger_again_imports_nothing_twice(world, staff):
    first = ledger_row()
    second = ledger_row(**{c.NUMBER: "(2021)测商调字第0002号"})
    import_ledger(staff, ledger_file([first]))
    result = import_ledger(staff, ledger_file([first, second]))
    assert result.imported == 1
    assert _report(result.already_present) == [(2, "案件编号", "本中心已有此案件，未重复导入")]
    assert _count(Case) == 2 and _count(Payment) == 2
    assert totals(world.centre_id).performed_amount == Decimal("400000.00")
    assert totals_differences(world.centre_id) == []


def test_a_ledger_of_several_chunks_links_each_event_and_payment_to_its_own_case(world, staff, monkeypatch):
    world.case("filed")  # the centre's cases before the import are left as they are
    monkeypatch.setattr(ledger_operations, "CHUNK", 2)
    numbers = [f"(2021)测商调字第{n:04d}号" for n in range(1, 6)]
    performed = [Decimal(f"{n}000.00") for n in range(1, 6)]
    rows = [ledger_row(**{c.NUMBER: n, c.PERFORMED: p}) for n, p in zip(numbers, performed, strict=True)]
    assert import_ledger(staff, ledger_file(rows)).imported == 5
    imported = db.session.execute(
        select(Case.number, CaseEvent.data, Payment.amount)
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .join(Payment, Payment.case_id == Case.id)
        .where(CaseEvent.action == "import_ledger")
        .order_by(Case.id)
    ).all()
    assert [(number, data["row"], amount) for number, data, amount in imported] == [
        (number, row, amount) for row, number, amount in zip(range(2, 7), numbers, performed, strict=True)
    ]
    assert all(verify_case(case_id) is None for case_id in db.session.scalars(select(Case.id)))
    assert totals_differences(world.centre_id) == []


TOMORROW = local_date(utcnow()) + timedelta(days=1)
INDUSTRIES = "纺织、锦纶、化纤、电子、家具、机械、建筑、商贸、其他"

# (cells of row 3, the report expected); row 2 is valid, and nothing may be imported.
BAD_ROWS = {
    "amount with 3 decimals": ({c.CLAIM: "12.345"}, [(3, "标的额", "必须为正数金额，最多两位小数")]),
    "negative amount": ({c.CLAIM: Decimal("-1")}, [(3, "标的额", "必须为正数金额，最多两位小数")]),
    "zero amount": ({c.CLAIM: "0"}, [(3, "标的额", "必须大于零")]),
    "amount as text with a currency sign": (
        {c.CLAIM: "¥100"},
        [(3, "标的额", "必须为正数金额，最多两位小数")],
    ),
    "NaN amount": ({c.CLAIM: "NaN"}, [(3, "标的额", "必须为正数金额，最多两位小数")]),
    "missing amount": ({c.CLAIM: None}, [(3, "标的额", "为必填项")]),
    "performed more than agreed": (
        {c.PERFORMED: Decimal("600000.00")},
        [(3, "已履行金额", "不得超过协议金额")],
    ),
    "unknown industry": ({c.INDUSTRY: "化工"}, [(3, "行业", f"未知的值“化工”；请使用：{INDUSTRIES}")]),
    "wrong check character": (
        {c.APPLICANT_USCC: uscc(1)[:17] + "X"},
        [(3, "申请人统一社会信用代码", "校验码不符")],
    ),
    "lower-case credit code": (
        {c.RESPONDENT_USCC: "91350100m000100y43"},
        [(3, "被申请人统一社会信用代码", "字母必须大写")],
    ),
    "short credit code": ({c.APPLICANT_USCC: "9135010"}, [(3, "申请人统一社会信用代码", "必须为18位")]),
    "same party twice": (
        {c.RESPONDENT_USCC: uscc(1)},
        [(3, "被申请人统一社会信用代码", "不得与申请人的相同")],
    ),
    "duplicate case number": (
        {c.NUMBER: "(2021)测商调字第0001号"},
        [(3, "案件编号", "与第 2 行的案件编号重复")],
    ),
    "date before 2000": (
        {c.FILED_ON: date(1999, 12, 31)},
        [(3, "受理日期", "必须在 2000-01-01 至今天之间")],
    ),
    "date in the future": ({c.CONCLUDED_ON: TOMORROW}, [(3, "结案日期", "必须在 2000-01-01 至今天之间")]),
    "date as other text": ({c.FILED_ON: "2021年3月1日"}, [(3, "受理日期", "必须为日期，格式为YYYY-MM-DD")]),
    "concluded before filed": ({c.CONCLUDED_ON: date(2021, 2, 1)}, [(3, "结案日期", "不得早于受理日期")]),
    "unknown mediator": (
        {c.MEDIATOR: "张三"},
        [(3, "调解员", "本中心没有此姓名的调解员；请先创建其账户")],
    ),
    "open case with an outcome": (
        {c.STATE: "调解中", c.PERFORMANCE: None, c.PERFORMED: None},
        [(3, "结案日期", "未结案件此项应为空"), (3, "协议金额", "仅调解成功的案件填写此项")],
    ),
    "ending given for a settled case": (
        {c.ENDING: "当事人未到场"},
        [(3, "终止原因", "仅撤回或转法院的案件填写此项")],
    ),
    "ending a referral cannot have": (
        {
            c.STATE: "已转法院",
            c.AGREED: None,
            c.PERFORMANCE: None,
            c.PERFORMED: None,
            c.ENDING: "申请人撤回申请",
        },
        [
            (
                3,
                "终止原因",
                "未知的值“申请人撤回申请”；请使用：被申请人不同意调解、双方未能达成协议、无法联系当事人、当事人未到场、其他（见理由）",
            )
        ],
    ),
    "performance that contradicts the amount": (
        {c.PERFORMANCE: "已履行完毕"},
        [(3, "履行情况", "与已履行金额不符")],
    ),
    "unknown state, several problems at once": (
        {c.STATE: "结了", c.SOURCE: "", c.APPLICANT: None},
        [
            (3, "来源", "未知的值“”；请使用：当事人直接申请、法院委派、法院委托"),
            (3, "申请人", "为必填项"),
            (
                3,
                "状态",
                "未知的值“结了”；请使用：已申请、已受理、调解中、调解成功、已转法院、不予受理、已撤回",
            ),
        ],
    ),
}


@pytest.mark.parametrize(("cells", "report"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_reported_exactly_and_nothing_is_imported(world, staff, cells, report):
    second = ledger_row(**{c.NUMBER: "(2021)测商调字第0002号", **cells})
    with pytest.raises(LedgerRefused) as refusal:
        import_ledger(staff, ledger_file([ledger_row(), second]))
    assert refusal.value.message == "1 行有错误；未导入任何内容。"
    assert _report(refusal.value.result.problems) == report
    assert (_count(Case), _count(CaseEvent), _count(Payment)) == (0, 0, 0)
    assert totals(world.centre_id).received == 0


def test_with_valid_rows_only_the_valid_rows_are_imported_and_the_others_reported(world, staff):
    bad = ledger_row(**{c.NUMBER: "(2021)测商调字第0002号", c.CLAIM: "-5"})
    result = import_ledger(staff, ledger_file([ledger_row(), bad]), valid_only=True)
    assert (result.imported, result.invalid_rows) == (1, 1)
    assert _report(result.problems) == [(3, "标的额", "必须为正数金额，最多两位小数")]
    assert db.session.scalars(select(Case.number)).all() == ["(2021)测商调字第0001号"]


BAD_FILES = {
    "missing column": (
        [h for h in c.COLUMNS if h != c.INDUSTRY],
        "；缺少列：行业",
    ),
    "extra column": ([*c.COLUMNS, "备注"], "；多余的列：备注"),
    "repeated column": ([*c.COLUMNS, c.CLAIM], "；重复的列：标的额"),
}


@pytest.mark.parametrize(("headings", "problem"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_ledger_with_missing_or_extra_columns_is_refused(world, staff, headings, problem):
    with pytest.raises(LedgerRefused) as refusal:
        import_ledger(staff, ledger_file([ledger_row()], headings=headings))
    assert refusal.value.message == f"第一行须为台账的列名：{'、'.join(c.COLUMNS)}。 {problem[1:]}"
    assert _count(Case) == 0


def test_a_referral_imports_with_its_ending_and_a_ledger_without_the_column_still_imports(world, staff):
    referred = {c.STATE: "已转法院", c.AGREED: None, c.PERFORMANCE: None, c.PERFORMED: None}
    import_ledger(staff, ledger_file([ledger_row(**referred, **{c.ENDING: "无法联系当事人"})]))
    older = [h for h in c.COLUMNS if h != c.ENDING]  # a ledger kept before the column existed
    import_ledger(staff, ledger_file([ledger_row(**referred, **{c.NUMBER: "(2021)测商调字第0002号"})], older))
    codes = db.session.execute(select(Case.number, Case.outcome_code).order_by(Case.number)).all()
    assert codes == [("(2021)测商调字第0001号", "party_unreachable"), ("(2021)测商调字第0002号", None)]
    endings = {key for (_c, _s, _m, dimension, key) in kept_figures(world.centre_id) if dimension == "ending"}
    assert endings == {"party_unreachable", "referred_to_court"}  # an old referral counts by its state
    assert figures_differences(world.centre_id) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "这是旧版 .xls 工作簿；请另存为 .xlsx（Excel 2007 或更高版本）。",
        ),
        ("案件编号,受理日期\n".encode(), "此文件不是 Excel 工作簿（.xlsx）。"),
        (b"PK\x03\x04garbage", "无法将此文件作为 Excel 工作簿（.xlsx）读取。"),
    ],
    ids=["xls", "csv", "broken zip"],
)
def test_a_file_that_is_not_an_excel_workbook_is_refused(world, staff, content, message):
    import io

    with pytest.raises(LedgerRefused) as refusal:
        import_ledger(staff, io.BytesIO(content))
    assert refusal.value.message == message


def test_only_staff_import(world, ctx):
    with pytest.raises(Forbidden):
        import_ledger(world.mediator.user(), ledger_file([ledger_row()]))
