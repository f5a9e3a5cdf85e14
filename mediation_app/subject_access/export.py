"""A person's subject-access export: the JSON of :func:`held_about` and its PDF summary,
printed in Chinese whatever the asker's language (it may be shown to a court)."""

import json
import logging
from datetime import datetime
from pathlib import Path

from mediation_app.documents.centre_signature import signer_for
from mediation_app.documents.render import render_pdf
from mediation_app.subject_access.collect import held_about
from mediation_app.types import utcnow
from workflows.deadlines import CHINA, local_date

KIND = "subject_access"
log = logging.getLogger(__name__)


# Words of the summary for the export's codes (the JSON keeps the codes).
WORDS = {
    "applicant": "申请人",
    "respondent": "被申请人",
    "mediator": "调解员",
    "filer": "提交人",
    "phone": "联系电话",
    "email": "电子邮箱",
}


def _printable(value):
    """A value as the summary prints it: times in local minutes, codes in words."""
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return WORDS.get(value, value)
        return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if moment.tzinfo else value
    return value


def summary_pdf(held: dict, centre) -> bytes:
    """The summary, issued and signed by ``centre``."""
    generated_on = local_date(utcnow()).isoformat()
    context = {
        "title": "个人信息查阅摘要",
        "centre_name": centre.name,
        "document_number": held["account"]["name"],
        "version": 1,
        "correction_reason": None,
        "verification_code": "",
        "generated_on": generated_on,
        "held": _printable(held),
    }
    return render_pdf(KIND, context, signer=signer_for(centre))


def export_subject(user_id: int, centre, folder: Path) -> tuple[Path, Path]:
    """Write ``<user id>.json`` and ``<user id>.pdf`` into ``folder``, the summary issued by
    ``centre``; their paths."""
    held = held_about(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    data, summary = folder / f"subject-{user_id}.json", folder / f"subject-{user_id}.pdf"
    data.write_text(json.dumps(held, ensure_ascii=False, indent=1))
    summary.write_bytes(summary_pdf(held, centre))
    log.info("subject-access export of user %d written to %s", user_id, folder)
    return data, summary
