"""Reads of reports and the OPAC on a read-only replica (DATABASE_REPLICA_URL; off by default).

Only code that asks for it reads from the replica: a view wrapped in `reads_from_replica`
routes its reads there for the length of the request. Everything else – and every write –
goes to the primary, so nobody reads their own write from a replica that lags behind.
"""

import contextvars
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings

REPLICA = "replica"
F = TypeVar("F", bound=Callable[..., Any])
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Sends reads to the replica while `reads_from_replica` is active; writes to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _use_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


def reads_from_replica(view: F) -> F:
    """Route the reads of a read-only view (a report, an OPAC search) to the replica."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _use_replica.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _use_replica.reset(token)

    return wrapper  # type: ignore[return-value]
