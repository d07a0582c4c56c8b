"""Snapshots of a page's costly part over an organization's subtree (the home page's figures and
to-do), kept in the shared cache and dropped by the first write that could change them.

Every data change writes an audit entry that names where in the tree it happened
(`AuditEntry.org_path`, core.audit). In the same transaction the audit log marks that place
(`ChangeMark`): "t:<prefix>" for every organization above and at the path (something changed in
that subtree), "n:<path>" for the path itself (something changed there, which may reach down: a
rule the city switches on). A snapshot of organization X is keyed on the marks that can touch X —
its own subtree's "t:", the "n:" of X and of every organization above it, and "n:" (changes
placed nowhere) — so a school's snapshot survives the writes of other schools, and a write
inside the subtree is seen at the next request, in every process, without waiting.

What no audit entry records (the passing of the day; a fixture written straight to the tables)
is caught by the date in the key and by the snapshot's lifetime (SNAPSHOT_SECONDS); the page
shows the snapshot's time (数据截至 …) so that a reader knows what they are looking at.

A snapshot belongs to one user (the to-do has personal lines: one's own ballot, one's own
overdue matters) and to their rights (the scope's grants are part of the key).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from dangjian.core.models import ChangeMark
from dangjian.core.scoping import scope_of

logger = logging.getLogger(__name__)

# The organization tree's path step (treebeard's default steplen, which PartyOrg keeps): the
# prefixes of a path at multiples of it are the organizations above. tests/core/test_snapshots.py
# holds the two equal.
PATH_STEP = 4
# The longest a snapshot is used: it bounds what no audit entry marks.
SNAPSHOT_SECONDS = 10 * 60


def _prefixes(path: str) -> list[str]:
    return [path[:k] for k in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def marks_for_change(path: str) -> list[str]:
    """The marks a change at `path` sets."""
    if not path:
        return ["n:"]
    return [*(f"t:{prefix}" for prefix in _prefixes(path)), f"n:{path}"]


def marks_reaching(path: str) -> list[str]:
    """The marks whose change can alter what is computed over `path`'s subtree."""
    return ["n:", f"t:{path}", *(f"n:{prefix}" for prefix in _prefixes(path))]


def mark_changes(paths: set[str], entry_id: int) -> None:
    """Called by core.audit inside the entry's transaction (under the audit head's lock, so the
    marks are written in the order of the entries)."""
    write_marks(dict.fromkeys({key for path in paths for key in marks_for_change(path)}, entry_id))


def write_marks(marks: dict[str, int]) -> None:
    """Upsert key → newest entry id (core.audit.chain_held writes a whole seed's marks at once)."""
    ChangeMark.objects.bulk_create([ChangeMark(key=key, entry_id=marks[key]) for key in sorted(marks)],
                                   update_conflicts=True, unique_fields=["key"], update_fields=["entry_id"],
                                   batch_size=1000)


def last_change(path: str) -> int:
    """The id of the newest audit entry that can have changed something over `path`'s subtree
    (0 if none): one query."""
    return ChangeMark.objects.filter(key__in=marks_reaching(path)).aggregate(m=Max("entry_id"))["m"] or 0


@dataclass(frozen=True)
class Snapshot:
    value: Any
    as_of: datetime.datetime   # when it was computed
    cached: bool               # served from the cache (False: computed for this request)


def _scope_signature(user) -> str:
    scope = scope_of(user)
    grants = sorted((post, path) for post, path, _ in scope.grants)
    return hashlib.sha256(repr((scope.is_superuser, grants)).encode()).hexdigest()[:24]


def snapshot(name: str, *, user, path: str, day: datetime.date, compute: Callable[[], Any],
             seconds: int = SNAPSHOT_SECONDS) -> Snapshot:
    """`compute()` for `user` over the subtree at `path` on `day`, or its snapshot if nothing
    that can change it has been written since. The value must pickle."""
    change = last_change(path)
    # The database's name too: two instances sharing one cache (a Redis, the embedded file cache of
    # one checkout) must never read each other's snapshots.
    database = settings.DATABASES["default"]["NAME"]
    key = "snapshot:" + hashlib.sha256(repr((
        name, str(database), user.pk, _scope_signature(user), path, day.isoformat(), change)).encode()).hexdigest()
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down costs time, never the page
        logger.warning("snapshot cache unavailable", exc_info=True)
        found = None
    if found is not None:
        value, as_of = found
        return Snapshot(value, as_of, cached=True)
    value, as_of = compute(), timezone.now()
    try:
        cache.set(key, (value, as_of), seconds)
    except Exception:  # noqa: BLE001
        logger.warning("snapshot cache unavailable", exc_info=True)
    return Snapshot(value, as_of, cached=False)
