"""Writing and verifying the append-only audit log (QUALITY.md items 11-12).

Each entry carries HMAC(key, previous hash + its own canonical content). Editing a row breaks
its own hash; deleting one breaks the next row's link; deleting the tail breaks the head row
(`AuditHead`), which is updated in the same transaction as every append. Appends are
serialised by locking the head row, so the chain stays linear under concurrent writers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.core.crypto import derive_key
from dangjian.core.middleware import client_ip, current_request
from dangjian.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64
_ID_RE = re.compile(r"(?<!\d)(\d{3})\d{11}([\dXx]{4})(?![\dXx])")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def _scrub(value):
    """Never a full ID number or phone in the log, whatever a caller passes."""
    if isinstance(value, str):
        value = _ID_RE.sub(lambda m: m.group(1) + "*" * 11 + m.group(2), value)
        return _PHONE_RE.sub(lambda m: m.group(1) + "****" + m.group(2), value)
    if isinstance(value, dict):
        return {k: ("***" if k in {"password", "token", "secret"} else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _scrub(str(value))


_HASHED_FIELDS = (
    "created_at", "actor_id", "actor_name", "role", "source_ip", "request_id", "action", "object_type",
    "object_id", "object_repr", "org_path", "result", "changes", "reason",
)


def compute_hash(entry: AuditEntry, prev_hash: str) -> str:
    content = {name: getattr(entry, name) for name in _HASHED_FIELDS}
    content["created_at"] = entry.created_at.isoformat(timespec="microseconds")
    payload = prev_hash + "|" + json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(derive_key("audit-chain"), payload.encode(), hashlib.sha256).hexdigest()


def _role_of(user) -> str:
    from dangjian.core.scoping import scope_of

    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    scope = scope_of(user)
    roles = sorted({post for post, _, _ in scope.grants})
    if scope.is_superuser:
        roles.insert(0, "superuser")
    return ",".join(roles)[:200]


def _home_path(user) -> str:
    """Where an event with no target belongs (a login, a token): the actor's place in the tree,
    so the administrators above them see it on the audit page."""
    from dangjian.core.scoping import scope_of

    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    paths = scope_of(user).paths
    if paths:
        return paths[0]
    member = getattr(user, "member", None)
    return member.org.path if member is not None else ""


# The actor_name of an entry written outside any request with no acting user: a scheduled job
# (an expired transfer letter), a command run without --as. Naming it keeps the log from
# holding entries that say nobody acted.
SYSTEM_ACTOR = "系统任务"


def _who(actor, actor_name: str, request) -> tuple:
    """(request, actor, actor_name) of an entry. The actor passed wins; inside a request the
    logged-in user stands in for a missing one, as before; outside a request an entry with
    neither an actor nor a name is the system's."""
    request = request or current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if actor is not None:
        actor_name = actor.get_username()
    elif not actor_name and request is None:
        actor_name = SYSTEM_ACTOR
    return request, actor, actor_name[:150]


def record(
    action: str,
    *,
    target=None,
    org_path: str = "",
    changes: dict | None = None,
    reason: str = "",
    result: str = AuditEntry.Result.SUCCESS,
    actor=None,
    actor_name: str = "",
    request=None,
) -> AuditEntry:
    """Append one entry. Call it inside the service's transaction so it commits with the change."""
    request, actor, actor_name = _who(actor, actor_name, request)
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor,
        actor_name=actor_name,
        role=_role_of(actor),
        source_ip=client_ip(request) if request is not None else "",
        request_id=getattr(request, "request_id", "") if request is not None else "",
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=_scrub(str(target))[:200] if target is not None else "",
        org_path=org_path or getattr(target, "audit_org_path", "") or _home_path(actor),
        result=result,
        changes=_scrub(changes or {}),
        reason=_scrub(reason),
    )
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(singleton=1)
        entry.prev_hash = head.last_hash
        entry.entry_hash = compute_hash(entry, head.last_hash)
        entry.save()
        head.last_id, head.last_hash, head.count = entry.pk, entry.entry_hash, head.count + 1
        head.save(update_fields=["last_id", "last_hash", "count"])
    return entry


def record_many(action: str, targets: list[tuple], *, actor=None, request=None) -> int:
    """Append one entry per (target, changes) in a single step of the chain: the head is locked
    once, the hashes are chained in order and the entries inserted together. For the bulk
    services (an import of thousands of members), where record() per row would be a lock,
    an insert and an update each."""
    if not targets:
        return 0
    request, actor, actor_name = _who(actor, "", request)
    common = {"actor": actor, "actor_name": actor_name, "role": _role_of(actor),
              "source_ip": client_ip(request) if request is not None else "",
              "request_id": getattr(request, "request_id", "") if request is not None else "",
              "action": action, "result": AuditEntry.Result.SUCCESS, "reason": ""}
    now = timezone.now()
    entries = [AuditEntry(created_at=now, object_type=target._meta.label_lower, object_id=str(target.pk),
                          object_repr=_scrub(str(target))[:200], org_path=getattr(target, "audit_org_path", ""),
                          changes=_scrub(changes or {}), **common) for target, changes in targets]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(singleton=1)
        last = head.last_hash
        for entry in entries:
            entry.prev_hash = last
            entry.entry_hash = last = compute_hash(entry, last)
        AuditEntry.objects.bulk_create(entries)
        newest = AuditEntry.objects.filter(entry_hash=last).values_list("pk", flat=True).get()
        head.last_id, head.last_hash, head.count = newest, last, head.count + len(entries)
        head.save(update_fields=["last_id", "last_hash", "count"])
    return len(entries)


def diff(before: dict, after: dict) -> dict:
    """{"field": [old, new]} for the fields that changed — the `changes` of an update."""
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


@dataclass
class ChainReport:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def verify_chain(batch: int = 5000) -> ChainReport:
    prev = GENESIS
    checked = 0
    last_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch):
        if entry.prev_hash != prev:
            return ChainReport(False, checked, "链接断开：前一条记录被删除或修改", entry.pk)
        if compute_hash(entry, prev) != entry.entry_hash:
            return ChainReport(False, checked, "内容与哈希不符：该记录被修改", entry.pk)
        prev, last_id, checked = entry.entry_hash, entry.pk, checked + 1
    head = AuditHead.objects.filter(singleton=1).first()
    if head is None:
        if checked:
            return ChainReport(False, checked, "链头记录缺失")
        return ChainReport(True, 0)
    if (head.last_id, head.last_hash, head.count) != (last_id, prev, checked):
        return ChainReport(False, checked, "链尾不符：最后的记录被删除，或链头被修改", head.last_id)
    return ChainReport(True, checked)
