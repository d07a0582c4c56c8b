"""责任书 / 承诺书: county A's committee opens the year's 全面从严治党主体责任书 for its schools'
secretaries and principals, school A's secretary opens the 师德师风承诺书 for the school's staff;
周校长 signs on screen himself, the party office records a scanned copy for a teacher; whoever is
not a signer, or signs twice, is refused with the rule named; coverage counts what is signed."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.core.models import AuditEntry, Notification
from dangjian.core.pdf import text_of
from dangjian.supervision.models import PledgeCampaign, PledgeSignature
from dangjian.supervision.pledge_todo import pledge_todo
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.selectors import pledge as selectors
from dangjian.supervision.services import pledge as S
from dangjian.supervision.tests.pledge_helpers import staff, with_staff
from dangjian.supervision.tests.rectification_helpers import TODAY, frozen, refused  # noqa: F401 - a fixture
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_staff


def county_letters(w, **kwargs):
    return S.open_campaign(w.county_a, kind=kwargs.pop("kind", R.Kind.PARTY_DUTY), year=kwargs.pop("year", 2026),
                           deadline=kwargs.pop("deadline", "2026-12-15"), acting_user=w.county_admin, **kwargs)


def ethics_letters(w):
    return S.open_campaign(w.branch_a, kind=R.Kind.ETHICS, year=2026, acting_user=w.secretary_a)


def row(campaign, person) -> PledgeSignature:
    return PledgeSignature.objects.get(campaign=campaign, staff=person)


def scan_pdf(name="签字页.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def test_the_county_lists_its_schools_secretaries_and_principals_and_tells_them(world):
    campaign = county_letters(world)
    signers = {(s.staff.name, s.role) for s in campaign.signatures.select_related("staff")}
    assert signers == {("周校长", "校长"), ("王书记", "党组织书记"), ("吴书记", "党组织书记"), ("郑校长", "校长")}
    # school C is county B's; teachers and department heads do not sign the county's letter
    assert campaign.level == R.Level.COUNTY
    told = set(Notification.objects.filter(key=f"pledge-open-{campaign.pk}").values_list("user__username", flat=True))
    assert told == {"principal_a", "secretary_a", "secretary_b"}
    assert AuditEntry.objects.filter(action="pledge.open", actor=world.county_admin).exists()


def test_each_level_opens_only_its_own_letters(world):
    assert refused(lambda: county_letters(world, kind=R.Kind.CLEAN_TEACHING)).rule == R.R_LEVEL
    assert refused(lambda: S.open_campaign(world.branch_a, kind=R.Kind.PARTY_DUTY, year=2026,
                                           acting_user=world.secretary_a)).rule == R.R_LEVEL
    assert refused(lambda: S.open_campaign(world.group_a1, kind=R.Kind.ETHICS, year=2026, acting_user=None)).rule == R.R_LEVEL
    with pytest.raises(PermissionDenied):   # the school does not open the county's campaign
        S.open_campaign(world.county_a, kind=R.Kind.PARTY_DUTY, year=2026, acting_user=world.secretary_a)
    with pytest.raises(PermissionDenied):   # nor does the county open one for county B's schools
        S.open_campaign(world.county_b, kind=R.Kind.PARTY_DUTY, year=2026, acting_user=world.county_admin)


def test_one_campaign_per_year_and_kind_and_the_year_at_its_boundaries(world):
    county_letters(world)
    again = refused(lambda: county_letters(world))
    assert again.rule == R.R_ONE_CAMPAIGN and "已发起签订" in again.message
    assert county_letters(world, year=2027).year == 2027          # next year: allowed
    assert county_letters(world, year=2025).year == 2025          # last year: allowed
    assert refused(lambda: county_letters(world, year=2028)).rule == R.R_YEAR
    assert refused(lambda: county_letters(world, year=2024)).rule == R.R_YEAR
    assert PledgeCampaign.objects.count() == 3


def test_the_text_is_a_template_with_known_placeholders_only(world):
    bad = refused(lambda: county_letters(world, body="{学校}{校长签名}"))
    assert bad.rule == R.R_TEXT and bad.field == "body" and "{校长签名}" in bad.message
    assert refused(lambda: county_letters(world, deadline="2026-11-22")).field == "deadline"
    campaign = county_letters(world, title="{年度}年度主体责任书", body="{单位}与{学校}{职务}{姓名}签订")
    text = R.render(campaign.body, selectors.letter_values(row(campaign, world.st_principal_a)))
    assert text == "东城区教育党工委与东城区第一中学校长周校长签订"
    assert not PledgeCampaign.objects.filter(body__contains="校长签名").exists()


def test_the_school_lists_its_current_leaders_heads_and_teachers(world):
    campaign = ethics_letters(world)
    names = set(campaign.signatures.values_list("staff__name", flat=True))
    assert names == {"周校长", "王书记", "钱主任", "孙老师", "李老师"}   # not 赵老师, who left in July
    integrity = S.open_campaign(world.branch_a, kind=R.Kind.INTEGRITY, year=2026, acting_user=world.secretary_a)
    assert set(integrity.signatures.values_list("staff__name", flat=True)) == {"周校长", "王书记", "钱主任"}


def test_the_principal_signs_himself_once_and_a_replay_returns_the_first(world):
    campaign = county_letters(world)
    mine = row(campaign, world.st_principal_a)
    signed = S.sign_on_screen(mine, acting_user=world.principal_a)
    assert (signed.signed_on, signed.method, signed.recorded_by) == (TODAY, R.Method.SCREEN, world.principal_a)
    assert S.sign_on_screen(mine, acting_user=world.principal_a).recorded_at == signed.recorded_at
    assert AuditEntry.objects.filter(action="pledge.sign").count() == 1
    # the secretary cannot sign for him on screen; a scan on a signed letter is a second signature
    assert refused(lambda: S.sign_on_screen(row(campaign, world.st_principal_b), acting_user=world.secretary_b)).rule == R.R_OWN
    twice = refused(lambda: S.record_scan(mine, file=scan_pdf(), acting_user=world.secretary_a))
    assert twice.rule == R.R_ONCE and "不能重复签订" in twice.message


def test_the_party_office_records_a_scanned_copy_and_a_bad_file_saves_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = ethics_letters(world)
    teacher = row(campaign, world.st_teacher_a)
    bad = refused(lambda: S.record_scan(teacher, file=SimpleUploadedFile("签字.txt", b"hello"), acting_user=world.secretary_a))
    assert bad.rule == R.R_SCAN and bad.field == "file"
    assert refused(lambda: S.record_scan(teacher, file=scan_pdf(), signed_on="2026-11-24",
                                         acting_user=world.secretary_a)).field == "signed_on"
    teacher.refresh_from_db()
    assert teacher.signed_on is None and teacher.scan_path == ""
    with pytest.raises(PermissionDenied):   # school B's secretary is not school A's party office
        S.record_scan(teacher, file=scan_pdf(), acting_user=world.secretary_b)
    done = S.record_scan(teacher, file=scan_pdf(), signed_on="2026-11-23", acting_user=world.secretary_a)
    assert (done.method, done.scan_kind, done.scan_name) == (R.Method.SCAN, "pdf", "签字页.pdf")
    assert S.record_scan(teacher, file=scan_pdf(), acting_user=world.secretary_a).pk == done.pk   # replay


def test_only_current_staff_of_the_campaigns_schools_are_added_or_sign(world):
    campaign = ethics_letters(world)
    left = refused(lambda: S.add_signer(campaign, world.st_former_a, acting_user=world.secretary_a))
    assert left.rule == R.R_SIGNER and "赵老师" in left.message
    with pytest.raises(PermissionDenied):   # school C's principal: not school A's to list
        S.add_signer(campaign, world.st_principal_c, acting_user=world.secretary_a)
    assert refused(lambda: S.add_signer(campaign, world.st_principal_c, acting_user=None)).rule == R.R_SIGNER
    newcomer = staff(world.school_a, "陈老师", employed_from=datetime.date(2026, 11, 20))
    added = S.add_signer(campaign, newcomer, acting_user=world.secretary_a)
    assert added.role == "专任教师" and S.add_signer(campaign, newcomer, acting_user=world.secretary_a).pk == added.pk
    # someone who leaves after being listed can no longer sign
    from dangjian.staff.services.register import end_employment

    end_employment(world.st_teacher_a2, on=datetime.date(2026, 11, 22), acting_user=None)
    gone = refused(lambda: S.record_scan(row(campaign, world.st_teacher_a2), file=scan_pdf(), acting_user=world.secretary_a))
    assert gone.rule == R.R_SIGNER


def test_coverage_by_school_and_in_total(world):
    campaign = county_letters(world)
    S.sign_on_screen(row(campaign, world.st_principal_a), acting_user=world.principal_a)
    total, schools = selectors.coverage(selectors.rows_of(world.county_admin, campaign))
    assert (total.due, total.signed, total.percent) == (4, 1, 25)
    assert [(s.name, s.due, s.signed, s.percent) for s in schools] == [
        ("东城区第一中学", 2, 1, 50), ("东城区实验小学", 2, 0, 0)]
    # school B's secretary sees his own school's rows only, and the campaign through them
    total_b, schools_b = selectors.coverage(selectors.rows_of(world.secretary_b, campaign))
    assert (total_b.due, [s.name for s in schools_b]) == (2, ["东城区实验小学"])
    assert not selectors.campaigns_seen(world.secretary_b).exclude(pk=campaign.pk).exists()
    S.sign_on_screen(row(campaign, world.st_secretary_a), acting_user=world.secretary_a)
    assert selectors.coverage_by_campaign(world.county_admin, [campaign])[campaign.pk].percent == 50


def test_the_home_page_reminds_the_signer_and_lists_the_unsigned_for_the_secretary(world):
    campaign = county_letters(world)
    principal = pledge_todo(world.principal_a, world.branch_a, TODAY)
    assert [t.title for t in principal] == ["请签订2026年度全面从严治党主体责任书"]
    secretary = pledge_todo(world.secretary_a, world.branch_a, TODAY)
    assert "2 人未签订2026年度全面从严治党主体责任书" in [t.title for t in secretary]
    assert any("周校长" in t.note and "王书记" in t.note for t in secretary)
    S.sign_on_screen(row(campaign, world.st_principal_a), acting_user=world.principal_a)
    assert pledge_todo(world.principal_a, world.branch_a, TODAY) == []
    county = pledge_todo(world.county_admin, world.county_a, TODAY)
    assert [(t.count, [(s.name, s.count) for s in t.schools]) for t in county] == [
        (3, [("东城区实验小学党支部", 2), ("东城区第一中学党支部", 1)])]


# --- the pages and the API ---------------------------------------------------------------------
def as_(client, user):
    login(client, user)
    return client


def open_county(world):
    return S.open_campaign(world.county_a, kind=R.Kind.PARTY_DUTY, year=2026, acting_user=world.county_admin)


def test_the_county_opens_the_letters_and_the_principal_signs_on_his_letters_page(client, world):
    as_(client, world.county_admin)
    refused = client.post(reverse("supervision:pledge_new"), {"org": world.county_a.pk, "kind": "ethics", "year": "2026"})
    assert refused.status_code == 422 and "区县教育党组织发起" in refused.content.decode()
    answer = client.post(reverse("supervision:pledge_new"), {"org": world.county_a.pk, "kind": "party_duty", "year": "2026",
                                                            "deadline": "2026-12-15"})
    campaign = PledgeCampaign.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("supervision:pledge", args=[campaign.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "已签订 <strong>0</strong> / 应签订 4 人" in page and "东城区实验小学" in page
    letter = PledgeSignature.objects.get(staff=world.st_principal_a)
    client.logout()
    as_(client, world.principal_a)
    text = client.get(reverse("supervision:pledge_letter", args=[letter.pk])).content.decode()
    assert "东城区教育党工委与东城区第一中学校长周校长同志签订本责任书" in text and "本人签订" in text
    assert client.post(reverse("supervision:pledge_sign", args=[letter.pk])).status_code == 302
    assert "已签订" in client.get(reverse("supervision:pledges_mine")).content.decode()
    client.logout()
    as_(client, world.county_admin)
    assert "已签订 <strong>1</strong> / 应签订 4 人，签订率 <strong>25%</strong>" in client.get(
        reverse("supervision:pledge", args=[campaign.pk])).content.decode()


def test_signing_someone_elses_letter_is_refused_and_the_scan_and_pdf_work(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = open_county(world)
    principal_b = PledgeSignature.objects.get(campaign=campaign, staff=world.st_principal_b)
    as_(client, world.secretary_b)
    refused = client.post(reverse("supervision:pledge_sign", args=[principal_b.pk]))
    assert refused.status_code == 422 and "须由郑校长本人签订" in refused.content.decode()
    assert "依据：在线签订须由签订人本人" in refused.content.decode()
    scan = SimpleUploadedFile("郑校长签字.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    done = client.post(reverse("supervision:pledge_scan", args=[principal_b.pk]), {"file": scan, "signed_on": "2026-11-23"})
    assert done.status_code == 302
    assert client.get(reverse("supervision:pledge_scan_file", args=[principal_b.pk])).status_code == 200
    pdf = client.get(reverse("supervision:pledge_pdf", args=[principal_b.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content)
    assert "2026年度全面从严治党主体责任书" in text and "本人签字" in text and "郑校长" in text
    # school A's letters are not school B's secretary's to open
    principal_a = PledgeSignature.objects.get(campaign=campaign, staff=world.st_principal_a)
    assert client.get(reverse("supervision:pledge_letter", args=[principal_a.pk])).status_code == 404


def test_the_api_opens_lists_and_signs_with_the_same_rules(client, world):
    as_(client, world.county_admin)
    created = client.post(reverse("api:pledge_campaign_create"), json.dumps(
        {"org": world.county_a.pk, "kind": "party_duty", "year": 2026}), content_type="application/json")
    assert created.status_code == 201 and created.json()["coverage"] == {"due": 4, "signed": 0, "percent": 0}
    again = client.post(reverse("api:pledge_campaign_create"), json.dumps(
        {"org": world.county_a.pk, "kind": "party_duty", "year": 2026}), content_type="application/json")
    assert again.status_code == 422 and again.json()["rule"] == R.R_ONE_CAMPAIGN.citation
    client.logout()
    as_(client, world.principal_a)
    mine = client.get(reverse("api:pledges_mine")).json()["items"]
    assert [(m["role"], m["signed_on"]) for m in mine] == [("校长", None)]
    signed = client.post(reverse("api:pledge_sign", kwargs={"id": mine[0]["id"]}))
    assert signed.status_code == 200 and signed.json()["method"] == "screen"
    assert client.post(reverse("api:pledge_sign", kwargs={"id": mine[0]["id"]})).json() == signed.json()
    client.logout()
    as_(client, world.secretary_a)
    other = PledgeSignature.objects.get(staff=world.st_principal_b)
    assert client.post(reverse("api:pledge_sign", kwargs={"id": other.pk})).status_code == 404   # school B's: not seen
    detail = client.get(reverse("api:pledge_campaign", kwargs={"id": created.json()["id"]})).json()
    assert [(s["school"]["name"], s["due"], s["signed"]) for s in detail["schools"]] == [("东城区第一中学", 2, 1)]
