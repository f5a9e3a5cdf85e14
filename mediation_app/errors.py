"""Domain exceptions raised by operations, mapped to HTTP once for both faces."""


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", fields: dict[str, str] | None = None):
        super().__init__(message or self.__class__.__doc__ or self.code)
        self.message = message or (self.__class__.__doc__ or self.code).strip()
        self.fields = fields or {}


class ValidationFailed(DomainError):
    """The input is invalid."""

    status = 422
    code = "validation_error"


class NotVisible(DomainError):
    """Not found."""

    # Deliberately identical to a missing row: existence is not disclosed.
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    """This action is not allowed for your role."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The case is not in a state that allows this action."""

    status = 409
    code = "conflict"


class StaleCase(Conflict):
    """The case was changed by someone else; reload it and try again."""

    code = "stale_version"


class Unauthenticated(DomainError):
    """Authentication is required."""

    status = 401
    code = "unauthenticated"


class RateLimited(DomainError):
    """Too many attempts; wait a while and try again."""

    status = 429
    code = "rate_limited"


class MalformedRequest(DomainError):
    """The request body is not a JSON object."""

    status = 400
    code = "bad_request"
