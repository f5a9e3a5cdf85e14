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
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import event, select

from mediation_app.agents.operations import appoint_agent
from mediation_app.auth.passwords import hash_password
from mediation_app.cases.conflicts import conflicts_of
from mediation_app.cases.models import Case, MediatorWorkload
from mediation_app.cases.operations import file_case
from mediation_app.court.operations import acknowledge_referral, record_payment
from mediation_app.demo.drive import sign_for_party, take_step
from mediation_app.demo.history import (
    SESSION_LENGTH,
    SESSION_STARTS,
    Rhythm,
    Step,
    at_work,
    concluded,
    reading,
    run,
    still_open,
    working_days_after,
)
from mediation_app.documents.render import lay_out
from mediation_app.extensions import db
from mediation_app.groups.operations import file_group
from mediation_app.mediators.operations import record_training, update_register_entry
from mediation_app.notifications.operations import mark_all_read
from mediation_app.parties.models import Centre, Organisation, OrganisationKind
from mediation_app.parties.operations import (
    create_centre,
    create_federation,
    create_organisation,
    create_user,
    join_federation,
)
from mediation_app.sessions.operations import schedule_session
from mediation_app.surveys.operations import answer_survey
from mediation_app.types import clock_at, utcnow
from mediation_app.validation import uscc_check_character
from workflows.case_states import CaseState
from workflows.deadlines import CHINA, local_date

CENTRE_CODE = "haian"
PASSWORD = "Demo-Mediation-2026"  # noqa: S105  (public demo logins, printed by `demo load`)
LAWYER_EMAIL = "chenliqun@lawyer.test"  # the applicants' lawyer acting in the app
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
# Today's work (``history.still_open``): to accept, to mediate, to sign, and one overdue.
OPEN_CASES = {"filed": 3, "assigned": 2, "in_session": 2, "awaiting_signatures": 1, "overdue": 1}
# How the rest of the history ended besides settled (``history.concluded``): with the
# 125 settled, 65 % of the cases mediated to an end settled, as on the courts' platform.
FINAL_CASES = {"referred_to_court": 55, "declined": 12, "rejected": 5, "withdrawn": 8}
RECENT_SETTLED = 2  # per centre, settled with the system's documents; the rest are historical
AWAITING_COURT = 1  # per centre, referred back to court lately, not yet filed there

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
# An applicant's lawyer on one in three of the cases that issue their documents, his
# letter handed in at the desk (staff record it); his name is on those documents.
LAWYERS = (
    ("陈立群", "江苏常安律师事务所"),
    ("刘婧", "江苏海安正和律师事务所"),
    ("周海涛", "江苏通达律师事务所"),
)
LETTER = (
    '<h1 style="text-align:center">授权委托书</h1><p>委托人：{applicant}</p>'
    "<p>受托人：{name}，{firm}律师</p><p>代理事项：与{respondent}买卖合同纠纷调解一案</p>"
    "<p>代理权限：特别授权，代为承认、放弃、变更调解请求，进行和解，签署调解协议，代为签收法律文书。</p>"
    '<p style="text-align:right">委托人（盖章）</p>'
)

# The parties of the demo's serial cases: none has had a case at the centre.
SERIES_SUPPLIER = "海安锦绣面料有限公司"
SERIES_CUSTOMERS = (
    (901, "海安童梦服饰有限公司"),
    (902, "海安小星星童装有限公司"),
    (903, "南通贝贝佳服饰有限公司"),
)

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
# The register's entries of the demo mediators, in turn.
REGISTER_DISPUTES = (
    ["sale_contract", "processing_contract"],
    ["sale_contract", "loan", "lease"],
    ["service_contract", "sale_contract"],
    ["processing_contract", "other"],
)
REGISTER_QUALIFICATIONS = (
    "律师执业证；南通仲裁委员会仲裁员",
    "高级经济师；人民调解员证",
    "企业法律顾问；从事外贸纠纷调解十年",
)
REGISTER_COURSES = (
    ("商事调解实务与技巧", "8"),
    ("民法典合同编专题", "6"),
    ("司法确认与在线调解平台操作", "3.5"),
    ("商会调解工作办法解读", "4"),
    ("调解协议书写作规范", "3"),
    ("企业合规与纠纷预防", "6"),
    ("调解员职业伦理", "2.5"),
    ("数字证据与电子送达", "4"),
)
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
    other_cases: dict[str, int]  # how they end or what is open (FINAL_CASES, OPEN_CASES) -> number
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
    {
        **{"referred_to_court": 4, "declined": 1, "withdrawn": 1, "rejected": 1},
        **{"filed": 2, "assigned": 1, "in_session": 1, "awaiting_signatures": 1},
    },
    "staff@rugao.test",
    "liaison@rugao-court.test",
    seed=2022,
    shared=(demo_uscc(1),),  # 江苏常安纺织: a party at both centres
)


class _Demo:
    def __init__(self, spec: DemoCentre, chambers: list, progress):
        self.spec, self.chambers, self.progress = spec, chambers, progress
        self.lawyer = None  # the agent's account, once an appointment makes it
        self.rng = random.Random(spec.seed)
        self.serial = self.filings = self.sessions = self.payments = 0
        self.booked: set[tuple[int, datetime]] = set()  # (mediator id, start) of sessions
        self.now = utcnow()

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
        self.users = list(users.values())
        self.staff, self.liaison = users[spec.staff], users[spec.liaison]
        self.mediators = [user for user in users.values() if user.role.value == "mediator"]
        self.party_users = {
            user.organisation_id: user for user in users.values() if user.role.value == "enterprise"
        }

    def register(self):
        """Each mediator in the centre's register: kinds of dispute, languages, a term of
        appointment (the first one's ending within weeks, for staff to renew) and the
        training of the two years."""
        today = local_date(self.now)
        for index, mediator in enumerate(self.mediators):
            # the first term ends in about six weeks; the others started later, in turn
            start = today - timedelta(days=730 - 45 - 120 * index)
            entry = {
                "dispute_types": REGISTER_DISPUTES[index % len(REGISTER_DISPUTES)],
                "languages": "普通话、南通话" if index % 2 == 0 else "普通话、南通话、英语",
                "qualifications": REGISTER_QUALIFICATIONS[index % len(REGISTER_QUALIFICATIONS)],
                "term_starts_on": start.isoformat(),
            }
            update_register_entry(self.staff, mediator.id, entry)
            for months_ago, (course, hours) in enumerate(REGISTER_COURSES):
                held_on = today - timedelta(days=75 * months_ago + 9 * index + 5)
                course = {"course": course, "held_on": held_on.isoformat(), "hours": hours}
                record_training(self.staff, mediator.id, course)

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
            year = local_date(utcnow()).year
            number = f"({year}){self.spec.court_code}民诉前调{self.serial}号"
            return file_case(self.liaison, data | {"source": "court_delegated", "court_case_number": number})
        return file_case(self.staff, data | {"source": "direct"})

    def series(self):
        """Serial cases (系列案) filed yesterday, waiting for staff to accept and assign
        them: a fabric supplier, new to the centre, unpaid by three garment makers."""
        members = [
            {
                "respondent": {"name": customer, "uscc": demo_uscc(serial)},
                "claim_amount": f"{86_000 + 12_500 * index}.00",
                "summary": f"申请人向{customer}供应童装面料，对方未按期支付货款，经催讨未果。",
            }
            for index, (serial, customer) in enumerate(SERIES_CUSTOMERS)
        ]
        group = {"applicant": {"name": SERIES_SUPPLIER, "uscc": demo_uscc(900)}, "industry": "textile"}
        with clock_at(self.now - timedelta(days=1)):
            file_group(self.staff, group | {"dispute_type": "sale_contract", "members": members})

    def _mediator_for(self, case) -> tuple:
        """A mediator without conflicts if there is one, the one with the fewest open
        cases among them (staff share the work out); otherwise (a small county has few
        mediators and repeat parties) the least conflicted, with the reason why."""
        flagged = [(len(conflicts_of(m, case)), _open_cases(m), self.rng.random(), m) for m in self.mediators]
        count, _open, _tiebreak, mediator = min(flagged, key=lambda f: f[:3])
        return mediator, ("双方当事人知悉并同意由该调解员调解。" if count else None)

    def _agreement(self, agreed: Decimal, deadline, instalments) -> dict:
        data = {
            "agreed_amount": str(agreed),
            "performance_deadline": deadline.isoformat(),
            "payment_method": self.rng.choice(["bank_transfer"] * 4 + ["cheque", "cash"]),
            "terms": ["被申请人按期足额履行的，申请人放弃其余请求。", "本案调解不收取任何费用。"],
        }
        if len(instalments) > 1:
            data["instalments"] = [{"amount": str(a), "due_on": d.isoformat()} for a, d in instalments]
        return data

    def cases(self):
        """The centre's two years, acted out step by step in time order (``history``),
        each step through the real operation with the clock at its moment. Concluded
        cases are its history, recorded without documents (rendering hundreds of PDFs
        would make loading slow; their papers exist), except ``RECENT_SETTLED`` settled
        in the last two months, signed in the system; ``AWAITING_COURT`` referrals of the
        last two months still wait for the court's filing; the open cases are today's work."""
        spec, now = self.spec, self.now
        rhythm = Rhythm(local_date(now))
        plans: list[_Plan] = []
        for index, claim in enumerate(_split(spec.resolved, spec.settled, self.rng), start=1):
            recent = index > spec.settled - RECENT_SETTLED
            plans.append(_Plan("settled", claim, court=index % 3 == 0, documents=recent, recent=recent))
        for kind, count in spec.other_cases.items():
            for index in range(count):
                claim = Decimal(self.rng.randrange(50_000, 1_500_000, 100))
                court = kind in ("referred_to_court", "overdue") or index % 2 == 1
                recent = kind == "referred_to_court" and index < AWAITING_COURT
                plans.append(
                    _Plan(kind, claim, court=court, documents=kind not in FINAL_CASES, recent=recent)
                )
        stories = []
        for number, plan in enumerate(plans):
            plan.agreed = (plan.claim * Decimal(self.rng.choice(["0.85", "0.9", "0.95", "1"]))).quantize(
                Decimal("0.01")
            )
            seed = spec.seed * 10_000 + number

            def story(filed, plan=plan, seed=seed):
                rng = random.Random(seed)
                if plan.kind in OPEN_CASES:
                    return still_open(plan.kind, now, rng, agreed=plan.agreed)
                court_files = not plan.recent
                return concluded(plan.kind, filed, rng, now=now, agreed=plan.agreed, court_files=court_files)

            if plan.kind in OPEN_CASES:
                stories.append((plan, story(None)))
                continue
            stories.append((plan, story(rhythm.filing_over_by(now, story, self.rng, recent=plan.recent))))
        opened = at_work(rhythm.days[0], self.rng)
        stories += [(user, reading(opened, now, random.Random(user.id))) for user in self.users]
        run(stories, self._act)
        if self.lawyer is not None:  # made along the way: it read its inbox this morning
            with clock_at(self.now - timedelta(hours=3)):
                mark_all_read(self.lawyer)
        self.progress(f"  {len(plans)} cases, {self.sessions} sessions, {self.payments} payments")

    def _act(self, key, step: Step):
        """Act out ``step`` of a case's story (``key`` its plan) or of a user's reading
        (``key`` the user), with the clock at its moment."""
        if step.at >= self.now:
            raise RuntimeError(f"a demo step in the future: {step}")
        with clock_at(step.at):
            if step.action == "read":
                mark_all_read(key)
                return None
            return self._do(key, step)

    def _do(self, plan: "_Plan", step: Step):
        if step.action == "file":
            plan.case_id = self._file(plan.claim, court=plan.court).id
            return None
        case = db.session.get(Case, plan.case_id)
        people = {"staff": self.staff, "mediator": case.mediator, "past": not plan.documents}
        if step.action == "assign":
            mediator, override_reason = self._mediator_for(case)
            data = {"assign": {"mediator_id": mediator.id, "override_reason": override_reason}}
            take_step(case.id, "assign", **people | {"mediator": mediator, "data": data})
            if plan.documents and case.id % 3 == 0:
                self._lawyer(case)
        elif step.action == "session":
            return self._session(case, step)
        elif step.action == "record_agreement":
            agreement = self._agreement(step.data["agreed"], step.data["deadline"], step.data["instalments"])
            take_step(case.id, "record_agreement", **people, data={"record_agreement": agreement})
        elif step.action == "sign":
            sign_for_party(case.id, step.data["party"], staff=self.staff)
        elif step.action == "pay":
            self.payments += 1
            record_payment(
                self.staff,
                case.id,
                {"amount": str(step.data["amount"]), "paid_on": step.data["paid_on"].isoformat()},
            )
        elif step.action == "survey":
            self._survey(case)
        elif step.action == "refer_to_court":
            data = {"refer_to_court": REFERRALS[step.data["outcome"]]}
            take_step(case.id, "refer_to_court", **people, data=data)
        elif step.action == "acknowledge":
            if case.court_id is not None:  # a direct application's parties sue on their own
                self.filings += 1
                year = local_date(step.at).year
                number = f"({year}){self.spec.court_code}民初{self.filings}号"
                acknowledge_referral(self.liaison, case.id, {"filing_number": number})
        else:
            take_step(case.id, step.action, **people, data=REASONS)
        return None

    def _lawyer(self, case) -> None:
        """The applicant's lawyer, on the letter handed in at the desk; the first of the
        main centre's lawyers acts in the app (its demo log-in, ``LAWYER_EMAIL``)."""
        which = case.id // 3 % len(LAWYERS)
        name, firm = LAWYERS[which]
        letter = LETTER.format(
            applicant=case.applicant.name, name=name, firm=firm, respondent=case.respondent.name
        )
        lawyer = {
            "party": "applicant",
            "name": name,
            "kind": "lawyer",
            "workplace": firm,
            "licence_number": f"132062019{case.id:08d}",
            "scope": "special",
        }
        if which == 0 and self.spec.code == CENTRE_CODE:
            lawyer["email"] = LAWYER_EMAIL
        agent, password = appoint_agent(
            self.staff, case.id, lawyer, file_name="授权委托书.pdf", content=lay_out(letter)
        )
        if password:  # the account was made now: a demo log-in, not a password to hand over
            self.lawyer = agent.user
            agent.user.password_hash = hash_password(PASSWORD)
            agent.user.must_change_password = False
            db.session.commit()

    def _survey(self, case) -> None:
        """Each party with an account at the centre answers, settled cases more kindly."""
        weights = (2, 6, 12, 35, 45) if case.state is CaseState.SETTLED else (8, 12, 25, 35, 20)
        for party_id in (case.applicant_id, case.respondent_id):
            if user := self.party_users.get(party_id):
                score = self.rng.choices((1, 2, 3, 4, 5), weights)[0]
                answer_survey(user, case.id, {"score": score})

    def _session(self, case, step: Step):
        """A joint session at the first free slot of the mediator from the day asked (and
        never before the step: it is arranged for later)."""
        earliest, day = step.at + timedelta(hours=1), step.data["day"]
        if day >= local_date(self.now):  # one to come: later than now
            earliest = max(earliest, self.now + timedelta(minutes=30))
        start = self._free_slot(case.mediator_id, day, earliest)
        self.booked.add((case.mediator_id, start))
        self.sessions += 1
        schedule_session(
            case.mediator,
            case.id,
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + SESSION_LENGTH).isoformat(),
                "place": f"{self.spec.name}调解室",
            },
        )
        return start.astimezone(UTC)

    def _free_slot(self, mediator_id: int, day, earliest: datetime) -> datetime:
        while True:
            for starts in SESSION_STARTS:
                start = datetime.combine(day, starts, CHINA)
                if start >= earliest and (mediator_id, start) not in self.booked:
                    return start
            day = working_days_after(day, 1)


def _open_cases(mediator) -> int:
    workload = db.session.get(MediatorWorkload, mediator.id)
    return workload.open_cases if workload else 0


@dataclass
class _Plan:
    """One case of the demo: how it ends (or what is open about it), and as it goes, its id."""

    kind: str
    claim: Decimal
    court: bool
    documents: bool  # its steps issue their documents (else: a history, its papers on paper)
    recent: bool = False  # filed in the last two months
    agreed: Decimal = Decimal(0)
    case_id: int | None = None


REASONS = {
    "reject": {"reason": "申请事项不属于本中心受理范围。"},
    "withdraw": {"reason": "双方已自行和解，申请人撤回申请。"},
    "decline_mediation": {"reason": "被申请人不同意调解。"},
}
REFERRALS = {
    "no_agreement": {"outcome_code": "no_agreement", "reason": "双方对货款金额分歧较大，调解不成。"},
    "party_absent": {"outcome_code": "party_absent", "reason": "被申请人经两次通知未到场参加调解。"},
    "party_unreachable": {"outcome_code": "party_unreachable", "reason": "多次电话、短信联系被申请人未果。"},
    "other": {"outcome_code": "other", "reason": "申请人表示将另行向法院起诉。"},
}


def load(progress=lambda message: None) -> bool:
    """Load the demo once; ``False`` when it is already there."""
    if db.session.scalars(select(Centre).where(Centre.code == CENTRE_CODE)).first():
        return False
    with _without_waiting_for_the_disk():
        _load(progress)
    return True


@contextmanager
def _without_waiting_for_the_disk():
    """On SQLite (``make run``), commit without waiting for each write to reach the disk
    (``PRAGMA synchronous = OFF``) while the demo loads: its thousands of commits would
    otherwise spend most of the load in fsync. Only the load's connections, and each
    gets its own setting back when returned to the pool. A crash of the machine
    mid-load may spoil the file: delete it and load again."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        yield
        return

    def relax(connection, record, proxy):
        record.info["synchronous"] = connection.execute("PRAGMA synchronous").fetchone()[0]
        connection.execute("PRAGMA synchronous = OFF")

    def restore(connection, record):
        if (kept := record.info.pop("synchronous", None)) is not None:
            connection.execute(f"PRAGMA synchronous = {int(kept)}")

    event.listen(engine, "checkout", relax)
    event.listen(engine, "checkin", restore)
    try:
        yield
    finally:
        db.session.close()  # its connection back to the pool: restored
        event.remove(engine, "checkout", relax)
        event.remove(engine, "checkin", restore)


def _load(progress) -> None:
    chambers = [
        create_organisation(OrganisationKind.CHAMBER, name, industry=industry) for name, industry in CHAMBERS
    ]
    for spec in (HAIAN, RUGAO):
        demo = _Demo(spec, chambers, progress)
        progress(f"{spec.name}: creating the centre, court, enterprises and users")
        demo.people()
        demo.register()
        progress(f"{spec.name}: driving the case history through the lifecycle")
        demo.cases()
        if spec is HAIAN:
            demo.series()
    create_federation("city", FEDERATION)
    for spec in (HAIAN, RUGAO):
        join_federation(spec.code, FEDERATION)
    role, email, name, fields = next(u for u in DEMO_USERS if u[0] == "federation")
    create_user(role=role, email=email, password=PASSWORD, name=name, **fields)
