"""The audit trail: `audit_record` is the one way to write an event, and
`audit_verify` checks the hash chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from lms.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _event_hash(*, seq, occurred_at: dt.datetime, actor_id, actor_repr, action, target_type, target_id,
                target_repr, data, ip, prev_hash) -> str:  # fmt: skip
    payload = _canonical(
        [seq, occurred_at.astimezone(dt.UTC).isoformat(), actor_id, actor_repr, action, target_type,
         target_id, target_repr, data, ip, prev_hash]
    )  # fmt: skip
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *, action: str, actor=None, target=None, data: dict | None = None, ip: str | None = None
) -> AuditEvent:
    """Append one event to the audit trail and return it.

    Runs in the caller's transaction (so an event is stored exactly when the
    change it describes is) and holds a row lock on the chain head until that
    transaction ends, which keeps the chain linear under concurrent writers.
    """
    data = json.loads(_canonical(data or {}))
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        if head is None:  # the first event ever: create the head, then lock it
            AuditChainHead.objects.get_or_create(id=1)
            head = AuditChainHead.objects.select_for_update().get(id=1)
        fields = {
            "seq": head.last_seq + 1,
            "occurred_at": timezone.now(),
            "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
            "actor_repr": (str(actor) if actor is not None and actor.is_authenticated else "system")[:255],
            "action": action,
            "target_type": target._meta.label if target is not None else "",
            "target_id": str(target.pk) if target is not None else "",
            "target_repr": str(target)[:255] if target is not None else "",
            "data": data,
            "ip": ip,
            "prev_hash": head.last_hash,
        }
        event = AuditEvent(**fields, hash=_event_hash(**fields))
        event.save()
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass
class AuditVerification:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    problem: str = ""


def audit_verify() -> AuditVerification:
    """Walk the chain in order; report the first event that was altered, removed
    or inserted out of place. Streams the table (memory does not grow with it)."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return AuditVerification(False, checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != expected_prev:
            return AuditVerification(
                False, checked, event.seq, f"event #{event.seq} does not follow the one before it"
            )
        recomputed = _event_hash(
            seq=event.seq, occurred_at=event.occurred_at, actor_id=event.actor_id, actor_repr=event.actor_repr,
            action=event.action, target_type=event.target_type, target_id=event.target_id,
            target_repr=event.target_repr, data=event.data, ip=event.ip, prev_hash=event.prev_hash,
        )  # fmt: skip
        if recomputed != event.hash:
            return AuditVerification(False, checked, event.seq, f"event #{event.seq} was altered")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(id=1).first()
    last_seq = head.last_seq if head else 0
    if last_seq != checked:
        return AuditVerification(
            False, checked, checked + 1, f"events #{checked + 1}–#{last_seq} are missing"
        )
    return AuditVerification(True, checked)
