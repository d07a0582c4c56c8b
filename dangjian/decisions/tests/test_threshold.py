"""The 大额经费 threshold: 5,000 yuan unless a higher committee sets its own from a date."""

import datetime

from dangjian.decisions import rules as R
from dangjian.decisions import services

from .conftest import d, refused


def test_the_default_threshold_is_five_thousand_yuan(world, frozen):
    amount, citation = services.threshold_for(world.branch_a, d("2026-01-01"))
    assert amount == R.DEFAULT_THRESHOLD and "市教育局党委《党建工作意见》（本市规定）" in citation
    assert not services.create_matter(world.branch_a, title="小额采购", category="routine", amount="4999.99",
                                      acting_user=world.principal_a).is_major
    assert services.create_matter(world.branch_a, title="采购", category="routine", amount="5000",
                                  acting_user=world.principal_a).is_major


def test_a_county_sets_its_own_threshold_from_a_date(world, frozen):
    services.set_threshold(world.county_a, "30000", citation="东教工委〔2026〕7号", effective_on=d("2026-09-01"),
                           acting_user=world.county_admin)
    assert services.threshold_for(world.branch_a, d("2026-08-31"))[0] == R.DEFAULT_THRESHOLD
    amount, citation = services.threshold_for(world.branch_a, d("2026-09-01"))
    assert amount == 30000 and "东教工委〔2026〕7号" in citation
    assert services.threshold_for(world.branch_c1, d("2026-10-01"))[0] == R.DEFAULT_THRESHOLD  # another county
    matter = services.create_matter(world.branch_a, title="购置图书", category="routine", amount="12000",
                                    raised_on=d("2026-10-01"), acting_user=world.principal_a)
    assert not matter.is_major


def test_a_threshold_needs_its_citation_and_a_higher_committee(world, frozen):
    error = refused(lambda: services.set_threshold(world.county_a, "30000", citation=" ",
                                                   effective_on=datetime.date(2026, 9, 1), acting_user=world.county_admin))
    assert error.field == "citation"
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_threshold(world.branch_a, "1000", citation="x", effective_on=d("2026-09-01"),
                               acting_user=world.secretary_a)
