"""Domain exceptions raised by operations, mapped to HTTP once for both faces."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400
    code = "bad_request"
    default_message = _l("The request could not be understood.")

    def __init__(self, message=None, fields: dict | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.code))


class ValidationFailed(DomainError):
    status = 422
    code = "validation_error"
    default_message = _l("Please correct the marked fields.")


class NotVisible(DomainError):
    # Deliberately identical to a missing row: existence is not disclosed.
    status = 404
    code = "not_found"
    default_message = _l("Not found.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _l("This action is not allowed for your role.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _l("The case is not in a state that allows this action.")


class StaleCase(Conflict):
    code = "stale_version"
    default_message = _l("The case was changed by someone else; reload it and try again.")


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = _l("Authentication is required.")


class MalformedRequest(DomainError):
    status = 400
    code = "bad_request"
    default_message = _l("The request body is not a JSON object.")


class Gone(DomainError):
    # Destroyed on purpose (a retention schedule), unlike a missing record (404).
    status = 410
    code = "gone"
    default_message = _l("This was destroyed at the end of its retention period.")


class Unavailable(DomainError):
    status = 503
    code = "unavailable"
    default_message = _l("The service is busy; nothing was saved. Please try again shortly.")


class StorageFull(DomainError):
    # 507 Insufficient Storage: retrying soon will not help until space is freed.
    status = 507
    code = "storage_full"
    default_message = _l("The file store is full; nothing was saved. Please tell the centre's administrator.")


class StorageUnavailable(Unavailable):
    code = "storage_unavailable"
    default_message = _l(
        "The file store cannot be written at the moment; nothing was saved. Please try again later."
    )


class SigningUnavailable(Unavailable):
    # The centre's key is missing or unreadable (documents.centre_signature): an operator's
    # matter, logged with the file and the reason; a document is never issued unsigned.
    code = "signing_unavailable"
    default_message = _l(
        "The centre's documents cannot be signed at the moment; nothing was issued. "
        "Please tell the centre's administrator."
    )
