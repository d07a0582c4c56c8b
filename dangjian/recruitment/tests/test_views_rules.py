"""规则与时限: every step with its rules and citations; the county committee tightens a limit
for its schools on the page, and a looser value is refused there with the rule."""

import pytest
from django.urls import reverse

from dangjian.recruitment.models import RuleSetting
from dangjian.recruitment.services import set_rule_setting
from dangjian.testing import login

pytestmark = pytest.mark.django_db
URL = reverse("recruitment:rules")


def test_the_secretary_reads_the_steps_and_their_citations_but_cannot_set_limits(client, world):
    login(client, world.secretary_a)
    page = client.get(URL).content.decode()
    assert "15 支部大会讨论" in page and "第二十一条" in page and "【不得办理】" in page
    assert 'id="setting-form"' not in page
    assert client.post(f"{URL}?org={world.branch_a.pk}", {"rule_code": "publicity_working_days", "value": 7,
                                                         "reason": "x"}).status_code == 403


def test_a_stricter_limit_set_above_shows_on_the_schools_page(client, world):
    set_rule_setting(world.county_a, "publicity_working_days", 7, reason="东教组〔2025〕3号")
    login(client, world.secretary_a)
    page = client.get(URL).content.decode()
    assert "已从严" in page and "东教组〔2025〕3号" in page and "本辖区从严规定为 7个工作日" in page


def test_the_county_admin_tightens_the_notice_period(client, world):
    login(client, world.county_admin)
    response = client.post(f"{URL}?org={world.county_a.pk}", {"rule_code": "publicity_working_days", "value": 7,
                                                             "reason": "东教组〔2025〕3号"})
    assert response.status_code == 302
    assert RuleSetting.objects.get(org=world.county_a).value == 7


def test_a_looser_value_is_refused_on_the_page_with_the_rule(client, world):
    login(client, world.county_admin)
    response = client.post(f"{URL}?org={world.county_a.pk}", {"rule_code": "activist_one_year", "value": 6,
                                                             "reason": "试点"})
    assert response.status_code == 422
    assert "只能从严" in response.content.decode() and not RuleSetting.objects.exists()
