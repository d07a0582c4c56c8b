import pytest

from dangjian.testing import build_world


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # Argon2 is what production uses; tests of login speed don't need its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HUEY = {**settings.HUEY, "immediate": True}
    # Each test its own empty cache: rate limits and throttles never leak between tests or
    # between the parallel workers (the file cache of the embedded mode is shared).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "test"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    return build_world()
