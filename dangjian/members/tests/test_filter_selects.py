"""The member filters' selects are joined as strings instead of rendered by a template per option
(QuickSelect, for the pages' speed); they must write what Django's own Select writes."""

import re

import pytest
from django import forms

from dangjian.members.forms import QuickSelect

CASES = [
    # nothing chosen: the empty option is selected, as Django selects it for None
    ([("", "全部"), ("full", "正式党员"), ("probationary", "预备党员")], None, {}),
    # a chosen value among integers, given as a string (as a query string gives it)
    ([("", "全部"), (12, "示范市第一中学党支部"), (13, "示范市第二中学党支部")], "13", {}),
    # the same value twice: only the first is selected
    ([("", "全部"), ("a", "甲"), ("a", "再甲")], "a", {}),
    # labels and values are escaped; a None value is written as ""
    ([(None, "（先选择所在党组织）"), ("<x>", '"引号" & <b>')], "<x>", {}),
    # the attributes the bound field adds (id, aria), a bare True one, a False one left out
    ([("", "全部")], "", {"id": "id_org", "aria-invalid": "true", "disabled": True, "hidden": False}),
]


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(("choices", "value", "attrs"), CASES)
def test_a_quick_select_writes_what_djangos_select_writes(choices, value, attrs):
    base = {"class": "form-select form-select-sm"}
    expected = forms.Select(attrs=base, choices=choices).render("org", value, attrs)
    assert _tags(QuickSelect(attrs=base, choices=choices).render("org", value, attrs)) == _tags(expected)
