"""Filing a case and recording a settlement with the keyboard alone: every control is
reached with Tab, filled by typing, chosen with the arrow keys or Space, and sent with
Enter; each stop on the way shows where the focus is."""

from datetime import timedelta

import pytest

from mediation_app.types import utcnow
from workflows.deadlines import local_date

MAX_TABS = 120  # a page whose control is further than this is not usable from a keyboard


def _focus_shown(page) -> bool:
    """Whether the focused element draws a focus indicator (an outline or a ring)."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const ring = style.outlineStyle !== "none" && style.outlineWidth !== "0px";
            return ring || style.boxShadow !== "none";
        }"""
    )


def _tab_to(page, selector: str) -> None:
    """Tab until ``selector`` has the focus, checking each stop shows it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue  # past the last control: the focus is in the browser's own bar, then wraps
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert _focus_shown(page), f"no visible focus on {focused}"
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return
    pytest.fail(f"{selector} is not reached with Tab")


def _type_into(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def test_an_enterprise_files_a_case_with_the_keyboard_alone(world, visit):
    page = visit(world.applicant)
    _tab_to(page, "a[href$='/cases/new']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _type_into(page, "#respondent_name", "海安华达锦纶有限公司")
    page.keyboard.press("Escape")  # closes the list of registered enterprises, if it opened
    _type_into(page, "#respondent_uscc", world.respondent_uscc)
    _type_into(page, "#claim_amount", "580,000.00")  # thousands separators are fine in a form
    _type_into(page, "#summary", "申请人供货后，被申请人拖欠货款。")
    _tab_to(page, "#dispute_type")
    page.keyboard.press("ArrowDown")  # the select's next kind of dispute
    _tab_to(page, "button[type=submit].primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/cases/new" not in page.url, page.inner_text("main")
    assert "已申请" in page.inner_text(".badge")
    assert "580,000.00" in page.inner_text("main")


def test_a_mediator_records_a_settlement_with_the_keyboard_alone(world, server, visit):
    case_id = world.case("mediated")
    page = visit(world.mediator)
    page.goto(f"{server}/cases/{case_id}")
    step = page.locator(".next-step")
    assert "登记调解协议" in step.locator("h2").inner_text()
    _type_into(page, ".next-step input[name=agreed_amount]", "500000")
    deadline = local_date(utcnow()) + timedelta(days=30)
    _tab_to(page, ".next-step input[name=performance_deadline]")
    for part in (f"{deadline:%Y}", f"{deadline:%m}", f"{deadline:%d}"):  # year, month, day (zh-CN)
        page.keyboard.type(part)
        page.keyboard.press("ArrowRight")  # the field's next part
    _type_into(page, ".next-step textarea[name=terms]", "申请人放弃利息。")
    _tab_to(page, ".next-step button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "调解中" in page.inner_text(".badge")  # recorded; it takes effect with the signatures
    documents = page.locator("#documents")
    assert "签署" in documents.inner_text(), page.inner_text("main")
