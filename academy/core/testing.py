"""Test helpers shared by the apps' tests."""

from collections.abc import Iterator
from contextlib import contextmanager

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@contextmanager
def broker_unreachable(url: str = CLOSED_PORT_URL) -> Iterator[None]:
    """Run the Celery app against a broker and result store that refuse connections."""
    from academy.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}

    def reset_connections() -> None:
        # The app caches its connection pools and result backend; drop them both ways.
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)

    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    reset_connections()
    try:
        yield
    finally:
        app.conf.update(**saved)
        reset_connections()
