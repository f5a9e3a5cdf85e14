"""The demo centre, modelled on Hai'an's (shared/seed): its chambers, a court,
member enterprises, mediators, and a case history whose totals match the
seed's headline: 125 cases settled, over 58 million yuan resolved.

Every case is driven through the real operations (filing, assignment,
mediation, settlement with its agreement PDF), so the demo exercises the
same code as real use and ``totals verify`` holds afterwards.
"""

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from mediation_app.auth.operations import create_user
from mediation_app.cases.conflicts import conflicts_of
from mediation_app.cases.operations import file_case, transition_case
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, OrganisationKind
from mediation_app.parties.operations import create_centre, create_organisation
from mediation_app.types import utcnow
from mediation_app.validation import uscc_check_character
from workflows.deadlines import local_date

CENTRE_CODE = "haian"
PASSWORD = "Demo-Mediation-2026"  # noqa: S105  (public demo logins, printed by `demo load`)
SETTLED_CASES = 125
RESOLVED_CLAIM_TOTAL = Decimal("58360000.00")  # seed: 解决纠纷标的5800多万元

CHAMBERS = [
    ("化纤业总商会", "chemical_fibre"),
    ("纺织服装商会", "textile"),
    ("时尚锦纶商会", "nylon"),
    ("电子信息商会", "electronics"),
    ("现代家具商会", "furniture"),
    ("大公镇商会", "machinery"),
]
ENTERPRISES = [
    ("江苏常安纺织科技有限公司", "textile"),
    ("海安联发纺织有限公司", "textile"),
    ("海安华达锦纶有限公司", "nylon"),
    ("江苏时尚锦纶实业有限公司", "nylon"),
    ("海安恒昌化纤有限公司", "chemical_fibre"),
    ("南通海安新材料化纤有限公司", "chemical_fibre"),
    ("海安鑫源电子有限公司", "electronics"),
    ("江苏海安智联电子科技有限公司", "electronics"),
    ("海安雅居家具有限公司", "furniture"),
    ("江苏木森家具制造有限公司", "furniture"),
    ("海安大公机械有限公司", "machinery"),
    ("海安通达物流有限公司", "trade"),
]
OPEN_CASES = {"filed": 3, "assigned": 2, "mediated": 3}
FINAL_CASES = {"referred_to_court": 14, "rejected": 4, "withdrawn": 5}

COURT = "海安市人民法院"
_CENTRE = {"centre_code": CENTRE_CODE}
# role, e-mail, name, further account fields; enterprise users by their company's serial.
DEMO_USERS = [
    ("staff", "staff@centre.test", "刘敏", _CENTRE),
    (
        "mediator",
        "wang@centre.test",
        "王建国",
        {**_CENTRE, "industry": "textile", "organisation": "化纤业总商会"},
    ),
    (
        "mediator",
        "chen@centre.test",
        "陈丽华",
        {**_CENTRE, "industry": "chemical_fibre", "organisation": "电子信息商会"},
    ),
    (
        "mediator",
        "zhou@centre.test",
        "周志明",
        {**_CENTRE, "industry": "electronics", "organisation": "现代家具商会"},
    ),
    (
        "mediator",
        "wu@centre.test",
        "吴秀英",
        {**_CENTRE, "industry": "furniture", "organisation": "纺织服装商会"},
    ),
    ("court_liaison", "liaison@court.test", "孙法官助理", {"organisation": COURT}),
    ("enterprise", "changan@enterprise.test", "常安法务", {"enterprise": 1}),
    ("enterprise", "huada@enterprise.test", "华达财务", {"enterprise": 3}),
    ("admin", "admin@centre.test", "系统管理员", _CENTRE),
]


def demo_uscc(serial: int) -> str:
    """A valid code of a Hai'an (320621) enterprise: 9 = market regulation, 1 = enterprise."""
    first17 = f"91320621MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``parts`` plausible claim amounts adding up to exactly ``total``."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(parts)]
    scale = total / Decimal(str(sum(weights)))
    amounts = [(Decimal(str(w)) * scale).quantize(Decimal("100")) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


class _Demo:
    def __init__(self, progress):
        self.progress = progress
        self.rng = random.Random(2020)  # the centre opened in 2020; fixed seed: same demo every time
        self.serial = 0

    def people(self):
        centre = create_centre(
            CENTRE_CODE, "海安市民营经济纠纷调解中心", "海工商调", address="江苏省南通市海安市长江中路"
        )
        self.chambers = [
            create_organisation(OrganisationKind.CHAMBER, name, industry=industry)
            for name, industry in CHAMBERS
        ]
        self.court = create_organisation(
            OrganisationKind.COURT, COURT, court_code="苏0621", address="江苏省海安市"
        )
        self.enterprises = []
        for index, (name, industry) in enumerate(ENTERPRISES, start=1):
            chamber = next((c for c in self.chambers if c.industry == industry), None)
            self.enterprises.append(
                create_organisation(
                    OrganisationKind.ENTERPRISE,
                    name,
                    uscc=demo_uscc(index),
                    industry=industry,
                    address=f"江苏省海安市经济开发区{index}号",
                    legal_representative="张" + "伟明华军勇杰涛斌磊刚平辉"[index - 1],
                    chamber_id=chamber.id if chamber else None,
                )
            )
        users = {}
        for role, email, name, fields in DEMO_USERS:
            fields = dict(fields)
            if "enterprise" in fields:
                fields["uscc"] = demo_uscc(fields.pop("enterprise"))
            users[email] = create_user(role=role, email=email, password=PASSWORD, name=name, **fields)
        self.staff, self.liaison = users["staff@centre.test"], users["liaison@court.test"]
        self.mediators = [user for user in users.values() if user.role.value == "mediator"]
        self.centre = centre

    def _file(self, claim: Decimal, *, court: bool):
        applicant, respondent = self.rng.sample(self.enterprises, 2)
        self.serial += 1
        data = {
            "applicant": {"name": applicant.name, "uscc": applicant.uscc},
            "respondent": {"name": respondent.name, "uscc": respondent.uscc},
            "claim_amount": str(claim),
            "industry": applicant.industry or "other",
            "summary": f"申请人{applicant.name}与被申请人{respondent.name}因买卖合同发生纠纷："
            f"申请人依约供货后，被申请人未按期支付货款人民币{claim:,.2f}元，经催讨未果，申请人请求调解。",
        }
        if court:
            data |= {"source": "court_delegated", "court_case_number": f"(2024)苏0621民诉前调{self.serial}号"}
            return file_case(self.liaison, data)
        return file_case(self.staff, data | {"source": "direct"})

    def _fire(self, actor, case, trigger: str, **data):
        return transition_case(actor, case.id, {"trigger": trigger, "version": case.version, **data})

    def _mediator_for(self, case) -> tuple:
        """A mediator without conflicts if there is one; otherwise (a small county has
        few mediators and repeat parties) the least conflicted, with the reason why."""
        flagged = [(len(conflicts_of(m, case)), self.rng.random(), m) for m in self.mediators]
        count, _tiebreak, mediator = min(flagged, key=lambda f: f[:2])
        return mediator, ("双方当事人知悉并同意由该调解员调解。" if count else None)

    def drive(self, case, target: str):
        """Take a filed case to ``target`` through the lifecycle's real transitions."""
        if target == "filed":
            return case
        if target == "rejected":
            return self._fire(self.staff, case, "reject", reason="申请事项不属于本中心受理范围。")
        if target == "withdrawn":
            return self._fire(self.staff, case, "withdraw", reason="双方已自行和解，申请人撤回申请。")
        mediator, override_reason = self._mediator_for(case)
        case = self._fire(
            self.staff, case, "assign", mediator_id=mediator.id, override_reason=override_reason
        )
        if target == "assigned":
            return case
        case = self._fire(mediator, case, "start_mediation", respondent_consent=True)
        if target == "mediated":
            return case
        if target == "referred_to_court":
            return self._fire(mediator, case, "refer_to_court", reason="双方对货款金额分歧较大，调解不成。")
        agreed = (case.claim_amount * Decimal(self.rng.choice(["0.85", "0.9", "0.95", "1"]))).quantize(
            Decimal("0.01")
        )
        deadline = local_date(utcnow()) + timedelta(days=self.rng.choice([30, 60, 90]))
        return self._fire(
            mediator,
            case,
            "settle",
            agreed_amount=str(agreed),
            performance_deadline=deadline.isoformat(),
            terms=[
                f"被申请人于{deadline.year}年{deadline.month}月{deadline.day}日前向申请人支付人民币{agreed:,.2f}元。",
                "被申请人按期足额履行的，申请人放弃其余请求。",
                "本案调解不收取任何费用。",
            ],
        )

    def cases(self):
        for index, claim in enumerate(_split(RESOLVED_CLAIM_TOTAL, SETTLED_CASES, self.rng), start=1):
            self.drive(self._file(claim, court=index % 3 == 0), "settled")
            if index % 25 == 0:
                self.progress(f"  {index}/{SETTLED_CASES} settled cases")
        for target, count in {**FINAL_CASES, **OPEN_CASES}.items():
            for index in range(count):
                claim = Decimal(self.rng.randrange(50_000, 1_500_000, 100))
                self.drive(self._file(claim, court=target == "referred_to_court" or index % 2 == 1), target)


def load(progress=lambda message: None) -> bool:
    """Load the demo once; ``False`` when it is already there."""
    if db.session.scalars(select(Centre).where(Centre.code == CENTRE_CODE)).first():
        return False
    demo = _Demo(progress)
    progress("creating the centre, chambers, court, enterprises and users")
    demo.people()
    progress("driving the case history through the lifecycle")
    demo.cases()
    return True
