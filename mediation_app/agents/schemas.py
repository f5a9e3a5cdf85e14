"""The payloads of the agents API: an appointment in (multipart, with its letter) and
an agent out."""

import re
from typing import Self

from flask_babel import gettext as _
from pydantic import Field, model_validator

from mediation_app.agents.models import AgentKind, AgentScope
from mediation_app.cases.schemas import Person, Side
from mediation_app.core.schema import Out, Schema, blame
from mediation_app.core.types import Text, Timestamp
from mediation_app.evidence.schemas import EvidenceOut
from mediation_app.parties.schemas import Email, Phone

_LICENCE = re.compile(r"[0-9]{17}", re.ASCII)  # 律师执业证号
# What a special authorisation (特别授权) empowers when the letter says no more.
SPECIAL_POWERS = "代为承认、放弃、变更调解请求，进行和解，签署调解协议，代为签收法律文书"
GENERAL_POWERS = "代为参加调解，陈述意见，提交证据，代为签收法律文书"


class AgentIn(Schema):
    """An agent appointed by a party, as its authorisation letter (授权委托书) states."""

    party: Side | None = Field(None, description="staff name the party; a party's own user appoints its own")
    name: Text(100)
    kind: AgentKind = Field(description="lawyer, legal_worker, employee, relative or citizen")
    workplace: Text(200, required=False) = Field("", description="the law firm, or the employer")
    licence_number: Text(20, required=False) = Field("", description="a lawyer's licence number (17 digits)")
    phone: Phone | None = None
    scope: AgentScope = Field(description="general (一般授权) or special (特别授权: may settle)")
    powers: Text(500, multiline=True, required=False) = Field(
        "", description="the powers as the letter words them; the scope's usual wording when left out"
    )
    email: Email | None = Field(
        None,
        description=(
            "the agent's own account, through which it acts for the party in this case: an existing"
            " personal account (no company) of the centre, or one made now (its temporary password is"
            " in this answer only); left out: the agent acts on paper"
        ),
    )

    @model_validator(mode="after")
    def _credentials(self) -> Self:
        if self.kind in (AgentKind.LAWYER, AgentKind.LEGAL_WORKER) and not self.workplace:
            raise blame("workplace", _("is required for a lawyer or legal worker (the firm or office)"))
        if self.kind is AgentKind.LAWYER and not _LICENCE.fullmatch(self.licence_number):
            raise blame("licence_number", _("a lawyer's licence number has 17 digits"))
        return self

    @property
    def worded_powers(self) -> str:
        return self.powers or (SPECIAL_POWERS if self.scope is AgentScope.SPECIAL else GENERAL_POWERS)


class AgentOut(Out):
    id: int
    case_id: int
    party: Side
    name: str
    kind: AgentKind
    workplace: str
    licence_number: str
    phone: str = Field(description="masked but for the party itself and those in charge")
    scope: AgentScope
    powers: str
    letter: EvidenceOut = Field(description="the authorisation letter (授权委托书), downloaded as evidence")
    appointed_by: Person
    appointed_at: Timestamp
    revoked_at: Timestamp | None = Field(description="None while the appointment stands")
    acts_in_app: bool = Field(description="the agent has its own account, acting for the party in this case")
    temporary_password: str | None = Field(
        None,
        description="only in the answer to the appointment that made the agent's account: hand it over once",
    )
