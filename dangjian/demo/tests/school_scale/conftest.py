"""Every test here reads the school scale seeded once for the whole package — by one worker, as
one scope of the parallel run (the root conftest's SHARED_PACKAGES) — each in its own savepoint.
A test that needs an empty database (its own seed, --reset, a refusal) belongs in the package
above, which never sees this seed."""

from dangjian.demo.tests.seeding import SCHOOL_PACKAGE_CREDENTIALS, seeded_for_the_package

demo_accounts, _each_test_in_a_savepoint = seeded_for_the_package("school", SCHOOL_PACKAGE_CREDENTIALS)
