"""The ledger's format: its columns, in order, and the Chinese words it uses.

The first thirteen columns are the ones a federation expects (案件编号 … 履行情况).
Three more follow them so that a ledger can be imported again without guessing:
the parties' unified social credit codes (enterprises are identified by them) and
the amount performed (履行情况 is its summary in words; the figure keeps the
centre's performed total exact). The last, 终止原因, says why a case ended without
settlement (the case's outcome code); ledgers written before it existed still
import (``OPTIONAL``), their cases without a recorded reason. The ledger is a Chinese document whatever the
interface language, like the PDFs; an import also accepts the API's codes
(``settled``, ``textile``) in place of the Chinese words.
"""

from decimal import Decimal
from functools import cache

from flask_babel import force_locale

from mediation_app.cases.labels import ENDING_LABELS

SHEET_TITLE = "案件台账"

NUMBER = "案件编号"
FILED_ON = "受理日期"  # the day the centre took the case in (收案), its filing date
SOURCE = "来源"
APPLICANT = "申请人"
RESPONDENT = "被申请人"
INDUSTRY = "行业"
DISPUTE_TYPE = "纠纷类型"
CLAIM = "标的额"
MEDIATOR = "调解员"
STATE = "状态"
CONCLUDED_ON = "结案日期"
AGREED = "协议金额"
PERFORMANCE = "履行情况"
APPLICANT_USCC = "申请人统一社会信用代码"
RESPONDENT_USCC = "被申请人统一社会信用代码"
PERFORMED = "已履行金额"
ENDING = "终止原因"

COLUMNS = (
    NUMBER,
    FILED_ON,
    SOURCE,
    APPLICANT,
    RESPONDENT,
    INDUSTRY,
    DISPUTE_TYPE,
    CLAIM,
    MEDIATOR,
    STATE,
    CONCLUDED_ON,
    AGREED,
    PERFORMANCE,
    APPLICANT_USCC,
    RESPONDENT_USCC,
    PERFORMED,
    ENDING,
)
OPTIONAL = frozenset({ENDING})

SOURCE_NAMES = {"direct": "当事人直接申请", "court_delegated": "法院委派", "court_commissioned": "法院委托"}
STATE_NAMES = {
    "filed": "已申请",
    "assigned": "已受理",
    "mediated": "调解中",
    "settled": "调解成功",
    "referred_to_court": "已转法院",
    "rejected": "不予受理",
    "withdrawn": "已撤回",
}
INDUSTRY_NAMES = {
    "textile": "纺织",
    "nylon": "锦纶",
    "chemical_fibre": "化纤",
    "electronics": "电子",
    "furniture": "家具",
    "machinery": "机械",
    "construction": "建筑",
    "trade": "商贸",
    "other": "其他",
}
DISPUTE_TYPE_NAMES = {
    "sale_contract": "买卖合同",
    "processing_contract": "加工承揽",
    "loan": "借款",
    "lease": "租赁",
    "service_contract": "服务合同",
    "other": "其他",
}
NOT_PERFORMED, PARTLY_PERFORMED, PERFORMED_IN_FULL = "未履行", "部分履行", "已履行完毕"


def performance_of(agreed: Decimal | None, performed: Decimal) -> str | None:
    """履行情况 of a settled case (``agreed`` set); None for any other case."""
    if agreed is None:
        return None
    if not performed:
        return NOT_PERFORMED
    return PERFORMED_IN_FULL if performed >= agreed else PARTLY_PERFORMED


@cache
def ending_names() -> dict[str, str]:
    """The Chinese words of the outcome codes (the case page's, in Chinese whatever
    the reader's language): the ledger says why a case ended as the court package does."""
    with force_locale("zh"):
        return {code: str(label) for code, label in ENDING_LABELS.items()}
