"""Small server-rendered SVG charts: horizontal bars for breakdowns, lines for trends.

Pure functions from data to SVG markup (no JavaScript), used by the dashboard and
the monthly report PDF alike. Every label is escaped, so a chamber named
``<script>`` stays text. Values are ints or Decimals (money stays exact; only the
geometry is rounded). The numbers behind each chart are shown as a table by the
page (for screen readers), the SVG carries a title and role="img".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import count

from markupsafe import Markup

FONT = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
COLOURS = ("#2f6690", "#d1495b", "#3a7d44", "#edae49", "#6c4f8c")
_ids = count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence  # ints or Decimals, one per category


def _nice_step(top: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2 or 5 × 10^k) giving about ``ticks`` gridlines up to ``top``."""
    if top <= 0:
        return Decimal(1)
    raw = top / ticks
    magnitude = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return max(magnitude * factor, Decimal(1))
    return magnitude * 10


def _scale(value, top: Decimal, length: int) -> str:
    """``value`` of ``top`` as a length in user units, one decimal."""
    if top <= 0:
        return "0"
    return str((Decimal(value) * length / top).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _number(value) -> str:
    """Grouped digits; money keeps its two decimals."""
    return f"{value:,}"


def _svg(width: int, height: int, title: str, body: list[Markup]) -> Markup:
    title_id = f"chart-title-{next(_ids)}"
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}" font-family="{font}" font-size="12">'
        '<title id="{id}">{title}</title>'
        '<text x="0" y="16" font-size="14" font-weight="bold">{title}</text>'
    ).format(w=width, h=height, id=title_id, font=FONT, title=title)
    return head + Markup("").join(body) + Markup("</svg>")


def bar_chart(title: str, items: Sequence[tuple[str, object]], *, width: int = 560) -> Markup:
    """One horizontal bar per (label, value), values written at the bars' ends."""
    label_width, bar_height, gap, top_margin = 150, 18, 8, 30
    plot = width - label_width - 90
    height = top_margin + max(len(items), 1) * (bar_height + gap) + 10
    top = max((Decimal(v) for _, v in items), default=Decimal(0))
    body = []
    if not items:
        body.append(Markup('<text x="0" y="{}" fill="#555">—</text>').format(top_margin + 14))
    for index, (label, value) in enumerate(items):
        y = top_margin + index * (bar_height + gap)
        length = _scale(value, top, plot)
        short = label if len(label) <= 12 else label[:11] + "…"
        body.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end">{short}<title>{label}</title></text>'
                '<rect x="{x}" y="{y}" width="{length}" height="{bar}" fill="{colour}"/>'
                '<text x="{vx}" y="{ty}">{value}</text>'
            ).format(
                lx=label_width - 6,
                ty=y + 13,
                short=short,
                label=label,
                x=label_width,
                y=y,
                length=length,
                bar=bar_height,
                colour=COLOURS[0],
                vx=label_width + Decimal(length) + 4,
                value=_number(value),
            )
        )
    return _svg(width, height, title, body)


def line_chart(
    title: str, categories: Sequence[str], series: Sequence[Series], *, width: int = 560, height: int = 240
) -> Markup:
    """One line per series over the categories (months), with a y axis of round
    gridlines, the categories under the x axis and a legend."""
    highest = max((Decimal(v) for s in series for v in s.values), default=Decimal(0))
    step = _nice_step(highest)
    top = step * max(1, -(-highest // step))
    left = 12 + 7 * len(_number(top))  # room for the longest tick label
    right, top_margin, bottom = 12, 48, 40
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    body = []
    tick = Decimal(0)
    while tick <= top:
        y = Decimal(top_margin + plot_h) - Decimal(_scale(tick, top, plot_h))
        body.append(
            Markup(
                '<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#ddd"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" fill="#555">{tick}</text>'
            ).format(left=left, right=width - right, y=y, tx=left - 6, ty=y + 4, tick=_number(tick))
        )
        tick += step
    slots = max(len(categories), 1)
    x_of = [
        left + (Decimal(plot_w) * (2 * i + 1) / (2 * slots)).quantize(Decimal("0.1")) for i in range(slots)
    ]
    every = max(1, -(-len(categories) // 12))  # at most 12 labels under the axis
    for i, category in enumerate(categories):
        if i % every == 0:
            # A second line (after "\n") goes under the first: the year under a month.
            first, _newline, second = category.partition("\n")
            body.append(
                Markup(
                    '<text x="{x}" y="{y}" text-anchor="middle" fill="#555">{first}'
                    '<tspan x="{x}" dy="14">{second}</tspan></text>'
                ).format(x=x_of[i], y=height - bottom + 16, first=first, second=second)
            )
    for index, line in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        points = [
            (x_of[i], Decimal(top_margin + plot_h) - Decimal(_scale(v, top, plot_h)))
            for i, v in enumerate(line.values)
        ]
        body.append(
            Markup('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>').format(
                colour, " ".join(f"{x},{y}" for x, y in points)
            )
        )
        body += [
            Markup('<circle cx="{}" cy="{}" r="2.5" fill="{}"/>').format(x, y, colour) for x, y in points
        ]
        legend_x = left + index * 150
        body.append(
            Markup(
                '<rect x="{x}" y="26" width="12" height="4" fill="{colour}"/>'
                '<text x="{tx}" y="32">{name}</text>'
            ).format(x=legend_x, colour=colour, tx=legend_x + 16, name=line.name)
        )
    axis = top_margin + plot_h
    body.append(
        Markup('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333"/>').format(
            left, width - right, axis, axis
        )
    )
    return _svg(width, height, title, body)
