"""The main journey, clicked through in Chromium: filing to a downloadable agreement."""

from datetime import timedelta

from mediation_app.types import utcnow
from workflows.deadlines import local_date


def _next_step(page, title):
    """The case page's one main step, which must be ``title``: its form."""
    step = page.locator(".next-step")
    assert title in step.locator("h2").inner_text()
    return step.locator("form")


def test_from_filing_to_a_downloaded_agreement(world, server, visit):
    enterprise = visit(world.applicant)
    enterprise.click("text=提交案件")
    enterprise.fill("#respondent_name", "海安华达锦纶有限公司")
    enterprise.fill("#respondent_uscc", world.respondent_uscc)
    enterprise.fill("#claim_amount", "1e5")
    enterprise.fill("#summary", "申请人供货后，被申请人拖欠货款。")
    enterprise.click("button.primary")
    assert (
        enterprise.locator(".field.has-error #claim_amount").count() == 1
    )  # refused, shown beside the field
    enterprise.fill("#claim_amount", "580000.00")
    enterprise.click("button.primary")
    case_url = enterprise.url
    assert "已申请" in enterprise.inner_text(".badge")

    staff = visit(world.staff)
    staff.goto(case_url)
    assign = _next_step(staff, "受理并指派调解员")
    assign.locator(f"input[name=mediator_id][value='{world.mediator.id}']").check()
    assign.locator("button").click()
    assert "已受理" in staff.inner_text(".badge")

    mediator = visit(world.mediator)
    mediator.goto(case_url)
    start = _next_step(mediator, "开始调解")
    start.locator("input[type=checkbox]").check()
    start.locator("button").click()
    settle = _next_step(mediator, "登记调解协议")
    settle.locator("input[name=agreed_amount]").fill("500000")
    settle.locator("textarea[name=terms]").fill("被申请人于月底前付清货款。\n申请人放弃利息。")
    settle.locator("input[name=performance_deadline]").fill(
        (local_date(utcnow()) + timedelta(days=30)).isoformat()
    )
    settle.locator("button").click()
    # recorded for signature: the case counts as settled only when everyone has signed
    assert "调解中" in mediator.inner_text(".badge")
    assert "签署" in mediator.inner_text("#documents")

    enterprise.goto(case_url)
    with enterprise.expect_download() as download:
        enterprise.click("text=调解协议书")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith("调解协议书")
