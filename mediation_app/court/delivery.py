"""Sending a referral package to someone allowed to have it (both faces)."""

from flask import request, send_file
from flask_babel import force_locale

from mediation_app.court import operations
from mediation_app.court.package import build_package
from mediation_app.court.permissions import may_download_package
from mediation_app.court.queries import get_visible_referral
from mediation_app.errors import Forbidden


def send_package(user, case_id: int):
    referral, case = get_visible_referral(user, case_id)
    if not may_download_package(user, case):
        raise Forbidden()
    with force_locale("zh"):  # a record for a Chinese court, whatever the reader's language
        package = build_package(case, referral)
    response = send_file(
        package.file,
        mimetype="application/zip",
        as_attachment=True,
        download_name=package.download_name,
        max_age=0,
    )
    response.headers["X-Content-SHA256"] = package.sha256
    return response


def receive_letter(user, case_id: int):
    """The multipart request's ``file``, handed to the one attach operation."""
    upload = request.files.get("file")
    return operations.attach_delegation_letter(
        user,
        case_id,
        file_name=upload.filename if upload else None,
        content=upload.read() if upload else b"",
        remote_addr=request.remote_addr,
    )
