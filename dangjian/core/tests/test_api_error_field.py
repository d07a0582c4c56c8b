"""The `field` of a 422: the name of the value that was refused, wherever it came from — also
when the field itself is called "body" or "query" (a 党务公开 item's body)."""

import pytest

from dangjian.core.api import _field_of


@pytest.mark.parametrize(("loc", "field"), [
    (("query", "limit"), "limit"),
    (("body", "payload", "term_end"), "term_end"),
    (("body", "payload", "body"), "body"),
    (("body", "payload", "query"), "query"),
    (("body", "payload", "items", 0, "name"), "name"),
    (("body", "payload"), "payload"),
    (("path", "id"), "id"),
    ((), None),
])
def test_the_field_named_is_the_last_name_after_where_it_came_from(loc, field):
    assert _field_of({"loc": loc}) == field
