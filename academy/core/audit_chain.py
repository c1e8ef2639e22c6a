"""Tamper evidence for the audit log: every entry is sealed into a hash chain.

Each new django-auditlog entry (field changes and named events alike) gets an
:class:`~academy.core.models.AuditSeal` whose hash covers the entry's stored content and
the previous seal's hash. Editing, deleting or slipping in a row by hand breaks the chain
at that point; :func:`verify_chain` (``manage.py audit_verify``) names the first break.
The head row is locked while a seal is appended, so the chain stays linear under
concurrent writers.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from auditlog.models import LogEntry
from django.db import transaction

from .models import AuditChainHead, AuditSeal

GENESIS = "0" * 64


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def entry_digest_source(values: dict[str, Any]) -> str:
    """The entry's stored content as canonical JSON (sorted keys, UTC times)."""
    return json.dumps(
        {key: _canonical(value) for key, value in values.items()},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
        separators=(",", ":"),
    )


def seal_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + entry_digest_source(values)).encode()).hexdigest()


def _stored_values(entry_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Entries as the database returns them (never the in-memory objects)."""
    return {row["id"]: row for row in LogEntry.objects.filter(pk__in=entry_ids).values()}


def on_log_entry_saved(sender: type, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """post_save of LogEntry: seal each new entry in the transaction that wrote it."""
    if created and not kwargs.get("raw"):
        seal_entry(instance.pk)


def seal_entry(entry_id: int) -> AuditSeal:
    """Append the seal of one stored log entry to the chain.

    Steps: lock the head row; read the entry back from the database; hash it with the
    head's hash; write the seal and move the head – all in one transaction.
    """
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        values = _stored_values([entry_id])[entry_id]
        prev = head.last_hash or GENESIS
        seal = AuditSeal.objects.create(
            seq=head.last_seq + 1, entry_id=entry_id, prev_hash=prev, hash=seal_hash(prev, values)
        )
        head.last_seq, head.last_hash = seal.seq, seal.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return seal


def seal_unsealed(progress: Callable[[int], None] | None = None) -> int:
    """Seal, in id order, every entry without a seal (existing rows at migration time)."""
    sealed = set(AuditSeal.objects.values_list("entry_id", flat=True))
    count = 0
    for entry_id in LogEntry.objects.order_by("pk").values_list("pk", flat=True).iterator():
        if entry_id not in sealed:
            seal_entry(entry_id)
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
    return count


@dataclass(frozen=True)
class ChainBreak:
    seq: int | None
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"seal #{self.seq}, " if self.seq is not None else ""
        return f"{where}log entry {self.entry_id}: {self.reason}"


def _seals(batch: int = 2000) -> Iterator[list[AuditSeal]]:
    last = 0
    while True:
        chunk = list(AuditSeal.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].seq


def verify_chain(progress: Callable[[int], None] | None = None) -> ChainBreak | None:
    """Walk the chain from the start; the first break found, or None when intact."""
    prev, expected_seq, checked = GENESIS, 1, 0
    for chunk in _seals():
        stored = _stored_values([seal.entry_id for seal in chunk])
        for seal in chunk:
            if seal.seq != expected_seq:
                return ChainBreak(expected_seq, None, "seal missing (chain has a gap)")
            if seal.prev_hash != prev:
                return ChainBreak(seal.seq, seal.entry_id, "does not link to the previous seal")
            values = stored.get(seal.entry_id)
            if values is None:
                return ChainBreak(seal.seq, seal.entry_id, "entry deleted")
            if seal_hash(prev, values) != seal.hash:
                return ChainBreak(seal.seq, seal.entry_id, "entry changed after it was written")
            prev, expected_seq = seal.hash, expected_seq + 1
            checked += 1
        if progress:
            progress(checked)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, prev):
        return ChainBreak(head.last_seq, None, "the newest seals were removed")
    unsealed = (
        LogEntry.objects.exclude(pk__in=AuditSeal.objects.values("entry_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if unsealed is not None:
        return ChainBreak(None, unsealed, "entry has no seal (inserted outside the application)")
    return None
