"""Agents as the API and the documents show them."""

from flask_babel import lazy_gettext as _l

from mediation_app.agents.models import AgentKind, AgentScope
from mediation_app.agents.schemas import AgentOut
from mediation_app.cases.permissions import in_charge_of, party_of
from mediation_app.evidence.presenters import evidence_out
from mediation_app.privacy.masking import mask_phone

KIND_LABELS = {
    AgentKind.LAWYER: _l("Lawyer"),
    AgentKind.LEGAL_WORKER: _l("Legal service worker"),
    AgentKind.EMPLOYEE: _l("Employee of the party"),
    AgentKind.RELATIVE: _l("Close relative"),
    AgentKind.CITIZEN: _l("Recommended citizen"),
}
SCOPE_LABELS = {
    AgentScope.GENERAL: _l("General authorisation"),
    AgentScope.SPECIAL: _l("Special authorisation"),
}
# As the documents (in Chinese, whatever the reader's language) state them.
_KIND_ZH = {
    AgentKind.LAWYER: "律师",
    AgentKind.LEGAL_WORKER: "基层法律服务工作者",
    AgentKind.EMPLOYEE: "工作人员",
    AgentKind.RELATIVE: "近亲属",
    AgentKind.CITIZEN: "公民",
}
_SCOPE_ZH = {AgentScope.GENERAL: "一般授权", AgentScope.SPECIAL: "特别授权"}
_DERIVED = ("letter", "acts_in_app", "temporary_password")


def agent_out(agent, user, case, *, temporary_password=None) -> AgentOut:
    in_full = in_charge_of(user, case) or party_of(user, case) == agent.party
    values = {name: getattr(agent, name) for name in AgentOut.model_fields if name not in _DERIVED}
    phone = agent.phone if in_full or not agent.phone else mask_phone(agent.phone)
    return AgentOut.model_validate(
        values
        | {
            "letter": evidence_out(agent.letter),
            "phone": phone,
            "acts_in_app": agent.user_id is not None,
            "temporary_password": temporary_password,
        }
    )


def agent_line(agent) -> str:
    """The 委托代理人 line of a document: 王立，江苏常安律师事务所律师（特别授权）."""
    where = f"{agent.workplace}{_KIND_ZH[agent.kind]}" if agent.workplace else _KIND_ZH[agent.kind]
    return f"{agent.name}，{where}（{_SCOPE_ZH[agent.scope]}）"
