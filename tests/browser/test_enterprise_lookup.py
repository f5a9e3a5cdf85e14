"""Filing a case, the respondent is picked by name from the enterprises registered at
the centre, with the keyboard alone (enterprise-lookup.js); the list that opens is
itself checked by axe-core and fits a phone."""

from pathlib import Path

import pytest

from tests.browser.test_phone_and_axe import AXE, BLOCKING, DESKTOP, PHONE, SHOTS

RESPONDENT = "海安华达锦纶有限公司"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_filer_picks_the_respondent_by_name_with_the_keyboard(world, server, visit, viewport):
    page = visit(world.applicant, viewport=viewport)
    page.goto(f"{server}/cases/new")
    name = page.locator("#respondent_name")
    name.focus()
    page.keyboard.type("华达")
    option = page.get_by_role("option", name=f"{RESPONDENT} · {world.respondent_uscc}")
    option.wait_for()  # the answer of the lookup, shown under the field
    assert name.get_attribute("aria-expanded") == "true"
    violations = AXE.run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in BLOCKING] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if SHOTS:  # the open list, for a person to look at
        page.screenshot(path=str(Path(SHOTS) / f"applicant_lookup_{viewport['width']}.png"), full_page=True)

    page.keyboard.press("ArrowDown")
    assert name.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")  # picks; does not send the form
    assert page.input_value("#respondent_name") == RESPONDENT
    assert page.input_value("#respondent_uscc") == world.respondent_uscc
    assert name.get_attribute("aria-expanded") == "false" and not option.is_visible()

    for _field in range(4):  # past the credit code, filled already, and the respondent's contact
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "claim_amount"
    page.keyboard.type("580000.00")
    page.fill("#summary", "申请人供货后，被申请人拖欠货款。")
    page.locator("button.primary").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/cases/new" not in url)
    assert RESPONDENT in page.inner_text("main")


def test_escape_closes_the_list_and_the_code_is_typed_by_hand(world, server, visit):
    page = visit(world.staff)
    page.goto(f"{server}/cases/new")
    page.locator("#respondent_name").focus()
    page.keyboard.type("无关企业")
    page.get_by_role("option").first.wait_for()
    page.keyboard.press("Escape")
    assert page.get_by_role("listbox", include_hidden=True).first.is_hidden()
    assert page.input_value("#respondent_uscc") == ""  # nothing picked, nothing filled
