import pytest
from django.test.utils import override_settings

from dangjian.testing import build_world

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


@pytest.fixture
def world(db):
    return build_world()
