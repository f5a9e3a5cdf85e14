"""The states a case can be in, with their open / final groups."""

from enum import StrEnum


class CaseState(StrEnum):
    """States are past participles; their values are the API's names."""

    FILED = "filed"  # 申请 / 委派 received, awaiting screening (受理)
    ASSIGNED = "assigned"  # accepted (受理) and a mediator appointed
    MEDIATED = "mediated"  # in mediation: the respondent consented
    SETTLED = "settled"  # 调解成功: agreement signed
    REFERRED_TO_COURT = "referred_to_court"  # 调解不成 / 转立案
    REJECTED = "rejected"  # 不予受理
    WITHDRAWN = "withdrawn"  # 撤回申请

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


OPEN_STATES = frozenset({CaseState.FILED, CaseState.ASSIGNED, CaseState.MEDIATED})
FINAL_STATES = frozenset(set(CaseState) - OPEN_STATES)
