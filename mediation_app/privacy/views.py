"""The privacy notice (个人信息处理规则) registrants agree to."""

from flask import render_template

from mediation_app.privacy.operations import NOTICE_VERSION


def notice():
    return render_template("privacy/notice.html", version=NOTICE_VERSION)
