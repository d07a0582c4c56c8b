"""责任书 / 承诺书 in the browser's and the API's terms: county A's admin opens the letters on the
page, 周校长 reads his letter and signs it, the coverage page shows it; a secretary pressing sign on
someone else's letter is refused with the rule; the letter prints as a PDF with its signature
lines; the party office uploads a scan; the API opens, lists and signs the same way."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.core.pdf import text_of
from dangjian.supervision.models import PledgeCampaign, PledgeSignature
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.services import pledge as S
from dangjian.supervision.tests.pledge_helpers import with_staff
from dangjian.supervision.tests.rectification_helpers import frozen  # noqa: F401 - a fixture
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_staff


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
