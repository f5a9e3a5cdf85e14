"""A small world to act in: a centre, a court, chambers, enterprises and one
person in every role; cases reach later states only through real transitions."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from mediation_app.auth.models import User
from mediation_app.cases.models import Case
from mediation_app.cases.operations import file_case, record_past_transition, transition_case
from mediation_app.demo.drive import drive, sign_by_everyone
from mediation_app.evidence.operations import upload_evidence
from mediation_app.extensions import db
from mediation_app.parties.models import OrganisationKind
from mediation_app.parties.operations import (
    create_centre,
    create_federation,
    create_organisation,
    create_user,
    join_federation,
)
from mediation_app.sessions.models import MediationSession
from mediation_app.types import utcnow
from mediation_app.validation import uscc_check_character
from workflows.case_states import CaseState
from workflows.deadlines import local_date
from workflows.paths import path_to

PASSWORD = "correct-horse-battery"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def held(session_id: int) -> None:
    """Move a scheduled session into the past, as if it had been held (test set-up of
    time: sessions are scheduled in the future, and minutes and agreements come after)."""
    session = db.session.get(MediationSession, session_id)
    length = session.ends_at - session.starts_at
    session.starts_at = utcnow() - length - timedelta(minutes=5)
    session.ends_at = session.starts_at + length
    db.session.commit()


def uscc(serial: int) -> str:
    first17 = f"91320621MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def registration(**overrides) -> dict:
    """A valid self-registration of a company new to the centre, as the API takes it."""
    return {
        "enterprise_name": "海安新锦纶有限公司",
        "uscc": uscc(40),
        "legal_representative": "王强",
        "contact_name": "王小明",
        "phone": "13812345678",
        "email": "wang@newfirm.test",
        "password": "a-long-passphrase",
        "privacy_consent": True,
        **overrides,
    }


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    role: str
    organisation_id: int | None
    password: str = PASSWORD

    def user(self) -> User:
        """The ORM row, inside the current app context."""
        return db.session.get(User, self.id)


# The path each state is reached by, from filed (the workflow's own table).
PATHS = {state.value: path_to(state) for state in CaseState}


class World:
    def __init__(self, app, *, documents: bool = True):
        self.app = app
        self.documents = documents  # whether transitions issue their PDFs
        with app.app_context():
            centre = create_centre("test", "测试调解中心", "测商调")
            self.centre_id = centre.id
            chamber = create_organisation(OrganisationKind.CHAMBER, "化纤业总商会")
            other_chamber = create_organisation(OrganisationKind.CHAMBER, "电子信息商会")
            self.court = create_organisation(OrganisationKind.COURT, "海安市人民法院", court_code="苏0621").id
            self.other_court = create_organisation(
                OrganisationKind.COURT, "如皋市人民法院", court_code="苏0682"
            ).id
            self.applicant_uscc, self.respondent_uscc, self.outsider_uscc = uscc(1), uscc(2), uscc(3)
            create_organisation(
                OrganisationKind.ENTERPRISE,
                "江苏常安纺织科技有限公司",
                uscc=self.applicant_uscc,
                chamber_id=chamber.id,
                address="海安市常安大道1号",
                legal_representative="张伟",
            )
            create_organisation(
                OrganisationKind.ENTERPRISE,
                "海安华达锦纶有限公司",
                uscc=self.respondent_uscc,
                address="海安市开发区2号",
                legal_representative="李明",
            )
            self.staff = self._person("staff", "staff@test.example")
            self.mediator = self._person("mediator", "mediator@test.example", organisation=other_chamber.name)
            self.other_mediator = self._person("mediator", "other-mediator@test.example")
            self.conflicted_mediator = self._person(
                "mediator", "chamber-mediator@test.example", organisation=chamber.name
            )
            self.liaison = self._person(
                "court_liaison", "liaison@test.example", organisation="海安市人民法院"
            )
            self.other_liaison = self._person(
                "court_liaison", "other-liaison@test.example", organisation="如皋市人民法院"
            )
            self.applicant = self._person("enterprise", "applicant@test.example", uscc=self.applicant_uscc)
            self.respondent = self._person("enterprise", "respondent@test.example", uscc=self.respondent_uscc)
            self.outsider = self._person(
                "enterprise",
                "outsider@test.example",
                uscc=self.outsider_uscc,
                organisation="无关企业有限公司",
            )
            self.admin = self._person("admin", "admin@test.example")
            create_federation("city", "测试市工商联")
            join_federation("test", "测试市工商联")
            self.federation = self._person("federation", "federation@test.example", federation="测试市工商联")

    def _person(self, role: str, email: str, **fields) -> Person:
        user = create_user(
            role=role,
            email=email,
            password=PASSWORD,
            centre_code="test" if role in ("staff", "mediator", "admin") else None,
            **fields,
        )
        return Person(user.id, user.email, role, user.organisation_id)

    def everyone(self) -> dict[str, Person]:
        return {
            name: getattr(self, name)
            for name in (
                "staff",
                "mediator",
                "other_mediator",
                "conflicted_mediator",
                "liaison",
                "other_liaison",
                "applicant",
                "respondent",
                "outsider",
                "admin",
                "federation",
            )
        }

    def filing(self, **overrides) -> dict:
        """A valid filing body, as the API takes it."""
        return {
            "applicant": {"name": "江苏常安纺织科技有限公司", "uscc": self.applicant_uscc},
            "respondent": {"name": "海安华达锦纶有限公司", "uscc": self.respondent_uscc},
            "claim_amount": "580000.00",
            "summary": "申请人供应锦纶丝后，被申请人拖欠货款。",
            "industry": "nylon",
            "source": "direct",
            **overrides,
        }

    def trigger_data(self, trigger: str) -> dict:
        """Valid data for each trigger."""
        deadline = local_date(utcnow()) + timedelta(days=30)
        return {
            "assign": {"mediator_id": self.mediator.id},
            "reassign": {"mediator_id": self.other_mediator.id},
            "reject": {"reason": "不属于受理范围"},
            "start_mediation": {"respondent_consent": True},
            "record_agreement": {
                "agreed_amount": "500000.00",
                "terms": ["被申请人分两期付清货款。", "申请人放弃利息。"],
                "performance_deadline": deadline.isoformat(),
            },
            "settle": {},
            "refer_to_court": {"reason": "双方分歧较大，调解不成。"},
            "decline_mediation": {"reason": "被申请人不同意调解。"},
            "withdraw": {"reason": "双方已自行和解。"},
        }[trigger]

    def actor_for(self, trigger: str) -> Person:
        return {
            "assign": self.staff,
            "reassign": self.staff,
            "reject": self.staff,
            "withdraw": self.staff,
            "start_mediation": self.mediator,
            "record_agreement": self.mediator,
            "settle": self.mediator,
            "refer_to_court": self.mediator,
            "decline_mediation": self.respondent,
        }[trigger]

    def case(self, state: str = "filed", **filing) -> int:
        """A case in ``state``, reached by firing the real transitions; returns its id."""
        with self.app.app_context():
            data = self.filing(**filing)
            filer = self.liaison if data["source"] != "direct" else self.staff
            case_id = file_case(filer.user(), data).id
            steps = {trigger: self._step(trigger) for trigger in (*PATHS[state], "record_agreement")}
            # a small claim settles for all of it (more than the claim needs a reason)
            agreed = min(Decimal(data["claim_amount"]), Decimal(steps["record_agreement"]["agreed_amount"]))
            steps["record_agreement"]["agreed_amount"] = str(agreed)
            # Without documents, the steps are recorded as ones whose papers exist (no rendering).
            drive(
                case_id,
                state,
                staff=self.staff.user(),
                mediator=self.mediator.user(),
                data=steps,
                past=not self.documents,
            )
        return case_id

    def _step(self, trigger: str) -> dict:
        """The world's data for ``trigger``. Its one mediator takes every case: a history of
        earlier cases between the same parties is overridden, as staff would with a reason
        (tests of the rule say so)."""
        data = self.trigger_data(trigger)
        if trigger in ("assign", "reassign"):
            data.setdefault("override_reason", "测试：同一调解员连续调解")
        return data

    def fire(self, case_id: int, trigger: str, **data) -> None:
        """Fire one ``trigger`` as the person who normally does, with the world's data.
        ``settle`` records the agreement (``data``) and has everyone sign it (or, without
        documents, records it as signed on paper)."""
        if trigger == "settle":
            self.settle(case_id, **data)
            return
        with self.app.app_context():
            version = self.load(case_id).version
            body = {"trigger": trigger, "version": version, **self._step(trigger), **data}
            operation = transition_case if self.documents else record_past_transition
            operation(self.actor_for(trigger).user(), case_id, body)

    def agreed(self, **filing) -> int:
        """A case in mediation whose agreement is recorded and awaits its signatures."""
        case_id = self.case("mediated", **filing)
        self.fire(case_id, "record_agreement")
        return case_id

    def sign_all(self, case_id: int) -> None:
        """Both parties (their signed pages recorded by staff) and the mediator sign the
        recorded agreement: it takes effect and the case is settled."""
        with self.app.app_context():
            sign_by_everyone(case_id, staff=self.staff.user(), mediator=self.mediator.user())

    def settle(self, case_id: int, **agreement) -> None:
        with self.app.app_context():
            drive(
                case_id,
                "settled",
                staff=self.staff.user(),
                mediator=self.mediator.user(),
                data={"record_agreement": {**self._step("record_agreement"), **agreement}},
                past=not self.documents,
            )

    def evidence(
        self,
        case_id: int,
        by: Person | None = None,
        *,
        name: str = "买卖合同.pdf",
        content: bytes = MINIMAL_PDF,
        mediator_only: bool = False,
    ) -> int:
        """An evidence file uploaded through the real operation; returns its id."""
        with self.app.app_context():
            evidence = upload_evidence(
                (by or self.applicant).user(),
                case_id,
                file_name=name,
                content=content,
                category="contract",
                mediator_only=mediator_only,
            )
            return evidence.id

    def load(self, case_id: int) -> Case:
        """A case row, inside the current app context."""
        return db.session.get(Case, case_id)

    def age_clock(self, case_id: int, days: int) -> None:
        """Move a case's time-limit clock start ``days`` into the past (test set-up of
        time, not of state: the state still changes only through transitions)."""
        with self.app.app_context():
            case = self.load(case_id)
            case.clock_started_at = utcnow() - timedelta(days=days)
            case.deadline = case.clock.deadline()
            db.session.commit()
