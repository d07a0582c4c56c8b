"""The home page: a member without a post reads what is published to her; the county's dashboard
shows the 整改 to-do (a 销号 request to decide, an overdue item) and a school's does not show the
county's decisions."""

import datetime

import pytest
from django.urls import reverse

from dangjian.supervision.services import disclosure as D
from dangjian.supervision.services import rectification_flow as flow
from dangjian.supervision.tests.rectification_helpers import (
    TODAY,
    evidence,
    frozen,  # noqa: F401 - a fixture
    inspection_batch,
    item,
)
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def published(world, title="换届选举结果公示", audience="party"):
    entry = D.draft_disclosure(world.branch_a, audience=audience, timing="timely", title=title, body="正文",
                               acting_user=world.org_member_a, today=TODAY)
    D.review_disclosure(entry, acting_user=world.secretary_a)
    D.approve_disclosure(entry, acting_user=world.secretary_a)
    return D.publish_disclosure(entry, acting_user=world.secretary_a, today=TODAY)


def test_a_member_sees_what_is_published_to_her_on_her_home(client, world):
    published(world)
    login(client, world.member_a)

    page = client.get(reverse("core:home")).content.decode()

    assert 'id="panel-disclosure"' in page and "换届选举结果公示" in page


def test_a_member_sees_nothing_before_publication_or_after_the_period(client, world, time_machine):
    D.draft_disclosure(world.branch_a, audience="party", timing="timely", title="未公开的草稿", body="正文",
                       acting_user=world.org_member_a, today=TODAY)
    login(client, world.member_a)
    assert "未公开的草稿" not in client.get(reverse("core:home")).content.decode()

    published(world)
    time_machine.move_to(datetime.datetime(2026, 12, 10, 10, 0), tick=False)
    assert 'id="panel-disclosure"' not in client.get(reverse("core:home")).content.decode()


def test_the_countys_dashboard_shows_the_rectification_to_do(client, world):
    batch = inspection_batch(world, items=[item(deadline="2026-11-01"), item("学习记录缺失", deadline="2026-12-31")])
    second = batch.items.get(number=2)
    flow.request_closure(second, text="完成", files=[evidence()], acting_user=world.secretary_a)

    login(client, world.county_admin)
    page = client.get(reverse("core:home")).content.decode()

    assert 'id="panel-rectification"' in page
    assert '<div class="small text-secondary">待审核销号</div><div class="fs-4">1</div>' in page
    assert '<div class="small text-secondary">逾期未完成</div><div class="fs-4 text-danger">1</div>' in page
