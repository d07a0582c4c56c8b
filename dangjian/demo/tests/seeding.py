"""Seeding a demo scale for tests: once for a whole package of tests, or inside a test that needs
other options (its own credentials, --reset, a refusal).

A scale takes seconds to seed (the school about five on SQLite and ten on PostgreSQL, the
county twenty to thirty-five); the tests that only read it (or change it in their own
savepoint) live in one package per scale — school_scale/, county_scale/ — whose conftest seeds
it once, inside a transaction rolled back when the package is done, so every test sees exactly
the freshly seeded database. The root conftest gives each such package to one worker as one
scope (SHARED_PACKAGES): split over two workers, each would seed it again. The tests that need
an empty database stay outside those packages, and never see the seed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
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


# The school scale's package seed (school_scale/) takes its secrets from these: its tests check
# that a test gets the passwords it asked for without seeding the scale once more for that.
SCHOOL_PACKAGE_CREDENTIALS = KnownCredentials("school-package")


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


class Accounts(list):
    """The accounts seed_demo wrote (one dict per persona), and the file they were read from."""

    def __init__(self, accounts: list[dict], file: Path):
        super().__init__(accounts)
        self.file = file


@contextlib.contextmanager
def seeded_once(scale: str, django_db_blocker, tmp_path: Path, **options) -> Iterator[Accounts]:
    """For a fixture wider than a test (a package's: seeded_for_the_package): the scale seeded
    into the empty test database, everything rolled back when the fixture ends; yields the
    accounts file seed_demo wrote into tmp_path."""
    with rolled_back_afterwards(django_db_blocker):
        accounts = seed(scale, tmp_path, **options)
        settle_deferred_checks()
        yield Accounts(accounts or [], tmp_path / "accounts.json")


def seeded_for_the_package(scale: str, credentials: KnownCredentials | None = None, through: str | None = None):
    """The two fixtures of a package whose tests all read `scale` freshly seeded (its conftest:
    `demo_accounts, _each_test_in_a_savepoint = seeded_for_the_package("school")`): the scale
    seeded once when the package starts, rolled back when it ends (pytest tears a package's
    fixtures down when the next test lies outside it), and each test refused unless it runs in a
    savepoint of that transaction. With `credentials`, the seed takes its passwords and TOTP
    keys from them (a test of the package can then check what a test asked for); with
    `through`, only the phases up to that one are seeded."""
    options: dict = {"credentials": credentials} if credentials else {}
    if through:  # seed_demo --through: only the phases up to that one
        options["through"] = through

    @pytest.fixture(scope="package", autouse=True, name="demo_accounts")
    def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
        """The accounts file seed_demo wrote for the package's seed."""
        with seeded_once(scale, django_db_blocker, tmp_path_factory.mktemp(scale), **options) as accounts:
            yield accounts

    @pytest.fixture(autouse=True, name="_each_test_in_a_savepoint")
    def in_a_savepoint(request):
        # A test that commits for real would flush the tables at its end (pytest-django's
        # transactional teardown), seed and all, under the tests that come after it.
        marker = request.node.get_closest_marker("django_db")
        commits = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(request.fixturenames))
        if marker is None or commits:
            pytest.fail(f"{request.node.nodeid} is in a package that shares one {scale} seed: its tests read it "
                        "in their own savepoint (a plain django_db mark); one that needs an empty database, or "
                        "commits, belongs outside the package", pytrace=False)

    return seeded, in_a_savepoint


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
