"""Every role's main pages in Chromium, on a phone (390 × 844) and a desktop (1280 × 900):
nothing wider than the screen on the phone, and no serious or critical accessibility
violation found by axe-core on either. The figures are printed per page.

Set ``SCREENSHOTS=/some/folder`` to keep a full-page screenshot of each page at each width.
"""

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import url_for
from sqlalchemy import select

from mediation_app.extensions import db
from mediation_app.groups.models import CaseGroup
from mediation_app.groups.operations import file_group
from mediation_app.mediators.operations import record_training, update_register_entry
from mediation_app.menu import menu_for
from mediation_app.notifications.operations import notify
from mediation_app.sessions.operations import schedule_session
from mediation_app.types import utcnow
from tests.conftest import Api
from tests.factories import registration
from tests.groups.support import group_filing

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING = ("serious", "critical")  # axe's impacts that fail the test
SHOTS = os.environ.get("SCREENSHOTS")
AXE = Axe()

# Beyond its menu, each role works in its inbox and account, and those on a case in its page.
CASE_ROLES = {"applicant", "mediator", "liaison", "staff"}
GROUP_ROLES = {"applicant", "staff"}  # the parties of the group's members, and staff
PUBLIC_PAGES = ["/login", "/register", "/privacy", "/verify", "/centres/test/mediators"]


@dataclass
class Visited:
    role: str
    path: str
    width: int
    scroll_width: int
    violations: list[dict]  # axe's, each with its id, impact and nodes

    @property
    def too_wide(self) -> bool:
        return self.scroll_width > self.width

    @property
    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in BLOCKING]

    def line(self) -> str:
        found = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in self.violations)
        return (
            f"{self.role:<10} {self.width:>4}px {self.path:<22} scroll width {self.scroll_width:>4}"
            f"  serious+critical {sum(len(v['nodes']) for v in self.blocking):>2}  {found or '-'}"
        )

    def problems(self) -> list[str]:
        wide = [f"{self.path} is {self.scroll_width} px wide at {self.width} px"] if self.too_wide else []
        return wide + [
            f"{self.path} at {self.width} px: {v['id']} at {'; '.join(_where(n) for n in v['nodes'][:5])}"
            for v in self.blocking
        ]


def _where(node: dict) -> str:
    """The element, and for a contrast failure the colours axe measured."""
    data = next((check["data"] for check in node["any"] if isinstance(check.get("data"), dict)), {})
    where = " ".join(map(str, node["target"]))
    if "fgColor" not in data:
        return where
    return f"{where} ({data['fgColor']} on {data['bgColor']}: {data['contrastRatio']})"


@pytest.fixture
def case_id(app, world):
    """A court-delegated case in mediation, with evidence, a session ahead, a notice in
    everyone's inbox and a registration to verify: each list the pages show has a row."""
    assert Api(app.test_client()).post("/registrations", json=registration()).status_code == 201
    case_id = world.case("mediated", source="court_delegated", court_case_number="(2024)苏0621民诉前调7号")
    world.evidence(case_id)
    start = (utcnow() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    when = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()}
    with app.app_context():
        schedule_session(world.mediator.user(), case_id, {**when, "place": "第一调解室"})
        case = world.load(case_id)
        reminder = {"case_number": case.number, "deadline": case.deadline, "days_left": 3}
        for person in world.everyone().values():
            notify(person.id, person.email, "deadline_reminder", reminder, case_id=case_id)
        db.session.commit()
    _listed_mediator(app, world)
    with app.app_context():  # a group of serial cases, for its page
        file_group(world.staff.user(), group_filing(world, 3))
    return case_id


def _listed_mediator(app, world) -> None:
    """The test mediator in the register, in office, with a training: the register's
    pages have a row to show."""
    with app.app_context():
        staff = world.staff.user()
        entry = {"dispute_types": ["sale_contract", "loan"], "languages": "普通话、南通话"}
        update_register_entry(staff, world.mediator.id, entry | {"term_starts_on": "2026-01-01"})
        record_training(
            staff, world.mediator.id, {"course": "商事调解实务", "held_on": "2026-03-01", "hours": "6"}
        )


def _pages_of(app, world, role: str, case_id: int) -> list[str]:
    with app.test_request_context(), app.app_context():
        pages = [url_for(entry.endpoint) for entry in menu_for(getattr(world, role).user())]
        if role in CASE_ROLES:
            pages.append(url_for("cases.show_case", case_id=case_id))
        if role in GROUP_ROLES:
            pages.append(url_for("groups.show_group", group_id=db.session.scalar(select(CaseGroup.id))))
        if role == "staff":
            pages.append(url_for("mediators.entry", mediator_id=world.mediator.id))
    return list(dict.fromkeys([*pages, "/notifications", "/account/tokens", "/account/password"]))


def _visit(page, url: str, role: str, path: str, viewport: dict) -> Visited:
    page.set_viewport_size(viewport)
    page.goto(url)
    visited = Visited(
        role,
        path,
        viewport["width"],
        page.evaluate("document.documentElement.scrollWidth"),
        AXE.run(page).response["violations"],
    )
    assert page.evaluate("window.innerWidth") == viewport["width"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        name = f"{role}{path.replace('/', '_')}_{viewport['width']}.png"
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)
    return visited


def _check_all(page, server: str, role: str, paths: list[str], capsys) -> None:
    visited = [_visit(page, server + path, role, path, size) for size in (PHONE, DESKTOP) for path in paths]
    with capsys.disabled():  # the figures, for the record, whatever the outcome
        print("\n" + "\n".join(v.line() for v in visited))
    problems = [problem for v in visited for problem in v.problems()]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["applicant", "mediator", "liaison", "staff", "admin", "federation"])
def test_each_roles_pages_fit_a_phone_and_pass_axe(app, world, server, case_id, visit, role, capsys):
    Api(app.test_client()).login(getattr(world, role))  # a token for the account page to list
    _check_all(visit(getattr(world, role)), server, role, _pages_of(app, world, role, case_id), capsys)


def test_the_public_pages_fit_a_phone_and_pass_axe(app, world, chromium, server, capsys):
    _listed_mediator(app, world)
    context = chromium.new_context(locale="zh-CN", viewport=PHONE)
    try:
        _check_all(context.new_page(), server, "public", PUBLIC_PAGES, capsys)
    finally:
        context.close()


def test_the_menu_folds_on_a_phone_and_opens_without_a_script(world, visit):
    page = visit(world.staff, viewport=PHONE, java_script_enabled=False)
    menu = page.locator("details.phone-menu")
    assert menu.is_visible() and not page.locator(".wide-menu").is_visible()
    assert not menu.locator("nav a").first.is_visible()
    menu.locator("summary").click()
    assert menu.locator("nav a").first.is_visible()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "staff_menu_open.png"))
    page.set_viewport_size(DESKTOP)
    assert page.locator(".wide-menu nav a").first.is_visible() and not menu.is_visible()


def test_keyboard_focus_is_visible(world, visit):
    page = visit(world.applicant)
    page.keyboard.press("Tab")  # the first stop: the skip link, shown once focused
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement") and skip.is_visible()
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid", page.evaluate("document.activeElement.outerHTML")
