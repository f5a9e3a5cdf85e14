"""The case page on a phone, in Chromium: its one next step in the first screenful, and,
folded or with every part opened, nothing wider than the screen and no serious or
critical axe violation. ``SCREENSHOTS=/some/folder`` keeps what was seen."""

from pathlib import Path

import pytest

from tests.browser.test_phone_and_axe import AXE, BLOCKING, DESKTOP, PHONE, SHOTS

OPEN_EVERY_PART = "document.querySelectorAll('main details').forEach(part => part.open = true)"


@pytest.mark.parametrize(("who", "state"), [("staff", "filed"), ("mediator", "mediated")])
def test_the_case_page_leads_with_its_next_step_and_fits_a_phone(world, server, visit, who, state):
    case_id = world.case(state)
    page = visit(getattr(world, who), viewport=PHONE)
    page.goto(f"{server}/cases/{case_id}")
    box = page.locator(".next-step")
    assert box.count() == 1 and box.bounding_box()["y"] < PHONE["height"]
    for folded in (True, False):
        if not folded:
            page.evaluate(OPEN_EVERY_PART)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        blocking = [v for v in AXE.run(page).response["violations"] if v["impact"] in BLOCKING]
        assert not blocking, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in blocking]
    if SHOTS:
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(f"{server}/cases/{case_id}")
            shot = Path(SHOTS) / f"case_{who}_{state}_{size['width']}.png"
            page.screenshot(path=str(shot), full_page=True)


def test_an_unconfirmed_ending_comes_back_with_the_summary_focused_and_the_box_to_tick(world, server, visit):
    """Without a script: the refused form is shown open, its error summary has the focus,
    and its link leads to the confirmation box."""
    case_id = world.case("filed")
    page = visit(world.staff, viewport=PHONE, java_script_enabled=False)
    page.goto(f"{server}/cases/{case_id}")
    page.locator("details.danger-zone > summary").click()
    page.fill("#reject-reason", "不属于受理范围")
    page.locator("form[action$='/transitions/reject'] button").click()
    summary = page.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    summary.locator("a[href='#reject-confirm']").click()
    assert page.locator("#reject-confirm").is_visible() and not page.locator("#reject-confirm").is_checked()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "case_staff_unconfirmed_390.png"), full_page=True)
