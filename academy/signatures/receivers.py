"""Receivers of other apps' signals."""

from typing import Any

from django.db import transaction


def seal_issued_certificates(sender: Any, order: Any, by: Any, **kwargs: Any) -> None:
    """After a certificate order is committed, seal its certificates in the background."""
    from .pades import seal_available
    from .tasks import seal_group_certificates

    if order.kind != "certificate" or not seal_available():
        return
    group_pk = order.group_id
    transaction.on_commit(lambda: seal_group_certificates.delay(group_pk))
