"""The demo centre, modelled on Hai'an's (shared/seed): its chambers, a court,
member enterprises, mediators, and a case history whose totals match the
seed's headline: 125 cases settled, over 58 million yuan resolved. A second,
smaller centre in the neighbouring county (Rugao) shares one enterprise with it
(a party at both, through one account per centre), and both report to the city
federation (南通市工商联), whose demo user sees their figures.

Every case is driven through the real operations (filing, assignment,
mediation, settlement with its agreement PDF), so the demo exercises the
same code as real use and ``totals verify`` holds afterwards.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from mediation_app.cases.conflicts import conflicts_of
from mediation_app.cases.operations import file_case
from mediation_app.demo.drive import drive
from mediation_app.extensions import db
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from mediation_app.parties.operations import (
    create_centre,
    create_federation,
    create_organisation,
    create_user,
    join_federation,
)
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
RECENT_SETTLED = 2  # per centre, settled with the system's documents; the rest are historical

COURT = "海安市人民法院"
_CENTRE = {"centre_code": CENTRE_CODE}
RUGAO_CODE = "rugao"
RUGAO_COURT = "如皋市人民法院"
_RUGAO = {"centre_code": RUGAO_CODE}
FEDERATION = "南通市工商联"


def demo_uscc(serial: int, division: str = "320621") -> str:
    """A valid code of an enterprise of the county ``division`` (320621 = Hai'an,
    320682 = Rugao): 9 = market regulation, 1 = enterprise."""
    first17 = f"91{division}MA{serial:07d}"
    return first17 + uscc_check_character(first17)


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
    ("court_liaison", "liaison@court.test", "孙法官助理", {**_CENTRE, "organisation": COURT}),
    ("enterprise", "changan@enterprise.test", "常安法务", {**_CENTRE, "uscc": demo_uscc(1)}),
    ("enterprise", "huada@enterprise.test", "华达财务", {**_CENTRE, "uscc": demo_uscc(3)}),
    ("admin", "admin@centre.test", "系统管理员", _CENTRE),
    ("staff", "staff@rugao.test", "徐静", _RUGAO),
    (
        "mediator",
        "xu@rugao.test",
        "徐卫东",
        {**_RUGAO, "industry": "textile", "organisation": "纺织服装商会"},
    ),
    (
        "mediator",
        "zhao@rugao.test",
        "赵红梅",
        {**_RUGAO, "industry": "furniture", "organisation": "现代家具商会"},
    ),
    ("court_liaison", "liaison@rugao-court.test", "钱法官助理", {**_RUGAO, "organisation": RUGAO_COURT}),
    # The same company as changan@enterprise.test: its account at the Rugao centre.
    ("enterprise", "changan@rugao.test", "常安法务（如皋）", {**_RUGAO, "uscc": demo_uscc(1)}),
    ("enterprise", "jinyu@rugao.test", "金宇财务", {**_RUGAO, "uscc": demo_uscc(1, "320682")}),
    ("federation", "federation@nantong.test", "南通市工商联统计员", {"federation": FEDERATION}),
]
RUGAO_ENTERPRISES = [
    ("如皋金宇家纺有限公司", "textile"),
    ("如皋恒力家具有限公司", "furniture"),
    ("江苏如皋长江机械有限公司", "machinery"),
    ("如皋顺达物流有限公司", "trade"),
]


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``parts`` plausible claim amounts adding up to exactly ``total``."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(parts)]
    scale = total / Decimal(str(sum(weights)))
    amounts = [(Decimal(str(w)) * scale).quantize(Decimal("100")) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


@dataclass(frozen=True)
class DemoCentre:
    """What differs between the demo centres."""

    code: str
    name: str
    case_prefix: str
    address: str
    court: str
    court_code: str
    division: str  # of its enterprises' credit codes
    district: str  # of its enterprises' addresses
    enterprises: list[tuple[str, str]]  # its own: (name, industry)
    settled: int
    resolved: Decimal
    other_cases: dict[str, int]  # state -> number of cases
    staff: str  # the e-mails of the staff member and court liaison who file
    liaison: str
    seed: int  # fixed: the same demo every time
    shared: tuple[str, ...] = field(default=())  # credit codes of other centres' enterprises it sees


HAIAN = DemoCentre(
    CENTRE_CODE,
    "海安市民营经济纠纷调解中心",
    "海工商调",
    "江苏省南通市海安市长江中路",
    COURT,
    "苏0621",
    "320621",
    "江苏省海安市经济开发区",
    ENTERPRISES,
    SETTLED_CASES,
    RESOLVED_CLAIM_TOTAL,
    {**FINAL_CASES, **OPEN_CASES},
    "staff@centre.test",
    "liaison@court.test",
    seed=2020,  # the centre opened in 2020
)
RUGAO = DemoCentre(
    RUGAO_CODE,
    "如皋市商会商事调解中心",
    "皋工商调",
    "江苏省南通市如皋市福寿东路",
    RUGAO_COURT,
    "苏0682",
    "320682",
    "江苏省如皋市城南街道",
    RUGAO_ENTERPRISES,
    9,
    Decimal("3260000.00"),
    {"referred_to_court": 2, "withdrawn": 1, "rejected": 1, "filed": 2, "assigned": 1, "mediated": 2},
    "staff@rugao.test",
    "liaison@rugao-court.test",
    seed=2022,
    shared=(demo_uscc(1),),  # 江苏常安纺织: a party at both centres
)


class _Demo:
    def __init__(self, spec: DemoCentre, chambers: list, progress):
        self.spec, self.chambers, self.progress = spec, chambers, progress
        self.rng = random.Random(spec.seed)
        self.serial = 0

    def people(self):
        spec = self.spec
        self.centre = create_centre(spec.code, spec.name, spec.case_prefix, address=spec.address)
        self.court = create_organisation(
            OrganisationKind.COURT,
            spec.court,
            court_code=spec.court_code,
            address=spec.district[:6],  # the county
        )
        self.enterprises = []
        for index, (name, industry) in enumerate(spec.enterprises, start=1):
            chamber = next((c for c in self.chambers if c.industry == industry), None)
            self.enterprises.append(
                create_organisation(
                    OrganisationKind.ENTERPRISE,
                    name,
                    uscc=demo_uscc(index, spec.division),
                    industry=industry,
                    address=f"{spec.district}{index}号",
                    legal_representative="张" + "伟明华军勇杰涛斌磊刚平辉"[index - 1],
                    chamber_id=chamber.id if chamber else None,
                )
            )
        self.enterprises += db.session.scalars(select(Organisation).where(Organisation.uscc.in_(spec.shared)))
        users = {
            email: create_user(role=role, email=email, password=PASSWORD, name=name, **fields)
            for role, email, name, fields in DEMO_USERS
            if fields.get("centre_code") == spec.code
        }
        self.staff, self.liaison = users[spec.staff], users[spec.liaison]
        self.mediators = [user for user in users.values() if user.role.value == "mediator"]

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
            number = f"(2024){self.spec.court_code}民诉前调{self.serial}号"
            return file_case(self.liaison, data | {"source": "court_delegated", "court_case_number": number})
        return file_case(self.staff, data | {"source": "direct"})

    def _mediator_for(self, case) -> tuple:
        """A mediator without conflicts if there is one; otherwise (a small county has
        few mediators and repeat parties) the least conflicted, with the reason why."""
        flagged = [(len(conflicts_of(m, case)), self.rng.random(), m) for m in self.mediators]
        count, _tiebreak, mediator = min(flagged, key=lambda f: f[:2])
        return mediator, ("双方当事人知悉并同意由该调解员调解。" if count else None)

    def drive(self, case, target: str, *, historical: bool = False):
        """Take a filed case to ``target`` through the lifecycle's real transitions
        (``demo.drive``). A ``historical`` case concluded before the system: its paper
        documents exist, so none are issued (rendering hundreds of PDFs would also make
        loading slow). A referral follows a mediation that failed."""
        mediator, override_reason = self._mediator_for(case)
        agreed = (case.claim_amount * Decimal(self.rng.choice(["0.85", "0.9", "0.95", "1"]))).quantize(
            Decimal("0.01")
        )
        deadline = local_date(utcnow()) + timedelta(days=self.rng.choice([30, 60, 90]))
        data = {
            "assign": {"override_reason": override_reason},
            "reject": {"reason": "申请事项不属于本中心受理范围。"},
            "withdraw": {"reason": "双方已自行和解，申请人撤回申请。"},
            "refer_to_court": {"reason": "双方对货款金额分歧较大，调解不成。"},
            "record_agreement": {
                "agreed_amount": str(agreed),
                "performance_deadline": deadline.isoformat(),
                "terms": [
                    f"被申请人于{deadline.year}年{deadline.month}月{deadline.day}日前向申请人支付人民币{agreed:,.2f}元。",
                    "被申请人按期足额履行的，申请人放弃其余请求。",
                    "本案调解不收取任何费用。",
                ],
            },
        }
        people = {"staff": self.staff, "mediator": mediator, "data": data, "past": historical}
        if target == "referred_to_court":
            drive(case.id, "mediated", **people)
        return drive(case.id, target, **people)

    def cases(self):
        spec = self.spec
        for index, claim in enumerate(_split(spec.resolved, spec.settled, self.rng), start=1):
            recent = index > spec.settled - RECENT_SETTLED  # signed in the system: their documents issued
            self.drive(self._file(claim, court=index % 3 == 0), "settled", historical=not recent)
            if index % 25 == 0:
                self.progress(f"  {index}/{spec.settled} settled cases")
        for target, count in spec.other_cases.items():
            for index in range(count):
                claim = Decimal(self.rng.randrange(50_000, 1_500_000, 100))
                court = target == "referred_to_court" or index % 2 == 1
                self.drive(self._file(claim, court=court), target, historical=target in FINAL_CASES)


def load(progress=lambda message: None) -> bool:
    """Load the demo once; ``False`` when it is already there."""
    if db.session.scalars(select(Centre).where(Centre.code == CENTRE_CODE)).first():
        return False
    chambers = [
        create_organisation(OrganisationKind.CHAMBER, name, industry=industry) for name, industry in CHAMBERS
    ]
    for spec in (HAIAN, RUGAO):
        demo = _Demo(spec, chambers, progress)
        progress(f"{spec.name}: creating the centre, court, enterprises and users")
        demo.people()
        progress(f"{spec.name}: driving the case history through the lifecycle")
        demo.cases()
    create_federation("city", FEDERATION)
    for spec in (HAIAN, RUGAO):
        join_federation(spec.code, FEDERATION)
    role, email, name, fields = next(u for u in DEMO_USERS if u[0] == "federation")
    create_user(role=role, email=email, password=PASSWORD, name=name, **fields)
    return True
