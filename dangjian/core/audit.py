"""Writing and verifying the append-only audit log (QUALITY.md items 11-12).

Each entry carries HMAC(key, previous hash + its own canonical content). Editing a row breaks
its own hash; deleting one breaks the next row's link; deleting the tail breaks the head row
(`AuditHead`), which is updated in the same transaction as every append. Appends are
serialised by locking the head row, so the chain stays linear under concurrent writers.

The head carries its own HMAC (`head_mac`): without it, deleting the newest rows and copying the
new last row's id, hash and count into the head passed as a complete log. The key comes from
DANGJIAN_ENCRYPTION_KEY, never from the database, so the head cannot be forged from the
database alone. What the database alone cannot prove is that the head is the newest one: an
attacker holding an older copy of the database could put back an older, genuinely signed head
after cutting the tail. Checkpoints close that gap: `verify_audit --write-checkpoint FILE`
appends the verified head, signed, to a file outside the database (and prints it to the job's
log); `verify_audit --checkpoint FILE` then fails when the chain is shorter than, or differs
from, any checkpoint in the file.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dangjian.core.crypto import derive_key
from dangjian.core.models import AuditEntry, AuditHead
from dangjian.core.request_context import client_ip, current_request
from dangjian.core.snapshots import mark_changes, marks_for_change, write_marks

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


def scrub_text(text: str) -> str:
    """A text with any full ID number or phone masked (for words leaving the system, too)."""
    return _scrub(text)


_HASHED_FIELDS = (
    "created_at", "actor_id", "actor_name", "role", "source_ip", "request_id", "action", "object_type",
    "object_id", "object_repr", "org_path", "result", "changes", "reason",
)


def compute_hash(entry: AuditEntry, prev_hash: str) -> str:
    content = {name: getattr(entry, name) for name in _HASHED_FIELDS}
    content["created_at"] = entry.created_at.isoformat(timespec="microseconds")
    payload = prev_hash + "|" + json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(derive_key("audit-chain"), payload.encode(), hashlib.sha256).hexdigest()


def head_mac(last_id: int, last_hash: str, count: int) -> str:
    """The head's signature. A key of its own (derived from the same master key as the chain's),
    so a head's MAC can never be passed off as an entry's hash or a checkpoint's MAC."""
    payload = f"{last_id}|{last_hash}|{count}"
    return hmac.new(derive_key("audit-head"), payload.encode(), hashlib.sha256).hexdigest()


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
    object_id: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the service's transaction so it commits with the change.
    `object_id` names an object without loading it (a refused request's id): `target` wins."""
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
        object_id=str(target.pk) if target is not None else object_id[:64],
        object_repr=_scrub(str(target))[:200] if target is not None else "",
        org_path=org_path or getattr(target, "audit_org_path", "") or _home_path(actor),
        result=result,
        changes=_scrub(changes or {}),
        reason=_scrub(reason),
    )
    held = _HELD.get()
    with transaction.atomic():
        head = held.head if held else AuditHead.objects.select_for_update().get_or_create(singleton=1)[0]
        entry.prev_hash = head.last_hash
        entry.entry_hash = compute_hash(entry, head.last_hash)
        entry.save()
        if result == AuditEntry.Result.SUCCESS:
            # a refusal changed nothing: the pages' snapshots of the place stay current
            (held.mark if held else mark_changes)({entry.org_path}, entry.pk)
        _advance(head, entry.pk, entry.entry_hash, 1, held)
    return entry


def record_many(action: str, targets: list[tuple], *, actor=None, request=None, reason: str = "") -> int:
    """Append one entry per (target, changes) in a single step of the chain: the head is locked
    once, the hashes are chained in order and the entries inserted together. For the bulk
    services (an import of thousands of members), where record() per row would be a lock,
    an insert and an update each. `reason`: the same for every entry (a batch decided at once)."""
    if not targets:
        return 0
    request, actor, actor_name = _who(actor, "", request)
    common = {"actor": actor, "actor_name": actor_name, "role": _role_of(actor),
              "source_ip": client_ip(request) if request is not None else "",
              "request_id": getattr(request, "request_id", "") if request is not None else "",
              "action": action, "result": AuditEntry.Result.SUCCESS, "reason": _scrub(reason)}
    now = timezone.now()
    entries = [AuditEntry(created_at=now, object_type=target._meta.label_lower, object_id=str(target.pk),
                          object_repr=_scrub(str(target))[:200], org_path=getattr(target, "audit_org_path", ""),
                          changes=_scrub(changes or {}), **common) for target, changes in targets]
    held = _HELD.get()
    with transaction.atomic():
        head = held.head if held else AuditHead.objects.select_for_update().get_or_create(singleton=1)[0]
        last = head.last_hash
        for entry in entries:
            entry.prev_hash = last
            entry.entry_hash = last = compute_hash(entry, last)
        AuditEntry.objects.bulk_create(entries)
        newest = AuditEntry.objects.filter(entry_hash=last).values_list("pk", flat=True).get()
        (held.mark if held else mark_changes)({entry.org_path for entry in entries}, newest)
        _advance(head, newest, last, len(entries), held)
    return len(entries)


def _advance(head: AuditHead, last_id: int, last_hash: str, added: int, held: _Held | None) -> None:
    head.last_id, head.last_hash, head.count = last_id, last_hash, head.count + added
    head.mac = head_mac(head.last_id, head.last_hash, head.count)
    if held is None:
        head.save(update_fields=["last_id", "last_hash", "count", "mac"])


@dataclass
class _Held:
    head: AuditHead
    marks: dict[str, int] = field(default_factory=dict)

    def mark(self, paths: set[str], entry_id: int) -> None:
        for key in {key for path in paths for key in marks_for_change(path)}:
            self.marks[key] = entry_id  # entries come in the chain's order: the last is the newest


_HELD: contextvars.ContextVar[_Held | None] = contextvars.ContextVar("audit_chain_held", default=None)


@contextlib.contextmanager
def chain_held() -> Iterator[None]:
    """For one transaction that appends thousands of entries (seed_demo writes a whole city in one):
    the head row is locked once — as the first append would lock it, to the transaction's end — and
    the head and the change marks are kept here and written once, when the block ends, in the same
    transaction. PostgreSQL cannot prune the versions an open transaction leaves of a row it updates
    again and again, so each append walked every version the appends before it had left of the head
    and of the marks up to the root: 12 ms an entry at the start of a city seed, 85 ms after 8,000.
    The entries themselves are written as ever. An entry rolled back inside the block (a savepoint)
    would leave the kept head pointing past it: the block then refuses to write the head, and the
    transaction fails rather than commit a broken chain."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("chain_held() belongs inside the transaction whose appends it holds")
    held = _Held(AuditHead.objects.select_for_update().get_or_create(singleton=1)[0])
    before_count, before_id = held.head.count, held.head.last_id
    token = _HELD.set(held)
    try:
        yield
    finally:
        _HELD.reset(token)
    head = held.head
    written = AuditEntry.objects.filter(pk__gt=before_id).count()
    if head.count - before_count != written or (written and not AuditEntry.objects.filter(
            pk=head.last_id, entry_hash=head.last_hash).exists()):
        raise RuntimeError(f"audit chain held in memory does not match the entries written "
                           f"({head.count - before_count} appended, {written} in the log): an entry was rolled back")
    head.save(update_fields=["last_id", "last_hash", "count", "mac"])
    write_marks(held.marks)


def diff(before: dict, after: dict) -> dict:
    """{"field": [old, new]} for the fields that changed — the `changes` of an update."""
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


@dataclass(frozen=True)
class Checkpoint:
    """A verified head as it stood at `written_at`, kept outside the database."""

    count: int
    last_id: int
    last_hash: str
    written_at: str

    def _payload(self) -> str:
        return f"checkpoint|{self.count}|{self.last_id}|{self.last_hash}|{self.written_at}"

    def signed(self) -> str:
        """One line of a checkpoint file: JSON with the HMAC of the fields."""
        mac = hmac.new(derive_key("audit-checkpoint"), self._payload().encode(), hashlib.sha256).hexdigest()
        body = {"count": self.count, "last_id": self.last_id, "last_hash": self.last_hash,
                "written_at": self.written_at, "mac": mac}
        return json.dumps(body, sort_keys=True, separators=(",", ":"))

    def mac_matches(self, mac: str) -> bool:
        expected = hmac.new(derive_key("audit-checkpoint"), self._payload().encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, mac)


class CheckpointError(Exception):
    """A checkpoint file that cannot be trusted: unreadable, malformed or not signed with our key."""


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in the file (one JSON line each), each one's MAC checked."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CheckpointError(f"无法读取检查点文件 {path}：{error}") from error
    checkpoints = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            body = json.loads(line)
            point = Checkpoint(int(body["count"]), int(body["last_id"]), str(body["last_hash"]), str(body["written_at"]))
            mac = str(body["mac"])
        except (ValueError, KeyError, TypeError) as error:
            raise CheckpointError(f"检查点文件第 {number} 行格式不对") from error
        if not point.mac_matches(mac):
            raise CheckpointError(f"检查点文件第 {number} 行签名无效：被改动过，或不是用本系统的密钥写的")
        checkpoints.append(point)
    return checkpoints


@dataclass
class ChainReport:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None
    # The signed head the chain was verified against: what a new checkpoint records.
    head: Checkpoint | None = field(default=None, repr=False)


def verify_chain(batch: int = 5000, checkpoints: list[Checkpoint] | tuple = ()) -> ChainReport:
    """Walk the whole chain: every link, every hash, the signed head, and each checkpoint given.

    The head is read before the entries: appends lock the head and take their ids after the
    ones before them, so every entry up to the head's was committed when the head was read, and
    the entries a concurrent writer adds during the walk simply follow it (they are still
    checked link by link)."""
    head = AuditHead.objects.filter(singleton=1).first()
    if head is not None and not hmac.compare_digest(head.mac, head_mac(head.last_id, head.last_hash, head.count)):
        return ChainReport(False, 0, "链头签名无效：链头被改写（例如删除末尾记录后伪造链头），或密钥已更换", head.last_id)
    marks = {point.count: point for point in checkpoints}
    prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch):
        if entry.prev_hash != prev:
            return ChainReport(False, checked, "链接断开：前一条记录被删除或修改", entry.pk)
        if compute_hash(entry, prev) != entry.entry_hash:
            return ChainReport(False, checked, "内容与哈希不符：该记录被修改", entry.pk)
        prev, checked = entry.entry_hash, checked + 1
        if head is not None and checked == head.count and (entry.pk, prev) != (head.last_id, head.last_hash):
            return ChainReport(False, checked, "链尾不符：链头指向的不是这条记录", entry.pk)
        point = marks.get(checked)
        if point is not None and (entry.pk, prev) != (point.last_id, point.last_hash):
            return ChainReport(False, checked, f"与检查点（{point.written_at}）不符：第 {checked} 条记录被替换", entry.pk)
    if head is None and checked:
        return ChainReport(False, checked, "链头记录缺失")
    if head is not None and checked < head.count:
        return ChainReport(False, checked, f"链尾不符：链头记有 {head.count} 条，实有 {checked} 条，最后的记录被删除",
                           head.last_id)
    for point in sorted(checkpoints, key=lambda p: p.count, reverse=True):
        if point.count > checked:
            return ChainReport(False, checked, f"比检查点（{point.written_at}）短：当时已有 {point.count} 条，现仅 "
                                               f"{checked} 条，末尾的记录被删除", point.last_id)
    now = timezone.now().isoformat(timespec="seconds")
    snapshot = Checkpoint(head.count, head.last_id, head.last_hash, now) if head else Checkpoint(0, 0, GENESIS, now)
    return ChainReport(True, checked, head=snapshot)
