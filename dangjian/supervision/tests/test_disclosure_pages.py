"""党务公开 in the browser's terms: the organization committee member drafts the dues 公示表, the
secretary reviews and approves it, it is published and a member reads it; a draft is nobody's
but the committee's; the history exports; the catalogue is the county's to write."""

import io

import pytest
from django.urls import reverse

from dangjian.core.pdf import text_of
from dangjian.supervision.models import DisclosureItem
from dangjian.supervision.tests.rectification_helpers import frozen  # noqa: F401 - a fixture
from dangjian.supervision.tests.test_disclosure import with_dues
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
EXTEND_SHARED_WORLD = with_dues


def as_(client, user):
    login(client, user)
    return client


def draft(client, world):
    return client.post(reverse("supervision:disclosure_new"), {
        "org": world.branch_a.pk, "catalogue": "default:dues", "source_key": "dues_statement", "source_year": "2026",
        "audience": "party", "timing": "regular", "starts_on": "2026-11-23"})


def test_the_dues_statement_goes_through_review_and_approval_and_a_member_reads_it(client, world):
    as_(client, world.org_member_a)
    response = draft(client, world)
    item = DisclosureItem.objects.get()
    assert response.status_code == 302 and item.catalogue_title.startswith("党费收缴、使用和管理情况")
    refused = client.post(reverse("supervision:disclosure_step", args=[item.pk]), {"step": "publish"})
    assert refused.status_code == 422 and "未经保密审查的事项不得公开" in refused.content.decode()

    as_(client, world.secretary_a)
    assert client.post(reverse("supervision:disclosure_step", args=[item.pk]), {"step": "review"}).status_code == 302
    assert client.post(reverse("supervision:disclosure_step", args=[item.pk]), {"step": "approve"}).status_code == 302
    assert client.post(reverse("supervision:disclosure_step", args=[item.pk]),
                       {"step": "publish", "starts_on": "2026-11-23", "ends_on": "2026-12-22"}).status_code == 302

    as_(client, world.member_a)
    listing = client.get(reverse("supervision:published")).content.decode()
    assert "东城区第一中学党支部2026年度党费交纳情况公示" in listing
    page = client.get(reverse("supervision:disclosure", args=[item.pk])).content.decode()
    assert "杨帆" in page and "40.00" in page and "办理记录" not in page
    pdf = client.get(reverse("supervision:disclosure_pdf", args=[item.pk]))
    assert "党费交纳情况公示" in text_of(pdf.content)


def test_a_draft_is_not_shown_to_members_or_to_another_school(client, world):
    as_(client, world.org_member_a)
    draft(client, world)
    item = DisclosureItem.objects.get()

    assert as_(client, world.member_a).get(reverse("supervision:disclosure", args=[item.pk])).status_code == 404
    assert as_(client, world.secretary_b).get(reverse("supervision:disclosure", args=[item.pk])).status_code == 404
    assert as_(client, world.county_admin).get(reverse("supervision:disclosure", args=[item.pk])).status_code == 200


def test_the_county_cannot_approve_a_schools_item(client, world):
    as_(client, world.org_member_a)
    draft(client, world)
    item = DisclosureItem.objects.get()
    as_(client, world.secretary_a).post(reverse("supervision:disclosure_step", args=[item.pk]), {"step": "review"})

    response = as_(client, world.county_admin).post(reverse("supervision:disclosure_step", args=[item.pk]),
                                                    {"step": "approve"})

    assert response.status_code == 403 and "由本党组织书记审批" in response.content.decode()


def test_the_history_exports(client, world):
    as_(client, world.org_member_a)
    draft(client, world)

    response = client.get(reverse("supervision:disclosure_history_xlsx") + f"?org={world.branch_a.pk}")

    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()
    assert rows[0][0] == "党务公开记录" and any("党费交纳情况公示" in str(c) for r in rows for c in r)


def test_the_county_writes_its_catalogue_and_the_school_reads_it(client, world):
    as_(client, world.secretary_a)
    assert "系统默认目录" in client.get(reverse("supervision:catalogue")).content.decode()
    assert client.post(reverse("supervision:catalogue"), {"adopt": "1"}).status_code == 403

    as_(client, world.county_admin)
    url = reverse("supervision:catalogue") + f"?org={world.county_a.pk}"
    assert client.post(url, {"adopt": "1"}).status_code == 302
    added = client.post(url, {"title": "师德师风建设情况", "audience": "public", "timing": "regular", "period": "每学期"})
    assert added.status_code == 302

    page = as_(client, world.secretary_a).get(reverse("supervision:catalogue")).content.decode()
    assert "东城区教育党工委制定的目录" in page and "师德师风建设情况" in page
