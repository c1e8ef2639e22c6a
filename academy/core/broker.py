"""Queue a Celery task, or say at once that the broker cannot be reached.

With Redis down, a plain ``.delay()`` retries the connection for many seconds and then
raises deep inside a request (a 500, or a job left "waiting" forever). :func:`enqueue`
publishes once with the short timeouts of ``CELERY_BROKER_TRANSPORT_OPTIONS`` and turns
any connection failure into :class:`BrokerUnavailable`, so the caller can record a
failed state and tell the user.
"""

import logging
from typing import Any

from celery import Task
from celery.result import AsyncResult
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """The task queue (Redis) could not be reached; nothing was queued."""


def enqueue(task: Task, *args: Any, **kwargs: Any) -> AsyncResult:
    """``task.apply_async`` without publish retries; BrokerUnavailable when it fails."""
    try:
        return task.apply_async(args=args, kwargs=kwargs, retry=False)
    # RuntimeError: the Redis result store gives up reconnecting while subscribing.
    except (OperationalError, ConnectionError, OSError, TimeoutError, RuntimeError) as exc:
        log.warning("broker unreachable, %s not queued: %s", task.name, exc)
        raise BrokerUnavailable(str(exc)) from exc
