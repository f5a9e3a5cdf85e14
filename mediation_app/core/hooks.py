"""Hooks: the points in one domain's operation where other domains attach their part.

A domain declares its hooks (``cases.hooks``, ``court.hooks``, ``sessions.hooks``) and
calls them inside its transaction; the receivers run there, in the order they were
connected, so their work commits or rolls back with the operation. Which receiver is
attached to which hook is written down in one place, ``mediation_app.wiring``, so a
domain never imports the domains that build on it.
"""

import inspect
from collections.abc import Callable


class Hook:
    def __init__(self, name: str, arguments: tuple[str, ...]):
        self.name = name
        self.arguments = arguments  # what the hook gives; each receiver names those it needs
        self.receivers: list[tuple[Callable, tuple[str, ...]]] = []

    def connect(self, receiver: Callable) -> Callable:
        """Attach ``receiver`` after those already attached (once, however often asked).
        It is called with the hook's arguments it names, by keyword."""
        wanted = tuple(inspect.signature(receiver).parameters)
        if unknown := set(wanted) - set(self.arguments):
            raise TypeError(f"{receiver.__qualname__} wants {unknown}, which hook {self.name} does not give")
        if (receiver, wanted) not in self.receivers:
            self.receivers.append((receiver, wanted))
        return receiver

    def __call__(self, **arguments) -> list:
        """Run every receiver, in order; their answers, in the same order."""
        if set(arguments) != set(self.arguments):
            raise TypeError(f"hook {self.name} takes {', '.join(self.arguments)}")
        return [receiver(**{name: arguments[name] for name in wanted}) for receiver, wanted in self.receivers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {', '.join(r.__qualname__ for r, _ in self.receivers)}>"
