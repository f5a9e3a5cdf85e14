"""The statistics as chart data and tables for the pages and the PDF (the API presents
``reporting.schemas``)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from mediation_app.reporting.charts import Series, bar_chart, line_chart
from mediation_app.reporting.figures import OUTCOME_DIMENSIONS, Dimension, Figures
from mediation_app.reporting.queries import Statistics

DIMENSION_HEADINGS = {
    Dimension.SOURCE: _l("Source"),
    Dimension.INDUSTRY: _l("Industry"),
    Dimension.CHAMBER: _l("Chamber"),
    Dimension.MEDIATOR: _l("Mediator"),
    Dimension.COURT: _l("Court"),
    Dimension.ENDING: _l("Ending"),
}

BREAKDOWN_TITLES = {
    Dimension.SOURCE: _l("Cases received by source"),
    Dimension.INDUSTRY: _l("Cases received by industry"),
    Dimension.CHAMBER: _l("Cases received by the applicant's chamber"),
    Dimension.MEDIATOR: _l("Cases concluded by mediator"),
    Dimension.COURT: _l("Cases received by court"),
    Dimension.ENDING: _l("How cases ended"),
}


@dataclass(frozen=True)
class Panel:
    """A chart and the numbers behind it (rows of label and figures)."""

    chart: Markup
    heading: str
    rows: list[tuple[str, Figures]]
    intake: bool = True  # whether the rows have intake figures (not the mediators')


def _axis_label(month, first: bool) -> str:
    """The month's number, with the year under it on the first month and every January."""
    return f"{month:%m}\n{month:%Y}" if first or month.month == 1 else f"{month:%m}"


def panels(stats: Statistics) -> list[Panel]:
    """Every chart of the statistics with its table: trends first, then breakdowns."""
    return trend_panels(stats) + breakdown_panels(stats)


def trend_panels(stats: Statistics) -> list[Panel]:
    """The counts and the amounts by month, each a line chart with its table."""
    months = [(f"{month:%Y-%m}", figures) for month, figures in stats.trend]
    labels = [_axis_label(month, i == 0) for i, (month, _figures) in enumerate(stats.trend)]
    trend = [figures for _label, figures in months]
    return [
        Panel(
            line_chart(
                _("Cases by month"),
                labels,
                [
                    Series(_("Received"), [f.received for f in trend]),
                    Series(_("Concluded"), [f.concluded for f in trend]),
                    Series(_("Settled"), [f.settled for f in trend]),
                ],
            ),
            _("Month"),
            months,
        ),
        Panel(
            line_chart(
                _("Amounts by month (yuan)"),
                labels,
                [
                    Series(_("Resolved claim amount"), [f.resolved_claim_amount for f in trend]),
                    Series(_("Agreed amount"), [f.agreed_amount for f in trend]),
                    Series(_("Performed amount"), [f.performed_amount for f in trend]),
                ],
            ),
            _("Month"),
            months,
        ),
    ]


def _charted(dimension: Dimension, figures: Figures) -> int:
    """The bar of a breakdown member: cases received, a mediator's concluded, an ending's."""
    if dimension is Dimension.ENDING:
        return figures.ended
    return figures.concluded if dimension is Dimension.MEDIATOR else figures.received


def breakdown_panels(stats: Statistics) -> list[Panel]:
    """A bar chart and table per breakdown (a court's only where there are court cases)."""
    result = []
    for dimension, members in stats.breakdowns.items():
        intake = dimension not in OUTCOME_DIMENSIONS
        if dimension is Dimension.COURT and not members:
            continue  # a court's own slice, or a centre without court cases
        chart = bar_chart(
            str(BREAKDOWN_TITLES[dimension]),
            [(m.label, _charted(dimension, m.figures)) for m in members],
        )
        result.append(
            Panel(chart, str(DIMENSION_HEADINGS[dimension]), [(m.label, m.figures) for m in members], intake)
        )
    return result
