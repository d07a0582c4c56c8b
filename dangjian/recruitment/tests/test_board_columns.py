"""The board's five columns come from one query (selectors.board_files) and hold what the
per-stage lists hold: the first files of each stage, soonest deadline first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.scoping import scope_of
from dangjian.recruitment import selectors
from dangjian.recruitment.rules import Stage
from dangjian.recruitment.services import open_file, record_step
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db


def test_the_columns_are_the_first_files_of_each_stage_in_one_query(world, frozen):
    for i in range(7):
        file = open_file(org=(world.branch_a, world.branch_b)[i % 2], name=f"申请人{i}",
                         id_number=make_id_number(datetime.date(1995, 1, 1), 700 + i),
                         applied_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=i))
        if i % 3 == 0:
            record_step(file, "02", {"talker": "书记", "occurred_on": "2026-09-10"})
    scope_of(world.county_admin)   # the user's scope is read once per request, before any list
    with CaptureQueriesContext(connection) as queries:
        columns = selectors.board_files(world.county_admin, world.county_a, 3)
    assert len(queries.captured_queries) == 1
    for stage in Stage.values:
        expected = list(selectors.files_in(world.county_admin, world.county_a, stage=stage)[:3])
        assert [f.pk for f in columns[stage]] == [f.pk for f in expected]
    # the column is cut at three of the stage's seven files
    assert len(columns["application"]) == 3 < selectors.files_in(world.county_admin, world.county_a,
                                                                  stage="application").count()
    # the other school's secretary sees none of school A's files in any column
    assert all(f.org_id != world.branch_a.pk
               for files in selectors.board_files(world.secretary_b, world.branch_b, 12).values() for f in files)
