import pytest

# The checks shared by the demo's test modules live in plain modules: rewritten like the tests
# themselves, a failing check shows its values, not only its line.
pytest.register_assert_rewrite("dangjian.demo.tests.rules_kept", "dangjian.demo.tests.seeding")
