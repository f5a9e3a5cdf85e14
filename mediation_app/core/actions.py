"""What a user may do with an object now: one registry per kind of object, the single
source for the buttons a page shows, the checks an operation makes, the
``allowed_actions`` the API reports and the access tests.

Every action answers two questions. *Who*: may this user ever do it to this object?
If not, the answer is "never" (403), whatever the object's state. *When*: does the
object allow it now? If not, "not now" (409), with a message saying why. Domains add
the actions they own to the registry of the kind they act on (a case's evidence, its
sessions, its court linkage all add to the case's).
"""

from collections.abc import Callable
from dataclasses import dataclass

from mediation_app.errors import Conflict, Forbidden


def _always(obj) -> bool:
    return True


def _anyone(user, obj) -> bool:
    return True


@dataclass(frozen=True)
class Action:
    name: str
    who: Callable[[object, object], bool]  # (user, obj) -> may this user ever?
    when: Callable[[object], bool] = _always  # (obj) -> does the object allow it now?
    not_now: str | None = None  # why not now (the 409's message)
    roles: frozenset | None = None  # the roles that may ever, whichever object (None: any)

    def may(self, user, obj) -> bool:
        """Whether ``user`` may ever take it on ``obj`` (else: never, 403)."""
        return (self.roles is None or user.role in self.roles) and self.who(user, obj)


class Actions:
    """The actions on one kind of object, in the order they were added."""

    def __init__(self, kind: str):
        self.kind = kind
        self.actions: dict[str, Action] = {}

    def add(self, name: str, who=None, when=_always, not_now=None, roles=None) -> Action:
        """``who`` decides per object; ``roles``, where given, before any object is
        looked up (so a role that may never act learns nothing of which objects exist)."""
        if name in self.actions:
            raise ValueError(f"{self.kind} action {name} is declared twice")
        roles = frozenset(roles) if roles is not None else None
        self.actions[name] = Action(name, who or _anyone, when, not_now, roles)
        return self.actions[name]

    def refuse_roles(self, user, name: str) -> None:
        """Never (403) for a role the action is not for, before the object is looked up."""
        roles = self.actions[name].roles
        if roles is not None and user.role not in roles:
            raise Forbidden()

    def __getitem__(self, name: str) -> Action:
        return self.actions[name]

    def allows(self, user, obj, name: str) -> bool:
        action = self.actions[name]
        return action.may(user, obj) and action.when(obj)

    def available(self, user, obj) -> list[str]:
        """Every action ``user`` may take on ``obj`` now."""
        return [name for name, action in self.actions.items() if action.may(user, obj) and action.when(obj)]

    def require(self, user, obj, name: str) -> None:
        """Go on, or refuse: never (403) before not now (409)."""
        action = self.actions[name]
        if not action.may(user, obj):
            raise Forbidden()
        if not action.when(obj):
            raise Conflict(action.not_now)
