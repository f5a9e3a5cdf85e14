"""One vocabulary for the figures: 调解成功 (settled: the agreement took effect) and
结案 (concluded: every ending after acceptance) are counted by one rule
(``reporting.figures.is_concluded``) and read the same on every page, export and API."""

import io
import re
from dataclasses import dataclass, field

import openpyxl
import pytest

from mediation_app.reporting.report import report_context
from mediation_app.types import utcnow
from workflows.deadlines import local_date

SETTLED, CONCLUDED = 2, 4  # of ``history``


@pytest.fixture
def history(world):
    for state in ("settled", "settled", "referred_to_court", "withdrawn", "rejected", "mediated"):
        world.case(state)  # the withdrawn one before acceptance: never the centre's to conclude
    world.fire(world.case("assigned"), "withdraw")  # after acceptance: concluded, not settled
    world.agreed()  # its agreement awaits signatures: not settled yet
    return world


def tile(html: str, figure: str) -> int:
    """The number a page's headline tile shows for ``figure``."""
    return int(re.search(rf'data-figure="{figure}"><span class="figure">(\d+)<', html)[1])


def tiles(response) -> tuple[int, int]:
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return tile(html, "settled"), tile(html, "concluded")


def workbook(response):
    """The first sheet of a downloaded workbook (the response closed)."""
    assert response.status_code == 200
    content = response.get_data()
    response.close()
    return openpyxl.load_workbook(io.BytesIO(content)).active


def workbook_rows(response) -> list[tuple]:
    """The first sheet's values, heading row first."""
    return list(workbook(response).iter_rows(values_only=True))


def export_total(response) -> tuple[int, int]:
    """Settled and concluded in the Total row of the federation's workbook."""
    rows = workbook_rows(response)
    columns, total = rows[0], rows[-1]
    return total[columns.index("调解成功")], total[columns.index("结案")]


def _pair(body: dict) -> tuple[int, int]:
    return body["settled_count"], body["concluded_count"]


@dataclass
class Reader:
    """Reads the two figures off one surface, as the world's staff or federation user."""

    world: object
    api: object
    browser: object
    app: object
    year: str = field(default_factory=lambda: f"{local_date(utcnow()):%Y}")

    def report(self) -> tuple[int, int]:
        with self.app.app_context():
            month = local_date(utcnow()).replace(day=1)
            this_month = report_context(self.world.centre_id, month)["headline"][0]
        return int(this_month["settled"]), int(this_month["concluded"])


SURFACES = {
    "totals API": lambda r: _pair(r.api(r.world.staff).get("/totals").get_json()),
    "statistics API": lambda r: _pair(
        r.api(r.world.staff).get(f"/statistics?year={r.year}").get_json()["headline"]
    ),
    "statistics page": lambda r: tiles(r.browser(r.world.staff).get(f"/dashboard?year={r.year}")),
    "ledger page": lambda r: tiles(r.browser(r.world.staff).get("/ledger")),
    "monthly report": Reader.report,
    "federation page": lambda r: tiles(r.browser(r.world.federation).get(f"/federation?year={r.year}")),
    "federation API": lambda r: _pair(
        r.api(r.world.federation).get("/federation/totals").get_json()["totals"]
    ),
    "federation export": lambda r: export_total(
        r.browser(r.world.federation).get(f"/federation/roll-up.xlsx?year={r.year}")
    ),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_every_surface_counts_settled_and_concluded_the_same(history, api, browser, app, surface):
    assert SURFACES[surface](Reader(history, api, browser, app)) == (SETTLED, CONCLUDED)


def test_the_totals_keep_api_md_s_concluded_as_the_settled_count_and_rate_settled_among_concluded(
    history, api
):
    body = api(history.staff).get("/totals").get_json()
    assert body["concluded"] == body["settled_count"] == SETTLED
    assert body["success_rate"] == "50.0"  # 2 of 4


@pytest.mark.parametrize(
    ("state", "accepted_first", "concluded"),
    [
        ("settled", True, 1),
        ("referred_to_court", True, 1),
        ("withdrawn", True, 1),
        ("withdrawn", False, 0),
        ("rejected", False, 0),
        ("mediated", True, 0),
    ],
)
def test_concluded_is_every_ending_after_acceptance(world, api, state, accepted_first, concluded):
    if state == "withdrawn" and accepted_first:
        world.fire(world.case("assigned"), "withdraw")
    else:
        world.case(state)
    body = api(world.staff).get("/totals").get_json()
    assert (body["concluded_count"], body["settled_count"]) == (concluded, int(state == "settled"))
