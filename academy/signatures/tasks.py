"""Background jobs: sealing a group's certificates in bulk, with progress (TR-28)."""

from typing import Any

from celery import shared_task

from academy.documents.models import Certificate

from .certificates import certificate_seal
from .pades import Sealer


def seal_certificates(pks: list[int], progress: Any = None) -> int:
    """Seal each certificate not sealed yet, with one key and validation context; count them."""
    sealer = Sealer()
    certificates = Certificate.objects.filter(pk__in=pks).select_related(
        "listener", "group__course", "order__signed_by"
    )
    done = 0
    total = len(pks)
    for certificate in certificates:
        certificate_seal(certificate=certificate, sealer=sealer)
        done += 1
        if progress is not None:
            progress(done, total)
    return done


@shared_task(bind=True, name="signatures.seal_group_certificates")
def seal_group_certificates(self: Any, group_pk: int) -> int:
    """Seal all certificates of a group; progress is reported as the task's state."""
    pks = list(Certificate.objects.filter(group_id=group_pk).values_list("pk", flat=True))

    def progress(done: int, total: int) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return seal_certificates(pks, progress)
