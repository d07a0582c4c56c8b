from collections import Counter

import hypothesis
import pytest
from django.test.utils import override_settings
from xdist.scheduler import LoadScopeScheduling

from dangjian.testing import build_world
from dangjian.testing.fixtures import (
    SharedWorld,
    refuse_real_transactions,
    rolled_back_afterwards,
    settle_deferred_checks,
)

# Argon2 is what production uses (test_password_policy reads config.settings itself to check
# it); tests don't need its cost. Set for the whole session, so that users made outside a test
# (a world shared by a module, a demo scale seeded once) are fast to make as well.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# An in-memory cache from the start of the session: what a shared world writes never reaches
# the file cache of the embedded mode, which the parallel workers share.
TEST_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}}


# Hypothesis's per-example deadline (200 ms) is a timing check that a loaded machine fails at
# random (an ID-number round trip once took longer beside the parallel workers): the properties
# are about answers, and the suite's speed is measured by `make test`'s own timings.
hypothesis.settings.register_profile("suite", deadline=None)
hypothesis.settings.load_profile("suite")


@pytest.fixture(scope="session", autouse=True)
def _fast_hashing_for_the_whole_session(tmp_path_factory):
    # Uploads stored by a test — and by the demo seeded for a module (evidence of closed 整改 items)
    # — go to the session's own directory, never into the checkout's var/media.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, CACHES=TEST_CACHES,
                           MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test its own empty cache: rate limits and throttles never leak between tests. (The
    # in-memory cache itself is the session's, above: setting CACHES again for every test made
    # Django close and rebuild its cache handlers each time.)
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    """build_world() once per module (per xdist worker), in a transaction rolled back at the end.
    A module all of whose tests need more than the world names, as EXTEND_SHARED_WORLD, a
    function that adds it: it is then added once too (e.g. dangjian/dues/tests: with_dues)."""
    with rolled_back_afterwards(django_db_blocker):
        world = build_world()
        extend = getattr(request.module, "EXTEND_SHARED_WORLD", None)
        if extend is not None:
            extend(world)
        settle_deferred_checks()
        yield SharedWorld(world)


@pytest.fixture
def world(request, _module_world, db):
    """The test world: the module's shared one, the test in its own savepoint, its own copy of
    the objects. A test that commits for real builds its own (see refuse_real_transactions)."""
    refuse_real_transactions(request)
    return _module_world.fresh()


# --- What the PostgreSQL run repeats ----------------------------------------------------------
# `make test` runs the suite on SQLite, then on PostgreSQL. The PostgreSQL run is there for what
# the database engine decides (locks, constraints, DISTINCT ON, concurrency, JSON lookups, the
# SQL of every query), so there it runs every test that touches the database, with one
# reduction: the permission matrix tries every route with three personas — the in-scope
# secretary, another school's secretary and anonymous — on one object of the route (its module's
# on_postgresql and cases_of), so each route's queries and scoping filters run on PostgreSQL for
# an allowed, a refused and a logged-out request; the other personas and objects only change which
# rows the same queries return, and the full matrix runs on SQLite. A test that never touches the database
# (pytest-django refuses it any access) gives the same answer on both: it runs only on SQLite.
# Nor does a test marked engine_neutral, whose database work other tests already run on
# PostgreSQL and whose own checks are decided in Python (each marker says which and why).
# (not django_db_blocker: an autouse fixture of pytest-django asks for it in every test)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server", "django_db_setup"}
DESELECTED_ON_POSTGRESQL: dict[str, int] = {}


def pytest_configure(config):
    config.addinivalue_line("markers", "long_scope: a module or class that takes long for its number of tests: the "
                                       "parallel run starts it first (see _long_scopes_first)")
    config.addinivalue_line("markers", "engine_neutral(reason): touches the database only in ways every engine "
                                       "answers alike, which other tests check on PostgreSQL: runs only on SQLite")
    config.addinivalue_line("markers", "database_engine: talks to the suite's database engine without pytest-django's "
                                       "fixtures (a subprocess on a database of its own): runs on PostgreSQL too")


def _touches_the_database(item) -> bool:
    return bool(item.get_closest_marker("django_db") or item.get_closest_marker("database_engine")
                or DATABASE_FIXTURES & set(item.fixturenames))


def _why_not_on_postgresql(item) -> str | None:
    if not _touches_the_database(item):
        return "never touch the database: they ran in the SQLite run"
    if item.get_closest_marker("engine_neutral"):
        return "marked engine_neutral, each marker saying why: they ran in the SQLite run"
    return None


# Packages whose tests all read data a package-scoped fixture builds once (a demo scale seeded
# into a transaction rolled back when the package ends: dangjian/demo/tests/seeding.py). Each is
# one scope of the parallel run, given whole to one worker — split over two, each would build it
# again — and long: its fixture is most of its time.
SHARED_PACKAGES = ("dangjian/demo/tests/school_scale/", "dangjian/demo/tests/county_scale/")


def _shared_package(nodeid: str) -> str | None:
    return next((package.rstrip("/") for package in SHARED_PACKAGES if nodeid.startswith(package)), None)


def _scope(item) -> str:
    """The unit `--dist loadscope` gives to one worker: the test's shared package, else its class,
    else its module (what _ScopeScheduling._split_scope says, for the same test)."""
    parts = item.nodeid.split("::")
    return _shared_package(item.nodeid) or ("::".join(parts[:2]) if len(parts) > 2 else parts[0])


class _ScopeScheduling(LoadScopeScheduling):
    """xdist's loadscope, with each of SHARED_PACKAGES one scope (xdist's own is the class or module)."""

    def _split_scope(self, nodeid: str) -> str:
        return _shared_package(nodeid) or super()._split_scope(nodeid)


# tryfirst: xdist's own implementation is registered after this file and would answer first.
@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    return _ScopeScheduling(config, log) if config.getvalue("dist") == "loadscope" else None


def _long_scopes_first(items) -> None:
    """The order in which the parallel workers take the scopes (the Makefile passes
    --no-loadscope-reorder, so xdist keeps this one): the scopes marked long_scope, then the
    rest, each by its number of tests, most first. xdist's own order is by number of tests only,
    which left the long scopes with few tests (the import killed mid-write, a county seeded) to
    the end, where one worker ran them alone while the other had finished. A shared package
    (SHARED_PACKAGES) is one scope, and long: its tests stay together, so its fixture is built
    once and torn down when the worker leaves it."""
    first_seen: dict[str, int] = {}
    counts: Counter = Counter()
    long = set()
    for index, item in enumerate(items):
        scope = _scope(item)
        first_seen.setdefault(scope, index)
        counts[scope] += 1
        if item.get_closest_marker("long_scope") or _shared_package(item.nodeid):
            long.add(scope)
    items.sort(key=lambda item: (_scope(item) not in long, -counts[_scope(item)], first_seen[_scope(item)]))


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    _long_scopes_first(items)
    if connection.vendor != "postgresql":
        return
    keep, deselected = [], []
    for item in items:
        reason = _why_not_on_postgresql(item)
        if reason is None:
            keep.append(item)
        else:
            deselected.append(item)
            DESELECTED_ON_POSTGRESQL[reason] = DESELECTED_ON_POSTGRESQL.get(reason, 0) + 1
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep
    if hasattr(config, "workeroutput"):  # an xdist worker: the controller prints the summary
        config.workeroutput["deselected_on_postgresql"] = dict(DESELECTED_ON_POSTGRESQL)


def pytest_testnodedown(node, error):
    # Every worker collects the same tests, so any one worker's counts are the run's.
    DESELECTED_ON_POSTGRESQL.update(getattr(node, "workeroutput", {}).get("deselected_on_postgresql", {}))


def pytest_terminal_summary(terminalreporter):
    for reason, count in DESELECTED_ON_POSTGRESQL.items():
        terminalreporter.write_line(f"PostgreSQL run: {count} tests deselected — {reason}")
