"""The roles a user can hold; the lifecycle decides per role who may fire what."""

from enum import StrEnum


class Role(StrEnum):
    ENTERPRISE = "enterprise"  # 申请人 / 被申请人
    MEDIATOR = "mediator"  # 调解员
    COURT_LIAISON = "court_liaison"  # 法院联络员
    STAFF = "staff"  # 中心工作人员
    ADMIN = "admin"  # manages accounts; fires no case triggers
    FEDERATION = "federation"  # 工商联 (city or province): its centres' figures, never a case
