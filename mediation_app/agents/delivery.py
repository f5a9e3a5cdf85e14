"""Receiving an appointment (multipart: the letter and the fields), for both faces."""

from flask import request

from mediation_app.agents import operations

FIELDS = ("party", "name", "kind", "workplace", "licence_number", "phone", "scope", "powers", "email")


def receive_appointment(user, case_id: int):
    letter = request.files.get("letter")
    return operations.appoint_agent(
        user,
        case_id,
        {field: request.form[field] for field in FIELDS if request.form.get(field)},
        file_name=letter.filename if letter else None,
        content=letter.read() if letter else b"",
        remote_addr=request.remote_addr,
    )
