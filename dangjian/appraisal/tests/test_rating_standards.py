"""The standards as data: the demo city's example set (8 areas, 52 items, 100 points, labelled
as an example), written only by the higher committee, frozen once a school has reported against
it and copied to the next year; star thresholds that rise with the stars."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.appraisal import automatic
from dangjian.appraisal.models import StandardSet
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating_standards as ST
from dangjian.appraisal.standard_examples import FIVE_STARS_THREE_STRONG, SIX_GOOD

from .rating_helpers import (
    YEAR,
    city_standard,
    refused,
    shared_standard,
    submitted,
    uploads_in_tmp,  # noqa: F401 - an autouse fixture
)

EXTEND_SHARED_WORLD, standard = shared_standard("2026-01-12")


def test_the_example_set_has_eight_areas_fifty_two_items_and_a_hundred_points(world, standard):
    assert [a.name for a in standard.areas.all()] == ["组织体系", "班子队伍", "教育管理", "组织生活", "工作载体",
                                                      "工作运行机制", "活动场所", "基本工作保障"]
    assert standard.items.count() == 52 and ST.total_points(standard) == Decimal("100")
    assert standard.situations.count() == 8
    assert standard.is_example and "示例" in standard.note and "并非上级文件原文" in standard.note
    assert dict(standard.levels.values_list("stars", "min_score")) == {1: 60, 2: 65, 3: 75, 4: 85, 5: 95}


def test_every_automatic_item_of_the_examples_names_a_registered_check():
    for example in (SIX_GOOD, FIVE_STARS_THREE_STRONG):
        for _area, items in example.areas:
            for _text, _points, evidence, check in items:
                assert (evidence == "automatic") == bool(check)
                assert not check or automatic.get(check) is not None


def test_only_the_higher_committee_writes_standards(world, standard):
    with pytest.raises(PermissionDenied):
        ST.save_situation(standard, text="新的情形", acting_user=world.secretary_a)
    with pytest.raises(PermissionDenied):
        ST.create_set(world.county_a, year=YEAR, code="x", name="县标准", acting_user=world.secretary_a)
    error = refused(lambda: ST.create_set(world.branch_a, year=YEAR, code="x", name="支部自定标准"))
    assert error.rule == R.R_SET


def test_thresholds_rise_with_the_stars(world, standard):
    error = refused(lambda: ST.set_levels(standard, {4: "90", 5: "90"}, acting_user=world.city_admin))
    assert error.rule == R.R_LEVELS and "五星级" in error.message
    ST.set_levels(standard, {4: "89.9", 5: "90"}, acting_user=world.city_admin)
    assert refused(lambda: ST.set_levels(standard, {5: "100.1"}, acting_user=world.city_admin)).rule == R.R_SCORE_RANGE


def test_an_automatic_item_names_its_check(world, standard):
    area = standard.areas.first()
    error = refused(lambda: ST.save_item(standard, {"text": "自动项目", "points": "1", "evidence": "automatic",
                                                    "check_code": "no_such_check"}, area=area,
                                         acting_user=world.city_admin))
    assert error.rule == R.R_AUTOMATIC


def test_a_set_a_school_reported_against_is_frozen_and_copied_for_the_next_year(world, standard):
    item = standard.items.first()
    submitted(world, standard)
    error = refused(lambda: ST.save_item(standard, {"text": item.text, "points": "3", "evidence": item.evidence,
                                                    "check_code": item.check_code}, item=item,
                                         acting_user=world.city_admin))
    assert error.rule == R.R_SET_IN_USE
    # the situations stay editable (dynamic management)
    ST.save_situation(standard, text="新增：党组织书记长期空缺", acting_user=world.city_admin)
    copy = ST.copy_set(standard, year=YEAR + 1, acting_user=world.city_admin)
    assert (copy.year, copy.items.count(), copy.situations.count(), copy.levels.count()) == (YEAR + 1, 52, 9, 5)
    ST.save_item(copy, {"text": item.text, "points": "3", "evidence": item.evidence, "check_code": item.check_code},
                 item=copy.items.get(area__order=1, order=1), acting_user=world.city_admin)
    assert refused(lambda: ST.copy_set(standard, year=YEAR + 1, acting_user=world.city_admin)).code == "duplicate"


def test_a_committee_may_use_another_standard_and_the_school_chooses_when_two_apply(world, standard):
    from dangjian.appraisal.services import rating as S

    city_standard(world, FIVE_STARS_THREE_STRONG)
    error = refused(lambda: S.open_rating(world.branch_a, YEAR, acting_user=world.secretary_a))
    assert error.rule == R.R_SET and "请选择" in error.message
    other = StandardSet.objects.get(code="wuxing", year=YEAR)
    rating = S.open_rating(world.branch_a, YEAR, standard=other, acting_user=world.secretary_a)
    assert rating.scores.count() == 7
