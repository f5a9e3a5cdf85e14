"""A respondent without an account at the centre is invited by SMS too, at the mobile
the filer gave (``cases.notices`` sends the e-mail): after the acceptance commits, as a
job with the runner's retries, once per case."""

from mediation_app.cases.models import Case
from mediation_app.cases.notices import registration_link, users_of
from mediation_app.extensions import db
from mediation_app.jobs.tasks import Permanent, later, task
from mediation_app.service import sms

# One message of about 70 characters a part: who, which case, and where to answer.
INVITATION_TEXT = (
    "【{centre_name}】{applicant_name}申请与贵方调解商事纠纷（{case_number}），调解自愿、免费。"
    "请致电本中心或注册后在线答复：{register_url}"
)


def invite_by_sms(case, trigger: str) -> None:
    """``cases.hooks.transition_done``: on acceptance, when the respondent has no account
    here and the filer gave its mobile, and the centre has an SMS gateway."""
    if trigger != "assign" or not case.respondent_mobile or sms.gateway() is None:
        return
    if users_of(case.respondent_id, case):
        return  # invited in its inbox and by e-mail
    text = INVITATION_TEXT.format(
        centre_name=case.centre.name,
        applicant_name=case.applicant.name,
        case_number=case.number,
        register_url=registration_link(case),
    )
    later("send_invitation_sms", f"invitation-sms:{case.id}", case_id=case.id, text=text)


@task("send_invitation_sms", queue="default", max_attempts=6, retry_seconds=60)
def send_invitation_sms(case_id: int, text: str) -> None:
    case = db.session.get(Case, case_id)
    gateway = sms.gateway()
    if case is None or gateway is None:
        raise Permanent("the case or the SMS gateway is gone")
    gateway.send(case.respondent_mobile, text, reference=f"invitation-{case_id}")
