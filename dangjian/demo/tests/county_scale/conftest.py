"""Every test here reads the county scale (about forty-five seconds to seed through the 整改台账) seeded once for
the whole package — by one worker, as one scope of the parallel run (the root conftest's
SHARED_PACKAGES) — each in its own savepoint. SQLite only: each module's engine_neutral marker
says why."""

from dangjian.demo.tests.seeding import seeded_for_the_package

# Through the 整改台账 (supervision), the last phase these tests read: the member data and the
# supervision bulk path; the phases after it are the school scale's (checked on its own seed).
demo_accounts, _each_test_in_a_savepoint = seeded_for_the_package("county", through="supervision")
