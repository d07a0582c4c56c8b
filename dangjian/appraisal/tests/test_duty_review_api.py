"""书记抓党建述职评议's writes over the API, as its pages: the county opens a round and sets its
weights, the secretary saves and submits the report, the county records the 测评, comments and
puts the comment on the school's 整改台账 — the same services and rules (frozen on 2026-06-01)."""

import datetime
import json

import pytest
from django.test import Client

from dangjian.appraisal.models import DutyEntry
from dangjian.appraisal.rules import duty_review as R
from dangjian.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)


def send(world, persona, url, body=None, method="post"):
    client = Client()
    login(client, world.personas[persona])
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_a_round_from_opening_to_a_comment_on_the_ledger(world, opened):
    round_ = send(world, "county_admin", "/api/v1/duty-reviews/", {"org": world.county_a.pk, "kind": "party_month",
                                                                    "year": 2026, "deadline": "2026-06-20"})
    assert round_.status_code == 201 and round_.json()["entries"] > 0
    by_school = send(world, "secretary_a", "/api/v1/duty-reviews/settings", {
        "org": world.county_a.pk, "meeting": 20, "supervision": 20, "poll": 60, "good_min": 90,
        "fairly_good_min": 80, "average_min": 60, "source": "办法", "effective_from": "2026-01-01"})
    assert by_school.status_code == 404   # county A is out of the school's sight
    weights = send(world, "county_admin", "/api/v1/duty-reviews/settings", {
        "org": world.county_a.pk, "meeting": 20, "supervision": 20, "poll": 50, "good_min": 90,
        "fairly_good_min": 80, "average_min": 60, "source": "办法", "effective_from": "2026-01-01"})
    assert (weights.status_code, weights.json()["field"], weights.json()["rule"]) == (422, "poll", R.R_COMPOSITE.citation)
    entry = DutyEntry.objects.get(round_id=round_.json()["id"], org=world.branch_a).pk
    url = f"/api/v1/duty-reviews/entries/{entry}"
    early = send(world, "county_admin", f"{url}/assessment", {"present": 10, "counts": {"good": 10}}, method="put")
    assert (early.status_code, early.json()["rule"]) == (422, R.R_REPORT_FIRST.citation)
    not_hers = send(world, "county_admin", f"{url}/report", {"sections": [{"heading": "一", "text": "x"}]}, method="put")
    assert (not_hers.status_code, not_hers.json()["rule"]) == (422, R.R_REPORTER.citation)
    report = send(world, "secretary_a", f"{url}/report", {"sections": [
        {"heading": "一、履行党建工作责任情况", "text": "全年召开支委会 12 次。"}], "submit": True}, method="put")
    assert (report.status_code, report.json()["submitted_on"]) == (200, "2026-06-01")
    graded = send(world, "county_admin", f"{url}/assessment",
                  {"present": 10, "counts": {"good": 8, "fairly_good": 2}, "meeting_score": "90",
                   "supervision_score": "92"}, method="put")
    assert graded.status_code == 200 and graded.json()["composite"] is not None
    own = send(world, "secretary_a", f"{url}/comments", {"text": "自评"})
    assert (own.status_code, own.json()["rule"]) == (422, R.R_OPENER.citation)
    comment = send(world, "county_admin", f"{url}/comments", {"text": "谈心谈话记录不全"})
    assert comment.status_code == 201
    item = send(world, "county_admin", f"/api/v1/duty-reviews/comments/{comment.json()['id']}/rectification",
                {"deadline": "2026-09-30"})
    assert (item.status_code, item.json()["problem"]) == (201, "谈心谈话记录不全")


def test_another_school_is_missing_and_bad_input_is_named(world, opened):
    send(world, "county_admin", "/api/v1/duty-reviews/", {"org": world.county_a.pk, "kind": "party_month",
                                                           "year": 2026, "deadline": "2026-06-20"})
    entry = DutyEntry.objects.get(org=world.branch_a).pk
    assert send(world, "secretary_b", f"/api/v1/duty-reviews/entries/{entry}/report/draft").status_code == 404
    bad = send(world, "county_admin", "/api/v1/duty-reviews/", {"org": world.county_a.pk, "kind": "monthly",
                                                                 "year": 2026, "deadline": "2026-06-20"})
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")


def test_the_secretary_uploads_a_word_report_checked_like_the_pages_upload(world, opened, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    settings.MEDIA_ROOT = tmp_path
    send(world, "county_admin", "/api/v1/duty-reviews/", {"org": world.county_a.pk, "kind": "party_month",
                                                           "year": 2026, "deadline": "2026-06-20"})
    url = f"/api/v1/duty-reviews/entries/{DutyEntry.objects.get(org=world.branch_a).pk}/report/file"
    client = Client()
    login(client, world.personas["secretary_a"])
    bad = client.post(url, {"file": SimpleUploadedFile("述职报告.docx", b"plain text")})
    assert (bad.status_code, bad.json()["field"]) == (422, "file")
    buffer = io.BytesIO()
    Document().save(buffer)
    done = client.post(url, {"file": SimpleUploadedFile("述职报告.docx", buffer.getvalue()), "submit": "true"})
    assert (done.status_code, done.json()["report_file_name"], done.json()["submitted_on"]) == (
        200, "述职报告.docx", "2026-06-01")
