"""The federation's page over a period (a month, a quarter, a year or a range of
months), its charts and its Excel export: figures read from the monthly figures of
the period, the export cell for cell the page's table."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from mediation_app.extensions import db
from tests.reporting.test_monthly_figures import import_case
from tests.reporting.test_vocabulary import tiles, workbook, workbook_rows
from workflows.case_states import CaseState

YEAR = 2025

# A history the centre imported: filed and concluded (China calendar) in these months.
HISTORY = [
    (CaseState.SETTLED, (1, 5), (1, 20)),
    (CaseState.REFERRED_TO_COURT, (1, 10), (2, 15)),
    (CaseState.WITHDRAWN, (4, 2), (4, 12)),  # with a mediator: withdrawn after acceptance
    (CaseState.REJECTED, (5, 3), (5, 4)),  # never accepted: not concluded
]


@pytest.fixture
def history(world, app):
    with app.app_context():
        for serial, (state, filed, concluded) in enumerate(HISTORY):
            at = [datetime(YEAR, month, day, 2, tzinfo=UTC) for month, day in (filed, concluded)]
            import_case(world, state, *at, serial)
        db.session.remove()
    return world


@pytest.mark.parametrize(
    ("query", "settled", "concluded", "received"),
    [
        (f"month={YEAR}-01", 1, 1, 2),
        (f"month={YEAR}-02", 0, 1, 0),
        (f"quarter={YEAR}-Q1", 1, 2, 2),
        (f"quarter={YEAR}-q2", 0, 1, 2),
        (f"year={YEAR}", 1, 3, 4),
        (f"from={YEAR}-02&to={YEAR}-04", 0, 2, 1),
        (f"year={YEAR - 1}", 0, 0, 0),
    ],
)
def test_the_period_chooses_the_months_the_figures_are_read_from(
    history, browser, query, settled, concluded, received
):
    page = browser(history.federation).get(f"/federation?{query}")
    assert tiles(page) == (settled, concluded)
    html = page.get_data(as_text=True)
    assert int(re.search(r'data-figure="received"><span class="figure">(\d+)<', html)[1]) == received
    rows = workbook_rows(browser(history.federation).get(f"/federation/roll-up.xlsx?{query}"))
    columns, total = rows[0], rows[-1]
    assert (total[columns.index("调解成功")], total[columns.index("结案")]) == (settled, concluded)


def _page_table(html: str) -> list[list[str]]:
    """The cells of the page's table of member centres, row by row (header cell first)."""
    table = re.search(r'<table class="cases figures">(.*?)</table>', html, re.S)[1]
    body = table.split("</thead>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _as_page_shows(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(str(value)):,.2f}"  # money, and rates and days, to compare by number


def test_the_export_is_the_pages_table_with_numbers_as_numbers_and_money_to_the_cent(history, browser):
    federation = browser(history.federation)
    html = federation.get(f"/federation?year={YEAR}").get_data(as_text=True)
    response = federation.get(f"/federation/roll-up.xlsx?year={YEAR}")
    assert f"{YEAR}-01_{YEAR}-12.xlsx" in response.headers["Content-Disposition"]
    sheet = workbook(response)
    heading, *rows = sheet.iter_rows(values_only=True)
    money_formats = {cell.number_format for row in sheet.iter_rows(min_row=2, min_col=8) for cell in row}
    assert money_formats == {"#,##0.00"}
    assert heading[1:5] == ("收案", "受理", "结案", "调解成功")
    page = _page_table(html)
    assert [row[0] for row in rows] == [row[0] for row in page] == ["测试调解中心", "合计"]
    for exported, shown in zip(rows, page, strict=True):
        assert all(isinstance(v, int | float) or v is None for v in exported[1:])
        counts = [str(v) for v in exported[1:5]]
        assert counts == shown[1:5]
        # money: the same figure, exactly two decimals in the file
        money = [_as_page_shows(v) for v in exported[7:]]
        assert money == shown[7:]


def test_a_refused_period_shows_the_last_twelve_months_and_says_why(history, browser):
    federation = browser(history.federation)
    refused = federation.get(f"/federation?month={YEAR}-13")
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert federation.get(f"/federation?month={YEAR}-01&year={YEAR}").status_code == 422
    assert federation.get(f"/federation/roll-up.xlsx?quarter={YEAR}-Q5").status_code == 400


def test_the_page_charts_the_trend_and_the_centres_with_their_numbers(history, browser):
    html = browser(history.federation).get(f"/federation?year={YEAR}").get_data(as_text=True)
    assert html.count('role="img"') == 3  # counts and amounts by month, concluded by centre
    assert html.count("<details>") == 3  # each with the table of its numbers
