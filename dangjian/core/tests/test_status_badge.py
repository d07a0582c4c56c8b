"""The status badge written in Python (for rows rendered without the template engine) is the
partial's markup, word for word, for every colour, with and without its own word."""

import pytest
from django.template.loader import render_to_string

from dangjian.core.templatetags.status_badge import BADGES, status_badge


@pytest.mark.parametrize("state", [*BADGES, "unknown"])
@pytest.mark.parametrize("label", ["", "保留党籍", "<i>预备</i>"])
def test_the_badge_is_the_partials_markup(state, label):
    partial = render_to_string("partials/status.html", {"state": state, "label": label}).strip()
    assert status_badge(state, label) == partial
