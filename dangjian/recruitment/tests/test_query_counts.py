"""The board, the due list, the file list API and the roster answer in the same number of
queries for 2 files as for 12 (ARCHITECTURE.md pattern 7: city-scale lists stay flat)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.recruitment.services import open_file, record_step
from dangjian.testing import login, make_id_number

pytestmark = pytest.mark.django_db


def _files(world, count, start):
    for i in range(count):
        file = open_file(org=(world.branch_a, world.branch_b)[i % 2], name=f"申请人{start + i}",
                         id_number=make_id_number(datetime.date(1995, 1, 1), 600 + start + i),
                         applied_on=datetime.date(2026, 9, 1))
        record_step(file, "02", {"talker": "书记", "occurred_on": "2026-09-10"})


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "params"), [
    ("recruitment:board", {}), ("recruitment:board", {"stage": "application"}), ("recruitment:due", {}),
    ("recruitment:roster_xlsx", {}),
])
def test_the_county_lists_cost_the_same_for_more_files(client, world, frozen, name, params):
    login(client, world.county_admin)
    params = {"org": world.county_a.pk, **params}
    _files(world, 2, 0)
    few = _queries(client, reverse(name), params)
    _files(world, 10, 2)
    assert _queries(client, reverse(name), params) == few


def test_the_file_list_api_costs_the_same_for_more_files(client, world, frozen):
    login(client, world.county_admin)
    _files(world, 2, 0)
    few = _queries(client, "/api/v1/recruitment/files/", {})
    _files(world, 10, 2)
    assert _queries(client, "/api/v1/recruitment/files/", {}) == few
