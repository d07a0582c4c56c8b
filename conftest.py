import pytest
from django.test.utils import override_settings

from dangjian.testing import build_world
from dangjian.testing.fixtures import SharedWorld, refuse_real_transactions, rolled_back_afterwards

# Argon2 is what production uses (test_password_policy reads config.settings itself to check
# it); tests don't need its cost. Set for the whole session, so that users made outside a test
# (a world shared by a module, a demo scale seeded once) are fast to make as well.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# An in-memory cache from the start of the session: what a shared world writes never reaches
# the file cache of the embedded mode, which the parallel workers share.
TEST_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}}


@pytest.fixture(scope="session", autouse=True)
def _fast_hashing_for_the_whole_session():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, CACHES=TEST_CACHES):
        yield


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.HUEY = {**settings.HUEY, "immediate": True}
    # Each test its own empty cache: rate limits and throttles never leak between tests or
    # between the parallel workers (the file cache of the embedded mode is shared).
    settings.CACHES = TEST_CACHES
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
        yield SharedWorld(world)


@pytest.fixture
def world(request, _module_world, db):
    """The test world: the module's shared one, the test in its own savepoint, its own copy of
    the objects. A test that commits for real builds its own (see refuse_real_transactions)."""
    refuse_real_transactions(request)
    return _module_world.fresh()

