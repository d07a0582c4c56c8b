"""Every test here reads the county scale (twenty to thirty-five seconds to seed) seeded once for
the whole package — by one worker, as one scope of the parallel run (the root conftest's
SHARED_PACKAGES) — each in its own savepoint. SQLite only: each module's engine_neutral marker
says why."""

from dangjian.demo.tests.seeding import seeded_for_the_package

demo_accounts, _each_test_in_a_savepoint = seeded_for_the_package("county")
