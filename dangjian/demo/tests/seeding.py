"""Seeding a demo scale for tests: once per test, or once for a class or module of tests.

The county scale takes about twenty seconds to seed; its tests only read it (or change it in
their own savepoint), so a class or module seeds it once, inside a transaction rolled back at
the end, and every test sees exactly the freshly seeded database.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.core.management import call_command

from dangjian.orgs.models import PartyOrg
from dangjian.orgs.services import ALLOWED_CHILDREN
from dangjian.testing.fixtures import rolled_back_afterwards, settle_deferred_checks


class KnownCredentials:
    """Passwords and TOTP keys a test can compute beforehand: derived from a label, the way the
    demo used to derive them from its public seed. Only tests may do this (seed_demo accepts it
    through call_command alone, never on the command line)."""

    def __init__(self, label: str = "test"):
        self.label = label

    def _digest(self, persona: str, purpose: str) -> bytes:
        return hashlib.sha256(f"dangjian-test:{self.label}:{persona}:{purpose}".encode()).digest()

    def password(self, persona: str, attempt: int) -> str:
        body = base64.b32encode(self._digest(persona, f"password{attempt}")).decode()[:12].lower()
        return f"Dj-{body[:4]}-{body[4:8]}-{body[8:]}"

    def totp_key(self, persona: str) -> bytes:
        return self._digest(persona, "totp")[:20]


class _Sink:
    def write(self, *_):
        pass

    def flush(self):
        pass


def seed(scale: str, tmp_path: Path | None = None, **options) -> list[dict] | None:
    """seed_demo at `scale`; with tmp_path, the accounts file it writes, read back."""
    out = tmp_path / "accounts.json" if tmp_path else None
    call_command("seed_demo", scale=scale, accounts_out=str(out) if out else None, stdout=_Sink(), **options)
    return json.loads(out.read_text(encoding="utf-8")) if out else None


@contextlib.contextmanager
def seeded_once(scale: str, django_db_blocker, tmp_path: Path | None = None) -> Iterator[list[dict] | None]:
    """For a class- or module-scoped fixture: the scale seeded into the empty test database,
    everything rolled back when the fixture ends; yields the accounts file if tmp_path is given."""
    with rolled_back_afterwards(django_db_blocker):
        accounts = seed(scale, tmp_path)
        settle_deferred_checks()
        yield accounts


def assert_valid_tree() -> None:
    """The seeded tree is one treebeard would have built, and every child is a kind its parent may hold."""
    assert PartyOrg.objects.find_problems() == ([], [], [], [], [])
    # fix_tree recomputes depth and child counts (and, with fix_paths, renumbers the paths
    # densely in order): on a tree written right it has nothing to change.
    before = list(PartyOrg.objects.values_list("id", "path", "depth", "numchild"))
    PartyOrg.objects.fix_tree(fix_paths=True)
    assert list(PartyOrg.objects.values_list("id", "path", "depth", "numchild")) == before
    orgs = {o.path: o for o in PartyOrg.objects.all()}
    for path, org in orgs.items():
        parent = orgs.get(path[:-PartyOrg.steplen])
        assert org.kind in ALLOWED_CHILDREN[parent.kind if parent else None], org.code
