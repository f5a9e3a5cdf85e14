"""The statutory document set: each kind's title, number code, template and builder.

Document numbers follow the centre's case-number scheme with a per-kind code:
(2026)海工商调协字第0003号 is the centre's third agreement of 2026.
"""

from collections.abc import Callable
from dataclasses import dataclass

from mediation_app.documents import context


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    code: str  # inserted before 字 in the number
    build: Callable  # (case, issued_at, **details) -> template values
    template: str | None = None  # defaults to the key
    court_may_read: bool = False  # what a court liaison needs; the rest is the parties' business
    # Built from the case as it stands, so a correction can be issued; False for those
    # built from what their issuer gave (a new one is issued instead).
    correctable: bool = True

    @property
    def template_name(self) -> str:
        return self.template or self.key


KINDS = {
    kind.key: kind
    for kind in (
        Kind("acceptance_notice", "受理通知书", "受", context.acceptance_context, court_may_read=True),
        Kind("refusal_notice", "不予受理通知书", "不受", context.refusal_context, court_may_read=True),
        Kind("rights_notice", "权利义务告知书", "告", context.rights_context),
        Kind("minutes", "调解笔录", "笔", context.minutes_context, court_may_read=True),
        Kind("agreement", "调解协议书", "协", context.agreement_context),
        # The agreement as signed by everyone: the record that took effect, under the same number.
        Kind(
            "signed_agreement",
            "调解协议书（生效文本）",
            "协",
            context.agreement_context,
            template="agreement",
            court_may_read=True,
        ),
        Kind("termination_notice", "调解终结书", "终", context.termination_context, court_may_read=True),
        Kind(
            "confirmation_application",
            "司法确认申请书",
            "确申",
            context.confirmation_application_context,
            court_may_read=True,
        ),
        # Service (送达): a party's consent and addresses, and the proof of what reached it.
        Kind(
            "service_address_confirmation",
            "送达地址确认书",
            "送确",
            context.service_address_context,
            correctable=False,
        ),
        Kind(
            "service_certificate",
            "电子送达凭证",
            "送证",
            context.service_certificate_context,
            correctable=False,
        ),
    )
}

# What a transition issues, in order (``withdraw`` only once the case was accepted).
ISSUED_ON = {
    "assign": ("acceptance_notice", "rights_notice"),
    "reject": ("refusal_notice",),
    "record_agreement": ("agreement",),  # for signature; the signed copy follows the last one
    "refer_to_court": ("termination_notice",),
    "decline_mediation": ("termination_notice",),
    "withdraw": ("termination_notice",),
}
