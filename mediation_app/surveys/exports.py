"""The mediators' evaluation as the federation receives it: a workbook and a PDF, in
Chinese whatever the reader's language (it is filed with the federation)."""

from decimal import Decimal

from mediation_app.surveys.evaluation import MediatorEvaluation
from mediation_app.surveys.period import EvaluationPeriod
from mediation_app.types import utcnow
from workflows.deadlines import local_date

KIND = "mediator_evaluation"
HEADINGS = (
    "调解员",
    "承办案件",
    "结案",
    "调解成功",
    "调解成功率（%）",
    "平均结案天数",
    "超期",
    "满意度（1–5）",
    "评价份数",
    "培训学时",
    "调解之星候选",
)


def period_label(period: EvaluationPeriod) -> str:
    if period.year is not None:
        return f"{period.year}年度"
    first = period.first.isoformat() if period.first else "…"
    last = period.last.isoformat() if period.last else "…"
    return f"{first} 至 {last}"


def file_name(period: EvaluationPeriod, extension: str) -> str:
    label = str(period.year) if period.year is not None else "period"
    return f"mediator-evaluation-{label}.{extension}"


def _row(row: MediatorEvaluation, chosen: set[int]) -> list:
    return [
        row.name,
        row.handled,
        row.concluded,
        row.settled,
        row.success_rate,
        row.average_days,
        row.breaches,
        row.satisfaction,
        row.answers,
        row.training_hours,
        "是" if row.mediator_id in chosen else "",
    ]


def table(rows: list[MediatorEvaluation], shortlist: list[MediatorEvaluation]) -> tuple[tuple, list[list]]:
    """The headings and one row per mediator (numbers as numbers, blank for none)."""
    chosen = {row.mediator_id for row in shortlist}
    return HEADINGS, [_row(row, chosen) for row in rows]


def _text(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, Decimal) else str(value)


def pdf_context(centre, period: EvaluationPeriod, rows, rule, shortlist) -> dict:
    headings, body = table(rows, shortlist)
    return {
        "title": "调解员年度考评表",
        "centre_name": centre.name,
        "document_number": period_label(period),
        "version": 1,
        "correction_reason": None,
        "verification_code": "",
        "period": period_label(period),
        "generated_on": local_date(utcnow()).isoformat(),
        "headings": headings,
        "rows": [[_text(value) for value in row] for row in body],
        "rule": [
            f"结案不少于 {rule.min_concluded} 件",
            f"调解成功率不低于 {rule.min_success_rate}%",
            f"满意度不低于 {rule.min_satisfaction:.1f}",
            f"超期不超过 {rule.max_breaches} 件",
            f"培训不少于 {rule.min_training_hours:.1f} 学时",
        ],
        "shortlist": [row.name for row in shortlist],
    }
