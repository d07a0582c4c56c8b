"""The register of local documents and the local rules switched on from it: a local rule applies
only where a committee above switched it on, from its date, in its subtree; it never loosens a
national rule; the register is scoped like everything else, and every change is audited.

The shared world's city works under its bureau's opinion (switched on at the root); a second city,
added once for this module, has switched nothing on: its two counties are where a switch is tried.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.roles import Post
from dangjian.decisions import services as decisions
from dangjian.decisions.local_rules import MATTERS_LIST
from dangjian.decisions.rules import Category
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as OR
from dangjian.orglife.local_rules import POLITICAL_STUDY
from dangjian.orglife.services import set_override
from dangjian.orgs import local_rules as L
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.orgs.services import local_documents as S
from dangjian.testing import login
from dangjian.testing.world import make_user

D = datetime.date


def with_other_city(w):
    w.other = PartyOrg.objects.add_root({"kind": OrgKind.EDUCATION_COMMITTEE, "code": "C02", "name": "临江市教育工委"})
    def child(parent, **fields):
        return PartyOrg.objects.add_child(parent, fields)

    w.east = child(w.other, kind=OrgKind.EDUCATION_COMMITTEE, code="C02A", name="甲县教育党工委")
    w.west = child(w.other, kind=OrgKind.EDUCATION_COMMITTEE, code="C02B", name="乙县教育党工委")
    w.east_school = child(w.east, kind=OrgKind.BRANCH, code="C02A-1", name="甲县第一小学党支部")
    w.west_school = child(w.west, kind=OrgKind.BRANCH, code="C02B-1", name="乙县第一小学党支部")
    w.east_admin = make_user("east_admin", "钱文")
    Position.objects.create(org=w.east, post=Post.COMMITTEE_ADMIN, user=w.east_admin, person_name="钱文",
                            started_on=D(2024, 9, 1))


EXTEND_SHARED_WORLD = with_other_city


def register(world, org=None, user=None, **fields):
    fields = {"issuer": "甲县教育局党委", "title": "关于加强中小学校思想政治工作的通知", "number": "甲教党〔2026〕8号",
              "issued_on": D(2026, 8, 20), **fields}
    return S.register_document(org or world.east, acting_user=user or world.east_admin, **fields)


def kinds_owed(org, period, today):
    row = C.org_compliance(org, period, today)
    return {activity.kind: activity for activity in row.activities}


def test_a_local_rule_not_switched_on_does_not_apply(world):
    today = D(2026, 12, 31)
    year = OR.period_of(D(2026, 1, 1), OR.Frequency.YEARLY)
    assert not S.applies(POLITICAL_STUDY.code, world.east_school, today)
    assert OR.Kind.POLITICAL_STUDY not in kinds_owed(world.east_school, year, today)
    assert OR.Kind.POLITICAL_STUDY in kinds_owed(world.branch_a, year, today)     # the city switched it on
    # 干部任免 is 三重一大 by the city's list, not by the 2022《意见》 alone
    elsewhere = decisions.create_matter(world.east_school, title="任命教务主任", category=Category.CADRE,
                                        raised_on=D(2026, 9, 1))
    here = decisions.create_matter(world.branch_a, title="任命教务主任", category=Category.CADRE, raised_on=D(2026, 9, 1))
    assert (elsewhere.is_major, here.is_major) == (False, True)


def test_switched_on_in_county_a_from_a_date_it_applies_there_from_that_date_and_not_in_county_b(world):
    document = register(world)
    S.switch_on(document, POLITICAL_STUDY.code, org=world.east, effective_from=D(2026, 10, 1),
                acting_user=world.east_admin, today=D(2026, 9, 1))
    assert not S.applies(POLITICAL_STUDY.code, world.east_school, D(2026, 9, 30))
    assert S.applies(POLITICAL_STUDY.code, world.east_school, D(2026, 10, 1))
    assert not S.applies(POLITICAL_STUDY.code, world.west_school, D(2026, 11, 1))
    assert S.citation(POLITICAL_STUDY.code, world.east_school, D(2026, 10, 1)).startswith(
        "甲县教育局党委《关于加强中小学校思想政治工作的通知》（甲教党〔2026〕8号）（本地规定）")
    # compliance owes it from October only: three months of the year, in county A alone
    year = OR.period_of(D(2026, 1, 1), OR.Frequency.YEARLY)
    study = kinds_owed(world.east_school, year, D(2027, 1, 15))[OR.Kind.POLITICAL_STUDY]
    assert [sub.period.code for sub in study.subs] == ["2026-10", "2026-11", "2026-12"]
    assert OR.Kind.POLITICAL_STUDY not in kinds_owed(world.west_school, year, D(2027, 1, 15))


def test_a_local_override_that_would_loosen_a_national_rule_is_refused_naming_it(world):
    document = register(world)
    with pytest.raises(RuleViolation) as refused:
        set_override(world.east, kind=OR.Kind.GENERAL_MEETING, frequency=OR.Frequency.YEARLY, min_count=2,
                     effective_from=D(2026, 10, 1), reason=document.name, acting_user=world.east_admin,
                     today=D(2026, 9, 1))
    assert "支部党员大会不得低于全国规定" in refused.value.message
    assert refused.value.rule == OR.NATIONAL[OR.Kind.GENERAL_MEETING].rule


def test_a_switch_is_refused_outside_its_document_s_scope_before_today_and_for_no_declared_rule(world):
    document = register(world)
    with pytest.raises(RuleViolation) as outside:
        S.switch_on(document, POLITICAL_STUDY.code, org=world.west, effective_from=D(2026, 10, 1))
    assert "适用范围是甲县教育党工委及下级" in outside.value.message and outside.value.field == "org"
    with pytest.raises(RuleViolation) as past:
        S.switch_on(document, POLITICAL_STUDY.code, org=world.east, effective_from=D(2026, 8, 1),
                    acting_user=world.east_admin, today=D(2026, 9, 1))
    assert past.value.field == "effective_from" and past.value.rule == L.R_SWITCH
    with pytest.raises(RuleViolation) as unknown:
        S.switch_on(document, "orglife_fewer_meetings", org=world.east, effective_from=D(2026, 10, 1))
    assert unknown.value.field == "rule"


def test_a_school_cannot_register_a_document(world):
    with pytest.raises(RuleViolation) as refused:
        S.register_document(world.branch_a, acting_user=world.secretary_a, issuer="东城区第一中学党支部",
                            title="支部工作制度")
    assert "教育工委" in refused.value.message


def test_the_register_is_scoped_and_only_its_committee_edits_it(world, client):
    county_document = register(world, org=world.county_a, user=world.county_admin, issuer="东城区教育党工委",
                               title="关于规范学校经费使用的通知", number="")
    detail = reverse("orgs:local_document", args=[county_document.pk])
    login(client, world.county_b_admin)
    assert client.get(detail).status_code == 404
    login(client, world.secretary_a)
    listing = client.get(reverse("orgs:local_documents")).content.decode()
    assert "《关于规范学校经费使用的通知》" in listing and "《党建工作意见》" in listing    # its county's and its city's
    assert "种子" not in listing and "orglife_" not in listing
    assert client.get(reverse("orgs:local_document_edit", args=[county_document.pk])).status_code == 403
    login(client, world.county_admin)
    response = client.post(reverse("orgs:local_document_edit", args=[county_document.pk]), {
        "issuer": "东城区教育党工委", "title": "关于规范学校经费使用的通知", "number": "东教党〔2026〕3号",
        "issued_on": "2026-03-02", "note": ""})
    assert response.status_code == 302
    county_document.refresh_from_db()
    assert county_document.number == "东教党〔2026〕3号"


def test_registering_and_switching_on_are_audited(world):
    document = register(world)
    switch = S.switch_on(document, POLITICAL_STUDY.code, org=world.east, effective_from=D(2026, 10, 1),
                         acting_user=world.east_admin, today=D(2026, 9, 1))
    entries = {e.action: e for e in AuditEntry.objects.filter(actor=world.east_admin)}
    registered, switched = entries["local_document.register"], entries["local_rule.switch_on"]
    assert registered.object_id == str(document.pk) and registered.org_path == world.east.path
    assert registered.changes["after"]["number"] == "甲教党〔2026〕8号"
    assert switched.object_id == str(switch.pk)
    assert switched.changes == {"rule": "思想政治课", "document": document.name, "effective_from": "2026-10-01"}


def test_the_rules_pages_say_which_rules_are_local_and_since_when_and_by_whom(world, client):
    login(client, world.secretary_a)
    orglife = client.get(reverse("orglife:rules"), {"org": world.branch_a.pk}).content.decode()
    assert "本地规定（非全国规定）" in orglife and "市教育局党委《党建工作意见》" in orglife
    assert "示范市教育工委自2020年1月1日起启用，启用人：系统初始化" in orglife
    decisions_page = client.get(reverse("decisions:rules"), {"org": world.branch_a.pk}).content.decode()
    assert MATTERS_LIST.label in decisions_page and "本组织适用" in decisions_page
    login(client, world.east_admin)   # a city that switched nothing on
    elsewhere = client.get(reverse("orglife:rules"), {"org": world.east_school.pk}).content.decode()
    assert "本组织未启用" in elsewhere and "上级党组织未启用本规定" in elsewhere
    decisions_elsewhere = client.get(reverse("decisions:rules"), {"org": world.east_school.pk}).content.decode()
    assert "本地规定未启用" in decisions_elsewhere and "本组织不适用" in decisions_elsewhere


def test_the_api_registers_switches_on_and_answers_what_applies_with_the_same_scoping(world, client):
    login(client, world.east_admin)
    created = client.post("/api/v1/local-documents/", {
        "org": world.east.pk, "issuer": "甲县教育局党委", "title": "《关于加强中小学校思想政治工作的通知》",
        "number": "甲教党〔2026〕8号", "issued_on": "2026-08-20"}, content_type="application/json")
    assert created.status_code == 201
    document = created.json()
    assert document["citation"] == "甲县教育局党委《关于加强中小学校思想政治工作的通知》（甲教党〔2026〕8号）"
    today = timezone.localdate().isoformat()
    switched = client.post(f"/api/v1/local-documents/{document['id']}/switches", {
        "rule": POLITICAL_STUDY.code, "org": world.east.pk, "effective_from": today}, content_type="application/json")
    assert switched.status_code == 201 and switched.json()["switched_by"] == "钱文"
    again = client.post(f"/api/v1/local-documents/{document['id']}/switches", {
        "rule": POLITICAL_STUDY.code, "org": world.east.pk, "effective_from": today}, content_type="application/json")
    assert again.status_code == 409 and again.json()["rule"] == L.R_SWITCH.citation
    rules = {r["code"]: r for r in client.get("/api/v1/local-rules/", {"org": world.east_school.pk}).json()}
    assert rules[POLITICAL_STUDY.code]["applies"] and not rules[MATTERS_LIST.code]["applies"]
    assert rules[POLITICAL_STUDY.code]["document"] == document["citation"]
    login(client, world.county_admin)
    assert client.get(f"/api/v1/local-documents/{document['id']}").status_code == 404
    assert client.get("/api/v1/local-rules/", {"org": world.east_school.pk}).status_code == 404
